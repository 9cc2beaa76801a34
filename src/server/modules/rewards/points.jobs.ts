/**
 * The two scheduled pieces of REL-10, each a function of (db, now):
 * - creditTransactions: earnings from purchases by the plan in force on the transaction's date.
 *   The rewards module reads the transactions table; customers and sales never import rewards, so
 *   there is no import cycle and recording a transaction needs no knowledge of points. Each
 *   transaction is credited once: points_credits (primary key = transaction id) is claimed first
 *   in the same transaction as the entry, so a second run, a second instance or a crash between
 *   runs never credits twice — and a purchase earning 0 points is not looked at again.
 * - expirePoints: lots past their time expire, oldest first (rules: dueExpiry).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { systemActor } from '../audit/audit.types.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { loadPlans } from './plans.service.js';
import { appendEntry, expireDue, lockBalance } from './points.service.js';
import { lotExpiry, maxBalance, planInForce, pointsEarned } from './rewards.rules.js';

export async function creditTransactions(db: Kysely<DB>, now: Date, batch = 500): Promise<{ looked: number; credited: number; points: number }> {
  const plans = (await loadPlans(db)).filter((p) => !p.disabled);
  const out = { looked: 0, credited: 0, points: 0 };
  if (plans.length === 0) return out;
  const today = chinaDate(now);
  for (;;) {
    const rows = await db
      .selectFrom('transactions as t')
      .innerJoin('customers as c', 'c.id', 't.customer_id')
      .select(['t.id', 't.customer_id', 't.tx_no', 't.date', sql<string>`t.amount::text`.as('amount'), 'c.customer_type'])
      .where('c.lifecycle', 'not in', ['deleted', 'destroyed'])
      .where('c.merged_into', 'is', null)
      .where('t.date', '<=', today)
      .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM points_credits k WHERE k.transaction_id = t.id)`)
      .where(sql<boolean>`EXISTS (SELECT 1 FROM reward_plans p WHERE NOT p.disabled AND t.date >= p.valid_from AND (p.valid_to IS NULL OR t.date <= p.valid_to) AND (p.customer_type IS NULL OR p.customer_type = c.customer_type))`)
      .orderBy('t.id')
      .limit(batch)
      .execute();
    if (rows.length === 0) return out;
    for (const t of rows) {
      out.looked++;
      const plan = planInForce(plans, t.customer_type, String(t.date));
      await db.transaction().execute(async (tx) => {
        const claimed = await tx.insertInto('points_credits').values({ transaction_id: t.id, plan_id: plan?.id ?? null, at: now }).onConflict((oc) => oc.column('transaction_id').doNothing()).returning('transaction_id').executeTakeFirst();
        if (!claimed || !plan) return;
        // what the customer bought earlier in the plan period (by date, then id)
        const before = await tx
          .selectFrom('transactions')
          .select(sql<string>`coalesce(sum(amount), 0)::text`.as('s'))
          .where('customer_id', '=', t.customer_id)
          .where('date', '>=', plan.validFrom)
          .where(sql<boolean>`(date, id) < (${String(t.date)}::date, ${t.id}::bigint)`)
          .where('amount', '>', '0')
          .executeTakeFirstOrThrow();
        const earned = pointsEarned(before.s, Number(t.amount) > 0 ? t.amount : '0', plan.tiers);
        if (earned <= 0) return;
        const balance = await lockBalance(tx, t.customer_id, now);
        // a balance never passes its column's maximum: what would is not credited
        const points = Math.min(earned, maxBalance - balance);
        if (points <= 0) return;
        await appendEntry(tx, systemActor, balance, { customerId: t.customer_id, kind: 'earn', delta: points, reason: `交易 ${t.tx_no}（¥${t.amount}）按「${plan.name}」积分`, byId: null, planId: plan.id, transactionId: t.id, expiresAt: lotExpiry(now, plan.pointsValidMonths) }, now);
        await tx.updateTable('points_credits').set({ points }).where('transaction_id', '=', t.id).execute();
        out.credited++;
        out.points += points;
      });
    }
    if (rows.length < batch) return out;
  }
}

/** Writes the expiry entries due now, one per customer that has points past their time. */
export async function expirePoints(db: Kysely<DB>, now: Date): Promise<{ customers: number; points: number }> {
  const candidates = await db
    .selectFrom('points_balances as b')
    .select('b.customer_id')
    .where('b.balance', '>', 0)
    .where(sql<boolean>`EXISTS (SELECT 1 FROM points_entries e WHERE e.customer_id = b.customer_id AND e.expires_at <= ${now})`)
    .execute();
  const out = { customers: 0, points: 0 };
  for (const c of candidates) {
    await db.transaction().execute(async (tx) => {
      const balance = await lockBalance(tx, c.customer_id, now);
      const after = await expireDue(tx, systemActor, c.customer_id, balance, now);
      if (after < balance) {
        out.customers++;
        out.points += balance - after;
      }
    });
  }
  return out;
}
