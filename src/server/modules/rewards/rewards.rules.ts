/**
 * Rewards (REL-10) as pure functions: earning by tier, the balance, the redemption check, FIFO
 * expiry and which plan is in force. Money is a decimal string ("12000.50"), computed in integer
 * cents (BigInt) so no tier edge is ever missed by a floating-point error. No I/O, no clock.
 */
import type { PointsKind, RewardTier } from '../../../contract/rewards.js';

// ---- money and rates ------------------------------------------------------------------------------

/** "12000.5" → 1200050n (cents). The contract's money pattern guarantees the form. */
export function centsOf(money: string): bigint {
  const [whole = '0', frac = ''] = money.trim().split('.');
  return BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
}

/** "1.5" points per ¥100 → 150n (hundredths of a point per ¥100). */
export function rateOf(pointsPer100: string): bigint {
  return centsOf(pointsPer100);
}

/**
 * Points for purchases totalling `cents` in a plan period: each part of the total earns at the rate
 * of the tier it falls in (marginal, like tax brackets — no cliff at a tier edge: ¥99,999.99 and
 * ¥100,000.00 differ by at most one tier-rate step), rounded down to a whole point at the end.
 * A tier `{ from: "100000", pointsPer100: "1.5" }` applies to the part at or above ¥100,000.
 */
export function pointsForTotal(cents: bigint, tiers: readonly RewardTier[]): number {
  if (cents <= 0n) return 0;
  const edges = tiers.map((t) => ({ from: centsOf(t.from), rate: rateOf(t.pointsPer100) })).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let hundredths = 0n; // cents × (hundredths of a point per 10,000 cents)
  for (let i = 0; i < edges.length; i++) {
    const lo = edges[i]!.from;
    const hi = edges[i + 1]?.from ?? null;
    if (cents <= lo) break;
    const top = hi === null || cents < hi ? cents : hi;
    hundredths += (top - lo) * edges[i]!.rate;
  }
  // (cents / 10,000 per ¥100) × (rate / 100 hundredths per point)
  return Number(hundredths / 1_000_000n);
}

/**
 * Points earned by one purchase of `amount` when the customer had already bought `before` in the
 * plan period: the difference of the totals, so the points of a period never depend on how its
 * purchases were split (the sum of the earnings equals pointsForTotal of the sum).
 */
export function pointsEarned(before: string, amount: string, tiers: readonly RewardTier[]): number {
  const b = centsOf(before);
  const a = centsOf(amount);
  if (a <= 0n) return 0;
  return pointsForTotal(b + a, tiers) - pointsForTotal(b, tiers);
}

export type TierProblem = { index: number; field: 'from' | 'pointsPer100'; message: string };

/** Tiers start at 0, rise strictly, and every rate is at most 1,000 points per ¥100. */
export function checkTiers(tiers: readonly RewardTier[]): TierProblem | null {
  if (tiers.length === 0) return { index: 0, field: 'from', message: 'at least one tier is needed' };
  for (let i = 0; i < tiers.length; i++) {
    const t = tiers[i]!;
    if (i === 0 && centsOf(t.from) !== 0n) return { index: 0, field: 'from', message: 'the first tier must start at 0' };
    if (i > 0 && centsOf(t.from) <= centsOf(tiers[i - 1]!.from)) return { index: i, field: 'from', message: 'tiers must rise strictly' };
    if (rateOf(t.pointsPer100) > 100_000n) return { index: i, field: 'pointsPer100', message: 'at most 1000 points per ¥100' };
  }
  return null;
}

// ---- the ledger -----------------------------------------------------------------------------------

export type LedgerEntry = { id: string; kind: PointsKind; delta: number; at: Date; expiresAt: Date | null };

/** The signed effect of a written entry: earn adds, redeem and expire take away, adjust either. */
export function deltaOf(kind: PointsKind, points: number, direction: 'increase' | 'decrease' = 'increase'): number {
  if (kind === 'earn') return points;
  if (kind === 'redeem' || kind === 'expire') return -points;
  return direction === 'decrease' ? -points : points;
}

/**
 * `points` as the contract shows it: the positive amount for earn, redeem and expire (the kind
 * gives the sign), the signed amount for adjust (+ adds, − takes away).
 */
export function shownPoints(kind: PointsKind, delta: number): number {
  return kind === 'adjust' ? delta : Math.abs(delta);
}

export function balanceOf(entries: readonly Pick<LedgerEntry, 'delta'>[]): number {
  return entries.reduce((n, e) => n + e.delta, 0);
}

/** The largest balance a customer may hold (the balance is a 32-bit integer column). */
export const maxBalance = 2_000_000_000;

/** An entry that adds points may not take the balance past maxBalance. */
export function exceedsMaxBalance(balance: number, delta: number): boolean {
  return delta > 0 && balance + delta > maxBalance;
}

export type DebitCheck = { ok: true; balanceAfter: number } | { ok: false; balance: number; short: number };

/** A redemption (or any entry that takes points away) may not take the balance below zero. */
export function checkDebit(balance: number, delta: number): DebitCheck {
  const after = balance + delta;
  return after < 0 ? { ok: false, balance, short: -after } : { ok: true, balanceAfter: after };
}

export type Lot = { id: string; at: Date; expiresAt: Date | null; points: number; remaining: number };

const byAt = (a: { at: Date; id: string }, b: { at: Date; id: string }) => a.at.getTime() - b.at.getTime() || Number(BigInt(a.id) - BigInt(b.id));

/**
 * What is left of each lot (an earning or a positive adjustment) after the debits, replayed in
 * order. A redemption or a negative adjustment takes from the oldest lot first (FIFO); an expiry
 * takes first from the lots that had expired by its time (oldest first), which is exactly what the
 * expiry job wrote it for — so replaying never expires the same points twice.
 */
export function remainingLots(entries: readonly LedgerEntry[]): Lot[] {
  const lots: Lot[] = [];
  for (const e of [...entries].sort(byAt)) {
    if (e.delta > 0) {
      lots.push({ id: e.id, at: e.at, expiresAt: e.expiresAt, points: e.delta, remaining: e.delta });
      continue;
    }
    let need = -e.delta;
    const take = (lot: Lot) => {
      const n = Math.min(lot.remaining, need);
      lot.remaining -= n;
      need -= n;
    };
    if (e.kind === 'expire') for (const lot of lots) if (need > 0 && lot.expiresAt && lot.expiresAt.getTime() <= e.at.getTime()) take(lot);
    for (const lot of lots) if (need > 0) take(lot);
  }
  return lots;
}

/** Points due to expire at `now`: what is left of the lots whose time has come, and which lots. */
export function dueExpiry(entries: readonly LedgerEntry[], now: Date): { points: number; lotIds: string[] } {
  const due = remainingLots(entries).filter((l) => l.remaining > 0 && l.expiresAt !== null && l.expiresAt.getTime() <= now.getTime());
  return { points: due.reduce((n, l) => n + l.remaining, 0), lotIds: due.map((l) => l.id) };
}

/** `at` plus whole calendar months (the day clamped to the month's end: 31 Jan + 1 → 28/29 Feb). */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** When a lot earned at `at` under a plan keeping points `months` expires (null: never). */
export function lotExpiry(at: Date, months: number | null): Date | null {
  return months === null ? null : addMonths(at, months);
}

// ---- plans ----------------------------------------------------------------------------------------

export type PlanWindow = { id: string; customerType: string | null; validFrom: string; validTo: string | null; disabled: boolean };

/** Two plans of the same scope whose validity periods share a day (both inclusive; null: open-ended). */
export function plansOverlap(a: Omit<PlanWindow, 'id' | 'disabled'>, b: Omit<PlanWindow, 'id' | 'disabled'>): boolean {
  if (a.customerType !== b.customerType) return false;
  const aEnd = a.validTo ?? '9999-12-31';
  const bEnd = b.validTo ?? '9999-12-31';
  return a.validFrom <= bEnd && b.validFrom <= aEnd;
}

/**
 * The plan in force for a customer of `customerType` on `day` (YYYY-MM-DD, China date): the
 * type's own plan, else the company-wide one (customerType null), else none. Disabled plans never.
 */
export function planInForce<P extends PlanWindow>(plans: readonly P[], customerType: string, day: string): P | null {
  const live = plans.filter((p) => !p.disabled && p.validFrom <= day && (p.validTo === null || day <= p.validTo));
  return live.find((p) => p.customerType === customerType) ?? live.find((p) => p.customerType === null) ?? null;
}
