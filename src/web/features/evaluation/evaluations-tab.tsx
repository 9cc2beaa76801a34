/** The credit evaluations: filter by quarter, department, state, grade and name; page by cursor; export what the filters select. */
import { useQuery } from '@tanstack/react-query';
import { Flex, Input, Select, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { creditGrades } from '../../../contract/customers.js';
import { evaluationStates } from '../../../contract/evaluation.js';
import { call, routeUrl } from '../../api.js';
import { LoadError } from '../../ui/results.js';
import { useFilterWidth } from '../../ui/use-filter-width.js';
import { DepartmentTreeSelect } from '../departments/department-tree-select.js';
import { evaluationKey, ExportButtons, LoadMore, evaluationStateColor } from './evaluation-ui.js';
import { useCursorList } from '../../ui/use-cursor-list.js';

type State = (typeof evaluationStates)[number];
type Grade = (typeof creditGrades)[number];
export type EvaluationFilters = { quarter?: string | undefined; departmentId?: string | undefined; state?: State | undefined; grade?: Grade | undefined; q?: string | undefined };
const clean = (f: EvaluationFilters) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '')) as EvaluationFilters;

export const EvaluationsTab = ({ filters, setFilters }: { filters: EvaluationFilters; setFilters: (f: EvaluationFilters) => void }) => {
  const { t } = useTranslation();
  const width = useFilterWidth();
  const [q, setQ] = useState(filters.q ?? '');
  const f = clean(filters);
  const rounds = useQuery({ queryKey: [...evaluationKey, 'rounds'], queryFn: () => call('listEvaluationRounds') });
  const list = useCursorList([...evaluationKey, 'list', f], (page) => call('listEvaluations', { query: { ...f, limit: 50, ...page } }));
  const rows = useMemo(() => list.items, [list.data]);
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8}>
        <Input.Search allowClear style={width(240)} placeholder={t('evaluation.search')} value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setFilters({ ...filters, q: v.trim() || undefined })} data-testid="evaluations-search" />
        <Select allowClear style={width(130)} placeholder={t('evaluation.quarter')} value={filters.quarter} onChange={(quarter) => setFilters({ ...filters, quarter })}
          options={(rounds.data?.items ?? []).map((r) => ({ value: r.quarter, label: r.quarter }))} data-testid="evaluations-quarter" />
        <DepartmentTreeSelect allowClear selectDisabled value={filters.departmentId ?? null} onChange={(d) => setFilters({ ...filters, departmentId: d ?? undefined })} placeholder={t('evaluation.department')} style={width(170)} testId="evaluations-department" />
        <Select allowClear style={width(130)} placeholder={t('evaluation.state')} value={filters.state} onChange={(state) => setFilters({ ...filters, state })}
          options={evaluationStates.map((s) => ({ value: s, label: t(`evaluation.states.${s}`) }))} data-testid="evaluations-state" />
        <Select allowClear style={width(110)} placeholder={t('evaluation.grade')} value={filters.grade} onChange={(grade) => setFilters({ ...filters, grade })}
          options={creditGrades.map((g) => ({ value: g, label: g }))} data-testid="evaluations-grade" />
        <ExportButtons testId="evaluations" href={(format) => routeUrl('exportEvaluations', { query: { ...f, format } })} />
      </Flex>
      <Table size="small" rowKey="id" loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)} scroll={{ x: 'max-content' }} dataSource={rows} data-testid="evaluations-list" pagination={false}
        columns={[
          { responsive: ['md'], title: t('evaluation.archiveNo'), dataIndex: 'archiveNo' },
          { title: t('evaluation.customer'), dataIndex: 'customerName', render: (v: string, r) => <Link to={`/evaluation/${r.id}`} data-testid={`evaluation-open-${r.archiveNo}`}>{v}</Link> },
          { responsive: ['md'], title: t('evaluation.quarter'), dataIndex: 'quarter' },
          { responsive: ['md'], title: t('evaluation.department'), dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
          { title: t('evaluation.state'), dataIndex: 'state', render: (s: State) => <Tag color={evaluationStateColor[s]}>{t(`evaluation.states.${s}`)}</Tag> },
          { title: t('evaluation.total'), dataIndex: 'total', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
          { title: t('evaluation.grade'), dataIndex: 'grade', render: (v: string | null, r) => (v ? (r.previousGrade && r.previousGrade !== v && r.state === 'finalised' ? `${r.previousGrade} → ${v}` : v) : '—') },
          { responsive: ['md'], title: t('evaluation.tier'), dataIndex: 'tier', render: (v: 'key' | null) => (v ? t(`evaluation.tiers.${v}`) : '—') },
        ]} />
      <LoadMore count={rows.length} hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} testId="evaluations" />
    </Flex>
  );
};
