/**
 * The quarterly job's set-based SQL (EVA-4): opens the evaluations of a batch of customers with
 * the computed indicators of EVA-1 in one INSERT … SELECT. Every formula is the integer form of
 * indicators.rules.ts (same rounding); evaluation.sql.test.ts checks them against each other.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ScorecardDefinition } from '../../../contract/evaluation.js';
import type { DB } from '../../db/schema.js';
import { toCents, maxTenthsOf } from './credit.rules.js';
import { FULL_COOPERATION_DAYS, monthsOf, previousYearOf, sameQuarterLastYear, ZERO_TIMELINESS_DAYS, type Quarter } from './indicators.rules.js';

const n = (x: number | bigint) => sql.lit(Number(x));
const cents = (col: string) => sql.raw(`(${col} * 100)`);
const money = (col: string) => sql.raw(`to_char(${col} / 100, 'FM99999999999999990.00')`);

/** One computed indicator's score (tenths) as SQL over the columns of the `f` row. */
function scoreSql(key: string, maxT: number): RawBuilder<unknown> | null {
  const m = n(maxT);
  switch (key) {
    case 'cooperationLength':
      return sql`CASE WHEN f.first_on IS NULL THEN 0 ELSE div(2 * ${m} * least(greatest(${sql.ref('f.period_end')} - f.first_on, 0), ${n(FULL_COOPERATION_DAYS)})::numeric + ${n(FULL_COOPERATION_DAYS)}, ${n(2 * FULL_COOPERATION_DAYS)}) END`;
    case 'purchaseAmount':
      return sql`CASE WHEN f.target <= 0 OR f.actual >= f.target THEN ${m} ELSE div(2 * ${m} * f.actual + f.target, 2 * f.target) END`;
    case 'purchaseGrowth':
      return sql`CASE WHEN f.last_year = 0 THEN CASE WHEN f.actual > 0 THEN ${m} ELSE 0 END
        WHEN 5 * f.actual - 4 * f.last_year <= 0 THEN 0
        WHEN 5 * f.actual - 4 * f.last_year >= 2 * f.last_year THEN ${m}
        ELSE div(2 * ${m} * (5 * f.actual - 4 * f.last_year) + 2 * f.last_year, 4 * f.last_year) END`;
    case 'purchaseRegularity':
      // W = 4·max²·V with V = nΣx² − S²; isqrt by numeric sqrt and a ±1 correction
      return sql`CASE WHEN f.actual <= 0 THEN 0 ELSE greatest(0, ${m} - div(div(
          (SELECT r - (r * r > w)::int + ((r + 1) * (r + 1) <= w)::int FROM (SELECT floor(sqrt(w)) AS r, w FROM (SELECT 4 * ${n(maxT * maxT)} * (3 * (f.m1 * f.m1 + f.m2 * f.m2 + f.m3 * f.m3) - f.actual * f.actual) AS w) w0) r0),
          f.actual) + 1, 2)) END`;
    case 'paymentTimeliness':
      return sql`CASE WHEN f.pay_n = 0 OR f.pay_days <= 0 THEN ${m}
        WHEN f.pay_days >= ${n(ZERO_TIMELINESS_DAYS)} * f.pay_n THEN 0
        ELSE div(2 * ${m} * (${n(ZERO_TIMELINESS_DAYS)} * f.pay_n - f.pay_days) + ${n(ZERO_TIMELINESS_DAYS)} * f.pay_n, 2 * ${n(ZERO_TIMELINESS_DAYS)} * f.pay_n) END`;
    case 'creditFulfilment':
      return sql`CASE WHEN f.due = 0 THEN ${m} ELSE div(2 * ${m} * f.on_time + f.due, 2 * f.due) END`;
    default:
      return null;
  }
}

function basisSql(key: string): RawBuilder<unknown> {
  switch (key) {
    case 'cooperationLength': return sql`jsonb_build_object('firstTransactionOn', f.first_on::text, 'days', CASE WHEN f.first_on IS NULL THEN 0 ELSE greatest(f.period_end - f.first_on, 0) END)`;
    case 'purchaseAmount': return sql`jsonb_build_object('actual', ${money('f.actual')}, 'target', ${money('f.target')})`;
    case 'purchaseGrowth': return sql`jsonb_build_object('actual', ${money('f.actual')}, 'lastYear', ${money('f.last_year')})`;
    case 'purchaseRegularity': return sql`jsonb_build_object('months', ${money('f.m1')} || ' / ' || ${money('f.m2')} || ' / ' || ${money('f.m3')})`;
    case 'paymentTimeliness': return sql`jsonb_build_object('payments', f.pay_n, 'averageDaysOverdue', CASE WHEN f.pay_n = 0 THEN NULL ELSE to_char(f.pay_days::numeric / f.pay_n, 'FM999999990.0') END)`;
    case 'creditFulfilment': return sql`jsonb_build_object('due', ${money('f.due')}, 'paidOnTime', ${money('f.on_time')})`;
    default: return sql`'{}'::jsonb`;
  }
}

export type BatchParams = { roundId: string; scorecardId: string; def: ScorecardDefinition; quarter: Quarter; customerIds: string[] };

/** Opens the evaluations of these customers (ON CONFLICT: never twice); returns how many were new. */
export async function openEvaluationBatch(tx: Kysely<DB>, p: BatchParams): Promise<number> {
  const q = p.quarter;
  const [mo1, mo2, mo3] = monthsOf(q);
  const ly = sameQuarterLastYear(q);
  const py = previousYearOf(q);
  const computed = p.def.indicators.filter((i) => i.source === 'computed').map((i) => ({ key: i.key, score: scoreSql(i.key, maxTenthsOf(p.def, i.key)) })).filter((x) => x.score !== null);
  const computedJson = computed.length
    ? sql.join(computed.map((c) => sql`${sql.lit(c.key)}::text, jsonb_build_object('score', (${c.score!}) / 10.0, 'basis', ${basisSql(c.key)})`), sql`, `)
    : null;
  const targets = sql.join(Object.entries(p.def.quarterlyTarget).map(([t, v]) => sql`(${sql.lit(t)}::text, ${sql.lit(toCents(v).toString())}::numeric)`), sql`, `);
  const r = await sql<{ n: string }>`
    WITH ids AS (SELECT unnest(${p.customerIds}::bigint[]) AS id),
    tx AS (
      SELECT t.customer_id, min(t.date) AS first_on,
        coalesce(sum(t.amount) FILTER (WHERE t.date BETWEEN ${mo1![0]}::date AND ${mo1![1]}::date), 0) AS m1,
        coalesce(sum(t.amount) FILTER (WHERE t.date BETWEEN ${mo2![0]}::date AND ${mo2![1]}::date), 0) AS m2,
        coalesce(sum(t.amount) FILTER (WHERE t.date BETWEEN ${mo3![0]}::date AND ${mo3![1]}::date), 0) AS m3,
        coalesce(sum(t.amount) FILTER (WHERE t.date BETWEEN ${ly.start}::date AND ${ly.end}::date), 0) AS last_year,
        coalesce(sum(t.amount) FILTER (WHERE t.date BETWEEN ${`${py}-01-01`}::date AND ${`${py}-12-31`}::date), 0) AS prev_year
      FROM transactions t JOIN ids ON ids.id = t.customer_id
      WHERE t.date <= ${q.end}::date
      GROUP BY t.customer_id),
    pay AS (
      SELECT t.customer_id, count(*) AS n, sum(coalesce(p.paid_on, ${q.end}::date) - p.due_on) AS days, sum(p.amount) AS due,
        coalesce(sum(p.amount) FILTER (WHERE p.paid_on IS NOT NULL AND p.paid_on <= p.due_on), 0) AS on_time
      FROM payments p JOIN transactions t ON t.id = p.transaction_id JOIN ids ON ids.id = t.customer_id
      WHERE p.due_on BETWEEN ${q.start}::date AND ${q.end}::date
      GROUP BY t.customer_id),
    bad AS (
      SELECT DISTINCT t.customer_id FROM payments p JOIN transactions t ON t.id = p.transaction_id JOIN ids ON ids.id = t.customer_id WHERE p.bad_debt),
    f AS (
      SELECT c.id, c.customer_type, c.department_id, c.owner_id, c.credit_grade, c.tier, ${q.end}::date AS period_end,
        tx.first_on, ${cents('coalesce(tx.m1, 0)')} AS m1, ${cents('coalesce(tx.m2, 0)')} AS m2, ${cents('coalesce(tx.m3, 0)')} AS m3,
        ${cents('coalesce(tx.m1 + tx.m2 + tx.m3, 0)')} AS actual, ${cents('coalesce(tx.last_year, 0)')} AS last_year,
        coalesce(tx.prev_year, 0) AS prev_year, coalesce(${cents('pt.quarterly_target')}, tg.cents, 0) AS target,
        coalesce(pay.n, 0) AS pay_n, coalesce(pay.days, 0) AS pay_days, ${cents('coalesce(pay.due, 0)')} AS due, ${cents('coalesce(pay.on_time, 0)')} AS on_time,
        bad.customer_id IS NOT NULL AS bad_debt, tx.customer_id IS NOT NULL AS has_tx
      FROM customers c JOIN ids ON ids.id = c.id
      LEFT JOIN tx ON tx.customer_id = c.id LEFT JOIN pay ON pay.customer_id = c.id LEFT JOIN bad ON bad.customer_id = c.id
      LEFT JOIN (VALUES ${targets}) AS tg(customer_type, cents) ON tg.customer_type = c.customer_type
      -- EVA-1: the customer's own target where one is set (migration 0161), the type's otherwise
      LEFT JOIN customer_purchase_targets pt ON pt.customer_id = c.id),
    ins AS (
      INSERT INTO evaluations (round_id, customer_id, scorecard_id, customer_type, department_id, owner_id, computed, bad_debt, has_transactions, period_purchases, previous_year_purchases, previous_grade, previous_tier)
      SELECT ${p.roundId}::bigint, f.id, ${p.scorecardId}::bigint, f.customer_type, f.department_id, f.owner_id,
        ${computedJson ? sql`jsonb_build_object(${computedJson})` : sql`'{}'::jsonb`}, f.bad_debt, f.has_tx, f.actual / 100, f.prev_year, f.credit_grade, f.tier
      FROM f
      ON CONFLICT (round_id, customer_id) DO NOTHING
      RETURNING 1)
    SELECT count(*)::text AS n FROM ins`.execute(tx);
  return Number(r.rows[0]!.n);
}
