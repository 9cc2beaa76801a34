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

/** A decimal string (up to 8 decimals: sums of numeric(20, 4) × numeric(20, 4)) as an exact bigint of 10⁻⁸. */
export function dec(s: string): bigint {
  const neg = s.startsWith('-');
  const [w, f = ''] = (neg || s.startsWith('+') ? s.slice(1) : s).split('.');
  if (f.length > 8 && /[1-9]/.test(f.slice(8))) throw new RangeError(`more than 8 decimals: ${s}`);
  const v = BigInt(w || '0') * 100_000_000n + BigInt((f + '00000000').slice(0, 8));
  return neg ? -v : v;
}
/** The exact decimal string of a bigint of 10⁻⁸ (trailing zeros dropped, at least 2 decimals). */
export function decText(v: bigint): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  let f = String(a % 100_000_000n).padStart(8, '0');
  while (f.length > 2 && f.endsWith('0')) f = f.slice(0, -1);
  return `${neg ? '-' : ''}${a / 100_000_000n}.${f}`;
}
/** A decimal string rounded to cents, half away from zero (as PostgreSQL's numeric(20, 2) rounds). */
export function roundCents(s: string): bigint {
  const v = dec(s);
  const a = v < 0n ? -v : v;
  const c = (a + 500_000n) / 1_000_000n;
  return v < 0n ? -c : c;
}

/**
 * pareto() over a list already sorted largest first of positive integer cents as doubles (each
 * customer's sales of the period). Exact while the total is below 2^53 cents; beyond, the bigint rule.
 */
export function paretoOfSorted(xs: Float64Array, points = 50): ReturnType<typeof pareto> {
  const n = xs.length;
  if (n === 0) return { customers80: 0, customersTotal: 0, curve: [] };
  let total = 0;
  for (let i = 0; i < n; i++) total += xs[i]!;
  if (!Number.isSafeInteger(total)) return pareto(Array.from(xs, (v) => BigInt(v)), points);
  const big = BigInt(total);
  // run × 10 ≥ total × 8  ⇔  run ≥ ⌈total × 8 / 10⌉
  const threshold = Number((big * 8n + 9n) / 10n);
  const step = Math.max(1, Math.ceil(n / points));
  let run = 0;
  let customers80 = 0;
  const curve: { customers: number; share: number }[] = [];
  for (let i = 0; i < n; i++) {
    run += xs[i]!;
    if (customers80 === 0 && run >= threshold) customers80 = i + 1;
    const k = i + 1;
    if (k % step === 0 && k < n) curve.push({ customers: k, share: Number((BigInt(run) * 10_000n) / big) / 10_000 });
  }
  curve.push({ customers: n, share: 1 });
  return { customers80, customersTotal: n, curve };
}

/**
 * A sorted list (largest first) with some values taken out and others put in, as multisets: null
 * when a value to take out is not in the list (the list is not what the caller thinks it is).
 */
export function moveSorted(xs: Float64Array, out: readonly number[], into: readonly number[]): Float64Array | null {
  const removals = new Map<number, number>();
  for (const v of out) removals.set(v, (removals.get(v) ?? 0) + 1);
  const adds = [...into].sort((a, b) => b - a);
  const r = new Float64Array(xs.length - out.length + into.length);
  let j = 0;
  let a = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]!;
    const k = removals.get(v);
    if (k) {
      removals.set(v, k - 1);
      continue;
    }
    while (a < adds.length && adds[a]! > v) r[j++] = adds[a++]!;
    if (j >= r.length) return null;
    r[j++] = v;
  }
  while (a < adds.length) r[j++] = adds[a++]!;
  for (const k of removals.values()) if (k !== 0) return null;
  return j === r.length ? r : null;
}
