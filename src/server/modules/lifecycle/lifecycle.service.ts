/**
 * Protected changes of an archive (SEC-8) — delete to the recycle bin, restore, lower secrecy,
 * transfer a key customer — and destruction (SEC-9): each asked for as an approval, applied by
 * the approval's effect, exactly once, in the decision's transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { RoleKey } from '../../../contract/roles.js';
import type { DB } from '../../db/schema.js';
import { decodeIdCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, fieldError, notFound } from '../../http/errors.js';
import { hasPermission } from '../access/access.rules.js';
import { subjectOf } from '../access/access.service.js';
import type { SecrecyLevel } from '../access/customer-access.rules.js';
import { registerApprovalEffect, requestApproval, type ApprovalRecord } from '../approvals/approvals.service.js';
import { notifyUsers } from '../approvals/notifications.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { recordCustomerChange, transferOwner } from '../customers/customers.changes.js';
import { openCustomer } from '../customers/customers.service.js';
import { checkExecute, defaultDestructionScope, planDestruction, planProtectedChange, type ArchiveState, type DestructionScope, type ProtectedChange } from './lifecycle.rules.js';

const approvalTypeOf = { delete: 'customer_delete', restore: 'customer_restore', lower_secrecy: 'secrecy_lower', transfer_owner: 'owner_transfer' } as const;

/** The caller's transaction when there is one (a review decision files its approval in its own), else a new one. */
const inTransaction = <T>(db: Kysely<DB>, fn: (tx: Kysely<DB>) => Promise<T>): Promise<T> => (db.isTransaction ? fn(db) : db.transaction().execute(fn));

type CustomerState = ArchiveState & { id: string; archiveNo: string; name: string; deletedAt: Date | null };

async function loadState(db: Kysely<DB>, id: string, lock = false): Promise<CustomerState | null> {
  let q = db.selectFrom('customers').select(['id', 'archive_no', 'name', 'lifecycle', 'secrecy_level', 'tier', 'abc_class', 'owner_id', 'deleted_at', 'merged_into']).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r || r.merged_into) return null;
  return { id: r.id, archiveNo: r.archive_no, name: r.name, lifecycle: r.lifecycle as ArchiveState['lifecycle'], secrecyLevel: r.secrecy_level as SecrecyLevel, tier: r.tier as ArchiveState['tier'], ownerId: r.owner_id, abcClass: r.abc_class, deletedAt: r.deleted_at };
}

export type ProtectedChangeInput = { change: ProtectedChange; reason: string; secrecyLevel?: SecrecyLevel | undefined; ownerId?: string | undefined };

/** Asks for a protected change. Archives in the recycle bin are reached only by its keepers. */
export async function requestProtectedChange(db: Kysely<DB>, p: Principal, customerId: string, input: ProtectedChangeInput, actor: Actor, now = new Date()) {
  let state: CustomerState | null;
  if (input.change === 'restore') {
    if (!hasPermission(p.roles, 'recycle.manage')) throw notFound('customer');
    state = await loadState(db, customerId);
  } else {
    const { row } = await openCustomer(db, await subjectOf(db, p), customerId, 'update', now);
    state = await loadState(db, row.id);
  }
  if (!state) throw notFound('customer');
  const plan = planProtectedChange(input.change, state, input);
  if (!plan.ok) throw new AppError(plan.code, `${input.change}: ${plan.reason}.`, { rule: plan.rule });
  if (input.change === 'transfer_owner') {
    const owner = await db.selectFrom('users').select(['id', 'disabled', 'display_name']).where('id', '=', input.ownerId!).executeTakeFirst();
    if (!owner || owner.disabled) throw fieldError('ownerId', 'no such active user');
  }
  const type = approvalTypeOf[input.change];
  const open = await db.selectFrom('approvals').select('id').where('type', '=', type).where('customer_id', '=', state.id).where('state', '=', 'pending').where('expires_at', '>', now).executeTakeFirst();
  if (open) throw new AppError('conflict', `A ${input.change} request for this archive is already waiting (approval ${open.id}).`, { rule: 'SEC-8', extra: { approvalId: open.id } });
  const labels: Record<ProtectedChange, string> = { delete: '删除档案', restore: '恢复档案', lower_secrecy: `降低密级至 ${input.secrecyLevel ?? ''}`, transfer_owner: '变更重点客户责任人' };
  const approval = await inTransaction(db, (tx) =>
    requestApproval(
      tx,
      actor,
      {
        type,
        subjectType: 'customer',
        subjectId: state.id,
        customerId: state.id,
        summary: `${labels[input.change]}：${state.archiveNo} ${state.name}`,
        payload: { change: input.change, reason: input.reason.trim(), archiveNo: state.archiveNo, customerName: state.name, from: { secrecyLevel: state.secrecyLevel, ownerId: state.ownerId }, to: { secrecyLevel: input.secrecyLevel ?? null, ownerId: input.ownerId ?? null } },
        requesterId: p.userId,
        approverRole: plan.approverRole,
        approverRule: plan.rule,
      },
      now,
    ),
  );
  return { approvalId: approval.id, state: 'pending' as const, approverRole: approval.approverRole, change: input.change, customerId: state.id };
}

/** The change still fits the archive as it is now, or the approval is refused (nothing applies). */
async function replan(tx: Kysely<DB>, approval: ApprovalRecord, change: ProtectedChange) {
  const state = await loadState(tx, approval.subjectId, true);
  if (!state) throw new AppError('conflict', 'The archive no longer exists.', { rule: 'SEC-8' });
  const to = (approval.payload['to'] ?? {}) as { secrecyLevel?: SecrecyLevel; ownerId?: string };
  const plan = planProtectedChange(change, state, { secrecyLevel: to.secrecyLevel ?? undefined, ownerId: to.ownerId ?? undefined });
  if (!plan.ok) throw new AppError('conflict', `The archive changed since the request: ${plan.reason}.`, { rule: plan.rule });
  return { state, to };
}

registerApprovalEffect('customer_delete', {
  async onApproved(tx, approval, ctx) {
    const { state } = await replan(tx, approval, 'delete');
    await recordCustomerChange(tx, state.id, { lifecycle: 'deleted', lifecycle_before_delete: state.lifecycle, deleted_at: ctx.now, deleted_by: approval.requesterId, deleted_reason: String(approval.payload['reason'] ?? '') }, [{ field: 'lifecycle', oldValue: state.lifecycle, newValue: 'deleted' }], ctx.deciderId, ctx.now);
    await recordAudit(tx, ctx.actor, { action: 'customer.deleted', entityType: 'customer', entityId: state.id, data: { approvalId: approval.id, reason: approval.payload['reason'] } }, ctx.now);
  },
});

registerApprovalEffect('customer_restore', {
  async onApproved(tx, approval, ctx) {
    const { state } = await replan(tx, approval, 'restore');
    const back = (await tx.selectFrom('customers').select('lifecycle_before_delete').where('id', '=', state.id).executeTakeFirstOrThrow()).lifecycle_before_delete ?? 'active';
    await recordCustomerChange(tx, state.id, { lifecycle: back, lifecycle_before_delete: null, deleted_at: null, deleted_by: null, deleted_reason: null }, [{ field: 'lifecycle', oldValue: 'deleted', newValue: back }], ctx.deciderId, ctx.now);
    await recordAudit(tx, ctx.actor, { action: 'customer.restored', entityType: 'customer', entityId: state.id, data: { approvalId: approval.id } }, ctx.now);
  },
});

registerApprovalEffect('secrecy_lower', {
  async onApproved(tx, approval, ctx) {
    const { state, to } = await replan(tx, approval, 'lower_secrecy');
    await recordCustomerChange(tx, state.id, { secrecy_level: to.secrecyLevel }, [{ field: 'secrecyLevel', oldValue: state.secrecyLevel, newValue: to.secrecyLevel }], ctx.deciderId, ctx.now);
    await recordAudit(tx, ctx.actor, { action: 'customer.secrecy_lowered', entityType: 'customer', entityId: state.id, data: { approvalId: approval.id, from: state.secrecyLevel, to: to.secrecyLevel } }, ctx.now);
  },
});

registerApprovalEffect('owner_transfer', {
  async onApproved(tx, approval, ctx) {
    const { state, to } = await replan(tx, approval, 'transfer_owner');
    const owner = await tx.selectFrom('users').select(['id', 'department_id', 'disabled']).where('id', '=', to.ownerId!).executeTakeFirst();
    if (!owner || owner.disabled) throw new AppError('conflict', 'The new owner is no longer an active user.', { rule: 'SEC-8' });
    // REL-1: the transfer record and the open tasks move with the archive
    await transferOwner(tx, state.id, { fromOwnerId: state.ownerId, toOwnerId: owner.id, kind: 'approved', reason: String(approval.payload['reason'] ?? ''), approvalId: approval.id, actorId: ctx.deciderId }, ctx.now);
    await recordAudit(tx, ctx.actor, { action: 'customer.owner_transferred', entityType: 'customer', entityId: state.id, data: { approvalId: approval.id, from: state.ownerId, to: owner.id } }, ctx.now);
    await notifyUsers(tx, [owner.id, ...(state.ownerId ? [state.ownerId] : [])], { kind: 'customer.owner_transferred', title: `${state.archiveNo} ${state.name}`, link: `/customers/${state.id}`, about: { customerId: state.id, hiddenTitle: '你负责的一份档案已转交他人' } });
  },
});

// --- the recycle bin ---

export async function listRecycleBin(db: Kysely<DB>, q: { limit: number; cursor?: string | undefined }) {
  const after = decodeIdCursor(q.cursor);
  const rows = await db
    .selectFrom('customers as c')
    .leftJoin('users as d', 'd.id', 'c.deleted_by')
    .leftJoin('users as o', 'o.id', 'c.owner_id')
    .select(['c.id', 'c.archive_no', 'c.name', 'c.deleted_at', 'c.deleted_reason', 'd.display_name as deleted_by_name', 'o.display_name as owner_name', 'c.secrecy_level'])
    .where('c.lifecycle', '=', 'deleted')
    .$if(after !== null, (b) => b.where('c.id', '<', after!))
    .orderBy('c.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({ id: r.id, archiveNo: r.archive_no, name: r.name, deletedAt: r.deleted_at?.toISOString() ?? null, deletedByName: r.deleted_by_name, reason: r.deleted_reason, ownerName: r.owner_name, secrecyLevel: r.secrecy_level })),
    nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1]!.id]) : null,
  };
}

// --- destruction (SEC-9) ---

export type PurgeContext = { storageRoot: string; documentStore?: 'directory' | 'postgres' };
export type PurgeHook = (tx: Kysely<DB>, customerId: string, ctx: PurgeContext) => Promise<{ count: number; afterCommit?: () => Promise<void> }>;
const purgeHooks = new Map<string, PurgeHook>();
/** Other modules (documents) register what they purge when an archive is destroyed. */
export function registerDestructionPurge(name: string, hook: PurgeHook): void {
  purgeHooks.set(name, hook);
}

export async function requestDestruction(db: Kysely<DB>, p: Principal, customerId: string, input: { reason: string; scope?: Partial<DestructionScope> | undefined }, actor: Actor, now = new Date()) {
  if (!hasPermission(p.roles, 'recycle.manage')) throw notFound('customer');
  const state = await loadState(db, customerId);
  if (!state) throw notFound('customer');
  const plan = planDestruction(state);
  if (!plan.ok) throw new AppError(plan.code, `destruction: ${plan.reason}.`, { rule: plan.rule });
  const scope = { ...defaultDestructionScope, ...input.scope };
  return inTransaction(db, async (tx) => {
    const pending = await tx.selectFrom('destructions').select('id').where('customer_id', '=', state.id).where('executed_at', 'is', null).executeTakeFirst();
    if (pending) {
      const a = await tx.selectFrom('destructions as d').innerJoin('approvals as a', 'a.id', 'd.approval_id').select(['a.state', 'a.expires_at']).where('d.id', '=', pending.id).executeTakeFirstOrThrow();
      if (a.state === 'approved' || (a.state === 'pending' && a.expires_at > now)) throw new AppError('conflict', 'A destruction of this archive is already requested.', { rule: 'SEC-9' });
    }
    const approval = await requestApproval(
      tx,
      actor,
      { type: 'destruction', subjectType: 'customer', subjectId: state.id, customerId: state.id, summary: `销毁档案：${state.archiveNo} ${state.name}`, payload: { reason: input.reason.trim(), scope, archiveNo: state.archiveNo, customerName: state.name }, requesterId: p.userId, approverRole: 'gm', approverRule: 'SEC-9' },
      now,
    );
    const row = await tx
      .insertInto('destructions')
      .values({ approval_id: approval.id, customer_id: state.id, archive_no: state.archiveNo, name: state.name, reason: input.reason.trim(), scope: JSON.stringify(scope), requested_by: p.userId, requested_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, approvalId: approval.id, state: 'pending' as const, approverRole: 'gm' as RoleKey };
  });
}

registerApprovalEffect('destruction', {
  async onApproved(tx, approval, ctx) {
    const state = await loadState(tx, approval.subjectId, true);
    if (!state) throw new AppError('conflict', 'The archive no longer exists.', { rule: 'SEC-9' });
    const plan = planDestruction(state);
    if (!plan.ok) throw new AppError('conflict', `destruction: ${plan.reason}.`, { rule: plan.rule });
    await tx.updateTable('destructions').set({ approved_by: ctx.deciderId, approved_at: ctx.now }).where('approval_id', '=', approval.id).execute();
    const archivists = await tx.selectFrom('users').select('id').where('disabled', '=', false).where(sql<boolean>`'archivist' = ANY(roles)`).execute();
    await notifyUsers(tx, archivists.map((u) => u.id), { kind: 'destruction.approved', title: approval.summary, link: '/archive-room/destructions' });
  },
});

const keptColumns = new Set(['id', 'archive_no', 'name', 'name_norm', 'name_pinyin', 'name_initials', 'customer_type', 'owner_id', 'department_id', 'filed_on', 'secrecy_level', 'lifecycle', 'version', 'created_at', 'updated_at', 'created_by', 'merged_into', 'deleted_at', 'deleted_by', 'deleted_reason', 'lifecycle_before_delete', 'custom', 'phone_digits', 'tags', 'shareholders', 'sales_last_3_years', 'related_companies']);

/** The archivist executes an approved destruction: content purged in one transaction; number, name and record stay. */
export async function executeDestruction(db: Kysely<DB>, p: Principal, destructionId: string, actor: Actor, purgeCtx: PurgeContext, now = new Date()) {
  const afterCommit: (() => Promise<void>)[] = [];
  const result = await db.transaction().execute(async (tx) => {
    const d = await tx.selectFrom('destructions').selectAll().where('id', '=', destructionId).forUpdate().executeTakeFirst();
    if (!d || !hasPermission(p.roles, 'recycle.manage')) throw notFound('destruction');
    const check = checkExecute(p.roles, { approved: d.approved_at !== null, executed: d.executed_at !== null });
    if (!check.ok) throw new AppError(check.code, `destruction: ${check.reason}.`, { rule: 'SEC-9' });
    const state = await loadState(tx, d.customer_id, true);
    if (!state || state.lifecycle === 'destroyed') throw new AppError('conflict', 'destruction: the archive was already destroyed.', { rule: 'SEC-9' });
    const scope = { ...defaultDestructionScope, ...(d.scope as Partial<DestructionScope>) };
    const purged: Record<string, number> = {};
    const id = d.customer_id;
    if (scope.contacts) {
      purged['contacts'] = Number((await tx.deleteFrom('contacts').where('customer_id', '=', id).executeTakeFirst()).numDeletedRows);
    } else if (scope.contactsPersonalData) {
      purged['contactsPersonalData'] = Number((await tx.updateTable('contacts').set({ birth_date: null, family: null, hobbies: null, mobile: null, phone_digits: '' }).where('customer_id', '=', id).executeTakeFirst()).numUpdatedRows);
    }
    if (scope.transactionDetails) {
      purged['transactionLines'] = Number((await tx.deleteFrom('transaction_lines').where('transaction_id', 'in', tx.selectFrom('transactions').select('id').where('customer_id', '=', id)).executeTakeFirst()).numDeletedRows);
      purged['transactions'] = Number((await tx.updateTable('transactions').set({ place: null, remarks: null, breach_note: null, handled_by: null }).where('customer_id', '=', id).executeTakeFirst()).numUpdatedRows);
    }
    if (scope.feedback) {
      purged['feedback'] = Number((await tx.deleteFrom('feedback').where('customer_id', '=', id).executeTakeFirst()).numDeletedRows);
      // what was said in calls and visits (REL-3) goes with the feedback; that contact happened stays countable for cadence
      purged['communications'] = Number(
        (
          await tx
            .updateTable('communications')
            .set({ subject: '', content: '', result: null, customer_needs: null, attitude: null, person_level: null, next_step_due: null, next_step_text: null, check_in_lat: null, check_in_lng: null, check_in_accuracy: null, check_in_at: null, contact_ids: [] })
            .where('customer_id', '=', id)
            .executeTakeFirst()
        ).numUpdatedRows,
      );
    }
    if (scope.history) {
      // who changed what when stays countable; the values are gone
      purged['historyEntries'] = Number((await tx.updateTable('customer_history').set({ changes: '[]', snapshot: '{}' }).where('customer_id', '=', id).executeTakeFirst()).numUpdatedRows);
    }
    if (scope.documents) {
      for (const [name, hook] of purgeHooks) {
        const r = await hook(tx, id, purgeCtx);
        purged[name] = r.count;
        if (r.afterCommit) afterCommit.push(r.afterCommit);
      }
    }
    // every content column of the archive itself, except what identifies it
    // (generated columns, such as the pinyin sort key, follow the columns they are made of)
    const columns = (await sql<{ column_name: string; is_nullable: string }>`SELECT column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'customers' AND is_generated = 'NEVER'`.execute(tx)).rows;
    const clear = Object.fromEntries(columns.filter((c) => !keptColumns.has(c.column_name) && c.is_nullable === 'YES').map((c) => [c.column_name, null]));
    await tx.updateTable('customers').set({ ...clear, lifecycle: 'destroyed', custom: '{}', tags: [], shareholders: '[]', sales_last_3_years: '{}', related_companies: '[]', phone_digits: '', updated_at: now, version: sql`version + 1` } as never).where('id', '=', id).execute();
    await tx.deleteFrom('customer_shares').where('customer_id', '=', id).execute();
    await tx.updateTable('destructions').set({ executed_by: p.userId, executed_at: now, purged: JSON.stringify(purged) }).where('id', '=', d.id).execute();
    await recordAudit(tx, actor, { action: 'customer.destroyed', entityType: 'customer', entityId: id, data: { destructionId: d.id, purged } }, now);
    return { id: d.id, customerId: id, archiveNo: d.archive_no, name: d.name, executedAt: now.toISOString(), purged };
  });
  for (const f of afterCommit) await f().catch(() => undefined); // files go once the database says so
  return result;
}

/** 销毁登记: what was destroyed, why, by whom and when — kept forever. */
export async function listDestructions(db: Kysely<DB>, q: { limit: number; cursor?: string | undefined }, now = new Date()) {
  const after = decodeIdCursor(q.cursor);
  const rows = await db
    .selectFrom('destructions as d')
    .innerJoin('approvals as a', 'a.id', 'd.approval_id')
    .leftJoin('users as r', 'r.id', 'd.requested_by')
    .leftJoin('users as g', 'g.id', 'd.approved_by')
    .leftJoin('users as x', 'x.id', 'd.executed_by')
    .select(['d.id', 'd.approval_id', 'd.customer_id', 'd.archive_no', 'd.name', 'd.reason', 'd.scope', 'd.requested_at', 'd.approved_at', 'd.executed_at', 'd.purged', 'a.state', 'a.expires_at', 'r.display_name as requested_by_name', 'g.display_name as approved_by_name', 'x.display_name as executed_by_name'])
    .$if(after !== null, (b) => b.where('d.id', '<', after!))
    .orderBy('d.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      approvalId: r.approval_id,
      customerId: r.customer_id,
      archiveNo: r.archive_no,
      name: r.name,
      reason: r.reason,
      scope: r.scope as Record<string, boolean>,
      state: r.executed_at ? 'executed' : r.state === 'pending' && r.expires_at <= now ? 'expired' : r.state,
      requestedByName: r.requested_by_name,
      requestedAt: r.requested_at.toISOString(),
      approvedByName: r.approved_by_name,
      approvedAt: r.approved_at?.toISOString() ?? null,
      executedByName: r.executed_by_name,
      executedAt: r.executed_at?.toISOString() ?? null,
      purged: (r.purged as Record<string, number> | null) ?? null,
    })),
    nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1]!.id]) : null,
  };
}
