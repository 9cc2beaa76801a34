import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cents, change, money, pareto, previousPeriod, shares } from './composition.rules.js';

describe('ANA-1 composition rules', () => {
  it.each([
    ['2026-01-01', '2026-12-31', '2025-01-01', '2025-12-31'],
    ['2026-03-01', '2026-03-31', '2026-01-29', '2026-02-28'],
    ['2026-12-06', '2026-12-06', '2026-12-05', '2026-12-05'],
    ['2024-03-01', '2024-03-31', '2024-01-30', '2024-02-29'],
  ])('ANA-1 the period %s…%s has the previous period %s…%s', (from, to, pf, pt) => {
    expect(previousPeriod(from, to)).toEqual({ from: pf, to: pt });
  });
  it('ANA-1 shares sum to exactly 1 and never go negative', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 1, maxLength: 40 }), (amounts) => {
        const s = shares(amounts);
        const total = amounts.reduce((a, b) => a + b, 0n);
        if (total === 0n) expect(s.every((x) => x === 0)).toBe(true);
        else expect(Math.round(s.reduce((a, b) => a + b, 0) * 1_000_000)).toBe(1_000_000);
        expect(s.every((x) => x >= 0)).toBe(true);
      }),
    );
    expect(shares([1n, 1n, 1n])).toEqual([0.333334, 0.333333, 0.333333]);
  });
  it('ANA-1 change is relative to the previous period, null without one', () => {
    expect(change(150n, 100n)).toBe(0.5);
    expect(change(50n, 100n)).toBe(-0.5);
    expect(change(100n, 0n)).toBeNull();
    expect(change(0n, 0n)).toBeNull();
  });
  it('ANA-1 80/20: the fewest customers, largest first, that reach 80 % of sales', () => {
    expect(pareto([]).customers80).toBe(0);
    expect(pareto([100n])).toMatchObject({ customers80: 1, customersTotal: 1 });
    expect(pareto([80n, 10n, 10n]).customers80).toBe(1);
    expect(pareto([79n, 11n, 10n]).customers80).toBe(2);
    expect(pareto([10n, 10n, 10n, 10n, 10n, 10n, 10n, 10n, 10n, 10n]).customers80).toBe(8);
    expect(pareto([0n, 5n, 0n]).customersTotal).toBe(1);
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 300 }), (v) => {
        const p = pareto(v);
        const sorted = [...v].sort((a, b) => (a > b ? -1 : 1));
        const total = v.reduce((a, b) => a + b, 0n);
        const upTo = (k: number) => sorted.slice(0, k).reduce((a, b) => a + b, 0n);
        expect(upTo(p.customers80) * 10n >= total * 8n).toBe(true);
        expect(upTo(p.customers80 - 1) * 10n < total * 8n).toBe(true);
        expect(p.curve.at(-1)).toEqual({ customers: v.length, share: 1 });
        expect(p.curve.length).toBeLessThanOrEqual(51);
      }),
    );
  });
  it('ANA-1 money round-trips exactly through cents', () => {
    for (const s of ['0.00', '1.05', '123456789012.99', '-3.50']) expect(money(cents(s))).toBe(s);
    expect(cents('7')).toBe(700n);
    expect(cents('7.1')).toBe(710n);
  });
});
