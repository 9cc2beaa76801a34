/** Relationship evaluations (客户关系评估表): filter by state, recommendation and customer, page by cursor, export. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { recommendations, relationshipStates } from '../../../contract/evaluation.js';
import { call, routeUrl } from '../../api.js';
import { LoadError } from '../../ui/results.js';
import { useFilterWidth } from '../../ui/use-filter-width.js';
import { CustomerPicker } from '../customers/customer-picker.js';
import { evaluationKey, ExportButtons, LoadMore, useEvaluationRoles, relationshipStateColor } from './evaluation-ui.js';
import { useCursorList } from '../../ui/use-cursor-list.js';

type State = (typeof relationshipStates)[number];
type Recommendation = (typeof recommendations)[number];
const recColors: Record<string, string> = { improve: 'gold', maintain: 'green', terminate: 'red' };

export const RelationshipTab = () => {
  const { t } = useTranslation();
  const width = useFilterWidth();
  const { fillsRelationship } = useEvaluationRoles();
  const [state, setState] = useState<State | undefined>();
  const [recommendation, setRecommendation] = useState<Recommendation | undefined>();
  const [customerId, setCustomerId] = useState<string | undefined>();
  const filters = { ...(state ? { state } : {}), ...(recommendation ? { recommendation } : {}), ...(customerId ? { customerId } : {}) };
  const list = useCursorList([...evaluationKey, 'relationships', filters], (page) => call('listRelationshipEvaluations', { query: { limit: 50, ...filters, ...page } }));
  const rows = useMemo(() => list.items, [list.data]);
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8}>
        {fillsRelationship ? <Link to="/evaluation/relationships/new"><Button type="primary" icon={<PlusOutlined />} data-testid="relationship-new">{t('evaluation.relationship.new')}</Button></Link> : null}
        <div style={width(240)}><CustomerPicker value={customerId} onChange={setCustomerId} placeholder={t('evaluation.relationship.pickCustomer')} testId="relationship-filter-customer" /></div>
        <Select allowClear style={width(130)} placeholder={t('evaluation.state')} value={state} onChange={setState} options={relationshipStates.map((s) => ({ value: s, label: t(`evaluation.relationship.states.${s}`) }))} data-testid="relationship-filter-state" />
        <Select allowClear style={width(140)} placeholder={t('evaluation.relationship.recommendation')} value={recommendation} onChange={setRecommendation} options={recommendations.map((s) => ({ value: s, label: t(`evaluation.relationship.recommendations.${s}`) }))} data-testid="relationship-filter-recommendation" />
        <ExportButtons testId="relationship" href={(format) => routeUrl('exportRelationshipEvaluations', { query: { format, ...filters } })} />
      </Flex>
      <Table size="small" rowKey="id" loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)} scroll={{ x: 'max-content' }} dataSource={rows} pagination={false} data-testid="relationship-list"
        columns={[
          { responsive: ['md'], title: t('evaluation.relationship.evaluatedOn'), dataIndex: 'evaluatedOn' },
          { responsive: ['md'], title: t('evaluation.archiveNo'), dataIndex: 'archiveNo' },
          { title: t('evaluation.customer'), dataIndex: 'customerName', render: (v: string, r) => <Link to={`/evaluation/relationships/${r.id}`} data-testid={`relationship-open-${r.id}`}>{v}</Link> },
          { responsive: ['md'], title: t('evaluation.relationship.customerGrade'), dataIndex: 'customerGrade', render: (v: string | null) => v ?? '—' },
          { title: t('evaluation.relationship.total'), dataIndex: 'total', align: 'right', render: (v: number) => v.toFixed(1) },
          { title: t('evaluation.relationship.recommendation'), dataIndex: 'recommendation', render: (v: Recommendation) => <Tag color={recColors[v]}>{t(`evaluation.relationship.recommendations.${v}`)}</Tag> },
          { title: t('evaluation.state'), dataIndex: 'state', render: (v: State) => <Tag color={relationshipStateColor[v]}>{t(`evaluation.relationship.states.${v}`)}</Tag> },
          { responsive: ['md'], title: t('evaluation.relationship.evaluator'), dataIndex: 'evaluatorName', render: (v: string | null) => v ?? '—' },
          { responsive: ['md'], title: t('evaluation.relationship.measures'), key: 'm', align: 'right', render: (_v, r) => r.measures.length },
        ]} />
      <LoadMore count={rows.length} hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} testId="relationship" />
    </Flex>
  );
};
