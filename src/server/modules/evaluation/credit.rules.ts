/**
 * Credit grade (EVA-2), tier (EVA-3) and the what-if preview (EVA-6), pure. Scores are integer
 * tenths of a point and money integer cents (bigint), so no binary float decides a boundary.
 */
import type { FieldError } from '../../../contract/errors.js';
import type { IndicatorKey, Reason, ScorecardDefinition } from '../../../contract/evaluation.js';
import { indicatorKeys } from '../../../contract/evaluation.js';
import type { creditGrades, customerTypes, tiers } from '../../../contract/customers.js';

export type Grade = (typeof creditGrades)[number];
export type Tier = (typeof tiers)[number];
export type CustomerType = (typeof customerTypes)[number];
export type BandGroup = 'distributor' | 'direct';
/** Scores in integer tenths (8.5 points → 85). */
export type ScoresT = Partial<Record<IndicatorKey, number>>;

/** The seed's scorecard (seed 003 附件1) with the seed's bands and thresholds: exactly these. */
export const DEFAULT_SCORECARD: ScorecardDefinition = {
  indicators: [
    { key: 'willingness', category: 'quality', label: '合作意愿', max: 10, filledBy: 'sales', source: 'manual' },
    { key: 'loyalty', category: 'quality', label: '忠诚程度', max: 10, filledBy: 'sales', source: 'manual' },
    { key: 'cooperationLength', category: 'stability', label: '合作时间', max: 10, filledBy: 'sales', source: 'computed' },
    { key: 'purchaseAmount', category: 'capacity', label: '采购金额', max: 15, filledBy: 'sales', source: 'computed' },
    { key: 'purchaseGrowth', category: 'capacity', label: '采购增长', max: 10, filledBy: 'sales', source: 'computed' },
    { key: 'purchaseRegularity', category: 'regularity', label: '均衡吸货', max: 10, filledBy: 'sales', source: 'computed' },
    { key: 'paymentTimeliness', category: 'solvency', label: '付款结算时效', max: 15, filledBy: 'finance', source: 'computed' },
    { key: 'creditFulfilment', category: 'solvency', label: '信用履约率', max: 15, filledBy: 'finance', source: 'computed' },
    { key: 'financialStanding', category: 'solvency', label: '资信状况', max: 5, filledBy: 'finance', source: 'manual' },
  ],
  bands: {
    distributor: [
      { grade: 'AAA', min: 89, inclusive: false },
      { grade: 'AA', min: 79, inclusive: false },
      { grade: 'A', min: 69, inclusive: false },
      { grade: 'B', min: 59, inclusive: false },
      { grade: 'C', min: 50, inclusive: true },
    ],
    direct: [
      { grade: 'AAA', min: 84, inclusive: false, fullMarksOn: 'creditFulfilment' },
      { grade: 'AA', min: 74, inclusive: false },
      { grade: 'A', min: 64, inclusive: false },
      { grade: 'B', min: 54, inclusive: false },
      { grade: 'C', min: 45, inclusive: true },
    ],
  },
  bandGroupOf: { distributor: 'distributor', direct: 'direct', manufacturer: 'direct', dealer: 'direct' },
  tiers: {
    direct: { keyGrades: ['AAA', 'AA'], bigGrades: ['AAA', 'AA'], bigMinPurchases: '20000000.00' },
    distributor: { keyGrades: ['AAA'], bigGrades: ['AAA'], bigMinPurchases: '50000000.00' },
  },
  quarterlyTarget: { distributor: '600000.00', direct: '300000.00', manufacturer: '300000.00', dealer: '200000.00' },
};

export const toTenths = (points: number): number => Math.round(points * 10);
export const fromTenths = (t: number): number => t / 10;
const fmt = (t: number) => (t / 10).toFixed(1);

/** A decimal string (or number with ≤ 2 decimals) of CNY as integer cents. */
export function toCents(v: string | number): bigint {
  const s = typeof v === 'number' ? v.toFixed(2) : v;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new RangeError(`not a money amount: ${s}`);
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}
export const formatCents = (c: bigint): string => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

export const maxTenthsOf = (def: ScorecardDefinition, key: IndicatorKey): number => toTenths(def.indicators.find((i) => i.key === key)?.max ?? 0);

/** Problems with a scorecard beyond its shape: each indicator once, maxima summing to 100. */
export function checkScorecard(def: ScorecardDefinition): FieldError[] {
  const errors: FieldError[] = [];
  const keys = def.indicators.map((i) => i.key);
  for (const k of indicatorKeys) if (!keys.includes(k)) errors.push({ path: 'definition.indicators', message: `must contain ${k} once` });
  const sum = def.indicators.reduce((s, i) => s + toTenths(i.max), 0);
  if (sum !== 1000) errors.push({ path: 'definition.indicators', message: `maxima must sum to 100 (they sum to ${fmt(sum)})` });
  for (const g of ['distributor', 'direct'] as const) {
    const bands = def.bands[g];
    for (let i = 1; i < bands.length; i++) {
      if (toTenths(bands[i]!.min) > toTenths(bands[i - 1]!.min)) errors.push({ path: `definition.bands.${g}.${i}.min`, message: 'bands must be ordered best first' });
    }
    if (new Set(bands.map((b) => b.grade)).size !== bands.length) errors.push({ path: `definition.bands.${g}`, message: 'each grade at most once' });
    if (bands.some((b) => b.grade === 'D')) errors.push({ path: `definition.bands.${g}`, message: 'D is what lies below every band; do not list it' });
  }
  return errors;
}

/** Each given score within 0…its maximum, at most one decimal; errors name `scores.<key>`. */
export function checkScores(def: ScorecardDefinition, scores: Partial<Record<IndicatorKey, number | undefined>>, prefix = 'scores'): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, v] of Object.entries(scores)) {
    if (v === undefined) continue;
    const ind = def.indicators.find((i) => i.key === key);
    if (!ind) {
      errors.push({ path: `${prefix}.${key}`, message: 'is not an indicator of the scorecard' });
      continue;
    }
    if (Math.abs(v * 10 - Math.round(v * 10)) > 1e-6) errors.push({ path: `${prefix}.${key}`, message: 'must have at most one decimal' });
    else if (toTenths(v) < 0) errors.push({ path: `${prefix}.${key}`, message: 'must not be below 0' });
    else if (toTenths(v) > toTenths(ind.max)) errors.push({ path: `${prefix}.${key}`, message: `must not exceed its maximum of ${ind.max}` });
  }
  return errors;
}

/** EVA-1: the total is the sum of the scores; a missing indicator counts 0. */
export const totalOf = (scores: ScoresT): number => indicatorKeys.reduce((s, k) => s + (scores[k] ?? 0), 0);

export const bandGroupOf = (def: ScorecardDefinition, t: CustomerType): BandGroup => def.bandGroupOf[t] ?? 'direct';

export type GradeInput = { customerType: CustomerType; scores: ScoresT; badDebt: boolean };
export type Decided<T> = { value: T; reason: Reason };

/** EVA-2: upper-inclusive bands best first (score > min, or ≥ min where inclusive); bad debt → D. */
export function gradeOf(def: ScorecardDefinition, input: GradeInput): Decided<Grade> {
  const total = totalOf(input.scores);
  const group = bandGroupOf(def, input.customerType);
  if (input.badDebt) {
    return { value: 'D', reason: { about: 'grade', rule: 'EVA-2', code: 'badDebt', params: { total: fmt(total) }, message: 'A bad-debt record makes the grade D whatever the score.' } };
  }
  let skipped: string | null = null;
  for (const band of def.bands[group]) {
    const min = toTenths(band.min);
    const inBand = band.inclusive ? total >= min : total > min;
    if (!inBand) continue;
    if (band.fullMarksOn) {
      const max = maxTenthsOf(def, band.fullMarksOn);
      if ((input.scores[band.fullMarksOn] ?? 0) < max) {
        skipped = `${band.grade} needs full marks on ${band.fullMarksOn}`;
        continue;
      }
    }
    return {
      value: band.grade,
      reason: {
        about: 'grade', rule: 'EVA-2', code: skipped ? 'bandWithoutFullMarks' : 'band',
        params: { group, grade: band.grade, total: fmt(total), bound: band.min, op: band.inclusive ? '≥' : '>', ...(skipped ? { skipped } : {}) },
        message: `${group} total ${fmt(total)} ${band.inclusive ? '≥' : '>'} ${band.min} → ${band.grade}${skipped ? ` (${skipped})` : ''}`,
      },
    };
  }
  const lowest = def.bands[group][def.bands[group].length - 1];
  return { value: 'D', reason: { about: 'grade', rule: 'EVA-2', code: 'belowBands', params: { group, total: fmt(total), bound: lowest?.min ?? 0 }, message: `${group} total ${fmt(total)} is below every band → D` } };
}

export type TierInput = { customerType: CustomerType; grade: Grade; previousYearPurchases: bigint; hasTransactions: boolean };

/** EVA-3: big ⊂ key by grade and previous-year purchases; potential = a prospect meeting the key condition. */
export function tierOf(def: ScorecardDefinition, input: TierInput): Decided<Tier> {
  const group = bandGroupOf(def, input.customerType);
  const rule = def.tiers[group];
  const meetsKey = rule.keyGrades.includes(input.grade);
  const base = { group, grade: input.grade };
  if (!input.hasTransactions) {
    return meetsKey
      ? { value: 'potential', reason: { about: 'tier', rule: 'EVA-3', code: 'potential', params: base, message: `No transaction yet and ${input.grade} meets the key-customer grade of a ${group} → potential` } }
      : { value: 'normal', reason: { about: 'tier', rule: 'EVA-3', code: 'prospectNormal', params: base, message: `No transaction yet and ${input.grade} does not meet the key-customer grade → normal` } };
  }
  const threshold = toCents(rule.bigMinPurchases);
  const purchases = formatCents(input.previousYearPurchases);
  if (rule.bigGrades.includes(input.grade) && input.previousYearPurchases >= threshold) {
    return { value: 'big', reason: { about: 'tier', rule: 'EVA-3', code: 'big', params: { ...base, purchases, threshold: rule.bigMinPurchases }, message: `${input.grade} ${group} with previous-year purchases ${purchases} ≥ ${rule.bigMinPurchases} → big` } };
  }
  if (meetsKey) {
    return { value: 'key', reason: { about: 'tier', rule: 'EVA-3', code: 'key', params: { ...base, purchases, threshold: rule.bigMinPurchases }, message: `${input.grade} meets the key-customer grade of a ${group}; previous-year purchases ${purchases} < ${rule.bigMinPurchases} → key` } };
  }
  return { value: 'normal', reason: { about: 'tier', rule: 'EVA-3', code: 'normal', params: base, message: `${input.grade} does not meet the key-customer grade of a ${group} → normal` } };
}

export type PreviewInput = { customerType: CustomerType; scores: ScoresT; badDebt: boolean; previousYearPurchases: bigint; hasTransactions: boolean };
export type Preview = { total: number; grade: Grade; tier: Tier; reasons: Reason[] };

/** EVA-6: total, grade and tier with the reasons that decided each. Scores must already be checked. */
export function previewCredit(def: ScorecardDefinition, input: PreviewInput): Preview {
  const total = totalOf(input.scores);
  const grade = gradeOf(def, input);
  const tier = tierOf(def, { ...input, grade: grade.value });
  const missing = indicatorKeys.filter((k) => input.scores[k] === undefined);
  const totalReason: Reason = {
    about: 'total', rule: 'EVA-1', code: missing.length ? 'sumWithMissing' : 'sum',
    params: { total: fmt(total), missing: missing.join(',') },
    message: `Sum of the scores = ${fmt(total)}${missing.length ? `; missing count 0: ${missing.join(', ')}` : ''}`,
  };
  return { total: fromTenths(total), grade: grade.value, tier: tier.value, reasons: [totalReason, grade.reason, tier.reason] };
}

/** Whether a tier is key or above (EVA-5 moves in and out of it). */
export const isKeyTier = (t: Tier | null | undefined): boolean => t === 'key' || t === 'big';

export type TierChange = { from: Tier | null; to: Tier; notify: boolean; cause: 'evaluation' | 'bad_debt' };
/**
 * EVA-5 dynamic management: the new tier applies at once; moving in or out of key/big notifies
 * the owner and the marketing manager; bad debt on a key customer is its own cause (seed 003 6.5).
 */
export function tierChange(from: Tier | null, to: Tier, badDebt: boolean): TierChange | null {
  if (from === to) return null;
  const crosses = isKeyTier(from) !== isKeyTier(to) || (from === 'big') !== (to === 'big');
  return { from, to, notify: crosses, cause: badDebt && isKeyTier(from) && !isKeyTier(to) ? 'bad_debt' : 'evaluation' };
}
