/** Create, rename or move a department. Moves and renames carry the version read, so a concurrent change answers 409. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../../contract/users.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { testId } from '../../ui/test-id.js';
import { useFormValuesOnOpen } from '../../ui/use-form-values-on-open.js';
import { UserField } from '../archive-security/user-field.js';
import { DepartmentTreeSelect } from './department-tree-select.js';
import { departmentsKey, subtreeIds, useDepartments } from './use-departments.js';

export type DepartmentDialog =
  | { kind: 'create'; parent: Department | null }
  | { kind: 'rename'; department: Department }
  | { kind: 'move'; department: Department }
  | { kind: 'manager'; department: Department };

type DepartmentForm = { name?: string; parentId?: string | null; managerId?: string | null };
const fields = ['name', 'parentId', 'managerId'] as const;

const submit = (dialog: DepartmentDialog, v: DepartmentForm) => {
  switch (dialog.kind) {
    case 'create':
      return call('createDepartment', { body: { name: (v.name ?? '').trim(), parentId: v.parentId ?? null } });
    case 'rename':
      return call('updateDepartment', {
        params: { id: dialog.department.id },
        body: { version: dialog.department.version, name: (v.name ?? '').trim() },
      });
    case 'move':
      return call('updateDepartment', {
        params: { id: dialog.department.id },
        body: { version: dialog.department.version, parentId: v.parentId ?? null },
      });
    case 'manager':
      return call('updateDepartment', {
        params: { id: dialog.department.id },
        body: { version: dialog.department.version, managerId: v.managerId ?? null },
      });
  }
};

export const DepartmentFormModal = ({ dialog: requested, onClose }: { dialog: DepartmentDialog | null; onClose: () => void }) => {
  // Keep showing the last dialog while the modal animates closed.
  const last = useRef(requested);
  if (requested) last.current = requested;
  const dialog = last.current;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DepartmentForm>();
  const formErrors = useFormErrors(form, fields, 'department-form-error');
  const departments = useDepartments();

  const mutation = useMutation({
    mutationFn: (v: DepartmentForm) => submit(dialog!, v),
    onMutate: formErrors.clear,
    onSuccess: async () => {
      const kind = dialog?.kind ?? 'create';
      void message.success(t(kind === 'create' ? 'departments.created' : kind === 'rename' ? 'departments.renamed' : kind === 'manager' ? 'sharing.managerSaved' : 'departments.moved'));
      await queryClient.invalidateQueries({ queryKey: departmentsKey });
      onClose();
    },
    onError: (error) => {
      formErrors.onError(error);
      // A stale version means our copy is old: fetch the current one for the next attempt.
      void queryClient.invalidateQueries({ queryKey: departmentsKey });
    },
  });

  const excluded = useMemo(
    () => (dialog?.kind === 'move' ? subtreeIds(departments.data ?? [], dialog.department.id) : undefined),
    [dialog, departments.data],
  );

  const title = !dialog
    ? ''
    : dialog.kind === 'create'
      ? dialog.parent
        ? t('departments.createChildTitle', { name: dialog.parent.name })
        : t('departments.createTitle')
      : dialog.kind === 'rename'
        ? t('departments.renameTitle', { name: dialog.department.name })
        : dialog.kind === 'manager'
          ? t('sharing.setManagerTitle', { name: dialog.department.name })
          : t('departments.moveTitle', { name: dialog.department.name });

  const initialValues: DepartmentForm = !dialog
    ? { name: '', parentId: null }
    : dialog.kind === 'create'
      ? { name: '', parentId: dialog.parent?.id ?? null }
      : { name: dialog.department.name, parentId: dialog.department.parentId, managerId: dialog.department.managerId };
  useFormValuesOnOpen(form, requested !== null, initialValues);

  return (
    <Modal
      open={requested !== null}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      okButtonProps={testId('department-form-submit')}
      // Destroyed when hidden (preserve={false}) and refilled on every opening by useFormValuesOnOpen.
      // (forceRender would keep a hidden modal in antd's Escape stack, stealing Escape from the open one.)
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) formErrors.clear();
      }}
    >
      {formErrors.alert}
      <Form<DepartmentForm>
        form={form}
        preserve={false}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => mutation.mutate(v)}
        disabled={mutation.isPending}
      >
        {dialog?.kind === 'manager' ? (
          <Form.Item name="managerId" label={t('sharing.manager')} extra={t('sharing.managerHint')}>
            <UserField />
          </Form.Item>
        ) : null}
        {dialog?.kind !== 'move' && dialog?.kind !== 'manager' ? (
          <Form.Item
            name="name"
            label={t('departments.name')}
            rules={[{ required: true, whitespace: true, message: t('departments.nameRequired') }]}
          >
            <Input maxLength={64} placeholder={t('departments.namePlaceholder')} autoFocus data-testid="department-name" />
          </Form.Item>
        ) : null}
        {dialog?.kind !== 'rename' && dialog?.kind !== 'manager' ? (
          <Form.Item name="parentId" label={t('departments.parent')}>
            <DepartmentTreeSelect
              allowClear
              placeholder={t('departments.parentPlaceholder')}
              exclude={excluded}
              testId="department-parent"
            />
          </Form.Item>
        ) : null}
        {dialog?.kind === 'move' ? <Typography.Text type="secondary">{t('departments.moveHint')}</Typography.Text> : null}
      </Form>
    </Modal>
  );
};
