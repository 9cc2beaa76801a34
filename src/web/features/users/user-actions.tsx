/** A user row's actions: edit, and in a menu disable/enable, unlock, force password change, reset password. */
import { DownOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Space, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../contract/users.js';
import { call } from '../../api.js';
import { describeError } from '../../ui/problem.js';
import { usersKey } from './use-users.js';

type Action = 'disable' | 'enable' | 'unlock' | 'force';

const run = (action: Action, user: User) => {
  const input = { params: { id: user.id }, body: {} };
  switch (action) {
    case 'disable':
      return call('disableUser', input);
    case 'enable':
      return call('enableUser', input);
    case 'unlock':
      return call('unlockUser', input);
    case 'force':
      return call('forcePasswordChange', input);
  }
};

const successKey = {
  disable: 'users.disabledOk',
  enable: 'users.enabledOk',
  unlock: 'users.unlockedOk',
  force: 'users.forcedOk',
} as const;

export const UserActions = ({ user, onEdit, onResetPassword }: { user: User; onEdit: () => void; onResetPassword: () => void }) => {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ action }: { action: Action }) => run(action, user),
    onSuccess: (_, { action }) => void message.success(t(successKey[action])),
    onError: (error) => {
      const { title, detail } = describeError(error, t);
      modal.error({ title, content: detail });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
  const perform = (action: Action) => mutation.mutateAsync({ action }).catch(() => undefined);

  const confirm = (action: Action) => {
    const name = user.displayName;
    if (action === 'enable') {
      void perform(action);
      return;
    }
    const texts = {
      disable: { title: t('users.disableConfirm', { name }), content: t('users.disableConfirmContent'), ok: t('users.disable') },
      unlock: { title: t('users.unlockConfirm', { name }), content: undefined, ok: t('users.unlock') },
      force: { title: t('users.forceConfirm', { name }), content: t('users.forceConfirmContent'), ok: t('users.forceChange') },
    }[action];
    modal.confirm({
      title: texts.title,
      content: texts.content,
      okText: texts.ok,
      okButtonProps: { danger: action === 'disable' },
      onOk: () => perform(action),
    });
  };

  const items: MenuProps['items'] = [
    ...(user.status === 'locked' ? [{ key: 'unlock', label: <span data-testid="user-action-unlock">{t('users.unlock')}</span> }] : []),
    ...(user.status !== 'disabled'
      ? [{ key: 'force', label: <span data-testid="user-action-force">{t('users.forceChange')}</span>, disabled: user.mustChangePassword }]
      : []),
    { key: 'reset', label: <span data-testid="user-action-reset">{t('users.resetPassword')}</span> },
    { type: 'divider' },
    user.status === 'disabled'
      ? { key: 'enable', label: <span data-testid="user-action-enable">{t('users.enable')}</span> }
      : { key: 'disable', danger: true, label: <span data-testid="user-action-disable">{t('users.disable')}</span> },
  ];

  return (
    <Space size={0}>
      <Button type="link" size="small" onClick={onEdit} data-testid="user-action-edit">
        {t('users.edit')}
      </Button>
      <Dropdown
        trigger={['click']}
        menu={{
          items,
          onClick: ({ key }) => (key === 'reset' ? onResetPassword() : confirm(key as Action)),
        }}
      >
        <Button type="link" size="small" loading={mutation.isPending} data-testid="user-action-more">
          {t('common.more')} <DownOutlined style={{ fontSize: 10 }} />
        </Button>
      </Dropdown>
    </Space>
  );
};
