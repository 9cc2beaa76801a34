/**
 * A change to an archive made by a workflow rather than by its edit form (an approved deletion,
 * restore, secrecy lowering or owner transfer, SEC-8): versioned and kept in the history like an
 * edit (ARC-7), in the caller's transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { FieldChange } from './customers.rules.js';
import { customerHistoryValues, selectCustomers, toCustomer } from './customers.repository.js';
import { moveOpenTasks } from '../tasks/tasks.service.js';

export async function recordCustomerChange(tx: Kysely<DB>, customerId: string, set: Partial<Record<keyof DB['customers'], unknown>>, changes: FieldChange[], actorId: string | null, now: Date) {
  if (!tx.isTransaction) throw new Error('recordCustomerChange needs a transaction');
  const updated = await tx
    .updateTable('customers')
    .set({ ...(set as object), updated_at: now, version: sql`version + 1` })
    .where('id', '=', customerId)
    .returning('version')
    .executeTakeFirst();
  if (!updated) throw new AppError('not_found', 'The customer archive does not exist.');
  const after = toCustomer((await selectCustomers(tx).where('c.id', '=', customerId).executeTakeFirstOrThrow()) as never);
  after.revisionCount += 1;
  await tx
    .insertInto('customer_history')
    .values({ customer_id: customerId, version: updated.version, entity: 'customer', entity_id: customerId, ...customerHistoryValues(changes, after), actor_id: actorId, at: now })
    .execute();
  return after;
}

export type OwnerTransfer = { fromOwnerId: string | null; toOwnerId: string | null; kind: 'transfer' | 'assign' | 'claim' | 'release' | 'approved'; reason: string; approvalId?: string | null; actorId: string | null };

/**
 * REL-1, in the caller's transaction: the customer's responsible owner changes (null: into the
 * open pool); the archive's department follows the new owner, the history and the transfer record
 * (who, when, why) are written, and the previous owner's open tasks move to the new owner.
 */
export async function transferOwner(tx: Kysely<DB>, customerId: string, t: OwnerTransfer, now: Date): Promise<{ movedTasks: number }> {
  const set: Partial<Record<keyof DB['customers'], unknown>> = { owner_id: t.toOwnerId };
  if (t.toOwnerId) set.department_id = (await tx.selectFrom('users').select('department_id').where('id', '=', t.toOwnerId).executeTakeFirstOrThrow()).department_id;
  await recordCustomerChange(tx, customerId, set, [{ field: 'ownerId', oldValue: t.fromOwnerId, newValue: t.toOwnerId }], t.actorId, now);
  const movedTasks = t.fromOwnerId && t.toOwnerId ? await moveOpenTasks(tx, customerId, t.fromOwnerId, t.toOwnerId) : 0;
  await tx.insertInto('owner_transfers').values({ customer_id: customerId, from_owner_id: t.fromOwnerId, to_owner_id: t.toOwnerId, kind: t.kind, reason: t.reason, moved_tasks: movedTasks, approval_id: t.approvalId ?? null, by_user_id: t.actorId, at: now }).execute();
  return { movedTasks };
}
