/** Change own password (POST /auth/password); also the forced first-sign-in step. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { call } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { meQueryKey, useCurrentUser } from '../auth/current-user.js';

type PasswordForm = { currentPassword: string; newPassword: string; confirmPassword: string; keepAccessTokens?: boolean };
const fields = ['currentPassword', 'newPassword'] as const;

export const ChangePasswordPage = () => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const formErrors = useFormErrors(form, fields, 'password-error');
  const wasForced = me.mustChangePassword;

  const change = useMutation({
    mutationFn: (v: PasswordForm) =>
      call('changePassword', { body: { currentPassword: v.currentPassword, newPassword: v.newPassword, keepAccessTokens: v.keepAccessTokens === true } }),
    onMutate: formErrors.clear,
    onSuccess: async () => {
      void message.success(t('password.success'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
      if (wasForced) await navigate('/', { replace: true });
    },
    onError: formErrors.onError,
  });

  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }}>
      <PageHeader title={t('password.title')} />
      <Card>
        <Typography.Paragraph type="secondary">
          {me.passwordPolicy === 'dengbao' ? t('password.policyDengbao') : t('password.policyAsvs')} {t('password.otherSessions')}
        </Typography.Paragraph>
        {formErrors.alert}
        <Form<PasswordForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => change.mutate(v)}
          disabled={change.isPending}
        >
          <Form.Item
            name="currentPassword"
            label={t('password.current')}
            rules={[{ required: true, message: t('password.currentRequired') }]}
          >
            <Input.Password autoComplete="current-password" data-testid="password-current" />
          </Form.Item>
          <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true, message: t('password.newRequired') }]}>
            <Input.Password autoComplete="new-password" data-testid="password-new" />
          </Form.Item>
          <Form.Item
            name="confirmPassword"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('password.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) =>
                  !value || getFieldValue('newPassword') === value
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-confirm" />
          </Form.Item>
          <Form.Item name="keepAccessTokens" valuePropName="checked">
            <Checkbox data-testid="password-keep-tokens">{t('password.keepAccessTokens')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-submit">
            {t('password.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
};
