/** Menu entries of archive security (spec 02): approvals and borrowing for everyone, the registers (档案登记簿, 查借阅登记) for their keepers. */
import {
  AuditOutlined,
  BookOutlined,
  CarryOutOutlined,
  ClearOutlined,
  DeleteOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FireOutlined,
  SafetyOutlined,
  SolutionOutlined,
  TagsOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentUser } from '../auth/current-user.js';

type MenuItem = NonNullable<MenuProps['items']>[number];

const entry = (to: string, testId: string, text: string, icon: ReactNode): MenuItem => ({
  key: to,
  icon,
  label: (
    <Link to={to} data-testid={testId}>
      {text}
    </Link>
  ),
});

/** The 档案安全 submenu, and the administrator's entries for the 系统管理 submenu. */
export const useSecurityMenu = (): { security: MenuItem; admin: MenuItem[] } => {
  const { t } = useTranslation();
  const { permissions, roles } = useCurrentUser();
  const can = (p: string) => permissions.includes(p);
  const children: MenuItem[] = [
    entry('/approvals', 'nav-approvals', t('nav.approvals'), <CarryOutOutlined />),
    entry('/access-requests', 'nav-access-requests', t('nav.accessRequests'), <SolutionOutlined />),
    entry('/access-requests/new', 'nav-access-request-new', t('nav.accessRequestNew'), <FileSearchOutlined />),
    // 档案登记簿 (ANA-2): for the register's keepers (keepsRegisterOf: the archivist)
    ...(roles.includes('archivist') ? [entry('/archive-register', 'nav-archive-register', t('nav.archiveRegister'), <BookOutlined />)] : []),
    ...(can('borrowing.register') ? [entry('/borrowing-register', 'nav-borrowing-register', t('nav.borrowingRegister'), <AuditOutlined />)] : []),
    ...(can('approvals.delegate') ? [entry('/approvals/delegations', 'nav-delegations', t('nav.delegations'), <UserSwitchOutlined />)] : []),
    ...(can('recycle.manage')
      ? [entry('/archive-review', 'nav-archive-review', t('nav.archiveReview'), <ClearOutlined />), entry('/recycle-bin', 'nav-recycle-bin', t('nav.recycleBin'), <DeleteOutlined />), entry('/destructions', 'nav-destructions', t('nav.destructions'), <FireOutlined />)]
      : []),
  ];
  const admin: MenuItem[] = [
    ...(can('users.manage') ? [entry('/admin/secrecy-labels', 'nav-secrecy-labels', t('nav.secrecyLabels'), <TagsOutlined />)] : []),
    ...(can('personal.manage') ? [entry('/admin/personal-data', 'nav-personal-data', t('nav.personalData'), <FileProtectOutlined />)] : []),
  ];
  return { security: { key: 'security', icon: <SafetyOutlined />, label: <span data-testid="nav-security">{t('nav.archiveSecurity')}</span>, children }, admin };
};

/** Menu keys are paths; a detail page selects its list's entry. */
export const securitySelectedKey = (pathname: string): string | null => {
  if (/^\/approvals\/\d+/.test(pathname)) return '/approvals';
  return null;
};
