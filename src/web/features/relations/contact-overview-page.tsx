/**
 * /relations/overview — 客户联络一览表 (REL-4): last contacts, next dues and their state, overdue first;
 * filters, xlsx export, A4 print; and the region view (seed 002): due visits counted per province or
 * city, a region opening its customers, so visits in one area are planned together.
 */
import { EditOutlined, PrinterOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Segmented, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ContactOverviewItem, ContactState } from '../../../contract/relations.js';
import { call, routeUrl } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { RegionCascader } from '../../ui/region-cascader.js';
import { regionName, useDivisions } from '../../ui/regions.js';
import { useDebounced } from '../../ui/use-debounced.js';
import { ExportButtons } from '../evaluation/evaluation-ui.js';

const stateColor: Record<ContactState, string> = { ok: 'green', due_soon: 'orange', overdue: 'red' };
const day = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10) : '—');
type RegionRow = { region: string | null; due: number; overdue: number; dueSoon: number };
type Filters = { state?: ContactState; abcClass?: 'A' | 'B' | 'C' | 'none'; region?: string; ownerId?: string };

export const ContactOverviewPage = () => {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  // ANA-2 the home page's contact widget links here with ?state=overdue|due_soon
  const [filters, setFilters] = useState<Filters>(() => {
    const s = params.get('state');
    return s === 'overdue' || s === 'due_soon' || s === 'ok' ? { state: s } : {};
  });
  const [view, setView] = useState<'list' | 'regions'>('list');
  const [ownerSearch, setOwnerSearch] = useState('');
  const ownerQ = useDebounced(ownerSearch.trim(), 250);
  const owners = useQuery({ queryKey: ['users', 'directory', ownerQ], queryFn: () => call('userDirectory', { query: { limit: 20, ...(ownerQ ? { q: ownerQ } : {}) } }), staleTime: 30_000 });
  const [level, setLevel] = useState<'province' | 'city'>('province');
  useDivisions(); // region names
  const regionFilters = { ...filters, state: undefined };
  const regions = useQuery({ queryKey: ['contact-overview', 'regions', level, regionFilters], queryFn: () => call('contactOverviewRegions', { query: { ...regionFilters, level } }), enabled: view === 'regions' });
  const query = useInfiniteQuery({
    queryKey: ['contact-overview', filters],
    queryFn: ({ pageParam }) => call('contactOverview', { query: { ...filters, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } }),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: view === 'list',
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const stateTag = (s: ContactState, due: string, testid: string) => (
    <Flex vertical gap={2}>
      <span>{due}</span>
      <Tag color={stateColor[s]} data-testid={testid}>{t(`relations.state.${s}`)}</Tag>
    </Flex>
  );
  return (
    <>
      <PageHeader
        title={t('relations.overviewTitle')}
        description={t('relations.overviewDescription')}
        extra={
          <Flex gap={8} wrap>
            <Link to="/relations/log"><Button type="primary" icon={<EditOutlined />} data-testid="overview-log">{t('relations.log')}</Button></Link>
            <ExportButtons testId="overview" href={(format) => routeUrl('exportContactOverview', { query: { ...filters, format } })} />
            <Button icon={<PrinterOutlined />} href={routeUrl('printContactOverview', { query: filters })} target="_blank" rel="noopener" data-testid="overview-print">{t('relations.print')}</Button>
          </Flex>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap align="center">
          <Segmented
            data-testid="overview-view"
            value={view}
            options={(['list', 'regions'] as const).map((v) => ({ value: v, label: <span data-testid={`overview-view-${v}`}>{t(`relations.regionView.${v}`)}</span> }))}
            onChange={(v) => setView(v as 'list' | 'regions')}
          />
          <Segmented
            data-testid="overview-state"
            value={filters.state ?? 'all'}
            options={(['all', 'overdue', 'due_soon', 'ok'] as const).map((s) => ({ value: s, label: t(`relations.state.${s}`) }))}
            onChange={(v) => setFilters((f) => ({ ...f, state: v === 'all' ? undefined : (v as ContactState) }))}
          />
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder={t('relations.abcClass')}
            value={filters.abcClass}
            options={[...(['A', 'B', 'C'] as const).map((c) => ({ value: c, label: c })), { value: 'none', label: t('relations.unclassified') }]}
            onChange={(v) => setFilters((f) => ({ ...f, abcClass: v }))}
          />
          <Select
            allowClear
            showSearch={{ filterOption: false, onSearch: setOwnerSearch }}
            style={{ width: 150 }}
            placeholder={t('relations.col.owner')}
            value={filters.ownerId}
            options={(owners.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
            onChange={(v: string | undefined) => setFilters((f) => ({ ...f, ownerId: v }))}
            data-testid="overview-owner"
          />
          <RegionCascader prefix value={filters.region} onChange={(code) => setFilters((f) => ({ ...f, region: code ?? undefined }))} placeholder={t('relations.region')} style={{ width: 200 }} data-testid="overview-region" />
        </Flex>
      </Card>
      {view === 'regions' ? (
        <>
          <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
            <Segmented value={level} onChange={(v) => setLevel(v as 'province' | 'city')} options={(['province', 'city'] as const).map((l) => ({ value: l, label: t(`relations.regionView.${l}`) }))} data-testid="overview-region-level" />
            <span style={{ color: '#8c8c8c' }}>{t('relations.regionView.hint')}</span>
          </Flex>
          {regions.isError ? <LoadError error={regions.error} onRetry={() => void regions.refetch()} /> : null}
          <Table<RegionRow>
            data-testid="overview-regions"
            rowKey={(r) => r.region ?? 'none'}
            size="small"
            loading={regions.isLoading}
            dataSource={regions.data?.items ?? []}
            pagination={false}
            columns={[
              {
                title: t('relations.regionView.region'),
                key: 'region',
                render: (_, r) => {
                  const code = r.region ? r.region.slice(0, level === 'province' ? 2 : 4) : null;
                  return code ? (
                    <Button type="link" style={{ padding: 0 }} data-testid={`overview-region-${code}`} onClick={() => { setFilters((f) => ({ ...f, region: code })); setView('list'); }}>
                      {regionName(code)}
                    </Button>
                  ) : (
                    t('relations.regionView.none')
                  );
                },
              },
              { title: t('relations.regionView.due'), dataIndex: 'due', width: 90, align: 'right' },
              { title: t('relations.regionView.overdue'), dataIndex: 'overdue', width: 90, align: 'right', render: (v: number) => (v > 0 ? <Tag color="red">{v}</Tag> : v) },
              { title: t('relations.regionView.dueSoon'), dataIndex: 'dueSoon', width: 90, align: 'right', render: (v: number) => (v > 0 ? <Tag color="orange">{v}</Tag> : v) },
            ]}
          />
        </>
      ) : null}
      {view === 'list' && query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {view === 'list' ? (
        <Table<ContactOverviewItem>
          data-testid="overview-table"
          rowKey="customerId"
          size="small"
          loading={query.isLoading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 760 }}
          onRow={(r) => ({ 'data-testid': `overview-row-${r.customerId}` }) as never}
          columns={[
            { title: t('relations.col.customer'), key: 'name', render: (_, r) => <Link to={`/customers/${r.customerId}`}>{r.name}</Link>, fixed: 'left', width: 180 },
            { title: t('relations.abcClass'), dataIndex: 'abcClass', width: 60, render: (v: string | null) => v ?? '—' },
            { title: t('relations.col.owner'), dataIndex: 'ownerName', width: 90, render: (v: string | null) => v ?? '公海' },
            { title: t('relations.col.lastCall'), dataIndex: 'lastCallAt', width: 100, render: day },
            { title: t('relations.col.nextCall'), key: 'call', width: 110, render: (_, r) => stateTag(r.callState, r.nextCallDue, `call-state-${r.customerId}`) },
            { title: t('relations.col.lastVisit'), dataIndex: 'lastVisitAt', width: 100, render: day },
            { title: t('relations.col.nextVisit'), key: 'visit', width: 110, render: (_, r) => stateTag(r.visitState, r.nextVisitDue, `visit-state-${r.customerId}`) },
            { title: t('relations.col.overdueDays'), dataIndex: 'overdueDays', width: 90, render: (v: number) => (v > 0 ? <Tag color="red">{t('relations.overdueDays', { count: v })}</Tag> : '—') },
          ]}
        />
      ) : null}
      {view === 'list' && query.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>{t('relations.loadMore')}</Button>
        </Flex>
      ) : null}
    </>
  );
};
