/**
 * Quarterly evaluation rounds (EVA-4): open a quarter — one evaluation per active customer, in
 * committed batches so that a run killed half-way resumes where it stopped and never opens one
 * twice (UNIQUE (round_id, customer_id)) — and the round's progress per department.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, fieldError, notFound } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { evaluationVisibleCustomers } from '../access/evaluation-access.sql.js';
import { mayAdministerEvaluation } from '../access/evaluation-access.rules.js';
import { canReadAll } from '../access/customer-access.rules.js';
import { recordAudit } from '../audit/audit.service.js';
import { systemActor, type Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { ensureScorecard } from './evaluation.repository.js';
import { openEvaluationBatch } from './evaluation.sql.js';
import { parseQuarter, previousQuarter, quarterAt, type Quarter } from './indicators.rules.js';

type RoundRow = DB['evaluation_rounds'] extends infer T ? { [K in keyof T]: unknown } : never;
const toRound = (r: RoundRow & { scorecard_version: number; opened: number }) => ({
  id: r.id as string,
  quarter: r.quarter as string,
  periodStart: r.period_start as string,
  periodEnd: r.period_end as string,
  state: r.state as 'opening' | 'open',
  scorecardVersion: r.scorecard_version,
  opened: r.opened,
  expected: (r.expected as number | null) ?? null,
  startedAt: (r.started_at as Date).toISOString(),
  completedAt: (r.completed_at as Date | null)?.toISOString() ?? null,
});

function roundsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('evaluation_rounds as r')
    .innerJoin('scorecards as s', 's.id', 'r.scorecard_id')
    .selectAll('r')
    .select(['s.version as scorecard_version', sql<number>`(SELECT count(*)::int FROM evaluations e WHERE e.round_id = r.id)`.as('opened')]);
}

export type OpenOptions = { batchSize?: number; onProgress?: (done: number, total: number) => void; /** test hook: stop after this many batches, as if killed */ stopAfterBatches?: number };
export type OpenResult = { quarter: string; opened: number; total: number; complete: boolean };

/**
 * Opens (or resumes opening) the round of a quarter. Each batch of customers commits on its own;
 * a second run finds the round, skips what exists and only opens the rest.
 */
export async function openRound(db: Kysely<DB>, quarterKey: string, actor: Actor, opts: OpenOptions = {}, now = new Date()): Promise<OpenResult> {
  const q = parseQuarter(quarterKey);
  if (!q) throw fieldError('quarter', 'must be a quarter like 2026Q3');
  if (q.start > new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)) throw fieldError('quarter', 'has not started yet');
  const card = await ensureScorecard(db);
  let round = await db.selectFrom('evaluation_rounds').selectAll().where('quarter', '=', q.key).executeTakeFirst();
  let createdHere = false;
  if (!round) {
    const expected = await db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).where('lifecycle', '=', 'active').where('merged_into', 'is', null).executeTakeFirstOrThrow();
    await db.transaction().execute(async (tx) => {
      const ins = await tx.insertInto('evaluation_rounds').values({ quarter: q.key, period_start: q.start, period_end: q.end, scorecard_id: card.id, expected: Number(expected.n), started_at: now, created_by: actor.userId }).onConflict((oc) => oc.column('quarter').doNothing()).returning('id').executeTakeFirst();
      if (ins) await recordAudit(tx, actor, { action: 'evaluation.round_opened', entityType: 'evaluation_round', entityId: ins.id, data: { quarter: q.key, expected: Number(expected.n), scorecardVersion: card.version } }, now);
      createdHere = !!ins;
    });
    round = await db.selectFrom('evaluation_rounds').selectAll().where('quarter', '=', q.key).executeTakeFirstOrThrow();
  }
  const opened = async () => Number((await db.selectFrom('evaluations').select((eb) => eb.fn.countAll<string>().as('n')).where('round_id', '=', round!.id).executeTakeFirstOrThrow()).n);
  if (round.state === 'open') {
    const n = await opened();
    return { quarter: q.key, opened: 0, total: n, complete: true };
  }
  try {
    return await fillRound(db, round, q, actor, opts);
  } catch (e) {
    // a failed opening leaves nothing behind, so a retry starts clean (EVA-4); a run that was
    // killed leaves its round `opening`, and the next run resumes it (that is not an error here)
    if (createdHere) await abandonRound(db, round.id, q.key, actor, e);
    throw e;
  }
}

async function abandonRound(db: Kysely<DB>, roundId: string, quarter: string, actor: Actor, cause: unknown) {
  await db.transaction().execute(async (tx) => {
    const r = await tx.selectFrom('evaluation_rounds').select('state').where('id', '=', roundId).forUpdate().executeTakeFirst();
    if (r?.state !== 'opening') return;
    await tx.deleteFrom('evaluations').where('round_id', '=', roundId).execute();
    await tx.deleteFrom('evaluation_rounds').where('id', '=', roundId).execute();
    await recordAudit(tx, actor, { action: 'evaluation.round_open_failed', entityType: 'evaluation_round', entityId: roundId, data: { quarter, error: String((cause as Error)?.message ?? cause).slice(0, 300) } });
  });
}

type OpeningRound = { id: string; scorecard_id: string };
async function fillRound(db: Kysely<DB>, round: OpeningRound, q: Quarter, actor: Actor, opts: OpenOptions): Promise<OpenResult> {
  const opened = async () => Number((await db.selectFrom('evaluations').select((eb) => eb.fn.countAll<string>().as('n')).where('round_id', '=', round.id).executeTakeFirstOrThrow()).n);
  const def = (await db.selectFrom('scorecards').select('definition').where('id', '=', round.scorecard_id).executeTakeFirstOrThrow()).definition as never;
  const batchSize = opts.batchSize ?? 20_000;
  // resume after the last customer a committed batch reached (batches run in id order)
  const resumeAfter = (await db.selectFrom('evaluations').select((eb) => eb.fn.max('customer_id').as('m')).where('round_id', '=', round.id).executeTakeFirst())?.m ?? '0';
  const total = Number((await db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).where('lifecycle', '=', 'active').where('merged_into', 'is', null).executeTakeFirstOrThrow()).n);
  let done = await opened();
  let newly = 0;
  let after = String(resumeAfter);
  let batches = 0;
  opts.onProgress?.(done, Math.max(total, done));
  for (;;) {
    if (opts.stopAfterBatches !== undefined && batches >= opts.stopAfterBatches) return { quarter: q.key, opened: newly, total: done, complete: false };
    const ids = (await db.selectFrom('customers').select('id').where('lifecycle', '=', 'active').where('merged_into', 'is', null).where('id', '>', after).orderBy('id').limit(batchSize).execute()).map((r) => r.id);
    if (ids.length === 0) break;
    const n = await db.transaction().execute((tx) => openEvaluationBatch(tx, { roundId: round!.id, scorecardId: round!.scorecard_id, def, quarter: q, customerIds: ids }));
    newly += n;
    done += n;
    after = ids[ids.length - 1]!;
    batches++;
    opts.onProgress?.(done, Math.max(total, done));
  }
  await db.transaction().execute(async (tx) => {
    const upd = await tx.updateTable('evaluation_rounds').set({ state: 'open', completed_at: new Date() }).where('id', '=', round!.id).where('state', '=', 'opening').returning('id').executeTakeFirst();
    if (upd) await recordAudit(tx, actor, { action: 'evaluation.round_opened', entityType: 'evaluation_round', entityId: round!.id, data: { quarter: q.key, opened: done, complete: true } });
  });
  return { quarter: q.key, opened: newly, total: done, complete: true };
}

/** The scheduled job: at a quarter's start, open the previous quarter (a function of (db, now)). */
export async function openPreviousQuarter(db: Kysely<DB>, now: Date, opts: OpenOptions = {}): Promise<OpenResult> {
  return openRound(db, previousQuarter(quarterAt(now)).key, { ...systemActor, requestId: 'job:evaluation-open' }, opts, now);
}

export async function openRoundByUser(db: Kysely<DB>, p: Principal, quarter: string, actor: Actor) {
  if (!mayAdministerEvaluation(p)) throw new AppError('forbidden', 'Only marketing managers, the marketing director and the general manager open evaluation rounds.', { rule: 'EVA-4' });
  await openRound(db, quarter, actor);
  return roundProgress(db, p, quarter);
}

/**
 * A round's counts as the caller may know them (SEC-2: not even counts of what one cannot see):
 * company-wide for whoever reads every archive (the gm), otherwise over the evaluations the caller
 * may read, with the expected total withheld.
 */
async function asSeenBy(db: Kysely<DB>, p: Principal, rounds: ReturnType<typeof toRound>[]) {
  if (canReadAll(p) || rounds.length === 0) return rounds;
  const subject = await subjectOf(db, p);
  const counts = await db
    .selectFrom('evaluations as e')
    .innerJoin('customers as c', 'c.id', 'e.customer_id')
    .select(['e.round_id', sql<number>`count(*)::int`.as('n')])
    .where('e.round_id', 'in', rounds.map((r) => r.id))
    .where(evaluationVisibleCustomers(subject))
    .groupBy('e.round_id')
    .execute();
  const byRound = new Map(counts.map((c) => [c.round_id, c.n]));
  return rounds.map((r) => ({ ...r, opened: byRound.get(r.id) ?? 0, expected: null }));
}

export async function listRounds(db: Kysely<DB>, p: Principal) {
  const rows = await roundsQuery(db).orderBy('r.quarter', 'desc').limit(100).execute();
  return { items: await asSeenBy(db, p, rows.map((r) => toRound(r as never))) };
}

/** opened / filled / finalised per department, over the evaluations the caller may see. */
export async function roundProgress(db: Kysely<DB>, p: Principal, quarter: string) {
  const round = await roundsQuery(db).where('r.quarter', '=', quarter).executeTakeFirst();
  if (!round) throw notFound('evaluation round');
  const subject = await subjectOf(db, p);
  const rows = await db
    .selectFrom('evaluations as e')
    .innerJoin('customers as c', 'c.id', 'e.customer_id')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .select([
      'e.department_id', 'd.name',
      sql<number>`count(*)::int`.as('opened'),
      sql<number>`(count(*) FILTER (WHERE e.state IN ('filled', 'pending_approval', 'finalised')))::int`.as('filled'),
      sql<number>`(count(*) FILTER (WHERE e.state = 'finalised'))::int`.as('finalised'),
    ])
    .where('e.round_id', '=', round.id as string)
    .where(evaluationVisibleCustomers(subject))
    .groupBy(['e.department_id', 'd.name'])
    .orderBy('d.name')
    .execute();
  const departments = rows.map((r) => ({ departmentId: r.department_id, departmentName: r.name, opened: r.opened, filled: r.filled, finalised: r.finalised }));
  const sum = (k: 'opened' | 'filled' | 'finalised') => departments.reduce((s, d) => s + d[k], 0);
  const [seen] = await asSeenBy(db, p, [toRound(round as never)]);
  return { round: seen!, departments, totals: { opened: sum('opened'), filled: sum('filled'), finalised: sum('finalised') } };
}
