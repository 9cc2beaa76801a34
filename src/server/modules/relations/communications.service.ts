/**
 * The communication log (REL-3, 沟通记录): logging a contact keeps the customer's contact state
 * (REL-2) in the same transaction, turns a next step into a task (REL-5) and completes the open
 * cadence task of its kind; listing applies the customer visibility of SEC-2…SEC-6.
 */
import { sql, type Kysely } from 'kysely';
import type { Communication, CreateCommunication } from '../../../contract/relations.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, fieldError, notFound } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer } from '../customers/customers.service.js';
import { completeCustomerTasks, createWorkTask } from '../tasks/tasks.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { contactKindOf, isInFuture } from './cadence.rules.js';

function selectCommunications(db: Kysely<DB>) {
  return db
    .selectFrom('communications as m')
    .innerJoin('customers as c', 'c.id', 'm.customer_id')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.id', 'm.customer_id', 'c.name as customer_name', 'c.archive_no', 'm.user_id', 'u.display_name as user_name', 'm.channel', 'm.occurred_at', 'm.contact_ids', 'm.subject', 'm.content', 'm.result',
      'm.customer_needs', 'm.attitude', 'm.person_level', 'm.visit_opportunity', 'm.next_step_due', 'm.next_step_text', 'm.next_step_task_id', 'm.check_in_lat', 'm.check_in_lng', 'm.check_in_accuracy',
      'm.check_in_at', 'm.photo_document_id', 'm.created_at',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof selectCommunications>['executeTakeFirstOrThrow']>>;

const toCommunication = (r: Row): Communication => ({
  id: r.id,
  customerId: r.customer_id,
  customerName: r.customer_name,
  archiveNo: r.archive_no,
  userId: r.user_id,
  userName: r.user_name,
  channel: r.channel as Communication['channel'],
  occurredAt: r.occurred_at.toISOString(),
  contactIds: (r.contact_ids ?? []).map(String),
  subject: r.subject,
  content: r.content,
  result: r.result,
  customerNeeds: r.customer_needs,
  attitude: r.attitude,
  personLevel: r.person_level,
  visitOpportunity: r.visit_opportunity,
  nextStep: r.next_step_due && r.next_step_text !== null ? { dueOn: String(r.next_step_due), text: r.next_step_text, taskId: r.next_step_task_id } : null,
  checkIn: r.check_in_at && r.check_in_lat !== null && r.check_in_lng !== null ? { lat: r.check_in_lat, lng: r.check_in_lng, accuracy: r.check_in_accuracy ?? 0, at: r.check_in_at.toISOString() } : null,
  photoDocumentId: r.photo_document_id,
  createdAt: r.created_at.toISOString(),
});

/**
 * In the caller's transaction: a contact of a kind moves that kind's last contact (never back) and
 * its next due date, from the customer's class policy, in one statement (REL-2).
 */
export async function applyContact(tx: Kysely<DB>, customerId: string, kind: 'call' | 'visit', occurredAt: Date): Promise<void> {
  if (kind === 'call') {
    await sql`UPDATE contact_states s SET last_call_at = greatest(s.last_call_at, ${occurredAt}::timestamptz),
                     next_call_due = cadence_due(greatest(s.last_call_at, ${occurredAt}::timestamptz), c.filed_on, p.call_days)
                FROM customers c JOIN cadence_policies p ON p.abc_class = coalesce(c.abc_class, 'C')
               WHERE s.customer_id = ${customerId}::bigint AND c.id = s.customer_id`.execute(tx);
  } else {
    await sql`UPDATE contact_states s SET last_visit_at = greatest(s.last_visit_at, ${occurredAt}::timestamptz),
                     next_visit_due = cadence_due(greatest(s.last_visit_at, ${occurredAt}::timestamptz), c.filed_on, p.visit_days)
                FROM customers c JOIN cadence_policies p ON p.abc_class = coalesce(c.abc_class, 'C')
               WHERE s.customer_id = ${customerId}::bigint AND c.id = s.customer_id`.execute(tx);
  }
}

export async function logCommunication(db: Kysely<DB>, p: Principal, input: CreateCommunication, actor: Actor, now = new Date()): Promise<Communication> {
  const occurredAt = new Date(input.occurredAt);
  if (isInFuture(occurredAt, now)) throw fieldError('occurredAt', 'must not be in the future');
  if (input.nextStep && input.nextStep.dueOn < chinaDate(now)) throw fieldError('nextStep.dueOn', 'must be today or later');
  const { row } = await openCustomer(db, await subjectOf(db, p), input.customerId, 'update');
  const contactIds = [...new Set(input.contactIds ?? [])];
  if (contactIds.length > 0) {
    const found = await db.selectFrom('contacts').select('id').where('customer_id', '=', row.id).where('id', 'in', contactIds).execute();
    if (found.length !== contactIds.length) throw fieldError('contactIds', 'must be contacts of this customer');
  }
  if (input.photoDocumentId) {
    const doc = await db.selectFrom('documents').select('id').where('id', '=', input.photoDocumentId).where('customer_id', '=', row.id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!doc) throw fieldError('photoDocumentId', 'must be a document of this customer');
  }
  const id = await db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('communications')
      .values({
        customer_id: row.id,
        user_id: p.userId,
        channel: input.channel,
        occurred_at: occurredAt,
        contact_ids: contactIds,
        subject: input.subject.trim(),
        content: input.content,
        result: input.result ?? null,
        customer_needs: input.customerNeeds ?? null,
        attitude: input.attitude ?? null,
        person_level: input.personLevel ?? null,
        visit_opportunity: input.visitOpportunity ?? null,
        next_step_due: input.nextStep?.dueOn ?? null,
        next_step_text: input.nextStep?.text.trim() ?? null,
        check_in_lat: input.checkIn?.lat ?? null,
        check_in_lng: input.checkIn?.lng ?? null,
        check_in_accuracy: input.checkIn?.accuracy ?? null,
        check_in_at: input.checkIn ? now : null,
        photo_document_id: input.photoDocumentId ?? null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const kind = contactKindOf(input.channel);
    if (kind) {
      await applyContact(tx, row.id, kind, occurredAt);
      await completeCustomerTasks(tx, actor, row.id, kind === 'call' ? 'cadence_call' : 'cadence_visit', now);
    }
    if (input.nextStep) {
      const taskId = await createWorkTask(
        tx,
        actor,
        { kind: 'next_step', ownerId: p.userId, title: `下一步：${input.nextStep.text.trim()}（${row.name}）`, dueOn: input.nextStep.dueOn, customerId: row.id, refType: 'communication', refId: id, createdBy: p.userId },
        now,
      );
      await tx.updateTable('communications').set({ next_step_task_id: taskId }).where('id', '=', id).execute();
    }
    await recordAudit(tx, actor, { action: 'communication.logged', entityType: 'communication', entityId: id, data: { customerId: row.id, channel: input.channel, occurredAt: occurredAt.toISOString(), checkIn: Boolean(input.checkIn) } }, now);
    return id;
  });
  return toCommunication(await selectCommunications(db).where('m.id', '=', id).executeTakeFirstOrThrow());
}

export type CommunicationListQuery = { customerId?: string | undefined; userId?: string | undefined; channel?: Communication['channel'] | undefined; from?: string | undefined; to?: string | undefined; checkIn?: 'true' | undefined; limit: number; cursor?: string | undefined };

/** A date alone is a day in China: `from` its start, `to` its end. */
const bound = (v: string, end: boolean) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(Date.parse(`${v}T00:00:00+08:00`) + (end ? 86_400_000 : 0)) : new Date(v));

/** Newest first; only communications about customers the caller may see. */
export async function listCommunications(db: Kysely<DB>, p: Principal, q: CommunicationListQuery) {
  const subject = await subjectOf(db, p);
  let query = selectCommunications(db).where(visibleCustomers(subject)).where('c.lifecycle', 'not in', ['deleted', 'destroyed']);
  if (q.customerId) query = query.where('m.customer_id', '=', q.customerId);
  if (q.userId) query = query.where('m.user_id', '=', q.userId);
  if (q.channel) query = query.where('m.channel', '=', q.channel);
  if (q.from) query = query.where('m.occurred_at', '>=', bound(q.from, false));
  if (q.to) query = query.where('m.occurred_at', '<', bound(q.to, true));
  if (q.checkIn) query = query.where('m.check_in_at', 'is not', null);
  const after = decodeCursor(q.cursor, 2);
  if (after) {
    const [at, id] = after.map(String) as [string, string];
    if (Number.isNaN(Date.parse(at)) || !/^\d{1,18}$/.test(id)) throw new AppError('validation_failed', 'cursor: must be a value taken from nextCursor', { errors: [{ path: 'cursor', message: 'must be a value taken from nextCursor' }] });
    query = query.where(sql<boolean>`(m.occurred_at, m.id) < (${new Date(at)}::timestamptz, ${id}::bigint)`);
  }
  const rows = await query.orderBy('m.occurred_at', 'desc').orderBy('m.id', 'desc').limit(q.limit + 1).execute();
  const pageRows = rows.slice(0, q.limit);
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(toCommunication), nextCursor: rows.length > q.limit && last ? encodeCursor([last.occurred_at.toISOString(), last.id]) : null };
}

/** One communication, seen like its customer. */
export async function getCommunication(db: Kysely<DB>, p: Principal, id: string): Promise<Communication> {
  const r = await selectCommunications(db).where('m.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('communication');
  await openCustomer(db, await subjectOf(db, p), r.customer_id, 'read');
  return toCommunication(r);
}
