/**
 * Merging two archives of the same customer (ARC-10): contacts, transactions, feedback,
 * history and shares move to the survivor; the merged archive keeps its number, which from
 * then on leads to the survivor (lists hide it; reading it answers with the survivor's id). The
 * survivor takes the higher secrecy level of the two (SEC-5).
 */
import { sql, type Kysely } from 'kysely';
import type { Customer } from '../../../contract/customers.js';
import type { DB } from '../../db/schema.js';
import { AppError, fieldError, staleVersion } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { customerHistoryValues, selectCustomers, toCustomer } from './customers.repository.js';

import { authorizeCustomer, levelRank } from './customers.service.js';
import type { SecrecyLevel } from '../access/customer-access.rules.js';

export async function mergeCustomers(db: Kysely<DB>, p: Principal, mergedId: string, input: { intoId: string; version: number }, actor: Actor, now = new Date()): Promise<Customer> {
  if (mergedId === input.intoId) throw fieldError('intoId', 'an archive cannot be merged into itself');
  const subject = await subjectOf(db, p);
  const merged = await authorizeCustomer(db, subject, mergedId, 'update');
  await authorizeCustomer(db, subject, input.intoId, 'update');
  if (merged.version !== input.version) throw staleVersion('archive', input.version);
  return db.transaction().execute(async (tx) => {
    // lock both rows in id order so two opposite merges cannot deadlock or cross
    const locked = await tx.selectFrom('customers').select(['id', 'merged_into', 'version', 'archive_no', 'secrecy_level']).where('id', 'in', [mergedId, input.intoId]).orderBy('id').forUpdate().execute();
    if (locked.some((r) => r.merged_into !== null)) throw new AppError('conflict', 'One of the archives has already been merged.', { rule: 'ARC-10' });
    const moved: Record<string, number> = {};
    // documents (ARC-6), their update tasks (ARC-8) and self-service links and submissions (ARC-14) move too
    for (const table of ['contacts', 'transactions', 'feedback', 'customer_history', 'documents', 'tasks', 'self_service_links', 'self_service_submissions'] as const) {
      const r = await tx.updateTable(table).set({ customer_id: input.intoId }).where('customer_id', '=', mergedId).executeTakeFirst();
      moved[table] = Number(r.numUpdatedRows);
    }
    await sql`INSERT INTO customer_shares (customer_id, user_id, created_at, created_by)
      SELECT ${input.intoId}::bigint, user_id, created_at, created_by FROM customer_shares WHERE customer_id = ${mergedId}::bigint ON CONFLICT DO NOTHING`.execute(tx);
    await tx.deleteFrom('customer_shares').where('customer_id', '=', mergedId).execute();
    await tx.deleteFrom('customer_terms').where('customer_id', '=', mergedId).execute();
    const mergedNo = locked.find((r) => r.id === mergedId)!.archive_no;
    // SEC-5: the survivor takes the higher of the two levels, so nothing moved is read at a lower
    // one (lowering stays the gm's decision, SEC-8); raising applies at once, as an edit would
    const mergedLevel = locked.find((r) => r.id === mergedId)!.secrecy_level as SecrecyLevel;
    const survivorLevel = locked.find((r) => r.id === input.intoId)!.secrecy_level as SecrecyLevel;
    const raised = levelRank[mergedLevel] > levelRank[survivorLevel];
    await tx.updateTable('customers').set({ merged_into: input.intoId, updated_at: now, version: sql`version + 1` }).where('id', '=', mergedId).execute();
    const survivor = await tx.updateTable('customers').set({ ...(raised ? { secrecy_level: mergedLevel } : {}), updated_at: now, version: sql`version + 1`, last_transaction_on: sql`greatest(last_transaction_on, (SELECT last_transaction_on FROM customers WHERE id = ${mergedId}::bigint))` }).where('id', '=', input.intoId).returning('version').executeTakeFirstOrThrow();
    const after = toCustomer((await selectCustomers(tx).where('c.id', '=', input.intoId).executeTakeFirstOrThrow()) as never);
    after.revisionCount += 1;
    await tx.insertInto('customer_history').values({ customer_id: input.intoId, version: survivor.version, entity: 'customer', entity_id: input.intoId, ...customerHistoryValues([{ field: 'mergedFrom', oldValue: null, newValue: mergedNo }, ...(raised ? [{ field: 'secrecyLevel', oldValue: survivorLevel, newValue: mergedLevel }] : [])], after), actor_id: p.userId, at: now }).execute();
    await recordAudit(tx, actor, { action: 'customer.merged', entityType: 'customer', entityId: mergedId, data: { intoId: input.intoId, mergedArchiveNo: mergedNo, moved } }, now);
    if (raised) await recordAudit(tx, actor, { action: 'customer.secrecy_raised', entityType: 'customer', entityId: input.intoId, data: { from: survivorLevel, to: mergedLevel, by: 'merge', mergedId } }, now);
    return after;
  });
}
