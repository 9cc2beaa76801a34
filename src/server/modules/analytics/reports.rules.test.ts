import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complianceRate, migrationMatrix, periodDays, previousQuarter, quarterOf, ratio, requiredContacts, sumMoney, tierDirection } from './reports.rules.js';

describe('ANA-3 report rules', () => {
  it.each([
    ['2026Q1', '2025Q4'], ['2026Q2', '2026Q1'], ['2026Q4', '2026Q3'], ['2000Q1', '1999Q4'],
  ])('ANA-3 the quarter before %s is %s', (q, p) => expect(previousQuarter(q)).toBe(p));
  it.each([
    ['2026-01-01', '2026Q1'], ['2026-03-31', '2026Q1'], ['2026-04-01', '2026Q2'], ['2026-09-30', '2026Q3'], ['2026-12-31', '2026Q4'],
  ])('ANA-3 %s falls in %s', (d, q) => expect(quarterOf(d)).toBe(q));

  it('ANA-3 the migration matrix counts each grade then and now, each move, and moves up and down', () => {
    const m = migrationMatrix([
      { from: 'AA', to: 'AAA', n: 2 }, { from: 'AA', to: 'AA', n: 5 }, { from: 'AA', to: 'B', n: 1 },
      { from: null, to: 'C', n: 3 }, { from: 'D', to: null, n: 1 },
    ]);
    const aa = m.find((r) => r.grade === 'AA')!;
    expect(aa).toMatchObject({ fromCount: 8, toCount: 5, up: 2, down: 1 });
    expect(aa.to).toMatchObject({ AAA: 2, AA: 5, B: 1, none: 0 });
    expect(m.find((r) => r.grade === 'AAA')).toMatchObject({ fromCount: 0, toCount: 2 });
    const none = m.find((r) => r.grade === 'none')!;
    expect(none).toMatchObject({ fromCount: 3, toCount: 1, up: 0, down: 0 });
    expect(m.find((r) => r.grade === 'D')).toMatchObject({ fromCount: 1, up: 0, down: 0 });
    expect(m.map((r) => r.grade)).toEqual(['AAA', 'AA', 'A', 'B', 'C', 'D', 'none']);
  });
  it('ANA-3 the matrix keeps every customer: row totals and column totals both sum to the pairs', () => {
    const grade = fc.constantFrom('AAA', 'AA', 'A', 'B', 'C', 'D', null);
    fc.assert(
      fc.property(fc.array(fc.record({ from: grade, to: grade, n: fc.integer({ min: 1, max: 50 }) }), { maxLength: 30 }), (pairs) => {
        const m = migrationMatrix(pairs);
        const n = pairs.reduce((a, p) => a + p.n, 0);
        expect(m.reduce((a, r) => a + r.fromCount, 0)).toBe(n);
        expect(m.reduce((a, r) => a + r.toCount, 0)).toBe(n);
        for (const r of m) expect(Object.values(r.to).reduce((a, b) => a + b, 0)).toBe(r.fromCount);
        for (const r of m) expect(r.up + r.down).toBeLessThanOrEqual(r.fromCount);
      }),
    );
  });

  it.each([
    ['normal', 'key', 'up'], ['key', 'big', 'up'], ['big', 'potential', 'down'], ['normal', 'normal', 'same'], [null, 'key', 'new'], ['key', null, 'removed'],
  ] as const)('ANA-3 a tier change %s → %s goes %s', (a, b, d) => expect(tierDirection(a, b)).toBe(d));

  it('ANA-3 contacts required by a cadence: one per full interval of the period', () => {
    expect(periodDays('2026-01-01', '2026-01-01')).toBe(1);
    expect(periodDays('2026-01-01', '2026-12-31')).toBe(365);
    expect(requiredContacts(6, 7)).toBe(0);
    expect(requiredContacts(7, 7)).toBe(1);
    expect(requiredContacts(365, 14)).toBe(26);
    expect(requiredContacts(30, 0)).toBe(0);
    expect(complianceRate(0, 0)).toBeNull();
    expect(complianceRate(3, 4)).toBe(0.75);
    expect(complianceRate(9, 4)).toBe(1);
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(1, 0)).toBeNull();
  });
  it('ANA-3 money sums exactly in cents', () => {
    expect(sumMoney(['0.10', '0.20', null, '1'])).toBe('1.30');
    expect(sumMoney([])).toBe('0.00');
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10 ** 9 })), (cs) => {
      expect(sumMoney(cs.map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`))).toBe(sumMoney([`${Math.floor(cs.reduce((a, b) => a + b, 0) / 100)}.${String(cs.reduce((a, b) => a + b, 0) % 100).padStart(2, '0')}`]));
    }));
  });
});
