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
import { CustomerServiceOutlined, IdcardOutlined, MailOutlined, ToolOutlined } from '@ant-design/icons';
import { AimOutlined, GiftOutlined, HeartOutlined, ProjectOutlined, ReadOutlined, SmileOutlined } from '@ant-design/icons';
import { Badge, Menu, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useCurrentUser } from '../auth/current-user.js';
import { useTaskSummary } from '../tasks/use-tasks.js';
import { securitySelectedKey, useSecurityMenu } from '../archive-security/security-menu.js';

const boardRoles: readonly string[] = ['cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director', 'office_head', 'gm'];

const careRoles: readonly string[] = ['cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director', 'sales', 'office_head', 'gm'];

type MenuItem = NonNullable<MenuProps['items']>[number];

const link = (to: string, testId: string, text: string): ReactNode => (
  <Link to={to} data-testid={testId}>
    {text}
  </Link>
);

/** Pages below a menu entry keep it selected (a complaint's page selects 客户投诉). */
const sections = ['/sales/contracts', '/customers', '/evaluation', '/complaints', '/service-requests', '/surveys', '/care'];
const sectionOf = (pathname: string) => sections.find((p) => pathname.startsWith(p));

export const NavMenu = ({ collapsed, theme, onNavigate }: { collapsed: boolean; theme: 'dark' | 'light'; onNavigate?: () => void }) => {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const { permissions, roles } = useCurrentUser();
  // sales figures are for people who work with customers, not for an administrator alone
  const worksWithCustomers = roles.some((r) => r !== 'admin');
  // REL-1: the open pool is for managers (the server decides; this only hides the entry)
  const managesPool = roles.some((r) => ['cs_manager', 'marketing_manager', 'marketing_director', 'gm'].includes(r));
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
    // EVA-1: the administrator edits the credit scorecard (信用评定表)
    if (roles.includes('admin')) admin.push({ key: '/evaluation/settings', icon: <StarOutlined />, label: link('/evaluation/settings', 'nav-scorecard', t('nav.scorecard')) });
  }
  admin.push(...securityMenu.admin);
  if (can('audit.read')) {
    admin.push({ key: '/admin/audit', icon: <AuditOutlined />, label: link('/admin/audit', 'nav-audit', t('nav.audit')) });
  }

  const items: MenuItem[] = [
    { key: '/', icon: <HomeOutlined />, label: link('/', 'nav-home', t('nav.home')) },
    { key: '/customers', icon: <FolderOpenOutlined />, label: link('/customers', 'nav-customers', t('nav.customers')) },
    { key: '/relationship-cards', icon: <IdcardOutlined />, label: link('/relationship-cards', 'nav-relationship-cards', t('nav.relationshipCards')) },
    { key: '/evaluation', icon: <StarOutlined />, label: link('/evaluation', 'nav-evaluation', t('nav.evaluation')) },
    ...(worksWithCustomers ? [{
      key: 'sales',
      icon: <FundOutlined />,
      label: t('nav.sales'),
      children: [
        { key: '/sales/opportunities', label: link('/sales/opportunities', 'nav-pipeline', t('nav.pipeline')) },
        { key: '/sales/contracts', label: link('/sales/contracts', 'nav-contracts', t('nav.contracts')) },
        { key: '/sales/contract-templates', label: link('/sales/contract-templates', 'nav-contract-templates', t('nav.contractTemplates')) },
        { key: '/sales/receivables', label: link('/sales/receivables', 'nav-receivables', t('nav.receivables')) },
        { key: '/sales/composition', label: link('/sales/composition', 'nav-composition', t('nav.composition')) },
        { key: '/sales/reports', label: link('/sales/reports', 'nav-reports', t('nav.reports')) },
      ],
    }] : []),
    {
      key: 'relations',
      icon: <PhoneOutlined />,
      label: t('nav.relations'),
      children: [
        { key: '/relations/overview', label: link('/relations/overview', 'nav-contact-overview', t('nav.contactOverview')) },
        { key: '/relations/portfolio', label: link('/relations/portfolio', 'nav-portfolio', t('nav.portfolio')) },
        ...(managesPool ? [{ key: '/relations/pool', label: link('/relations/pool', 'nav-customer-pool', t('nav.customerPool')) }] : []),
        { key: '/relations/revisits', label: link('/relations/revisits', 'nav-revisits', t('nav.revisits')) },
        ...(managesPool ? [{ key: '/relations/check-ins', label: link('/relations/check-ins', 'nav-check-ins', t('nav.checkIns')) }] : []),
      ],
    },
    ...(roles.some((r) => boardRoles.includes(r)) ? [{ key: '/boards', icon: <ProjectOutlined />, label: link('/boards', 'nav-boards', t('nav.boards')) }] : []),
    ...(roles.some((r) => careRoles.includes(r)) ? [{ key: '/care', icon: <HeartOutlined />, label: link('/care', 'nav-care', t('nav.care')) }] : []),
    { key: '/complaints', icon: <CustomerServiceOutlined />, label: link('/complaints', 'nav-complaints', t('nav.complaints')) },
    { key: '/targets', icon: <AimOutlined />, label: link('/targets', 'nav-targets', t('nav.targets')) },
    ...(worksWithCustomers ? [{ key: '/surveys', icon: <SmileOutlined />, label: link('/surveys', 'nav-surveys', t('nav.surveys')) }] : []),
    { key: '/rewards', icon: <GiftOutlined />, label: link('/rewards', 'nav-rewards', t('nav.rewards')) },
    { key: '/training', icon: <ReadOutlined />, label: link('/training', 'nav-training', t('nav.training')) },
    { key: '/service-requests', icon: <ToolOutlined />, label: link('/service-requests', 'nav-service-requests', t('nav.serviceRequests')) },
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
        { key: '/account/digest', icon: <MailOutlined />, label: link('/account/digest', 'nav-digest', t('nav.mailSettings')) },
      ],
    },
  ];

  return (
    <Menu
      mode="inline"
      theme={theme}
      items={items}
      selectedKeys={[sectionOf(pathname) ?? securitySelectedKey(pathname) ?? pathname]}
      defaultOpenKeys={collapsed ? undefined : ['security', 'admin', 'account']}
      onClick={() => onNavigate?.()}
      style={{ borderInlineEnd: 'none' }}
    />
  );
};
