/** /service-requests — the service queue (SVC-10): my queue, overdue, awaiting response, all; overdue rows red and first; statistics with charts. */
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Flex, Row, Segmented, Select, Statistic, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { serviceCategories, serviceStatuses, serviceUrgencies, type ServiceCategory, type ServiceStatus, type ServiceUrgency } from '../../../contract/service-requests.js';
import { call, routeUrl } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useCursorList } from '../../ui/use-cursor-list.js';
import { useCurrentUser } from '../auth/current-user.js';
import { chinaTime, serviceRequestsKey, StatusTag } from './service-request-ui.js';

const ServiceCharts = lazy(() => import('./service-request-charts.js').then((m) => ({ default: m.ServiceCharts })));

type Tab = 'mine' | 'overdue' | 'open' | 'all';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

export const ServiceRequestsPage = () => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [tab, setTab] = useState<Tab>(me.roles.includes('cs_manager') ? 'overdue' : 'mine');
  const [category, setCategory] = useState<ServiceCategory | undefined>();
  const [urgency, setUrgency] = useState<ServiceUrgency | undefined>();
  const [status, setStatus] = useState<ServiceStatus | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [groupBy, setGroupBy] = useState<'month' | 'quarter' | 'year'>('month');
  const query = {
    ...(tab === 'mine' ? { assigneeId: me.id } : {}),
    ...(tab === 'overdue' ? { overdue: 'true' as const } : {}),
    ...(tab === 'open' ? { status: 'open' as const } : {}),
    ...(status && tab !== 'open' ? { status } : {}),
    ...(category ? { category } : {}),
    ...(urgency ? { urgency } : {}),
    ...(range?.[0] ? { from: range[0].format('YYYY-MM-DD') } : {}),
    ...(range?.[1] ? { to: range[1].format('YYYY-MM-DD') } : {}),
  };
  const list = useCursorList([...serviceRequestsKey, 'list', query], (pg) => call('listServiceRequests', { query: { ...query, limit: 50, ...pg } }));
  const stats = useQuery({ queryKey: [...serviceRequestsKey, 'statistics', groupBy], queryFn: () => call('serviceRequestStatistics', { query: { groupBy } }) });
  return (
    <>
      <PageHeader
        title={t('serviceRequests.title')}
        description={t('serviceRequests.intro')}
        extra={
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/service-requests/new')} data-testid="service-new">{t('serviceRequests.newRequest')}</Button>
            <Button icon={<DownloadOutlined />} href={routeUrl('exportServiceRequests', { query: { ...query, format: 'xlsx' } })} data-testid="service-export">{t('serviceRequests.export')}</Button>
          </>
        }
      />
      <Card size="small">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Segmented<Tab> value={tab} onChange={setTab} options={(['mine', 'overdue', 'open', 'all'] as const).map((k) => ({ value: k, label: <span data-testid={`service-tab-${k}`}>{t(`serviceRequests.tabs.${k}`)}</span> }))} />
          {tab !== 'open' ? <Select allowClear placeholder={t('serviceRequests.status')} style={{ minWidth: 130 }} value={status} onChange={setStatus} options={serviceStatuses.map((s) => ({ value: s, label: t(`serviceRequests.statuses.${s}`) }))} /> : null}
          <Select allowClear placeholder={t('serviceRequests.category')} style={{ minWidth: 110 }} value={category} onChange={setCategory} options={serviceCategories.map((c) => ({ value: c, label: t(`serviceRequests.categories.${c}`) }))} />
          <Select allowClear placeholder={t('serviceRequests.urgency')} style={{ minWidth: 110 }} value={urgency} onChange={setUrgency} options={serviceUrgencies.map((u) => ({ value: u, label: t(`serviceRequests.urgencies.${u}`) }))} />
          <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} style={{ maxWidth: '100%' }} />
        </Flex>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            loading={list.isLoading}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: t('serviceRequests.empty') }}
            data-testid="service-table"
            onRow={(r) => ({ style: r.overdue ? { background: '#fff1f0' } : undefined })}
            columns={[
              { title: t('serviceRequests.requestNo'), dataIndex: 'requestNo', fixed: 'left', width: 140, render: (no: string, r) => <Link to={`/service-requests/${r.id}`} data-testid={`service-row-${r.id}`}>{no}</Link> },
              { title: t('serviceRequests.status'), dataIndex: 'status', width: 150, render: (s: ServiceStatus, r) => <StatusTag status={s} overdue={r.overdue} /> },
              { title: t('serviceRequests.subject'), dataIndex: 'subject', ellipsis: true },
              { title: t('serviceRequests.customer'), dataIndex: 'customerName', render: (n: string | null, r) => (r.customerHidden ? <Typography.Text type="secondary">{t('serviceRequests.customerHidden')}</Typography.Text> : n) },
              { title: t('serviceRequests.category'), dataIndex: 'category', width: 80, render: (c: ServiceCategory) => t(`serviceRequests.categories.${c}`) },
              { title: t('serviceRequests.urgency'), dataIndex: 'urgency', width: 80, render: (u: ServiceUrgency) => <Typography.Text type={u === 'urgent' ? 'danger' : undefined}>{t(`serviceRequests.urgencies.${u}`)}</Typography.Text> },
              { title: t('serviceRequests.resolutionDue'), dataIndex: 'resolutionDueAt', width: 140, render: (d: string, r) => <Typography.Text type={r.overdue ? 'danger' : undefined}>{chinaTime(d)}</Typography.Text> },
              { title: t('serviceRequests.team'), dataIndex: 'teamName', width: 110, render: (n: string | null) => n ?? t('serviceRequests.teamDefault') },
              { title: t('serviceRequests.assignee'), dataIndex: 'assigneeName', width: 90 },
            ]}
          />
        )}
        {list.hasNextPage ? (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('serviceRequests.loadMore')}</Button>
          </Flex>
        ) : null}
      </Card>
      <Card size="small" title={t('serviceRequests.statistics')} style={{ marginTop: 16 }} extra={<Segmented size="small" value={groupBy} onChange={setGroupBy} options={(['month', 'quarter', 'year'] as const).map((g) => ({ value: g, label: t(`serviceRequests.stats.${g}`) }))} />} data-testid="service-statistics">
        {stats.data ? (
          <>
            <Row gutter={[12, 12]}>
              <Col xs={12} md={4}><Statistic title={t('serviceRequests.stats.total')} value={stats.data.total} /></Col>
              <Col xs={12} md={4}><Statistic title={t('serviceRequests.stats.escalated')} value={stats.data.escalated} /></Col>
              <Col xs={12} md={4}><Statistic title={t('serviceRequests.stats.avgFirst')} value={stats.data.avgHoursToFirstResponse ?? '—'} /></Col>
              <Col xs={12} md={4}><Statistic title={t('serviceRequests.stats.avgResolve')} value={stats.data.avgHoursToResolve ?? '—'} /></Col>
              <Col xs={12} md={4}><Statistic title={t('serviceRequests.stats.firstOnTime')} value={pct(stats.data.firstResponseOnTimeRate)} /></Col>
              <Col xs={12} md={4}><Statistic title={t('serviceRequests.stats.resolveOnTime')} value={pct(stats.data.resolutionOnTimeRate)} /></Col>
            </Row>
            <Suspense fallback={null}><ServiceCharts stats={stats.data} /></Suspense>
          </>
        ) : stats.isError ? <LoadError error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      </Card>
    </>
  );
};
