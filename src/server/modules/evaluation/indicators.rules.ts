/**
 * The computed indicators of EVA-1 and the quarters they are computed over, pure. Integer
 * arithmetic only (tenths of a point, cents as bigint, rounding half up), so the set-based SQL of
 * the quarterly job (evaluation.sql.ts) reproduces every value exactly; a test compares the two.
 */
import type { IndicatorKey, ScorecardDefinition } from '../../../contract/evaluation.js';
import { maxTenthsOf } from './credit.rules.js';

export type Quarter = { key: string; year: number; q: 1 | 2 | 3 | 4; start: string; end: string };

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function parseQuarter(key: string): Quarter | null {
  const m = /^((?:19|20)\d\d)Q([1-4])$/.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  const q = Number(m[2]) as Quarter['q'];
  const m0 = (q - 1) * 3 + 1;
  return { key, year, q, start: `${year}-${pad(m0)}-01`, end: `${year}-${pad(m0 + 2)}-${pad(lastDay(year, m0 + 2))}` };
}
/** Any year's quarter: arithmetic on quarters (the one before, a year before) never leaves the calendar (EVA-4). */
function quarterOf(year: number, q: number): Quarter {
  const m0 = (q - 1) * 3 + 1;
  return { key: `${String(year).padStart(4, '0')}Q${q}`, year, q: q as Quarter['q'], start: `${String(year).padStart(4, '0')}-${pad(m0)}-01`, end: `${String(year).padStart(4, '0')}-${pad(m0 + 2)}-${pad(lastDay(year, m0 + 2))}` };
}

/** The calendar date in China (UTC+8, no daylight saving) at an instant. */
export const chinaDate = (now: Date): string => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** The quarter an instant falls in (China time) and the one before it: the job evaluates the latter. */
export function quarterAt(now: Date): Quarter {
  const d = chinaDate(now);
  return quarterOf(Number(d.slice(0, 4)), Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1);
}
export function previousQuarter(q: Quarter): Quarter {
  return q.q === 1 ? quarterOf(q.year - 1, 4) : quarterOf(q.year, q.q - 1);
}
export const sameQuarterLastYear = (q: Quarter): Quarter => quarterOf(q.year - 1, q.q);
/** EVA-3 "previous calendar year" of an evaluation: the last full year before the evaluation opens. */
export const previousYearOf = (q: Quarter): number => (q.q === 4 ? q.year : q.year - 1);
/** The three months of a quarter as [start, end] dates. */
export function monthsOf(q: Quarter): [string, string][] {
  const m0 = (q.q - 1) * 3 + 1;
  return [0, 1, 2].map((i) => [`${q.year}-${pad(m0 + i)}-01`, `${q.year}-${pad(m0 + i)}-${pad(lastDay(q.year, m0 + i))}`]);
}
/** Whole days from a to b (ISO dates). */
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** round(a / b) half up, for a ≥ 0, b > 0. */
export const roundDiv = (a: bigint, b: bigint): bigint => (2n * a + b) / (2n * b);
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}
const clampT = (v: bigint, max: bigint): number => Number(v < 0n ? 0n : v > max ? max : v);

/** Full marks at five years (1,826 days) of cooperation since the first transaction, linear below. */
export const FULL_COOPERATION_DAYS = 1826;
/** Zero marks at an average of 60 days overdue. */
export const ZERO_TIMELINESS_DAYS = 60;

export type PaymentFact = { dueOn: string; paidOn: string | null; amount: bigint };
export type PeriodFacts = {
  quarter: Quarter;
  firstTransactionOn: string | null;
  /** Purchases (transaction amounts, cents) in each month of the quarter. */
  monthly: [bigint, bigint, bigint];
  sameQuarterLastYear: bigint;
  target: bigint;
  /** Payments due within the quarter. */
  payments: PaymentFact[];
};
export type ComputedIndicator = { score: number; basis: Record<string, string | number | null> };
export type ComputedIndicators = Partial<Record<IndicatorKey, ComputedIndicator>>;

const s = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

export function cooperationLength(maxT: number, periodEnd: string, firstTransactionOn: string | null): ComputedIndicator {
  const days = firstTransactionOn ? Math.max(0, daysBetween(firstTransactionOn, periodEnd)) : 0;
  const d = BigInt(Math.min(days, FULL_COOPERATION_DAYS));
  return { score: clampT(roundDiv(BigInt(maxT) * d, BigInt(FULL_COOPERATION_DAYS)), BigInt(maxT)), basis: { firstTransactionOn, days } };
}

export function purchaseAmount(maxT: number, actual: bigint, target: bigint): ComputedIndicator {
  const basis = { actual: s(actual), target: s(target) };
  if (target <= 0n || actual >= target) return { score: maxT, basis };
  return { score: clampT(roundDiv(BigInt(maxT) * actual, target), BigInt(maxT)), basis };
}

/** Full at ≥ +20 %, zero at ≤ −20 %, linear between: f = (5a − 4b) / 2b. No purchases in either quarter: 0. */
export function purchaseGrowth(maxT: number, actual: bigint, lastYear: bigint): ComputedIndicator {
  const basis = { actual: s(actual), lastYear: s(lastYear) };
  if (lastYear === 0n) return { score: actual > 0n ? maxT : 0, basis };
  const num = 5n * actual - 4n * lastYear;
  if (num <= 0n) return { score: 0, basis };
  if (num >= 2n * lastYear) return { score: maxT, basis };
  return { score: clampT(roundDiv(BigInt(maxT) * num, 2n * lastYear), BigInt(maxT)), basis };
}

/**
 * max × max(0, 1 − CV) over the quarter's months, CV the population coefficient of variation.
 * With S = Σx, V = nΣx² − S²: CV = √V / S, and the penalty max·CV is rounded half up exactly as
 * ⌊(⌊√(4·max²·V)⌋ div S + 1) / 2⌋.
 */
export function purchaseRegularity(maxT: number, monthly: readonly bigint[]): ComputedIndicator {
  const n = BigInt(monthly.length);
  const sum = monthly.reduce((a, b) => a + b, 0n);
  const basis = { months: monthly.map(s).join(' / ') };
  if (sum <= 0n) return { score: 0, basis };
  const sq = monthly.reduce((a, b) => a + b * b, 0n);
  const v = n * sq - sum * sum;
  const m = isqrt(4n * BigInt(maxT) * BigInt(maxT) * v) / sum;
  const penalty = (m + 1n) / 2n;
  return { score: clampT(BigInt(maxT) - penalty, BigInt(maxT)), basis };
}

/** Full when the average days overdue ≤ 0, zero at ≥ 60, linear between. Unpaid: overdue as of the quarter's end. No dues: full. */
export function paymentTimeliness(maxT: number, periodEnd: string, payments: readonly PaymentFact[]): ComputedIndicator {
  const n = BigInt(payments.length);
  const totalDays = payments.reduce((a, p) => a + BigInt(daysBetween(p.dueOn, p.paidOn ?? periodEnd)), 0n);
  const basis = { payments: payments.length, averageDaysOverdue: payments.length ? (Number(totalDays) / payments.length).toFixed(1) : null };
  if (n === 0n || totalDays <= 0n) return { score: maxT, basis };
  const span = BigInt(ZERO_TIMELINESS_DAYS) * n;
  if (totalDays >= span) return { score: 0, basis };
  return { score: clampT(roundDiv(BigInt(maxT) * (span - totalDays), span), BigInt(maxT)), basis };
}

/** max × (amount paid on time / amount due) over payments due in the quarter; no dues: full. */
export function creditFulfilment(maxT: number, payments: readonly PaymentFact[]): ComputedIndicator {
  const due = payments.reduce((a, p) => a + p.amount, 0n);
  const onTime = payments.reduce((a, p) => a + (p.paidOn !== null && p.paidOn <= p.dueOn ? p.amount : 0n), 0n);
  const basis = { due: s(due), paidOnTime: s(onTime) };
  if (due === 0n) return { score: maxT, basis };
  return { score: clampT(roundDiv(BigInt(maxT) * onTime, due), BigInt(maxT)), basis };
}

/** Every computed indicator of the scorecard for one customer and quarter (scores in tenths). */
export function computeIndicators(def: ScorecardDefinition, f: PeriodFacts): ComputedIndicators {
  const out: ComputedIndicators = {};
  const actual = f.monthly.reduce((a, b) => a + b, 0n);
  for (const ind of def.indicators) {
    if (ind.source !== 'computed') continue;
    const maxT = maxTenthsOf(def, ind.key);
    switch (ind.key) {
      case 'cooperationLength': out[ind.key] = cooperationLength(maxT, f.quarter.end, f.firstTransactionOn); break;
      case 'purchaseAmount': out[ind.key] = purchaseAmount(maxT, actual, f.target); break;
      case 'purchaseGrowth': out[ind.key] = purchaseGrowth(maxT, actual, f.sameQuarterLastYear); break;
      case 'purchaseRegularity': out[ind.key] = purchaseRegularity(maxT, f.monthly); break;
      case 'paymentTimeliness': out[ind.key] = paymentTimeliness(maxT, f.quarter.end, f.payments); break;
      case 'creditFulfilment': out[ind.key] = creditFulfilment(maxT, f.payments); break;
      default: break; // a manual indicator marked computed has no formula: left to the filler
    }
  }
  return out;
}
