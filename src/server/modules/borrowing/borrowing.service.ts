/**
 * Access requests and the borrowing register (SEC-6): a request becomes an approval for the
 * approver the policy names; approving it starts the grant, which the access policy honours
 * until it ends or is returned — no job revokes anything, time does.
 */
import { sql, type Kysely } from 'kysely';
import type { FieldGroup } from '../../../contract/access.js';
import type { AccessRequest } from '../../../contract/approvals.js';
import type { RoleKey } from '../../../contract/roles.js';
import type { DB } from '../../db/schema.js';
import { decodeIdCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, notFound } from '../../http/errors.js';
import { hasPermission } from '../access/access.rules.js';
import { subjectOf } from '../access/access.service.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import { recordAudit, recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { registerApprovalEffect, requestApproval, type ApprovalRecord } from '../approvals/approvals.service.js';
import { notifyUsers } from '../approvals/notifications.service.js';
import { askedApproverRole } from '../approvals/approvals.rules.js';
import { peekCustomerAccess } from '../customers/customers.service.js';
import { LOOKUP_DAYS, lookupReveals, planAccessRequest, requestState } from './borrowing.rules.js';

export type CreateAccessRequest = { customerId: string; groups: FieldGroup[]; purpose: string; durationMinutes: number };

export async function createAccessRequest(db: Kysely<DB>, p: Principal, input: CreateAccessRequest, actor: Actor, now = new Date()) {
  const subject = await subjectOf(db, p);
  const target = await peekCustomerAccess(db, subject, input.customerId, now);
  if (!target) throw notFound('customer');
  const visible = target.decision.effect === 'allow';
  // SEC-6: an archive the caller may not see is known to them only through the deliberate
  // archive-number lookup (audited); any other id answers exactly as one that does not exist,
  // and so does one whose level the lookup never reveals (confidential, top secret).
  if (!visible && (!lookupReveals(target.secrecyLevel) || !(await lookedUp(db, p.userId, target.id, now)))) throw notFound('customer');
  const readable = target.decision.effect === 'allow' ? target.decision.groups : [];
  const plan = planAccessRequest(target.secrecyLevel, input.groups, readable, input.durationMinutes);
  if (!plan.ok) throw new AppError('rule_violation', `This request can never be granted: ${plan.reason}.`, { rule: plan.rule });
  return db.transaction().execute(async (tx) => {
    const approval = await requestApproval(
      tx,
      actor,
      {
        type: 'access_request',
        subjectType: 'customer',
        subjectId: target.id,
        customerId: target.id,
        summary: `查借阅：${target.archiveNo}（${plan.groups.join('、')}，${input.durationMinutes} 分钟）`,
        payload: { groups: plan.groups, purpose: input.purpose.trim(), durationMinutes: input.durationMinutes, secrecyLevel: target.secrecyLevel, archiveNo: target.archiveNo },
        requesterId: p.userId,
        approverRole: plan.approverRole,
        approverRule: plan.rule,
        expiresInDays: 7,
      },
      now,
    );
    const row = await tx
      .insertInto('access_requests')
      .values({ approval_id: approval.id, customer_id: target.id, requester_id: p.userId, groups: plan.groups, purpose: input.purpose.trim(), duration_minutes: input.durationMinutes, secrecy_level: target.secrecyLevel, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'access.requested', entityType: 'customer', entityId: target.id, data: { accessRequestId: row.id, groups: plan.groups, durationMinutes: input.durationMinutes, approverRole: plan.approverRole } }, now);
    return { id: row.id, approvalId: approval.id, state: 'pending' as const, approverRole: approval.approverRole, customerId: target.id, groups: plan.groups, durationMinutes: input.durationMinutes };
  });
}

/** Whether the caller found this archive through the archive-number lookup within the last 7 days (SEC-6). */
async function lookedUp(db: Kysely<DB>, userId: string, customerId: string, now: Date): Promise<boolean> {
  const r = await db
    .selectFrom('audit_events')
    .select('id')
    .where('actor_id', '=', userId)
    .where('action', '=', 'access.looked_up')
    .where('entity_id', '=', customerId)
    .where('at', '>', new Date(now.getTime() - LOOKUP_DAYS * 86_400_000))
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** HH:MM in China time: the times people in the company read. */
const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);

// Approving starts the grant. The archive's level is checked again: it may have been raised since.
registerApprovalEffect('access_request', {
  async onApproved(tx, approval: ApprovalRecord, ctx) {
    const req = await tx.selectFrom('access_requests').selectAll().where('approval_id', '=', approval.id).forUpdate().executeTakeFirstOrThrow();
    const customer = await tx.selectFrom('customers').select(['secrecy_level', 'lifecycle', 'name']).where('id', '=', req.customer_id).executeTakeFirstOrThrow();
    if (customer.lifecycle === 'deleted' || customer.lifecycle === 'destroyed') throw new AppError('conflict', 'The archive is no longer available.', { rule: 'SEC-6' });
    const plan = planAccessRequest(customer.secrecy_level as never, req.groups as FieldGroup[], [], req.duration_minutes);
    if (!plan.ok) throw new AppError('rule_violation', `This request can no longer be granted: ${plan.reason}.`, { rule: plan.rule });
    if (plan.approverRole !== askedApproverRole(approval)) {
      throw new AppError('conflict', `The archive's secrecy level changed; ${plan.approverRole} must approve a new request.`, { rule: plan.rule });
    }
    const endsAt = new Date(ctx.now.getTime() + req.duration_minutes * 60_000);
    await tx.updateTable('access_requests').set({ starts_at: ctx.now, ends_at: endsAt }).where('id', '=', req.id).execute();
    await notifyUsers(tx, [req.requester_id], { kind: 'access.granted', title: `${customer.name}：${chinaTime(ctx.now)} 起 ${req.duration_minutes} 分钟`, link: `/customers/${req.customer_id}` });
  },
  link: (a) => (a.customerId ? `/customers/${a.customerId}` : null),
});

type Joined = {
  id: string; approval_id: string; customer_id: string; requester_id: string; groups: string[]; purpose: string; duration_minutes: number;
  secrecy_level: string; starts_at: Date | null; ends_at: Date | null; returned_at: Date | null; created_at: Date;
  approval_state: string; approval_expires_at: Date; approver_role: string; decided_at: Date | null; decided_by_name: string | null;
  requester_name: string | null; customer_name: string; archive_no: string;
};

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('access_requests as r')
    .innerJoin('approvals as a', 'a.id', 'r.approval_id')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .leftJoin('users as q', 'q.id', 'r.requester_id')
    .leftJoin('users as d', 'd.id', 'a.decided_by')
    .select([
      'r.id', 'r.approval_id', 'r.customer_id', 'r.requester_id', 'r.groups', 'r.purpose', 'r.duration_minutes', 'r.secrecy_level',
      'r.starts_at', 'r.ends_at', 'r.returned_at', 'r.created_at', 'a.state as approval_state', 'a.expires_at as approval_expires_at',
      'a.approver_role', 'a.decided_at', 'd.display_name as decided_by_name', 'q.display_name as requester_name', 'c.name as customer_name', 'c.archive_no',
    ]);
}

function shape(r: Joined, now: Date, showCustomer: boolean): AccessRequest {
  const approvalState = (r.approval_state === 'pending' && r.approval_expires_at <= now ? 'expired' : r.approval_state) as 'pending';
  return {
    id: r.id,
    approvalId: r.approval_id,
    customerId: r.customer_id,
    customerName: showCustomer ? r.customer_name : null,
    archiveNo: showCustomer ? r.archive_no : null,
    requesterId: r.requester_id,
    requesterName: r.requester_name,
    groups: r.groups as FieldGroup[],
    purpose: r.purpose,
    durationMinutes: r.duration_minutes,
    secrecyLevel: showCustomer ? r.secrecy_level : null,
    state: requestState({ approvalState, startsAt: r.starts_at, endsAt: r.ends_at, returnedAt: r.returned_at }, now),
    approverRole: r.approver_role as RoleKey,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at?.toISOString() ?? null,
    startsAt: r.starts_at?.toISOString() ?? null,
    expiresAt: r.ends_at?.toISOString() ?? null,
    returnedAt: r.returned_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

const mayKeepRegister = (p: Principal) => hasPermission(p.roles, 'borrowing.register');

/** The requester, the register's keepers and whoever stands for the approver see a request. */
async function loadVisible(db: Kysely<DB>, p: Principal, id: string) {
  const r = (await baseQuery(db).where('r.id', '=', id).executeTakeFirst()) as Joined | undefined;
  if (!r) throw notFound('access request');
  const isApprover = p.roles.includes(r.approver_role as RoleKey);
  if (r.requester_id !== p.userId && !mayKeepRegister(p) && !isApprover) throw notFound('access request');
  return r;
}

export async function getAccessRequest(db: Kysely<DB>, p: Principal, id: string, now = new Date()): Promise<AccessRequest> {
  const r = await loadVisible(db, p, id);
  // the requester learns the name of what they asked for only once it is granted or visible anyway
  const subject = await subjectOf(db, p);
  const visible = await db.selectFrom('customers as c').select('c.id').where('c.id', '=', r.customer_id).where(visibleCustomers(subject)).executeTakeFirst();
  return shape(r, now, visible !== undefined || mayKeepRegister(p) || p.roles.includes(r.approver_role as RoleKey));
}

export type AccessRequestQuery = { customerId?: string | undefined; requesterId?: string | undefined; state?: AccessRequest['state'] | undefined; limit: number; cursor?: string | undefined };

async function listRows(db: Kysely<DB>, p: Principal, q: AccessRequestQuery, everyone: boolean) {
  const after = decodeIdCursor(q.cursor);
  let query = baseQuery(db);
  if (!everyone) query = query.where('r.requester_id', '=', p.userId);
  if (q.requesterId) query = query.where('r.requester_id', '=', q.requesterId);
  if (q.customerId) query = query.where('r.customer_id', '=', q.customerId);
  if (after) query = query.where('r.id', '<', after);
  // states are derived from times: filter in SQL where it is cheap, exactly afterwards
  const rows = (await query.orderBy('r.id', 'desc').limit(q.state ? 1000 : q.limit + 1).execute()) as Joined[];
  return rows;
}

export async function listAccessRequests(db: Kysely<DB>, p: Principal, q: AccessRequestQuery, now = new Date()) {
  const everyone = mayKeepRegister(p);
  const raw = await listRows(db, p, q, everyone);
  // the register's keepers see every request; a requester sees the name, number and level only of
  // archives they may see now (SEC-2, SEC-6): a pending or ended request reveals nothing
  const subject = everyone ? null : await subjectOf(db, p);
  const ids = [...new Set(raw.map((r) => r.customer_id))];
  const visible = subject && ids.length
    ? new Set((await db.selectFrom('customers as c').select('c.id').where('c.id', 'in', ids).where(visibleCustomers(subject)).execute()).map((c) => c.id))
    : new Set<string>();
  const rows = raw.map((r) => shape(r, now, everyone || visible.has(r.customer_id))).filter((r) => !q.state || r.state === q.state);
  const page = rows.slice(0, q.limit);
  return { items: page, nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1]!.id]) : null };
}

/** 查借阅登记: each request with every read of the archive its requester made while the grant ran. */
export async function borrowingRegister(db: Kysely<DB>, p: Principal, q: AccessRequestQuery, now = new Date()) {
  const { items, nextCursor } = await listAccessRequests(db, p, q, now);
  const granted = items.filter((r) => r.startsAt);
  const reads = granted.length
    ? await db
        .selectFrom('audit_events as e')
        .innerJoin('access_requests as r', (j) =>
          j.onRef('e.actor_id', '=', 'r.requester_id').onRef('e.entity_id', '=', sql<string>`r.customer_id::text`).on(sql<boolean>`e.at >= r.starts_at AND e.at < coalesce(least(r.returned_at, r.ends_at), r.ends_at)`),
        )
        .select(['r.id as request_id', 'e.at', 'e.action', 'e.ip'])
        .where('r.id', 'in', granted.map((r) => r.id))
        .where('e.entity_type', '=', 'customer')
        .orderBy('e.id')
        .execute()
    : [];
  return {
    items: items.map((r) => ({ ...r, reads: reads.filter((e) => e.request_id === r.id).map((e) => ({ at: e.at.toISOString(), action: e.action, ip: e.ip })) })),
    nextCursor,
  };
}

/** Early return (提前归还): the grant stops working at once. */
export async function returnAccessRequest(db: Kysely<DB>, p: Principal, id: string, actor: Actor, now = new Date()): Promise<AccessRequest> {
  const r = await loadVisible(db, p, id);
  if (r.requester_id !== p.userId) throw new AppError('forbidden', 'Only the borrower returns a grant.', { rule: 'SEC-6' });
  const state = shape(r, now, true).state;
  if (state !== 'active') throw new AppError('conflict', `Only an active grant can be returned; this one is ${state}.`, { rule: 'SEC-6' });
  await db.transaction().execute(async (tx) => {
    const u = await tx.updateTable('access_requests').set({ returned_at: now }).where('id', '=', id).where('returned_at', 'is', null).executeTakeFirst();
    if (Number(u.numUpdatedRows) === 0) throw new AppError('conflict', 'The grant was returned meanwhile.', { rule: 'SEC-6' });
    await recordAudit(tx, actor, { action: 'access.returned', entityType: 'customer', entityId: r.customer_id, data: { accessRequestId: id } }, now);
  });
  return getAccessRequest(db, p, id, now);
}

/**
 * An archive number to the id a request needs (merged numbers lead to the survivor). This is the
 * one deliberate disclosure to someone who may not see the archive (SEC-6): that a live archive
 * with this number exists and can be lent — its id, nothing else. Numbers of confidential and
 * top-secret archives the caller cannot see, deleted and destroyed ones answer exactly as a
 * number that was never given. Each lookup is audited; it is what lets the caller file a request.
 */
export async function resolveArchiveNo(db: Kysely<DB>, p: Principal, archiveNo: string, actor: Actor, now = new Date()) {
  let row = await db.selectFrom('customers').select(['id', 'merged_into', 'lifecycle']).where('archive_no', '=', archiveNo.toUpperCase()).executeTakeFirst();
  for (let hops = 0; row?.merged_into && hops < 10; hops++) row = await db.selectFrom('customers').select(['id', 'merged_into', 'lifecycle']).where('id', '=', row.merged_into).executeTakeFirst();
  if (!row || row.lifecycle === 'deleted' || row.lifecycle === 'destroyed') throw notFound('customer');
  const target = await peekCustomerAccess(db, await subjectOf(db, p), row.id, now);
  if (!target || (target.decision.effect === 'deny' && !lookupReveals(target.secrecyLevel))) throw notFound('customer');
  await recordReadAudit(db, actor, { action: 'access.looked_up', entityType: 'customer', entityId: row.id, data: { archiveNo: archiveNo.toUpperCase() } }, now);
  return { customerId: row.id };
}
