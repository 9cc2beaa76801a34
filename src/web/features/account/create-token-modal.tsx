/** Creating a personal access token, and the one-time display of its secret. */
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RouteBody, RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { testId } from '../../ui/test-id.js';
import { useFormValuesOnOpen } from '../../ui/use-form-values-on-open.js';

type CreatedToken = RouteResult<'createToken'>;
type TokenForm = { name: string; scopes: RouteBody<'createToken'>['scopes']; expiresInDays?: number | null };
const fields = ['name', 'scopes', 'expiresInDays'] as const;

export const CreateTokenModal = ({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (token: CreatedToken) => void;
}) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TokenForm>();
  const formErrors = useFormErrors(form, fields);
  useFormValuesOnOpen(form, open, { name: undefined, scopes: ['read'], expiresInDays: undefined });
  const create = useMutation({
    mutationFn: (v: TokenForm) =>
      call('createToken', {
        body: { name: v.name.trim(), scopes: v.scopes, ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}) },
      }),
    onSuccess: (token) => {
      void message.success(t('tokens.created'));
      form.resetFields();
      onCreated(token);
    },
    onMutate: formErrors.clear,
    onError: formErrors.onError,
  });

  return (
    <Modal
      open={open}
      title={t('tokens.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('tokens.create')}
      confirmLoading={create.isPending}
      okButtonProps={testId('token-create-submit')}
      destroyOnHidden
      afterClose={formErrors.clear}
    >
      <Form<TokenForm>
        form={form}
        preserve={false}
        layout="vertical"
        initialValues={{ scopes: ['read'] }}
        onFinish={(v) => create.mutate(v)}
      >
        {formErrors.alert}
        <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, whitespace: true, message: t('tokens.nameRequired') }]}>
          <Input maxLength={80} placeholder={t('tokens.namePlaceholder')} data-testid="token-name" />
        </Form.Item>
        <Form.Item name="scopes" label={t('tokens.scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('tokens.scopesRequired') }]}>
          <Checkbox.Group
            options={[
              { value: 'read', label: t('tokens.scope_read') },
              { value: 'write', label: t('tokens.scope_write') },
            ]}
          />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')} extra={t('tokens.expiresHint')}>
          <InputNumber min={1} max={3650} precision={0} style={{ width: 160 }} data-testid="token-expires" />
        </Form.Item>
      </Form>
    </Modal>
  );
};

export const TokenRevealModal = ({ token, onClose }: { token: CreatedToken | null; onClose: () => void }) => {
  const { t } = useTranslation();
  return (
    <Modal
      open={token !== null}
      title={t('tokens.revealTitle')}
      onCancel={onClose}
      onOk={onClose}
      okText={t('common.close')}
      cancelButtonProps={{ style: { display: 'none' } }}
      mask={{ closable: false }}
    >
      <Alert type="warning" showIcon title={t('tokens.revealHint')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph
        copyable={{ text: token?.token ?? '' }}
        code
        style={{ wordBreak: 'break-all', fontSize: 13 }}
        data-testid="token-secret"
      >
        {token?.token}
      </Typography.Paragraph>
    </Modal>
  );
};
