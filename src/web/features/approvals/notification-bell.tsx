/** The header's bell: unread count, the latest notifications, mark read, and a click goes where the notification points. */
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Flex, Popover, Spin, Tag, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { readableSummary } from './approval-labels.js';
import { notificationsKey, useNotifications } from './use-approvals.js';

type Notification = RouteResult<'listNotifications'>['items'][number];

/** Only paths inside the app are followed. */
const safeLink = (link: string | null): string | null => (link && link.startsWith('/') && !link.startsWith('//') ? link : null);

export const useOpenNotification = () => {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const read = useMutation({
    mutationFn: (id: string) => call('readNotification', { params: { id } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
  return (n: Notification) => {
    if (!n.readAt) read.mutate(n.id);
    const to = safeLink(n.link);
    if (to) void navigate(to);
  };
};

export const useReadAll = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('readAllNotifications'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
};

export const NotificationItem = ({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) => {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <button
      type="button"
      onClick={() => onOpen(n)}
      data-testid={`notification-${n.id}`}
      data-unread={n.readAt ? 'false' : 'true'}
      style={{
        display: 'block',
        width: '100%',
        textAlign: 'left',
        border: 'none',
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        background: n.readAt ? 'transparent' : token.colorPrimaryBg,
        padding: '8px 12px',
        cursor: 'pointer',
        font: 'inherit',
        lineHeight: 1.5,
      }}
    >
      <Flex gap={8} align="flex-start">
        <Badge status={n.readAt ? 'default' : 'processing'} style={{ marginTop: 2 }} />
        <div style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text strong={!n.readAt} style={{ display: 'block', wordBreak: 'break-all' }}>
            {n.outcome ? (
              <Tag color={n.outcome === 'approved' ? 'success' : 'error'} data-testid={`notification-outcome-${n.outcome}`} style={{ marginInlineEnd: 6 }}>
                {t(n.outcome === 'approved' ? 'sharing.outcomeApproved' : 'sharing.outcomeRejected')}
              </Tag>
            ) : null}
            {readableSummary(t, n.title)}
          </Typography.Text>
          {n.reason ? (
            <Typography.Text type="secondary" style={{ display: 'block', wordBreak: 'break-all' }} data-testid="notification-reason">
              {t('sharing.reason', { reason: n.reason })}
            </Typography.Text>
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(n.createdAt)}
          </Typography.Text>
        </div>
      </Flex>
    </button>
  );
};

export const NotificationBell = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const list = useNotifications(false, 8);
  const readAll = useReadAll();
  const openOne = useOpenNotification();
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  const content = (
    <div style={{ width: 'min(340px, calc(100vw - 32px))' }} data-testid="notification-list">
      <Flex justify="space-between" align="center" style={{ padding: '8px 12px' }}>
        <Typography.Text strong>{t('security.notifications.title')}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('security.notifications.unread', { count: unread })}
        </Typography.Text>
      </Flex>
      <div style={{ maxHeight: 360, overflowY: 'auto' }}>
        {list.isPending ? (
          <Spin style={{ display: 'block', margin: 24 }} />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('security.notifications.empty')} />
        ) : (
          items.map((n) => (
            <NotificationItem
              key={n.id}
              n={n}
              onOpen={(x) => {
                setOpen(false);
                openOne(x);
              }}
            />
          ))
        )}
      </div>
      <Flex justify="space-between" style={{ padding: '8px 4px 0' }}>
        <Button type="link" size="small" disabled={unread === 0} loading={readAll.isPending} onClick={() => readAll.mutate()} data-testid="notifications-read-all">
          {t('security.notifications.markAll')}
        </Button>
        <Button
          type="link"
          size="small"
          onClick={() => {
            setOpen(false);
            void navigate('/notifications');
          }}
          data-testid="notifications-view-all"
        >
          {t('security.notifications.viewAll')}
        </Button>
      </Flex>
    </div>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} styles={{ container: { padding: '4px 0 8px' } }} arrow={false}>
      <Button type="text" aria-label={`${t('security.notifications.bell')} ${t('security.notifications.unread', { count: unread })}`} data-testid="notification-bell" style={{ height: 40, width: 40 }}>
        <Badge count={unread} size="small" overflowCount={99} data-testid="notification-badge">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
};
