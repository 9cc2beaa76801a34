/**
 * The indicator grid of the 客户信用等级评定表 (seed 003 附件1): category (merged cells), indicator,
 * points, who fills it, the system's proposal with its basis, the score, and the reason a changed
 * proposal needs. A table on a wide screen, one card per indicator on a phone.
 */
import { Card, Flex, Grid, Input, InputNumber, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EvaluationDetail, IndicatorKey } from '../../../contract/evaluation.js';
import { basisText, useIndicatorLabel } from './evaluation-ui.js';

export type Indicator = EvaluationDetail['indicators'][number];
export type Scores = Partial<Record<IndicatorKey, number>>;

/** The value a score is compared with: what was filled, else the proposal (the server asks a reason when it changes). */
export const referenceOf = (i: Indicator): number | null => i.score ?? i.computed;
export const needsReason = (i: Indicator, scores: Scores): boolean => {
  const ref = referenceOf(i);
  const now = scores[i.key];
  return ref !== null && now !== undefined && Math.round(ref * 10) !== Math.round(now * 10);
};

type Props = {
  indicators: Indicator[];
  editable: (i: Indicator) => boolean;
  scores: Scores;
  reasons: Partial<Record<IndicatorKey, string>>;
  onScore: (k: IndicatorKey, v: number | undefined) => void;
  onReason: (k: IndicatorKey, v: string) => void;
  total: number | null;
};

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(1));

export const CreditIndicators = ({ indicators, editable, scores, reasons, onScore, onReason, total }: Props) => {
  const { t } = useTranslation();
  const phone = Grid.useBreakpoint().md === false;
  const labelOf = useIndicatorLabel();
  const maxSum = indicators.reduce((s, i) => s + i.max, 0);
  const input = (i: Indicator, width: number | string = 96) => (
    <InputNumber min={0} max={i.max} step={0.5} precision={1} value={scores[i.key]} onChange={(v) => onScore(i.key, v ?? undefined)} style={{ width }} inputMode="decimal" data-testid={`score-${i.key}`} />
  );
  const reason = (i: Indicator) =>
    editable(i) && needsReason(i, scores) ? (
      <Input size="small" maxLength={500} value={reasons[i.key]} status={reasons[i.key]?.trim() ? undefined : 'warning'} placeholder={t('evaluation.form.reasonRequired')} onChange={(ev) => onReason(i.key, ev.target.value)} data-testid={`reason-${i.key}`} />
    ) : null;
  const proposal = (i: Indicator) =>
    i.source === 'computed' ? (
      <Flex vertical>
        <span data-testid={`computed-${i.key}`}>{fmt(i.computed)}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{basisText(t, i.key, i.basis)}</Typography.Text>
      </Flex>
    ) : (
      <Typography.Text type="secondary">{t('evaluation.form.manual')}</Typography.Text>
    );

  if (phone) {
    return (
      <Flex vertical gap={8} data-testid="evaluation-indicators">
        {indicators.map((i, n) => (
          <div key={i.key}>
            {n === 0 || indicators[n - 1]!.category !== i.category ? <Typography.Text strong style={{ display: 'block', margin: '8px 0 4px' }}>{t(`evaluation.form.categories.${i.category}`)}</Typography.Text> : null}
            <Card size="small" data-testid={`indicator-${i.key}`}>
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Typography.Text>{n + 1}. {labelOf('credit', i.key, i.label)}</Typography.Text>
                <Tag>{t(`evaluation.form.${i.filledBy}`)}</Tag>
              </Flex>
              <Flex justify="space-between" align="flex-start" gap={8} style={{ marginTop: 6 }}>
                <Flex vertical style={{ minWidth: 0, flex: 1 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('evaluation.form.maxOf', { max: i.max })}</Typography.Text>
                  {i.source === 'computed' ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('evaluation.form.computed')}：{fmt(i.computed)}　{basisText(t, i.key, i.basis)}</Typography.Text> : null}
                </Flex>
                {editable(i) ? input(i, 96) : <Typography.Text strong>{fmt(i.score)}</Typography.Text>}
              </Flex>
              {reason(i) ? <div style={{ marginTop: 6 }}>{reason(i)}</div> : null}
            </Card>
          </div>
        ))}
        <Flex justify="space-between" style={{ padding: '8px 4px' }}><Typography.Text strong>{t('evaluation.form.total')}（{maxSum}）</Typography.Text><Typography.Text strong data-testid="grid-total">{fmt(total)}</Typography.Text></Flex>
      </Flex>
    );
  }

  const spanOf = (n: number) => {
    const i = indicators[n]!;
    if (n > 0 && indicators[n - 1]!.category === i.category) return 0;
    let k = n;
    while (k < indicators.length && indicators[k]!.category === i.category) k++;
    return k - n;
  };
  return (
    <Table<Indicator>
      size="small"
      rowKey="key"
      bordered
      pagination={false}
      dataSource={indicators}
      data-testid="evaluation-indicators"
      scroll={{ x: 900 }}
      columns={[
        { title: t('evaluation.form.category'), dataIndex: 'category', width: 120, onCell: (_, n) => ({ rowSpan: spanOf(n ?? 0) }), render: (c: Indicator['category']) => t(`evaluation.form.categories.${c}`) },
        { title: t('evaluation.form.seq'), key: 'seq', width: 56, render: (_v, _r, n) => n + 1 },
        { title: t('evaluation.form.indicator'), dataIndex: 'label', width: 130, render: (v: string, i) => labelOf('credit', i.key, v) },
        { title: t('evaluation.form.max'), dataIndex: 'max', width: 64, align: 'right' },
        { title: t('evaluation.form.filledBy'), dataIndex: 'filledBy', width: 110, render: (f: Indicator['filledBy']) => t(`evaluation.form.${f}`) },
        { title: t('evaluation.form.computed'), key: 'computed', render: (_v, i) => proposal(i) },
        { title: t('evaluation.form.score'), key: 'score', width: 120, render: (_v, i) => (editable(i) ? input(i) : <span data-testid={`score-value-${i.key}`}>{fmt(i.score)}</span>) },
        { title: t('evaluation.form.reason'), key: 'reason', width: 220, render: (_v, i) => reason(i) },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={3}><Typography.Text strong>{t('evaluation.form.total')}</Typography.Text></Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="right"><Typography.Text strong>{maxSum}</Typography.Text></Table.Summary.Cell>
          <Table.Summary.Cell index={4} colSpan={2} />
          <Table.Summary.Cell index={6} colSpan={2}><Typography.Text strong data-testid="grid-total">{fmt(total)}</Typography.Text></Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
};
