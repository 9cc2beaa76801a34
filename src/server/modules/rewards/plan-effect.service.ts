/**
 * The effect of a reward plan (REL-10, seed 001 评估客户奖励效果): over the plan's period (from its
 * first day to its last, or today), the purchases of customers in its scope who received a reward
 * (redeemed points, a coupon or a gift) against those who did not — totals, per customer and by
 * month. Only customers whose financial group the caller may read are counted (financialCustomers),
 * so amounts never reach someone who may not see them.
 */
import { sql, type Kysely } from 'kysely';
import type { RewardPlanEffect } from '../../../contract/rewards.js';
import type { DB } from '../../db/schema.js';
import { subjectOf } from '../access/access.service.js';
import { financialCustomers } from '../access/customer-access.sql.js';
import type { Principal } from '../auth/principal.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { getPlan } from './plans.service.js';
import { centsOf } from './rewards.rules.js';
import { chinaDayEnd, chinaDayStart } from '../../shared/working-days.rules.js';

const yuan = (cents: bigint) => `${cents < 0n ? '-' : ''}${(cents < 0n ? -cents : cents) / 100n}.${String((cents < 0n ? -cents : cents) % 100n).padStart(2, '0')}`;
const perCustomer = (cents: bigint, n: number) => (n === 0 ? '0.00' : yuan(cents / BigInt(n)));

/** Months YYYY-MM from `from` to `to` inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (let i = 0; i < 1200; i++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export async function planEffect(db: Kysely<DB>, p: Principal, planId: string, now = new Date()): Promise<RewardPlanEffect> {
  const plan = await getPlan(db, planId, now);
  const subject = await subjectOf(db, p);
  const today = chinaDate(now);
  const from = plan.validFrom;
  const to = plan.validTo !== null && plan.validTo < today ? plan.validTo : today;
  const fromTs = chinaDayStart(from);
  const toTs = chinaDayEnd(to);
  const typeCond = plan.customerType === null ? sql`true` : sql`c.customer_type = ${plan.customerType}`;
  const scope = sql`
    SELECT c.id, EXISTS (SELECT 1 FROM points_entries e WHERE e.customer_id = c.id AND e.kind = 'redeem' AND e.at >= ${fromTs} AND e.at < ${toTs}) AS rewarded
    FROM customers c
    WHERE ${typeCond} AND c.lifecycle NOT IN ('deleted', 'destroyed') AND c.merged_into IS NULL AND ${financialCustomers(subject)}`;
  const empty = from > to;
  const groups = empty ? [] : (await sql<{ rewarded: boolean; n: number }>`WITH s AS (${scope}) SELECT rewarded, count(*)::int AS n FROM s GROUP BY rewarded`.execute(db)).rows;
  const byMonthRows = empty
    ? []
    : (
        await sql<{ rewarded: boolean; month: string; amount: string; tx: number }>`
          WITH s AS (${scope})
          SELECT s.rewarded, to_char(t.date, 'YYYY-MM') AS month, sum(t.amount)::text AS amount, count(*)::int AS tx
          FROM transactions t JOIN s ON s.id = t.customer_id
          WHERE t.date >= ${from}::date AND t.date <= ${to}::date
          GROUP BY 1, 2`.execute(db)
      ).rows;
  const points = empty
    ? { earned: '0', redeemed: '0' }
    : (
        await sql<{ earned: string; redeemed: string }>`
          WITH s AS (${scope})
          SELECT coalesce(sum(e.delta) FILTER (WHERE e.kind = 'earn' AND e.plan_id = ${plan.id}::bigint), 0)::text AS earned,
                 coalesce(-sum(e.delta) FILTER (WHERE e.kind = 'redeem' AND e.at >= ${fromTs} AND e.at < ${toTs}), 0)::text AS redeemed
          FROM points_entries e JOIN s ON s.id = e.customer_id`.execute(db)
      ).rows[0] ?? { earned: '0', redeemed: '0' };
  const size = (r: boolean) => groups.find((g) => g.rewarded === r)?.n ?? 0;
  const figures = (r: boolean) => {
    const rows = byMonthRows.filter((x) => x.rewarded === r);
    const cents = rows.reduce((n, x) => n + centsOf(x.amount.replace('-', '')) * (x.amount.startsWith('-') ? -1n : 1n), 0n);
    return { customers: size(r), transactions: rows.reduce((n, x) => n + x.tx, 0), purchases: yuan(cents), perCustomer: perCustomer(cents, size(r)) };
  };
  const monthCents = (r: boolean, month: string) => {
    const x = byMonthRows.find((y) => y.rewarded === r && y.month === month);
    return x ? centsOf(x.amount.replace('-', '')) * (x.amount.startsWith('-') ? -1n : 1n) : 0n;
  };
  return {
    planId: plan.id,
    from,
    to,
    rewarded: figures(true),
    notRewarded: figures(false),
    pointsEarned: Number(points.earned),
    pointsRedeemed: Number(points.redeemed),
    byMonth: empty
      ? []
      : monthsBetween(from, to).map((month) => ({
          month,
          rewarded: yuan(monthCents(true, month)),
          notRewarded: yuan(monthCents(false, month)),
          rewardedPerCustomer: perCustomer(monthCents(true, month), size(true)),
          notRewardedPerCustomer: perCustomer(monthCents(false, month), size(false)),
        })),
  };
}
