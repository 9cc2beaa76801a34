/** The audit log: filter, load more by cursor, export what the filters select. */
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { AutoComplete, Button, Card, DatePicker, Empty, Flex, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditOutcomes, type AuditEvent, type AuditOutcome } from '../../../contract/audit.js';
import { call, routeUrl } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useFilterWidth } from '../../ui/use-filter-width.js';
import { useHasPermission } from '../auth/current-user.js';
import { actionLabel } from './audit-labels.js';
import { AuditObject } from './audit-object.js';
import { UserPicker } from './user-picker.js';

type AuditFilters = { userId?: string; action?: string; entityId?: string; from?: string; to?: string; outcome?: AuditOutcome };
type Draft = { userId?: string; action?: string; entityId?: string; outcome?: AuditOutcome; range?: [Dayjs | null, Dayjs | null] | null };

const outcomeColors: Record<AuditOutcome, string> = { success: 'green', denied: 'red', failed: 'orange' };

const pageSize = 50;

const toFilters = (d: Draft): AuditFilters => {
  const [from, to] = d.range ?? [];
  return {
    ...(d.userId ? { userId: d.userId } : {}),
    ...(d.action?.trim() ? { action: d.action.trim() } : {}),
    ...(d.entityId?.trim() ? { entityId: d.entityId.trim() } : {}),
    ...(d.outcome ? { outcome: d.outcome } : {}),
    ...(from ? { from: from.toISOString() } : {}),
    ...(to ? { to: to.toISOString() } : {}),
  };
};

export const AuditPage = () => {
  const { t, i18n } = useTranslation();
  const canExport = useHasPermission('audit.export');
  const width = useFilterWidth();
  const [draft, setDraft] = useState<Draft>({});
  const [filters, setFilters] = useState<AuditFilters>({});

  const events = useInfiniteQuery({
    queryKey: ['audit-events', filters],
    queryFn: ({ pageParam }) =>
      call('listAuditEvents', { query: { limit: pageSize, ...filters, ...(pageParam ? { cursor: pageParam } : {}) } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = useMemo(() => events.data?.pages.flatMap((p) => p.items) ?? [], [events.data]);
  const knownActions = useMemo(() => [...new Set(rows.map((r) => r.action))].sort(), [rows]);

  const exportButton = (format: 'csv' | 'xlsx') => (
    <Button
      icon={<DownloadOutlined />}
      href={routeUrl('exportAuditEvents', { query: { format, ...filters } })}
      download
      data-testid={`audit-export-${format}`}
    >
      {t(format === 'csv' ? 'audit.exportCsv' : 'audit.exportXlsx')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        description={t('audit.description')}
        extra={
          canExport ? (
            <>
              {exportButton('csv')}
              {exportButton('xlsx')}
            </>
          ) : null
        }
      />
      <Card>
        <Flex
          gap={8}
          wrap
          style={{ marginBottom: 16 }}
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            setFilters(toFilters(draft));
          }}
        >
          <UserPicker value={draft.userId} onChange={(userId) => setDraft({ ...draft, userId })} style={width(170)} />
          <AutoComplete
            allowClear
            value={draft.action}
            onChange={(action: string) => setDraft({ ...draft, action })}
            options={knownActions.map((a) => ({ value: a, label: `${a}  ${actionLabel(a, t, i18n) ?? ''}` }))}
            placeholder={t('audit.actionPlaceholder')}
            style={width(160)}
            data-testid="audit-filter-action"
          />
          <Input
            allowClear
            value={draft.entityId}
            onChange={(e) => setDraft({ ...draft, entityId: e.target.value })}
            placeholder={t('audit.entityId')}
            style={width(120)}
            data-testid="audit-filter-entity"
          />
          <Select<AuditOutcome>
            allowClear
            value={draft.outcome}
            onChange={(outcome) => setDraft({ ...draft, outcome })}
            options={auditOutcomes.map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))}
            placeholder={t('audit.outcome')}
            style={width(120)}
            data-testid="audit-filter-outcome"
          />
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={draft.range ?? null}
            onChange={(range) => setDraft({ ...draft, range })}
            style={width(300)}
            data-testid="audit-filter-range"
          />
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              setDraft({});
              setFilters({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Flex>
        {events.isError ? (
          <LoadError error={events.error} onRetry={() => void events.refetch()} />
        ) : (
          <Table<AuditEvent>
            rowKey="id"
            size="middle"
            loading={events.isPending || (events.isFetching && !events.isFetchingNextPage)}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 900 }}
            data-testid="audit-table"
            locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
            expandable={{
              rowExpandable: (e) => Object.keys(e.data).length > 0,
              expandedRowRender: (e) => (
                <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                  {JSON.stringify(e.data, null, 2)}
                </pre>
              ),
            }}
            columns={[
              { title: t('audit.time'), dataIndex: 'at', width: 170, render: formatDateTime },
              {
                title: t('audit.actor'),
                dataIndex: 'actorName',
                render: (name: string | null) => name ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
              },
              {
                title: t('audit.action'),
                dataIndex: 'action',
                render: (a: string) => (
                  <Space size={4} wrap data-action={a}>
                    {actionLabel(a, t, i18n) ?? (
                      <Typography.Text code style={{ fontSize: 12 }}>
                        {a}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
              {
                title: t('audit.entity'),
                key: 'entity',
                render: (_, e) => <AuditObject type={e.entityType} id={e.entityId} />,
              },
              {
                title: t('audit.outcome'),
                dataIndex: 'outcome',
                width: 90,
                render: (o: AuditOutcome) => <Tag color={outcomeColors[o]} data-outcome={o}>{t(`audit.outcomes.${o}`)}</Tag>,
              },
              {
                title: t('audit.source'),
                key: 'source',
                render: (_, e) => (
                  <Space direction="vertical" size={0}>
                    <span>{e.ip ?? '—'}</span>
                    {e.userAgent ? (
                      <Tooltip title={e.userAgent}>
                        <Typography.Text type="secondary" ellipsis style={{ maxWidth: 220, fontSize: 12 }} data-testid="audit-user-agent">
                          {e.userAgent}
                        </Typography.Text>
                      </Tooltip>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        )}
        <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('audit.loaded', { count: rows.length })}</Typography.Text>
          {events.hasNextPage ? (
            <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage} data-testid="audit-load-more">
              {t('audit.loadMore')}
            </Button>
          ) : rows.length > 0 ? (
            <Typography.Text type="secondary">{t('audit.noMore')}</Typography.Text>
          ) : null}
        </Flex>
      </Card>
    </>
  );
};
