/** Composition analysis (ANA-1), pure: periods, shares that sum to 1, change, the 80/20 count and curve. */

const DAY = 86_400_000;
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** The previous period of the same length (in days), ending the day before `from`. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const days = Math.round((ms(to) - ms(from)) / DAY) + 1;
  return { from: toDate(ms(from) - days * DAY), to: toDate(ms(from) - DAY) };
}

/** Cents as bigint from a decimal string (exact). */
export const cents = (s: string): bigint => {
  const neg = s.startsWith('-');
  const [w, f = ''] = (neg ? s.slice(1) : s).split('.');
  const v = BigInt(w || '0') * 100n + BigInt((f + '00').slice(0, 2));
  return neg ? -v : v;
};
export const money = (c: bigint): string => `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, '0')}`;

/**
 * Shares of the total that sum to exactly 1: each share is rounded to 6 decimals and the rounding
 * remainder goes to the largest item. An empty total gives 0 shares.
 */
export function shares(amounts: readonly bigint[]): number[] {
  const total = amounts.reduce((a, b) => a + b, 0n);
  if (total === 0n) return amounts.map(() => 0);
  const micro = amounts.map((a) => Number((a * 1_000_000n + total / 2n) / total));
  const rest = 1_000_000 - micro.reduce((a, b) => a + b, 0);
  if (rest !== 0) {
    let largest = 0;
    amounts.forEach((a, i) => {
      if (a > amounts[largest]!) largest = i;
    });
    micro[largest] = micro[largest]! + rest;
  }
  return micro.map((m) => m / 1_000_000);
}

/** (now − before) ÷ before, 4 decimals; null when there was nothing before. */
export function change(now: bigint, before: bigint): number | null {
  if (before === 0n) return null;
  return Math.round(Number(((now - before) * 10_000n) / before)) / 10_000;
}

/**
 * 80/20 (seed 002): with each customer's sales, largest first, how many make 80 % of the total;
 * and the cumulative curve at up to `points` evenly spaced customer counts (always the last).
 */
export function pareto(perCustomer: readonly bigint[], points = 50): { customers80: number; customersTotal: number; curve: { customers: number; share: number }[] } {
  const sorted = perCustomer.filter((x) => x > 0n).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  const total = sorted.reduce((a, b) => a + b, 0n);
  if (total === 0n) return { customers80: 0, customersTotal: 0, curve: [] };
  let run = 0n;
  let customers80 = 0;
  const cumulative: bigint[] = [];
  for (const [i, v] of sorted.entries()) {
    run += v;
    cumulative.push(run);
    if (customers80 === 0 && run * 10n >= total * 8n) customers80 = i + 1;
  }
  const n = sorted.length;
  const step = Math.max(1, Math.ceil(n / points));
  const curve: { customers: number; share: number }[] = [];
  for (let k = step; k < n; k += step) curve.push({ customers: k, share: Number((cumulative[k - 1]! * 10_000n) / total) / 10_000 });
  curve.push({ customers: n, share: 1 });
  return { customers80, customersTotal: n, curve };
}
