/** /notifications: every notification of the signed-in user, newest first; unread only on request. */
import { Button, Card, Checkbox, Empty, Flex, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { NotificationItem, useOpenNotification, useReadAll } from './notification-bell.js';
import { notificationsKey } from './use-approvals.js';
import { useCursorList } from '../../ui/use-cursor-list.js';

export const NotificationsPage = () => {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const open = useOpenNotification();
  const readAll = useReadAll();
  const list = useCursorList([...notificationsKey, 'page', unreadOnly], (page) => call('listNotifications', { query: { limit: 30, ...(unreadOnly ? { unread: 'true' as const } : {}), ...page } }));
  const rows = useMemo(() => list.items, [list.data]);
  const unread = list.data?.pages[0]?.unread ?? 0;
  return (
    <>
      <PageHeader
        title={t('security.notifications.title')}
        description={t('security.notifications.description')}
        extra={
          <Button disabled={unread === 0} loading={readAll.isPending} onClick={() => readAll.mutate()}>
            {t('security.notifications.markAll')}
          </Button>
        }
      />
      <Card>
        <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} gap={8} wrap>
          <Checkbox checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} data-testid="notifications-unread-only">
            {t('security.notifications.unreadOnly')}
          </Checkbox>
          <Typography.Text type="secondary">{t('security.notifications.unread', { count: unread })}</Typography.Text>
        </Flex>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.isPending ? (
          <Spin style={{ display: 'block', margin: 32 }} />
        ) : rows.length === 0 ? (
          <Empty description={t('security.notifications.empty')} />
        ) : (
          <div data-testid="notifications-page-list">
            {rows.map((n) => (
              <NotificationItem key={n.id} n={n} onOpen={open} />
            ))}
          </div>
        )}
        <Flex justify="center" gap={12} style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('security.list.loaded', { count: rows.length })}</Typography.Text>
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('security.list.loadMore')}
            </Button>
          ) : null}
        </Flex>
      </Card>
    </>
  );
};
