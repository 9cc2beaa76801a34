/**
 * REL-7 客户回访: revisit reports (客户回访报告表) filed after a revisit, from a revisit task, a
 * logged communication or (through `fileRevisitReport`, in the complaints module's transaction)
 * a complaint's follow-up (SVC-8); revisits planned by hand and, for key customers, by the daily
 * job. Reads apply the customer visibility of SEC-2…SEC-6.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { CreateRevisitReport, RevisitListQuery, RevisitReport } from '../../../contract/revisits.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, fieldError, notFound } from '../../http/errors.js';
import { readersOf, subjectOf } from '../access/access.service.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import { recordAudit } from '../audit/audit.service.js';
import { systemActor, type Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer } from '../customers/customers.service.js';
import { completeTasksOf, createWorkTask, insertWorkTasks } from '../tasks/tasks.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { addDays } from './cadence.rules.js';
import { KEY_REVISIT_DAYS, taskProblem } from './revisits.rules.js';

export function selectRevisitReports(db: Kysely<DB>) {
  return db
    .selectFrom('revisit_reports as r')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .leftJoin('users as v', 'v.id', 'r.visitor_id')
    .leftJoin('users as b', 'b.id', 'r.created_by')
    .select([
      'r.id', 'r.customer_id', 'c.name as customer_name', 'c.archive_no', 'r.visited_on', 'r.method', 'r.visitor_id', 'v.display_name as visitor_name', 'r.contact_ids', 'r.contacts_met', 'r.evaluation',
      'r.market_demand', 'r.service_suggestions', 'r.satisfaction', 'r.follow_up_actions', 'r.source_type', 'r.source_id', 'r.task_id', 'r.communication_id', 'b.display_name as created_by_name', 'r.created_at',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof selectRevisitReports>['executeTakeFirstOrThrow']>>;

export const toRevisitReport = (r: Row): RevisitReport => ({
  id: r.id,
  customerId: r.customer_id,
  customerName: r.customer_name,
  archiveNo: r.archive_no,
  visitedOn: String(r.visited_on),
  method: r.method as RevisitReport['method'],
  visitorId: r.visitor_id,
  visitorName: r.visitor_name,
  contactIds: (r.contact_ids ?? []).map(String),
  contactsMet: r.contacts_met,
  evaluation: r.evaluation,
  marketDemand: r.market_demand,
  serviceSuggestions: r.service_suggestions,
  satisfaction: r.satisfaction,
  followUpActions: r.follow_up_actions,
  sourceType: r.source_type as RevisitReport['sourceType'],
  sourceId: r.source_id,
  taskId: r.task_id,
  communicationId: r.communication_id,
  createdByName: r.created_by_name,
  createdAt: r.created_at.toISOString(),
});

/** What a module that already authorized the customer files (e.g. a complaint's follow-up, SVC-8). */
export type FiledRevisit = {
  customerId: string;
  visitedOn: string;
  method: 'visit' | 'phone' | 'other';
  visitorId: string;
  contactIds?: readonly string[];
  contactsMet?: string | null;
  evaluation: string;
  marketDemand?: string | null;
  serviceSuggestions?: string | null;
  satisfaction: number;
  followUpActions?: string | null;
  source?: { type: 'task' | 'complaint' | 'communication'; id: string } | null;
  taskId?: string | null;
  communicationId?: string | null;
  createdBy: string | null;
};

/**
 * The customer of a task that names none: a complaint's follow-up task carries no customer (the
 * department may not see the archive), its complaint does. The module that owns the record hands
 * this over when it loads (complaints; PLT-2: relations never imports it).
 */
export type TaskCustomerOf = (db: Kysely<DB>, refId: string) => Promise<string | null>;
const taskCustomers = new Map<string, TaskCustomerOf>();
export function registerTaskCustomer(refType: string, customerOf: TaskCustomerOf): void {
  taskCustomers.set(refType, customerOf);
}

/**
 * SVC-8, in the caller's transaction: the revisit report already filed by hand for a record's open
 * follow-up task (one report per follow-up), or null. The open tasks are locked first, so a report
 * being filed for them meanwhile is seen once it commits — or, filed after, finds the task done.
 */
export async function followUpReportOf(tx: Kysely<DB>, ref: { refType: string; refId: string; kind: 'complaint_follow_up' }): Promise<string | null> {
  if (!tx.isTransaction) throw new Error('followUpReportOf needs the transaction of the follow-up');
  const open = await tx.selectFrom('tasks').select('id').where('ref_type', '=', ref.refType).where('ref_id', '=', ref.refId).where('kind', '=', ref.kind).where('completed_at', 'is', null).forUpdate().execute();
  if (open.length === 0) return null;
  const r = await tx.selectFrom('revisit_reports').select('id').where('task_id', 'in', open.map((o) => o.id)).orderBy('id', 'desc').executeTakeFirst();
  return r?.id ?? null;
}

/**
 * In the caller's transaction (the caller has authorized writing the customer): the report is
 * saved and audited, and the customer's open `revisit` tasks are done. The complaints module files
 * a complaint's follow-up through this with `source: { type: 'complaint', id }`. Returns its id.
 */
export async function fileRevisitReport(tx: Kysely<DB>, actor: Actor, input: FiledRevisit, now = new Date()): Promise<string> {
  if (!tx.isTransaction) throw new Error('fileRevisitReport needs the transaction of the change it records');
  if (!Number.isInteger(input.satisfaction) || input.satisfaction < 1 || input.satisfaction > 5) throw fieldError('satisfaction', 'must be 1 … 5');
  if (input.taskId) {
    // one report per task: the task row is locked, so two filings (or a filing and the complaint's
    // follow-up, which locks it too) for the same task run one after the other (SVC-8)
    const task = await tx.selectFrom('tasks').select('completed_at').where('id', '=', input.taskId).forUpdate().executeTakeFirst();
    if (task?.completed_at) throw fieldError('taskId', 'is already done');
    const answered = await tx.selectFrom('revisit_reports').select('id').where('task_id', '=', input.taskId).executeTakeFirst();
    if (answered) throw fieldError('taskId', 'already has a revisit report');
  }
  const { id } = await tx
    .insertInto('revisit_reports')
    .values({
      customer_id: input.customerId,
      visited_on: input.visitedOn,
      method: input.method,
      visitor_id: input.visitorId,
      contact_ids: [...new Set(input.contactIds ?? [])],
      contacts_met: input.contactsMet?.trim() || null,
      evaluation: input.evaluation.trim(),
      market_demand: input.marketDemand?.trim() || null,
      service_suggestions: input.serviceSuggestions?.trim() || null,
      satisfaction: input.satisfaction,
      follow_up_actions: input.followUpActions?.trim() || null,
      source_type: input.source?.type ?? null,
      source_id: input.source?.id ?? null,
      task_id: input.taskId ?? null,
      communication_id: input.communicationId ?? null,
      created_by: input.createdBy,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let completed = await completeTasksOf(tx, actor, { refType: 'customer', refId: input.customerId, kind: 'revisit' }, now);
  if (input.taskId) {
    const task = await tx.selectFrom('tasks').select(['kind', 'ref_type', 'ref_id']).where('id', '=', input.taskId).executeTakeFirst();
    if (task?.kind === 'revisit' && task.ref_type && task.ref_id && !(task.ref_type === 'customer' && task.ref_id === input.customerId)) {
      completed += await completeTasksOf(tx, actor, { refType: task.ref_type, refId: task.ref_id, kind: 'revisit' }, now);
    }
  }
  await recordAudit(tx, actor, { action: 'revisit.filed', entityType: 'revisit_report', entityId: id, data: { customerId: input.customerId, visitedOn: input.visitedOn, satisfaction: input.satisfaction, source: input.source ?? null, completedTasks: completed } }, now);
  return id;
}

export async function createRevisitReport(db: Kysely<DB>, p: Principal, input: CreateRevisitReport, actor: Actor, now = new Date()): Promise<RevisitReport> {
  if (input.visitedOn > chinaDate(now)) throw fieldError('visitedOn', 'must not be after today');
  const { row } = await openCustomer(db, await subjectOf(db, p), input.customerId, 'update', now);
  const visitorId = input.visitorId ?? p.userId;
  if (visitorId !== p.userId) {
    const visitor = await db.selectFrom('users').select(['id', 'disabled']).where('id', '=', visitorId).executeTakeFirst();
    if (!visitor || visitor.disabled) throw fieldError('visitorId', 'no such active user');
  }
  const contactIds = [...new Set(input.contactIds ?? [])];
  if (contactIds.length > 0) {
    const found = await db.selectFrom('contacts').select('id').where('customer_id', '=', row.id).where('id', 'in', contactIds).execute();
    if (found.length !== contactIds.length) throw fieldError('contactIds', 'must be contacts of this customer');
  }
  let source: FiledRevisit['source'] = null;
  if (input.communicationId) {
    const m = await db.selectFrom('communications').select(['customer_id']).where('id', '=', input.communicationId).executeTakeFirst();
    if (!m || m.customer_id !== row.id) throw fieldError('communicationId', 'must be a communication with this customer');
    source = { type: 'communication', id: input.communicationId };
  }
  if (input.taskId) {
    const task = await db.selectFrom('tasks').select(['kind', 'customer_id', 'completed_at', 'ref_type', 'ref_id']).where('id', '=', input.taskId).executeTakeFirst();
    // a complaint's follow-up task names no customer: its complaint's archive is the task's customer
    const resolve = task && task.customer_id === null && task.kind === 'complaint_follow_up' && task.ref_type && task.ref_id ? taskCustomers.get(task.ref_type) : undefined;
    const taskCustomer = resolve ? await resolve(db, task!.ref_id!) : task?.customer_id ?? null;
    const problem = task ? taskProblem({ ...task, customer_id: taskCustomer }, row.id) : 'no such task';
    if (problem || !task) throw fieldError('taskId', problem ?? 'no such task');
    // a complaint's follow-up task names the complaint as the source; the complaint itself moves on in
    // the complaints module, whose follow-up then takes this report as its own (followUpReportOf)
    source = task.kind === 'complaint_follow_up' && task.ref_type === 'complaint' && task.ref_id ? { type: 'complaint', id: task.ref_id } : { type: 'task', id: input.taskId };
  }
  const id = await db.transaction().execute((tx) =>
    fileRevisitReport(tx, actor, { ...input, customerId: row.id, visitorId, contactIds, source, createdBy: p.userId }, now),
  );
  return toRevisitReport(await selectRevisitReports(db).where('r.id', '=', id).executeTakeFirstOrThrow());
}

type Filter = Omit<RevisitListQuery, 'limit' | 'cursor'>;
export function filteredRevisitReports(db: Kysely<DB>, visibility: Expression<SqlBool>, q: Filter) {
  let query = selectRevisitReports(db).where(visibility).where('c.lifecycle', 'not in', ['deleted', 'destroyed']);
  if (q.customerId) query = query.where('r.customer_id', '=', q.customerId);
  if (q.visitorId) query = query.where('r.visitor_id', '=', q.visitorId);
  if (q.method) query = query.where('r.method', '=', q.method);
  if (q.sourceType) query = query.where('r.source_type', '=', q.sourceType);
  if (q.maxSatisfaction) query = query.where('r.satisfaction', '<=', q.maxSatisfaction);
  if (q.from) query = query.where('r.visited_on', '>=', q.from);
  if (q.to) query = query.where('r.visited_on', '<=', q.to);
  return query;
}

/** Newest visit first; only reports about customers the caller may see. */
export async function listRevisitReports(db: Kysely<DB>, p: Principal, q: RevisitListQuery) {
  const subject = await subjectOf(db, p);
  let query = filteredRevisitReports(db, visibleCustomers(subject), q);
  const after = decodeCursor(q.cursor, 2);
  if (after) {
    const [on, id] = after.map(String) as [string, string];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || !/^\d{1,18}$/.test(id)) throw new AppError('validation_failed', 'cursor: must be a value taken from nextCursor', { errors: [{ path: 'cursor', message: 'must be a value taken from nextCursor' }] });
    query = query.where(sql<boolean>`(r.visited_on, r.id) < (${on}::date, ${id}::bigint)`);
  }
  const rows = await query.orderBy('r.visited_on', 'desc').orderBy('r.id', 'desc').limit(q.limit + 1).execute();
  const pageRows = rows.slice(0, q.limit);
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(toRevisitReport), nextCursor: rows.length > q.limit && last ? encodeCursor([String(last.visited_on), last.id]) : null };
}

/** One report, seen like its customer (404 otherwise). */
export async function getRevisitReport(db: Kysely<DB>, p: Principal, id: string): Promise<RevisitReport> {
  const r = await selectRevisitReports(db).where('r.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('revisit report');
  await openCustomer(db, await subjectOf(db, p), r.customer_id, 'read');
  return toRevisitReport(r);
}

/** Plan revisits by hand: a `revisit` task per customer (skipping those with one open), for its owner or the given assignee. */
export async function planRevisits(db: Kysely<DB>, p: Principal, input: { customerIds: string[]; dueOn: string; assigneeId?: string | undefined; note?: string | undefined }, actor: Actor, now = new Date()) {
  if (input.dueOn < chinaDate(now)) throw fieldError('dueOn', 'must be today or later');
  const subject = await subjectOf(db, p);
  if (input.assigneeId && input.assigneeId !== p.userId) {
    const u = await db.selectFrom('users').select(['id', 'disabled']).where('id', '=', input.assigneeId).executeTakeFirst();
    if (!u || u.disabled) throw fieldError('assigneeId', 'no such active user');
  }
  const opened: { id: string; name: string; owner_id: string | null }[] = [];
  for (const id of [...new Set(input.customerIds)]) opened.push((await openCustomer(db, subject, id, 'update', now)).row);
  // the task names the customer: it goes to nobody who may not see it (SEC-2)
  if (input.assigneeId && input.assigneeId !== p.userId) {
    for (const c of opened) if (!(await readersOf(db, [input.assigneeId], c.id)).has(input.assigneeId)) throw fieldError('assigneeId', 'may not see every customer planned');
  }
  return db.transaction().execute(async (tx) => {
    const planned: { customerId: string; taskId: string }[] = [];
    const skipped: { customerId: string; reason: string }[] = [];
    for (const c of opened) {
      const open = await tx.selectFrom('tasks').select('id').where('kind', '=', 'revisit').where('customer_id', '=', c.id).where('completed_at', 'is', null).executeTakeFirst();
      if (open) {
        skipped.push({ customerId: c.id, reason: 'an open revisit task exists' });
        continue;
      }
      const taskId = await createWorkTask(tx, actor, { kind: 'revisit', ownerId: input.assigneeId ?? c.owner_id ?? p.userId, title: `客户回访：${c.name}${input.note?.trim() ? `（${input.note.trim()}）` : ''}`, dueOn: input.dueOn, customerId: c.id, refType: 'customer', refId: c.id, createdBy: p.userId }, now);
      planned.push({ customerId: c.id, taskId });
    }
    if (planned.length > 0) await recordAudit(tx, actor, { action: 'revisit.planned', entityType: 'customer', data: { customerIds: planned.map((x) => x.customerId), dueOn: input.dueOn } }, now);
    return { planned, skipped };
  });
}

/**
 * The daily plan (REL-7 "planned for key customers on a schedule"): every key or A-class active
 * customer with an owner whose last report (or filing) is KEY_REVISIT_DAYS old within the next
 * week gets a `revisit` task, unless one is open. A transaction-scoped advisory lock makes a second
 * instance's concurrent run wait and then find the tasks already there.
 */
export async function planKeyCustomerRevisits(db: Kysely<DB>, now = new Date()): Promise<number> {
  const today = chinaDate(now);
  const horizon = addDays(today, 7);
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('kedang.revisit-plan'))`.execute(tx);
    const due = await sql<{ id: string; owner_id: string; name: string; due: string }>`
      SELECT c.id, c.owner_id, c.name, (coalesce(l.last, c.filed_on) + ${KEY_REVISIT_DAYS}::int)::text AS due
        FROM customers c
        LEFT JOIN LATERAL (SELECT max(r.visited_on) AS last FROM revisit_reports r WHERE r.customer_id = c.id) l ON true
       WHERE (c.abc_class = 'A' OR c.tier IN ('key', 'big')) AND c.owner_id IS NOT NULL AND c.lifecycle = 'active' AND c.merged_into IS NULL
         AND coalesce(l.last, c.filed_on) + ${KEY_REVISIT_DAYS}::int <= ${horizon}::date
         AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.kind = 'revisit' AND t.customer_id = c.id AND t.completed_at IS NULL)`.execute(tx);
    const n = await insertWorkTasks(tx, due.rows.map((r) => ({ kind: 'revisit' as const, ownerId: r.owner_id, customerId: r.id, title: `定期回访（重点客户）：${r.name}`, dueOn: r.due < today ? today : r.due, refType: 'customer', refId: r.id })), now);
    if (n > 0) await recordAudit(tx, systemActor, { action: 'revisit.planned', entityType: 'task', data: { day: today, keyCustomers: n } }, now);
    return n;
  });
}
