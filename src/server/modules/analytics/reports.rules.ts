/**
 * Standard reports (ANA-3), pure: quarters, the grade migration matrix, cadence requirements and
 * compliance, completeness. No I/O; the service feeds them aggregate rows from PostgreSQL.
 */
import { creditGrades, tiers } from '../../../contract/customers.js';

/** `2026Q1` → `2025Q4`. */
export function previousQuarter(q: string): string {
  const y = Number(q.slice(0, 4));
  const n = Number(q.slice(5));
  return n === 1 ? `${y - 1}Q4` : `${y}Q${n - 1}`;
}
/** The quarter a China date falls in. */
export const quarterOf = (date: string): string => `${date.slice(0, 4)}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;

export const NONE = 'none';
export const gradeOrder = [...creditGrades, NONE] as const;

/**
 * The grade distribution and migration matrix (seed 002 业绩档案; EVA-1 grades per quarter): one row
 * per grade in the earlier quarter (`none`: not graded in it), with how many had it then, how many
 * have it in the later quarter, and how many moved to each grade; moves up and down counted by the
 * order AAA > … > D (a customer graded in only one of the two quarters moves neither up nor down).
 */
export function migrationMatrix(pairs: readonly { from: string | null; to: string | null; n: number }[]) {
  const idx = (g: string | null) => gradeOrder.indexOf((g ?? NONE) as (typeof gradeOrder)[number]);
  const rows = gradeOrder.map((g) => ({ grade: g, fromCount: 0, toCount: 0, to: Object.fromEntries(gradeOrder.map((h) => [h, 0])) as Record<string, number>, up: 0, down: 0 }));
  for (const p of pairs) {
    const i = idx(p.from);
    const j = idx(p.to);
    if (i < 0 || j < 0 || p.n <= 0) continue;
    rows[i]!.fromCount += p.n;
    rows[j]!.toCount += p.n;
    rows[i]!.to[gradeOrder[j]!]! += p.n;
    if (p.from !== null && p.to !== null) {
      if (j < i) rows[i]!.up += p.n;
      else if (j > i) rows[i]!.down += p.n;
    }
  }
  return rows;
}

const tierRank = (t: string | null) => (t === null ? -1 : tiers.length - tiers.indexOf(t as (typeof tiers)[number]));
/** A tier change's direction: big > key > normal > potential; from or to nothing is `new`/`removed`. */
export function tierDirection(from: string | null, to: string | null): 'up' | 'down' | 'new' | 'removed' | 'same' {
  if (from === null && to === null) return 'same';
  if (from === null) return 'new';
  if (to === null) return 'removed';
  const d = tierRank(to) - tierRank(from);
  return d > 0 ? 'up' : d < 0 ? 'down' : 'same';
}

/** Whole days of an inclusive period. */
export const periodDays = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** Contacts a cadence of `every` days requires in `days` days (REL-2): one per full interval. */
export const requiredContacts = (days: number, every: number): number => (every <= 0 || days <= 0 ? 0 : Math.floor(days / every));

/** Done (capped at what was required, per customer, summed by the SQL) ÷ required; null when nothing was required. */
export const complianceRate = (met: number, required: number): number | null => (required <= 0 ? null : Math.round((Math.min(met, required) / required) * 10_000) / 10_000);

/** A ratio rounded to 4 decimals, null when the denominator is 0. */
export const ratio = (n: number, d: number): number | null => (d <= 0 ? null : Math.round((n / d) * 10_000) / 10_000);

/** Sum of decimal strings, exactly (cents). */
export function sumMoney(values: readonly (string | null | undefined)[]): string {
  let c = 0n;
  for (const v of values) {
    if (!v) continue;
    const neg = v.startsWith('-');
    const [w, f = ''] = (neg ? v.slice(1) : v).split('.');
    const x = BigInt(w || '0') * 100n + BigInt((f + '00').slice(0, 2));
    c += neg ? -x : x;
  }
  const a = c < 0n ? -c : c;
  return `${c < 0n ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}
