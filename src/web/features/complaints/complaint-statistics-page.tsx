/** /complaints/statistics — 客户投诉统计表 (SVC-9): a month, quarter or year; charts (and the twelve months' trend), printable A4 form, export. */
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Flex, Row, Segmented, Spin, Statistic, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, routeUrl } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { Chart } from '../evaluation/chart.js';
import { complaintsKey } from './complaint-ui.js';

type GroupBy = 'month' | 'quarter' | 'year';

function periodOf(groupBy: GroupBy, at: Dayjs): { from: string; to: string } {
  const start = groupBy === 'year' ? at.startOf('year') : groupBy === 'quarter' ? at.month(at.month() - (at.month() % 3)).startOf('month') : at.startOf('month');
  const end = groupBy === 'year' ? start.endOf('year') : groupBy === 'quarter' ? start.add(2, 'month').endOf('month') : start.endOf('month');
  return { from: start.format('YYYY-MM-DD'), to: end.format('YYYY-MM-DD') };
}

export const ComplaintStatisticsPage = () => {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<GroupBy>('month');
  const [at, setAt] = useState<Dayjs>(dayjs());
  const period = periodOf(groupBy, at);
  const query = { ...period, groupBy };
  const s = useQuery({ queryKey: [...complaintsKey, 'statistics', query], queryFn: () => call('complaintStatistics', { query }) });
  // the trend chart: the twelve months up to the end of the chosen period, month by month
  const trendQuery = { from: dayjs(period.to).subtract(11, 'month').startOf('month').format('YYYY-MM-DD'), to: period.to, groupBy: 'month' as const };
  const trend = useQuery({ queryKey: [...complaintsKey, 'statistics', trendQuery], queryFn: () => call('complaintStatistics', { query: trendQuery }) });
  const picker = groupBy === 'year' ? 'year' : groupBy === 'quarter' ? 'quarter' : 'month';
  return (
    <>
      <PageHeader
        title={t('complaints.statistics')}
        extra={
          <>
            <Button icon={<PrinterOutlined />} href={routeUrl('printComplaintStatistics', { query })} target="_blank" data-testid="complaint-statistics-print">{t('complaints.printStatistics')}</Button>
            <Button icon={<DownloadOutlined />} href={routeUrl('exportComplaints', { query: { from: period.from, to: period.to, format: 'xlsx' } })}>{t('complaints.export')}</Button>
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented<GroupBy> value={groupBy} onChange={setGroupBy} options={(['month', 'quarter', 'year'] as const).map((g) => ({ value: g, label: t(`complaints.groupBys.${g}`) }))} />
        <DatePicker picker={picker} value={at} onChange={(d) => d && setAt(d)} allowClear={false} />
      </Flex>
      {s.isError ? <LoadError error={s.error} onRetry={() => void s.refetch()} /> : !s.data ? <Spin /> : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}><Card size="small"><Statistic title={t('complaints.total')} value={s.data.total} data-testid="complaint-stat-total" /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title={t('complaints.avgHours')} value={s.data.avgHoursToResolve ?? '—'} /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title={t('complaints.onTimeRate')} value={s.data.onTimeRate === null ? '—' : `${(s.data.onTimeRate * 100).toFixed(1)}%`} /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title={t('complaints.avgSatisfaction')} value={s.data.avgSatisfaction ?? '—'} suffix={s.data.avgSatisfaction === null ? undefined : '/ 5'} /></Card></Col>
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} md={12}>
              <Card size="small" title={t('complaints.byChannel')}>
                <Chart testId="complaint-chart-channel" option={{ tooltip: {}, series: [{ type: 'pie', radius: ['35%', '65%'], data: Object.entries(s.data.byChannel).map(([k, v]) => ({ name: t(`complaints.channels.${k as 'phone'}`), value: v })) }] }} />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small" title={t('complaints.byDepartment')}>
                <Chart option={{ tooltip: {}, grid: { left: 100, right: 16, top: 8, bottom: 24 }, xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: s.data.byDepartment.map((d) => d.name ?? t('complaints.unassigned')) }, series: [{ type: 'bar', data: s.data.byDepartment.map((d) => d.count), itemStyle: { color: '#1677ff' } }] }} />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small" title={t('complaints.byResolution')}>
                <Table size="small" pagination={false} rowKey="kind" dataSource={Object.entries(s.data.byResolution).map(([kind, v]) => ({ kind, ...v }))}
                  columns={[{ title: t('complaints.resolutionKind'), dataIndex: 'kind', render: (k: string) => t(`complaints.resolutions.${k as 'other'}`) }, { title: t('complaints.total'), dataIndex: 'count' }, { title: t('complaints.lossAmount'), dataIndex: 'lossAmount', align: 'right' }]} />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small" title={t('complaints.byCategory')}>
                <Chart option={{ tooltip: {}, xAxis: { type: 'category', data: Object.keys(s.data.byCategory).map((k) => t(`complaints.categories.${k as 'other'}`)) }, yAxis: { type: 'value', minInterval: 1 }, series: [{ type: 'bar', data: Object.values(s.data.byCategory), itemStyle: { color: '#fa8c16' } }] }} />
              </Card>
            </Col>
            <Col xs={24}>
              <Card size="small" title={t('complaints.trendMonths')}>
                {trend.data ? (
                  <Chart testId="complaint-chart-trend" option={{
                    tooltip: { trigger: 'axis' }, legend: { data: [t('complaints.total'), t('complaints.resolvedCount')] }, grid: { left: 40, right: 16, top: 32, bottom: 24 },
                    xAxis: { type: 'category', data: trend.data.periods.map((x) => x.period) }, yAxis: { type: 'value', minInterval: 1 },
                    series: [
                      { name: t('complaints.total'), type: 'bar', data: trend.data.periods.map((x) => x.total), itemStyle: { color: '#1677ff' } },
                      { name: t('complaints.resolvedCount'), type: 'line', data: trend.data.periods.map((x) => x.resolved), itemStyle: { color: '#52c41a' } },
                    ],
                  }} />
                ) : trend.isError ? <LoadError error={trend.error} onRetry={() => void trend.refetch()} /> : <Spin />}
              </Card>
            </Col>
            <Col xs={24}>
              <Card size="small" title={t('complaints.products')}>
                <Table size="small" pagination={false} rowKey="product" dataSource={s.data.byProduct} scroll={{ x: 400 }}
                  columns={[{ title: t('complaints.product'), dataIndex: 'product' }, { title: t('complaints.total'), dataIndex: 'count' }, { title: t('complaints.quantity'), dataIndex: 'quantity', align: 'right' }]} />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </>
  );
};
