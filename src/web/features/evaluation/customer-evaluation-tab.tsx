/** The evaluation tab of a customer archive: grade history by quarter (ECharts) and grade / tier / class changes. */
import { useQuery } from '@tanstack/react-query';
import { Empty, Spin, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadError } from '../../ui/results.js';
import { Chart } from './chart.js';

const gradeOrder = ['D', 'C', 'B', 'A', 'AA', 'AAA'];

export const CustomerEvaluationTab = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['evaluation', 'history', customerId], queryFn: () => call('customerGradeHistory', { params: { id: customerId } }) });
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Spin />;
  const items = q.data.items;
  return (
    <div data-testid="customer-evaluation">
      {items.length === 0 ? <Empty description={t('evaluation.history.empty')} /> : (
        <Chart height={240} option={{
          tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 40, right: 40, top: 30, bottom: 30 },
          xAxis: { type: 'category', data: items.map((i) => i.quarter) },
          yAxis: [{ type: 'value', name: t('evaluation.total'), max: 100 }, { type: 'category', data: gradeOrder, name: t('evaluation.grade') }],
          series: [
            { type: 'bar', name: t('evaluation.total'), data: items.map((i) => i.total) },
            { type: 'line', name: t('evaluation.grade'), yAxisIndex: 1, data: items.map((i) => i.grade) },
          ],
        }} />
      )}
      <Table size="small" rowKey="id" pagination={{ pageSize: 10 }} scroll={{ x: 'max-content' }} dataSource={q.data.changes} style={{ marginTop: 8 }}
        columns={[
          { title: t('evaluation.changes.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
          { title: t('evaluation.changes.kind'), dataIndex: 'kind', render: (k: 'grade') => t(`evaluation.changes.kinds.${k}`) },
          { title: t('evaluation.changes.from'), dataIndex: 'from' },
          { title: t('evaluation.changes.to'), dataIndex: 'to' },
          { title: t('evaluation.changes.cause'), dataIndex: 'cause' },
          { title: t('evaluation.changes.reason'), dataIndex: 'reason', render: (v: string | null, r) => (r.evaluationId ? <Link to={`/evaluation/${r.evaluationId}`}>{v}</Link> : v) },
        ]} />
    </div>
  );
};
