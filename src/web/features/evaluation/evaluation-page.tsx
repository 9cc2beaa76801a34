/** 客户评价: a round's progress board, the evaluation list, ABC distribution and list, tier change log, relationship evaluations. */
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { call, routeUrl } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { Chart } from './chart.js';

const key = ['evaluation'] as const;
const exportLinks = (t: (k: never) => string, href: (f: 'csv' | 'xlsx') => string, id: string) => (
  <Space>
    {(['xlsx', 'csv'] as const).map((f) => (
      <Button key={f} icon={<DownloadOutlined />} href={href(f)} download data-testid={`${id}-export-${f}`}>
        {t('evaluation.export' as never)} {f}
      </Button>
    ))}
  </Space>
);

const RoundsTab = ({ quarter, setQuarter }: { quarter: string | undefined; setQuarter: (q: string) => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const rounds = useQuery({ queryKey: [...key, 'rounds'], queryFn: () => call('listEvaluationRounds') });
  const current = quarter ?? rounds.data?.items[0]?.quarter;
  const progress = useQuery({ queryKey: [...key, 'progress', current], queryFn: () => call('evaluationRoundProgress', { params: { quarter: current! } }), enabled: !!current });
  const [newQuarter, setNewQuarter] = useState('');
  const open = useMutation({
    mutationFn: () => call('openEvaluationRound', { body: { quarter: newQuarter } }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: key });
      setQuarter(r.round.quarter);
    },
    onError: (e) => void message.error((e as Error).message),
  });
  if (rounds.isError) return <LoadError error={rounds.error} onRetry={() => void rounds.refetch()} />;
  const p = progress.data;
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8}>
        <Select style={{ minWidth: 140 }} value={current} onChange={setQuarter} options={(rounds.data?.items ?? []).map((r) => ({ value: r.quarter, label: r.quarter }))} data-testid="round-select" />
        <Input style={{ width: 120 }} placeholder="2026Q3" value={newQuarter} onChange={(e) => setNewQuarter(e.target.value.trim())} data-testid="round-new" />
        <Button onClick={() => open.mutate()} loading={open.isPending} disabled={!/^\d{4}Q[1-4]$/.test(newQuarter)} data-testid="round-open">{t('evaluation.openRound')}</Button>
      </Flex>
      {p ? (
        <>
          <Space wrap>
            <Tag color="blue">{t('evaluation.opened')} {p.totals.opened}</Tag>
            <Tag color="gold">{t('evaluation.filled')} {p.totals.filled}</Tag>
            <Tag color="green">{t('evaluation.finalised')} {p.totals.finalised}</Tag>
          </Space>
          <Chart
            height={Math.max(160, p.departments.length * 36)}
            option={{
              tooltip: {}, legend: {}, grid: { left: 100, right: 16, top: 30, bottom: 20 },
              yAxis: { type: 'category', data: p.departments.map((d) => d.departmentName ?? d.departmentId) },
              xAxis: { type: 'value' },
              series: (['opened', 'filled', 'finalised'] as const).map((k) => ({ type: 'bar', name: t(`evaluation.${k}`), data: p.departments.map((d) => d[k]) })),
            }}
          />
          <Table size="small" rowKey="departmentId" pagination={false} scroll={{ x: 'max-content' }} dataSource={p.departments} data-testid="round-progress"
            columns={[
              { title: t('evaluation.department'), dataIndex: 'departmentName' },
              { title: t('evaluation.opened'), dataIndex: 'opened' },
              { title: t('evaluation.filled'), dataIndex: 'filled' },
              { title: t('evaluation.finalised'), dataIndex: 'finalised' },
            ]} />
        </>
      ) : null}
    </Flex>
  );
};

const EvaluationsTab = ({ quarter }: { quarter: string | undefined }) => {
  const { t } = useTranslation();
  const [state, setState] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const filters = { ...(quarter ? { quarter } : {}), ...(state ? { state: state as 'open' } : {}), ...(q ? { q } : {}) };
  const list = useQuery({ queryKey: [...key, 'list', filters], queryFn: () => call('listEvaluations', { query: { ...filters, limit: 100 } }) });
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8}>
        <Input.Search allowClear style={{ maxWidth: 260 }} placeholder={t('evaluation.search')} onSearch={setQ} data-testid="evaluations-search" />
        <Select allowClear style={{ minWidth: 140 }} placeholder={t('evaluation.state')} value={state} onChange={setState}
          options={(['open', 'filled', 'pending_approval', 'finalised'] as const).map((s) => ({ value: s, label: t(`evaluation.states.${s}`) }))} />
        {exportLinks(t as never, (format) => routeUrl('exportEvaluations', { query: { ...filters, format } }), 'evaluations')}
      </Flex>
      <Table size="small" rowKey="id" loading={list.isLoading} scroll={{ x: 'max-content' }} dataSource={list.data?.items ?? []} data-testid="evaluations-list" pagination={{ pageSize: 20 }}
        columns={[
          { title: t('evaluation.archiveNo'), dataIndex: 'archiveNo' },
          { title: t('evaluation.customer'), dataIndex: 'customerName', render: (v: string, r) => <Link to={`/evaluation/${r.id}`} data-testid={`evaluation-open-${r.id}`}>{v}</Link> },
          { title: t('evaluation.quarter'), dataIndex: 'quarter' },
          { title: t('evaluation.state'), dataIndex: 'state', render: (s: 'open') => <Tag>{t(`evaluation.states.${s}`)}</Tag> },
          { title: t('evaluation.total'), dataIndex: 'total' },
          { title: t('evaluation.grade'), dataIndex: 'grade' },
          { title: t('evaluation.tier'), dataIndex: 'tier', render: (v: 'key' | null) => (v ? t(`evaluation.tiers.${v}`) : '') },
        ]} />
    </Flex>
  );
};

const AbcTab = () => {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [cls, setCls] = useState<'A' | 'B' | 'C' | undefined>();
  const dist = useQuery({ queryKey: [...key, 'abc'], queryFn: () => call('abcDistribution') });
  const list = useQuery({ queryKey: [...key, 'abc-list', cls], queryFn: () => call('listAbc', { query: { limit: 100, ...(cls ? { abcClass: cls } : {}) } }) });
  const run = useMutation({ mutationFn: () => call('runAbc'), onSuccess: () => void qc.invalidateQueries({ queryKey: key }) });
  if (dist.isError) return <LoadError error={dist.error} onRetry={() => void dist.refetch()} />;
  const c = dist.data?.counts;
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} align="center">
        <Button icon={<ReloadOutlined />} onClick={() => run.mutate()} loading={run.isPending} data-testid="abc-run">{t('evaluation.abc.run')}</Button>
        {dist.data?.lastRun ? <Typography.Text type="secondary">{t('evaluation.abc.lastRun', { at: formatDateTime(dist.data.lastRun.completedAt ?? dist.data.lastRun.startedAt), total: dist.data.lastRun.total })}</Typography.Text> : null}
      </Flex>
      {c ? (
        <Chart height={220} option={{ tooltip: {}, series: [{ type: 'pie', radius: ['40%', '70%'], data: [{ name: 'A', value: c.A }, { name: 'B', value: c.B }, { name: 'C', value: c.C }, { name: t('evaluation.abc.none'), value: c.none }] }] }} />
      ) : null}
      <Flex wrap gap={8}>
        <Select allowClear style={{ minWidth: 100 }} placeholder="ABC" value={cls} onChange={setCls} options={['A', 'B', 'C'].map((x) => ({ value: x, label: x }))} data-testid="abc-filter" />
        {exportLinks(t as never, (format) => routeUrl('exportAbc', { query: { format, ...(cls ? { abcClass: cls } : {}) } }), 'abc')}
      </Flex>
      <Table size="small" rowKey="customerId" loading={list.isLoading} scroll={{ x: 'max-content' }} dataSource={list.data?.items ?? []} data-testid="abc-list" pagination={{ pageSize: 20 }}
        columns={[
          { title: t('evaluation.abc.rank'), dataIndex: 'rank' },
          { title: t('evaluation.archiveNo'), dataIndex: 'archiveNo' },
          { title: t('evaluation.customer'), dataIndex: 'name', render: (v: string, r) => <Link to={`/customers/${r.customerId}`}>{v}</Link> },
          { title: 'ABC', dataIndex: 'abcClass', render: (v: string | null, r) => <Space>{v}{r.overridden ? <Tag color="orange">{t('evaluation.abc.overridden')}</Tag> : null}</Space> },
          { title: t('evaluation.abc.computed'), dataIndex: 'computedClass' },
          { title: t('evaluation.abc.composite'), dataIndex: 'composite', render: (v: number | null) => (v === null ? '' : v.toFixed(3)) },
          { title: t('evaluation.grade'), dataIndex: 'creditGrade' },
        ]} />
    </Flex>
  );
};

const ChangesTab = () => {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'grade' | 'tier' | 'abc' | undefined>('tier');
  const list = useQuery({ queryKey: [...key, 'changes', kind], queryFn: () => call('listGradeChanges', { query: { limit: 100, ...(kind ? { kind } : {}) } }) });
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8}>
        <Select allowClear style={{ minWidth: 140 }} value={kind} onChange={setKind} options={(['grade', 'tier', 'abc'] as const).map((k) => ({ value: k, label: t(`evaluation.changes.kinds.${k}`) }))} data-testid="changes-kind" />
        {exportLinks(t as never, (format) => routeUrl('exportGradeChanges', { query: { format, ...(kind ? { kind } : {}) } }), 'changes')}
      </Flex>
      <Table size="small" rowKey="id" loading={list.isLoading} scroll={{ x: 'max-content' }} dataSource={list.data?.items ?? []} data-testid="changes-list" pagination={{ pageSize: 20 }}
        columns={[
          { title: t('evaluation.changes.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
          { title: t('evaluation.customer'), dataIndex: 'customerName', render: (v: string, r) => <Link to={`/customers/${r.customerId}`}>{v}</Link> },
          { title: t('evaluation.changes.kind'), dataIndex: 'kind', render: (k: 'grade') => t(`evaluation.changes.kinds.${k}`) },
          { title: t('evaluation.changes.from'), dataIndex: 'from' },
          { title: t('evaluation.changes.to'), dataIndex: 'to' },
          { title: t('evaluation.changes.cause'), dataIndex: 'cause' },
          { title: t('evaluation.changes.reason'), dataIndex: 'reason' },
        ]} />
    </Flex>
  );
};

const RelationshipTab = () => {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: [...key, 'relationship'], queryFn: () => call('listRelationshipEvaluations', { query: { limit: 100 } }) });
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8}>
        <Link to="/evaluation/relationships/new"><Button type="primary" data-testid="relationship-new">{t('evaluation.relationship.new')}</Button></Link>
        {exportLinks(t as never, (format) => routeUrl('exportRelationshipEvaluations', { query: { format } }), 'relationship')}
      </Flex>
      <Table size="small" rowKey="id" loading={list.isLoading} scroll={{ x: 'max-content' }} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20 }}
        columns={[
          { title: t('evaluation.relationship.evaluatedOn'), dataIndex: 'evaluatedOn' },
          { title: t('evaluation.customer'), dataIndex: 'customerName', render: (v: string, r) => <Link to={`/evaluation/relationships/${r.id}`}>{v}</Link> },
          { title: t('evaluation.relationship.total'), dataIndex: 'total' },
          { title: t('evaluation.relationship.recommendation'), dataIndex: 'recommendation', render: (v: 'improve') => t(`evaluation.relationship.recommendations.${v}`) },
        ]} />
    </Flex>
  );
};

const tabs = ['rounds', 'evaluations', 'abc', 'changes', 'relationship'] as const;
export const EvaluationPage = () => {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (tabs as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as (typeof tabs)[number]) : 'rounds';
  const [quarter, setQuarter] = useState<string | undefined>();
  const render = (k: (typeof tabs)[number]) => {
    switch (k) {
      case 'rounds': return <RoundsTab quarter={quarter} setQuarter={setQuarter} />;
      case 'evaluations': return <EvaluationsTab quarter={quarter} />;
      case 'abc': return <AbcTab />;
      case 'changes': return <ChangesTab />;
      case 'relationship': return <RelationshipTab />;
    }
  };
  return (
    <>
      <PageHeader title={t('evaluation.title')} />
      <Card>
        <Tabs activeKey={tab} destroyOnHidden onChange={(k) => setParams(k === 'rounds' ? {} : { tab: k }, { replace: true })}
          items={tabs.map((k) => ({ key: k, label: <span data-testid={`evaluation-tab-${k}`}>{t(`evaluation.tabs.${k}`)}</span>, children: render(k) }))} />
      </Card>
    </>
  );
};
