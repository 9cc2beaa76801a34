/** Home: who you are, a way into the customer archive (search + recently updated), shortcuts. */
import { ApartmentOutlined, AuditOutlined, FolderOpenOutlined, KeyOutlined, LockOutlined, MobileOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Messages } from '../../i18n/en-US.js';
import { useCurrentUser } from '../auth/current-user.js';
import { CustomerEntry } from '../customers/customer-entry.js';
import { RoleTags } from '../users/role-select.js';
import { Dashboard } from './dashboard.js';

type Shortcut = { to: string; label: keyof Messages['nav']; icon: ReactNode; permission?: string };

const shortcuts: Shortcut[] = [
  { to: '/customers', label: 'customers', icon: <FolderOpenOutlined /> },
  { to: '/m/lookup', label: 'lookup', icon: <MobileOutlined /> },
  { to: '/admin/departments', label: 'departments', icon: <ApartmentOutlined />, permission: 'users.manage' },
  { to: '/admin/users', label: 'users', icon: <TeamOutlined />, permission: 'users.manage' },
  { to: '/admin/password-policy', label: 'passwordPolicy', icon: <LockOutlined />, permission: 'users.manage' },
  { to: '/admin/audit', label: 'audit', icon: <AuditOutlined />, permission: 'audit.read' },
  { to: '/account/password', label: 'changePassword', icon: <KeyOutlined /> },
  { to: '/account/sessions', label: 'sessions', icon: <SafetyCertificateOutlined /> },
];

export const HomePage = () => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const available = shortcuts.filter((s) => !s.permission || me.permissions.includes(s.permission));
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card>
          <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="home-greeting">
            {t('home.greeting', { name: me.displayName })}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 1, md: 2 }}
            items={[
              { key: 'department', label: t('home.department'), children: me.departmentName ?? '—' },
              { key: 'roles', label: t('home.roles'), children: <RoleTags roles={me.roles} /> },
            ]}
          />
        </Card>
      </Col>
      <Col span={24}>
        <Dashboard />
      </Col>
      <Col xs={24} lg={16}>
        <CustomerEntry />
      </Col>
      <Col xs={24} lg={8}>
        <Card title={t('home.quickLinks')} style={{ height: '100%' }}>
          <Row gutter={[8, 8]}>
            {available.map((s) => (
              <Col span={12} key={s.to}>
                <Link to={s.to}>
                  <Card size="small" hoverable styles={{ body: { textAlign: 'center', padding: '12px 8px' } }}>
                    <div style={{ fontSize: 20, color: '#1677ff' }}>{s.icon}</div>
                    <div style={{ marginTop: 4 }}>{t(`nav.${s.label}`)}</div>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
          {me.permissions.length === 0 ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('home.quickLinksEmpty')}
            </Typography.Paragraph>
          ) : null}
        </Card>
      </Col>
    </Row>
  );
};
