/**
 * Targets and accountability (REL-11, seed 001 制定绩效目标 / 责任追踪与反馈): periods and their bounds
 * in China, the ratio of actual to target, retention and cadence compliance counting. Pure: no
 * clock, no database.
 */
import type { TargetMetric } from '../../../contract/targets.js';

export type PeriodKind = 'month' | 'quarter' | 'year';
/**
 * A reporting period. `from`/`to` are the first and last day (China dates, inclusive);
 * `start`/`end` the instants [start, end) of those days in Asia/Shanghai (UTC+8, no DST).
 */
export type Period = { key: string; kind: PeriodKind; year: number; index: number; from: string; to: string; start: Date; end: Date; days: number };

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2099;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');
const utcDay = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const isoOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Months covered: [first month, last month] (1-based). */
const monthsOf = (kind: PeriodKind, index: number): [number, number] => (kind === 'month' ? [index, index] : kind === 'quarter' ? [index * 3 - 2, index * 3] : [1, 12]);

function build(kind: PeriodKind, year: number, index: number): Period {
  const [m1, m2] = monthsOf(kind, index);
  const first = utcDay(year, m1, 1);
  const afterLast = m2 === 12 ? utcDay(year + 1, 1, 1) : utcDay(year, m2 + 1, 1);
  const key = kind === 'month' ? `${year}-${pad(index)}` : kind === 'quarter' ? `${year}-Q${index}` : String(year);
  return { key, kind, year, index, from: isoOf(first), to: isoOf(afterLast - DAY_MS), start: new Date(first - CHINA_OFFSET_MS), end: new Date(afterLast - CHINA_OFFSET_MS), days: (afterLast - first) / DAY_MS };
}

/** `2026-11` (month), `2026-Q4` (quarter), `2026` (year), years 2000–2099; anything else null. */
export function parsePeriod(text: string): Period | null {
  const m = /^(\d{4})(?:-(\d{2})|-Q(\d))?$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? build('month', year, month) : null;
  }
  if (m[3] !== undefined) {
    const q = Number(m[3]);
    return q >= 1 && q <= 4 ? build('quarter', year, q) : null;
  }
  return build('year', year, 1);
}

/** The period of the same kind just before (2026-01 → 2025-12, 2026-Q1 → 2025-Q4, 2026 → 2025). */
export function previousPeriod(p: Period): Period {
  const per = p.kind === 'month' ? 12 : p.kind === 'quarter' ? 4 : 1;
  return p.index > 1 ? build(p.kind, p.year, p.index - 1) : build(p.kind, p.year - 1, per);
}

/** The period of a kind holding an instant (in China). */
export function periodAt(kind: PeriodKind, at: Date): Period {
  const d = new Date(at.getTime() + CHINA_OFFSET_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  return build(kind, year, kind === 'month' ? month : kind === 'quarter' ? Math.ceil(month / 3) : 1);
}

/**
 * Actual over target, 4 decimals. No target (null) or no actual figure (null): null. A target of 0
 * asks for nothing, so it is met (1) — also with an actual of 0; a negative target cannot be set.
 */
export function ratioOf(target: number | null, actual: number | null): number | null {
  if (target === null || actual === null) return null;
  if (target <= 0) return 1;
  return Math.round((actual / target) * 10_000) / 10_000;
}

/**
 * 活跃客户 (for retention): a customer is active in a period when it had a transaction dated in it
 * or a communication (any channel) that occurred in it. Either alone suffices.
 */
export const isActive = (f: { transactions: number; contacts: number }): boolean => f.transactions > 0 || f.contacts > 0;

/**
 * 客户维系率: of the customers active in the previous period, the share still active in this one,
 * 4 decimals; null when none was active before (nothing to retain).
 */
export function retentionOf(activeBefore: number, retained: number): number | null {
  if (activeBefore <= 0) return null;
  return Math.round((Math.min(retained, activeBefore) / activeBefore) * 10_000) / 10_000;
}

/**
 * Contacts of one kind a customer's cadence requires in a window of `days` days: one per full
 * interval (a customer called every 7 days needs 4 calls in a 30-day month). The window starts at
 * the later of the period's first day and the customer's filing day; a window of 0 days or less
 * requires nothing.
 */
export const requiredContacts = (days: number, intervalDays: number): number => (days <= 0 || intervalDays <= 0 ? 0 : Math.floor(days / intervalDays));

/** Days of the period on or after the filing day (0 when filed after the period). */
export function windowDays(p: Pick<Period, 'from' | 'to' | 'days'>, filedOn: string): number {
  if (filedOn <= p.from) return p.days;
  if (filedOn > p.to) return 0;
  return (Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${filedOn}T00:00:00Z`)) / DAY_MS + 1;
}

/**
 * Cadence compliance counting: contacts done with one customer count up to what its cadence
 * requires, so calling one customer ten times does not make up for another never called.
 */
export const countedContacts = (done: number, required: number): number => Math.max(0, Math.min(done, required));

/** Metrics a manager sets; calls and visits are always what the cadence requires. */
export const settableMetrics = ['sales', 'satisfaction', 'retention'] as const satisfies readonly TargetMetric[];

/** A target's allowed range per metric (sales in yuan, stored to the fen; satisfaction a 1–5 mean; retention a share 0–1). */
export function targetProblem(metric: TargetMetric, value: number): string | null {
  if (!Number.isFinite(value)) return 'must be a number';
  if (metric === 'sales') return value < 0 || value > 1e15 ? 'must be between 0 and 10^15 yuan' : null;
  if (metric === 'satisfaction') return value < 1 || value > 5 ? 'must be between 1 and 5' : null;
  if (metric === 'retention') return value < 0 || value > 1 ? 'must be a share between 0 and 1' : null;
  return 'is set by the cadence, not by hand';
}
