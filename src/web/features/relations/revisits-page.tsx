/** /relations/revisits — 客户回访报告 (REL-7): the reports filtered and exported, each printable as the A4 客户回访报告表. */
import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Rate, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { revisitMethods, type RevisitReport } from '../../../contract/revisits.js';
import { call, routeUrl } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useCursorList } from '../../ui/use-cursor-list.js';
import { ExportButtons } from '../evaluation/evaluation-ui.js';

type Filters = { method?: RevisitReport['method']; maxSatisfaction?: number; from?: string; to?: string };

export const RevisitsPage = () => {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const list = useCursorList(['revisit-reports', filters], (page) => call('listRevisitReports', { query: { ...filters, limit: 50, ...page } }));
  return (
    <>
      <PageHeader
        title={t('relations.revisits.title')}
        description={t('relations.revisits.description')}
        extra={
          <Flex gap={8} wrap>
            <Link to="/relations/revisits/new"><Button type="primary" icon={<PlusOutlined />} data-testid="revisit-new">{t('relations.revisits.new')}</Button></Link>
            <ExportButtons testId="revisits" href={(format) => routeUrl('exportRevisitReports', { query: { ...filters, format } })} />
          </Flex>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap align="center">
          <Select allowClear style={{ width: 130 }} placeholder={t('relations.revisits.col.method')} value={filters.method} options={revisitMethods.map((m) => ({ value: m, label: t(`relations.revisits.methods.${m}`) }))} onChange={(v) => setFilters((f) => ({ ...f, method: v }))} data-testid="revisits-method" />
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('relations.revisits.maxSatisfaction')}
            value={filters.maxSatisfaction}
            options={[1, 2, 3, 4].map((n) => ({ value: n, label: `≤ ${n} ${t(`relations.revisits.satisfactionLabels.s${n as 1}`)}` }))}
            onChange={(v) => setFilters((f) => ({ ...f, maxSatisfaction: v }))}
            data-testid="revisits-satisfaction"
          />
          <DatePicker.RangePicker
            inputReadOnly
            style={{ maxWidth: 260 }}
            placeholder={[t('relations.revisits.period'), t('relations.revisits.period')]}
            onChange={(r) => setFilters((f) => ({ ...f, from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') }))}
          />
        </Flex>
      </Card>
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<RevisitReport>
        data-testid="revisits-table"
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 820 }}
        columns={[
          { title: t('relations.revisits.col.visitedOn'), dataIndex: 'visitedOn', width: 105, fixed: 'left' },
          { title: t('relations.revisits.col.customer'), key: 'customer', width: 180, render: (_, r) => <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link> },
          { title: t('relations.revisits.col.method'), dataIndex: 'method', width: 90, render: (m: RevisitReport['method']) => t(`relations.revisits.methods.${m}`) },
          { title: t('relations.revisits.col.visitor'), dataIndex: 'visitorName', width: 90 },
          { title: t('relations.revisits.col.satisfaction'), dataIndex: 'satisfaction', width: 150, render: (n: number) => <Rate disabled value={n} style={{ fontSize: 14 }} /> },
          { title: t('relations.revisits.col.evaluation'), dataIndex: 'evaluation', render: (s: string) => <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>{s}</Typography.Paragraph> },
          { title: t('relations.revisits.col.source'), dataIndex: 'sourceType', width: 100, render: (s: RevisitReport['sourceType']) => (s ? <Tag>{t(`relations.revisits.sources.${s}`)}</Tag> : '—') },
          { title: '', key: 'print', width: 70, render: (_, r) => <Button size="small" icon={<PrinterOutlined />} href={routeUrl('printRevisitReport', { params: { id: r.id } })} target="_blank" rel="noopener" aria-label={t('relations.revisits.print')} data-testid={`revisit-print-${r.id}`} /> },
        ]}
      />
      {list.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('relations.loadMore')}</Button>
        </Flex>
      ) : null}
    </>
  );
};
