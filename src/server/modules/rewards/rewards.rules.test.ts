import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PointsKind, RewardTier } from '../../../contract/rewards.js';
import {
  addMonths, balanceOf, exceedsMaxBalance, maxBalance, centsOf, checkDebit, checkTiers, deltaOf, dueExpiry, lotExpiry, planInForce, plansOverlap, pointsEarned, pointsForTotal, remainingLots, shownPoints, type LedgerEntry,
} from './rewards.rules.js';

const tiers: RewardTier[] = [
  { from: '0', pointsPer100: '1' },
  { from: '100000', pointsPer100: '1.5' },
];
const yuanOf = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

describe('REL-10 earning by tier', () => {
  it.each([
    ['0', 0],
    ['99.99', 0],
    ['100', 1],
    ['100.00', 1],
    ['199.99', 1],
    ['200', 2],
    ['99999.99', 999],
    ['100000', 1000],
    ['100000.00', 1000],
    ['100066.66', 1000],
    ['100066.67', 1001],
    ['100100', 1001],
    ['200000', 2500],
    ['1000000', 14500],
  ])('REL-10 ¥%s in the period earns %i points (1 per ¥100 below ¥100k, 1.5 above, marginal, rounded down)', (amount, points) => {
    expect(pointsForTotal(centsOf(amount), tiers)).toBe(points);
  });

  it('REL-10 money is read exactly as a decimal string', () => {
    expect(centsOf('0')).toBe(0n);
    expect(centsOf('12.5')).toBe(1250n);
    expect(centsOf('12.05')).toBe(1205n);
    expect(centsOf('40641000000.00')).toBe(4064100000000n);
  });

  it('REL-10 a purchase that crosses the tier edge earns each part at its own rate', () => {
    // ¥99,900 bought before; ¥200 now: ¥100 at 1 + ¥100 at 1.5 = 2.5 → the total moves from 999 to 1001
    expect(pointsEarned('99900', '200', tiers)).toBe(2);
    expect(pointsEarned('100000', '100', tiers)).toBe(1);
    expect(pointsEarned('100000', '200', tiers)).toBe(3);
    expect(pointsEarned('0', '0', tiers)).toBe(0);
  });

  it('REL-10 the points of a period never depend on how its purchases were split (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30_000_000 }), { maxLength: 12 }), (purchases) => {
        let before = 0;
        let sum = 0;
        for (const c of purchases) {
          sum += pointsEarned(yuanOf(before), yuanOf(c), tiers);
          before += c;
        }
        expect(sum).toBe(pointsForTotal(BigInt(before), tiers));
      }),
    );
  });

  it('REL-10 more purchases never earn fewer points, and no step at a tier edge exceeds the top rate (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (a, d) => {
        const pa = pointsForTotal(BigInt(a), tiers);
        const pb = pointsForTotal(BigInt(a + d), tiers);
        expect(pb).toBeGreaterThanOrEqual(pa);
        // at most 1.5 points per ¥100 added, plus one for the rounding
        expect(pb - pa).toBeLessThanOrEqual(Math.floor((d * 1.5) / 10_000) + 1);
      }),
    );
  });

  it('REL-10 at each side of every tier edge (one cent below, at, one cent above)', () => {
    const edge = 10_000_000; // ¥100,000 in cents
    expect(pointsForTotal(BigInt(edge - 1), tiers)).toBe(999);
    expect(pointsForTotal(BigInt(edge), tiers)).toBe(1000);
    expect(pointsForTotal(BigInt(edge + 1), tiers)).toBe(1000);
    expect(pointsForTotal(BigInt(edge + 6_667), tiers)).toBe(1001);
  });

  it('REL-10 tiers must start at 0, rise strictly and stay at most 1000 points per ¥100', () => {
    expect(checkTiers(tiers)).toBeNull();
    expect(checkTiers([])).toMatchObject({ index: 0 });
    expect(checkTiers([{ from: '1', pointsPer100: '1' }])).toMatchObject({ index: 0, field: 'from' });
    expect(checkTiers([{ from: '0', pointsPer100: '1' }, { from: '0.00', pointsPer100: '2' }])).toMatchObject({ index: 1, field: 'from' });
    expect(checkTiers([{ from: '0', pointsPer100: '1' }, { from: '100', pointsPer100: '2' }, { from: '50', pointsPer100: '3' }])).toMatchObject({ index: 2, field: 'from' });
    expect(checkTiers([{ from: '0', pointsPer100: '1000' }])).toBeNull();
    expect(checkTiers([{ from: '0', pointsPer100: '1000.01' }])).toMatchObject({ index: 0, field: 'pointsPer100' });
  });
});

const day = (d: string) => new Date(`${d}T00:00:00Z`);
let seq = 0;
const entry = (kind: PointsKind, delta: number, at: string, expiresAt: string | null = null): LedgerEntry => ({ id: String(++seq), kind, delta, at: day(at), expiresAt: expiresAt ? day(expiresAt) : null });

describe('REL-10 the ledger', () => {
  it('REL-10 the kind gives the sign; adjust may go either way; points shown positive except adjust', () => {
    expect(deltaOf('earn', 5)).toBe(5);
    expect(deltaOf('redeem', 5)).toBe(-5);
    expect(deltaOf('expire', 5)).toBe(-5);
    expect(deltaOf('adjust', 5)).toBe(5);
    expect(deltaOf('adjust', 5, 'decrease')).toBe(-5);
    expect(shownPoints('redeem', -5)).toBe(5);
    expect(shownPoints('expire', -5)).toBe(5);
    expect(shownPoints('earn', 5)).toBe(5);
    expect(shownPoints('adjust', -5)).toBe(-5);
    expect(shownPoints('adjust', 5)).toBe(5);
  });

  it.each([
    [10, -10, true, 0],
    [10, -11, false, 1],
    [0, -1, false, 1],
    [0, 5, true, 5],
    [3, -2, true, 1],
  ])('REL-10 balance %i, entry %i → allowed %s (after / short %i)', (balance, delta, ok, n) => {
    const r = checkDebit(balance, delta);
    expect(r.ok).toBe(ok);
    expect(r.ok ? r.balanceAfter : r.short).toBe(n);
  });

  it('REL-10 a balance stays within its column: adding past the maximum is refused, reaching it is not', () => {
    expect(exceedsMaxBalance(maxBalance - 10, 10)).toBe(false);
    expect(exceedsMaxBalance(maxBalance - 10, 11)).toBe(true);
    expect(exceedsMaxBalance(maxBalance, -5)).toBe(false);
  });

  it('REL-10 applying only allowed debits, the balance is never negative and equals the lots left (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom<PointsKind>('earn', 'redeem', 'adjust'), fc.integer({ min: 1, max: 500 }), fc.boolean()), { maxLength: 40 }), (ops) => {
        const ledger: LedgerEntry[] = [];
        let balance = 0;
        ops.forEach(([kind, points, down], i) => {
          const delta = deltaOf(kind, points, down ? 'decrease' : 'increase');
          const c = checkDebit(balance, delta);
          if (!c.ok) return;
          balance = c.balanceAfter;
          ledger.push({ id: String(i + 1), kind, delta, at: new Date(Date.UTC(2026, 0, 1) + i * 60_000), expiresAt: null });
        });
        expect(balance).toBeGreaterThanOrEqual(0);
        expect(balanceOf(ledger)).toBe(balance);
        expect(remainingLots(ledger).reduce((n, l) => n + l.remaining, 0)).toBe(balance);
      }),
    );
  });
});

describe('REL-10 FIFO expiry', () => {
  it('REL-10 a redemption takes from the oldest lot first, so the older lot expires less', () => {
    const ledger = [entry('earn', 100, '2026-01-01', '2027-01-01'), entry('earn', 50, '2026-06-01', '2027-06-01'), entry('redeem', -120, '2026-07-01')];
    const lots = remainingLots(ledger);
    expect(lots.map((l) => l.remaining)).toEqual([0, 30]);
    expect(dueExpiry(ledger, day('2027-01-01')).points).toBe(0);
    expect(dueExpiry(ledger, day('2027-06-01'))).toEqual({ points: 30, lotIds: [lots[1]!.id] });
  });

  it('REL-10 at the expiry instant a lot expires; one millisecond before it does not', () => {
    const ledger = [entry('earn', 40, '2026-01-01', '2026-07-01')];
    expect(dueExpiry(ledger, new Date(day('2026-07-01').getTime() - 1)).points).toBe(0);
    expect(dueExpiry(ledger, day('2026-07-01')).points).toBe(40);
  });

  it('REL-10 once written, an expiry is not due again; a later-expiring older lot is not taken by it', () => {
    // the older lot keeps points longer (a plan with a longer validity): the expiry takes the expired lot
    const ledger = [entry('earn', 100, '2026-01-01', '2028-01-01'), entry('earn', 30, '2026-02-01', '2026-08-01')];
    const due = dueExpiry(ledger, day('2026-09-01'));
    expect(due.points).toBe(30);
    const after = [...ledger, entry('expire', -30, '2026-09-01')];
    expect(dueExpiry(after, day('2026-09-02')).points).toBe(0);
    expect(remainingLots(after).map((l) => l.remaining)).toEqual([100, 0]);
    expect(dueExpiry(after, day('2028-01-01')).points).toBe(100);
  });

  it('REL-10 lots without an expiry (plan keeping points for ever) never expire', () => {
    expect(dueExpiry([entry('earn', 10, '2020-01-01')], day('2099-01-01')).points).toBe(0);
    expect(lotExpiry(day('2026-01-01'), null)).toBeNull();
  });

  it('REL-10 expiring what is due, repeatedly, never expires more than was earned and leaves nothing due (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 24 })), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 800 }),
        (ops, checkDay) => {
          const start = Date.UTC(2026, 0, 1);
          const ledger: LedgerEntry[] = [];
          let balance = 0;
          let n = 0;
          const sorted = ops.map(([earn, points, dayNo, months]) => ({ earn, points, at: new Date(start + dayNo * 86_400_000), months })).sort((a, b) => a.at.getTime() - b.at.getTime());
          for (const op of sorted) {
            // the service expires what is due before each debit
            const due = dueExpiry(ledger, op.at).points;
            if (due > 0) {
              ledger.push({ id: String(++n), kind: 'expire', delta: -due, at: op.at, expiresAt: null });
              balance -= due;
            }
            const delta = op.earn ? op.points : -op.points;
            if (checkDebit(balance, delta).ok) {
              ledger.push({ id: String(++n), kind: op.earn ? 'earn' : 'redeem', delta, at: op.at, expiresAt: op.earn ? addMonths(op.at, op.months) : null });
              balance += delta;
            }
          }
          const now = new Date(start + checkDay * 86_400_000 + 86_400_000 * 400);
          const due = dueExpiry(ledger, now);
          expect(due.points).toBeLessThanOrEqual(balance);
          if (due.points > 0) ledger.push({ id: String(++n), kind: 'expire', delta: -due.points, at: now, expiresAt: null });
          expect(dueExpiry(ledger, now).points).toBe(0);
          expect(balanceOf(ledger)).toBeGreaterThanOrEqual(0);
          expect(remainingLots(ledger).reduce((s, l) => s + l.remaining, 0)).toBe(balanceOf(ledger));
        },
      ),
    );
  });

  it.each([
    ['2026-01-31T10:00:00Z', 1, '2026-02-28T10:00:00.000Z'],
    ['2028-01-31T10:00:00Z', 1, '2028-02-29T10:00:00.000Z'],
    ['2026-03-15T00:00:00Z', 12, '2027-03-15T00:00:00.000Z'],
    ['2026-12-31T23:59:59Z', 2, '2027-02-28T23:59:59.000Z'],
  ])('REL-10 %s plus %i months is %s (the day clamped to the month end)', (at, months, out) => {
    expect(addMonths(new Date(at), months).toISOString()).toBe(out);
  });
});

describe('REL-10 the plan in force', () => {
  const plans = [
    { id: '1', customerType: null, validFrom: '2026-01-01', validTo: '2026-12-31', disabled: false },
    { id: '2', customerType: 'distributor', validFrom: '2026-07-01', validTo: null, disabled: false },
    { id: '3', customerType: 'direct', validFrom: '2026-01-01', validTo: null, disabled: true },
  ];
  it.each([
    ['direct', '2025-12-31', null],
    ['direct', '2026-01-01', '1'],
    ['direct', '2026-12-31', '1'],
    ['direct', '2027-01-01', null],
    ['distributor', '2026-06-30', '1'],
    ['distributor', '2026-07-01', '2'],
    ['distributor', '2030-01-01', '2'],
  ])('REL-10 a %s customer on %s: plan %s (the type\'s own plan wins; disabled plans never)', (type, d, id) => {
    expect(planInForce(plans, type, d)?.id ?? null).toBe(id);
  });
  it.each([
    [{ customerType: null, validFrom: '2026-01-01', validTo: '2026-06-30' }, { customerType: null, validFrom: '2026-06-30', validTo: null }, true],
    [{ customerType: null, validFrom: '2026-01-01', validTo: '2026-06-30' }, { customerType: null, validFrom: '2026-07-01', validTo: null }, false],
    [{ customerType: null, validFrom: '2026-01-01', validTo: null }, { customerType: null, validFrom: '2030-07-01', validTo: '2030-07-01' }, true],
    [{ customerType: 'direct', validFrom: '2026-01-01', validTo: null }, { customerType: null, validFrom: '2026-01-01', validTo: null }, false],
  ])('REL-10 one plan per scope at a time: %j and %j overlap → %s', (a, b, out) => {
    expect(plansOverlap(a, b)).toBe(out);
    expect(plansOverlap(b, a)).toBe(out);
  });
});
