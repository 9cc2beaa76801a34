/**
 * The signed-in layout: side menu (a Drawer under 768 px), header with breadcrumbs and the user menu.
 * While a password change is required it shows only the page, without navigation.
 */
import { MenuOutlined } from '@ant-design/icons';
import { Alert, Button, ConfigProvider, Drawer, Flex, Grid, Layout, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { useCurrentUser } from '../auth/current-user.js';
import { Brand } from './brand.js';
import { Breadcrumbs } from './breadcrumbs.js';
import { NavMenu } from './nav-menu.js';
import { UserMenu } from './user-menu.js';
import { NotificationBell } from '../approvals/notification-bell.js';
import { GlobalSearch } from '../search/global-search.js';

const siderWidth = 220;
const phoneTheme = { components: { Card: { bodyPadding: 16, headerPadding: 16 } } };

export const AppShell = () => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { token } = theme.useToken();
  const restricted = me.mustChangePassword;

  const header = (
    <Layout.Header
      style={{
        position: 'sticky',
        top: 0,
        zIndex: 10,
        background: token.colorBgContainer,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        paddingInline: isMobile ? 8 : 24,
        height: 56,
        lineHeight: '56px',
      }}
    >
      <Flex align="center" justify="space-between" gap={8} style={{ height: '100%' }}>
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          {isMobile && !restricted ? (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('nav.openMenu')}
              data-testid="nav-toggle"
              onClick={() => setDrawerOpen(true)}
            />
          ) : null}
          {isMobile || restricted ? <Brand /> : <Breadcrumbs />}
        </Flex>
        <Flex align="center" gap={isMobile ? 0 : 4}>
          {restricted ? null : <GlobalSearch compact={isMobile} />}
          {restricted ? null : <NotificationBell />}
          <UserMenu compact={isMobile} restricted={restricted} />
        </Flex>
      </Flex>
    </Layout.Header>
  );

  const content = (
    <Layout.Content style={{ padding: isMobile ? 12 : 24 }}>
      {isMobile && !restricted ? (
        <div style={{ marginBottom: 12 }}>
          <Breadcrumbs />
        </div>
      ) : null}
      {restricted ? (
        <Alert
          type="warning"
          showIcon
          title={t('shell.forcedTitle')}
          description={t('shell.forcedDescription')}
          style={{ maxWidth: 560, margin: '0 auto 16px' }}
          data-testid="forced-password-alert"
        />
      ) : null}
      {/* One element type at every width: swapping it would remount the page and lose a half-filled form. */}
      {/* Tighter cards on a phone: 24 px on each side of a 375 px screen is too much. */}
      <ConfigProvider theme={isMobile ? phoneTheme : {}}>
        <Outlet />
      </ConfigProvider>
    </Layout.Content>
  );

  if (restricted) {
    return (
      <Layout style={{ minHeight: '100vh' }}>
        {header}
        {content}
      </Layout>
    );
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={siderWidth + 40}
          title={<Brand />}
          styles={{ body: { padding: 0 } }}
          data-testid="nav-drawer"
        >
          <NavMenu collapsed={false} theme="light" onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      ) : (
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="lg"
          width={siderWidth}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <div style={{ padding: collapsed ? '16px 26px' : '16px 20px' }}>
            <Brand collapsed={collapsed} dark />
          </div>
          <NavMenu collapsed={collapsed} theme="dark" />
        </Layout.Sider>
      )}
      <Layout>
        {header}
        {content}
        <Layout.Footer style={{ textAlign: 'center', padding: '12px 24px', color: token.colorTextTertiary }}>
          {t('app.name')} · {t('app.fullName')}
        </Layout.Footer>
      </Layout>
    </Layout>
  );
};
