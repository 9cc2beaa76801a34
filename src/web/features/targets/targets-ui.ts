/** Shared bits of the targets pages (REL-11): metric order, figures as people read them, the period key of a picked date. */
import type { Dayjs } from 'dayjs';
import type { TargetMetric } from '../../../contract/targets.js';

export type PeriodKind = 'month' | 'quarter' | 'year';
export const metrics: readonly TargetMetric[] = ['sales', 'satisfaction', 'retention', 'calls', 'visits'];

/** `2026-11`, `2026-Q4`, `2026`: the contract's period of the date picked. */
export const periodKeyOf = (kind: PeriodKind, at: Dayjs): string =>
  kind === 'year' ? at.format('YYYY') : kind === 'quarter' ? `${at.format('YYYY')}-Q${Math.floor(at.month() / 3) + 1}` : at.format('YYYY-MM');

const yuan = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });
export const formatFigure = (m: TargetMetric, v: number | null): string => {
  if (v === null) return '—';
  if (m === 'sales') return `¥${yuan.format(v)}`;
  if (m === 'retention') return `${(v * 100).toFixed(1)}%`;
  if (m === 'satisfaction') return v.toFixed(2);
  return String(v);
};
