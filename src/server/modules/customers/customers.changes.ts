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
