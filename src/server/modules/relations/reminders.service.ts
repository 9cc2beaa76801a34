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
import { insertWorkTasksFrom } from '../tasks/tasks.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { DUE_SOON_DAYS, addDays } from './cadence.rules.js';

const CHUNK = 10_000;
const WORKERS = 2;

/**
 * The reminders of both kinds, in chunks of customers taken in id order: each chunk resumes after
 * the last customer it reminded, so a run reads every customer's state once (scanning from the
 * start each time grew with the square of the customers reminded: at 1M customers, all due, the
 * run did not end in minutes). Claiming a chunk (both kinds in one UPDATE of contact_states),
 * making its task rows and inserting them is one statement. Every table is read from the chunk's
 * start only: the customers too (`c.id > after`; without it the merge join read the customers'
 * key from the first id on each chunk — at 1M, 500,000 entries a chunk on average), and the states
 * are marked through the ids up to the last one picked (without that bound a hash join read all
 * 1M states per chunk).
 */
async function remindChunks(db: Kysely<DB>, today: string, now: Date, chunk: number, range: { from: string; to: string | null }): Promise<{ calls: number; visits: number }> {
  const soon = addDays(today, DUE_SOON_DAYS);
  const call = sql`(s.next_call_due <= ${soon}::date AND s.call_reminded_for IS DISTINCT FROM s.next_call_due)`;
  const visit = sql`(s.next_visit_due <= ${soon}::date AND s.visit_reminded_for IS DISTINCT FROM s.next_visit_due)`;
  const total = { calls: 0, visits: 0 };
  let after = range.from;
  const below = range.to === null ? sql`true` : sql`s.customer_id <= ${range.to}::bigint AND c.id <= ${range.to}::bigint`;
  for (;;) {
    const r = await db.transaction().execute((tx) =>
      insertWorkTasksFrom(
        tx,
        sql`SELECT k.kind, d.customer_id, d.owner_id, k.prefix || d.name AS title, k.due AS due_on, NULL::text AS ref_type, NULL::text AS ref_id
              FROM claimed d
              CROSS JOIN LATERAL (VALUES ('cadence_call'::text, '按周期电话联络：', d.next_call_due, d.call), ('cadence_visit'::text, '按周期拜访：', d.next_visit_due, d.visit)) k(kind, prefix, due, wanted)
             WHERE k.wanted`,
        now,
        sql`picked AS MATERIALIZED (
              SELECT s.customer_id, c.owner_id, c.name, s.next_call_due, s.next_visit_due, ${call} AS call, ${visit} AS visit
                FROM contact_states s JOIN customers c ON c.id = s.customer_id
               WHERE s.customer_id > ${after}::bigint AND c.id > ${after}::bigint AND ${below} AND s.next_due <= ${soon}::date AND (${call} OR ${visit})
                 AND c.owner_id IS NOT NULL AND c.merged_into IS NULL AND c.lifecycle = 'active'
               ORDER BY s.customer_id
               LIMIT ${chunk} FOR UPDATE OF s SKIP LOCKED),
            claimed AS (
              UPDATE contact_states u
                 SET call_reminded_for = CASE WHEN d.call THEN d.next_call_due ELSE u.call_reminded_for END,
                     visit_reminded_for = CASE WHEN d.visit THEN d.next_visit_due ELSE u.visit_reminded_for END
                FROM picked d
               WHERE u.customer_id = d.customer_id AND u.customer_id > ${after}::bigint AND u.customer_id <= (SELECT max(customer_id) FROM picked)
              RETURNING d.*)`,
      ),
    );
    total.calls += r.byKind.cadence_call ?? 0;
    total.visits += r.byKind.cadence_visit ?? 0;
    if (r.lastCustomerId === null) return total;
    after = r.lastCustomerId;
  }
}

/**
 * Ranges of customer ids for `workers` connections, split evenly over the ids holding a contact
 * state; the last is open-ended so that a customer filed during the run is not missed.
 */
export function workerRanges(min: bigint, max: bigint, workers: number): { from: string; to: string | null }[] {
  const n = Math.max(1, Math.floor(workers));
  const start = min - 1n;
  const span = max - start;
  const out: { from: string; to: string | null }[] = [];
  for (let i = 0; i < n; i++) {
    const from = start + (span * BigInt(i)) / BigInt(n);
    const to = i === n - 1 ? null : start + (span * BigInt(i + 1)) / BigInt(n);
    if (to !== null && to <= from) continue;
    out.push({ from: String(from), to: to === null ? null : String(to) });
  }
  return out;
}

/**
 * One run of the reminder job (REL-5) for the day of `now` in China. The customers are split into
 * id ranges worked on by `workers` connections at once (2 by default: the chunks are set-based
 * statements, so a second connection doubles the work done per second while the database has a
 * core for it); each claims with SKIP LOCKED as before, so ranges, concurrent runs and two
 * instances still remind each customer once.
 */
export async function createCadenceReminders(db: Kysely<DB>, now = new Date(), opts: { chunk?: number; workers?: number } = {}): Promise<{ calls: number; visits: number }> {
  const today = chinaDate(now);
  const bounds = await db.selectFrom('contact_states').select([sql<string | null>`min(customer_id)::text`.as('min'), sql<string | null>`max(customer_id)::text`.as('max')]).executeTakeFirstOrThrow();
  const ranges = bounds.min === null || bounds.max === null ? [{ from: '0', to: null }] : workerRanges(BigInt(bounds.min), BigInt(bounds.max), opts.workers ?? WORKERS);
  const parts = await Promise.all(ranges.map((r) => remindChunks(db, today, now, opts.chunk ?? CHUNK, r)));
  const calls = parts.reduce((a, p) => a + p.calls, 0);
  const visits = parts.reduce((a, p) => a + p.visits, 0);
  if (calls + visits > 0) await db.transaction().execute((tx) => recordAudit(tx, systemActor, { action: 'cadence.reminders_created', entityType: 'task', data: { day: today, calls, visits } }, now));
  return { calls, visits };
}
