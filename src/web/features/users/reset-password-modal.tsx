/** An administrator sets a temporary password; the user must change it and their sessions end. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../contract/users.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { testId } from '../../ui/test-id.js';
import { useFormValuesOnOpen } from '../../ui/use-form-values-on-open.js';
import { usersKey } from './use-users.js';

type ResetForm = { password: string };
const fields = ['password'] as const;

export const ResetPasswordModal = ({ user: requested, onClose }: { user: User | null; onClose: () => void }) => {
  const last = useRef(requested);
  if (requested) last.current = requested;
  const user = last.current;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ResetForm>();
  const formErrors = useFormErrors(form, fields, 'reset-password-error');
  useFormValuesOnOpen(form, requested !== null, { password: undefined });
  const reset = useMutation({
    mutationFn: (v: ResetForm) => call('resetPassword', { params: { id: user!.id }, body: { password: v.password } }),
    onMutate: formErrors.clear,
    onSuccess: async () => {
      void message.success(t('users.resetOk'));
      await queryClient.invalidateQueries({ queryKey: usersKey });
      onClose();
    },
    onError: formErrors.onError,
  });

  return (
    <Modal
      open={requested !== null}
      title={user ? t('users.resetTitle', { name: user.displayName }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.resetPassword')}
      confirmLoading={reset.isPending}
      okButtonProps={testId('reset-password-submit')}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) formErrors.clear();
      }}
    >
      <Alert type="info" showIcon title={t('users.resetHint')} style={{ marginBottom: 16 }} />
      {formErrors.alert}
      <Form<ResetForm> form={form} preserve={false} layout="vertical" onFinish={(v) => reset.mutate(v)} disabled={reset.isPending}>
        <Form.Item name="password" label={t('users.temporaryPassword')} rules={[{ required: true, message: t('users.passwordRequired') }]}>
          <Input.Password maxLength={128} autoComplete="new-password" data-testid="reset-password-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
