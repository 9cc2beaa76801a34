/** The tier change log (EVA-5): grade, tier and class changes with their causes, filterable by kind and date, exportable. */
import { DatePicker, Flex, Select, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { gradeChangeKinds } from '../../../contract/evaluation.js';
import { call, routeUrl } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadError } from '../../ui/results.js';
import { useFilterWidth } from '../../ui/use-filter-width.js';
import { evaluationKey, ExportButtons, LoadMore } from './evaluation-ui.js';
import { useCursorList } from '../../ui/use-cursor-list.js';

type Kind = (typeof gradeChangeKinds)[number];

/** A grade, tier or class value in words. */
export const useChangeValue = () => {
  const { t } = useTranslation();
  return (kind: string, v: string | null) => (v === null ? '—' : kind === 'tier' ? t(`evaluation.tiers.${v as 'key'}`, { defaultValue: v }) : v);
};

export const ChangesTab = () => {
  const { t } = useTranslation();
  const width = useFilterWidth();
  const value = useChangeValue();
  const [kind, setKind] = useState<Kind | undefined>('tier');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const filters = { ...(kind ? { kind } : {}), ...(range?.[0] ? { from: range[0].format('YYYY-MM-DD') } : {}), ...(range?.[1] ? { to: range[1].format('YYYY-MM-DD') } : {}) };
  const list = useCursorList([...evaluationKey, 'changes', filters], (page) => call('listGradeChanges', { query: { limit: 50, ...filters, ...page } }));
  const rows = useMemo(() => list.items, [list.data]);
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8}>
        <Select allowClear style={width(140)} placeholder={t('evaluation.changes.kind')} value={kind} onChange={setKind} options={gradeChangeKinds.map((k) => ({ value: k, label: t(`evaluation.changes.kinds.${k}`) }))} data-testid="changes-kind" />
        <DatePicker.RangePicker allowEmpty={[true, true]} value={range} onChange={(r) => setRange(r)} style={width(260)} data-testid="changes-range" />
        <ExportButtons testId="changes" href={(format) => routeUrl('exportGradeChanges', { query: { format, ...filters } })} />
      </Flex>
      <Table size="small" rowKey="id" loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)} scroll={{ x: 'max-content' }} dataSource={rows} data-testid="changes-list" pagination={false}
        columns={[
          { title: t('evaluation.changes.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
          { responsive: ['md'], title: t('evaluation.archiveNo'), dataIndex: 'archiveNo' },
          { title: t('evaluation.customer'), dataIndex: 'customerName', render: (v: string, r) => <Link to={`/customers/${r.customerId}`}>{v}</Link> },
          { title: t('evaluation.changes.kind'), dataIndex: 'kind', render: (k: Kind) => t(`evaluation.changes.kinds.${k}`) },
          { title: t('evaluation.changes.change'), key: 'change', render: (_v, r) => <span data-testid={`change-${r.id}`}>{value(r.kind, r.from)} → <Tag color="blue">{value(r.kind, r.to)}</Tag></span> },
          { title: t('evaluation.changes.cause'), dataIndex: 'cause', render: (c: string) => t(`evaluation.changes.causes.${c}`, { defaultValue: c }) },
          { responsive: ['md'], title: t('evaluation.changes.reason'), dataIndex: 'reason', render: (v: string | null, r) => (r.evaluationId ? <Link to={`/evaluation/${r.evaluationId}`}>{v ?? r.quarter}</Link> : (v ?? '—')) },
          { responsive: ['md'], title: t('evaluation.changes.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? t('evaluation.changes.system') },
        ]} />
      <LoadMore count={rows.length} hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} testId="changes" />
    </Flex>
  );
};
