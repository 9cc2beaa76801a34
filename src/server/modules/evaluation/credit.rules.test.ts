import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indicatorKeys, type IndicatorKey } from '../../../contract/evaluation.js';
import { checkScorecard, checkScores, DEFAULT_SCORECARD as def, gradeOf, previewCredit, tierChange, tierOf, toCents, toTenths, totalOf, type CustomerType, type Grade, type ScoresT } from './credit.rules.js';

/** Scores summing to `total` (tenths) with creditFulfilment at `fulfilment` (tenths). */
function scoresFor(total: number, fulfilment = Math.min(150, total)): ScoresT {
  const out: ScoresT = { creditFulfilment: fulfilment };
  let rest = total - fulfilment;
  for (const ind of def.indicators) {
    if (ind.key === 'creditFulfilment') continue;
    const take = Math.max(0, Math.min(toTenths(ind.max), rest));
    out[ind.key] = take;
    rest -= take;
  }
  if (rest !== 0) throw new Error(`cannot make ${total} with fulfilment ${fulfilment}`);
  return out;
}
const grade = (customerType: CustomerType, total: number, opts: { fulfilment?: number; badDebt?: boolean } = {}) =>
  gradeOf(def, { customerType, scores: scoresFor(toTenths(total), opts.fulfilment), badDebt: opts.badDebt ?? false }).value;

describe('EVA-1 scorecard', () => {
  it('EVA-1 the default scorecard has 9 indicators in 5 categories summing to 100 and passes its own checks', () => {
    expect(def.indicators.map((i) => i.key)).toEqual([...indicatorKeys]);
    expect(new Set(def.indicators.map((i) => i.category)).size).toBe(5);
    expect(def.indicators.reduce((s, i) => s + toTenths(i.max), 0)).toBe(1000);
    expect(checkScorecard(def)).toEqual([]);
    expect(def.indicators.filter((i) => i.filledBy === 'finance').map((i) => i.key)).toEqual(['paymentTimeliness', 'creditFulfilment', 'financialStanding']);
  });
  it('EVA-1 a scorecard whose maxima do not sum to 100 is refused', () => {
    const bad = { ...def, indicators: def.indicators.map((i) => (i.key === 'loyalty' ? { ...i, max: 9.5 } : i)) };
    expect(checkScorecard(bad)[0]?.message).toMatch(/sum to 100/);
  });
  it.each<[IndicatorKey, number, string | null]>([
    ['willingness', 10, null],
    ['willingness', 10.1, 'must not exceed its maximum of 10'],
    ['financialStanding', 5.1, 'must not exceed its maximum of 5'],
    ['purchaseAmount', 15, null],
    ['loyalty', -0.1, 'must not be below 0'],
    ['loyalty', 0, null],
    ['loyalty', 8.25, 'must have at most one decimal'],
  ])('EVA-1 score %s = %s → %s', (key, v, message) => {
    const errors = checkScores(def, { [key]: v });
    expect(errors[0]?.message ?? null).toBe(message);
    if (message) expect(errors[0]!.path).toBe(`scores.${key}`);
  });
  it('EVA-1 the total is the sum; a missing indicator counts 0', () => {
    expect(totalOf({ willingness: 90, loyalty: 85 })).toBe(175);
    expect(totalOf({})).toBe(0);
  });
});

describe('EVA-2 grade bands', () => {
  it.each<[number, Grade]>([
    [100, 'AAA'], [89.1, 'AAA'], [89, 'AA'], [79.1, 'AA'], [79, 'A'], [69.1, 'A'], [69, 'B'], [59.1, 'B'], [59, 'C'], [50, 'C'], [49.9, 'D'], [0, 'D'],
  ])('EVA-2 distributor %s → %s', (s, g) => {
    expect(grade('distributor', s)).toBe(g);
  });
  it.each<[number, number, Grade]>([
    [100, 150, 'AAA'], [84.1, 150, 'AAA'], [84.1, 149, 'AA'], [95, 100, 'AA'], [84, 150, 'AA'], [74.1, 150, 'AA'], [74, 150, 'A'], [64.1, 150, 'A'],
    [64, 150, 'B'], [54.1, 150, 'B'], [54, 150, 'C'], [45, 150, 'C'], [44.9, 150, 'D'], [0, 0, 'D'],
  ])('EVA-2 direct %s (信用履约率 %s tenths) → %s', (s, f, g) => {
    expect(grade('direct', s, { fulfilment: f })).toBe(g);
  });
  it('EVA-2 direct AAA needs full fulfilment, and the reason says so', () => {
    const r = gradeOf(def, { customerType: 'direct', scores: scoresFor(950, 140), badDebt: false });
    expect(r.value).toBe('AA');
    expect(r.reason.code).toBe('bandWithoutFullMarks');
  });
  it.each<CustomerType>(['manufacturer', 'dealer'])('EVA-2 other types (%s) use the direct bands', (t) => {
    expect(grade(t, 84.1, { fulfilment: 150 })).toBe('AAA');
    expect(grade(t, 84.1, { fulfilment: 149 })).toBe('AA');
    expect(grade(t, 45)).toBe('C');
    expect(grade(t, 44.9)).toBe('D');
  });
  it.each<CustomerType>(['distributor', 'direct', 'manufacturer'])('EVA-2 bad debt → D whatever the score (%s)', (t) => {
    expect(grade(t, 100, { badDebt: true })).toBe('D');
  });
  const order: Grade[] = ['D', 'C', 'B', 'A', 'AA', 'AAA'];
  it('EVA-2 property: the grade is monotone in the score (either type, fulfilment fixed)', () => {
    fc.assert(
      fc.property(fc.constantFrom<CustomerType>('distributor', 'direct', 'manufacturer', 'dealer'), fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (t, f, a, b) => {
        const [lo, hi] = [Math.max(Math.min(a, b), f), Math.max(a, b, f)];
        const g = (total: number) => gradeOf(def, { customerType: t, scores: { creditFulfilment: f, willingness: 0, ...spread(total - f) }, badDebt: false }).value;
        return order.indexOf(g(lo)) <= order.indexOf(g(hi));
      }),
    );
  });
});

/** Spread tenths over the indicators other than creditFulfilment (max 850). */
function spread(rest: number): ScoresT {
  const out: ScoresT = {};
  for (const ind of def.indicators) {
    if (ind.key === 'creditFulfilment') continue;
    const take = Math.max(0, Math.min(toTenths(ind.max), rest));
    out[ind.key] = take;
    rest -= take;
  }
  return out;
}

describe('EVA-3 tiers', () => {
  const tier = (customerType: CustomerType, g: Grade, purchases: string, hasTransactions = true) => tierOf(def, { customerType, grade: g, previousYearPurchases: toCents(purchases), hasTransactions }).value;
  it.each<[CustomerType, Grade, string, string]>([
    ['direct', 'AAA', '19999999.99', 'key'], ['direct', 'AAA', '20000000.00', 'big'], ['direct', 'AA', '20000000.00', 'big'], ['direct', 'AA', '19999999.00', 'key'],
    ['direct', 'A', '90000000.00', 'normal'], ['direct', 'D', '0', 'normal'],
    ['distributor', 'AAA', '49999999.99', 'key'], ['distributor', 'AAA', '50000000.00', 'big'], ['distributor', 'AA', '50000000.00', 'normal'], ['distributor', 'A', '0', 'normal'],
    ['manufacturer', 'AA', '20000000', 'big'], ['dealer', 'AAA', '19999999', 'key'],
  ])('EVA-3 %s %s with previous-year purchases %s → %s', (t, g, p, expected) => {
    expect(tier(t, g, p)).toBe(expected);
  });
  it('EVA-3 potential only without transactions, when the grade meets the key condition', () => {
    expect(tier('direct', 'AA', '0', false)).toBe('potential');
    expect(tier('direct', 'A', '0', false)).toBe('normal');
    expect(tier('distributor', 'AAA', '0', false)).toBe('potential');
    expect(tier('distributor', 'AA', '0', false)).toBe('normal');
    expect(tier('direct', 'AA', '0', true)).toBe('key');
    expect(tier('direct', 'AAA', '90000000', false)).toBe('potential'); // a prospect cannot be big
  });
});

describe('EVA-5 tier changes', () => {
  it.each<[string | null, string, boolean, { notify: boolean; cause: string } | null]>([
    ['key', 'normal', false, { notify: true, cause: 'evaluation' }],
    ['key', 'normal', true, { notify: true, cause: 'bad_debt' }],
    ['big', 'normal', true, { notify: true, cause: 'bad_debt' }],
    ['normal', 'key', false, { notify: true, cause: 'evaluation' }],
    ['key', 'big', false, { notify: true, cause: 'evaluation' }],
    ['normal', 'potential', false, { notify: false, cause: 'evaluation' }],
    [null, 'normal', false, { notify: false, cause: 'evaluation' }],
    ['key', 'key', false, null],
  ])('EVA-5 %s → %s (bad debt %s)', (from, to, bad, expected) => {
    const c = tierChange(from as never, to as never, bad);
    expect(c === null ? null : { notify: c.notify, cause: c.cause }).toEqual(expected);
  });
});

describe('EVA-6 preview', () => {
  it('EVA-6 total, grade, tier and one reason for each', () => {
    const p = previewCredit(def, { customerType: 'direct', scores: { willingness: 90, loyalty: 90, cooperationLength: 100, purchaseAmount: 150, purchaseGrowth: 80, purchaseRegularity: 90, paymentTimeliness: 140, creditFulfilment: 150 }, badDebt: false, previousYearPurchases: toCents('25000000'), hasTransactions: true });
    expect(p).toMatchObject({ total: 89, grade: 'AAA', tier: 'big' });
    expect(p.reasons.map((r) => r.about)).toEqual(['total', 'grade', 'tier']);
    expect(p.reasons[0]!.params.missing).toBe('financialStanding');
  });
  it('EVA-6 money is exact: toCents never goes through a float', () => {
    expect(toCents('19999999.99')).toBe(1999999999n);
    expect(toCents('0.1')).toBe(10n);
    expect(toCents(20000000)).toBe(2000000000n);
  });
});
