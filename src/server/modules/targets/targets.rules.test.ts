import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { progressQuery } from '../../../contract/targets.js';
import { countedContacts, isActive, parsePeriod, periodAt, previousPeriod, ratioOf, requiredContacts, retentionOf, targetProblem, windowDays } from './targets.rules.js';

describe('REL-11 periods in China time', () => {
  it.each([
    ['2026-11', 'month', '2026-11-01', '2026-11-30', 30, '2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z'],
    ['2026-02', 'month', '2026-02-01', '2026-02-28', 28, '2026-01-31T16:00:00.000Z', '2026-02-28T16:00:00.000Z'],
    ['2028-02', 'month', '2028-02-01', '2028-02-29', 29, '2028-01-31T16:00:00.000Z', '2028-02-29T16:00:00.000Z'],
    ['2026-12', 'month', '2026-12-01', '2026-12-31', 31, '2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2026-01', 'month', '2026-01-01', '2026-01-31', 31, '2025-12-31T16:00:00.000Z', '2026-01-31T16:00:00.000Z'],
    ['2026-Q1', 'quarter', '2026-01-01', '2026-03-31', 90, '2025-12-31T16:00:00.000Z', '2026-03-31T16:00:00.000Z'],
    ['2028-Q1', 'quarter', '2028-01-01', '2028-03-31', 91, '2027-12-31T16:00:00.000Z', '2028-03-31T16:00:00.000Z'],
    ['2026-Q4', 'quarter', '2026-10-01', '2026-12-31', 92, '2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2026', 'year', '2026-01-01', '2026-12-31', 365, '2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2028', 'year', '2028-01-01', '2028-12-31', 366, '2027-12-31T16:00:00.000Z', '2028-12-31T16:00:00.000Z'],
    ['2000', 'year', '2000-01-01', '2000-12-31', 366, '1999-12-31T16:00:00.000Z', '2000-12-31T16:00:00.000Z'],
    ['2099-Q4', 'quarter', '2099-10-01', '2099-12-31', 92, '2099-09-30T16:00:00.000Z', '2099-12-31T16:00:00.000Z'],
  ])('REL-11 %s is a %s from %s to %s (%i days), [%s, %s) in UTC', (key, kind, from, to, days, start, end) => {
    const p = parsePeriod(key)!;
    expect(p).toMatchObject({ key, kind, from, to, days });
    expect(p.start.toISOString()).toBe(start);
    expect(p.end.toISOString()).toBe(end);
  });

  it.each(['', '2026-13', '2026-00', '2026-1', '2026-Q0', '2026-Q5', '2026-q4', '1999', '2100', '2100-01', '26-11', '2026-11-01', '2026-H2', ' 2026', '2026 ', '２０２６', '2026-Q', '2026-'])('REL-11 %j is not a period (rules and contract agree)', (text) => {
    expect(parsePeriod(text)).toBeNull();
    expect(progressQuery.safeParse({ period: text }).success).toBe(false);
  });

  it('REL-11 the contract accepts exactly the periods the rules parse (every month, quarter and year 1990–2110)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2110 }), fc.integer({ min: -1, max: 14 }), fc.constantFrom('m', 'q', 'y'), (y, n, kind) => {
        const text = kind === 'y' ? String(y) : kind === 'q' ? `${y}-Q${n}` : `${y}-${String(n).padStart(2, '0')}`;
        expect(progressQuery.safeParse({ period: text }).success).toBe(parsePeriod(text) !== null);
      }),
    );
  });

  it('REL-11 an empty ownerId is "every owner", a bad one is refused naming ownerId', () => {
    expect(progressQuery.parse({ period: '2026-Q4', ownerId: '' })).toEqual({ period: '2026-Q4' });
    const bad = progressQuery.safeParse({ period: '2026-Q4', ownerId: 'x' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['ownerId']);
  });

  it('REL-11 consecutive periods tile time: each ends where the next starts, and the previous of the next is itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2001, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('month', 'quarter', 'year'), (y, m, kind) => {
        const key = kind === 'year' ? String(y) : kind === 'quarter' ? `${y}-Q${Math.ceil(m / 3)}` : `${y}-${String(m).padStart(2, '0')}`;
        const p = parsePeriod(key)!;
        const prev = previousPeriod(p);
        expect(prev.kind).toBe(p.kind);
        expect(prev.end.getTime()).toBe(p.start.getTime());
        expect(prev.days).toBe((prev.end.getTime() - prev.start.getTime()) / 86_400_000);
        expect(periodAt(p.kind, p.start).key).toBe(p.key);
        expect(periodAt(p.kind, new Date(p.end.getTime() - 1)).key).toBe(p.key);
        expect(periodAt(p.kind, p.end).key).not.toBe(p.key);
      }),
    );
  });

  it.each([
    ['2026-01', '2025-12'],
    ['2026-11', '2026-10'],
    ['2026-Q1', '2025-Q4'],
    ['2026-Q4', '2026-Q3'],
    ['2026', '2025'],
  ])('REL-11 the period before %s is %s', (p, before) => {
    expect(previousPeriod(parsePeriod(p)!).key).toBe(before);
  });

  it.each([
    ['2026-10-31T15:59:59.999Z', '2026-10'],
    ['2026-10-31T16:00:00.000Z', '2026-11'],
    ['2026-12-31T15:59:59.999Z', '2026-12'],
    ['2026-12-31T16:00:00.000Z', '2027-01'],
  ])('REL-11 the instant %s falls in %s in China', (at, month) => {
    expect(periodAt('month', new Date(at)).key).toBe(month);
  });
});

describe('REL-11 ratio of actual to target', () => {
  it.each([
    [100, 50, 0.5],
    [100, 100, 1],
    [100, 150, 1.5],
    [3, 1, 0.3333],
    [3, 2, 0.6667],
    [0, 0, 1],
    [0, 5, 1],
    [null, 5, null],
    [100, null, null],
    [null, null, null],
  ] as const)('REL-11 target %j, actual %j → %j (a target of 0 is met)', (target, actual, ratio) => {
    expect(ratioOf(target, actual)).toBe(ratio);
  });
  it('REL-11 the ratio is never negative and reaches 1 exactly when the actual reaches a positive target', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 0, max: 2e9 }), (t, a) => {
        const r = ratioOf(t, a)!;
        expect(r).toBeGreaterThanOrEqual(0);
        if (a >= t) expect(r).toBeGreaterThanOrEqual(1);
        if (a < t) expect(r).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('REL-11 retention', () => {
  it.each([
    [{ transactions: 0, contacts: 0 }, false],
    [{ transactions: 1, contacts: 0 }, true],
    [{ transactions: 0, contacts: 1 }, true],
    [{ transactions: 3, contacts: 2 }, true],
  ])('REL-11 %j active: %s (a transaction or a contact in the period)', (f, active) => {
    expect(isActive(f)).toBe(active);
  });
  it.each([
    [0, 0, null],
    [10, 0, 0],
    [10, 10, 1],
    [3, 2, 0.6667],
    [4, 5, 1],
  ] as const)('REL-11 %i active before, %i retained → %j', (before, retained, share) => {
    expect(retentionOf(before, retained)).toBe(share);
  });
  it('REL-11 retention is a share between 0 and 1 whenever anyone was active before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), (before, retained) => {
        const r = retentionOf(before, retained)!;
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('REL-11 cadence compliance counting', () => {
  it.each([
    [30, 7, 4],
    [28, 7, 4],
    [27, 7, 3],
    [92, 60, 1],
    [59, 60, 0],
    [60, 60, 1],
    [365, 120, 3],
    [0, 7, 0],
    [-3, 7, 0],
    [30, 0, 0],
  ])('REL-11 %i days with an interval of %i days require %i contacts', (days, interval, required) => {
    expect(requiredContacts(days, interval)).toBe(required);
  });
  const nov = parsePeriod('2026-11')!;
  it.each([
    ['2020-05-01', 30],
    ['2026-11-01', 30],
    ['2026-11-02', 29],
    ['2026-11-30', 1],
    ['2026-12-01', 0],
  ])('REL-11 a customer filed on %s is in November 2026 for %i days', (filedOn, days) => {
    expect(windowDays(nov, filedOn)).toBe(days);
  });
  it.each([
    [0, 4, 0],
    [3, 4, 3],
    [4, 4, 4],
    [10, 4, 4],
    [5, 0, 0],
  ])('REL-11 %i contacts done against %i required count %i (no making up for another customer)', (done, required, counted) => {
    expect(countedContacts(done, required)).toBe(counted);
  });
  it('REL-11 requirements grow with the window and counted contacts never exceed done nor required', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 730 }), fc.integer({ min: 0, max: 100 }), (d1, d2, interval, done) => {
        const [a, b] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(requiredContacts(a, interval)).toBeLessThanOrEqual(requiredContacts(b, interval));
        const req = requiredContacts(b, interval);
        const c = countedContacts(done, req);
        expect(c).toBeLessThanOrEqual(done);
        expect(c).toBeLessThanOrEqual(req);
        expect(c).toBe(Math.min(done, req));
      }),
    );
  });
});

describe('REL-11 target ranges', () => {
  it.each([
    ['sales', 0, null],
    ['sales', 1_000_000.5, null],
    ['sales', -1, 'must be between 0 and 10^15 yuan'],
    ['satisfaction', 1, null],
    ['satisfaction', 5, null],
    ['satisfaction', 0.99, 'must be between 1 and 5'],
    ['satisfaction', 5.01, 'must be between 1 and 5'],
    ['retention', 0, null],
    ['retention', 1, null],
    ['retention', 1.01, 'must be a share between 0 and 1'],
    ['calls', 3, 'is set by the cadence, not by hand'],
    ['sales', Number.NaN, 'must be a number'],
  ] as const)('REL-11 a %s target of %d: %j', (metric, value, problem) => {
    expect(targetProblem(metric, value)).toBe(problem);
  });
});
