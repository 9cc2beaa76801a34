/**
 * Cadence policies (REL-2): one per ABC class, editable by an administrator. A change recomputes
 * the due dates of every customer of that class at once, in one set-based statement in the same
 * transaction (an unclassified customer follows C).
 */
import { sql, type Kysely } from 'kysely';
import type { CadencePolicy } from '../../../contract/relations.js';
import type { DB } from '../../db/schema.js';
import { AppError, staleVersion } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { cadenceTableOf, type AbcClass, type CadenceTable } from './cadence.rules.js';

type PolicyRow = { abc_class: string; call_days: number; visit_days: number; version: number; updated_at: Date };
const toPolicy = (r: PolicyRow): CadencePolicy => ({ abcClass: r.abc_class as AbcClass, callDays: r.call_days, visitDays: r.visit_days, version: r.version, updatedAt: r.updated_at.toISOString() });

export async function listCadencePolicies(db: Kysely<DB>): Promise<{ items: CadencePolicy[] }> {
  const rows = await db.selectFrom('cadence_policies').select(['abc_class', 'call_days', 'visit_days', 'version', 'updated_at']).orderBy('abc_class').execute();
  return { items: rows.map(toPolicy) };
}

export async function cadenceTable(db: Kysely<DB>): Promise<CadenceTable> {
  return cadenceTableOf((await listCadencePolicies(db)).items);
}

export async function updateCadencePolicy(db: Kysely<DB>, abcClass: AbcClass, input: { callDays: number; visitDays: number; version: number }, actor: Actor, now = new Date()): Promise<CadencePolicy & { recomputed: number }> {
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('cadence_policies').select(['call_days', 'visit_days', 'version']).where('abc_class', '=', abcClass).forUpdate().executeTakeFirst();
    if (!before) throw new AppError('not_found', `No cadence policy for class ${abcClass}.`);
    if (before.version !== input.version) throw staleVersion('cadence policy', input.version);
    const row = await tx
      .updateTable('cadence_policies')
      .set({ call_days: input.callDays, visit_days: input.visitDays, version: sql`version + 1`, updated_at: now, updated_by: actor.userId })
      .where('abc_class', '=', abcClass)
      .returning(['abc_class', 'call_days', 'visit_days', 'version', 'updated_at'])
      .executeTakeFirstOrThrow();
    // every customer of the class (C: the unclassified too), whatever its lifecycle, so a reactivated one is right
    const classCondition = abcClass === 'C' ? sql`(c.abc_class IS NULL OR c.abc_class NOT IN ('A', 'B'))` : sql`c.abc_class = ${abcClass}`;
    const r = await sql`UPDATE contact_states s
         SET next_call_due = cadence_due(s.last_call_at, c.filed_on, ${input.callDays}::int),
             next_visit_due = cadence_due(s.last_visit_at, c.filed_on, ${input.visitDays}::int)
        FROM customers c WHERE c.id = s.customer_id AND ${classCondition}`.execute(tx);
    const recomputed = Number(r.numAffectedRows ?? 0);
    await recordAudit(tx, actor, { action: 'cadence.policy_changed', entityType: 'cadence_policy', entityId: abcClass, data: { from: { callDays: before.call_days, visitDays: before.visit_days }, to: { callDays: input.callDays, visitDays: input.visitDays }, recomputed } }, now);
    return { ...toPolicy(row), recomputed };
  });
}
