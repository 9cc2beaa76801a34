/**
 * ABC classification (EVA-7): one set-based run over every live customer (the integer form of
 * abc.rules.classify), the distribution and list, and manual overrides through approval (SEC-8)
 * that survive recomputation until withdrawn.
 */
import { sql, type Kysely } from 'kysely';
import type { AbcConfig } from '../../../contract/evaluation.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, notFound } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { canReadAll } from '../access/customer-access.rules.js';
import { evaluationVisibleCustomers } from '../access/evaluation-access.sql.js';
import { evaluationApproverRole, mayAdministerEvaluation } from '../access/evaluation-access.rules.js';
import { registerApprovalEffect, requestApproval } from '../approvals/approvals.service.js';
import { recordAudit, recordReadAudit } from '../audit/audit.service.js';
import { systemActor, type Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer } from '../customers/customers.service.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { DEFAULT_ABC_CONFIG, gradeLikelihood, statusLikelihood, weightsOf, type AbcClass } from './abc.rules.js';
import { applyCustomerChange } from './evaluation.repository.js';
import { chinaDate } from './indicators.rules.js';

export async function abcConfig(db: Kysely<DB>): Promise<AbcConfig> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'abc_config').executeTakeFirst();
  return (row?.value as AbcConfig | undefined) ?? DEFAULT_ABC_CONFIG;
}

export async function updateAbcConfig(db: Kysely<DB>, p: Principal, cfg: AbcConfig, actor: Actor) {
  if (!mayAdministerEvaluation(p)) throw new AppError('forbidden', 'Only marketing managers and above set the ABC weights.', { rule: 'EVA-7' });
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('settings').values({ key: 'abc_config', value: JSON.stringify(cfg) }).onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(cfg), updated_at: new Date() })).execute();
    await recordAudit(tx, actor, { action: 'abc.classified', entityType: 'settings', entityId: 'abc_config', data: { config: cfg } });
  });
  return abcDistribution(db, p);
}

const lit = (x: number) => sql.lit(x);

/**
 * Recomputes every class in one transaction: scores (strength of the last 12 months or registered
 * capital for prospects, likelihood, region), rank with ties by archive number, 20/40/40 by count,
 * then the class in force (override first) written where it changed, each change in the history.
 * The archive's updated_at stays: a computed class is not an edit (and a run does not fill the
 * "recently updated" list with a million archives); the version goes up with its history entry.
 */
export async function runAbc(db: Kysely<DB>, actor: Actor, now = new Date()) {
  return db.transaction().execute((tx) => runAbcIn(tx, actor, now));
}

/**
 * The run inside the caller's transaction. The contact states of the customers whose class changed
 * (REL-2: the cadence by class) are written by one statement of the run, not by the row trigger
 * customers_contact_state_updated (migration 0216: it skips a class changed while the transaction
 * says kedang.abc_run = 'on'); a contact state whose values stay is not rewritten. `rowByRow` is the
 * reference path (the row trigger for each change) the equivalence test compares the run with.
 */
export async function runAbcIn(tx: Kysely<DB>, actor: Actor, now = new Date(), opts: { rowByRow?: boolean } = {}) {
  const cfg = await abcConfig(tx);
  const w = weightsOf(cfg);
  const today = chinaDate(now);
  const since = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  const regions = Object.entries(cfg.regionWeights);
  const regionValues = regions.length ? sql.join(regions.map(([code, wt]) => sql`(${code}::text, ${lit(Math.round(wt * 1_000_000))}::bigint)`), sql`, `) : sql`(NULL::text, 0::bigint)`;
  const gradeCase = sql.join(Object.entries(gradeLikelihood).map(([g, v]) => sql`WHEN ${g} THEN ${lit(v)}`), sql` `);
  const statusCase = sql.join(Object.entries(statusLikelihood).map(([s, v]) => sql`WHEN ${s} THEN ${lit(v)}`), sql` `);
  // a job over every customer, not a request: the pool's 30 s per-statement limit is for requests.
  // The first classification of a million archives rewrites every customer row (every class is
  // new): it ran past 15 minutes on the 1M benchmark set with the machine busy, and was rolled back.
  await sql`SET LOCAL statement_timeout = '60min'`.execute(tx);
  const run = await tx.insertInto('abc_runs').values({ started_at: now, config: JSON.stringify(cfg), actor_id: actor.userId }).returning('id').executeTakeFirstOrThrow();
  await sql`CREATE TEMP TABLE abc_new ON COMMIT DROP AS
    WITH p AS (SELECT customer_id, sum(amount) AS purchases FROM transactions WHERE date > ${since}::date AND date <= ${today}::date GROUP BY customer_id),
    -- deal likelihood: the best open opportunity's stage probability (SAL-2), else the grade, else the status
    op AS (SELECT customer_id, max(probability) AS best FROM opportunities WHERE stage NOT IN ('won', 'lost') GROUP BY customer_id),
    rw AS (SELECT * FROM (VALUES ${regionValues}) AS v(code, weight)),
    base AS (
      SELECT c.id, c.archive_no, c.abc_class AS old_class, c.last_transaction_on IS NULL AS prospect,
        CASE WHEN c.last_transaction_on IS NULL THEN coalesce(c.registered_capital, 0) ELSE coalesce(p.purchases, 0) END * 100 AS strength,
        CASE WHEN op.best IS NOT NULL THEN op.best * 10000 WHEN c.credit_grade IS NOT NULL THEN CASE c.credit_grade ${gradeCase} ELSE 0 END ELSE CASE c.status ${statusCase} ELSE 0 END END AS likelihood,
        coalesce((SELECT weight FROM rw WHERE rw.code = left(c.region, 6)), (SELECT weight FROM rw WHERE rw.code = left(c.region, 4)), (SELECT weight FROM rw WHERE rw.code = left(c.region, 2)), ${lit(Math.round(cfg.defaultRegionWeight * 1_000_000))}) AS region_weight
      FROM customers c LEFT JOIN p ON p.customer_id = c.id LEFT JOIN op ON op.customer_id = c.id
      WHERE c.lifecycle IN ('active', 'dormant') AND c.merged_into IS NULL),
    scored AS (
      SELECT b.*, ${lit(w.s)} * CASE WHEN max(b.strength) OVER (PARTITION BY b.prospect) > 0 THEN div(b.strength * 1000000, max(b.strength) OVER (PARTITION BY b.prospect)) ELSE 0 END
             + ${lit(w.l)}::numeric * b.likelihood + ${lit(w.r)}::numeric * b.region_weight AS composite
      FROM base b),
    ranked AS (SELECT s.*, row_number() OVER (ORDER BY s.composite DESC, s.archive_no COLLATE "C") AS rank, count(*) OVER () AS n FROM scored s)
    SELECT r.id, r.old_class, r.composite, r.rank,
      CASE WHEN r.rank <= (r.n * 40 + 100) / 200 THEN 'A' WHEN r.rank <= (r.n * 120 + 100) / 200 THEN 'B' ELSE 'C' END AS computed_class,
      o.abc_class AS override_class
    FROM ranked r LEFT JOIN abc_overrides o ON o.customer_id = r.id AND o.state = 'active'`.execute(tx);
  // emptied in this transaction: readers of the scores wait for its commit (seconds), never see half a run
  await sql`TRUNCATE abc_scores`.execute(tx);
  await sql`INSERT INTO abc_scores (customer_id, composite, rank, computed_class, run_id) SELECT id, composite, rank, computed_class, ${run.id}::bigint FROM abc_new`.execute(tx);
  // the customers changed, for their contact states (the statement's own rows: a class an override
  // changed meanwhile is seen by the update, not by abc_new)
  await sql`CREATE TEMP TABLE abc_changed (id bigint NOT NULL) ON COMMIT DROP`.execute(tx);
  if (!opts.rowByRow) await sql`SELECT set_config('kedang.abc_run', 'on', true)`.execute(tx);
  const changed = await sql<{ n: string }>`
    WITH upd AS (
      UPDATE customers c SET abc_class = coalesce(n.override_class, n.computed_class), version = c.version + 1
      FROM abc_new n WHERE n.id = c.id AND c.abc_class IS DISTINCT FROM coalesce(n.override_class, n.computed_class)
      RETURNING c.id, c.version, n.old_class, c.abc_class),
    ids AS (INSERT INTO abc_changed (id) SELECT id FROM upd),
    hist AS (
      INSERT INTO customer_history (customer_id, version, entity, entity_id, changes, snapshot, actor_id, at)
      SELECT u.id, u.version, 'customer', u.id::text, jsonb_build_array(jsonb_build_object('field', 'abcClass', 'oldValue', u.old_class, 'newValue', u.abc_class)),
        (SELECT h.snapshot FROM customer_history h WHERE h.customer_id = u.id AND h.entity = 'customer' AND h.snapshot IS NOT NULL ORDER BY h.id DESC LIMIT 1) || jsonb_build_object('abcClass', u.abc_class, 'version', u.version),
        ${actor.userId}::bigint, ${now}
      FROM upd u RETURNING 1)
    SELECT count(*)::text AS n FROM hist`.execute(tx);
  if (!opts.rowByRow) {
    await sql`SELECT set_config('kedang.abc_run', '', true)`.execute(tx);
    await sql`ANALYZE abc_changed`.execute(tx);
    // what contact_state_sync does for each of them (migrations 0080, 0176, 0208), in one statement;
    // the customers are locked by the update above, so owner, tier and filing day are theirs now
    await sql`
      MERGE INTO contact_states s
      USING (SELECT c.id, c.owner_id, c.tier, c.filed_on, p.call_days, p.visit_days
               FROM abc_changed x JOIN customers c ON c.id = x.id JOIN cadence_policies p ON p.abc_class = coalesce(c.abc_class, 'C')) n
         ON s.customer_id = n.id
      WHEN MATCHED AND (s.owner_id, s.tier, s.next_call_due, s.next_visit_due)
               IS DISTINCT FROM (n.owner_id, n.tier, cadence_due(s.last_call_at, n.filed_on, n.call_days), cadence_due(s.last_visit_at, n.filed_on, n.visit_days)) THEN
        UPDATE SET owner_id = n.owner_id, tier = n.tier,
          next_call_due = cadence_due(s.last_call_at, n.filed_on, n.call_days), next_visit_due = cadence_due(s.last_visit_at, n.filed_on, n.visit_days)
      WHEN NOT MATCHED THEN
        INSERT (customer_id, owner_id, tier, next_call_due, next_visit_due)
        VALUES (n.id, n.owner_id, n.tier, cadence_due(NULL, n.filed_on, n.call_days), cadence_due(NULL, n.filed_on, n.visit_days))`.execute(tx);
  }
  const counts = await sql<{ c: string; n: string; o: string }>`SELECT computed_class AS c, count(*)::text AS n, count(override_class)::text AS o FROM abc_new GROUP BY computed_class`.execute(tx);
  const byClass = { A: 0, B: 0, C: 0 } as Record<AbcClass, number>;
  let overridden = 0;
  for (const r of counts.rows) {
    byClass[r.c as AbcClass] = Number(r.n);
    overridden += Number(r.o);
  }
  const total = byClass.A + byClass.B + byClass.C;
  await tx.updateTable('abc_runs').set({ completed_at: new Date(), total, counts: JSON.stringify(byClass), changed: Number(changed.rows[0]!.n), overridden }).where('id', '=', run.id).execute();
  await recordAudit(tx, actor, { action: 'abc.classified', entityType: 'abc_run', entityId: run.id, data: { total, counts: byClass, changed: Number(changed.rows[0]!.n), overridden } }, now);
  return { id: run.id, total, counts: byClass, changed: Number(changed.rows[0]!.n), overridden };
}

export async function runAbcByUser(db: Kysely<DB>, p: Principal, actor: Actor) {
  if (!mayAdministerEvaluation(p)) throw new AppError('forbidden', 'Only marketing managers and above run the ABC classification.', { rule: 'EVA-7' });
  await runAbc(db, actor);
  return abcDistribution(db, p);
}
export const runAbcJob = (db: Kysely<DB>, now: Date) => runAbc(db, { ...systemActor, requestId: 'job:abc' }, now);

async function lastRun(db: Kysely<DB>, p: Principal) {
  const r = await db.selectFrom('abc_runs as a').leftJoin('users as u', 'u.id', 'a.actor_id').selectAll('a').select('u.display_name').where('a.completed_at', 'is not', null).orderBy('a.id', 'desc').limit(1).executeTakeFirst();
  if (!r) return null;
  const counts = (r.counts ?? {}) as Record<AbcClass, number>;
  const run = { id: r.id, startedAt: r.started_at.toISOString(), completedAt: r.completed_at?.toISOString() ?? null, total: r.total, counts: { A: counts.A ?? 0, B: counts.B ?? 0, C: counts.C ?? 0 }, changed: r.changed, overridden: r.overridden, actorName: r.display_name };
  if (canReadAll(p)) return run;
  // the run's figures as the caller may know them (SEC-2: no counts of what one cannot see):
  // scored, changed and overridden among the customers whose evaluation data they may read
  const subject = await subjectOf(db, p);
  const visible = evaluationVisibleCustomers(subject);
  const scored = await db.selectFrom('abc_scores as s').innerJoin('customers as c', 'c.id', 's.customer_id').select(['s.computed_class', sql<number>`count(*)::int`.as('n')]).where(visible).groupBy('s.computed_class').execute();
  const seen = { A: 0, B: 0, C: 0 };
  for (const s of scored) if (s.computed_class) seen[s.computed_class as AbcClass] += s.n;
  const changed = await db.selectFrom('customer_history as h').innerJoin('customers as c', 'c.id', 'h.customer_id').select(sql<number>`count(*)::int`.as('n'))
    .where('h.at', '=', r.started_at).where('h.entity', '=', 'customer').where(sql<boolean>`h.changes @> '[{"field":"abcClass"}]'::jsonb`).where(visible).executeTakeFirstOrThrow();
  const overridden = await db.selectFrom('abc_overrides as o').innerJoin('customers as c', 'c.id', 'o.customer_id').select(sql<number>`count(*)::int`.as('n')).where('o.state', '=', 'active').where(visible).executeTakeFirstOrThrow();
  return { ...run, total: seen.A + seen.B + seen.C, counts: seen, changed: changed.n, overridden: overridden.n };
}

/** Counts of the classes in force over the customers whose evaluation data the caller may read. */
export async function abcDistribution(db: Kysely<DB>, p: Principal) {
  const subject = await subjectOf(db, p);
  const rows = await db.selectFrom('customers as c').select(['c.abc_class', sql<number>`count(*)::int`.as('n')]).where(evaluationVisibleCustomers(subject)).where('c.lifecycle', 'in', ['active', 'dormant']).where('c.merged_into', 'is', null).groupBy('c.abc_class').execute();
  const counts = { A: 0, B: 0, C: 0, none: 0 };
  for (const r of rows) counts[(r.abc_class ?? 'none') as keyof typeof counts] += r.n;
  return { counts, lastRun: await lastRun(db, p), config: await abcConfig(db) };
}

type AbcQuery = { abcClass?: AbcClass | undefined; overridden?: 'true' | 'false' | undefined; q?: string | undefined; limit: number; cursor?: string | undefined };
type AbcRow = { id: string; archive_no: string; name: string; abc_class: string | null; computed_class: string | null; composite: string | null; rank: number | null; overridden: boolean; credit_grade: string | null; region: string | null };
function abcQuery(db: Kysely<DB>, subject: Awaited<ReturnType<typeof subjectOf>>, q: Omit<AbcQuery, 'limit' | 'cursor'>) {
  return db
    .selectFrom('customers as c')
    .leftJoin('abc_scores as s', 's.customer_id', 'c.id')
    .select(['c.id', 'c.archive_no', 'c.name', 'c.abc_class', 's.computed_class', 's.composite', 's.rank', 'c.credit_grade', 'c.region', sql<boolean>`EXISTS (SELECT 1 FROM abc_overrides o WHERE o.customer_id = c.id AND o.state = 'active')`.as('overridden')])
    .where(evaluationVisibleCustomers(subject))
    .where('c.lifecycle', 'in', ['active', 'dormant'])
    .where('c.merged_into', 'is', null)
    .$if(q.abcClass !== undefined, (b) => b.where('c.abc_class', '=', q.abcClass!))
    .$if(q.overridden !== undefined, (b) => b.where(sql<boolean>`EXISTS (SELECT 1 FROM abc_overrides o WHERE o.customer_id = c.id AND o.state = 'active') = ${q.overridden === 'true'}`))
    .$if(!!q.q, (b) => b.where((eb) => eb.or([eb('c.name', 'like', `%${q.q!.replace(/[\\%_]/g, '\\$&')}%`), eb('c.archive_no', 'like', `%${q.q!.replace(/[\\%_]/g, '\\$&')}%`)])));
}
const toEntry = (r: AbcRow) => ({
  customerId: r.id, archiveNo: r.archive_no, name: r.name, abcClass: r.abc_class as AbcClass | null, computedClass: r.computed_class as AbcClass | null,
  composite: r.composite === null ? null : Number(r.composite) / 1e9, rank: r.rank, overridden: r.overridden, creditGrade: r.credit_grade as never, region: r.region,
});

/** By rank (unranked last, by archive number). */
export async function listAbc(db: Kysely<DB>, p: Principal, q: AbcQuery) {
  const subject = await subjectOf(db, p);
  const after = decodeCursor(q.cursor, 2);
  const rows = (await abcQuery(db, subject, q)
    .$if(after !== null, (b) => b.where(sql<boolean>`(coalesce(s.rank, 2147483647), c.id) > (${Number(after![0])}::int, ${String(after![1])}::bigint)`))
    .orderBy(sql`coalesce(s.rank, 2147483647)`).orderBy('c.id').limit(q.limit + 1).execute()) as AbcRow[];
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { items: page.map(toEntry), nextCursor: rows.length > q.limit && last ? encodeCursor([last.rank ?? 2147483647, last.id]) : null };
}

export async function exportAbc(db: Kysely<DB>, p: Principal, q: Omit<AbcQuery, 'limit' | 'cursor'> & { format: 'csv' | 'xlsx' }, actor: Actor) {
  const subject = await subjectOf(db, p);
  await recordReadAudit(db, actor, { action: 'evaluation.exported', entityType: 'abc', data: { format: q.format } });
  const cols: Column<AbcRow>[] = [
    { header: '排名', value: (r) => r.rank }, { header: '档案编号', value: (r) => r.archive_no }, { header: '客户名称', value: (r) => r.name },
    { header: 'ABC 类别', value: (r) => r.abc_class }, { header: '计算类别', value: (r) => r.computed_class }, { header: '人工调整', value: (r) => (r.overridden ? '是' : '否') },
    { header: '综合得分', value: (r) => (r.composite === null ? null : Number(r.composite) / 1e9) }, { header: '信用等级', value: (r) => r.credit_grade }, { header: '区域', value: (r) => r.region },
  ];
  async function* batches(): AsyncIterable<AbcRow[]> {
    let after: [number, string] | null = null;
    for (;;) {
      const rows = (await abcQuery(db, subject, q).where('c.secrecy_level', 'in', ['none', 'secret'])
        .$if(after !== null, (b) => b.where(sql<boolean>`(coalesce(s.rank, 2147483647), c.id) > (${after![0]}::int, ${after![1]}::bigint)`))
        .orderBy(sql`coalesce(s.rank, 2147483647)`).orderBy('c.id').limit(2000).execute()) as AbcRow[];
      if (rows.length === 0) return;
      yield rows;
      const l = rows[rows.length - 1]!;
      after = [l.rank ?? 2147483647, l.id];
    }
  }
  const { stream } = streamTable(q.format, 'abc', cols, batches());
  return { file: stream, filename: `abc-classes.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

/** A manual class needs a marketing manager's approval (SEC-8). */
export async function requestAbcOverride(db: Kysely<DB>, p: Principal, input: { customerId: string; abcClass: AbcClass; reason: string }, actor: Actor, now = new Date()) {
  const opened = await openCustomer(db, await subjectOf(db, p), input.customerId, 'update');
  const c = opened.row;
  if (c.abc_class === input.abcClass) throw new AppError('rule_violation', `abcClass: the customer is already class ${input.abcClass}`, { rule: 'EVA-7', errors: [{ path: 'abcClass', message: 'is already in force' }] });
  const pending = await db.selectFrom('abc_overrides').select('id').where('customer_id', '=', c.id).where('state', '=', 'pending').executeTakeFirst();
  if (pending) throw new AppError('conflict', 'An override of this customer\'s class already waits for approval.', { rule: 'SEC-8' });
  return db.transaction().execute(async (tx) => {
    const approval = await requestApproval(tx, actor, {
      type: 'class_override', subjectType: 'customer', subjectId: c.id, customerId: c.id,
      summary: `${c.name}：ABC 类别 ${c.abc_class ?? '—'} → ${input.abcClass}`,
      payload: { abcClass: input.abcClass, from: c.abc_class, reason: input.reason },
      requesterId: p.userId, approverRole: evaluationApproverRole, approverRule: 'SEC-8',
    }, now);
    const o = await tx.insertInto('abc_overrides').values({ customer_id: c.id, abc_class: input.abcClass, reason: input.reason, approval_id: approval.id, requested_by: p.userId, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'abc.override_requested', entityType: 'customer', entityId: c.id, data: { overrideId: o.id, approvalId: approval.id, abcClass: input.abcClass } }, now);
    return { approvalId: approval.id, overrideId: o.id };
  });
}

registerApprovalEffect('class_override', {
  async onApproved(tx, approval, ctx) {
    const o = await tx.selectFrom('abc_overrides').selectAll().where('approval_id', '=', approval.id).forUpdate().executeTakeFirst();
    if (!o || o.state !== 'pending') throw new AppError('conflict', 'The override is no longer pending.', { rule: 'SEC-8' });
    await tx.updateTable('abc_overrides').set({ state: 'withdrawn', ended_at: ctx.now }).where('customer_id', '=', o.customer_id).where('state', '=', 'active').execute();
    await tx.updateTable('abc_overrides').set({ state: 'active' }).where('id', '=', o.id).execute();
    await applyCustomerChange(tx, { customerId: o.customer_id, abcClass: o.abc_class as AbcClass, cause: 'abc_override', reason: o.reason, approvalId: approval.id, actorId: ctx.deciderId, at: ctx.now });
    await recordAudit(tx, ctx.actor, { action: 'abc.override_applied', entityType: 'customer', entityId: o.customer_id, data: { abcClass: o.abc_class, approvalId: approval.id } }, ctx.now);
  },
  async onRejected(tx, approval) {
    await tx.updateTable('abc_overrides').set({ state: 'rejected' }).where('approval_id', '=', approval.id).where('state', '=', 'pending').execute();
  },
  async onWithdrawn(tx, approval) {
    await tx.updateTable('abc_overrides').set({ state: 'withdrawn' }).where('approval_id', '=', approval.id).where('state', '=', 'pending').execute();
  },
  link: (a) => (a.customerId ? `/customers/${a.customerId}` : null),
});

/** Ends an active override: the computed class of the last run applies again. */
export async function withdrawAbcOverride(db: Kysely<DB>, p: Principal, input: { customerId: string; reason: string }, actor: Actor, now = new Date()) {
  if (!mayAdministerEvaluation(p)) throw new AppError('forbidden', 'Only marketing managers and above withdraw an ABC override.', { rule: 'EVA-7' });
  const opened = await openCustomer(db, await subjectOf(db, p), input.customerId, 'read');
  await db.transaction().execute(async (tx) => {
    const o = await tx.updateTable('abc_overrides').set({ state: 'withdrawn', ended_at: now }).where('customer_id', '=', opened.row.id).where('state', '=', 'active').returning('id').executeTakeFirst();
    if (!o) throw notFound('active ABC override');
    const computed = await tx.selectFrom('abc_scores').select('computed_class').where('customer_id', '=', opened.row.id).executeTakeFirst();
    await applyCustomerChange(tx, { customerId: opened.row.id, abcClass: (computed?.computed_class as AbcClass | undefined) ?? null, cause: 'abc_override_withdrawn', reason: input.reason, actorId: p.userId, at: now });
    await recordAudit(tx, actor, { action: 'abc.override_withdrawn', entityType: 'customer', entityId: opened.row.id, data: { overrideId: o.id } }, now);
  });
  return abcDistribution(db, p);
}
