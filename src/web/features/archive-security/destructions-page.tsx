/** 销毁登记 (SEC-9): every destruction, kept forever; an archivist executes the approved ones. */
import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Grid, Input, List, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { useFilterWidth } from '../../ui/use-filter-width.js';
import { useRefreshAfterDecision } from '../approvals/use-approvals.js';
import { useCurrentUser } from '../auth/current-user.js';
import { useCursorList } from '../../ui/use-cursor-list.js';

type Destruction = RouteResult<'listDestructions'>['items'][number];
const destructionStates = ['pending', 'approved', 'executed', 'rejected', 'withdrawn', 'expired'] as const;
const stateColor: Record<string, string> = { pending: 'processing', approved: 'warning', executed: 'error', rejected: 'default', withdrawn: 'default', expired: 'default' };
export const destructionsKey = ['destructions'] as const;

const matches = (d: Destruction, q: string) => !q || [d.archiveNo, d.name, d.reason, d.requestedByName, d.approvedByName, d.executedByName].some((v) => v?.toLowerCase().includes(q.toLowerCase()));

export const DestructionsPage = () => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { message, modal } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const width = useFilterWidth();
  const refresh = useRefreshAfterDecision();
  const [q, setQ] = useState('');
  const [state, setState] = useState<string>('');
  const list = useCursorList([...destructionsKey], (page) => call('listDestructions', { query: { limit: 50, ...page } }));
  const execute = useMutation({
    mutationFn: (id: string) => call('executeDestruction', { params: { id } }),
    onSuccess: async () => {
      void message.success(t('security.destructions.executed'));
      await Promise.all([refresh(), list.refetch()]);
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  const loaded = useMemo(() => list.items, [list.data]);
  const rows = useMemo(() => loaded.filter((d) => (!state || d.state === state) && matches(d, q.trim())), [loaded, q, state]);
  const archivist = me.roles.includes('archivist');
  const stateTag = (d: Destruction) => <Tag color={stateColor[d.state] ?? 'default'}>{t(`security.destructions.states.${d.state}` as never, { defaultValue: d.state })}</Tag>;
  const scopeText = (d: Destruction) =>
    Object.entries(d.scope)
      .filter(([, on]) => on)
      .map(([k]) => t(`security.scope.${k}` as never, { defaultValue: k }))
      .join('、') || '—';
  // what was actually removed: the parts with a count
  const purgedText = (d: Destruction) => {
    const parts = Object.entries(d.purged ?? {}).filter(([, n]) => n > 0);
    if (!d.purged) return '—';
    return parts.length > 0 ? parts.map(([k, n]) => `${t(`security.purged.${k}` as never, { defaultValue: k })} ${n}`).join('、') : '0';
  };
  const people = (d: Destruction) => (
    <div style={{ fontSize: 12, lineHeight: 1.7 }}>
      <div>
        {t('security.destructions.requestedBy')}：{who(d.requestedByName, d.requestedAt)}
      </div>
      <div>
        {t('security.destructions.approvedBy')}：{who(d.approvedByName, d.approvedAt)}
      </div>
      <div>
        {t('security.destructions.executedBy')}：{who(d.executedByName, d.executedAt)}
      </div>
    </div>
  );
  const who = (name: string | null, at: string | null) => (name ? `${name} · ${formatDateTime(at)}` : '—');
  const executeButton = (d: Destruction) =>
    d.state === 'approved' ? (
      archivist ? (
        <Button
          size="small"
          danger
          loading={execute.isPending && execute.variables === d.id}
          data-testid={`destruction-execute-${d.id}`}
          onClick={() => modal.confirm({ title: t('security.destructions.executeConfirm', { name: d.name }), okButtonProps: { danger: true }, okText: t('security.destructions.execute'), onOk: () => execute.mutateAsync(d.id).catch(() => undefined) })}
        >
          {t('security.destructions.execute')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('security.destructions.archivistOnly')}</Typography.Text>
      )
    ) : null;

  return (
    <>
      <PageHeader title={t('security.destructions.title')} description={t('security.destructions.description')} />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Select
            value={state}
            onChange={setState}
            options={[{ value: '', label: t('security.approvals.allStates') }, ...destructionStates.map((s) => ({ value: s, label: t(`security.destructions.states.${s}`) }))]}
            style={width(140)}
            aria-label={t('security.approvals.state')}
          />
          <Input.Search allowClear value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('security.list.searchLoaded')} style={width(360)} />
        </Flex>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : phone ? (
          <List
            loading={list.isPending}
            dataSource={rows}
            locale={{ emptyText: <Empty description={t('security.destructions.empty')} /> }}
            renderItem={(d) => (
              <Card size="small" style={{ marginBottom: 8 }} data-testid={`destruction-row-${d.archiveNo}`}>
                <Flex justify="space-between" gap={8}>
                  <Typography.Text strong style={{ wordBreak: 'break-all' }}>
                    {d.name}
                  </Typography.Text>
                  {stateTag(d)}
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {d.archiveNo}
                </Typography.Text>
                <Typography.Paragraph style={{ margin: '4px 0' }}>{d.reason}</Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {t('security.destructions.requestedBy')}：{who(d.requestedByName, d.requestedAt)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {t('security.destructions.approvedBy')}：{who(d.approvedByName, d.approvedAt)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {t('security.destructions.executedBy')}：{who(d.executedByName, d.executedAt)}
                </Typography.Text>
                <div style={{ marginTop: 6 }}>{executeButton(d)}</div>
              </Card>
            )}
          />
        ) : (
          <Table<Destruction>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 920 }}
            locale={{ emptyText: <Empty description={t('security.destructions.empty')} /> }}
            onRow={(d) => ({ 'data-testid': `destruction-row-${d.archiveNo}` }) as HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('customers.fields.name'),
                key: 'name',
                width: 180,
                render: (_, d) => (
                  <>
                    {d.name}
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {d.archiveNo}
                    </Typography.Text>
                  </>
                ),
              },
              { title: t('security.approvals.state'), key: 'state', width: 80, render: (_, d) => stateTag(d) },
              { title: t('security.destructions.reason'), dataIndex: 'reason' },
              { title: t('security.destructions.scope'), key: 'scope', width: 140, render: (_, d) => scopeText(d) },
              { title: t('security.destructions.people'), key: 'people', width: 220, render: (_, d) => people(d) },
              { title: t('security.destructions.purged'), key: 'purged', width: 110, render: (_, d) => purgedText(d) },
              { title: t('common.actions'), key: 'actions', width: 100, render: (_, d) => executeButton(d) },
            ]}
          />
        )}
        <Flex justify="center" gap={12} style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('security.list.loaded', { count: loaded.length })}</Typography.Text>
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
