/** A quarter's progress board (EVA-4): opened / filled / finalised per department, and opening a quarter. */
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Flex, Input, Progress, Row, Select, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { exportRows } from '../../ui/table-export.js';
import { Chart } from './chart.js';
import { evaluationKey, useEvaluationRoles } from './evaluation-ui.js';

const pct = (n: number, of: number) => (of > 0 ? Math.round((n * 1000) / of) / 10 : 0);

/** The quarter before today's (China time): what the scheduled job opens at each quarter's start. */
export const previousQuarter = (now = new Date()): string => {
  const d = new Date(now.getTime() + 8 * 3_600_000);
  const q = Math.floor(d.getUTCMonth() / 3);
  return q === 0 ? `${d.getUTCFullYear() - 1}Q4` : `${d.getUTCFullYear()}Q${q}`;
};

export const RoundsTab = ({ quarter, setQuarter, showDepartment }: { quarter: string | undefined; setQuarter: (q: string) => void; showDepartment: (departmentId: string, quarter: string) => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { isAdmin } = useEvaluationRoles();
  const rounds = useQuery({ queryKey: [...evaluationKey, 'rounds'], queryFn: () => call('listEvaluationRounds') });
  const current = quarter ?? rounds.data?.items[0]?.quarter;
  const progress = useQuery({
    queryKey: [...evaluationKey, 'progress', current],
    queryFn: () => call('evaluationRoundProgress', { params: { quarter: current! } }),
    enabled: !!current,
    // a round still opening reports as it goes
    refetchInterval: (q) => (q.state.data?.round.state === 'opening' ? 2000 : false),
  });
  const [newQuarter, setNewQuarter] = useState(previousQuarter());
  const open = useMutation({
    mutationFn: () => call('openEvaluationRound', { body: { quarter: newQuarter } }),
    onSuccess: (r) => {
      void message.success(t('evaluation.rounds.openedToast', { quarter: r.round.quarter, count: r.round.opened }));
      void qc.invalidateQueries({ queryKey: evaluationKey });
      setQuarter(r.round.quarter);
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  if (rounds.isError) return <LoadError error={rounds.error} onRetry={() => void rounds.refetch()} />;
  const p = progress.data;
  const valid = /^(19|20)\d\dQ[1-4]$/.test(newQuarter);
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} align="center">
        <Select style={{ minWidth: 140 }} value={current} onChange={setQuarter} placeholder={t('evaluation.rounds.select')} notFoundContent={t('evaluation.rounds.empty')}
          options={(rounds.data?.items ?? []).map((r) => ({ value: r.quarter, label: r.quarter }))} data-testid="round-select" />
        {isAdmin ? (
          <Flex gap={8} wrap>
            <Input style={{ width: 120 }} placeholder="2026Q3" value={newQuarter} status={newQuarter && !valid ? 'error' : undefined} onChange={(e) => setNewQuarter(e.target.value.trim().toUpperCase())} data-testid="round-new" />
            <Button type="primary" onClick={() => open.mutate()} loading={open.isPending} disabled={!valid} data-testid="round-open">{t('evaluation.openRound')}</Button>
          </Flex>
        ) : null}
      </Flex>
      {isAdmin ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('evaluation.rounds.hint')}</Typography.Text> : null}
      {!current && rounds.data ? <Empty description={t('evaluation.rounds.empty')} /> : null}
      {p ? (
        <>
          <Typography.Text type="secondary" data-testid="round-info">
            {t('evaluation.rounds.period', { start: p.round.periodStart, end: p.round.periodEnd, version: p.round.scorecardVersion })}
            {p.round.state === 'opening' ? ` · ${t('evaluation.rounds.opening', { opened: p.round.opened, expected: p.round.expected ?? '?' })}` : p.round.completedAt ? ` · ${t('evaluation.rounds.completed', { at: formatDateTime(p.round.completedAt) })}` : ''}
          </Typography.Text>
          <Row gutter={[12, 12]} data-testid="round-totals">
            {(['opened', 'filled', 'finalised'] as const).map((k) => (
              <Col xs={8} key={k}>
                <Card size="small" style={{ height: '100%' }}>
                  <Statistic title={t(`evaluation.${k}`)} value={p.totals[k]} valueRender={(n) => <span data-testid={`round-total-${k}`}>{n}</span>} />
                  {k !== 'opened' ? <Progress percent={pct(p.totals[k], p.totals.opened)} size="small" status="normal" strokeColor={k === 'finalised' ? '#52c41a' : undefined} format={(v) => `${v}%`} /> : null}
                </Card>
              </Col>
            ))}
          </Row>
          {p.departments.length > 0 ? (
            <Chart
              height={Math.max(180, p.departments.length * 40 + 60)}
              option={{
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                legend: { top: 0 },
                grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
                yAxis: { type: 'category', data: p.departments.map((d) => d.departmentName ?? d.departmentId), axisLabel: { width: 90, overflow: 'truncate' } },
                xAxis: { type: 'value', minInterval: 1 },
                series: (['opened', 'filled', 'finalised'] as const).map((k) => ({ type: 'bar', name: t(`evaluation.${k}`), data: p.departments.map((d) => d[k]) })),
              }}
            />
          ) : null}
          <Flex justify="flex-end" gap={8} wrap>
            {(['xlsx', 'csv'] as const).map((f) => (
              <Button key={f} icon={<DownloadOutlined />} data-testid={`round-export-${f}`}
                onClick={() => exportRows(f, `evaluation-progress-${p.round.quarter}`, p.round.quarter, [
                  { header: t('evaluation.department'), value: (d) => d.departmentName },
                  { header: t('evaluation.opened'), value: (d) => d.opened },
                  { header: t('evaluation.filled'), value: (d) => d.filled },
                  { header: t('evaluation.finalised'), value: (d) => d.finalised },
                ], p.departments)}>
                {t('evaluation.exportAs', { format: f })}
              </Button>
            ))}
          </Flex>
          <Table size="small" rowKey="departmentId" pagination={false} scroll={{ x: 'max-content' }} dataSource={p.departments} data-testid="round-progress"
            onRow={(d) => ({ onClick: () => showDepartment(d.departmentId, current!), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('evaluation.department'), dataIndex: 'departmentName', render: (v: string | null) => <Typography.Link>{v ?? '—'}</Typography.Link> },
              { title: t('evaluation.opened'), dataIndex: 'opened', align: 'right' },
              { title: t('evaluation.filled'), dataIndex: 'filled', align: 'right', render: (v: number, d) => `${v}（${pct(v, d.opened)}%）` },
              { title: t('evaluation.finalised'), dataIndex: 'finalised', align: 'right', render: (v: number, d) => <Tag color={v === d.opened && v > 0 ? 'green' : 'default'}>{`${v}（${pct(v, d.opened)}%）`}</Tag> },
            ]} />
        </>
      ) : null}
    </Flex>
  );
};
