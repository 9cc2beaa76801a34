/** Create a user, or edit one's display name, department and roles (PATCH with version). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoleKey } from '../../../contract/roles.js';
import type { User } from '../../../contract/users.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { testId } from '../../ui/test-id.js';
import { useFormValuesOnOpen } from '../../ui/use-form-values-on-open.js';
import { DepartmentTreeSelect } from '../departments/department-tree-select.js';
import { RoleSelect } from './role-select.js';
import { usersKey } from './use-users.js';

export type UserDialog = { kind: 'create' } | { kind: 'edit'; user: User };

type UserForm = { username: string; displayName: string; password: string; departmentId: string; roles: RoleKey[] };
const fields = ['username', 'displayName', 'password', 'departmentId', 'roles'] as const;

const sameRoles = (a: readonly RoleKey[], b: readonly RoleKey[]) => a.length === b.length && a.every((r) => b.includes(r));

const save = async (dialog: UserDialog, v: UserForm): Promise<User | null> => {
  if (dialog.kind === 'create') {
    return call('createUser', {
      body: {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        password: v.password,
        departmentId: v.departmentId,
        roles: v.roles,
      },
    });
  }
  const { user } = dialog;
  const displayName = v.displayName.trim();
  const changes = {
    ...(displayName !== user.displayName ? { displayName } : {}),
    ...(v.departmentId !== user.departmentId ? { departmentId: v.departmentId } : {}),
    ...(!sameRoles(v.roles, user.roles) ? { roles: v.roles } : {}),
  };
  if (Object.keys(changes).length === 0) return null;
  return call('updateUser', { params: { id: user.id }, body: { version: user.version, ...changes } });
};

export const UserFormModal = ({ dialog: requested, onClose }: { dialog: UserDialog | null; onClose: () => void }) => {
  const last = useRef(requested);
  if (requested) last.current = requested;
  const dialog = last.current;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UserForm>();
  const formErrors = useFormErrors(form, fields, 'user-form-error');

  const mutation = useMutation({
    mutationFn: (v: UserForm) => save(dialog!, v),
    onMutate: formErrors.clear,
    onSuccess: async () => {
      void message.success(t(dialog?.kind === 'create' ? 'users.created' : 'users.updated'));
      await queryClient.invalidateQueries({ queryKey: usersKey });
      onClose();
    },
    onError: (error) => {
      formErrors.onError(error);
      void queryClient.invalidateQueries({ queryKey: usersKey });
    },
  });

  const isCreate = dialog?.kind !== 'edit';
  const initialValues: Record<keyof UserForm, unknown> =
    dialog?.kind === 'edit'
      ? {
          username: dialog.user.username,
          displayName: dialog.user.displayName,
          password: undefined,
          departmentId: dialog.user.departmentId,
          roles: dialog.user.roles,
        }
      : { username: undefined, displayName: undefined, password: undefined, departmentId: undefined, roles: [] };
  useFormValuesOnOpen(form, requested !== null, initialValues);

  return (
    <Modal
      open={requested !== null}
      title={dialog?.kind === 'edit' ? t('users.editTitle', { name: dialog.user.displayName }) : t('users.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      okButtonProps={testId('user-form-submit')}
      // Destroyed when hidden (preserve={false}) and refilled on every opening by useFormValuesOnOpen.
      // (forceRender would keep a hidden modal in antd's Escape stack, stealing Escape from the open one.)
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) formErrors.clear();
      }}
    >
      {formErrors.alert}
      <Form<UserForm>
        form={form}
        preserve={false}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => mutation.mutate(v)}
        disabled={mutation.isPending}
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={isCreate ? t('users.usernameHint') : undefined}
          rules={isCreate ? [{ required: true, whitespace: true, message: t('users.usernameRequired') }] : []}
        >
          <Input maxLength={64} disabled={!isCreate} autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
        >
          <Input maxLength={64} autoComplete="off" data-testid="user-display-name" />
        </Form.Item>
        {isCreate ? (
          <Form.Item
            name="password"
            label={t('users.password')}
            extra={t('users.passwordHint')}
            rules={[{ required: true, message: t('users.passwordRequired') }]}
          >
            <Input.Password maxLength={128} autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
        ) : null}
        <Form.Item name="departmentId" label={t('users.department')} rules={[{ required: true, message: t('users.departmentRequired') }]}>
          <DepartmentTreeSelect testId="user-department" />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('users.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}
        >
          <RoleSelect multiple testId="user-roles" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
