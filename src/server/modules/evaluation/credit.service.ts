/** The what-if preview (EVA-6), scorecard versions (EVA-1/2/3 configuration) and payments under transactions. */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { createPaymentBody, CreditPreviewInput, ScorecardDefinition, updatePaymentBody } from '../../../contract/evaluation.js';
import type { DB } from '../../db/schema.js';
import { AppError, notFound, staleVersion } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { mayAdministerEvaluation, mayEditScorecard } from '../access/evaluation-access.rules.js';
import { notifyUsers, usersWithRole } from '../approvals/notifications.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer, openFinancial } from '../customers/customers.service.js';
import { registerApprovalEffect, requestApproval } from '../approvals/approvals.service.js';
import { chinaDate } from './indicators.rules.js';
import { badDebtApproverRole, checkPayment } from './payments.rules.js';
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
  if (!mayEditScorecard(p)) throw new AppError('forbidden', 'Only the administrator, marketing managers, the marketing director and the general manager change the scorecard.', { rule: 'EVA-1' });
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

// --- purchase targets (EVA-1 purchaseAmount) ---

const fromCents = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

/** The customer's own quarterly target where one is set, the scorecard's target for its type otherwise. */
async function purchaseTargetOf(db: Kysely<DB>, customerId: string, customerType: string) {
  const card = await currentScorecard(db);
  const typeTarget = fromCents(toCents(card.definition.quarterlyTarget[customerType as keyof ScorecardDefinition['quarterlyTarget']] ?? '0'));
  const own = await db.selectFrom('customer_purchase_targets as t').leftJoin('users as u', 'u.id', 't.set_by').select(['t.quarterly_target', 't.set_at', 'u.display_name']).where('t.customer_id', '=', customerId).executeTakeFirst();
  const quarterlyTarget = own ? fromCents(toCents(own.quarterly_target)) : null;
  return {
    customerId, quarterlyTarget, typeTarget, effectiveTarget: quarterlyTarget ?? typeTarget, source: own ? ('customer' as const) : ('type' as const),
    setAt: own ? own.set_at.toISOString() : null, setByName: own?.display_name ?? null,
  };
}

export async function getPurchaseTarget(db: Kysely<DB>, p: Principal, customerId: string) {
  const { row } = await openCustomer(db, await subjectOf(db, p), customerId, 'read');
  return purchaseTargetOf(db, row.id, row.customer_type);
}

/** Set by whoever administers evaluation, on an archive they may read; null removes it. Audited with the change. */
export async function setPurchaseTarget(db: Kysely<DB>, p: Principal, customerId: string, quarterlyTarget: string | null, actor: Actor, now = new Date()) {
  const { row } = await openCustomer(db, await subjectOf(db, p), customerId, 'read');
  if (!mayAdministerEvaluation(p)) throw new AppError('forbidden', 'Purchase targets are set by marketing managers, the marketing director and the general manager.', { rule: 'EVA-1' });
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('customer_purchase_targets').select('quarterly_target').where('customer_id', '=', row.id).forUpdate().executeTakeFirst();
    if (quarterlyTarget === null) await tx.deleteFrom('customer_purchase_targets').where('customer_id', '=', row.id).execute();
    else {
      await tx.insertInto('customer_purchase_targets').values({ customer_id: row.id, quarterly_target: quarterlyTarget, set_by: p.userId, set_at: now })
        .onConflict((oc) => oc.column('customer_id').doUpdateSet({ quarterly_target: quarterlyTarget, set_by: p.userId, set_at: now })).execute();
    }
    await recordAudit(tx, actor, { action: 'customer.purchase_target_set', entityType: 'customer', entityId: row.id, data: { from: before?.quarterly_target ?? null, to: quarterlyTarget } }, now);
  });
  return purchaseTargetOf(db, row.id, row.customer_type);
}

// --- payments ---

type PaymentRow = { id: string; transaction_id: string; customer_id: string; due_on: string; paid_on: string | null; amount: string; bad_debt: boolean; note: string | null; version: number; created_at: Date; days_overdue: number | null };
const toPayment = (r: PaymentRow) => ({
  id: r.id, transactionId: r.transaction_id, customerId: r.customer_id, dueOn: r.due_on, paidOn: r.paid_on, amount: r.amount, badDebt: r.bad_debt,
  note: r.note, daysOverdue: r.days_overdue, version: r.version, createdAt: r.created_at.toISOString(),
});
const selectPayments = (db: Kysely<DB>) =>
  db.selectFrom('payments as p').innerJoin('transactions as t', 't.id', 'p.transaction_id').selectAll('p').select(['t.customer_id', sql<number | null>`p.paid_on - p.due_on`.as('days_overdue')]);

/**
 * Opens a transaction's payments: read with the financial group or finance's duty, recorded by
 * finance only (decidePaymentAccess, evaluation-access.rules.ts).
 */
async function openTransaction(db: Kysely<DB>, p: Principal, customerId: string, transactionId: string, action: 'read' | 'record') {
  const { row, access } = await openFinancial(db, await subjectOf(db, p), customerId);
  if (action === 'record' && !access.record) throw new AppError('forbidden', 'Payments are recorded by finance (计划财务部).', { rule: 'EVA-1' });
  const tx = await db.selectFrom('transactions').select(['id', 'customer_id', 'date', 'amount']).where('id', '=', transactionId).where('customer_id', '=', row.id).executeTakeFirst();
  if (!tx) throw notFound('transaction');
  return { row, tx };
}

async function pendingBadDebt(db: Kysely<DB>, paymentIds: readonly string[]) {
  if (paymentIds.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('approvals').select(['id', 'subject_id']).where('type', '=', 'bad_debt').where('subject_id', 'in', [...paymentIds]).where('state', '=', 'pending').where('expires_at', '>', new Date()).execute();
  return new Map(rows.map((r) => [r.subject_id, r.id]));
}
const withPending = async (db: Kysely<DB>, rows: PaymentRow[]) => {
  const pending = await pendingBadDebt(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...toPayment(r), badDebtApprovalId: pending.get(r.id) ?? null }));
};

export async function listPayments(db: Kysely<DB>, p: Principal, customerId: string, transactionId: string) {
  await openTransaction(db, p, customerId, transactionId, 'read');
  const rows = await selectPayments(db).where('p.transaction_id', '=', transactionId).orderBy('p.due_on').orderBy('p.id').limit(500).execute();
  return { items: await withPending(db, rows as PaymentRow[]) };
}

/** EVA-5 / seed 003 6.5: a bad-debt record makes a key customer normal (and D) at once. */
async function applyBadDebt(tx: Kysely<DB>, customerId: string, actorId: string, paymentId: string, now: Date) {
  const c = await tx.selectFrom('customers').select(['tier', 'owner_id', 'name']).where('id', '=', customerId).executeTakeFirstOrThrow();
  const changes = await applyCustomerChange(tx, { customerId, grade: 'D', tier: isKeyTier(c.tier as never) ? 'normal' : undefined, cause: 'bad_debt', reason: `payment ${paymentId} written off as bad debt`, actorId, at: now });
  if (changes.some((ch) => ch.field === 'tier')) {
    await notifyUsers(tx, [...(c.owner_id ? [c.owner_id] : []), ...(await usersWithRole(tx, ['marketing_manager']))], { kind: 'tier.changed', title: `${c.name}：呆坏帐，重点客户调整为普通客户`, link: `/customers/${customerId}`, about: { customerId } });
  }
}

/** Files the approval that writes a payment off as bad debt (`to` true) or reinstates it (SEC-7); 409 while one is pending. */
async function requestBadDebt(tx: Kysely<DB>, p: Principal, actor: Actor, customer: { id: string; archive_no: string }, payment: { id: string; amount: string }, to: boolean, now: Date) {
  const pending = await tx.selectFrom('approvals').select('id').where('type', '=', 'bad_debt').where('subject_id', '=', payment.id).where('state', '=', 'pending').where('expires_at', '>', now).executeTakeFirst();
  if (pending) throw new AppError('conflict', `A bad-debt decision on this payment is already waiting for approval (${pending.id}).`, { rule: 'SEC-7', extra: { approvalId: pending.id } });
  const approval = await requestApproval(tx, actor, {
    type: 'bad_debt', subjectType: 'payment', subjectId: payment.id, customerId: customer.id,
    summary: `${to ? '呆坏帐核销' : '撤销呆坏帐'}：${customer.archive_no} 付款 ${payment.amount} 元`,
    payload: { to, amount: payment.amount, archiveNo: customer.archive_no }, requesterId: p.userId, approverRole: badDebtApproverRole, approverRule: 'SEC-7',
  }, now);
  await recordAudit(tx, actor, { action: 'payment.bad_debt_requested', entityType: 'payment', entityId: payment.id, data: { customerId: customer.id, to, approvalId: approval.id } }, now);
  return approval.id;
}

registerApprovalEffect('bad_debt', {
  async onApproved(tx, approval, ctx) {
    const to = approval.payload['to'] === true;
    const cur = await tx.selectFrom('payments as p').innerJoin('transactions as t', 't.id', 'p.transaction_id').select(['p.id', 'p.bad_debt', 't.customer_id']).where('p.id', '=', approval.subjectId).forUpdate().executeTakeFirst();
    if (!cur) throw new AppError('conflict', 'The payment no longer exists.', { rule: 'SEC-7' });
    if (cur.bad_debt === to) return; // already so: nothing to apply
    await tx.updateTable('payments').set({ bad_debt: to, version: sql`version + 1` }).where('id', '=', cur.id).execute();
    if (to) await applyBadDebt(tx, cur.customer_id, ctx.deciderId, cur.id, ctx.now);
    await recordAudit(tx, ctx.actor, { action: 'payment.bad_debt_applied', entityType: 'payment', entityId: cur.id, data: { customerId: cur.customer_id, to, approvalId: approval.id } }, ctx.now);
  },
  link: (a) => (a.customerId ? `/customers/${a.customerId}` : null),
});

const invalidPayment = (errors: { path: string; message: string }[]) => new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });

/**
 * Finance records a payment: dates and amounts checked (not paid in the future, not before the
 * transaction, the transaction's payments never above its amount). `badDebt: true` files a
 * write-off for the gm's approval instead of applying it (SEC-7).
 */
export async function createPayment(db: Kysely<DB>, p: Principal, customerId: string, transactionId: string, input: z.infer<typeof createPaymentBody>, actor: Actor, now = new Date()) {
  const opened = await openTransaction(db, p, customerId, transactionId, 'record');
  return db.transaction().execute(async (tx) => {
    // payments of one transaction are checked against its amount under its row lock
    await tx.selectFrom('transactions').select('id').where('id', '=', transactionId).forUpdate().execute();
    const others = await tx.selectFrom('payments').select(sql<string>`coalesce(sum(amount), 0)::text`.as('s')).where('transaction_id', '=', transactionId).executeTakeFirstOrThrow();
    const errors = checkPayment({ transactionDate: String(opened.tx.date), transactionAmount: String(opened.tx.amount), otherPayments: others.s, dueOn: input.dueOn, paidOn: input.paidOn ?? null, amount: input.amount }, chinaDate(now));
    if (errors.length) throw invalidPayment(errors);
    const { id } = await tx.insertInto('payments').values({ transaction_id: transactionId, due_on: input.dueOn, paid_on: input.paidOn ?? null, amount: input.amount, bad_debt: false, note: input.note ?? null, created_at: now, created_by: p.userId }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'payment.created', entityType: 'payment', entityId: id, data: { customerId: opened.row.id, transactionId, amount: input.amount, dueOn: input.dueOn } }, now);
    if (input.badDebt) await requestBadDebt(tx, p, actor, opened.row, { id, amount: input.amount }, true, now);
    return (await withPending(tx, [(await selectPayments(tx).where('p.id', '=', id).executeTakeFirstOrThrow()) as PaymentRow]))[0]!;
  });
}

/** Finance marks a payment paid (checked as above) or asks to write it off / reinstate it (an approval, SEC-7). */
export async function updatePayment(db: Kysely<DB>, p: Principal, customerId: string, transactionId: string, paymentId: string, input: z.infer<typeof updatePaymentBody>, actor: Actor, now = new Date()) {
  const opened = await openTransaction(db, p, customerId, transactionId, 'record');
  return db.transaction().execute(async (tx) => {
    const cur = await tx.selectFrom('payments').selectAll().where('id', '=', paymentId).where('transaction_id', '=', transactionId).forUpdate().executeTakeFirst();
    if (!cur) throw notFound('payment');
    if (cur.version !== input.version) throw staleVersion('payment', input.version);
    if (input.paidOn !== undefined) {
      const others = await tx.selectFrom('payments').select(sql<string>`coalesce(sum(amount), 0)::text`.as('s')).where('transaction_id', '=', transactionId).where('id', '!=', paymentId).executeTakeFirstOrThrow();
      const errors = checkPayment({ transactionDate: String(opened.tx.date), transactionAmount: String(opened.tx.amount), otherPayments: others.s, dueOn: String(cur.due_on), paidOn: input.paidOn, amount: String(cur.amount) }, chinaDate(now));
      if (errors.length) throw invalidPayment(errors);
    }
    const set: Record<string, unknown> = { version: sql`version + 1` };
    if (input.paidOn !== undefined) set.paid_on = input.paidOn;
    if (input.note !== undefined) set.note = input.note;
    await tx.updateTable('payments').set(set).where('id', '=', paymentId).execute();
    await recordAudit(tx, actor, { action: 'payment.updated', entityType: 'payment', entityId: paymentId, data: { customerId: opened.row.id, fields: Object.keys(input).filter((k) => k !== 'version' && k !== 'badDebt') } }, now);
    if (input.badDebt !== undefined && input.badDebt !== cur.bad_debt) await requestBadDebt(tx, p, actor, opened.row, { id: paymentId, amount: String(cur.amount) }, input.badDebt, now);
    return (await withPending(tx, [(await selectPayments(tx).where('p.id', '=', paymentId).executeTakeFirstOrThrow()) as PaymentRow]))[0]!;
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
