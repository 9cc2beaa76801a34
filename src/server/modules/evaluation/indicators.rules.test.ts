import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cooperationLength, creditFulfilment, isqrt, parseQuarter, paymentTimeliness, previousQuarter, previousYearOf, purchaseAmount, purchaseGrowth, purchaseRegularity, quarterAt } from './indicators.rules.js';
import { classify, classAt, quotas, regionWeightOf, DEFAULT_ABC_CONFIG, type AbcCandidate } from './abc.rules.js';
import { checkItems, DEFAULT_RELATIONSHIP_TEMPLATE as tpl, proposeRecommendation, relationshipTotal } from './relationship.rules.js';

describe('EVA-4 quarters', () => {
  it('EVA-4 a quarter key gives its dates; the job evaluates the previous quarter (China time)', () => {
    expect(parseQuarter('2026Q3')).toMatchObject({ start: '2026-07-01', end: '2026-09-30' });
    expect(parseQuarter('2024Q1')!.end).toBe('2024-03-31');
    expect(parseQuarter('2026Q5')).toBeNull();
    expect(previousQuarter(quarterAt(new Date('2026-10-01T00:30:00+08:00'))).key).toBe('2026Q3');
    expect(previousQuarter(quarterAt(new Date('2026-01-01T00:00:00+08:00'))).key).toBe('2025Q4');
    expect(quarterAt(new Date('2026-09-30T16:30:00Z')).key).toBe('2026Q4'); // already 1 October in China
  });
  it('EVA-3 the previous calendar year of an evaluation is the last full year before it opens', () => {
    expect(previousYearOf(parseQuarter('2025Q4')!)).toBe(2025);
    expect(previousYearOf(parseQuarter('2026Q2')!)).toBe(2025);
  });
});

describe('EVA-1 computed indicators (tenths)', () => {
  it.each<[string | null, number]>([
    [null, 0], ['2021-09-30', 100], ['2021-10-01', 100], ['2023-09-30', 60], ['2026-09-30', 0], ['2026-12-01', 0],
  ])('EVA-1 cooperationLength: first transaction %s → %s (full at 1,826 days)', (first, score) => {
    expect(cooperationLength(100, '2026-09-30', first).score).toBe(score);
  });
  it.each<[bigint, bigint, number]>([
    [0n, 100n, 0], [50n, 100n, 75], [100n, 100n, 150], [300n, 100n, 150], [1n, 3n, 50], [5n, 0n, 150],
  ])('EVA-1 purchaseAmount: %s of target %s → %s', (a, t, score) => {
    expect(purchaseAmount(150, a, t).score).toBe(score);
  });
  it.each<[bigint, bigint, number]>([
    [120n, 100n, 100], [119n, 100n, 98], [100n, 100n, 50], [80n, 100n, 0], [81n, 100n, 3], [70n, 100n, 0], [10n, 0n, 100], [0n, 0n, 0],
  ])('EVA-1 purchaseGrowth: %s vs %s a year earlier → %s (full ≥ +20 %, zero ≤ −20 %)', (a, b, score) => {
    expect(purchaseGrowth(100, a, b).score).toBe(score);
  });
  it.each<[bigint[], number]>([
    [[100n, 100n, 100n], 100], [[0n, 0n, 0n], 0], [[300n, 0n, 0n], 0], [[100n, 200n, 300n], 59], [[150n, 150n, 0n], 29],
  ])('EVA-1 purchaseRegularity: months %s → %s', (months, score) => {
    expect(purchaseRegularity(100, months).score).toBe(score);
  });
  it('EVA-1 purchaseRegularity equals max × max(0, 1 − CV) rounded, for random months', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 3, maxLength: 3 }), (xs) => {
        const sum = xs.reduce((a, b) => a + b, 0);
        fc.pre(sum > 0);
        const mean = sum / 3;
        const cv = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / 3) / mean;
        const exact = 100 * Math.max(0, 1 - cv);
        return Math.abs(purchaseRegularity(100, xs.map(BigInt)).score - exact) <= 0.5 + 1e-9;
      }),
    );
  });
  const pay = (dueOn: string, paidOn: string | null, amount = 100n) => ({ dueOn, paidOn, amount });
  it.each<[ReturnType<typeof pay>[], number]>([
    [[], 150],
    [[pay('2026-08-01', '2026-07-20')], 150],
    [[pay('2026-08-01', '2026-08-01')], 150],
    [[pay('2026-08-01', '2026-08-31')], 75],
    [[pay('2026-08-01', '2026-09-30')], 0],
    [[pay('2026-08-01', '2026-09-29')], 3],
    [[pay('2026-09-10', null)], 100], // unpaid: 20 days overdue at the quarter's end
    [[pay('2026-08-01', '2026-07-22'), pay('2026-08-01', '2026-08-21')], 150], // −10 and +20: average +5 → 137.5
  ])('EVA-1 paymentTimeliness %# → %s', (ps, score) => {
    const expected = ps.length === 2 ? 138 : score;
    expect(paymentTimeliness(150, '2026-09-30', ps).score).toBe(expected);
  });
  it.each<[ReturnType<typeof pay>[], number]>([
    [[], 150],
    [[pay('2026-08-01', '2026-08-01', 300n), pay('2026-08-05', '2026-08-06', 100n)], 113],
    [[pay('2026-08-01', null, 100n)], 0],
    [[pay('2026-08-01', '2026-07-01', 100n)], 150],
  ])('EVA-1 creditFulfilment %# → %s', (ps, score) => {
    expect(creditFulfilment(150, ps).score).toBe(score);
  });
  it('EVA-1 isqrt is the exact integer square root', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (n) => {
      const r = isqrt(n);
      return r * r <= n && (r + 1n) * (r + 1n) > n;
    }));
  });
});

describe('EVA-7 ABC', () => {
  const cand = (i: number, strength: bigint, extra: Partial<AbcCandidate> = {}): AbcCandidate => ({ id: String(i), archiveNo: `KH-2026-${String(i).padStart(6, '0')}`, strength, prospect: false, likelihood: 0, regionWeight: 500_000, ...extra });
  it.each<[number, number, number]>([
    [10, 2, 6], [5, 1, 3], [7, 1, 4], [1, 0, 1], [3, 1, 2], [0, 0, 0], [1_000_000, 200_000, 600_000],
  ])('EVA-7 quotas of %s: A %s, A+B %s', (n, a, ab) => {
    expect(quotas(n)).toEqual({ a, ab });
  });
  it('EVA-7 ranks by composite, ties by archive number', () => {
    const r = classify(DEFAULT_ABC_CONFIG, [cand(3, 100n), cand(1, 100n), cand(2, 500n), cand(4, 0n), cand(5, 0n)]);
    expect(r.map((x) => x.id)).toEqual(['2', '1', '3', '4', '5']);
    expect(r.map((x) => x.abcClass)).toEqual(['A', 'B', 'B', 'C', 'C']);
  });
  it('EVA-7 region weight: longest configured prefix, else the default', () => {
    const cfg = { ...DEFAULT_ABC_CONFIG, regionWeights: { '44': 0.8, '4403': 1 } };
    expect(regionWeightOf(cfg, '440305')).toBe(1_000_000);
    expect(regionWeightOf(cfg, '440106')).toBe(800_000);
    expect(regionWeightOf(cfg, '110101')).toBe(500_000);
    expect(regionWeightOf(cfg, null)).toBe(500_000);
  });
  it('EVA-7 property: 20/40/40 of the count (rounded), deterministic whatever the input order', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ s: fc.bigInt({ min: 0n, max: 1000n }), l: fc.integer({ min: 0, max: 5 }), p: fc.boolean() }), { maxLength: 60 }), fc.integer(), (xs, seed) => {
        const cands = xs.map((x, i) => cand(i, x.s, { likelihood: x.l * 200_000, prospect: x.p }));
        const a = classify(DEFAULT_ABC_CONFIG, cands);
        const shuffled = [...cands].sort((p, q) => ((Number(p.id) * 7919 + seed) % 101) - ((Number(q.id) * 7919 + seed) % 101));
        const b = classify(DEFAULT_ABC_CONFIG, shuffled);
        const n = cands.length;
        const count = (c: string) => a.filter((x) => x.abcClass === c).length;
        expect(Math.abs(count('A') - 0.2 * n)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(count('A') + count('B') - 0.6 * n)).toBeLessThanOrEqual(0.5);
        expect(count('A') + count('B') + count('C')).toBe(n);
        expect(b.map((x) => [x.id, x.abcClass])).toEqual(a.map((x) => [x.id, x.abcClass]));
        for (let i = 1; i < a.length; i++) expect(a[i - 1]!.composite >= a[i]!.composite).toBe(true);
      }),
    );
  });
  it('EVA-7 classAt at the quota edges', () => {
    const q = quotas(10);
    expect([1, 2, 3, 6, 7, 10].map((r) => classAt(r, q))).toEqual(['A', 'A', 'B', 'B', 'C', 'C']);
  });
});

describe('EVA-8 relationship evaluation', () => {
  const all = (score: number) => tpl.indicators.map((i) => ({ key: i.key, score }));
  it('EVA-8 total = Σ weight × score / 100, one decimal', () => {
    expect(relationshipTotal(tpl, all(80))).toBe(800);
    const mixed = tpl.indicators.map((i, k) => ({ key: i.key, score: k === 0 ? 90.5 : 70 }));
    expect(relationshipTotal(tpl, mixed)).toBe(Math.round(0.25 * 905 + 0.75 * 700)); // 751.25 → 751
  });
  it.each<[number, string]>([[1000, 'maintain'], [750, 'maintain'], [749, 'improve'], [500, 'improve'], [499, 'terminate'], [0, 'terminate']])(
    'EVA-8 total %s tenths → %s',
    (t, r) => {
      expect(proposeRecommendation(tpl, t)).toBe(r);
    },
  );
  it('EVA-8 unknown, repeated or missing indicators are named', () => {
    expect(checkItems(tpl, [...all(50), { key: 'bogus', score: 1 }]).map((e) => e.path)).toEqual([`items.${tpl.indicators.length}.key`]);
    expect(checkItems(tpl, all(50).slice(1)).map((e) => e.message)).toEqual(['must score satisfaction']);
    expect(checkItems(tpl, [...all(50), all(50)[0]!])[0]!.message).toBe('is given twice');
  });
});
