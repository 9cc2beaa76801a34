/** The header's user menu: who is signed in, language, own password and sessions, sign-out. */
import { CheckOutlined, DownOutlined, GlobalOutlined, KeyOutlined, LogoutOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Avatar, Button, Dropdown, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { call } from '../../api.js';
import { currentLanguage, languages, setLanguage, type Language } from '../../i18n/index.js';
import { useCurrentUser } from '../auth/current-user.js';

export const useLogout = () => {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return async () => {
    try {
      await call('logout');
    } catch {
      // the session may already be gone; signing out locally is what matters now
    }
    await navigate('/login', { replace: true });
    queryClient.clear();
    void message.success(t('nav.loggedOut'));
  };
};

export const UserMenu = ({ compact, restricted }: { compact: boolean; restricted: boolean }) => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const logout = useLogout();
  const language = currentLanguage();

  const languageItem = {
    key: 'language',
    icon: <GlobalOutlined />,
    label: <span data-testid="user-menu-language">{t('language.label')}</span>,
    children: languages.map((l) => ({
      key: `language:${l}`,
      label: <span data-testid={`user-menu-language-${l}`}>{t(`language.${l}`)}</span>,
      icon: l === language ? <CheckOutlined /> : <span style={{ display: 'inline-block', width: 14 }} />,
    })),
  };
  const items: MenuProps['items'] = [
    { key: 'who', disabled: true, label: <span>{t('common.withNote', { main: me.displayName, note: me.username })}</span> },
    { type: 'divider' },
    languageItem,
    ...(restricted
      ? []
      : [
          { key: 'password', icon: <KeyOutlined />, label: <span data-testid="user-menu-password">{t('nav.changePassword')}</span> },
          { key: 'sessions', icon: <SafetyCertificateOutlined />, label: <span data-testid="user-menu-sessions">{t('nav.sessions')}</span> },
        ]),
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="user-menu-logout">{t('nav.logout')}</span> },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key.startsWith('language:')) void setLanguage(key.slice('language:'.length) as Language);
    else if (key === 'password') void navigate('/account/password');
    else if (key === 'sessions') void navigate('/account/sessions');
    else if (key === 'logout') void logout();
  };

  return (
    <Dropdown trigger={['click']} menu={{ items, onClick }} placement="bottomRight">
      <Button type="text" data-testid="user-menu" style={{ height: 40, paddingInline: 8 }}>
        <Avatar size="small" style={{ backgroundColor: '#1677ff' }}>
          {me.displayName.slice(0, 1).toUpperCase()}
        </Avatar>
        {compact ? null : <span data-testid="user-menu-name">{me.displayName}</span>}
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
};
