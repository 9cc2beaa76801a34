/**
 * 客户信用等级评定表 (seed 003 附件1, EVA-1/EVA-4): the customer's quarter, the nine indicators with
 * who fills each, the live total, grade and tier from the what-if preview (EVA-6) with the reasons,
 * filling by sales and finance, finalisation through the marketing manager's approval, the A4 print.
 */
import { PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Col, Descriptions, Flex, Grid, Input, Row, Select, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { creditGrades, type customerTypes } from '../../../contract/customers.js';
import type { EvaluationDetail, FillerGroup, IndicatorKey } from '../../../contract/evaluation.js';
import { call, routeUrl } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { useDebounced } from '../../ui/use-debounced.js';
import { ApprovalPanel } from './approval-panel.js';
import { CreditIndicators, needsReason, type Scores } from './credit-indicators.js';
import { evaluationKey, formatMoney, reasonText, useIndicatorLabel, evaluationStateColor } from './evaluation-ui.js';

const tenths = (x: number | undefined | null) => Math.round((x ?? 0) * 10);

export const EvaluationFormPage = () => {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const phone = Grid.useBreakpoint().md === false;
  const indicatorLabel = useIndicatorLabel();
  const q = useQuery({ queryKey: [...evaluationKey, 'one', id], queryFn: () => call('getEvaluation', { params: { id: id! } }) });
  const e = q.data;
  // edits belong to the version they were made on: a saved (or someone else's) new version starts from what is stored
  const base = e ? `${e.id}:${e.version}` : '';
  const [edits, setEdits] = useState<{ base: string; scores: Scores; reasons: Partial<Record<IndicatorKey, string>> } | null>(null);
  const stored = useMemo<Scores>(() => (e ? Object.fromEntries(e.indicators.map((i) => [i.key, i.score ?? i.computed ?? undefined]).filter(([, v]) => v !== undefined)) : {}), [e]);
  const current = edits?.base === base ? edits : { base, scores: stored, reasons: {} };
  const { scores, reasons } = current;
  const setScores = (f: (s: Scores) => Scores) => setEdits({ ...current, scores: f(current.scores) });
  const setReasons = (f: (r: Partial<Record<IndicatorKey, string>>) => Partial<Record<IndicatorKey, string>>) => setEdits({ ...current, reasons: f(current.reasons) });
  const [badDebt, setBadDebt] = useState<boolean | undefined>();
  const [note, setNote] = useState('');
  const [override, setOverride] = useState<string | undefined>();
  const live = useDebounced(scores, 250);
  const liveBadDebt = (e?.badDebt ?? false) || badDebt === true;
  const preview = useQuery({
    queryKey: [...evaluationKey, 'preview', e?.customerType, live, liveBadDebt, e?.previousYearPurchases, e?.hasTransactions],
    queryFn: () => call('previewCredit', { body: { customerType: e!.customerType, scores: live, badDebt: liveBadDebt, previousYearPurchases: e!.previousYearPurchases, hasTransactions: e!.hasTransactions } }),
    enabled: !!e,
    retry: false,
    placeholderData: (prev) => prev,
  });
  const saved = (next: EvaluationDetail) => {
    qc.setQueryData([...evaluationKey, 'one', id], next);
    void qc.invalidateQueries({ queryKey: evaluationKey, predicate: (x) => x.queryKey[1] !== 'one' });
  };
  const fill = useMutation({
    mutationFn: (group: FillerGroup) => {
      const keys = e!.indicators.filter((i) => i.filledBy === group).map((i) => i.key);
      // what the server will sum: this group's new scores and the other group's filled ones
      const expected = e!.indicators.reduce((s, i) => s + (i.filledBy === group ? tenths(scores[i.key]) : tenths(i.score)), 0) / 10;
      return call('fillEvaluation', {
        params: { id: id! },
        body: {
          version: e!.version, group, expectedTotal: expected,
          scores: Object.fromEntries(keys.map((k) => [k, scores[k] ?? 0])),
          reasons: Object.fromEntries(keys.filter((k) => reasons[k]?.trim()).map((k) => [k, reasons[k]!.trim()])),
          ...(group === 'finance' && badDebt !== undefined ? { badDebt } : {}),
        },
      });
    },
    onSuccess: (next) => {
      void message.success(t('evaluation.form.saved'));
      setBadDebt(undefined);
      saved(next);
    },
    onError: (err) => void message.error(errorLine(err, t)),
  });
  const finalise = useMutation({
    mutationFn: () => call('finaliseEvaluation', { params: { id: id! }, body: { version: e!.version, reason: note.trim() || t('evaluation.form.defaultReason', { quarter: e!.quarter }), ...(override ? { grade: override as 'A' } : {}) } }),
    onSuccess: (r) => {
      void message.success(t('evaluation.form.sent'));
      setNote('');
      setOverride(undefined);
      saved(r.evaluation);
      void qc.invalidateQueries({ queryKey: ['approvals'] });
    },
    onError: (err) => void message.error(errorLine(err, t)),
  });
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!e) return <Spin />;
  const editable = (i: EvaluationDetail['indicators'][number]) => e.canFill.includes(i.filledBy);
  // every indicator of the group scored, and a reason for each changed one (the server asks the same)
  const incomplete = (group: FillerGroup) => e.indicators.some((i) => i.filledBy === group && (scores[i.key] === undefined || (needsReason(i, scores) && !reasons[i.key]?.trim())));
  const p = preview.data;
  const labelOf = (k: string) => indicatorLabel('credit', k, e.indicators.find((i) => i.key === k)?.label ?? k);
  const filledLine = (who: string | null, at: string | null) => (who ? t('evaluation.form.filledAt', { who, at: formatDateTime(at) }) : t('evaluation.form.notYet'));
  return (
    <Card data-testid="evaluation-form">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('evaluation.form.title')}</Typography.Title>
        <Button icon={<PrinterOutlined />} href={routeUrl('printEvaluation', { params: { id: e.id } })} target="_blank" rel="noopener" data-testid="evaluation-print">{t('evaluation.form.print')}</Button>
      </Flex>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginTop: 12 }}
        items={[
          { key: 'c', label: t('evaluation.customer'), children: <Link to={`/customers/${e.customerId}`} data-testid="evaluation-customer">{e.customerName}</Link> },
          { key: 'n', label: t('evaluation.archiveNo'), children: e.archiveNo },
          { key: 'y', label: t('evaluation.form.customerType'), children: t(`evaluation.customerTypes.${e.customerType as (typeof customerTypes)[number]}`) },
          { key: 'q', label: t('evaluation.quarter'), children: e.quarter },
          { key: 'd', label: t('evaluation.department'), children: e.departmentName ?? '—' },
          { key: 's', label: t('evaluation.state'), children: <Space size={4} wrap><Tag color={evaluationStateColor[e.state]} data-testid="evaluation-state">{t(`evaluation.states.${e.state}`)}</Tag><Typography.Text type="secondary">{t('evaluation.form.scorecardVersion', { version: e.scorecardVersion })}</Typography.Text></Space> },
          { key: 'p', label: t('evaluation.form.previous'), children: `${e.previousGrade ?? '—'} / ${e.previousTier ? t(`evaluation.tiers.${e.previousTier}`) : '—'}` },
          { key: 'u', label: t('evaluation.form.purchases'), children: t('evaluation.form.purchasesValue', { period: formatMoney(e.periodPurchases), year: formatMoney(e.previousYearPurchases) }) },
          { key: 'b', label: t('evaluation.form.badDebt'), children: e.badDebt ? <Tag color="red">{t('evaluation.form.badDebtYes')}</Tag> : t('evaluation.form.badDebtNo') },
        ]} />
      <div style={{ marginTop: 12 }}>
        <CreditIndicators indicators={e.indicators} editable={editable} scores={scores} reasons={reasons} total={p?.total ?? e.total}
          onScore={(k, v) => setScores((s) => ({ ...s, [k]: v }))} onReason={(k, v) => setReasons((r) => ({ ...r, [k]: v }))} />
      </div>
      <Card size="small" style={{ marginTop: 12, background: 'var(--ant-color-fill-quaternary)' }} data-testid="evaluation-live">
        <Row gutter={[16, 8]}>
          <Col xs={8}><Statistic title={t('evaluation.form.liveTotal')} value={p ? p.total.toFixed(1) : '—'} valueRender={(n) => <span data-testid="live-total" style={{ fontSize: phone ? 20 : undefined }}>{n}</span>} /></Col>
          <Col xs={8}><Statistic title={t('evaluation.form.liveGrade')} value={p?.grade ?? '—'} valueRender={(n) => <span data-testid="live-grade" style={{ fontSize: phone ? 20 : undefined }}>{n}</span>} /></Col>
          <Col xs={8}><Statistic title={t('evaluation.form.liveTier')} value={p ? t(`evaluation.tiers.${p.tier}`) : '—'} valueRender={(n) => <span data-testid="live-tier" style={{ fontSize: phone ? 20 : undefined }}>{n}</span>} /></Col>
        </Row>
        {p ? (
          <ul style={{ margin: '8px 0 0', paddingInlineStart: 18 }} data-testid="live-reasons">
            {p.reasons.map((r) => <li key={r.about}><Typography.Text type="secondary">{reasonText(t, r)}</Typography.Text></li>)}
          </ul>
        ) : null}
      </Card>
      <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginTop: 12 }} data-testid="evaluation-filled-by"
        items={[
          { key: 's', label: t('evaluation.form.sales'), children: filledLine(e.salesFilledBy, e.salesFilledAt) },
          { key: 'f', label: t('evaluation.form.finance'), children: filledLine(e.financeFilledBy, e.financeFilledAt) },
          { key: 'z', label: t('evaluation.form.finaliser'), children: filledLine(e.finalisedBy, e.finalisedAt) },
          ...(e.reason ? [{ key: 'r', label: t('evaluation.form.finaliseReason'), children: e.reason }] : []),
        ]} />
      {e.adjustments.length > 0 ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>{t('evaluation.form.adjustments')}</Typography.Title>
          <Table size="small" rowKey={(a) => `${a.indicator}-${a.at}`} pagination={false} scroll={{ x: 'max-content' }} dataSource={e.adjustments} data-testid="evaluation-adjustments"
            columns={[
              { title: t('evaluation.form.indicator'), dataIndex: 'indicator', render: (k: string) => labelOf(k) },
              { title: t('evaluation.form.from'), dataIndex: 'from', render: (v: number | null) => v?.toFixed(1) ?? '—' },
              { title: t('evaluation.form.to'), dataIndex: 'to', render: (v: number) => v.toFixed(1) },
              { title: t('evaluation.form.reason'), dataIndex: 'reason' },
              { title: t('evaluation.form.by'), dataIndex: 'byName' },
              { title: t('evaluation.changes.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
            ]} />
        </>
      ) : null}
      {e.canFill.length > 0 || e.canFinalise ? (
        <Flex vertical gap={8} style={{ marginTop: 16 }}>
          {e.canFill.includes('finance') ? (
            <Checkbox checked={badDebt ?? e.badDebt} onChange={(ev) => setBadDebt(ev.target.checked)} data-testid="bad-debt">{t('evaluation.form.badDebtReport')}</Checkbox>
          ) : null}
          <Space wrap>
            {(['sales', 'finance'] as const).filter((g) => e.canFill.includes(g)).map((g) => (
              <Button key={g} type="primary" onClick={() => fill.mutate(g)} loading={fill.isPending && fill.variables === g} disabled={incomplete(g)} data-testid={`fill-${g}`}>
                {t(g === 'sales' ? 'evaluation.form.fillSales' : 'evaluation.form.fillFinance')}
              </Button>
            ))}
          </Space>
          {e.canFinalise ? (
            <Flex wrap gap={8} data-testid="finalise-bar">
              <Input style={{ flex: '1 1 220px', maxWidth: 420 }} maxLength={500} placeholder={t('evaluation.form.finaliseReason')} value={note} onChange={(ev) => setNote(ev.target.value)} data-testid="finalise-reason" />
              <Select allowClear style={{ width: 200 }} placeholder={t('evaluation.form.asComputed', { grade: e.grade ?? '—' })} value={override} onChange={setOverride}
                options={creditGrades.filter((g) => g !== e.grade).map((g) => ({ value: g, label: t('evaluation.form.overrideTo', { grade: g }) }))} data-testid="finalise-grade" />
              <Button onClick={() => finalise.mutate()} loading={finalise.isPending} data-testid="finalise">{t('evaluation.form.finalise')}</Button>
            </Flex>
          ) : null}
        </Flex>
      ) : null}
      {e.approvalId ? <ApprovalPanel approvalId={e.approvalId} onDecided={() => void qc.invalidateQueries({ queryKey: evaluationKey })} testId="evaluation-approval" /> : null}
    </Card>
  );
};
