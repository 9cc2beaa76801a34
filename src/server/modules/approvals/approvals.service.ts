/**
 * The one approval mechanism (SEC-7). A module asks for an approval with `requestApproval` (in
 * its own transaction) and registers the effect of its type with `registerApprovalEffect`; the
 * effect is applied exactly once, in the transaction of the decision: the decision is a
 * conditional UPDATE of a pending row, so of two concurrent approvals only one finds it pending.
 */
import { sql, type Kysely } from 'kysely';
import { deputyRoles, type Approval, type ApprovalState, type ApprovalType } from '../../../contract/approvals.js';
import type { RoleKey } from '../../../contract/roles.js';
import type { DB } from '../../db/schema.js';
import { decodeIdCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, notFound } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../../shared/principal.js';
import { canSeeApproval, canWithdraw, checkDecide, effectiveState, mayBeDeputy, nextApproverRole, routeApproval, standsFor, type ApprovalFacts, type Decider, type Delegation } from './approvals.rules.js';
import { notifyUsers, usersWithRole } from './notifications.service.js';

export type ApprovalRecord = {
  id: string;
  type: ApprovalType;
  state: ApprovalState;
  subjectType: string;
  subjectId: string;
  customerId: string | null;
  summary: string;
  payload: Record<string, unknown>;
  requesterId: string;
  approverRole: RoleKey;
  approverRule: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  expiresAt: Date;
};

export type EffectContext = { deciderId: string; actor: Actor; now: Date; comment: string | null };
export type ApprovalEffect = {
  /** Applied exactly once, in the decision's transaction. Throw an AppError to refuse the approval (nothing is decided then). */
  onApproved(tx: Kysely<DB>, approval: ApprovalRecord, ctx: EffectContext): Promise<void>;
  onRejected?(tx: Kysely<DB>, approval: ApprovalRecord, ctx: EffectContext): Promise<void>;
  onWithdrawn?(tx: Kysely<DB>, approval: ApprovalRecord, ctx: EffectContext): Promise<void>;
  /** Where the web shows the subject (e.g. `/customers/12`). */
  link?(approval: ApprovalRecord): string | null;
};

const effects = new Map<ApprovalType, ApprovalEffect>();

export function registerApprovalEffect(type: ApprovalType, effect: ApprovalEffect): void {
  effects.set(type, effect);
}

export type ApprovalRequest = {
  type: ApprovalType;
  subjectType: string;
  subjectId: string;
  customerId?: string | null;
  summary: string;
  payload: Record<string, unknown>;
  requesterId: string;
  approverRole: RoleKey;
  approverRule: string;
  /** A pending request expires unanswered after this many days (default 14). */
  expiresInDays?: number;
};

type Row = DB['approvals'] extends infer T ? { [K in keyof T]: unknown } : never;

function toRecord(r: Row): ApprovalRecord {
  return {
    id: r.id as string,
    type: r.type as ApprovalType,
    state: r.state as ApprovalState,
    subjectType: r.subject_type as string,
    subjectId: r.subject_id as string,
    customerId: (r.customer_id as string | null) ?? null,
    summary: r.summary as string,
    payload: (r.payload ?? {}) as Record<string, unknown>,
    requesterId: r.requester_id as string,
    approverRole: r.approver_role as RoleKey,
    approverRule: r.approver_rule as string,
    decidedBy: (r.decided_by as string | null) ?? null,
    decidedAt: (r.decided_at as Date | null) ?? null,
    createdAt: r.created_at as Date,
    expiresAt: r.expires_at as Date,
  };
}

const factsOf = (a: ApprovalRecord): ApprovalFacts => ({ type: a.type, state: a.state, requesterId: a.requesterId, approverRole: a.approverRole, decidedBy: a.decidedBy, expiresAt: a.expiresAt });

/** Delegations naming the user as deputy (revoked ones included: the rules ignore them). */
async function delegationsOf(db: Kysely<DB>, userId: string): Promise<Delegation[]> {
  const rows = await db.selectFrom('approval_delegations').selectAll().where('deputy_id', '=', userId).execute();
  return rows.map((r) => ({ fromRole: r.from_role as RoleKey, deputyId: r.deputy_id, types: r.types as ApprovalType[], startsOn: String(r.starts_on), endsOn: String(r.ends_on), revoked: r.revoked_at !== null }));
}

async function deciderOf(db: Kysely<DB>, p: Pick<Principal, 'userId' | 'roles'>): Promise<Decider> {
  return { userId: p.userId, roles: p.roles, delegations: await delegationsOf(db, p.userId) };
}

/** Deputies who stand for the role on this type today. */
async function activeDeputies(tx: Kysely<DB>, role: RoleKey, type: ApprovalType, now: Date): Promise<string[]> {
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const rows = await tx
    .selectFrom('approval_delegations')
    .select('deputy_id')
    .where('from_role', '=', role)
    .where('revoked_at', 'is', null)
    .where(sql<boolean>`${type} = ANY(types)`)
    .where('starts_on', '<=', day)
    .where('ends_on', '>=', day)
    .execute();
  return rows.map((r) => r.deputy_id);
}

/** Files an approval request in the caller's transaction, audits it and notifies who decides it. */
export async function requestApproval(tx: Kysely<DB>, actor: Actor, asked: ApprovalRequest, now = new Date()): Promise<ApprovalRecord> {
  if (!tx.isTransaction) throw new Error('requestApproval needs the transaction of the change it asks for');
  const expiresAt = new Date(now.getTime() + (asked.expiresInDays ?? 14) * 86_400_000);
  // never routed so that nobody but the requester can decide it: up to the gm, or refused (SEC-7)
  const deciders = new Map<RoleKey, string[]>();
  for (let role: RoleKey | null = asked.approverRole; role !== null; role = nextApproverRole(role)) {
    deciders.set(role, [...new Set([...(await usersWithRole(tx, [role])), ...(await activeDeputies(tx, role, asked.type, now))])].filter((u) => u !== asked.requesterId));
    if (deciders.get(role)!.length > 0) break;
  }
  const routing = routeApproval(asked.approverRole, (role) => deciders.get(role)?.length ?? 0);
  if (!routing) {
    throw new AppError('rule_violation', `Nobody but you could decide this request (${asked.approverRole}); ask the general manager to name a deputy for it.`, { rule: 'SEC-7' });
  }
  const req: ApprovalRequest = routing.escalatedFrom ? { ...asked, approverRole: routing.approverRole, approverRule: `SEC-7 escalated from ${routing.escalatedFrom} (${asked.approverRule})` } : asked;
  const row = await tx
    .insertInto('approvals')
    .values({
      type: req.type,
      subject_type: req.subjectType,
      subject_id: req.subjectId,
      customer_id: req.customerId ?? null,
      summary: req.summary,
      payload: JSON.stringify(req.payload),
      requester_id: req.requesterId,
      approver_role: req.approverRole,
      approver_rule: req.approverRule,
      created_at: now,
      expires_at: expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const record = toRecord(row as Row);
  await recordAudit(tx, actor, { action: 'approval.requested', entityType: 'approval', entityId: record.id, data: { type: req.type, subjectType: req.subjectType, subjectId: req.subjectId, approverRole: req.approverRole } }, now);
  const approvers = deciders.get(req.approverRole) ?? [];
  await notifyUsers(tx, approvers, { kind: 'approval.waiting', title: req.summary, link: `/approvals/${record.id}`, data: { approvalId: record.id, type: req.type } });
  return record;
}

/** Approves or rejects; the type's effect runs in the same transaction, exactly once. */
export async function decideApproval(db: Kysely<DB>, p: Principal, id: string, decision: 'approve' | 'reject', comment: string | undefined, actor: Actor, now = new Date()): Promise<Approval> {
  const decider = await deciderOf(db, p);
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('approvals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('approval');
    const current = toRecord(row as Row);
    const check = checkDecide(decider, factsOf(current), now);
    if (!check.ok) {
      if (check.code === 'not_visible') throw notFound('approval');
      if (check.code === 'forbidden') throw new AppError('forbidden', `You may not decide this request: ${check.reason}.`, { rule: check.rule });
      throw new AppError('conflict', `This request can no longer be decided: ${check.reason}.`, { rule: check.rule, extra: { state: effectiveState(current, now) } });
    }
    const state: ApprovalState = decision === 'approve' ? 'approved' : 'rejected';
    const updated = await tx
      .updateTable('approvals')
      .set({ state, decided_by: p.userId, decided_at: now, decision_comment: comment?.trim() || null, version: sql`version + 1` })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new AppError('conflict', 'This request was decided meanwhile.', { rule: 'SEC-7' });
    const record = toRecord(updated as Row);
    const effect = effects.get(record.type);
    const ctx: EffectContext = { deciderId: p.userId, actor, now, comment: comment?.trim() || null };
    if (decision === 'approve') {
      if (!effect) throw new AppError('rule_violation', `No effect is registered for approvals of type ${record.type}.`, { rule: 'SEC-7' });
      await effect.onApproved(tx, record, ctx);
    } else {
      await effect?.onRejected?.(tx, record, ctx);
    }
    await recordAudit(tx, actor, { action: decision === 'approve' ? 'approval.approved' : 'approval.rejected', entityType: 'approval', entityId: id, data: { type: record.type, subjectType: record.subjectType, subjectId: record.subjectId, as: check.as, comment: ctx.comment } }, now);
    await notifyUsers(tx, [record.requesterId], { kind: `approval.${state}`, title: record.summary, link: `/approvals/${id}`, data: { approvalId: id, type: record.type }, ...(record.customerId ? { about: { customerId: record.customerId, hiddenTitle: `${state === 'approved' ? '已批准' : '已驳回'}：${HIDDEN_SUMMARY}` } } : {}) });
  });
  return getApproval(db, p, id, now);
}

export async function withdrawApproval(db: Kysely<DB>, p: Principal, id: string, actor: Actor, now = new Date()): Promise<Approval> {
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('approvals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('approval');
    const current = toRecord(row as Row);
    const decider = await deciderOf(tx, p);
    if (!canSeeApproval(decider, factsOf(current), now)) throw notFound('approval');
    if (current.requesterId !== p.userId) throw new AppError('forbidden', 'Only the requester withdraws a request.', { rule: 'SEC-7' });
    if (!canWithdraw(p.userId, factsOf(current), now)) throw new AppError('conflict', `This request is ${effectiveState(current, now)} and can no longer be withdrawn.`, { rule: 'SEC-7' });
    await tx.updateTable('approvals').set({ state: 'withdrawn', decided_at: now, version: sql`version + 1` }).where('id', '=', id).where('state', '=', 'pending').execute();
    await effects.get(current.type)?.onWithdrawn?.(tx, { ...current, state: 'withdrawn' }, { deciderId: p.userId, actor, now, comment: null });
    await recordAudit(tx, actor, { action: 'approval.withdrawn', entityType: 'approval', entityId: id, data: { type: current.type } }, now);
  });
  return getApproval(db, p, id, now);
}

export async function commentApproval(db: Kysely<DB>, p: Principal, id: string, body: string, actor: Actor, now = new Date()): Promise<Approval> {
  const decider = await deciderOf(db, p);
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !canSeeApproval(decider, factsOf(toRecord(row as Row)), now)) throw notFound('approval');
    await tx.insertInto('approval_comments').values({ approval_id: id, author_id: p.userId, body: body.trim(), at: now }).execute();
    await recordAudit(tx, actor, { action: 'approval.commented', entityType: 'approval', entityId: id }, now);
  });
  return getApproval(db, p, id, now);
}

/** What a requester who may not see the archive reads instead of the summary. */
export const HIDDEN_SUMMARY = '关于一份你无权查看的档案';
/** Payload entries that say nothing about the archive itself (the rest is withheld with the summary). */
const withoutCustomerFacts = ['groups', 'purpose', 'durationMinutes', 'reason', 'kind', 'change'];

/** Shapes approvals for a viewer: customer names only where the viewer may see the customer. */
async function present(db: Kysely<DB>, p: Principal, decider: Decider, rows: ApprovalRecord[], now: Date): Promise<Approval[]> {
  if (rows.length === 0) return [];
  const userIds = [...new Set(rows.flatMap((r) => [r.requesterId, r.decidedBy].filter((x): x is string => x !== null)))];
  const names = new Map((await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute()).map((u) => [u.id, u.display_name]));
  const customerIds = [...new Set(rows.map((r) => r.customerId).filter((x): x is string => x !== null))];
  const subject = await subjectOf(db, p);
  const visible = customerIds.length
    ? new Map((await db.selectFrom('customers as c').select(['c.id', 'c.name']).where('c.id', 'in', customerIds).where(visibleCustomers(subject)).execute()).map((c) => [c.id, c.name]))
    : new Map<string, string>();
  const comments = await db
    .selectFrom('approval_comments as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.approval_id', 'm.author_id', 'u.display_name', 'm.body', 'm.at'])
    .where('m.approval_id', 'in', rows.map((r) => r.id))
    .orderBy('m.id')
    .execute();
  return rows.map((r) => {
    const facts = factsOf(r);
    const state = effectiveState(facts, now);
    // who decides sees the request whole; anyone else (the requester) sees the archive it is about
    // only while they may see it (SEC-2…SEC-6): no name, number or level in summary or payload
    const hidden = r.customerId !== null && !visible.has(r.customerId) && standsFor(decider, facts, now) === null && r.decidedBy !== p.userId;
    return {
      id: r.id,
      type: r.type,
      state,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      customerId: r.customerId,
      customerName: r.customerId && !hidden ? (visible.get(r.customerId) ?? (r.payload['customerName'] as string | undefined) ?? null) : null,
      summary: hidden ? HIDDEN_SUMMARY : r.summary,
      payload: hidden ? Object.fromEntries(Object.entries(r.payload).filter(([k]) => withoutCustomerFacts.includes(k))) : r.payload,
      requesterId: r.requesterId,
      requesterName: names.get(r.requesterId) ?? null,
      approverRole: r.approverRole,
      approverRule: r.approverRule,
      decidedById: r.decidedBy,
      decidedByName: r.decidedBy ? (names.get(r.decidedBy) ?? null) : null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionComment: null,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      canDecide: checkDecide(decider, facts, now).ok,
      canWithdraw: canWithdraw(p.userId, facts, now),
      comments: comments.filter((c) => c.approval_id === r.id).map((c) => ({ id: c.id, authorId: c.author_id, authorName: c.display_name, body: c.body, at: c.at.toISOString() })),
      version: 0,
    };
  });
}

export async function getApproval(db: Kysely<DB>, p: Principal, id: string, now = new Date()): Promise<Approval> {
  const row = await db.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('approval');
  const record = toRecord(row as Row);
  const decider = await deciderOf(db, p);
  if (!canSeeApproval(decider, factsOf(record), now)) throw notFound('approval');
  const [shaped] = await present(db, p, decider, [record], now);
  return { ...shaped!, decisionComment: (row.decision_comment as string | null) ?? null, version: row.version as number };
}

export type ApprovalListQuery = { box: 'queue' | 'mine' | 'decided'; state?: ApprovalState | undefined; type?: ApprovalType | undefined; customerId?: string | undefined; limit: number; cursor?: string | undefined };

/** The caller's queue (what they may decide), their own requests, or what they decided. */
export async function listApprovals(db: Kysely<DB>, p: Principal, q: ApprovalListQuery, now = new Date()) {
  const decider = await deciderOf(db, p);
  const after = decodeIdCursor(q.cursor);
  let query = db.selectFrom('approvals').selectAll();
  if (q.box === 'mine') query = query.where('requester_id', '=', p.userId);
  else if (q.box === 'decided') query = query.where('decided_by', '=', p.userId);
  else {
    const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const deputyFor = decider.delegations.filter((g) => !g.revoked && g.startsOn <= day && day <= g.endsOn);
    query = query.where('requester_id', '!=', p.userId).where((eb) =>
      eb.or([
        eb('approver_role', 'in', p.roles.length ? [...p.roles] : ['—']),
        ...deputyFor.map((g) => eb.and([eb('approver_role', '=', g.fromRole), eb('type', 'in', [...g.types])])),
      ]),
    );
  }
  // the state filter is on the effective state: a pending request past its expiry is `expired`
  if (q.state === 'pending') query = query.where('state', '=', 'pending').where('expires_at', '>', now);
  else if (q.state === 'expired') query = query.where((eb) => eb.or([eb('state', '=', 'expired'), eb.and([eb('state', '=', 'pending'), eb('expires_at', '<=', now)])]));
  else if (q.state) query = query.where('state', '=', q.state);
  if (q.type) query = query.where('type', '=', q.type);
  if (q.customerId) query = query.where('customer_id', '=', q.customerId);
  if (after) query = query.where('id', '<', after);
  const rows = (await query.orderBy('id', 'desc').limit(q.limit + 1).execute()).map((r) => toRecord(r as Row));
  const pageRows = rows.slice(0, q.limit);
  return { items: await present(db, p, decider, pageRows, now), nextCursor: rows.length > q.limit ? encodeCursor([pageRows[pageRows.length - 1]!.id]) : null };
}

// --- delegations (the gm names a deputy for a date range) ---

export async function listDelegations(db: Kysely<DB>) {
  const rows = await db.selectFrom('approval_delegations as d').leftJoin('users as u', 'u.id', 'd.deputy_id').select(['d.id', 'd.deputy_id', 'u.display_name', 'd.types', 'd.starts_on', 'd.ends_on', 'd.created_at', 'd.revoked_at']).orderBy('d.id', 'desc').limit(200).execute();
  return {
    items: rows.map((r) => ({ id: r.id, deputyId: r.deputy_id, deputyName: r.display_name, types: r.types as ApprovalType[], startsOn: String(r.starts_on), endsOn: String(r.ends_on), createdAt: r.created_at.toISOString(), revokedAt: r.revoked_at?.toISOString() ?? null })),
  };
}

export async function createDelegation(db: Kysely<DB>, p: Principal, input: { deputyId: string; types: ApprovalType[]; startsOn: string; endsOn: string }, actor: Actor) {
  if (input.deputyId === p.userId) throw new AppError('validation_failed', 'deputyId: a deputy is someone else', { errors: [{ path: 'deputyId', message: 'must be someone else' }] });
  const deputy = await db.selectFrom('users').select(['id', 'disabled', 'roles']).where('id', '=', input.deputyId).executeTakeFirst();
  if (!deputy || deputy.disabled) throw new AppError('validation_failed', 'deputyId: no such active user', { errors: [{ path: 'deputyId', message: 'no such active user' }] });
  if (!mayBeDeputy(deputy.roles as RoleKey[])) {
    throw new AppError('validation_failed', `deputyId: a deputy must hold one of the roles ${deputyRoles.join(', ')}`, { rule: 'SEC-5', errors: [{ path: 'deputyId', message: `must hold one of the roles ${deputyRoles.join(', ')}` }] });
  }
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('approval_delegations').values({ from_role: 'gm', deputy_id: input.deputyId, types: input.types, starts_on: input.startsOn, ends_on: input.endsOn, created_by: p.userId }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'delegation.created', entityType: 'delegation', entityId: row.id, data: { ...input } });
    await notifyUsers(tx, [input.deputyId], { kind: 'delegation.created', title: `${input.startsOn} – ${input.endsOn}`, link: '/approvals' });
    return row.id;
  });
  return (await listDelegations(db)).items.find((d) => d.id === id)!;
}

export async function revokeDelegation(db: Kysely<DB>, id: string, actor: Actor, now = new Date()) {
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('approval_delegations').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound('delegation');
    await recordAudit(tx, actor, { action: 'delegation.revoked', entityType: 'delegation', entityId: id });
  });
  return { ok: true as const };
}
