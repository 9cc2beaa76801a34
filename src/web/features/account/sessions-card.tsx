/** Own active sessions (GET /auth/sessions); any but the current one can be ended. */
import { DesktopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { describeUserAgent, formatDateTime } from '../../ui/format.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';

type Session = RouteResult<'listSessions'>['items'][number];
const sessionsKey = ['sessions'] as const;

export const SessionsCard = () => {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: sessionsKey, queryFn: () => call('listSessions') });
  const revoke = useMutation({
    mutationFn: (id: string) => call('revokeSession', { params: { id } }),
    onSuccess: () => void message.success(t('sessions.revoked')),
    onError: (e) => void message.error(errorLine(e, t)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });

  const confirmRevoke = (s: Session) =>
    modal.confirm({
      title: t('sessions.revokeConfirm'),
      content: t('sessions.revokeConfirmContent'),
      okButtonProps: { danger: true },
      onOk: () => revoke.mutateAsync(s.id).catch(() => undefined),
    });

  return (
    <Card title={t('sessions.title')} data-testid="sessions-card">
      <Typography.Paragraph type="secondary">{t('sessions.description')}</Typography.Paragraph>
      {sessions.isError ? (
        <LoadError error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <Table<Session>
          rowKey="id"
          size="middle"
          loading={sessions.isPending}
          dataSource={sessions.data?.items ?? []}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: <Empty description={t('sessions.empty')} /> }}
          columns={[
            {
              title: t('sessions.device'),
              key: 'device',
              render: (_, s) => (
                <Space>
                  <DesktopOutlined />
                  <span title={s.userAgent ?? undefined}>{describeUserAgent(s.userAgent) ?? t('common.unknown')}</span>
                  {s.current ? <Tag color="green">{t('sessions.current')}</Tag> : null}
                </Space>
              ),
            },
            { title: t('sessions.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
            { title: t('sessions.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
            { title: t('sessions.lastSeenAt'), dataIndex: 'lastSeenAt', render: formatDateTime },
            { title: t('sessions.expiresAt'), dataIndex: 'expiresAt', render: formatDateTime },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 90,
              render: (_, s) =>
                s.current ? null : (
                  <Button type="link" danger size="small" onClick={() => confirmRevoke(s)} data-testid={`session-revoke-${s.id}`}>
                    {t('sessions.revoke')}
                  </Button>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
};
