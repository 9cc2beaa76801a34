/** /sales/receivables — 应收账款 (SAL-1) with the aging buckets (SAL-4): a chart people look at, the rows behind it. */
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Flex, Row, Segmented, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Receivable, ReceivableState } from '../../../contract/sales.js';
import { call } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { exportRows } from '../../ui/table-export.js';
import { useCursorList } from '../../ui/use-cursor-list.js';
import { Chart } from '../evaluation/chart.js';

export const salesKey = ['sales'] as const;
const stateColor: Record<ReceivableState, string> = { open: 'blue', overdue: 'red', paid: 'green', bad_debt: 'default' };
const money = (s: string) => Number(s).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const ReceivablesPage = () => {
  const { t } = useTranslation();
  const [state, setState] = useState<ReceivableState | 'all'>('overdue');
  const aging = useQuery({ queryKey: [...salesKey, 'aging'], queryFn: () => call('receivablesAging', { query: {} }) });
  const list = useCursorList([...salesKey, 'receivables', state], (page) => call('listReceivables', { query: { limit: 50, ...(state === 'all' ? {} : { state }), ...page } }));
  const items = list.items;
  const columns = [
    { header: t('sales.receivables.customer'), value: (r: Receivable) => `${r.customerName} ${r.archiveNo}` },
    { header: t('sales.receivables.contract'), value: (r: Receivable) => r.contractNo ?? '' },
    { header: t('sales.receivables.owner'), value: (r: Receivable) => r.ownerName ?? '' },
    { header: t('sales.receivables.amount'), value: (r: Receivable) => Number(r.amount) },
    { header: t('sales.receivables.dueOn'), value: (r: Receivable) => r.dueOn },
    { header: t('sales.receivables.paidOn'), value: (r: Receivable) => r.paidOn ?? '' },
    { header: t('sales.receivables.state'), value: (r: Receivable) => t(`sales.receivables.states.${r.state}`) },
    { header: t('sales.receivables.daysOverdue'), value: (r: Receivable) => r.daysOverdue },
  ];
  const a = aging.data;
  return (
    <>
      <PageHeader
        title={t('sales.receivables.title')}
        description={t('sales.receivables.description')}
        extra={
          <Button icon={<DownloadOutlined />} disabled={items.length === 0} onClick={() => exportRows('xlsx', `receivables-${state}`, t('sales.receivables.title'), columns, items)} data-testid="receivables-export">
            Excel
          </Button>
        }
      />
      {aging.error ? <LoadError error={aging.error} onRetry={() => void aging.refetch()} /> : null}
      {a ? (
        <Card title={t('sales.receivables.aging')} style={{ marginBottom: 16 }} data-testid="receivables-aging">
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={t('sales.receivables.total')} value={money(a.total.amount)} suffix={<small>{t('sales.receivables.count', { count: a.total.count })}</small>} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('sales.receivables.notDue')} value={money(a.notDue.amount)} suffix={<small>{t('sales.receivables.count', { count: a.notDue.count })}</small>} />
            </Col>
            <Col xs={24} md={12}>
              <Chart
                height={200}
                testId="aging-chart"
                option={{
                  grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
                  tooltip: { trigger: 'axis' },
                  xAxis: { type: 'category', data: a.buckets.map((b) => t(`sales.receivables.buckets.${b.bucket}`)) },
                  yAxis: { type: 'value' },
                  series: [{ type: 'bar', data: a.buckets.map((b, i) => ({ value: Number(b.amount), itemStyle: { color: ['#faad14', '#fa8c16', '#f5222d', '#a8071a'][i] } })) }],
                }}
              />
            </Col>
          </Row>
        </Card>
      ) : null}
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Segmented
            value={state}
            onChange={(v) => setState(v as typeof state)}
            options={(['overdue', 'open', 'paid', 'bad_debt', 'all'] as const).map((s) => ({ value: s, label: <span data-testid={`receivables-filter-${s}`}>{s === 'all' ? t('sales.receivables.all') : t(`sales.receivables.states.${s}`)}</span> }))}
          />
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<Receivable>
          rowKey="paymentId"
          size="small"
          loading={list.isLoading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 720 }}
          locale={{ emptyText: t('sales.receivables.empty') }}
          data-testid="receivables-table"
          columns={[
            { title: t('sales.receivables.customer'), key: 'customer', render: (_: unknown, r) => <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link> },
            { title: t('sales.receivables.contract'), key: 'contract', responsive: ['md'], render: (_: unknown, r) => (r.contractId ? <Link to={`/sales/contracts/${r.contractId}`}>{r.contractNo}</Link> : '—') },
            { title: t('sales.receivables.owner'), dataIndex: 'ownerName', responsive: ['lg'], width: 100 },
            { title: t('sales.receivables.amount'), dataIndex: 'amount', align: 'right', width: 130, render: (v: string) => money(v) },
            { title: t('sales.receivables.dueOn'), dataIndex: 'dueOn', width: 110 },
            { title: t('sales.receivables.state'), dataIndex: 'state', width: 100, render: (s: ReceivableState) => <Tag color={stateColor[s]}>{t(`sales.receivables.states.${s}`)}</Tag> },
            { title: t('sales.receivables.daysOverdue'), dataIndex: 'daysOverdue', width: 90, align: 'right', render: (d: number) => (d > 0 ? d : '') },
          ]}
        />
        {list.hasNextPage ? (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('common.more')}
            </Button>
          </Flex>
        ) : null}
      </Card>
    </>
  );
};
