/**
 * /analytics/composition — 客户构成分析 (ANA-1): sales by grade, tier, class, product, category,
 * province or city, this period against the previous one, as a chart and a table, and the 80/20
 * (Pareto) curve marking how many customers make 80 % of sales.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Flex, Row, Segmented, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { compositionDimensions, type Composition, type CompositionDimension } from '../../../contract/analytics.js';
import { call } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { exportRows } from '../../ui/table-export.js';
import { Chart } from '../evaluation/chart.js';
import { ChinaMapChart } from '../../ui/china-map.js';

type Item = Composition['items'][number];
const money = (s: string) => Number(s).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);

export const CompositionPage = () => {
  const { t } = useTranslation();
  const [by, setBy] = useState<CompositionDimension>('grade');
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const data = useQuery({ queryKey: ['analytics', 'composition', by, from, to], queryFn: () => call('getComposition', { query: { by, from, to } }) });
  const c = data.data;
  const label = (i: Item) => (i.key === null ? t('analytics.none') : by === 'tier' || by === 'abcClass' ? t(`analytics.values.${by}.${i.key}` as 'analytics.values.tier.key', { defaultValue: i.label }) : i.label);
  const columns = [
    { header: t(`analytics.by.${by}`), value: (i: Item) => label(i) },
    { header: t('analytics.amount'), value: (i: Item) => Number(i.amount) },
    { header: t('analytics.share'), value: (i: Item) => i.share },
    { header: t('analytics.previousAmount'), value: (i: Item) => Number(i.previousAmount) },
    { header: t('analytics.change'), value: (i: Item) => i.change ?? '' },
    { header: t('analytics.customers'), value: (i: Item) => i.customers },
  ];
  return (
    <>
      <PageHeader
        title={t('analytics.title')}
        description={t('analytics.description')}
        extra={
          <Button icon={<DownloadOutlined />} disabled={!c || c.items.length === 0} onClick={() => c && exportRows('xlsx', `composition-${by}-${from}-${to}`, t('analytics.title'), columns, c.items)}>
            Excel
          </Button>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center">
          <Segmented value={by} onChange={(v) => setBy(v as CompositionDimension)} options={compositionDimensions.map((d) => ({ value: d, label: <span data-testid={`composition-by-${d}`}>{t(`analytics.by.${d}`)}</span> }))} />
          <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        </Flex>
      </Card>
      {data.error ? <LoadError error={data.error} onRetry={() => void data.refetch()} /> : null}
      {c ? (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Card>
                <Statistic title={t('analytics.total')} value={money(c.total)} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card>
                <Statistic title={t('analytics.pareto80')} value={c.pareto.customers80} suffix={`/ ${c.pareto.customersTotal}`} />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card>
                <Typography.Text type="secondary">{t('analytics.previous', { from: c.previousFrom, to: c.previousTo })}</Typography.Text>
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} lg={14}>
              <Card title={t('analytics.chart')}>
                <Chart
                  height={300}
                  testId="composition-chart"
                  option={{
                    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
                    legend: { top: 0, data: [t('analytics.amount'), t('analytics.previousAmount')] },
                    tooltip: { trigger: 'axis' },
                    xAxis: { type: 'category', data: c.items.slice(0, 20).map(label), axisLabel: { interval: 0, rotate: c.items.length > 6 ? 30 : 0 } },
                    yAxis: { type: 'value' },
                    series: [
                      { name: t('analytics.amount'), type: 'bar', data: c.items.slice(0, 20).map((i) => Number(i.amount)) },
                      { name: t('analytics.previousAmount'), type: 'bar', data: c.items.slice(0, 20).map((i) => Number(i.previousAmount)), itemStyle: { color: '#bfbfbf' } },
                    ],
                  }}
                />
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card title={t('analytics.paretoTitle')}>
                <Chart
                  height={300}
                  testId="pareto-chart"
                  option={{
                    grid: { left: 8, right: 24, top: 24, bottom: 28, containLabel: true },
                    tooltip: { trigger: 'axis' },
                    xAxis: { type: 'value', name: t('analytics.customers'), nameLocation: 'middle', nameGap: 24, min: 0, max: Math.max(1, c.pareto.customersTotal), minInterval: 1 },
                    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
                    series: [
                      {
                        type: 'line',
                        smooth: true,
                        showSymbol: false,
                        data: [[0, 0], ...c.pareto.curve.map((p) => [p.customers, p.share])],
                        markLine: { symbol: 'none', data: [{ yAxis: 0.8 }, { xAxis: c.pareto.customers80 }], label: { formatter: '80%' } },
                      },
                    ],
                  }}
                />
              </Card>
            </Col>
          </Row>
          {by === 'province' && (
            <Card title={t('analytics.map')} style={{ marginBottom: 16 }}>
              <ChinaMapChart testId="composition-map" valueLabel={t('analytics.amount')} data={c.items.filter((i) => i.key !== null).map((i) => ({ code: i.key!, name: i.label, value: Number(i.amount) }))} />
            </Card>
          )}
          <Card>
            <Table<Item>
              rowKey={(i) => i.key ?? '∅'}
              size="small"
              pagination={false}
              dataSource={c.items}
              scroll={{ x: 560 }}
              data-testid="composition-table"
              expandable={
                by === 'product' || by === 'productCategory'
                  ? {
                      rowExpandable: (i) => (i.topCustomers?.length ?? 0) > 0,
                      expandedRowRender: (i) => (
                        <Flex vertical gap={4} data-testid="composition-top-customers">
                          <Typography.Text type="secondary">{t('analytics.topCustomers')}</Typography.Text>
                          {(i.topCustomers ?? []).map((c, n) => (
                            <Flex key={c.customerId} justify="space-between" gap={12}>
                              <Link to={`/customers/${c.customerId}`}>
                                {n + 1}. {c.customerName}
                              </Link>
                              <span>{money(c.amount)}</span>
                            </Flex>
                          ))}
                        </Flex>
                      ),
                    }
                  : undefined
              }
              columns={[
                { title: t(`analytics.by.${by}`), key: 'k', render: (_: unknown, i) => label(i) },
                { title: t('analytics.amount'), dataIndex: 'amount', align: 'right', render: (v: string) => money(v) },
                { title: t('analytics.share'), dataIndex: 'share', align: 'right', render: (v: number) => pct(v) },
                { title: t('analytics.previousAmount'), dataIndex: 'previousAmount', align: 'right', responsive: ['md'], render: (v: string) => money(v) },
                { title: t('analytics.change'), dataIndex: 'change', align: 'right', render: (v: number | null) => <span style={{ color: v === null ? undefined : v >= 0 ? '#389e0d' : '#cf1322' }}>{pct(v)}</span> },
                { title: t('analytics.customers'), dataIndex: 'customers', align: 'right', responsive: ['lg'] },
              ]}
            />
          </Card>
        </>
      ) : null}
    </>
  );
};
