/**
 * SQL shared by the evaluation services: scorecard and template versions, and the one writer of
 * a customer's grade, tier and ABC class (versioned in customer_history, logged in grade_changes).
 */
import { sql, type Kysely } from 'kysely';
import type { ScorecardDefinition } from '../../../contract/evaluation.js';
import type { DB } from '../../db/schema.js';
import type { AbcClass } from './abc.rules.js';
import { DEFAULT_SCORECARD, type Grade, type Tier } from './credit.rules.js';
import { DEFAULT_RELATIONSHIP_TEMPLATE, type RelationshipTemplate } from './relationship.rules.js';

export type ScorecardRow = { id: string; version: number; name: string; note: string | null; definition: ScorecardDefinition; created_at: Date; created_by: string | null };

/** The scorecard in force (the latest version); before any is stored, the seed's as version 1 (nothing written). */
export async function currentScorecard(db: Kysely<DB>): Promise<ScorecardRow> {
  const row = await db.selectFrom('scorecards').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (row) return row as ScorecardRow;
  return { id: '0', version: 1, name: '客户信用等级评定表', note: 'seed 003', definition: DEFAULT_SCORECARD, created_at: new Date(0), created_by: null };
}
/** The scorecard in force, stored (version 1 is written on first use, e.g. when a round opens). */
export async function ensureScorecard(db: Kysely<DB>): Promise<ScorecardRow> {
  const cur = await currentScorecard(db);
  if (cur.id !== '0') return cur;
  await db.insertInto('scorecards').values({ version: 1, name: cur.name, note: cur.note, definition: JSON.stringify(DEFAULT_SCORECARD) }).onConflict((oc) => oc.column('version').doNothing()).execute();
  return (await db.selectFrom('scorecards').selectAll().where('version', '=', 1).executeTakeFirstOrThrow()) as ScorecardRow;
}
export async function scorecardById(db: Kysely<DB>, id: string): Promise<ScorecardRow> {
  return (await db.selectFrom('scorecards').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as ScorecardRow;
}

export type TemplateRow = { id: string; version: number; definition: RelationshipTemplate; created_at: Date };
export async function currentTemplate(db: Kysely<DB>): Promise<TemplateRow> {
  const row = await db.selectFrom('relationship_templates').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (row) return row as TemplateRow;
  await db.insertInto('relationship_templates').values({ version: 1, definition: JSON.stringify(DEFAULT_RELATIONSHIP_TEMPLATE) }).onConflict((oc) => oc.column('version').doNothing()).execute();
  return (await db.selectFrom('relationship_templates').selectAll().where('version', '=', 1).executeTakeFirstOrThrow()) as TemplateRow;
}

export type CustomerChange = {
  customerId: string;
  grade?: Grade | null;
  tier?: Tier | null;
  abcClass?: AbcClass | null;
  cause: string;
  reason: string | null;
  tierCause?: string;
  evaluationId?: string | null;
  approvalId?: string | null;
  actorId: string | null;
  at: Date;
};
export type FieldChange = { field: 'creditGrade' | 'tier' | 'abcClass'; oldValue: string | null; newValue: string | null };

/**
 * Sets grade / tier / class of one customer in the caller's transaction: a new archive version
 * with a history row (shown in the archive's history and timeline) and one grade_changes row per
 * field with its cause. Returns what changed (nothing when the values are already in force).
 */
export async function applyCustomerChange(tx: Kysely<DB>, ch: CustomerChange): Promise<FieldChange[]> {
  const cur = await tx.selectFrom('customers').select(['credit_grade', 'tier', 'abc_class']).where('id', '=', ch.customerId).forUpdate().executeTakeFirstOrThrow();
  const changes: FieldChange[] = [];
  if (ch.grade !== undefined && ch.grade !== cur.credit_grade) changes.push({ field: 'creditGrade', oldValue: cur.credit_grade, newValue: ch.grade });
  if (ch.tier !== undefined && ch.tier !== cur.tier) changes.push({ field: 'tier', oldValue: cur.tier, newValue: ch.tier });
  if (ch.abcClass !== undefined && ch.abcClass !== cur.abc_class) changes.push({ field: 'abcClass', oldValue: cur.abc_class, newValue: ch.abcClass });
  if (changes.length === 0) return [];
  const column = { creditGrade: 'credit_grade', tier: 'tier', abcClass: 'abc_class' } as const;
  const set: Record<string, unknown> = { version: sql`version + 1`, updated_at: ch.at };
  for (const c of changes) set[column[c.field]] = c.newValue;
  const { version } = await tx.updateTable('customers').set(set).where('id', '=', ch.customerId).returning('version').executeTakeFirstOrThrow();
  const patch = Object.fromEntries([...changes.map((c) => [c.field, c.newValue]), ['version', version]]);
  await sql`
    INSERT INTO customer_history (customer_id, version, entity, entity_id, changes, snapshot, actor_id, at)
    SELECT ${ch.customerId}::bigint, ${version}, 'customer', ${ch.customerId}, ${JSON.stringify(changes)}::jsonb,
           (SELECT h.snapshot FROM customer_history h WHERE h.customer_id = ${ch.customerId}::bigint AND h.entity = 'customer' AND h.snapshot IS NOT NULL ORDER BY h.id DESC LIMIT 1) || ${JSON.stringify(patch)}::jsonb,
           ${ch.actorId}::bigint, ${ch.at}`.execute(tx);
  const kind = { creditGrade: 'grade', tier: 'tier', abcClass: 'abc' } as const;
  await tx
    .insertInto('grade_changes')
    .values(changes.map((c) => ({
      customer_id: ch.customerId, kind: kind[c.field], from_value: c.oldValue, to_value: c.newValue,
      cause: c.field === 'tier' && ch.tierCause ? ch.tierCause : ch.cause, reason: ch.reason, evaluation_id: ch.evaluationId ?? null,
      approval_id: ch.approvalId ?? null, actor_id: ch.actorId, at: ch.at,
    })))
    .execute();
  return changes;
}

/** Whether the customer has any bad-debt record (呆坏帐) among its payments. */
export async function hasBadDebt(db: Kysely<DB>, customerId: string): Promise<boolean> {
  const r = await db.selectFrom('payments as p').innerJoin('transactions as t', 't.id', 'p.transaction_id').select('p.id').where('t.customer_id', '=', customerId).where('p.bad_debt', '=', true).limit(1).executeTakeFirst();
  return r !== undefined;
}
