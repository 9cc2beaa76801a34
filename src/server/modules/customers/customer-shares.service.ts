/**
 * Shares of an archive with colleagues (SEC-2 rule 2) and asking a colleague for one (ARC-10 撞单).
 * A share is a standing loan by the owner: the access policy decides what it opens (ordinary
 * archives, sales colleagues); nothing here widens that.
 */
import { sql, type Kysely } from 'kysely';
import type { CustomerShare } from '../../../contract/shares.routes.js';
import type { DB } from '../../db/schema.js';
import { AppError, fieldError, notFound } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { decideCustomerAccess, type AccessSubject } from '../access/customer-access.rules.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { createWorkTask } from '../tasks/tasks.service.js';
import { chinaDate } from '../../shared/working-days.rules.js';
import type { RoleKey } from '../../../contract/roles.js';
import { factsOf, openCustomer } from './customers.service.js';

/** Who may share an archive or end a share: its owner, a manager of its department, customer service's manager. */
export function maySetShares(subject: AccessSubject, c: { owner_id: string | null; department_id: string }): boolean {
  return c.owner_id === subject.userId || subject.managedDepartmentIds.includes(c.department_id) || subject.roles.includes('cs_manager');
}

async function sharesOf(db: Kysely<DB>, customerId: string, userId?: string): Promise<CustomerShare[]> {
  const rows = await db
    .selectFrom('customer_shares as sh')
    .innerJoin('users as u', 'u.id', 'sh.user_id')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .leftJoin('users as b', 'b.id', 'sh.created_by')
    .select(['sh.user_id', 'u.display_name', 'd.name as department_name', 'sh.created_at', 'b.display_name as shared_by'])
    .where('sh.customer_id', '=', customerId)
    .$if(userId !== undefined, (q) => q.where('sh.user_id', '=', userId!))
    .orderBy('sh.created_at')
    .orderBy('sh.user_id')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, departmentName: r.department_name, sharedAt: r.created_at.toISOString(), sharedBy: r.shared_by }));
}

export async function listShares(db: Kysely<DB>, p: Principal, customerId: string) {
  const { row } = await openCustomer(db, await subjectOf(db, p), customerId, 'read');
  return { items: await sharesOf(db, row.id) };
}

export async function createShare(db: Kysely<DB>, p: Principal, customerId: string, userId: string, actor: Actor, now = new Date()): Promise<CustomerShare> {
  const subject = await subjectOf(db, p);
  const { row } = await openCustomer(db, subject, customerId, 'read');
  if (!maySetShares(subject, row)) throw new AppError('forbidden', 'Only the owner, their department manager or the customer-service manager may share this archive.', { rule: 'SEC-2' });
  const target = await db.selectFrom('users').select(['id', 'roles', 'disabled']).where('id', '=', userId).executeTakeFirst();
  if (!target || target.disabled) throw fieldError('userId', 'no such active user');
  if (target.id === row.owner_id) throw fieldError('userId', 'is the owner of this archive');
  if (row.shared_with.includes(target.id)) throw new AppError('conflict', 'userId: the archive is already shared with this colleague', { errors: [{ path: 'userId', message: 'already shared' }] });
  // the policy says what the share would open: a share never opens a level the colleague may not read (SEC-5)
  const targetSubject = await subjectOf(db, { userId: target.id, roles: target.roles as RoleKey[] });
  const withShare = decideCustomerAccess(targetSubject, 'read', factsOf({ ...row, shared_with: [...row.shared_with, target.id] }, []));
  if (withShare.effect === 'deny') {
    throw new AppError('rule_violation', `userId: a share would not open this archive to this colleague (${row.secrecy_level === 'none' ? 'shares open archives to sales colleagues' : 'shares open only ordinary archives; ask for a grant instead'}).`, { rule: withShare.rule, errors: [{ path: 'userId', message: 'a share opens nothing for this colleague' }] });
  }
  return db.transaction().execute(async (tx) => {
    const inserted = await tx.insertInto('customer_shares').values({ customer_id: row.id, user_id: target.id, created_at: now, created_by: p.userId }).onConflict((oc) => oc.doNothing()).returning('user_id').executeTakeFirst();
    if (!inserted) throw new AppError('conflict', 'userId: the archive is already shared with this colleague', { errors: [{ path: 'userId', message: 'already shared' }] });
    await recordAudit(tx, actor, { action: 'customer.shared', entityType: 'customer', entityId: row.id, data: { userId: target.id } }, now);
    return (await sharesOf(tx, row.id, target.id))[0]!;
  });
}

export async function deleteShare(db: Kysely<DB>, p: Principal, customerId: string, userId: string, actor: Actor, now = new Date()): Promise<null> {
  const subject = await subjectOf(db, p);
  const { row } = await openCustomer(db, subject, customerId, 'read');
  if (userId !== p.userId && !maySetShares(subject, row)) throw new AppError('forbidden', 'Only the owner, their department manager or the customer-service manager may end a share.', { rule: 'SEC-2' });
  return db.transaction().execute(async (tx) => {
    const gone = await tx.deleteFrom('customer_shares').where('customer_id', '=', row.id).where('user_id', '=', userId).returning('user_id').executeTakeFirst();
    if (!gone) throw notFound('share');
    await recordAudit(tx, actor, { action: 'customer.unshared', entityType: 'customer', entityId: row.id, data: { userId } }, now);
    return null;
  });
}

/**
 * A rep told by a duplicate warning that a colleague owns the customer asks the owner (and the
 * department's manager) for a share or a transfer: each gets a task. Only for an archive this
 * caller was told of (an audited disclosure), so archive numbers cannot be probed for owners.
 */
export async function inquireShare(db: Kysely<DB>, p: Principal, input: { archiveNo: string; kind: 'share' | 'transfer'; note?: string | undefined }, actor: Actor, now = new Date()) {
  const c = await db
    .selectFrom('customers as c')
    .innerJoin('users as u', 'u.id', 'c.owner_id')
    .leftJoin('departments as d', 'd.id', 'c.department_id')
    .select(['c.id', 'c.archive_no', 'c.owner_id', 'u.display_name', 'd.manager_id'])
    .where('c.archive_no', '=', input.archiveNo.trim())
    .where('c.secrecy_level', '=', 'none')
    .where('c.lifecycle', 'not in', ['deleted', 'destroyed'])
    .where('c.merged_into', 'is', null)
    .where(sql<boolean>`EXISTS (SELECT 1 FROM audit_events e WHERE e.action = 'customer.duplicate_disclosed' AND e.actor_id = ${p.userId}::bigint AND e.entity_id = c.id::text)`)
    .executeTakeFirst();
  if (!c) throw notFound('customer');
  const me = await db.selectFrom('users').select('display_name').where('id', '=', p.userId).executeTakeFirstOrThrow();
  // a customer in the open pool (REL-1) has no owner: the department manager is asked
  const recipients = [...new Set([...(c.owner_id ? [c.owner_id] : []), ...(c.manager_id ? [c.manager_id] : [])])].filter((u) => u !== p.userId);
  const ask = input.kind === 'share' ? '共享' : '转交';
  const title = `${me.display_name} 请求${ask}客户档案 ${c.archive_no}（建档时发现重复）${input.note ? `：${input.note}` : ''}`;
  const dueOn = chinaDate(new Date(now.getTime() + 2 * 86_400_000));
  await db.transaction().execute(async (tx) => {
    for (const ownerId of recipients) await createWorkTask(tx, actor, { kind: 'other', ownerId, title, dueOn, customerId: c.id, createdBy: p.userId }, now);
    await recordAudit(tx, actor, { action: 'customer.share_inquired', entityType: 'customer', entityId: c.id, data: { kind: input.kind, recipients } }, now);
  });
  return { sent: true as const, ownerName: c.display_name, recipients: recipients.length };
}
