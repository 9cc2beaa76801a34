/** 审批中心 (SEC-7): 待我审批 / 我的申请 / 已审批, filtered by type and state; a table on a desk, cards on a phone. */
import { Button, Card, Empty, Flex, Grid, List, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { approvalStates, approvalTypes, type Approval, type ApprovalState, type ApprovalType } from '../../../contract/approvals.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useFilterWidth } from '../../ui/use-filter-width.js';
import { approvalStateColor, approvalStateLabel, approvalTypeLabel, readableSummary, roleLabel } from './approval-labels.js';
import { useApprovalList, type ApprovalFilters } from './use-approvals.js';

const boxes = ['queue', 'mine', 'decided'] as const;
type Box = (typeof boxes)[number];

/** What an approval is about, in the reader's language: the customer (or its number) and the type. */
export const approvalSubject = (a: Approval): string => {
  const archiveNo = typeof a.payload['archiveNo'] === 'string' ? a.payload['archiveNo'] : null;
  return a.customerName ?? archiveNo ?? a.summary;
};

export const ApprovalStateTag = ({ state }: { state: ApprovalState }) => {
  const { t } = useTranslation();
  return (
    <Tag color={approvalStateColor[state]} data-testid="approval-state">
      {approvalStateLabel(t, state)}
    </Tag>
  );
};

export const ApprovalsPage = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const width = useFilterWidth();
  const [params, setParams] = useSearchParams();
  const box: Box = boxes.includes(params.get('box') as Box) ? (params.get('box') as Box) : 'queue';
  const type = approvalTypes.includes(params.get('type') as ApprovalType) ? (params.get('type') as ApprovalType) : undefined;
  // the queue shows what waits by default; "all states" is a choice (state=all)
  const stateParam = params.get('state');
  const state = approvalStates.includes(stateParam as ApprovalState) ? (stateParam as ApprovalState) : stateParam === 'all' || box !== 'queue' ? undefined : 'pending';
  const filters: ApprovalFilters = useMemo(() => ({ box, ...(type ? { type } : {}), ...(state ? { state } : {}) }), [box, type, state]);
  const list = useApprovalList(filters);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  const set = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined) merged.delete(k);
      else merged.set(k, v);
    }
    setParams(merged, { replace: true });
  };
  const open = (a: Approval) => void navigate(`/approvals/${a.id}`);

  const filterBar = (
    <Flex gap={8} wrap style={{ marginBottom: 16 }}>
      <Select<ApprovalType | ''>
        value={type ?? ''}
        onChange={(v) => set({ type: v || undefined })}
        options={[{ value: '', label: t('security.approvals.allTypes') }, ...approvalTypes.map((v) => ({ value: v, label: approvalTypeLabel(t, v) }))]}
        style={width(200)}
        aria-label={t('security.approvals.type')}
        data-testid="approvals-filter-type"
      />
      <Select<ApprovalState | 'all'>
        value={state ?? 'all'}
        onChange={(v) => set({ state: v })}
        options={[{ value: 'all', label: t('security.approvals.allStates') }, ...approvalStates.map((v) => ({ value: v, label: approvalStateLabel(t, v) }))]}
        style={width(160)}
        aria-label={t('security.approvals.state')}
        data-testid="approvals-filter-state"
      />
    </Flex>
  );

  const body = list.isError ? (
    <LoadError error={list.error} onRetry={() => void list.refetch()} />
  ) : phone ? (
    <List
      loading={list.isPending}
      dataSource={rows}
      data-testid="approvals-cards"
      locale={{ emptyText: <Empty description={t(`security.approvals.empty.${box}`)} /> }}
      renderItem={(a) => (
        <Card size="small" hoverable style={{ marginBottom: 8 }} onClick={() => open(a)} data-testid={`approval-row-${a.id}`}>
          <Flex justify="space-between" gap={8} align="flex-start">
            <Typography.Text strong style={{ wordBreak: 'break-all' }}>
              {approvalSubject(a)}
            </Typography.Text>
            <ApprovalStateTag state={a.state} />
          </Flex>
          <div style={{ marginTop: 4 }}>
            <Tag>{approvalTypeLabel(t, a.type)}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.requesterName ?? '—'} · {formatDateTime(a.createdAt)}
            </Typography.Text>
          </div>
        </Card>
      )}
    />
  ) : (
    <Table<Approval>
      rowKey="id"
      size="middle"
      loading={list.isPending}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="approvals-table"
      locale={{ emptyText: <Empty description={t(`security.approvals.empty.${box}`)} /> }}
      onRow={(a) => ({ onClick: () => open(a), style: { cursor: 'pointer' }, 'data-testid': `approval-row-${a.id}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('security.approvals.summary'),
          key: 'subject',
          render: (_, a) => (
            <Space orientation="vertical" size={0}>
              <Link to={`/approvals/${a.id}`} onClick={(e) => e.stopPropagation()}>
                {approvalSubject(a)}
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {readableSummary(t, a.summary)}
              </Typography.Text>
            </Space>
          ),
        },
        { title: t('security.approvals.type'), dataIndex: 'type', width: 140, render: (v: ApprovalType) => <Tag>{approvalTypeLabel(t, v)}</Tag> },
        { title: t('security.approvals.requester'), dataIndex: 'requesterName', width: 110, render: (v: string | null) => v ?? '—' },
        { title: t('security.approvals.approver'), key: 'approver', width: 140, render: (_, a) => a.decidedByName ?? roleLabel(t, a.approverRole) },
        { title: t('security.approvals.state'), dataIndex: 'state', width: 90, render: (v: ApprovalState) => <ApprovalStateTag state={v} /> },
        { title: t('security.approvals.createdAt'), dataIndex: 'createdAt', width: 160, render: formatDateTime },
        box === 'queue'
          ? { title: t('security.approvals.expiresAt'), dataIndex: 'expiresAt', width: 160, render: formatDateTime }
          : { title: t('security.approvals.decidedAt'), dataIndex: 'decidedAt', width: 160, render: formatDateTime },
      ]}
    />
  );

  return (
    <>
      <PageHeader title={t('security.approvals.title')} description={t('security.approvals.description')} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={box}
          onChange={(key) => setParams(key === 'queue' ? {} : { box: key }, { replace: true })}
          items={boxes.map((b) => ({ key: b, label: <span data-testid={`approvals-box-${b}`}>{t(`security.approvals.boxes.${b}`)}</span> }))}
        />
        {filterBar}
        {body}
        <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('security.list.loaded', { count: rows.length })}</Typography.Text>
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="approvals-load-more">
              {t('security.list.loadMore')}
            </Button>
          ) : null}
        </Flex>
      </Card>
    </>
  );
};
