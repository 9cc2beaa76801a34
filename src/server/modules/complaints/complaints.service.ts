/**
 * Complaints (spec 05): intake at any hour routed to the person on duty (SVC-1, SVC-6), the state
 * machine with responsibility, deadline, approved plan, sign-off and follow-up (SVC-2 … SVC-5,
 * SVC-8). Each step: authorize → load → rules → one conditional UPDATE (of two simultaneous steps
 * from one state only one finds the state it expects) → transition row, tasks, approval, audit — in
 * one transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { Complaint, ComplaintState, ComplaintTarget, CreateComplaintInput, DeadlineTable, TransitionBody } from '../../../contract/complaints.js';
import type { DB } from '../../db/schema.js';
import { AppError, fieldError, notFound } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { complaintIntakeRoles, decideComplaintAccess, inResponsibleDepartment, type ComplaintAccess, type ComplaintReader } from '../access/complaint-access.rules.js';
import { registerApprovalEffect, requestApproval } from '../approvals/approvals.service.js';
import { notifyUsers, usersWithRole } from '../approvals/notifications.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer } from '../customers/customers.service.js';
import { fileRevisitReport, followUpReportOf, registerTaskCustomer } from '../relations/revisits.service.js';
import { completeTasksOf, createWorkTask } from '../tasks/tasks.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { selectComplaints, selectComplaintWithTransitions, nextComplaintSeq, type ComplaintRow, type TransitionJson } from './complaints.repository.js';
import {
  checkTransition, chinaYear, COMPLAINT_PREFIX, deadlineFor, DEFAULT_DEADLINE_TABLE, followUpDue, formatComplaintNo, isOverdue, nextTargets, onDutyAt, planApproverRole,
} from './complaints.rules.js';

const COUNTER_PREFIX = `${COMPLAINT_PREFIX}#complaint`;
const DEADLINE_KEY = 'complaint_deadline_table';

export async function readerOf(db: Kysely<DB>, p: Principal): Promise<ComplaintReader> {
  return { ...(await subjectOf(db, p)), departmentId: p.departmentId };
}

export function accessOf(reader: ComplaintReader, r: ComplaintRow): ComplaintAccess {
  return decideComplaintAccess(reader, {
    customer: r.customer_id
      ? { ownerId: r.customer_owner_id!, departmentId: r.customer_department_id!, secrecyLevel: r.customer_secrecy_level as 'none', abcClass: (r.customer_abc_class as 'A' | null) ?? null }
      : null,
    responsibleDepartmentId: r.responsible_department_id,
  });
}

type SignOff = { name: string; date: string; kind: 'typed' | 'drawn' | 'scan'; documentId: string | null };

/** The row as the reader may see it (list fields). */
export function shapeListItem(r: ComplaintRow, showCustomer: boolean, now: Date) {
  const hidden = !showCustomer;
  return {
    id: r.id, complaintNo: r.complaint_no, state: r.state as ComplaintState,
    customerId: r.customer_id, customerName: hidden ? null : (r.archive_name ?? r.customer_name), customerHidden: hidden, archiveNo: hidden ? null : (r.archive_no ?? null),
    channel: r.channel as Complaint['channel'], category: r.category as Complaint['category'],
    receivedAt: r.received_at.toISOString(), receivedBy: r.received_by, receivedByName: r.received_by_name, receivingDepartmentId: r.receiving_department_id,
    handlerId: r.handler_id, handlerName: r.handler_name,
    contactName: hidden ? null : r.contact_name, contactPhone: hidden ? null : r.contact_phone, businessAddress: hidden ? null : r.business_address,
    severity: r.severity as Complaint['severity'], responsibleDepartmentId: r.responsible_department_id, responsibleDepartmentName: r.responsible_department_name, handlingNo: r.handling_no,
    deadlineAt: r.deadline_at?.toISOString() ?? null, deadlineToldAt: r.deadline_told_at?.toISOString() ?? null,
    overdue: isOverdue({ state: r.state as ComplaintState, deadlineAt: r.deadline_at }, now),
    approvalId: r.approval_id,
    customerAcknowledged: r.customer_acknowledged,
    resolution: r.resolution_kind ? { kind: r.resolution_kind as 'other', lossAmount: String(r.loss_amount ?? '0.00') } : null,
    customerSignOff: (r.sign_off as SignOff | null) ?? null,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    followUp: r.followed_up_at ? { satisfaction: r.satisfaction!, comments: r.follow_up_comments ?? '', at: r.followed_up_at.toISOString(), revisitTaskId: r.revisit_task_id, revisitReportId: r.revisit_report_id } : null,
    closedAt: r.closed_at?.toISOString() ?? null,
    version: r.version, createdAt: r.created_at.toISOString(), serviceRequestId: r.service_request_id,
    reason: r.reason.slice(0, 200),
  };
}

function shape(r: ComplaintRow & { transitions_json: TransitionJson[] }, showCustomer: boolean, now: Date): Complaint {
  const trs = r.transitions_json.map((t) => ({ ...t, at: new Date(t.at) }));
  return {
    ...shapeListItem(r, showCustomer, now),
    reason: r.reason, demand: r.demand, products: (r.products as Complaint['products']) ?? [],
    explanation: r.explanation, cause: r.cause, plan: r.plan,
    receiverOpinion: r.receiver_opinion, managerOpinion: r.manager_opinion, customerOpinion: r.customer_opinion,
    nextTargets: nextTargets(r.state as ComplaintState),
    transitions: trs.map((t) => ({ from: t.from_state as ComplaintState, to: t.to_state as ComplaintTarget, state: t.state as ComplaintState, by: t.actor_id, byName: t.display_name, at: t.at.toISOString(), comment: t.comment })),
  };
}

/** Loads a complaint the reader may see, or 404. */
async function loadVisible(db: Kysely<DB>, reader: ComplaintReader, id: string) {
  const row = await selectComplaintWithTransitions(db).where('k.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('complaint');
  const access = accessOf(reader, row);
  if (!access.read) throw notFound('complaint');
  return { row, access };
}

export async function getComplaint(db: Kysely<DB>, p: Principal, id: string, now = new Date()): Promise<Complaint> {
  const { row, access } = await loadVisible(db, await readerOf(db, p), id);
  return shape(row, access.read && access.showCustomer, now);
}

export async function getDeadlineTable(db: Kysely<DB>): Promise<DeadlineTable> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', DEADLINE_KEY).executeTakeFirst();
  return { ...DEFAULT_DEADLINE_TABLE, ...((row?.value as Partial<DeadlineTable> | undefined) ?? {}) };
}

export async function setDeadlineTable(db: Kysely<DB>, table: DeadlineTable, actor: Actor, now = new Date()): Promise<DeadlineTable> {
  if (!(table.urgent <= table.high && table.high <= table.normal)) throw fieldError('high', 'must lie between urgent and normal (urgent ≤ high ≤ normal)');
  return db.transaction().execute(async (tx) => {
    const before = await getDeadlineTable(tx);
    await tx.insertInto('settings').values({ key: DEADLINE_KEY, value: JSON.stringify(table) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(table), updated_at: now })).execute();
    await recordAudit(tx, actor, { action: 'complaint.deadline_table_changed', entityType: 'settings', entityId: DEADLINE_KEY, data: { from: before, to: table } }, now);
    return table;
  });
}

/** The person on duty now (轮班), if the rota names one who is still active. */
export async function personOnDuty(db: Kysely<DB>, at: Date): Promise<string | null> {
  const entries = await db.selectFrom('complaint_rota as r').innerJoin('users as u', 'u.id', 'r.user_id').where('u.disabled', '=', false)
    .select(['r.user_id', 'r.weekday', 'r.start_hour', 'r.end_hour']).orderBy('r.position').execute();
  const e = onDutyAt(entries.map((x) => ({ userId: x.user_id, weekday: x.weekday, startHour: x.start_hour, endHour: x.end_hour })), at);
  return e?.userId ?? null;
}

export type ComplaintRecord = {
  customerId: string | null; customerName: string | null; contactName: string | null; contactPhone: string | null; businessAddress: string | null;
  channel: Complaint['channel']; category: Complaint['category']; receivedAt: Date; handlerId: string | null; reason: string; demand: string;
  products: Complaint['products']; serviceRequestId: string | null;
};

/**
 * In the caller's transaction (after it authorized): the next gap-free number, the complaint, its
 * audit event and the notification of its handler (or of the cs managers when nobody is on duty).
 * Intake and the escalation of a service request (SVC-10) both come through here.
 */
export async function insertComplaint(tx: Kysely<DB>, p: Principal, c: ComplaintRecord, actor: Actor, now: Date): Promise<string> {
  if (!tx.isTransaction) throw new Error('insertComplaint needs a transaction');
  const seq = await nextComplaintSeq(tx, COUNTER_PREFIX, chinaYear(c.receivedAt));
  const complaintNo = formatComplaintNo(chinaYear(c.receivedAt), seq);
  const { id } = await tx.insertInto('complaints').values({
    complaint_no: complaintNo, customer_id: c.customerId, customer_name: c.customerName,
    contact_name: c.contactName, contact_phone: c.contactPhone, business_address: c.businessAddress,
    channel: c.channel, category: c.category, received_at: c.receivedAt, received_by: p.userId, receiving_department_id: p.departmentId,
    handler_id: c.handlerId, reason: c.reason, demand: c.demand, products: JSON.stringify(c.products), started_at: c.receivedAt, created_at: now,
    service_request_id: c.serviceRequestId,
  }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(tx, actor, { action: 'complaint.created', entityType: 'complaint', entityId: id, data: { complaintNo, customerId: c.customerId, channel: c.channel, handlerId: c.handlerId, serviceRequestId: c.serviceRequestId } }, now);
  const title = `新投诉 ${complaintNo}：${c.reason.slice(0, 60)}`;
  if (c.handlerId && c.handlerId !== p.userId) await notifyUsers(tx, [c.handlerId], { kind: 'complaint.received', title, link: `/complaints/${id}` });
  if (!c.handlerId) await notifyUsers(tx, await usersWithRole(tx, ['cs_manager']), { kind: 'complaint.unrouted', title: `${title}（无人值班）`, link: `/complaints/${id}` });
  return id;
}

export async function createComplaint(db: Kysely<DB>, p: Principal, input: CreateComplaintInput, actor: Actor, now = new Date()): Promise<Complaint> {
  const reader = await readerOf(db, p);
  const intake = p.roles.some((r) => complaintIntakeRoles.includes(r));
  let customerId: string | null = null;
  if (input.customerId !== undefined) {
    let owner: string | null;
    try {
      const opened = await openCustomer(db, reader, input.customerId, 'read', now);
      customerId = opened.row.id;
      owner = opened.row.owner_id;
    } catch (e) {
      if (e instanceof AppError && e.code === 'not_found') throw fieldError('customerId', 'no such archive visible to you');
      throw e;
    }
    if (!intake && owner !== p.userId) throw new AppError('forbidden', 'Complaints are recorded by customer service or by the customer\'s owner.', { rule: 'SVC-1' });
  } else if (!intake) {
    throw new AppError('forbidden', 'Complaints from someone not yet filed are recorded by customer service.', { rule: 'SVC-1' });
  }
  const receivedAt = new Date(input.receivedAt);
  if (receivedAt.getTime() > now.getTime() + 5 * 60_000) throw fieldError('receivedAt', 'must not be in the future');
  if (receivedAt.getTime() < Date.UTC(2000, 0, 1)) throw fieldError('receivedAt', 'is too far in the past');
  const onDuty = await personOnDuty(db, now);
  const handler = onDuty ?? (intake ? p.userId : null);
  const id = await db.transaction().execute((tx) => insertComplaint(tx, p, {
    customerId, customerName: customerId ? null : input.customerName!.trim(), contactName: input.contactName ?? null, contactPhone: input.contactPhone ?? null,
    businessAddress: input.businessAddress ?? null, channel: input.channel, category: input.category ?? 'other', receivedAt, handlerId: handler,
    reason: input.reason, demand: input.demand, products: input.products ?? [], serviceRequestId: null,
  }, actor, now));
  return getComplaint(db, p, id, now);
}

/** Who receives a department's task: its manager, else its first active member. */
async function departmentAssignee(tx: Kysely<DB>, departmentId: string): Promise<string | null> {
  const d = await tx.selectFrom('departments').select('manager_id').where('id', '=', departmentId).executeTakeFirst();
  if (d?.manager_id) return d.manager_id;
  const u = await tx.selectFrom('users').select('id').where('department_id', '=', departmentId).where('disabled', '=', false).orderBy('id').executeTakeFirst();
  return u?.id ?? null;
}

async function checkStepFields(db: Kysely<DB>, row: ComplaintRow, body: TransitionBody) {
  if (body.to === 'assigned') {
    const d = await db.selectFrom('departments').select(['id', 'disabled']).where('id', '=', body.responsibleDepartmentId!).executeTakeFirst();
    if (!d || d.disabled) throw fieldError('responsibleDepartmentId', 'no such active department');
  }
  if (body.to === 'resolved') {
    const s = body.customerSignOff!;
    if (s.kind !== 'typed') {
      if (!s.documentId) throw fieldError('customerSignOff.documentId', `is required for a ${s.kind} sign-off (the image document in the archive)`);
      if (!row.customer_id) throw fieldError('customerSignOff.documentId', 'link the complaint to an archive first: the signature is filed there');
      const doc = await db.selectFrom('documents').select('id').where('id', '=', s.documentId).where('customer_id', '=', row.customer_id).where('deleted_at', 'is', null).executeTakeFirst();
      if (!doc) throw fieldError('customerSignOff.documentId', 'no such document in the customer\'s archive');
    }
  }
}

export async function transitionComplaint(db: Kysely<DB>, p: Principal, id: string, body: TransitionBody, actor: Actor, now = new Date()): Promise<Complaint> {
  const reader = await readerOf(db, p);
  const { row } = await loadVisible(db, reader, id);
  const from = row.state as ComplaintState;
  const verdict = checkTransition({ state: from, closedAt: row.closed_at }, body, { roles: p.roles, inResponsibleDepartment: inResponsibleDepartment(reader, row.responsible_department_id) }, now);
  if (!verdict.ok) {
    if (verdict.status === 400) throw fieldError(verdict.field!, 'is required for this step');
    throw new AppError(verdict.status === 409 ? 'conflict' : 'forbidden', verdict.reason, { rule: 'SVC-2', extra: { state: from, nextTargets: nextTargets(from) } });
  }
  const step = verdict.step;
  await checkStepFields(db, row, body);
  const table = body.to === 'assigned' || body.to === 'reopened' ? await getDeadlineTable(db) : DEFAULT_DEADLINE_TABLE;

  await db.transaction().execute(async (tx) => {
    const set: Record<string, unknown> = { state: step.lands, version: sql`version + 1` };
    const data: Record<string, unknown> = {};
    switch (body.to) {
      case 'explained':
        Object.assign(set, { explanation: body.explanation, customer_acknowledged: body.customerAcknowledged ?? true });
        break;
      case 'assigned': {
        const deadline = deadlineFor(row.started_at, body.severity!, table);
        Object.assign(set, { responsible_department_id: body.responsibleDepartmentId, severity: body.severity, deadline_at: deadline, deadline_told_at: now, escalation_level: 0, handling_no: row.handling_no ?? row.complaint_no.replace(/^TS-/, 'CL-') });
        Object.assign(data, { deadlineAt: deadline.toISOString(), severity: body.severity, responsibleDepartmentId: body.responsibleDepartmentId, customerToldAt: now.toISOString() });
        break;
      }
      case 'investigating':
        set.cause = body.cause;
        break;
      case 'plan_proposed':
        set.plan = body.plan;
        break;
      case 'resolved':
        Object.assign(set, {
          resolution_kind: body.resolution!.kind, loss_amount: body.resolution!.lossAmount, resolved_at: now,
          sign_off: JSON.stringify({ name: body.customerSignOff!.name, date: body.customerSignOff!.date, kind: body.customerSignOff!.kind, documentId: body.customerSignOff!.documentId ?? null }),
        });
        break;
      case 'followed_up':
        Object.assign(set, { satisfaction: body.satisfaction, follow_up_comments: body.comments, followed_up_at: now });
        break;
      case 'closed':
        set.closed_at = now;
        break;
      case 'reopened': {
        // the promised time runs again from the reopening
        const deadline = row.severity ? deadlineFor(now, row.severity as 'normal', table) : null;
        // the earlier follow-up's revisit report stays in the archive; the complaint waits for a new one
        Object.assign(set, { started_at: now, deadline_at: deadline, escalation_level: 0, resolved_at: null, followed_up_at: null, closed_at: null, approval_id: null, revisit_report_id: null });
        data.deadlineAt = deadline?.toISOString() ?? null;
        break;
      }
    }
    // the handling form's opinions may be written at any step from assignment on
    if (body.receiverOpinion !== undefined) set.receiver_opinion = body.receiverOpinion;
    if (body.managerOpinion !== undefined) set.manager_opinion = body.managerOpinion;
    if (body.customerOpinion !== undefined) set.customer_opinion = body.customerOpinion;

    // the conditional UPDATE and the transition row in one statement (PLT-7): no row back = someone moved it first
    const comment = body.comment ?? body.explanation ?? body.cause ?? body.plan ?? null;
    const upd = await tx
      .with('u', (w) => w.updateTable('complaints').set(set as never).where('id', '=', row.id).where('state', '=', from).where('version', '=', row.version).returning('id'))
      .insertInto('complaint_transitions')
      .columns(['complaint_id', 'from_state', 'to_state', 'state', 'actor_id', 'at', 'comment', 'data'])
      .expression((eb) => eb.selectFrom('u').select([
        'u.id', sql<string>`${from}::text`.as('from_state'), sql<string>`${body.to}::text`.as('to_state'), sql<string>`${step.lands}::text`.as('state'),
        sql<string>`${p.userId}::bigint`.as('actor_id'), sql<Date>`${now}::timestamptz`.as('at'), sql<string | null>`${comment}::text`.as('comment'), sql<string>`${JSON.stringify(data)}::jsonb`.as('data'),
      ]))
      .returning('complaint_id')
      .executeTakeFirst();
    if (!upd) throw new AppError('conflict', 'The complaint was moved by someone else meanwhile; reload it.', { rule: 'SVC-2' });

    const ref = { refType: 'complaint', refId: row.id };
    // complaint tasks carry no customer: the department may not see the archive, and a task is
    // listed like its customer; the task leads to the complaint (refType/refId), which it may see
    const noCustomer = { customerId: null };
    if (body.to === 'assigned' || (body.to === 'reopened' && row.responsible_department_id)) {
      const deptId = body.responsibleDepartmentId ?? row.responsible_department_id!;
      const owner = (await departmentAssignee(tx, deptId)) ?? row.handler_id ?? p.userId;
      const deadline = body.to === 'assigned' ? deadlineFor(row.started_at, body.severity!, table) : row.severity ? deadlineFor(now, row.severity as 'normal', table) : new Date(now.getTime() + 7 * 86_400_000);
      await createWorkTask(tx, actor, { kind: 'complaint_deadline', ownerId: owner, title: `投诉处理 ${row.complaint_no}（期限 ${chinaDate(deadline)}）`, dueOn: chinaDate(deadline), ...noCustomer, ...ref, createdBy: p.userId }, now);
    }
    if (body.to === 'plan_proposed') {
      const approval = await requestApproval(tx, actor, {
        type: 'complaint_plan', subjectType: 'complaint', subjectId: row.id, customerId: row.customer_id, summary: `投诉 ${row.complaint_no} 处理方案待审核`,
        payload: { complaintId: row.id, complaintNo: row.complaint_no, plan: body.plan }, requesterId: p.userId, approverRole: planApproverRole, approverRule: 'SVC-4',
      }, now);
      await tx.updateTable('complaints').set({ approval_id: approval.id }).where('id', '=', row.id).execute();
    }
    if (body.to === 'resolved') {
      await completeTasksOf(tx, actor, { ...ref, kind: 'complaint_deadline' }, now);
      await createWorkTask(tx, actor, { kind: 'complaint_follow_up', ownerId: row.handler_id ?? p.userId, title: `投诉回访 ${row.complaint_no}（7 日内）`, dueOn: chinaDate(followUpDue(now)), ...noCustomer, ...ref, createdBy: p.userId }, now);
    }
    if (body.to === 'followed_up') {
      // a revisit report already filed by hand for the follow-up task is this follow-up's report: one per follow-up
      const filed = row.customer_id ? await followUpReportOf(tx, { ...ref, kind: 'complaint_follow_up' }) : null;
      await completeTasksOf(tx, actor, { ...ref, kind: 'complaint_follow_up' }, now);
      if (filed) await tx.updateTable('complaints').set({ revisit_report_id: filed }).where('id', '=', row.id).execute();
      else if (row.customer_id) await fileFollowUpReport(tx, actor, { ...row, customer_id: row.customer_id }, { satisfaction: body.satisfaction!, comments: body.comments!, at: now, visitorId: p.userId }, now);
    }
    if (body.to === 'closed') await completeTasksOf(tx, actor, ref, now);
    await recordAudit(tx, actor, { action: 'complaint.transitioned', entityType: 'complaint', entityId: row.id, data: { from, to: body.to, state: step.lands, ...data } }, now);
  });
  return getComplaint(db, p, row.id, now);
}

/**
 * SVC-8 → REL-7: the follow-up (回访) filed as the customer's revisit report (客户回访报告表) through
 * the relations service, in the transition's transaction, and named on the complaint. It is filed
 * under the complaint's authority (customer service's follow-up duty), so it needs no right to
 * change the archive; what it writes is what the caller just typed.
 */
async function fileFollowUpReport(
  tx: Kysely<DB>, actor: Actor, row: Pick<ComplaintRow, 'id' | 'complaint_no' | 'contact_name'> & { customer_id: string },
  followUp: { satisfaction: number; comments: string; at: Date; visitorId: string }, now: Date,
): Promise<string> {
  const reportId = await fileRevisitReport(tx, actor, {
    customerId: row.customer_id, visitedOn: chinaDate(followUp.at), method: 'phone', visitorId: followUp.visitorId, contactsMet: row.contact_name,
    evaluation: `投诉 ${row.complaint_no} 回访：${followUp.comments}`, satisfaction: followUp.satisfaction,
    source: { type: 'complaint', id: row.id }, createdBy: followUp.visitorId,
  }, now);
  await tx.updateTable('complaints').set({ revisit_report_id: reportId }).where('id', '=', row.id).execute();
  return reportId;
}

// a revisit report filed by hand for a complaint's follow-up task is about the complaint's archive (SVC-8)
registerTaskCustomer('complaint', async (db, complaintId) => (await db.selectFrom('complaints').select('customer_id').where('id', '=', complaintId).executeTakeFirst())?.customer_id ?? null);

/** The plan's decision moves the complaint (SEC-7): approved → plan_approved, rejected or withdrawn → investigating. */
async function decidePlan(tx: Kysely<DB>, complaintId: string, to: ComplaintTarget, lands: ComplaintState, deciderId: string | null, comment: string | null, now: Date) {
  const upd = await tx.updateTable('complaints').set({ state: lands, approval_id: null, version: sql`version + 1` }).where('id', '=', complaintId).where('state', '=', 'plan_proposed').returning('id').executeTakeFirst();
  if (!upd) throw new AppError('conflict', 'The complaint\'s plan is no longer waiting for approval.', { rule: 'SVC-4' });
  await tx.insertInto('complaint_transitions').values({ complaint_id: complaintId, from_state: 'plan_proposed', to_state: to, state: lands, actor_id: deciderId, at: now, comment, data: '{}' }).execute();
}

registerApprovalEffect('complaint_plan', {
  async onApproved(tx, approval, ctx) {
    await decidePlan(tx, approval.subjectId, 'plan_approved', 'plan_approved', ctx.deciderId, ctx.comment, ctx.now);
    await recordAudit(tx, ctx.actor, { action: 'complaint.transitioned', entityType: 'complaint', entityId: approval.subjectId, data: { from: 'plan_proposed', to: 'plan_approved', approvalId: approval.id } }, ctx.now);
  },
  async onRejected(tx, approval, ctx) {
    await decidePlan(tx, approval.subjectId, 'investigating', 'investigating', ctx.deciderId, ctx.comment, ctx.now);
    await recordAudit(tx, ctx.actor, { action: 'complaint.transitioned', entityType: 'complaint', entityId: approval.subjectId, data: { from: 'plan_proposed', to: 'investigating', approvalId: approval.id } }, ctx.now);
  },
  async onWithdrawn(tx, approval, ctx) {
    await decidePlan(tx, approval.subjectId, 'investigating', 'investigating', ctx.deciderId, ctx.comment ?? '撤回方案', ctx.now);
  },
  link: (a) => `/complaints/${a.subjectId}`,
});

/** A complaint from someone not yet filed joins their archive (customer service). */
export async function linkCustomer(db: Kysely<DB>, p: Principal, id: string, customerId: string, actor: Actor, now = new Date()): Promise<Complaint> {
  const reader = await readerOf(db, p);
  const { row } = await loadVisible(db, reader, id);
  if (!p.roles.some((r) => complaintIntakeRoles.includes(r))) throw new AppError('forbidden', 'Customer service links complaints to archives.', { rule: 'SVC-1' });
  if (row.customer_id) throw new AppError('conflict', 'This complaint is already linked to an archive.', { rule: 'SVC-1' });
  let target: string;
  try {
    target = (await openCustomer(db, reader, customerId, 'read', now)).row.id;
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw fieldError('customerId', 'no such archive visible to you');
    throw e;
  }
  await db.transaction().execute(async (tx) => {
    const upd = await tx.updateTable('complaints').set({ customer_id: target, version: sql`version + 1` }).where('id', '=', row.id).where('customer_id', 'is', null).returning('id').executeTakeFirst();
    if (!upd) throw new AppError('conflict', 'This complaint is already linked to an archive.', { rule: 'SVC-1' });
    // followed up before it had an archive: the follow-up joins the archive as its revisit report now (SVC-8, REL-7)
    let revisitReportId: string | null = null;
    if (row.followed_up_at && row.satisfaction !== null && !row.revisit_report_id) {
      const by = await tx.selectFrom('complaint_transitions').select('actor_id').where('complaint_id', '=', row.id).where('to_state', '=', 'followed_up').orderBy('id', 'desc').executeTakeFirst();
      revisitReportId = await fileFollowUpReport(tx, actor, { ...row, customer_id: target }, { satisfaction: row.satisfaction, comments: row.follow_up_comments ?? '', at: row.followed_up_at, visitorId: by?.actor_id ?? p.userId }, now);
    }
    await recordAudit(tx, actor, { action: 'complaint.linked', entityType: 'complaint', entityId: row.id, data: { customerId: target, revisitReportId } }, now);
  });
  return getComplaint(db, p, row.id, now);
}
