/**
 * REL-5 cadence reminders: a scheduled job gives each owner a `cadence_call` / `cadence_visit` task
 * for every active customer whose call or visit enters the due-soon window (or is already overdue)
 * and was not yet reminded for that due date. A task's state turns overdue by itself once its due
 * date (the cadence due date) has passed; a logged call or visit completes it.
 * Claiming rows by UPDATE … WHERE reminded_for IS DISTINCT FROM the due date makes a second,
 * concurrent run (two instances) find nothing to do: each reminder is created once.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.service.js';
import { systemActor } from '../audit/audit.types.js';
import { insertWorkTasks } from '../tasks/tasks.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { DUE_SOON_DAYS, addDays } from './cadence.rules.js';

const CHUNK = 4000;
type Claimed = { customer_id: string; owner_id: string; name: string; due: string };

async function remindKind(db: Kysely<DB>, kind: 'call' | 'visit', today: string, now: Date): Promise<number> {
  const soon = addDays(today, DUE_SOON_DAYS);
  const dueCol = sql.ref(kind === 'call' ? 's.next_call_due' : 's.next_visit_due');
  const remindedCol = kind === 'call' ? sql.raw('call_reminded_for') : sql.raw('visit_reminded_for');
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const claimed = await sql<Claimed>`
        UPDATE contact_states u SET ${remindedCol} = u.${sql.raw(kind === 'call' ? 'next_call_due' : 'next_visit_due')}
          FROM (SELECT s.customer_id, c.owner_id, c.name, ${dueCol} AS due
                  FROM contact_states s JOIN customers c ON c.id = s.customer_id
                 WHERE s.next_due <= ${soon}::date AND ${dueCol} <= ${soon}::date AND s.${remindedCol} IS DISTINCT FROM ${dueCol}
                   AND c.owner_id IS NOT NULL AND c.merged_into IS NULL AND c.lifecycle = 'active'
                 LIMIT ${CHUNK} FOR UPDATE OF s SKIP LOCKED) d
         WHERE u.customer_id = d.customer_id
        RETURNING d.customer_id, d.owner_id, d.name, d.due::text AS due`.execute(tx);
      await insertWorkTasks(
        tx,
        claimed.rows.map((r) => ({ kind: kind === 'call' ? 'cadence_call' : 'cadence_visit', ownerId: r.owner_id, customerId: r.customer_id, title: `${kind === 'call' ? '按周期电话联络' : '按周期拜访'}：${r.name}`, dueOn: r.due, refType: 'customer', refId: r.customer_id })),
        now,
      );
      return claimed.rows.length;
    });
    total += n;
    if (n < CHUNK) return total;
  }
}

/** One run of the reminder job (REL-5) for the day of `now` in China. */
export async function createCadenceReminders(db: Kysely<DB>, now = new Date()): Promise<{ calls: number; visits: number }> {
  const today = chinaDate(now);
  const calls = await remindKind(db, 'call', today, now);
  const visits = await remindKind(db, 'visit', today, now);
  if (calls + visits > 0) await db.transaction().execute((tx) => recordAudit(tx, systemActor, { action: 'cadence.reminders_created', entityType: 'task', data: { day: today, calls, visits } }, now));
  return { calls, visits };
}
