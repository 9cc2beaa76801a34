/**
 * ARC-9: customers without a transaction for the configured period (default 18 months) become
 * `dormant`; a new transaction makes them `active` again (customer-records.service). A function
 * of (db, now): each change is versioned in the history and the run is audited.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { dormantCutoff, DEFAULT_DORMANT_MONTHS } from '../modules/customers/customers.rules.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import { systemActor } from '../modules/audit/audit.types.js';

export async function dormantAfterMonths(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'dormant_after_months').executeTakeFirst();
  const v = Number((row?.value as { months?: unknown } | undefined)?.months);
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_DORMANT_MONTHS;
}

export async function markDormantCustomers(db: Kysely<DB>, now: Date): Promise<number> {
  const cutoff = dormantCutoff(now, await dormantAfterMonths(db));
  return db.transaction().execute(async (tx) => {
    const changed = await sql<{ id: string; version: number }>`
      UPDATE customers SET lifecycle = 'dormant', version = version + 1, updated_at = ${now}
       WHERE lifecycle = 'active' AND merged_into IS NULL
         AND coalesce(last_transaction_on, filed_on) < ${cutoff}::date
      RETURNING id, version`.execute(tx);
    if (changed.rows.length === 0) return 0;
    await sql`
      INSERT INTO customer_history (customer_id, version, entity, entity_id, changes, actor_id, at)
      SELECT x.id, x.version, 'customer', x.id::text, ${JSON.stringify([{ field: 'lifecycle', oldValue: 'active', newValue: 'dormant' }])}::jsonb, NULL, ${now}
        FROM unnest(${changed.rows.map((r) => r.id)}::bigint[], ${changed.rows.map((r) => r.version)}::int[]) AS x(id, version)`.execute(tx);
    await recordAudit(tx, { ...systemActor, requestId: 'job:mark-dormant' }, { action: 'customer.dormancy_marked', data: { count: changed.rows.length, cutoff } }, now);
    return changed.rows.length;
  });
}
