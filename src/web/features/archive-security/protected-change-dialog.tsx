/**
 * Protected changes (SEC-8) and destruction (SEC-9) are asked for, never applied here: the dialog
 * takes the reason (and the new level, the new owner or what to purge) and files the approval.
 */
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { secrecyLevels, type Customer } from '../../../contract/customers.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { testId } from '../../ui/test-id.js';
import { roleLabel } from '../approvals/approval-labels.js';
import { useRefreshAfterDecision } from '../approvals/use-approvals.js';
import { UserField } from './user-field.js';
import { useSecrecyLabel, type SecrecyLevel } from './use-secrecy-labels.js';

export type ProtectedKind = 'delete' | 'restore' | 'lower_secrecy' | 'transfer_owner' | 'destroy';
export type ProtectedTarget = Pick<Customer, 'id' | 'name' | 'archiveNo'> & { secrecyLevel: SecrecyLevel | string };

const scopeKeys = ['contactsPersonalData', 'contacts', 'documents', 'transactionDetails', 'feedback', 'history'] as const;
type FormValues = { reason: string; secrecyLevel?: SecrecyLevel; ownerId?: string; scope?: string[] };

export const ProtectedChangeDialog = ({ target, kind: requested, onClose }: { target: ProtectedTarget; kind: ProtectedKind | null; onClose: () => void }) => {
  // keep the last kind while the dialog animates out
  const last = useRef<ProtectedKind>('delete');
  if (requested) last.current = requested;
  const kind = last.current;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const secrecy = useSecrecyLabel();
  const refresh = useRefreshAfterDecision();
  const [form] = Form.useForm<FormValues>();
  const errors = useFormErrors(form, ['reason', 'secrecyLevel', 'ownerId', 'scope'], 'protected-change-error');
  const rank = secrecyLevels.indexOf(target.secrecyLevel as SecrecyLevel);
  const lower = secrecyLevels.filter((_, i) => i < rank);

  const submit = useMutation({
    mutationFn: async (v: FormValues): Promise<string> => {
      const reason = v.reason.trim();
      if (kind === 'destroy') {
        const scope = Object.fromEntries(scopeKeys.map((k) => [k, (v.scope ?? []).includes(k)]));
        return (await call('requestDestruction', { params: { id: target.id }, body: { reason, scope } })).approverRole;
      }
      const body =
        kind === 'lower_secrecy'
          ? { change: kind, reason, secrecyLevel: v.secrecyLevel ?? 'none' }
          : kind === 'transfer_owner'
            ? { change: kind, reason, ownerId: v.ownerId ?? '' }
            : { change: kind, reason };
      return (await call('requestProtectedChange', { params: { id: target.id }, body })).approverRole;
    },
    onMutate: errors.clear,
    onSuccess: async (role) => {
      void message.success(t('security.protected.submitted', { role: roleLabel(t, role) }));
      await refresh();
      onClose();
    },
    onError: errors.onError,
  });

  return (
    <Modal
      open={requested !== null}
      title={`${t(`security.protected.titles.${kind}`)}：${target.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('security.protected.submit')}
      okButtonProps={{ danger: kind === 'destroy' || kind === 'delete', ...testId('protected-change-submit') }}
      confirmLoading={submit.isPending}
      destroyOnHidden
    >
      <Alert type={kind === 'destroy' ? 'warning' : 'info'} showIcon style={{ marginBottom: 16 }} title={t(`security.protected.hints.${kind}`)} data-testid="protected-change-hint" />
      {errors.alert}
      <Form<FormValues> form={form} layout="vertical" preserve={false} initialValues={{ reason: '', scope: [...scopeKeys], secrecyLevel: lower[lower.length - 1] }} onFinish={(v) => submit.mutate(v)}>
        {kind === 'lower_secrecy' ? (
          <Form.Item name="secrecyLevel" label={t('security.protected.newLevel')} rules={[{ required: true, message: t('security.protected.newLevelRequired') }]}>
            <Select options={lower.map((l) => ({ value: l, label: secrecy(l) }))} data-testid="protected-change-level" />
          </Form.Item>
        ) : null}
        {kind === 'transfer_owner' ? (
          <Form.Item name="ownerId" label={t('security.protected.newOwner')} rules={[{ required: true, message: t('security.protected.newOwnerRequired') }]}>
            <UserField />
          </Form.Item>
        ) : null}
        {kind === 'destroy' ? (
          <Form.Item name="scope" label={t('security.protected.scope')}>
            <Checkbox.Group options={scopeKeys.map((k) => ({ value: k, label: t(`security.scope.${k}`) }))} />
          </Form.Item>
        ) : null}
        <Form.Item name="reason" label={t('security.protected.reason')} rules={[{ required: true, whitespace: true, message: t('security.protected.reasonRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={kind === 'destroy' ? 1000 : 500} showCount data-testid="protected-change-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
