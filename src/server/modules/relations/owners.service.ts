/**
 * Responsible owners (REL-1, 明确责任): the open pool (公海) for managers, claim, assignment by hand
 * and by rule (with a preview), the transfer record of each change and an owner's portfolio. A-class
 * and key customers are never moved directly: a protected change (SEC-8) is filed for each.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import { industryDivisionCodes } from '../../../contract/industries.js';
import type { assignByRuleBody, assignmentRule } from '../../../contract/relations.js';
import type { DB } from '../../db/schema.js';
import { decodeIdCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, fieldError } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import type { AccessSubject } from '../access/customer-access.rules.js';
import { notifyUsers } from '../approvals/notifications.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { transferOwner } from '../customers/customers.changes.js';
import { openCustomer, requireOwner } from '../customers/customers.service.js';
import { requestProtectedChange } from '../lifecycle/lifecycle.service.js';
import { needsTransferApproval, shareInTurn } from './owners.rules.js';
import { overviewPage } from './contact-overview.service.js';

const poolManagerRoles = ['cs_manager', 'marketing_manager', 'marketing_director', 'gm'] as const;
export const managesPool = (s: AccessSubject) => s.roles.some((r) => (poolManagerRoles as readonly string[]).includes(r)) || s.managedDepartmentIds.length > 0;

async function managerSubject(db: Kysely<DB>, p: Principal): Promise<AccessSubject> {
  const s = await subjectOf(db, p);
  if (!managesPool(s)) throw new AppError('forbidden', 'Only managers list, claim and assign the open pool.', { rule: 'REL-1' });
  return s;
}

type Rule = z.infer<typeof assignmentRule>;
function poolRows(db: Kysely<DB>, s: AccessSubject, f: Rule & { departmentId?: string | undefined }) {
  let q = db
    .selectFrom('customers as c')
    .select(['c.id', 'c.archive_no', 'c.name', 'c.abc_class', 'c.tier', 'c.credit_grade', 'c.industry', 'c.industry_code', 'c.region', 'c.employee_count', 'c.department_id', 'c.filed_on'])
    .where('c.owner_id', 'is', null)
    .where(visibleCustomers(s))
    .where('c.merged_into', 'is', null)
    .where('c.lifecycle', 'in', ['active', 'dormant']);
  if (f.departmentId) q = q.where('c.department_id', '=', f.departmentId);
  if (f.region) q = q.where('c.region', 'like', `${f.region}%`);
  if (f.industry) q = q.where('c.industry', 'ilike', `%${f.industry.replace(/[\\%_]/g, '\\$&')}%`);
  if (f.industryCode) q = q.where(sql<string>`COALESCE(c.industry_code, '99')`, 'in', industryDivisionCodes(f.industryCode));
  if (f.abcClass) q = f.abcClass === 'none' ? q.where('c.abc_class', 'is', null) : q.where('c.abc_class', '=', f.abcClass);
  if (f.minEmployees !== undefined) q = q.where('c.employee_count', '>=', f.minEmployees);
  if (f.maxEmployees !== undefined) q = q.where('c.employee_count', '<=', f.maxEmployees);
  return q;
}

export async function listOpenPool(db: Kysely<DB>, p: Principal, q: Rule & { departmentId?: string | undefined; limit: number; cursor?: string | undefined }) {
  const s = await managerSubject(db, p);
  const after = decodeIdCursor(q.cursor);
  const rows = await poolRows(db, s, q).$if(after !== null, (b) => b.where('c.id', '<', after!)).orderBy('c.id', 'desc').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ customerId: r.id, archiveNo: r.archive_no, name: r.name, abcClass: (r.abc_class as 'A' | null) ?? null, tier: r.tier, creditGrade: r.credit_grade, industry: r.industry, industryCode: r.industry_code, region: r.region, employeeCount: r.employee_count, departmentId: r.department_id, filedOn: String(r.filed_on) })),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null,
  };
}

type Result = { assigned: { customerId: string; ownerId: string | null; movedTasks: number }[]; approvalsRequested: { customerId: string; approvalId: string }[]; perOwner: { ownerId: string | null; ownerName: string | null; count: number }[] };

async function ownerNames(db: Kysely<DB>, ids: (string | null)[]) {
  const real = ids.filter((x): x is string => x !== null);
  const rows = real.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', real).execute() : [];
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Moves each customer to its planned owner: directly in one transaction, or (A-class, key) by a protected-change request. */
async function applyPlan(db: Kysely<DB>, p: Principal, s: AccessSubject, plan: { customerId: string; ownerId: string | null }[], kind: 'assign' | 'claim' | 'release', reason: string, actor: Actor, now: Date): Promise<Result> {
  const targets = [...new Set(plan.map((x) => x.ownerId).filter((x): x is string => x !== null))];
  for (const o of targets) if (o !== p.userId) await requireOwner(db, s, o);
  const opened = [];
  for (const x of plan) {
    const { row } = await openCustomer(db, s, x.customerId, 'update', now);
    if (row.owner_id === x.ownerId) continue;
    if (needsTransferApproval(row) && x.ownerId === null) throw new AppError('rule_violation', `customerIds: ${row.archive_no} is an A-class or key customer and cannot be released into the open pool.`, { rule: 'REL-1', errors: [{ path: 'customerIds', message: 'A-class or key customer' }] });
    opened.push({ row, ownerId: x.ownerId });
  }
  const approvalsRequested: Result['approvalsRequested'] = [];
  for (const o of opened.filter((o) => needsTransferApproval(o.row) && o.row.owner_id !== null)) {
    const r = await requestProtectedChange(db, p, o.row.id, { change: 'transfer_owner', reason, ownerId: o.ownerId! }, actor, now);
    approvalsRequested.push({ customerId: o.row.id, approvalId: r.approvalId });
  }
  const direct = opened.filter((o) => !(needsTransferApproval(o.row) && o.row.owner_id !== null));
  const assigned = await db.transaction().execute(async (tx) => {
    const out: Result['assigned'] = [];
    for (const o of direct) {
      const locked = await tx.selectFrom('customers').select('owner_id').where('id', '=', o.row.id).forUpdate().executeTakeFirstOrThrow();
      const { movedTasks } = await transferOwner(tx, o.row.id, { fromOwnerId: locked.owner_id, toOwnerId: o.ownerId, kind: locked.owner_id === null && kind === 'assign' ? 'assign' : kind === 'assign' ? 'transfer' : kind, reason, actorId: p.userId }, now);
      await recordAudit(tx, actor, { action: kind === 'claim' ? 'customer.claimed' : 'customer.owners_assigned', entityType: 'customer', entityId: o.row.id, data: { from: locked.owner_id, to: o.ownerId, reason, movedTasks } }, now);
      out.push({ customerId: o.row.id, ownerId: o.ownerId, movedTasks });
    }
    const notify = [...new Set(out.map((x) => x.ownerId).filter((x): x is string => x !== null && x !== p.userId))];
    for (const u of notify) {
      const n = out.filter((x) => x.ownerId === u).length;
      await notifyUsers(tx, [u], { kind: 'customer.owners_assigned', title: `分配给您 ${n} 户客户：${reason.slice(0, 100)}`, link: '/portfolio' });
    }
    return out;
  });
  const names = await ownerNames(db, assigned.map((a) => a.ownerId));
  const counts = new Map<string | null, number>();
  for (const a of assigned) counts.set(a.ownerId, (counts.get(a.ownerId) ?? 0) + 1);
  return { assigned, approvalsRequested, perOwner: [...counts].map(([ownerId, count]) => ({ ownerId, ownerName: ownerId ? (names.get(ownerId) ?? null) : null, count })) };
}

export async function claimCustomer(db: Kysely<DB>, p: Principal, id: string, input: { reason?: string | undefined }, actor: Actor, now = new Date()) {
  const s = await managerSubject(db, p);
  const { row } = await openCustomer(db, s, id, 'update', now);
  if (row.owner_id !== null) throw new AppError('conflict', 'This customer already has an owner: only open-pool customers can be claimed.', { rule: 'REL-1' });
  return applyPlan(db, p, s, [{ customerId: row.id, ownerId: p.userId }], 'claim', input.reason?.trim() || '领取公海客户', actor, now);
}

export async function assignOwners(db: Kysely<DB>, p: Principal, input: { customerIds: string[]; ownerId: string | null; reason: string }, actor: Actor, now = new Date()) {
  const s = await managerSubject(db, p);
  const ids = [...new Set(input.customerIds)];
  return applyPlan(db, p, s, ids.map((customerId) => ({ customerId, ownerId: input.ownerId })), input.ownerId === null ? 'release' : 'assign', input.reason.trim(), actor, now);
}

type ByRule = z.infer<typeof assignByRuleBody>;
async function planByRule(db: Kysely<DB>, p: Principal, input: ByRule) {
  const s = await managerSubject(db, p);
  const owners = [...new Set(input.ownerIds)];
  const found = await db.selectFrom('users').select(['id', 'display_name', 'disabled']).where('id', 'in', owners).execute();
  for (const o of owners) if (!found.some((f) => f.id === o && !f.disabled)) throw fieldError('ownerIds', `no such active user: ${o}`);
  const rows = await poolRows(db, s, input.rule).clearSelect().select('c.id').orderBy('c.id').limit(input.max).execute();
  const plan = shareInTurn(rows.map((r) => r.id), owners);
  return { s, plan, owners: found };
}

export async function previewRuleAssignment(db: Kysely<DB>, p: Principal, input: ByRule) {
  const { plan, owners } = await planByRule(db, p, input);
  return { total: plan.length, perOwner: owners.map((o) => ({ ownerId: o.id, ownerName: o.display_name, count: plan.filter((x) => x.ownerId === o.id).length })) };
}

export async function assignByRule(db: Kysely<DB>, p: Principal, input: ByRule, actor: Actor, now = new Date()) {
  const { s, plan } = await planByRule(db, p, input);
  return applyPlan(db, p, s, plan, 'assign', input.reason.trim(), actor, now);
}

export async function listOwnerTransfers(db: Kysely<DB>, p: Principal, customerId: string) {
  const { row } = await openCustomer(db, await subjectOf(db, p), customerId, 'read');
  const rows = await db
    .selectFrom('owner_transfers as t')
    .leftJoin('users as f', 'f.id', 't.from_owner_id')
    .leftJoin('users as o', 'o.id', 't.to_owner_id')
    .leftJoin('users as b', 'b.id', 't.by_user_id')
    .select(['t.id', 't.customer_id', 't.from_owner_id', 'f.display_name as from_name', 't.to_owner_id', 'o.display_name as to_name', 't.kind', 't.reason', 't.moved_tasks', 't.approval_id', 'b.display_name as by_name', 't.at'])
    .where('t.customer_id', '=', row.id)
    .orderBy('t.at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(200)
    .execute();
  return {
    items: rows.map((r) => ({ id: r.id, customerId: r.customer_id, fromOwnerId: r.from_owner_id, fromOwnerName: r.from_name, toOwnerId: r.to_owner_id, toOwnerName: r.to_name, kind: r.kind as 'assign', reason: r.reason, movedTasks: r.moved_tasks, approvalId: r.approval_id, byName: r.by_name, at: r.at.toISOString() })),
  };
}

/** An owner's portfolio: the contact overview of their customers (the caller's visibility applies), with grade and tier. */
export async function ownerPortfolio(db: Kysely<DB>, p: Principal, q: { ownerId?: string | undefined; limit: number; cursor?: string | undefined }, now = new Date()) {
  const page = await overviewPage(db, p, { ownerId: q.ownerId ?? p.userId, limit: q.limit, cursor: q.cursor }, now);
  return {
    items: page.rows.map(({ item, row }) => {
      const last = [row.last_call_at, row.last_visit_at].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
      return { ...item, tier: row.tier, creditGrade: row.credit_grade, lastContactAt: last?.toISOString() ?? null, nextDueOn: String(row.next_due) };
    }),
    nextCursor: page.nextCursor,
  };
}
