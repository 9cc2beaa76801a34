/**
 * Archive-update tasks (ARC-8): recording that new information arrived creates one, due in one
 * working day, for the customer's owner; the next version written to the archive completes it
 * (a trigger in migration 0030), or its owner or a manager marks it done. Overdue tasks are
 * listed for the owner and the customer-service manager.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Task, TaskKind } from '../../../contract/tasks.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, notFound, staleVersion } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import { notifyUsers } from '../approvals/notifications.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { workCalendar } from '../settings/archive-settings.service.js';
import { archiveUpdateDue, mayWatchAllTasks, taskState } from './tasks.rules.js';
import { chinaDate } from '../../shared/working-days.rules.js';
import type { AccessSubject } from '../access/customer-access.rules.js';

/**
 * Tasks sit below customers (customers, relations, complaints… create them), so they cannot import
 * the customers module back (PLT-2: no module cycle). The archive is opened through the access
 * policy by `openCustomer`, which customers.service hands over when it loads (it always does
 * before a route runs: app.ts imports it).
 */
type CustomerOpener = (db: Kysely<DB>, subject: AccessSubject, id: string, action: 'read' | 'update') => Promise<{ row: { id: string } }>;
let openCustomer: CustomerOpener = () => {
  throw new Error('customers.service has not registered its archive opener');
};
export function registerCustomerOpener(open: CustomerOpener): void {
  openCustomer = open;
}

export type InformationArrived = { customerId: string; source: NonNullable<Task['source']>; sourceId?: string | null; note?: string | null; createdBy: string | null };

const sourceTitles: Record<NonNullable<Task['source']>, string> = { call: '来电', visit: '拜访', feedback: '客户反馈', customer_form: '客户填表', other: '新信息' };

function selectTasks(db: Kysely<DB>) {
  return db
    .selectFrom('tasks as t')
    .leftJoin('customers as c', 'c.id', 't.customer_id')
    .leftJoin('users as o', 'o.id', 't.owner_id')
    .leftJoin('users as d', 'd.id', 't.completed_by')
    .select(['t.id', 't.kind', 't.customer_id', 'c.name as customer_name', 'c.archive_no', 't.owner_id', 'o.display_name as owner_name', 't.title', 't.source', 't.source_id', 't.ref_type', 't.ref_id', 't.received_on', 't.due_on', 't.completed_at', 'd.display_name as completed_by_name', 't.completion', 't.completion_note', 't.created_at', 't.version']);
}
type TaskRow = Awaited<ReturnType<ReturnType<typeof selectTasks>['executeTakeFirstOrThrow']>>;

const toTask = (r: TaskRow, now: Date): Task => ({
  id: r.id,
  kind: r.kind as Task['kind'],
  customerId: r.customer_id,
  customerName: r.customer_name,
  archiveNo: r.archive_no,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  title: r.title,
  source: r.source as Task['source'],
  sourceId: r.source_id,
  refType: r.ref_type,
  refId: r.ref_id,
  receivedOn: String(r.received_on),
  dueOn: String(r.due_on),
  state: taskState(String(r.due_on), r.completed_at, now),
  completedAt: r.completed_at?.toISOString() ?? null,
  completedByName: r.completed_by_name,
  completion: r.completion as Task['completion'],
  completionNote: r.completion_note,
  createdAt: r.created_at.toISOString(),
  version: r.version,
});

/**
 * In the caller's transaction: an archive-update task for the customer's owner, due one working
 * day from today (China). One open task per archive is enough — a second arrival joins it.
 */
export async function recordInformationArrived(tx: Kysely<DB>, actor: Actor, info: InformationArrived, now = new Date()): Promise<string | null> {
  if (!tx.isTransaction) throw new Error('recordInformationArrived needs the transaction of the record it follows');
  const open = await tx.selectFrom('tasks').select('id').where('customer_id', '=', info.customerId).where('kind', '=', 'archive_update').where('completed_at', 'is', null).executeTakeFirst();
  if (open) return open.id;
  const customer = await tx.selectFrom('customers').select(['owner_id', 'name']).where('id', '=', info.customerId).executeTakeFirstOrThrow();
  // a customer in the open pool (REL-1, no owner): whoever recorded the information updates the archive
  const assignee = customer.owner_id ?? info.createdBy;
  if (!assignee) return null;
  const { receivedOn, dueOn } = archiveUpdateDue(now, await workCalendar(tx));
  const title = `${sourceTitles[info.source]}：更新「${customer.name}」档案${info.note ? `（${info.note.slice(0, 200)}）` : ''}`;
  const { id } = await tx
    .insertInto('tasks')
    .values({ kind: 'archive_update', customer_id: info.customerId, owner_id: assignee, title, source: info.source, source_id: info.sourceId ?? null, received_on: receivedOn, due_on: dueOn, created_by: info.createdBy, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, actor, { action: 'task.created', entityType: 'task', entityId: id, data: { customerId: info.customerId, source: info.source, dueOn } }, now);
  if (assignee !== info.createdBy) await notifyUsers(tx, [assignee], { kind: 'task.archive_update', title, link: '/tasks', data: { taskId: id, dueOn } });
  return id;
}

export async function createTask(db: Kysely<DB>, p: Principal, input: { customerId: string; source: 'call' | 'visit' | 'customer_form' | 'other'; note?: string | undefined }, actor: Actor, now = new Date()): Promise<Task> {
  const { row } = await openCustomer(db, await subjectOf(db, p), input.customerId, 'update');
  const id = await db.transaction().execute((tx) => recordInformationArrived(tx, actor, { customerId: row.id, source: input.source, note: input.note ?? null, createdBy: p.userId }, now));
  return toTask(await selectTasks(db).where('t.id', '=', id).executeTakeFirstOrThrow(), now);
}

/** What another module asks for when it creates work (REL-5): a kind, an assignee, a due date. */
export type WorkTask = {
  kind: Exclude<TaskKind, 'archive_update'>;
  ownerId: string;
  title: string;
  dueOn: string;
  customerId?: string | null;
  refType?: string | null;
  refId?: string | null;
  createdBy: string | null;
};

/**
 * In the caller's transaction: a task of any kind but archive update (which has its own rule
 * above), audited, and announced to its assignee when someone else created it. Returns its id.
 */
export async function createWorkTask(tx: Kysely<DB>, actor: Actor, task: WorkTask, now = new Date()): Promise<string> {
  if (!tx.isTransaction) throw new Error('createWorkTask needs the transaction of the record it follows');
  const receivedOn = chinaDate(now);
  const { id } = await tx
    .insertInto('tasks')
    .values({
      kind: task.kind,
      customer_id: task.customerId ?? null,
      owner_id: task.ownerId,
      title: task.title.slice(0, 500),
      source: null,
      source_id: null,
      ref_type: task.refType ?? null,
      ref_id: task.refId ?? null,
      received_on: receivedOn,
      due_on: task.dueOn < receivedOn ? receivedOn : task.dueOn,
      created_by: task.createdBy,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, actor, { action: 'task.created', entityType: 'task', entityId: id, data: { kind: task.kind, customerId: task.customerId ?? null, dueOn: task.dueOn, refType: task.refType ?? null, refId: task.refId ?? null } }, now);
  // the title names the customer: an assignee who may not read it (e.g. the owner of a top-secret archive) is not told (SEC-2, SEC-5)
  if (task.ownerId !== task.createdBy) await notifyUsers(tx, [task.ownerId], { kind: `task.${task.kind}`, title: task.title.slice(0, 200), link: '/tasks', data: { taskId: id, dueOn: task.dueOn }, ...(task.customerId ? { about: { customerId: task.customerId } } : {}) });
  return id;
}

/** In the caller's transaction: the open tasks that a record created (e.g. a complaint's deadline) are done. */
export async function completeTasksOf(tx: Kysely<DB>, actor: Actor, ref: { refType: string; refId: string; kind?: TaskKind }, now = new Date()): Promise<number> {
  let q = tx
    .updateTable('tasks')
    .set({ completed_at: now, completed_by: actor.userId, completion: 'manual', version: sql`version + 1` })
    .where('ref_type', '=', ref.refType)
    .where('ref_id', '=', ref.refId)
    .where('completed_at', 'is', null);
  if (ref.kind) q = q.where('kind', '=', ref.kind);
  const done = await q.returning('id').execute();
  return done.length;
}

/**
 * In the caller's transaction (REL-5): a customer's open tasks of one kind are done — a logged call
 * or visit completes the cadence reminders about that customer. Found by the customer (the
 * reminders carry no ref: one index less to write per reminder at a million customers).
 */
export async function completeCustomerTasks(tx: Kysely<DB>, actor: Actor, customerId: string, kind: TaskKind, now = new Date()): Promise<number> {
  const done = await tx
    .updateTable('tasks')
    .set({ completed_at: now, completed_by: actor.userId, completion: 'manual', version: sql`version + 1` })
    .where('customer_id', '=', customerId)
    .where('kind', '=', kind)
    .where('completed_at', 'is', null)
    .returning('id')
    .execute();
  return done.length;
}

/**
 * In the caller's transaction (REL-5): many tasks of one kind at once, for scheduled work (the
 * cadence reminders over a million customers): one INSERT, no per-task notification — the daily
 * digest and the inbox carry them. The caller audits the run. Work already overdue (a reminder
 * for a date that has passed) is received on its due date, so it lists as overdue.
 */
export async function insertWorkTasks(tx: Kysely<DB>, tasks: readonly Omit<WorkTask, 'createdBy'>[], now: Date): Promise<number> {
  if (!tx.isTransaction) throw new Error('insertWorkTasks needs a transaction');
  if (tasks.length === 0) return 0;
  const receivedOn = chinaDate(now);
  const r = await tx
    .insertInto('tasks')
    .values(tasks.map((t) => ({ kind: t.kind, customer_id: t.customerId ?? null, owner_id: t.ownerId, title: t.title.slice(0, 500), source: null, source_id: null, ref_type: t.refType ?? null, ref_id: t.refId ?? null, received_on: t.dueOn < receivedOn ? t.dueOn : receivedOn, due_on: t.dueOn, created_by: null, created_at: now })))
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/**
 * In the caller's transaction (REL-5): insertWorkTasks for work chosen by a query, without the
 * rows travelling through the application — the cadence reminders at a million customers. `rows`
 * is a SELECT yielding `kind`, `customer_id`, `owner_id`, `title`, `due_on`, `ref_type`, `ref_id`;
 * `claim`, when given, is a common table expression placed before it (e.g. `claimed AS (UPDATE …
 * RETURNING …)`, which PostgreSQL allows only at the top of the statement). Returns how many
 * tasks of each kind were created and the largest customer id among them (a caller walking
 * customers in id order resumes there).
 */
export async function insertWorkTasksFrom(tx: Kysely<DB>, rows: RawBuilder<unknown>, now: Date, claim?: RawBuilder<unknown>): Promise<{ byKind: Partial<Record<TaskKind, number>>; lastCustomerId: string | null }> {
  if (!tx.isTransaction) throw new Error('insertWorkTasksFrom needs a transaction');
  const receivedOn = chinaDate(now);
  const r = await sql<{ kind: TaskKind; count: number; last: string | null }>`
    WITH ${claim ? sql`${claim},` : sql``}
    r AS (${rows}),
    ins AS (
      INSERT INTO tasks (kind, customer_id, owner_id, title, source, source_id, ref_type, ref_id, received_on, due_on, created_by, created_at)
      SELECT r.kind, r.customer_id, r.owner_id, left(r.title, 500), NULL, NULL, r.ref_type, r.ref_id, least(r.due_on, ${receivedOn}::date), r.due_on, NULL, ${now}::timestamptz
        FROM r
      RETURNING kind, customer_id)
    SELECT kind, count(*)::int AS count, max(customer_id)::text AS last FROM ins GROUP BY kind`.execute(tx);
  const byKind: Partial<Record<TaskKind, number>> = {};
  let last: bigint | null = null;
  for (const x of r.rows) {
    byKind[x.kind] = x.count;
    if (x.last !== null && (last === null || BigInt(x.last) > last)) last = BigInt(x.last);
  }
  return { byKind, lastCustomerId: last === null ? null : String(last) };
}

/** In the caller's transaction (REL-1): a customer's open tasks held by its previous owner move to the new one. Returns how many. */
export async function moveOpenTasks(tx: Kysely<DB>, customerId: string, fromOwnerId: string, toOwnerId: string): Promise<number> {
  const moved = await tx.updateTable('tasks').set({ owner_id: toOwnerId, version: sql`version + 1` }).where('customer_id', '=', customerId).where('owner_id', '=', fromOwnerId).where('completed_at', 'is', null).returning('id').execute();
  return moved.length;
}

export type TaskListQuery = { scope: 'mine' | 'all'; state?: 'open' | 'overdue' | 'done' | 'pending' | undefined; kind?: TaskKind | undefined; customerId?: string | undefined; limit: number; cursor?: string | undefined };

/** Pending tasks by due date (most urgent first); done ones by completion, newest first. */
export async function listTasks(db: Kysely<DB>, p: Principal, q: TaskListQuery, now = new Date()) {
  if (q.scope === 'all' && !mayWatchAllTasks(p.roles)) throw new AppError('forbidden', 'Only the customer-service manager sees everyone’s tasks.', { rule: 'ARC-8' });
  const subject = await subjectOf(db, p);
  const today = chinaDate(now);
  // a task about a customer is seen like the customer; one about no filed customer by its assignee (and the watchers)
  let query = selectTasks(db).where((eb) => eb.or([eb.and([eb('t.customer_id', 'is not', null), visibleCustomers(subject)]), eb.and([eb('t.customer_id', 'is', null), q.scope === 'all' ? sql<boolean>`true` : eb('t.owner_id', '=', p.userId)])]));
  if (q.scope === 'mine') query = query.where('t.owner_id', '=', p.userId);
  if (q.kind) query = query.where('t.kind', '=', q.kind);
  if (q.customerId) query = query.where('t.customer_id', '=', q.customerId);
  const done = q.state === 'done';
  if (done) query = query.where('t.completed_at', 'is not', null);
  else if (q.state) query = query.where('t.completed_at', 'is', null);
  if (q.state === 'overdue') query = query.where('t.due_on', '<', today);
  if (q.state === 'open') query = query.where('t.due_on', '>=', today);
  const after = decodeCursor(q.cursor, 2);
  if (done) {
    if (after) query = query.where(sql<boolean>`(t.completed_at, t.id) < (${new Date(String(after[0]))}::timestamptz, ${String(after[1])}::bigint)`);
    query = query.orderBy('t.completed_at', 'desc').orderBy('t.id', 'desc');
  } else if (!q.state) {
    // everything: pending first by due date, then done; a simple id cursor keeps it stable
    if (after) query = query.where(sql<boolean>`(t.completed_at IS NOT NULL, t.due_on, t.id) > (${after[0] === 'true'}, ${String(after[1]).split('|')[0]}::date, ${String(after[1]).split('|')[1]}::bigint)`);
    query = query.orderBy(sql`t.completed_at IS NOT NULL`).orderBy('t.due_on').orderBy('t.id');
  } else {
    if (after) query = query.where(sql<boolean>`(t.due_on, t.id) > (${String(after[0])}::date, ${String(after[1])}::bigint)`);
    query = query.orderBy('t.due_on').orderBy('t.id');
  }
  const rows = await query.limit(q.limit + 1).execute();
  const pageRows = rows.slice(0, q.limit);
  const last = pageRows[pageRows.length - 1];
  const cursorOf = (r: TaskRow) =>
    done ? encodeCursor([r.completed_at!.toISOString(), r.id]) : !q.state ? encodeCursor([String(r.completed_at !== null), `${String(r.due_on)}|${r.id}`]) : encodeCursor([String(r.due_on), r.id]);
  return { items: pageRows.map((r) => toTask(r, now)), nextCursor: rows.length > q.limit && last ? cursorOf(last) : null };
}

/**
 * ARC-8/REL-5 the task badge and home widget. Counting stops at TASK_COUNT_LIMIT: a figure equal to it
 * means "that many or more" (shown 1000+). Without the stop the customer-service manager's count of
 * everyone's overdue tasks read every open task with its visibility check — 6–10 s once the cadence
 * reminders of a million customers were open (now ~0.1 s for the manager, ~0.5 s at 10,000 under load
 * for a rep with 10,000 open tasks, hence 1,000). Each figure is its own bounded count: exact below the limit.
 */
export const TASK_COUNT_LIMIT = 1_000;

export async function taskSummary(db: Kysely<DB>, p: Principal, now = new Date(), limit = TASK_COUNT_LIMIT) {
  const subject = await subjectOf(db, p);
  const today = chinaDate(now);
  // open tasks the caller may see (a task without a customer, or its customer visible)
  const openTasks = () =>
    db
      .selectFrom('tasks as t')
      .leftJoin('customers as c', 'c.id', 't.customer_id')
      .where((eb) => eb.or([eb('t.customer_id', 'is', null), visibleCustomers(subject)]))
      .where('t.completed_at', 'is', null);
  // …counted up to the limit, each figure a scalar subquery of one statement
  const upTo = (q: ReturnType<typeof openTasks>) => sql<number>`(SELECT count(*)::int FROM (${q.select('t.id').limit(limit)}) x)`;
  const mine = () => openTasks().where('t.owner_id', '=', p.userId);
  const everyone = mayWatchAllTasks(p.roles);
  const r = (
    await sql<{ open: number; overdue: number; due_today: number }>`SELECT ${upTo(mine())} AS open,
      ${upTo((everyone ? openTasks() : mine()).where('t.due_on', '<', today))} AS overdue,
      ${upTo(mine().where('t.due_on', '=', today))} AS due_today`.execute(db)
  ).rows[0]!;
  return { open: r.open, overdue: r.overdue, dueToday: r.due_today, countLimit: limit };
}

export async function completeTask(db: Kysely<DB>, p: Principal, id: string, input: { version: number; note?: string | undefined }, actor: Actor, now = new Date()): Promise<Task> {
  const task = await db.selectFrom('tasks').select(['id', 'customer_id', 'owner_id', 'completed_at', 'version']).where('id', '=', id).executeTakeFirst();
  if (!task) throw notFound('task');
  const subject = await subjectOf(db, p);
  // visible like its customer; done by its owner, the watchers, or whoever may update the archive
  if (task.customer_id) {
    await openCustomer(db, subject, task.customer_id, 'read');
    if (task.owner_id !== p.userId && !mayWatchAllTasks(p.roles)) await openCustomer(db, subject, task.customer_id, 'update');
  } else if (task.owner_id !== p.userId && !mayWatchAllTasks(p.roles)) throw notFound('task');
  if (task.completed_at) throw new AppError('conflict', 'This task is already done.', { rule: 'ARC-8' });
  if (task.version !== input.version) throw staleVersion('task', input.version);
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('tasks').set({ completed_at: now, completed_by: p.userId, completion: 'manual', completion_note: input.note ?? null, version: sql`version + 1` }).where('id', '=', id).where('version', '=', input.version).where('completed_at', 'is', null).returning('id').executeTakeFirst();
    if (!r) throw staleVersion('task', input.version);
    await recordAudit(tx, actor, { action: 'task.completed', entityType: 'task', entityId: id, data: { customerId: task.customer_id } }, now);
  });
  return toTask(await selectTasks(db).where('t.id', '=', id).executeTakeFirstOrThrow(), now);
}
