/**
 * Test fixtures of the composition tests (composition-cache.test.ts, composition-deltas.test.ts):
 * the period, the dimensions, and the composition computed directly from transactions, lines and
 * customers — the reference every answer of the API must equal, cached, brought current or recomputed.
 */
import { expect } from 'vitest';
import type { ImportJob } from '../../../contract/imports.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { waitForImport } from '../imports/imports.service.js';
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

/** Transactions imported from a csv through the API (upload, dry run, commit) by the token's user; every row committed. */
export async function importTransactionsAs(t: TestApp, token: string, csvRows: string[]) {
  const csv = ['档案编号,交易编号,交易日期,金额,产品,数量,单价', ...csvRows].join('\n');
  const boundary = '----kedangdelta';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\ntransactions\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="交易.csv"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(csv),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const up = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  expect(up.statusCode, up.body).toBe(201);
  const jobId = up.json<ImportJob>().id;
  await waitForImport(jobId);
  expect((await t.request('POST', `/api/v1/imports/${jobId}/commit`, { token, body: {} })).statusCode).toBe(200);
  await waitForImport(jobId);
  expect((await t.request('GET', `/api/v1/imports/${jobId}`, { token })).json<ImportJob>().committedRows).toBe(csvRows.length);
}

type Sale = { product: string; quantity: string; price: string; category?: string };

/**
 * The scene both composition tests start from: two sales reps (the first owns the first three
 * archives), a gm, a marketing director and a customer-service user (`<prefix>.gm` …); the archives
 * named, graded, tiered, classed and placed; seven sales over two years (`<tx>-A1` …), some with
 * product lines. A sixth archive, when named, is class C in Shenzhen and buys a fraction of a cent.
 */
export async function compositionScene(prefix: string, names: readonly string[], tx: string) {
  const t = await createTestApp();
  const [rep, rep2, gm, director, cs] = await Promise.all([
    t.createUser(`${prefix}.rep`, ['sales']), t.createUser(`${prefix}.rep2`, ['sales']), t.createUser(`${prefix}.gm`, ['gm']),
    t.createUser(`${prefix}.dir`, ['marketing_director']), t.createUser(`${prefix}.cs`, ['cs_staff']),
  ]);
  const customers: { id: string; archiveNo: string; version: number }[] = [];
  for (const [i, name] of names.entries()) {
    const r = await t.request('POST', '/api/v1/customers', { token: i < 3 ? rep.token : rep2.token, body: { name, customerType: 'direct' } });
    expect(r.statusCode, r.body).toBe(201);
    customers.push(r.json());
  }
  const addTx = async (c: number, txNo: string, date: string, amount: string, products?: Sale[]) => {
    const r = await t.request('POST', `/api/v1/customers/${customers[c]!.id}/transactions`, { token: c < 3 ? rep.token : rep2.token, body: { txNo, date, amount, ...(products ? { products } : {}) } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const set = (i: number, v: Record<string, string | null>) => t.database.db.updateTable('customers').set(v).where('id', '=', customers[i]!.id).execute();
  await set(0, { credit_grade: 'AAA', tier: 'key', abc_class: 'A', region: '440305' });
  await set(1, { credit_grade: 'AA', tier: 'big', abc_class: 'B', region: '440106' });
  await set(2, { credit_grade: null, tier: 'normal', abc_class: 'C', region: '110105' });
  await set(3, { credit_grade: 'A', tier: 'big', abc_class: 'B', region: '3101' });
  await set(4, { credit_grade: 'BBB', tier: null, abc_class: null, region: null });
  if (names.length > 5) await set(5, { credit_grade: 'AA', tier: 'normal', abc_class: 'C', region: '440305' });
  await addTx(0, `${tx}-A1`, day(-40), '8000.00', [{ product: '阀门', quantity: '10', price: '800', category: '流体控制' }]);
  await addTx(0, `${tx}-A0`, day(-400), '4000.00', [{ product: '阀门', quantity: '5', price: '800', category: '流体控制' }]);
  await addTx(1, `${tx}-B1`, day(-100), '1500.00', [{ product: '管件', quantity: '3', price: '500', category: '流体控制' }]);
  await addTx(2, `${tx}-C1`, day(-10), '500.00', [{ product: '阀门', quantity: '1', price: '500' }]);
  await addTx(2, `${tx}-C0`, day(-500), '1000.00');
  await addTx(3, `${tx}-D1`, day(-5), '2500.50', [{ product: '电缆', quantity: '2', price: '1250.25', category: '电气' }]);
  await addTx(4, `${tx}-E1`, day(-200), '750.00', [{ product: '管件', quantity: '1', price: '750', category: '流体控制' }]);
  if (names.length > 5) await addTx(5, `${tx}-F1`, day(-30), '0.01', [{ product: '阀门', quantity: '0.0001', price: '0.3333', category: '流体控制' }]);
  return { t, rep, rep2, gm, director, cs, customers, addTx };
}
