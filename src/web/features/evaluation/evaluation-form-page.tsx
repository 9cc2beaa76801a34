/** 客户信用等级评定表 (seed 003 附件1): categories, indicators, points, who fills each, live total and grade via the preview; A4 print. */
import { PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, Input, InputNumber, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { EvaluationDetail, IndicatorKey } from '../../../contract/evaluation.js';
import { call } from '../../api.js';
import { LoadError } from '../../ui/results.js';

type Indicator = EvaluationDetail['indicators'][number];

export const EvaluationFormPage = () => {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['evaluation', 'one', id], queryFn: () => call('getEvaluation', { params: { id: id! } }) });
  const e = q.data;
  const [scores, setScores] = useState<Partial<Record<IndicatorKey, number>>>({});
  const [reasons, setReasons] = useState<Partial<Record<IndicatorKey, string>>>({});
  const [note, setNote] = useState('');
  useEffect(() => {
    if (e) setScores(Object.fromEntries(e.indicators.map((i) => [i.key, i.score ?? i.computed ?? undefined]).filter(([, v]) => v !== undefined)));
  }, [e]);
  const preview = useQuery({
    queryKey: ['evaluation', 'preview', e?.customerType, scores, e?.badDebt, e?.previousYearPurchases, e?.hasTransactions],
    queryFn: () => call('previewCredit', { body: { customerType: e!.customerType, scores, badDebt: e!.badDebt, previousYearPurchases: e!.previousYearPurchases, hasTransactions: e!.hasTransactions } }),
    enabled: !!e,
    retry: false,
  });
  const fill = useMutation({
    mutationFn: (group: 'sales' | 'finance') => {
      const keys = e!.indicators.filter((i) => i.filledBy === group).map((i) => i.key);
      return call('fillEvaluation', { params: { id: id! }, body: { version: e!.version, group, scores: Object.fromEntries(keys.map((k) => [k, scores[k] ?? 0])), reasons: Object.fromEntries(keys.filter((k) => reasons[k]).map((k) => [k, reasons[k]!])) } });
    },
    onSuccess: () => {
      void message.success(t('evaluation.form.saved'));
      void qc.invalidateQueries({ queryKey: ['evaluation'] });
    },
    onError: (err) => void message.error((err as Error).message),
  });
  const finalise = useMutation({
    mutationFn: () => call('finaliseEvaluation', { params: { id: id! }, body: { version: e!.version, reason: note || `${e!.quarter} 季度评定` } }),
    onSuccess: () => {
      void message.success(t('evaluation.form.sent'));
      void qc.invalidateQueries({ queryKey: ['evaluation'] });
    },
    onError: (err) => void message.error((err as Error).message),
  });
  const rows = useMemo(() => e?.indicators ?? [], [e]);
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!e) return <Spin />;
  const editable = (i: Indicator) => e.canFill.includes(i.filledBy);
  return (
    <Card className="print-a4" data-testid="evaluation-form">
      <style>{'@media print { @page { size: A4; margin: 15mm } .no-print, nav, header, aside { display: none !important } .print-a4 { box-shadow: none; border: 0 } }'}</style>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('evaluation.form.title')}</Typography.Title>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} className="no-print" data-testid="evaluation-print">{t('evaluation.form.print')}</Button>
      </Flex>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginTop: 8 }}
        items={[
          { key: 'c', label: t('evaluation.customer'), children: e.customerName },
          { key: 'n', label: t('evaluation.archiveNo'), children: e.archiveNo },
          { key: 'q', label: t('evaluation.quarter'), children: e.quarter },
          { key: 's', label: t('evaluation.state'), children: <Tag data-testid="evaluation-state">{t(`evaluation.states.${e.state}`)}</Tag> },
        ]} />
      <Table size="small" rowKey="key" pagination={false} scroll={{ x: 'max-content' }} dataSource={rows} style={{ marginTop: 8 }}
        columns={[
          { title: t('evaluation.form.category'), dataIndex: 'category', render: (c: 'quality', _r, i) => (i > 0 && rows[i - 1]?.category === c ? '' : t(`evaluation.form.categories.${c}`)) },
          { title: t('evaluation.form.indicator'), dataIndex: 'label' },
          { title: t('evaluation.form.max'), dataIndex: 'max' },
          { title: t('evaluation.form.filledBy'), dataIndex: 'filledBy', render: (f: 'sales') => t(`evaluation.form.${f}`) },
          { title: t('evaluation.form.computed'), dataIndex: 'computed' },
          {
            title: t('evaluation.form.score'), key: 'score',
            render: (_: unknown, i: Indicator) => editable(i)
              ? <InputNumber min={0} max={i.max} step={0.5} precision={1} value={scores[i.key]} onChange={(v) => setScores((s) => ({ ...s, [i.key]: v ?? undefined }))} data-testid={`score-${i.key}`} />
              : (i.score ?? ''),
          },
          {
            title: t('evaluation.form.reason'), key: 'reason',
            render: (_: unknown, i: Indicator) => editable(i) && i.computed !== null && scores[i.key] !== i.computed
              ? <Input size="small" value={reasons[i.key]} onChange={(ev) => setReasons((r) => ({ ...r, [i.key]: ev.target.value }))} data-testid={`reason-${i.key}`} />
              : null,
          },
        ]} />
      <Flex wrap gap={16} style={{ marginTop: 12 }} data-testid="evaluation-live">
        <Typography.Text strong>{t('evaluation.form.liveTotal')}：<span data-testid="live-total">{preview.data?.total.toFixed(1) ?? '—'}</span></Typography.Text>
        <Typography.Text strong>{t('evaluation.form.liveGrade')}：<span data-testid="live-grade">{preview.data?.grade ?? '—'}</span></Typography.Text>
        <Typography.Text strong>{t('evaluation.form.liveTier')}：{preview.data ? t(`evaluation.tiers.${preview.data.tier}`) : '—'}</Typography.Text>
      </Flex>
      {preview.data ? <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>{preview.data.reasons.map((r) => r.message).join('；')}</Typography.Paragraph> : null}
      <Typography.Paragraph type="secondary">{t('evaluation.form.filledByLine', { sales: e.salesFilledBy ?? '—', finance: e.financeFilledBy ?? '—', final: e.finalisedBy ?? '—' })}</Typography.Paragraph>
      <Space wrap className="no-print">
        {e.canFill.includes('sales') ? <Button type="primary" onClick={() => fill.mutate('sales')} loading={fill.isPending} data-testid="fill-sales">{t('evaluation.form.fillSales')}</Button> : null}
        {e.canFill.includes('finance') ? <Button type="primary" onClick={() => fill.mutate('finance')} loading={fill.isPending} data-testid="fill-finance">{t('evaluation.form.fillFinance')}</Button> : null}
        {e.canFinalise ? (
          <>
            <Input style={{ width: 220 }} placeholder={t('evaluation.form.finaliseReason')} value={note} onChange={(ev) => setNote(ev.target.value)} data-testid="finalise-reason" />
            <Button onClick={() => finalise.mutate()} loading={finalise.isPending} data-testid="finalise">{t('evaluation.form.finalise')}</Button>
          </>
        ) : null}
      </Space>
    </Card>
  );
};
