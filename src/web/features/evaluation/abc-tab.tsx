/**
 * ABC classes (EVA-7, seed 000 客户档案分类管理表): the distribution with each class's share and
 * management measures, the ranked list (filter, search, export), a manual override through
 * approval and its withdrawal, reclassifying now.
 */
import { ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Flex, Grid, Input, Modal, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { abcClasses } from '../../../contract/customers.js';
import type { RouteResult } from '../../../contract/routes.js';
import { call, routeUrl } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { useFilterWidth } from '../../ui/use-filter-width.js';
import { Chart } from './chart.js';
import { evaluationKey, ExportButtons, LoadMore, useEvaluationRoles } from './evaluation-ui.js';
import { regionName, useDivisions } from '../../ui/regions.js';
import { useCursorList } from '../../ui/use-cursor-list.js';

type Entry = RouteResult<'listAbc'>['items'][number];
type AbcClass = (typeof abcClasses)[number];
const colors: Record<string, string> = { A: '#cf1322', B: '#d48806', C: '#1677ff', none: '#bfbfbf' };

const OverrideModal = ({ entry, onClose }: { entry: Entry | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [cls, setCls] = useState<AbcClass | undefined>();
  const [reason, setReason] = useState('');
  const withdraw = !!entry?.overridden;
  const send = useMutation({
    mutationFn: async () => {
      if (withdraw) await call('withdrawAbcOverride', { body: { customerId: entry!.customerId, reason: reason.trim() } });
      else await call('requestAbcOverride', { body: { customerId: entry!.customerId, abcClass: cls!, reason: reason.trim() } });
    },
    onSuccess: () => {
      void message.success(t(withdraw ? 'evaluation.abc.withdrawn' : 'evaluation.abc.overrideSent'));
      void qc.invalidateQueries({ queryKey: evaluationKey });
      setReason('');
      setCls(undefined);
      onClose();
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  return (
    <Modal open={!!entry} onCancel={onClose} destroyOnHidden title={entry ? t(withdraw ? 'evaluation.abc.withdrawTitle' : 'evaluation.abc.overrideTitle', { name: entry.name }) : ''}
      okText={t(withdraw ? 'evaluation.abc.withdraw' : 'evaluation.abc.sendOverride')} onOk={() => send.mutate()} confirmLoading={send.isPending}
      okButtonProps={{ disabled: !reason.trim() || (!withdraw && !cls), ...({ 'data-testid': 'abc-override-ok' } as object) }}>
      {entry ? (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t('evaluation.abc.currentLine', { current: entry.abcClass ?? '—', computed: entry.computedClass ?? '—' })}</Typography.Text>
          {withdraw ? null : <Radio.Group value={cls} onChange={(e) => setCls(e.target.value)} options={abcClasses.filter((c) => c !== entry.abcClass).map((c) => ({ value: c, label: c }))} data-testid="abc-override-class" />}
          <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('evaluation.abc.reason')} data-testid="abc-override-reason" />
          {withdraw ? null : <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('evaluation.abc.overrideHint')}</Typography.Text>}
        </Flex>
      ) : null}
    </Modal>
  );
};

export const AbcTab = () => {
  const { t } = useTranslation();
  useDivisions(); // region names in the list
  const { message } = App.useApp();
  const qc = useQueryClient();
  const width = useFilterWidth();
  const { isAdmin } = useEvaluationRoles();
  const phone = Grid.useBreakpoint().md === false;
  const [cls, setCls] = useState<AbcClass | undefined>();
  const [overridden, setOverridden] = useState<'true' | 'false' | undefined>();
  const [q, setQ] = useState('');
  const [target, setTarget] = useState<Entry | null>(null);
  const filters = { ...(cls ? { abcClass: cls } : {}), ...(overridden ? { overridden } : {}), ...(q ? { q } : {}) };
  const dist = useQuery({ queryKey: [...evaluationKey, 'abc'], queryFn: () => call('abcDistribution') });
  const list = useCursorList([...evaluationKey, 'abc-list', filters], (page) => call('listAbc', { query: { limit: 50, ...filters, ...page } }));
  const rows = useMemo(() => list.items, [list.data]);
  const run = useMutation({
    mutationFn: () => call('runAbc'),
    onSuccess: (d) => {
      void message.success(t('evaluation.abc.ran', { total: d.lastRun?.total ?? 0, changed: d.lastRun?.changed ?? 0 }));
      void qc.invalidateQueries({ queryKey: evaluationKey });
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  if (dist.isError) return <LoadError error={dist.error} onRetry={() => void dist.refetch()} />;
  const c = dist.data?.counts;
  const all = c ? c.A + c.B + c.C + c.none : 0;
  const share = (n: number) => (all ? ((n * 100) / all).toFixed(1) : '0.0');
  const w = dist.data?.config.weights;
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} align="center">
        {isAdmin ? <Button icon={<ReloadOutlined />} onClick={() => run.mutate()} loading={run.isPending} data-testid="abc-run">{t('evaluation.abc.run')}</Button> : null}
        {isAdmin ? <Link to="/evaluation/settings?tab=abc"><Button icon={<SettingOutlined />} data-testid="abc-settings">{t('evaluation.abc.weights')}</Button></Link> : null}
        {dist.data?.lastRun ? <Typography.Text type="secondary">{t('evaluation.abc.lastRun', { at: formatDateTime(dist.data.lastRun.completedAt ?? dist.data.lastRun.startedAt), total: dist.data.lastRun.total })}</Typography.Text> : null}
        {w ? <Typography.Text type="secondary">{t('evaluation.abc.weightLine', { strength: w.strength, likelihood: w.likelihood, region: w.region })}</Typography.Text> : null}
      </Flex>
      {c ? (
        <Row gutter={[12, 12]}>
          <Col xs={24} md={10}>
            <Chart height={240} option={{
              tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
              legend: { bottom: 0 },
              series: [{ type: 'pie', radius: ['40%', '68%'], center: ['50%', '45%'], label: { formatter: '{b}\n{d}%' },
                data: (['A', 'B', 'C', 'none'] as const).filter((k) => c[k] > 0).map((k) => ({ name: k === 'none' ? t('evaluation.abc.none') : k, value: c[k], itemStyle: { color: colors[k] } })) }],
            }} />
          </Col>
          <Col xs={24} md={14}>
            <Table size="small" rowKey="k" pagination={false} data-testid="abc-distribution"
              dataSource={(['A', 'B', 'C'] as const).map((k) => ({ k, n: c[k] }))}
              columns={[
                { title: t('evaluation.abc.class'), dataIndex: 'k', width: 64, render: (k: string) => <Tag color={colors[k]}>{k}</Tag> },
                { title: t('evaluation.abc.count'), dataIndex: 'n', width: phone ? undefined : 150, render: (n: number, r) => (
                  <Flex vertical gap={4}>
                    <span data-testid="abc-count">{t('evaluation.abc.share', { count: n, pct: share(n) })}</span>
                    {phone ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`evaluation.abc.measures.${r.k}`)}</Typography.Text> : null}
                  </Flex>
                ) },
                { responsive: ['md'], title: t('evaluation.abc.measuresTitle'), dataIndex: 'k', key: 'm', render: (k: 'A') => <Typography.Text style={{ fontSize: 12 }}>{t(`evaluation.abc.measures.${k}`)}</Typography.Text> },
              ]} />
          </Col>
        </Row>
      ) : null}
      <Card size="small">
        <Flex wrap gap={8}>
          <Input.Search allowClear style={width(220)} placeholder={t('evaluation.search')} onSearch={(v) => setQ(v.trim())} data-testid="abc-search" />
          <Select allowClear style={width(110)} placeholder={t('evaluation.abc.class')} value={cls} onChange={setCls} options={abcClasses.map((x) => ({ value: x, label: x }))} data-testid="abc-filter" />
          <Select allowClear style={width(140)} placeholder={t('evaluation.abc.overridden')} value={overridden} onChange={setOverridden}
            options={[{ value: 'true', label: t('evaluation.abc.onlyOverridden') }, { value: 'false', label: t('evaluation.abc.notOverridden') }]} data-testid="abc-filter-overridden" />
          <ExportButtons testId="abc" href={(format) => routeUrl('exportAbc', { query: { format, ...filters } })} />
        </Flex>
      </Card>
      <Table size="small" rowKey="customerId" loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)} scroll={{ x: 'max-content' }} dataSource={rows} data-testid="abc-list" pagination={false}
        columns={[
          { title: t('evaluation.abc.rank'), dataIndex: 'rank', align: 'right', render: (v: number | null) => v ?? '—' },
          { responsive: ['md'], title: t('evaluation.archiveNo'), dataIndex: 'archiveNo' },
          { title: t('evaluation.customer'), dataIndex: 'name', render: (v: string, r) => <Link to={`/customers/${r.customerId}`}>{v}</Link> },
          { title: 'ABC', dataIndex: 'abcClass', render: (v: string | null, r) => <Space size={4}>{v ? <Tag color={colors[v]}>{v}</Tag> : '—'}{r.overridden ? <Tag color="orange">{t('evaluation.abc.overridden')}</Tag> : null}</Space> },
          { responsive: ['md'], title: t('evaluation.abc.computed'), dataIndex: 'computedClass', render: (v: string | null) => v ?? '—' },
          { responsive: ['md'], title: t('evaluation.abc.composite'), dataIndex: 'composite', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(3)) },
          { responsive: ['md'], title: t('evaluation.grade'), dataIndex: 'creditGrade', render: (v: string | null) => v ?? '—' },
          { responsive: ['md'], title: t('evaluation.abc.region'), dataIndex: 'region', render: (v: string | null) => (v ? regionName(v) : '—') },
          {
            title: t('common.actions'), key: 'a',
            render: (_v, r) => (r.overridden ? (isAdmin ? <Button size="small" onClick={() => setTarget(r)} data-testid={`abc-withdraw-${r.archiveNo}`}>{t('evaluation.abc.withdraw')}</Button> : null) : <Button size="small" onClick={() => setTarget(r)} data-testid={`abc-override-${r.archiveNo}`}>{t('evaluation.abc.override')}</Button>),
          },
        ]} />
      <LoadMore count={rows.length} hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} testId="abc" />
      <OverrideModal entry={target} onClose={() => setTarget(null)} />
    </Flex>
  );
};
