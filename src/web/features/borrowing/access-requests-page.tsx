/** 我的查借阅 (SEC-6): the caller's requests with their state and grant period; an active grant is returned early here. */
import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Grid, Input, List, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { accessRequestStates, type AccessRequest } from '../../../contract/approvals.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { useFilterWidth } from '../../ui/use-filter-width.js';
import { formatDuration, requestStateLabel, roleLabel } from '../approvals/approval-labels.js';
import { accessRequestsKey, useRefreshAfterDecision } from '../approvals/use-approvals.js';
import { useCurrentUser } from '../auth/current-user.js';
import { RequestArchive, RequestGroups, RequestStateTag } from './request-parts.js';

type State = AccessRequest['state'];

export const AccessRequestsPage = () => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const width = useFilterWidth();
  const { message, modal } = App.useApp();
  const refresh = useRefreshAfterDecision();
  const [state, setState] = useState<State | undefined>();
  const [customerId, setCustomerId] = useState('');
  const validId = /^\d{1,18}$/.test(customerId.trim()) ? customerId.trim() : undefined;
  const list = useInfiniteQuery({
    queryKey: [...accessRequestsKey, 'mine', me.id, state ?? null, validId ?? null],
    queryFn: ({ pageParam }) =>
      call('listAccessRequests', { query: { requesterId: me.id, limit: 50, ...(state ? { state } : {}), ...(validId ? { customerId: validId } : {}), ...(pageParam ? { cursor: pageParam } : {}) } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const giveBack = useMutation({
    mutationFn: (id: string) => call('returnAccessRequest', { params: { id } }),
    onSuccess: async () => {
      void message.success(t('security.borrow.returned'));
      await refresh();
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const returnButton = (r: AccessRequest) =>
    r.state === 'active' ? (
      <Button
        size="small"
        data-testid={`access-request-return-${r.id}`}
        loading={giveBack.isPending && giveBack.variables === r.id}
        onClick={(e) => {
          e.stopPropagation();
          modal.confirm({ title: t('security.borrow.returnConfirm'), okText: t('security.borrow.returnEarly'), onOk: () => giveBack.mutateAsync(r.id).catch(() => undefined) });
        }}
      >
        {t('security.borrow.returnEarly')}
      </Button>
    ) : null;
  const period = (r: AccessRequest) => (r.startsAt ? `${formatDateTime(r.startsAt)} – ${formatDateTime(r.returnedAt ?? r.expiresAt)}` : '—');

  return (
    <>
      <PageHeader
        title={t('security.mine.title')}
        description={t('security.mine.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/access-requests/new')} data-testid="access-request-new">
            {t('security.mine.newRequest')}
          </Button>
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Select<State | ''>
            value={state ?? ''}
            onChange={(v) => setState(v || undefined)}
            options={[{ value: '', label: t('security.approvals.allStates') }, ...accessRequestStates.map((s) => ({ value: s, label: requestStateLabel(t, s) }))]}
            style={width(160)}
            aria-label={t('security.mine.state')}
            data-testid="access-requests-filter-state"
          />
          <Input allowClear value={customerId} onChange={(e) => setCustomerId(e.target.value)} placeholder={t('security.register.customerId')} style={width(160)} inputMode="numeric" />
        </Flex>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : phone ? (
          <List
            loading={list.isPending}
            dataSource={rows}
            locale={{ emptyText: <Empty description={t('security.mine.empty')} /> }}
            renderItem={(r) => (
              <Card size="small" style={{ marginBottom: 8 }} data-testid={`access-request-row-${r.id}`}>
                <Flex justify="space-between" gap={8} align="flex-start">
                  <RequestArchive r={r} />
                  <RequestStateTag state={r.state} />
                </Flex>
                <div style={{ margin: '4px 0' }}>
                  <RequestGroups groups={r.groups} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDuration(t, r.durationMinutes)}
                  </Typography.Text>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {period(r)}
                </Typography.Text>
                <Space style={{ marginTop: 6 }}>
                  {returnButton(r)}
                  <Link to={`/approvals/${r.approvalId}`}>{t('security.list.open')}</Link>
                </Space>
              </Card>
            )}
          />
        ) : (
          <Table<AccessRequest>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="access-requests-table"
            locale={{ emptyText: <Empty description={t('security.mine.empty')} /> }}
            onRow={(r) => ({ 'data-testid': `access-request-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('security.mine.customer'), key: 'customer', render: (_, r) => <RequestArchive r={r} /> },
              { title: t('security.mine.groups'), dataIndex: 'groups', render: (g: string[]) => <RequestGroups groups={g} /> },
              { title: t('security.mine.duration'), dataIndex: 'durationMinutes', width: 90, render: (m: number) => formatDuration(t, m) },
              { title: t('security.mine.state'), dataIndex: 'state', width: 90, render: (s: State) => <RequestStateTag state={s} /> },
              { title: t('security.mine.approverRole'), key: 'approver', width: 130, render: (_, r) => r.decidedByName ?? roleLabel(t, r.approverRole) },
              { title: t('security.mine.startsAt'), dataIndex: 'startsAt', width: 150, render: formatDateTime },
              { title: t('security.mine.expiresAt'), key: 'until', width: 150, render: (_, r) => formatDateTime(r.returnedAt ?? r.expiresAt) },
              { title: t('security.mine.createdAt'), dataIndex: 'createdAt', width: 150, render: formatDateTime },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 150,
                render: (_, r) => (
                  <Space size={4}>
                    {returnButton(r)}
                    <Link to={`/approvals/${r.approvalId}`}>{t('security.list.open')}</Link>
                  </Space>
                ),
              },
            ]}
          />
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
