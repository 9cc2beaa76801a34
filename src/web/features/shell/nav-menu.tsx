/** The side navigation; entries appear only for the permissions the user holds. */
import {
  ApartmentOutlined,
  AuditOutlined,
  FolderOpenOutlined,
  HomeOutlined,
  KeyOutlined,
  LockOutlined,
  MobileOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  StarOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { AppstoreAddOutlined, CheckSquareOutlined, FileDoneOutlined, FundOutlined } from '@ant-design/icons';
import { CustomerServiceOutlined } from '@ant-design/icons';
import { Badge, Menu, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useCurrentUser } from '../auth/current-user.js';
import { useTaskSummary } from '../tasks/use-tasks.js';
import { securitySelectedKey, useSecurityMenu } from '../archive-security/security-menu.js';

type MenuItem = NonNullable<MenuProps['items']>[number];

const link = (to: string, testId: string, text: string): ReactNode => (
  <Link to={to} data-testid={testId}>
    {text}
  </Link>
);

export const NavMenu = ({ collapsed, theme, onNavigate }: { collapsed: boolean; theme: 'dark' | 'light'; onNavigate?: () => void }) => {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const { permissions, roles } = useCurrentUser();
  // sales figures are for people who work with customers, not for an administrator alone
  const worksWithCustomers = roles.some((r) => r !== 'admin');
  const can = (p: string) => permissions.includes(p);
  const overdue = useTaskSummary().data?.overdue ?? 0;
  const securityMenu = useSecurityMenu();

  const admin: MenuItem[] = [];
  if (can('users.manage')) {
    admin.push(
      { key: '/admin/departments', icon: <ApartmentOutlined />, label: link('/admin/departments', 'nav-departments', t('nav.departments')) },
      { key: '/admin/users', icon: <TeamOutlined />, label: link('/admin/users', 'nav-users', t('nav.users')) },
      { key: '/admin/password-policy', icon: <LockOutlined />, label: link('/admin/password-policy', 'nav-password-policy', t('nav.passwordPolicy')) },
      { key: '/admin/archive-settings', icon: <FileDoneOutlined />, label: link('/admin/archive-settings', 'nav-archive-settings', t('nav.archiveSettings')) },
      { key: '/admin/custom-fields', icon: <AppstoreAddOutlined />, label: link('/admin/custom-fields', 'nav-custom-fields', t('nav.customFields')) },
    );
  }
  admin.push(...securityMenu.admin);
  if (can('audit.read')) {
    admin.push({ key: '/admin/audit', icon: <AuditOutlined />, label: link('/admin/audit', 'nav-audit', t('nav.audit')) });
  }

  const items: MenuItem[] = [
    { key: '/', icon: <HomeOutlined />, label: link('/', 'nav-home', t('nav.home')) },
    { key: '/customers', icon: <FolderOpenOutlined />, label: link('/customers', 'nav-customers', t('nav.customers')) },
    { key: '/evaluation', icon: <StarOutlined />, label: link('/evaluation', 'nav-evaluation', t('nav.evaluation')) },
    ...(worksWithCustomers ? [{
      key: 'sales',
      icon: <FundOutlined />,
      label: t('nav.sales'),
      children: [
        { key: '/sales/opportunities', label: link('/sales/opportunities', 'nav-pipeline', t('nav.pipeline')) },
        { key: '/sales/contracts', label: link('/sales/contracts', 'nav-contracts', t('nav.contracts')) },
        { key: '/sales/receivables', label: link('/sales/receivables', 'nav-receivables', t('nav.receivables')) },
        { key: '/sales/composition', label: link('/sales/composition', 'nav-composition', t('nav.composition')) },
      ],
    }] : []),
    { key: '/relations/overview', icon: <PhoneOutlined />, label: link('/relations/overview', 'nav-contact-overview', t('nav.contactOverview')) },
    { key: '/complaints', icon: <CustomerServiceOutlined />, label: link('/complaints', 'nav-complaints', t('nav.complaints')) },
    { key: '/m/lookup', icon: <MobileOutlined />, label: link('/m/lookup', 'nav-lookup', t('nav.lookup')) },
    {
      key: '/tasks',
      icon: <CheckSquareOutlined />,
      label: (
        <Link to="/tasks" data-testid="nav-tasks">
          {t('nav.tasks')} <Badge count={overdue} size="small" title={t('tasks.badge', { count: overdue })} data-testid="nav-tasks-badge" />
        </Link>
      ),
    },
    securityMenu.security,
    ...(admin.length > 0 ? [{ key: 'admin', icon: <SettingOutlined />, label: t('nav.admin'), children: admin }] : []),
    {
      key: 'account',
      icon: <UserOutlined />,
      label: t('nav.account'),
      children: [
        { key: '/account/password', icon: <KeyOutlined />, label: link('/account/password', 'nav-change-password', t('nav.changePassword')) },
        { key: '/account/sessions', icon: <SafetyCertificateOutlined />, label: link('/account/sessions', 'nav-sessions', t('nav.sessions')) },
      ],
    },
  ];

  return (
    <Menu
      mode="inline"
      theme={theme}
      items={items}
      selectedKeys={[pathname.startsWith('/sales/contracts') ? '/sales/contracts' : pathname.startsWith('/customers') ? '/customers' : pathname.startsWith('/evaluation') ? '/evaluation' : pathname.startsWith('/complaints') ? '/complaints' : (securitySelectedKey(pathname) ?? pathname)]}
      defaultOpenKeys={collapsed ? undefined : ['security', 'admin', 'account']}
      onClick={() => onNavigate?.()}
      style={{ borderInlineEnd: 'none' }}
    />
  );
};
