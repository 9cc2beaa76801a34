/**
 * Test fixtures of the composition tests (composition-cache.test.ts, composition-deltas.test.ts):
 * the period, the dimensions, and the composition computed directly from transactions, lines and
 * customers — the reference every answer of the API must equal, cached, brought current or recomputed.
 */
import { expect } from 'vitest';
import type { TestApp } from '../../testing/test-app.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { pareto, roundCents } from './composition.rules.js';

const today = chinaDate(new Date());
/** The day `offset` days from today (China time), as YYYY-MM-DD. */
export const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
/** The period the tests read: the last year, compared with the year before. */
export const from = day(-365);
export const to = day(0);
const prevFrom = day(-730);

export const dimensions = ['grade', 'tier', 'abcClass', 'province', 'city', 'product', 'productCategory'] as const;
export type Dim = (typeof dimensions)[number];
const keyOf: Record<Dim, string> = {
  grade: 'c.credit_grade',
  tier: 'c.tier',
  abcClass: 'c.abc_class',
  province: 'left(c.region, 2)',
  city: 'CASE WHEN length(c.region) >= 4 THEN left(c.region, 4) END',
  product: 'l.product',
  productCategory: 'l.category',
};
const listed = `c.merged_into IS NULL AND c.lifecycle IN ('active', 'dormant')`;

type Item = { key: string | null; amount: string; previousAmount: string; customers: number; topCustomers?: { customerId: string; amount: string }[] };
export type Comp = { total: string; items: Item[]; pareto: { customers80: number; customersTotal: number; curve: unknown[] } };
export const byKey = (a: { key: string | null }, b: { key: string | null }) => String(a.key).localeCompare(String(b.key));

/**
 * The composition of every listed archive (and `extra`, an SQL condition on `c`) computed directly:
 * groups rounded to the cent (a group of fractions of a cent is no group), the total their sum,
 * the 80/20 count over the customers' sums, each product's top five buyers.
 */
export async function directComposition(t: TestApp, by: Dim, extra = 'true') {
  const q = async <R,>(text: string, params: unknown[]) => (await t.database.ownerPool.query(text, params)).rows as R[];
  const lines = by === 'product' || by === 'productCategory';
  const amount = lines ? 'l.quantity * l.price' : 't.amount';
  const join = lines ? 'JOIN transaction_lines l ON l.transaction_id = t.id' : '';
  const groups = await q<{ key: string | null; amount: string; previous: string; customers: number }>(
    `SELECT ${keyOf[by]} AS key, coalesce(sum(${amount}) FILTER (WHERE t.date >= $1), 0)::numeric(20, 2)::text AS amount,
            coalesce(sum(${amount}) FILTER (WHERE t.date < $1), 0)::numeric(20, 2)::text AS previous,
            count(DISTINCT t.customer_id) FILTER (WHERE t.date >= $1)::int AS customers
       FROM transactions t JOIN customers c ON c.id = t.customer_id ${join}
      WHERE t.date BETWEEN $3 AND $2 AND ${listed} AND ${extra} GROUP BY 1
     HAVING coalesce(sum(${amount}) FILTER (WHERE t.date >= $1), 0)::numeric(20, 2) <> 0 OR coalesce(sum(${amount}) FILTER (WHERE t.date < $1), 0)::numeric(20, 2) <> 0`,
    [from, to, prevFrom],
  );
  const perCustomer = await q<{ cents: string }>(
    `SELECT (sum(t.amount) * 100)::bigint::text AS cents FROM transactions t JOIN customers c ON c.id = t.customer_id
      WHERE t.date BETWEEN $1 AND $2 AND ${listed} AND ${extra} GROUP BY t.customer_id HAVING sum(t.amount) > 0`,
    [from, to],
  );
  const top = lines
    ? await q<{ key: string | null; customer_id: string; amount: string }>(
        `SELECT key, customer_id, amount FROM (
           SELECT ${keyOf[by]} AS key, t.customer_id::text, sum(${amount})::numeric(20, 2)::text AS amount, row_number() OVER (PARTITION BY ${keyOf[by]} ORDER BY sum(${amount}) DESC, t.customer_id) AS rn
             FROM transactions t JOIN customers c ON c.id = t.customer_id ${join}
            WHERE t.date BETWEEN $1 AND $2 AND ${listed} AND ${extra} GROUP BY ${keyOf[by]}, t.customer_id HAVING sum(${amount}) > 0) x WHERE rn <= 5 ORDER BY rn`,
        [from, to],
      )
    : [];
  const total = groups.reduce((n, g) => n + roundCents(g.amount), 0n);
  return {
    total: `${total / 100n}.${String(total % 100n).padStart(2, '0')}`,
    items: groups
      .map((g) => ({ key: g.key, amount: g.amount, previousAmount: g.previous, customers: g.customers, ...(lines ? { topCustomers: top.filter((x) => x.key === g.key).map((x) => ({ customerId: x.customer_id, amount: x.amount })) } : {}) }))
      .sort(byKey),
    pareto: pareto(perCustomer.map((r) => BigInt(r.cents))),
  };
}

/** The composition the API answers the caller, over the period. */
export async function compose(t: TestApp, token: string, by: Dim): Promise<Comp> {
  const r = await t.request('GET', `/api/v1/analytics/composition?by=${by}&from=${from}&to=${to}`, { token });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

/** What of an answer the direct computation gives (no labels, no curve points' shape beyond pareto). */
export const comparable = (c: Comp) => ({
  total: c.total,
  items: c.items.map((i) => ({ key: i.key, amount: i.amount, previousAmount: i.previousAmount, customers: i.customers, ...(i.topCustomers ? { topCustomers: i.topCustomers.map((x) => ({ customerId: x.customerId, amount: x.amount })) } : {}) })).sort(byKey),
  pareto: c.pareto,
});
