/**
 * The evaluation tab of a customer archive: the grade history by quarter (ECharts: total as bars,
 * the grade as a line), its credit evaluations, grade / tier / class changes with their causes,
 * and its relationship evaluations.
 */
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadError } from '../../ui/results.js';
import { useChangeValue } from './changes-tab.js';
import { Chart } from './chart.js';
import { evaluationKey, gradeOrder, useEvaluationRoles } from './evaluation-ui.js';
import { PurchaseTarget } from './purchase-target.js';

export const CustomerEvaluationTab = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const value = useChangeValue();
  const { fillsRelationship } = useEvaluationRoles();
  const q = useQuery({ queryKey: [...evaluationKey, 'history', customerId], queryFn: () => call('customerGradeHistory', { params: { id: customerId } }) });
  // one page each, under keys of their own: the lists' infinite queries use [..., 'list' | 'relationships', filters]
  const evaluations = useQuery({ queryKey: [...evaluationKey, 'list', 'customer', customerId], queryFn: () => call('listEvaluations', { query: { customerId, limit: 20 } }) });
  const relationships = useQuery({ queryKey: [...evaluationKey, 'relationships', 'customer', customerId], queryFn: () => call('listRelationshipEvaluations', { query: { customerId, limit: 20 } }) });
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Spin />;
  const items = q.data.items;
  return (
    <Flex vertical gap={16} data-testid="customer-evaluation">
      <PurchaseTarget customerId={customerId} />
      <div>
        <Typography.Title level={5}>{t('evaluation.history.title')}</Typography.Title>
        {items.length === 0 ? <Empty description={t('evaluation.history.empty')} /> : (
          <Chart height={260} testId="grade-history-chart" option={{
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
            xAxis: { type: 'category', data: items.map((i) => i.quarter) },
            yAxis: [
              { type: 'value', name: t('evaluation.total'), min: 0, max: 100, interval: 20 },
              { type: 'category', data: [...gradeOrder], name: t('evaluation.grade'), boundaryGap: false, position: 'right' },
            ],
            series: [
              { type: 'bar', name: t('evaluation.total'), data: items.map((i) => i.total), barMaxWidth: 32, label: { show: true, position: 'top' } },
              { type: 'line', name: t('evaluation.grade'), yAxisIndex: 1, data: items.map((i) => i.grade), connectNulls: true, symbolSize: 8 },
            ],
          }} />
        )}
      </div>
      <div>
        <Typography.Title level={5}>{t('evaluation.history.evaluations')}</Typography.Title>
        <Table size="small" rowKey="id" pagination={false} scroll={{ x: 'max-content' }} dataSource={evaluations.data?.items ?? []} loading={evaluations.isPending} data-testid="customer-evaluations"
          columns={[
            { title: t('evaluation.quarter'), dataIndex: 'quarter', render: (v: string, r) => <Link to={`/evaluation/${r.id}`} data-testid={`customer-evaluation-${v}`}>{v}</Link> },
            { title: t('evaluation.state'), dataIndex: 'state', render: (s: 'open') => <Tag>{t(`evaluation.states.${s}`)}</Tag> },
            { title: t('evaluation.total'), dataIndex: 'total', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
            { title: t('evaluation.grade'), dataIndex: 'grade', render: (v: string | null) => v ?? '—' },
            { title: t('evaluation.tier'), dataIndex: 'tier', render: (v: 'key' | null) => (v ? t(`evaluation.tiers.${v}`) : '—') },
          ]} />
      </div>
      <div>
        <Typography.Title level={5}>{t('evaluation.history.changes')}</Typography.Title>
        <Table size="small" rowKey="id" pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} dataSource={q.data.changes} data-testid="customer-grade-changes"
          columns={[
            { title: t('evaluation.changes.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
            { title: t('evaluation.changes.kind'), dataIndex: 'kind', render: (k: 'grade') => t(`evaluation.changes.kinds.${k}`) },
            { title: t('evaluation.changes.change'), key: 'c', render: (_v, r) => `${value(r.kind, r.from)} → ${value(r.kind, r.to)}` },
            { title: t('evaluation.changes.cause'), dataIndex: 'cause', render: (c: string) => t(`evaluation.changes.causes.${c}`, { defaultValue: c }) },
            { title: t('evaluation.changes.reason'), dataIndex: 'reason', render: (v: string | null, r) => (r.evaluationId ? <Link to={`/evaluation/${r.evaluationId}`}>{v ?? r.quarter}</Link> : (v ?? '—')) },
          ]} />
      </div>
      <div>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Title level={5} style={{ margin: 0 }}>{t('evaluation.tabs.relationship')}</Typography.Title>
          {fillsRelationship ? <Link to={`/evaluation/relationships/new?customerId=${customerId}`}><Button size="small" icon={<PlusOutlined />} data-testid="customer-relationship-new">{t('evaluation.relationship.new')}</Button></Link> : null}
        </Flex>
        <Table size="small" rowKey="id" pagination={false} scroll={{ x: 'max-content' }} dataSource={relationships.data?.items ?? []} loading={relationships.isPending} style={{ marginTop: 8 }}
          columns={[
            { title: t('evaluation.relationship.evaluatedOn'), dataIndex: 'evaluatedOn', render: (v: string, r) => <Link to={`/evaluation/relationships/${r.id}`}>{v}</Link> },
            { title: t('evaluation.relationship.total'), dataIndex: 'total', render: (v: number) => v.toFixed(1) },
            { title: t('evaluation.relationship.recommendation'), dataIndex: 'recommendation', render: (v: 'improve') => t(`evaluation.relationship.recommendations.${v}`) },
            { title: t('evaluation.state'), dataIndex: 'state', render: (v: 'draft') => t(`evaluation.relationship.states.${v}`) },
          ]} />
      </div>
    </Flex>
  );
};
