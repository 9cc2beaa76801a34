/** The what-if preview (EVA-6), scorecard versions (EVA-1/2/3 configuration) and payments under transactions. */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { createPaymentBody, CreditPreviewInput, ScorecardDefinition, updatePaymentBody } from '../../../contract/evaluation.js';
import type { DB } from '../../db/schema.js';
import { AppError, notFound, staleVersion } from '../../http/errors.js';
import { assertGroup, subjectOf } from '../access/access.service.js';
import { mayAdministerEvaluation } from '../access/evaluation-access.rules.js';
import { notifyUsers, usersWithRole } from '../approvals/notifications.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer } from '../customers/customers.service.js';
import { checkScorecard, checkScores, isKeyTier, previewCredit, toCents, toTenths, type ScoresT } from './credit.rules.js';
import { applyCustomerChange, currentScorecard, ensureScorecard, type ScorecardRow } from './evaluation.repository.js';

const invalid = (errors: { path: string; message: string }[]) => new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });

/** Scores as tenths, after checking each against the scorecard's maximum. */
export function scoresToTenths(def: ScorecardDefinition, scores: Record<string, number | undefined>, prefix = 'scores'): ScoresT {
  const errors = checkScores(def, scores, prefix);
  if (errors.length) throw invalid(errors);
  return Object.fromEntries(Object.entries(scores).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toTenths(v!)])) as ScoresT;
}

/** EVA-6: nothing is written. */
export async function preview(db: Kysely<DB>, input: CreditPreviewInput) {
  const card = await currentScorecard(db);
  const scores = scoresToTenths(card.definition, input.scores);
  return previewCredit(card.definition, {
    customerType: input.customerType,
    scores,
    badDebt: input.badDebt ?? false,
    previousYearPurchases: toCents(input.previousYearPurchases ?? '0'),
    hasTransactions: input.hasTransactions ?? true,
  });
}

const toScorecard = (r: ScorecardRow & { created_by_name?: string | null }, currentVersion: number) => ({
  id: r.id, version: r.version, name: r.name, note: r.note, current: r.version === currentVersion, definition: r.definition,
  createdAt: r.created_at.toISOString(), createdByName: r.created_by_name ?? null,
});

export async function listScorecards(db: Kysely<DB>) {
  const current = await currentScorecard(db);
  const rows = await db.selectFrom('scorecards as s').leftJoin('users as u', 'u.id', 's.created_by').selectAll('s').select('u.display_name as created_by_name').orderBy('s.version', 'desc').limit(200).execute();
  return { items: rows.length ? rows.map((r) => toScorecard(r as never, current.version)) : [toScorecard(current, current.version)] };
}

export async function getScorecard(db: Kysely<DB>, version: number | 'current') {
  const current = await currentScorecard(db);
  if (current.id === '0' && (version === 'current' || version === 1)) return toScorecard(current, current.version);
  const row = await db.selectFrom('scorecards as s').leftJoin('users as u', 'u.id', 's.created_by').selectAll('s').select('u.display_name as created_by_name').where('s.version', '=', version === 'current' ? current.version : version).executeTakeFirst();
  if (!row) throw notFound('scorecard version');
  return toScorecard(row as never, current.version);
}

/** An edit makes the next version; evaluations already opened keep theirs (EVA-1). */
export async function updateScorecard(db: Kysely<DB>, p: Principal, input: { baseVersion: number; name: string; note?: string | null | undefined; definition: ScorecardDefinition }, actor: Actor, now = new Date()) {
  if (!mayAdministerEvaluation(p)) throw new AppError('forbidden', 'Only marketing managers, the marketing director and the general manager change the scorecard.', { rule: 'EVA-1' });
  const errors = checkScorecard(input.definition);
  if (errors.length) throw invalid(errors);
  const current = await ensureScorecard(db);
  if (input.baseVersion !== current.version) throw new AppError('stale_version', `baseVersion: the scorecard is at version ${current.version}; reload and edit that`, { errors: [{ path: 'baseVersion', message: 'is stale' }] });
  await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('scorecards').values({ version: current.version + 1, name: input.name, note: input.note ?? null, definition: JSON.stringify(input.definition), created_at: now, created_by: p.userId }).onConflict((oc) => oc.column('version').doNothing()).returning('id').executeTakeFirst();
    if (!row) throw staleVersion('scorecard', input.baseVersion);
    await recordAudit(tx, actor, { action: 'scorecard.updated', entityType: 'scorecard', entityId: row.id, data: { version: current.version + 1 } }, now);
  });
  return getScorecard(db, current.version + 1);
}

// --- payments ---

type PaymentRow = { id: string; transaction_id: string; customer_id: string; due_on: string; paid_on: string | null; amount: string; bad_debt: boolean; note: string | null; version: number; created_at: Date; days_overdue: number | null };
const toPayment = (r: PaymentRow) => ({
  id: r.id, transactionId: r.transaction_id, customerId: r.customer_id, dueOn: r.due_on, paidOn: r.paid_on, amount: r.amount, badDebt: r.bad_debt,
  note: r.note, daysOverdue: r.days_overdue, version: r.version, createdAt: r.created_at.toISOString(),
});
const selectPayments = (db: Kysely<DB>) =>
  db.selectFrom('payments as p').innerJoin('transactions as t', 't.id', 'p.transaction_id').selectAll('p').select(['t.customer_id', sql<number | null>`p.paid_on - p.due_on`.as('days_overdue')]);

async function openTransaction(db: Kysely<DB>, p: Principal, customerId: string, transactionId: string, action: 'read' | 'update') {
  const opened = await openCustomer(db, await subjectOf(db, p), customerId, action);
  assertGroup(opened.decision, 'financial');
  const tx = await db.selectFrom('transactions').select(['id', 'customer_id']).where('id', '=', transactionId).where('customer_id', '=', opened.row.id).executeTakeFirst();
  if (!tx) throw notFound('transaction');
  return opened;
}

export async function listPayments(db: Kysely<DB>, p: Principal, customerId: string, transactionId: string) {
  await openTransaction(db, p, customerId, transactionId, 'read');
  const rows = await selectPayments(db).where('p.transaction_id', '=', transactionId).orderBy('p.due_on').orderBy('p.id').limit(500).execute();
  return { items: rows.map((r) => toPayment(r as PaymentRow)) };
}

/** EVA-5 / seed 003 6.5: a bad-debt record makes a key customer normal (and D) at once. */
async function applyBadDebt(tx: Kysely<DB>, customerId: string, actorId: string, paymentId: string, now: Date) {
  const c = await tx.selectFrom('customers').select(['tier', 'owner_id', 'name']).where('id', '=', customerId).executeTakeFirstOrThrow();
  const changes = await applyCustomerChange(tx, { customerId, grade: 'D', tier: isKeyTier(c.tier as never) ? 'normal' : undefined, cause: 'bad_debt', reason: `payment ${paymentId} written off as bad debt`, actorId, at: now });
  if (changes.some((ch) => ch.field === 'tier')) {
    await notifyUsers(tx, [...(c.owner_id ? [c.owner_id] : []), ...(await usersWithRole(tx, ['marketing_manager']))], { kind: 'tier.changed', title: `${c.name}：呆坏帐，重点客户调整为普通客户`, link: `/customers/${customerId}` });
  }
}

export async function createPayment(db: Kysely<DB>, p: Principal, customerId: string, transactionId: string, input: z.infer<typeof createPaymentBody>, actor: Actor, now = new Date()) {
  const opened = await openTransaction(db, p, customerId, transactionId, 'update');
  return db.transaction().execute(async (tx) => {
    const { id } = await tx.insertInto('payments').values({ transaction_id: transactionId, due_on: input.dueOn, paid_on: input.paidOn ?? null, amount: input.amount, bad_debt: input.badDebt ?? false, note: input.note ?? null, created_at: now, created_by: p.userId }).returning('id').executeTakeFirstOrThrow();
    if (input.badDebt) await applyBadDebt(tx, opened.row.id, p.userId, id, now);
    await recordAudit(tx, actor, { action: 'payment.created', entityType: 'payment', entityId: id, data: { customerId: opened.row.id, transactionId, amount: input.amount, dueOn: input.dueOn, badDebt: input.badDebt ?? false } }, now);
    return toPayment((await selectPayments(tx).where('p.id', '=', id).executeTakeFirstOrThrow()) as PaymentRow);
  });
}

export async function updatePayment(db: Kysely<DB>, p: Principal, customerId: string, transactionId: string, paymentId: string, input: z.infer<typeof updatePaymentBody>, actor: Actor, now = new Date()) {
  const opened = await openTransaction(db, p, customerId, transactionId, 'update');
  return db.transaction().execute(async (tx) => {
    const cur = await tx.selectFrom('payments').selectAll().where('id', '=', paymentId).where('transaction_id', '=', transactionId).forUpdate().executeTakeFirst();
    if (!cur) throw notFound('payment');
    if (cur.version !== input.version) throw staleVersion('payment', input.version);
    const set: Record<string, unknown> = { version: sql`version + 1` };
    if (input.paidOn !== undefined) set.paid_on = input.paidOn;
    if (input.badDebt !== undefined) set.bad_debt = input.badDebt;
    if (input.note !== undefined) set.note = input.note;
    await tx.updateTable('payments').set(set).where('id', '=', paymentId).execute();
    if (input.badDebt && !cur.bad_debt) await applyBadDebt(tx, opened.row.id, p.userId, paymentId, now);
    await recordAudit(tx, actor, { action: 'payment.updated', entityType: 'payment', entityId: paymentId, data: { customerId: opened.row.id, fields: Object.keys(input).filter((k) => k !== 'version') } }, now);
    return toPayment((await selectPayments(tx).where('p.id', '=', paymentId).executeTakeFirstOrThrow()) as PaymentRow);
  });
}

/** In the caller's transaction: instalments due against a transaction (a signed contract's, SAL-3); their ids in order. */
export async function insertInstalments(tx: Kysely<DB>, transactionId: string, instalments: readonly { dueOn: string; amount: string }[], createdBy: string | null, now: Date): Promise<string[]> {
  if (!tx.isTransaction) throw new Error('insertInstalments needs the caller’s transaction');
  if (instalments.length === 0) return [];
  const rows = await tx
    .insertInto('payments')
    .values(instalments.map((i) => ({ transaction_id: transactionId, due_on: i.dueOn, paid_on: null, amount: i.amount, bad_debt: false, note: null, created_at: now, created_by: createdBy })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
