/** SEC-10 (issue 17): which refusals are audited, how a flood is bounded, the retention cutoff. */
import { describe, expect, it } from 'vitest';
import { admitRefusal, drainRefusals, newRefusalWindow, refusalOutcome, type RefusalLimits } from './audit.refusals.rules.js';
import { retentionCutoff, retentionMonthsOf } from './audit.retention.rules.js';

describe('SEC-10 refused operations: which are recorded', () => {
  it.each([
    ['GET', 404, true, true, 'denied'],
    ['GET', 404, true, false, null],
    ['GET', 403, true, false, 'denied'],
    ['POST', 403, true, false, 'denied'],
    ['PATCH', 404, true, false, 'denied'],
    ['POST', 409, true, false, 'failed'],
    ['PUT', 422, true, false, 'failed'],
    ['GET', 409, true, true, null],
    ['POST', 400, true, false, null],
    ['POST', 429, true, false, null],
    ['GET', 403, false, true, null],
    ['POST', 401, false, false, null],
    ['DELETE', 500, true, false, null],
  ] as const)('SEC-10 %s answered %i (signed in %s, one customer record %s) → %s', (method, status, signedIn, customerRecord, expected) => {
    expect(refusalOutcome({ method, status, signedIn, customerRecord })).toBe(expected);
  });
});

describe('SEC-10 refused operations: a flood is bounded', () => {
  const limits: RefusalLimits = { windowMs: 60_000, perActor: 3, total: 5, sample: 2 };
  const t0 = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);
  const refuse = (w: ReturnType<typeof newRefusalWindow>, actorKey: string, i: number, at = t0 + i) =>
    admitRefusal(w, { actorKey, operation: 'getCustomer', status: 404, entityId: String(i) }, at, limits);

  it('SEC-10 a caller\'s first refusals in a window are written, the rest counted per operation; the counts come out when the window ends', () => {
    const w = newRefusalWindow(t0, limits);
    const results = Array.from({ length: 10 }, (_, i) => refuse(w, 'u1', i).record);
    expect(results).toEqual([true, true, true, false, false, false, false, false, false, false]);
    expect(drainRefusals(w, t0 + 59_999, limits)).toEqual([]);
    const next = refuse(w, 'u1', 99, t0 + 60_000);
    expect(next.record).toBe(true);
    expect(next.flush).toEqual([{ key: 'u1|getCustomer|404', actorKey: 'u1', operation: 'getCustomer', status: 404, count: 7, firstAt: t0 + 3, lastAt: t0 + 9, entityIds: ['3', '4'] }]);
  });

  it('SEC-10 all callers together write at most `total` events one by one in a window', () => {
    const w = newRefusalWindow(t0, limits);
    const written = ['a', 'b', 'c'].flatMap((who) => Array.from({ length: 3 }, (_, i) => refuse(w, who, i).record)).filter(Boolean).length;
    expect(written).toBe(5);
    expect(drainRefusals(w, t0, limits, true).reduce((n, c) => n + c.count, 0)).toBe(4);
    expect(w.total).toBe(0);
  });
});

describe('SEC-10 retention', () => {
  it.each([
    [{ months: 36 }, 36],
    [{ months: 6 }, 6],
    [{ months: 120 }, 120],
    [{ months: 5 }, 36],
    [{ months: 121 }, 36],
    [{ months: 12.5 }, 36],
    [null, 36],
    [undefined, 36],
  ])('SEC-10 the stored setting %j keeps %i months', (stored, months) => {
    expect(retentionMonthsOf(stored)).toBe(months);
  });

  it.each([
    ['2026-12-06T10:00:00.000Z', 36, '2023-12-06T10:00:00.000Z'],
    ['2026-08-31T00:00:00.000Z', 6, '2026-02-28T00:00:00.000Z'],
    ['2028-08-31T00:00:00.000Z', 6, '2028-02-29T00:00:00.000Z'],
    ['2026-03-31T23:59:59.999Z', 1, '2025-10-02T23:59:59.999Z'],
  ])('SEC-10 from %s keeping %i months, events before %s go (never fewer than 180 days kept)', (now, months, cutoff) => {
    expect(retentionCutoff(new Date(now), months).toISOString()).toBe(cutoff);
  });
});
