/**
 * Service requests (SVC-10, seed 002 客服管理系统): intake routed to a team's queue by the routing
 * rules, SLA deadlines from the urgency, status changes and conversation notes, escalation into a
 * complaint. Each write: authorize → load → rules → one conditional UPDATE (of two simultaneous
 * changes from one status only one applies) → event, task, audit — in one transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { Complaint } from '../../../contract/complaints.js';
import type {
  CreateServiceRequestInput, RoutingRules, ServiceNoteKind, ServiceRequest, ServiceStatus, SlaTable,
} from '../../../contract/service-requests.js';
import type { DB } from '../../db/schema.js';
import { AppError, fieldError, notFound } from '../../http/errors.js';
import { complaintIntakeRoles, inResponsibleDepartment, type ComplaintReader } from '../access/complaint-access.rules.js';
import { decideServiceRequestAccess, type ServiceRequestAccess } from '../access/service-request-access.rules.js';
import { notifyUsers, usersWithRole } from '../approvals/notifications.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { getComplaint, insertComplaint, personOnDuty, readerOf } from '../complaints/complaints.service.js';
import { openCustomer } from '../customers/customers.service.js';
import { completeTasksOf, createWorkTask } from '../tasks/tasks.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { eventsOf, selectServiceRequests, type ServiceRequestRow } from './service-requests.repository.js';
import {
  checkEscalation, checkRoutingRules, checkServiceTransition, checkSlaTable, DEFAULT_SLA_TABLE, firstResponseBreached, formatRequestNo, isServiceOverdue, mayWork,
  nextStatuses, resolutionBreached, routeTeam, routingKeeperRoles, runningStatuses, slaDeadlines, type SlaFacts,
} from './service-requests.rules.js';

const SLA_KEY = 'service_request_sla_table';
const ROUTING_KEY = 'service_request_routing';
const COUNTER_PREFIX = 'FW#service_request';
const REF = 'service_request';

export { readerOf };

export function accessOf(reader: ComplaintReader, r: ServiceRequestRow): ServiceRequestAccess {
  return decideServiceRequestAccess(reader, {
    customer: r.customer_id
      ? { ownerId: r.customer_owner_id!, departmentId: r.customer_department_id!, secrecyLevel: r.customer_secrecy_level as 'none', abcClass: (r.customer_abc_class as 'A' | null) ?? null }
      : null,
    teamDepartmentId: r.team_department_id,
    assigneeId: r.assignee_id,
  });
}

const slaFacts = (r: ServiceRequestRow): SlaFacts => ({
  status: r.status as ServiceStatus, firstResponseDueAt: r.first_response_due_at, firstRespondedAt: r.first_responded_at, resolutionDueAt: r.resolution_due_at, resolvedAt: r.resolved_at,
});

export function shapeListItem(r: ServiceRequestRow, showCustomer: boolean, now: Date) {
  const hidden = !showCustomer;
  const f = slaFacts(r);
  return {
    id: r.id, requestNo: r.request_no, status: r.status as ServiceStatus,
    customerId: r.customer_id, customerName: hidden ? null : (r.archive_name ?? r.customer_name), customerHidden: hidden, archiveNo: hidden ? null : (r.archive_no ?? null),
    contactName: hidden ? null : r.contact_name, contactPhone: hidden ? null : r.contact_phone,
    channel: r.channel as ServiceRequest['channel'], category: r.category as ServiceRequest['category'], urgency: r.urgency as ServiceRequest['urgency'], subject: r.subject,
    teamDepartmentId: r.team_department_id, teamName: r.team_name, assigneeId: r.assignee_id, assigneeName: r.assignee_name,
    receivedAt: r.received_at.toISOString(), receivedBy: r.received_by, receivedByName: r.received_by_name,
    firstResponseDueAt: r.first_response_due_at.toISOString(), firstRespondedAt: r.first_responded_at?.toISOString() ?? null,
    resolutionDueAt: r.resolution_due_at.toISOString(), resolvedAt: r.resolved_at?.toISOString() ?? null, closedAt: r.closed_at?.toISOString() ?? null,
    firstResponseBreached: firstResponseBreached(f, now), resolutionBreached: resolutionBreached(f, now), overdue: isServiceOverdue(f, now),
    complaintId: r.complaint_id, version: r.version, createdAt: r.created_at.toISOString(),
  };
}

async function shape(db: Kysely<DB>, r: ServiceRequestRow, showCustomer: boolean, now: Date): Promise<ServiceRequest> {
  const events = await eventsOf(db, r.id);
  const complaintNo = r.complaint_id ? ((await db.selectFrom('complaints').select('complaint_no').where('id', '=', r.complaint_id).executeTakeFirst())?.complaint_no ?? null) : null;
  return {
    ...shapeListItem(r, showCustomer, now),
    description: r.description, resolution: r.resolution, complaintNo,
    nextStatuses: nextStatuses(r.status as ServiceStatus),
    transitions: events.filter((e) => e.kind === 'transition').map((e) => ({ from: e.from_status as ServiceStatus, to: e.to_status as ServiceStatus, by: e.actor_id, byName: e.display_name, at: e.at.toISOString(), comment: e.body })),
    notes: events.filter((e) => e.kind === 'note').map((e) => ({ id: e.id, kind: e.note_kind as ServiceNoteKind, body: e.body ?? '', by: e.actor_id, byName: e.display_name, at: e.at.toISOString() })),
  };
}

async function loadVisible(db: Kysely<DB>, reader: ComplaintReader, id: string) {
  const row = await selectServiceRequests(db).where('s.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('service request');
  const access = accessOf(reader, row);
  if (!access.read) throw notFound('service request');
  return { row, access };
}

export async function getServiceRequest(db: Kysely<DB>, p: Principal, id: string, now = new Date()): Promise<ServiceRequest> {
  const { row, access } = await loadVisible(db, await readerOf(db, p), id);
  return shape(db, row, access.read && access.showCustomer, now);
}

// ---- settings: the SLA table and the routing rules ------------------------------------------------

export async function getSlaTable(db: Kysely<DB>): Promise<SlaTable> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SLA_KEY).executeTakeFirst();
  return (row?.value as SlaTable | undefined) ?? DEFAULT_SLA_TABLE;
}

async function saveSetting(db: Kysely<DB>, key: string, value: unknown, actor: Actor, action: 'service_request.sla_changed' | 'service_request.routing_changed', before: unknown, now: Date) {
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('settings').values({ key, value: JSON.stringify(value) }).onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now })).execute();
    await recordAudit(tx, actor, { action, entityType: 'settings', entityId: key, data: { from: before, to: value } }, now);
  });
}

export async function setSlaTable(db: Kysely<DB>, table: SlaTable, actor: Actor, now = new Date()): Promise<SlaTable> {
  const errors = checkSlaTable(table);
  if (errors.length) throw fieldError(errors[0]!.path, errors[0]!.message);
  await saveSetting(db, SLA_KEY, table, actor, 'service_request.sla_changed', await getSlaTable(db), now);
  return table;
}

export async function getRouting(db: Kysely<DB>): Promise<{ rules: RoutingRules }> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', ROUTING_KEY).executeTakeFirst();
  return { rules: (row?.value as RoutingRules | undefined) ?? [] };
}

export async function setRouting(db: Kysely<DB>, p: Principal, rules: RoutingRules, actor: Actor, now = new Date()): Promise<{ rules: RoutingRules }> {
  if (!p.roles.some((r) => routingKeeperRoles.includes(r))) throw new AppError('forbidden', 'The customer-service manager keeps the routing rules.', { rule: 'SVC-10' });
  const errors = checkRoutingRules(rules);
  if (errors.length) throw fieldError(errors[0]!.path, errors[0]!.message);
  const ids = [...new Set(rules.map((r) => r.departmentId))];
  if (ids.length) {
    const found = await db.selectFrom('departments').select('id').where('id', 'in', ids).where('disabled', '=', false).execute();
    const ok = new Set(found.map((d) => d.id));
    const bad = rules.findIndex((r) => !ok.has(r.departmentId));
    if (bad >= 0) throw fieldError(`rules.${bad}.departmentId`, 'no such active department');
  }
  await saveSetting(db, ROUTING_KEY, rules, actor, 'service_request.routing_changed', (await getRouting(db)).rules, now);
  return { rules };
}

// ---- intake -------------------------------------------------------------------------------------

/** Who receives a team's task: its manager, else its first active member. */
async function teamAssignee(tx: Kysely<DB>, departmentId: string): Promise<string | null> {
  const d = await tx.selectFrom('departments').select('manager_id').where('id', '=', departmentId).executeTakeFirst();
  if (d?.manager_id) return d.manager_id;
  const u = await tx.selectFrom('users').select('id').where('department_id', '=', departmentId).where('disabled', '=', false).orderBy('id').executeTakeFirst();
  return u?.id ?? null;
}

async function nextSeq(tx: Kysely<DB>, year: number): Promise<number> {
  const r = await sql<{ last: number }>`
    INSERT INTO archive_counters (prefix, year, last) VALUES (${COUNTER_PREFIX}, ${year}, 1)
    ON CONFLICT (prefix, year) DO UPDATE SET last = archive_counters.last + 1
    RETURNING last`.execute(tx);
  return r.rows[0]!.last;
}
const chinaYear = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();

const event = (tx: Kysely<DB>, e: { requestId: string; kind: 'transition' | 'note'; from?: string | null; to?: string | null; noteKind?: ServiceNoteKind | null; body: string | null; actorId: string | null; at: Date }) =>
  tx.insertInto('service_request_events').values({ request_id: e.requestId, kind: e.kind, from_status: e.from ?? null, to_status: e.to ?? null, note_kind: e.noteKind ?? null, body: e.body, actor_id: e.actorId, at: e.at }).execute();

export async function createServiceRequest(db: Kysely<DB>, p: Principal, input: CreateServiceRequestInput, actor: Actor, now = new Date()): Promise<ServiceRequest> {
  const reader = await readerOf(db, p);
  const intake = p.roles.some((r) => complaintIntakeRoles.includes(r));
  let customerId: string | null = null;
  if (input.customerId !== undefined) {
    // a customer the caller may not see does not exist for them (404)
    const opened = await openCustomer(db, reader, input.customerId, 'read', now);
    customerId = opened.row.id;
    if (!intake && opened.row.owner_id !== p.userId) throw new AppError('forbidden', 'Service requests are recorded by customer service or by the customer\'s owner.', { rule: 'SVC-10' });
  } else if (!intake) {
    throw new AppError('forbidden', 'Requests from someone not yet filed are recorded by customer service.', { rule: 'SVC-10' });
  }
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + 5 * 60_000) throw fieldError('receivedAt', 'must not be in the future');
  if (receivedAt.getTime() < Date.UTC(2000, 0, 1)) throw fieldError('receivedAt', 'is too far in the past');
  const [table, routing] = await Promise.all([getSlaTable(db), getRouting(db)]);
  let team = routeTeam(routing.rules, input.category);
  if (team) {
    const d = await db.selectFrom('departments').select('disabled').where('id', '=', team).executeTakeFirst();
    if (!d || d.disabled) team = null; // a rule naming a department since disabled: customer service keeps it
  }
  const due = slaDeadlines(receivedAt, input.urgency, table);
  const onDuty = team ? null : await personOnDuty(db, now);
  const id = await db.transaction().execute(async (tx) => {
    const requestNo = formatRequestNo(chinaYear(receivedAt), await nextSeq(tx, chinaYear(receivedAt)));
    const { id } = await tx.insertInto('service_requests').values({
      request_no: requestNo, customer_id: customerId, customer_name: customerId ? null : input.customerName!.trim(), contact_name: input.contactName ?? null, contact_phone: input.contactPhone ?? null,
      channel: input.channel, category: input.category, urgency: input.urgency, subject: input.subject, description: input.description, team_department_id: team,
      received_at: receivedAt, received_by: p.userId, first_response_due_at: due.firstResponseDueAt, resolution_due_at: due.resolutionDueAt, created_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    const taskOwner = (team ? await teamAssignee(tx, team) : null) ?? onDuty ?? (intake ? p.userId : null) ?? (await usersWithRole(tx, ['cs_manager']))[0] ?? p.userId;
    // the task carries no customer: the team may not see the archive; it leads to the request
    await createWorkTask(tx, actor, { kind: 'service_request', ownerId: taskOwner, title: `服务请求 ${requestNo}：${input.subject.slice(0, 80)}`, dueOn: chinaDate(due.resolutionDueAt), customerId: null, refType: REF, refId: id, createdBy: p.userId }, now);
    await recordAudit(tx, actor, { action: 'service_request.created', entityType: 'service_request', entityId: id, data: { requestNo, customerId, category: input.category, urgency: input.urgency, teamDepartmentId: team } }, now);
    return id;
  });
  return getServiceRequest(db, p, id, now);
}

// ---- status changes and notes -------------------------------------------------------------------

export async function transitionServiceRequest(db: Kysely<DB>, p: Principal, id: string, body: { to: ServiceStatus; comment?: string | undefined; resolution?: string | undefined }, actor: Actor, now = new Date()): Promise<ServiceRequest> {
  const reader = await readerOf(db, p);
  const { row } = await loadVisible(db, reader, id);
  const from = row.status as ServiceStatus;
  const verdict = checkServiceTransition({ status: from, assigneeId: row.assignee_id }, body, { roles: p.roles, userId: p.userId, inTeam: inResponsibleDepartment(reader, row.team_department_id) });
  if (!verdict.ok) {
    if (verdict.status === 400) throw fieldError(verdict.field!, 'is required for this step');
    throw new AppError(verdict.status === 409 ? 'conflict' : 'forbidden', verdict.reason, { rule: 'SVC-10', extra: { requestStatus: from, nextStatuses: nextStatuses(from) } });
  }
  await db.transaction().execute(async (tx) => {
    const set: Record<string, unknown> = { status: body.to, version: sql`version + 1` };
    if (from === 'open') Object.assign(set, { first_responded_at: sql`coalesce(first_responded_at, ${now}::timestamptz)`, assignee_id: sql`coalesce(assignee_id, ${p.userId}::bigint)` });
    if (body.to === 'resolved') Object.assign(set, { resolution: body.resolution, resolved_at: now });
    if (body.to === 'closed') set.closed_at = now;
    if (from === 'resolved' && body.to === 'in_progress') set.resolved_at = null;
    const upd = await tx.updateTable('service_requests').set(set as never).where('id', '=', row.id).where('status', '=', from).where('version', '=', row.version).returning('id').executeTakeFirst();
    if (!upd) throw new AppError('conflict', 'The request was changed by someone else meanwhile; reload it.', { rule: 'SVC-10' });
    await event(tx, { requestId: row.id, kind: 'transition', from, to: body.to, body: body.comment ?? body.resolution ?? null, actorId: p.userId, at: now });
    const ref = { refType: REF, refId: row.id };
    if (body.to === 'resolved' || body.to === 'closed') await completeTasksOf(tx, actor, { ...ref, kind: 'service_request' }, now);
    if (from === 'resolved' && body.to === 'in_progress') {
      const due = row.resolution_due_at.getTime() > now.getTime() ? row.resolution_due_at : new Date(now.getTime() + 86_400_000);
      await createWorkTask(tx, actor, { kind: 'service_request', ownerId: row.assignee_id ?? p.userId, title: `服务请求 ${row.request_no} 重新处理`, dueOn: chinaDate(due), customerId: null, ...ref, createdBy: p.userId }, now);
    }
    await recordAudit(tx, actor, { action: 'service_request.transitioned', entityType: 'service_request', entityId: row.id, data: { from, to: body.to } }, now);
  });
  return getServiceRequest(db, p, row.id, now);
}

export async function addNote(db: Kysely<DB>, p: Principal, id: string, note: { kind: ServiceNoteKind; body: string }, actor: Actor, now = new Date()): Promise<ServiceRequest> {
  const reader = await readerOf(db, p);
  const { row } = await loadVisible(db, reader, id);
  if (!mayWork({ roles: p.roles, userId: p.userId, inTeam: inResponsibleDepartment(reader, row.team_department_id) }, row.assignee_id)) {
    throw new AppError('forbidden', 'Customer service, the request\'s team or its assignee write its notes.', { rule: 'SVC-10' });
  }
  const from = row.status as ServiceStatus;
  if (from === 'closed' || from === 'escalated') throw new AppError('conflict', `A ${from} request takes no more notes${from === 'escalated' ? ': continue on its complaint' : ''}.`, { rule: 'SVC-10' });
  await db.transaction().execute(async (tx) => {
    // the first reply to the customer is the first response: an open request is then in progress
    const firstReply = note.kind === 'reply' && row.first_responded_at === null;
    const moves = note.kind === 'reply' && from === 'open';
    const upd = await tx.updateTable('service_requests')
      .set({
        version: sql`version + 1`,
        ...(firstReply ? { first_responded_at: now } : {}),
        ...(moves ? { status: 'in_progress', assignee_id: sql`coalesce(assignee_id, ${p.userId}::bigint)` } : {}),
      } as never)
      .where('id', '=', row.id).where('status', '=', from).returning('id').executeTakeFirst();
    if (!upd) throw new AppError('conflict', 'The request was changed by someone else meanwhile; reload it.', { rule: 'SVC-10' });
    await event(tx, { requestId: row.id, kind: 'note', noteKind: note.kind, body: note.body, actorId: p.userId, at: now });
    if (moves) await event(tx, { requestId: row.id, kind: 'transition', from, to: 'in_progress', body: '答复客户', actorId: p.userId, at: now });
    await recordAudit(tx, actor, { action: 'service_request.noted', entityType: 'service_request', entityId: row.id, data: { kind: note.kind, firstResponse: firstReply } }, now);
  });
  return getServiceRequest(db, p, row.id, now);
}

// ---- escalation into a complaint ----------------------------------------------------------------

export async function escalateServiceRequest(
  db: Kysely<DB>, p: Principal, id: string, body: { reason?: string | undefined; demand?: string | undefined; category?: Complaint['category'] | undefined; comment?: string | undefined }, actor: Actor, now = new Date(),
): Promise<Complaint> {
  const reader = await readerOf(db, p);
  const { row } = await loadVisible(db, reader, id);
  const from = row.status as ServiceStatus;
  const verdict = checkEscalation(from, p.roles);
  if (!verdict.ok) throw new AppError(verdict.status === 409 ? 'conflict' : 'forbidden', verdict.reason, { rule: 'SVC-10', extra: { requestStatus: from } });
  const handler = row.assignee_id ?? (await personOnDuty(db, now)) ?? p.userId;
  const complaintId = await db.transaction().execute(async (tx) => {
    const upd = await tx.updateTable('service_requests').set({ status: 'escalated', escalated_at: now, version: sql`version + 1` })
      .where('id', '=', row.id).where('status', '=', from).where('version', '=', row.version).returning('id').executeTakeFirst();
    if (!upd) throw new AppError('conflict', 'The request was changed by someone else meanwhile; reload it.', { rule: 'SVC-10' });
    const reason = (body.reason?.trim() ? body.reason : `【服务请求 ${row.request_no} 升级】${row.subject}\n${row.description}`).slice(0, 4000);
    const complaintId = await insertComplaint(tx, p, {
      customerId: row.customer_id, customerName: row.customer_id ? null : row.customer_name, contactName: row.contact_name, contactPhone: row.contact_phone, businessAddress: null,
      channel: row.channel as Complaint['channel'], category: body.category ?? (row.category === 'repair' ? 'quality' : row.category === 'consultation' || row.category === 'question' ? 'service' : 'other'),
      receivedAt: row.received_at, handlerId: handler, reason, demand: body.demand?.trim() ? body.demand : `见服务请求 ${row.request_no}`, products: [], serviceRequestId: row.id,
    }, actor, now);
    await tx.updateTable('service_requests').set({ complaint_id: complaintId }).where('id', '=', row.id).execute();
    await event(tx, { requestId: row.id, kind: 'transition', from, to: 'escalated', body: body.comment ?? null, actorId: p.userId, at: now });
    await completeTasksOf(tx, actor, { refType: REF, refId: row.id, kind: 'service_request' }, now);
    await recordAudit(tx, actor, { action: 'service_request.escalated', entityType: 'service_request', entityId: row.id, data: { from, complaintId } }, now);
    return complaintId;
  });
  return getComplaint(db, p, complaintId, now);
}

/** Running requests (the SLA timers) — for the escalation job. */
export { runningStatuses };

/** Who a late request's notices go to (SLA escalation): the assignee and the team's manager at level 1; the customer-service managers too at level 2. */
export async function notifySlaBreach(tx: Kysely<DB>, r: { id: string; request_no: string; assignee_id: string | null; manager_id: string | null }, level: 1 | 2, csManagers: readonly string[]) {
  const link = `/service-requests/${r.id}`;
  const people = [...(r.assignee_id ? [r.assignee_id] : []), ...(r.manager_id ? [r.manager_id] : []), ...(level === 2 ? csManagers : [])];
  await notifyUsers(tx, people.length ? people : csManagers, {
    kind: level === 1 ? 'service_request.first_response_late' : 'service_request.resolution_late',
    title: level === 1 ? `服务请求 ${r.request_no} 超过首次响应时限` : `服务请求 ${r.request_no} 超过解决时限`, link,
  });
}
