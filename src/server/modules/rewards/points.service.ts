/**
 * The points ledger of a customer (REL-10): read it, write an entry. A customer is opened through
 * the access policy (openCustomer: 404 when not visible); each writer locks the customer's balance
 * row FOR UPDATE, so concurrent redemptions are serialised and the balance never goes below zero
 * (the CHECK on points_balances is the last guard). The ledger itself is append-only in the database.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { createPointsBody, PointsEntry, PointsKind, pointsLedgerQuery, pointsExportQuery } from '../../../contract/rewards.js';
import type { RoleKey } from '../../../contract/roles.js';
import type { DB } from '../../db/schema.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { AppError, fieldError } from '../../http/errors.js';
import { assertUse, subjectOf } from '../access/access.service.js';
import { recordAudit, recordReadAudit } from '../audit/audit.service.js';
import type { Actor, AuditAction } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer } from '../customers/customers.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { loadPlans } from './plans.service.js';
import { checkDebit, deltaOf, dueExpiry, exceedsMaxBalance, lotExpiry, maxBalance, planInForce, shownPoints, type LedgerEntry } from './rewards.rules.js';
import { chinaDayEnd, chinaDayStart } from '../../shared/working-days.rules.js';

/** Besides the customer's owner: customer service and marketing managers write points. */
export const pointsWriterRoles: readonly RoleKey[] = ['cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director'];

const auditActionOf: Record<PointsKind, AuditAction> = { earn: 'points.earned', redeem: 'points.redeemed', expire: 'points.expired', adjust: 'points.adjusted' };

/** The balance row of a customer, created at 0 if missing, locked until the transaction ends. */
export async function lockBalance(tx: Transaction<DB>, customerId: string, now: Date): Promise<number> {
  await tx.insertInto('points_balances').values({ customer_id: customerId, updated_at: now }).onConflict((oc) => oc.column('customer_id').doNothing()).execute();
  const row = await tx.selectFrom('points_balances').select('balance').where('customer_id', '=', customerId).forUpdate().executeTakeFirstOrThrow();
  return row.balance;
}

export async function ledgerOf(db: Kysely<DB>, customerId: string): Promise<LedgerEntry[]> {
  const rows = await db.selectFrom('points_entries').select(['id', 'kind', 'delta', 'at', 'expires_at']).where('customer_id', '=', customerId).orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind as PointsKind, delta: r.delta, at: r.at, expiresAt: r.expires_at }));
}

type NewEntry = { customerId: string; kind: PointsKind; delta: number; reason: string; byId: string | null; planId?: string | null; transactionId?: string | null; expiresAt?: Date | null };

/** Appends one entry and moves the balance; the caller holds the balance lock and has checked the debit. */
export async function appendEntry(tx: Transaction<DB>, actor: Actor, balance: number, e: NewEntry, now: Date) {
  const row = await tx
    .insertInto('points_entries')
    .values({ customer_id: e.customerId, kind: e.kind, delta: e.delta, reason: e.reason, at: now, by_id: e.byId, plan_id: e.planId ?? null, transaction_id: e.transactionId ?? null, expires_at: e.expiresAt ?? null })
    .returning(['id', 'at'])
    .executeTakeFirstOrThrow();
  const after = balance + e.delta;
  await tx.updateTable('points_balances').set({ balance: after, updated_at: now }).where('customer_id', '=', e.customerId).execute();
  await recordAudit(tx, actor, { action: auditActionOf[e.kind], entityType: 'customer', entityId: e.customerId, data: { entryId: row.id, kind: e.kind, delta: e.delta, balance: after, reason: e.reason, ...(e.transactionId ? { transactionId: e.transactionId } : {}) } }, now);
  return { id: row.id, at: row.at, balance: after };
}

/**
 * Writes an expiry entry for the points due to expire now (FIFO), if any; returns the new balance.
 * Run before every debit, so points past their time can never be redeemed even before the job ran.
 */
export async function expireDue(tx: Transaction<DB>, actor: Actor, customerId: string, balance: number, now: Date): Promise<number> {
  const due = dueExpiry(await ledgerOf(tx, customerId), now);
  const points = Math.min(due.points, balance);
  if (points <= 0) return balance;
  const r = await appendEntry(tx, actor, balance, { customerId, kind: 'expire', delta: -points, reason: `积分到期（先进先出，${due.lotIds.length} 笔）`, byId: null }, now);
  return r.balance;
}

type LedgerQuery = Omit<z.infer<typeof pointsLedgerQuery>, 'limit'> & { limit?: number };

function selectEntries(db: Kysely<DB>, customerId: string, q: LedgerQuery) {
  let query = db
    .selectFrom('points_entries as e')
    .leftJoin('users as u', 'u.id', 'e.by_id')
    .select(['e.id', 'e.kind', 'e.delta', 'e.reason', 'e.at', 'u.display_name as by_name'])
    .where('e.customer_id', '=', customerId);
  if (q.kind) query = query.where('e.kind', '=', q.kind);
  if (q.from) query = query.where('e.at', '>=', chinaDayStart(q.from));
  if (q.to) query = query.where('e.at', '<', chinaDayEnd(q.to));
  return query.orderBy('e.at', 'desc').orderBy('e.id', 'desc');
}

const toEntry = (r: { id: string; kind: string; delta: number; reason: string; at: Date; by_name: string | null }): PointsEntry => ({
  id: r.id,
  kind: r.kind as PointsKind,
  points: shownPoints(r.kind as PointsKind, r.delta),
  reason: r.reason,
  at: r.at.toISOString(),
  byName: r.by_name,
});

async function balanceOf(db: Kysely<DB>, customerId: string): Promise<number> {
  const row = await db.selectFrom('points_balances').select('balance').where('customer_id', '=', customerId).executeTakeFirst();
  return row?.balance ?? 0;
}

/** GET /customers/:id/points — anyone who may read the customer. */
export async function getCustomerPoints(db: Kysely<DB>, p: Principal, id: string, q: z.infer<typeof pointsLedgerQuery>, now = new Date()) {
  const subject = await subjectOf(db, p);
  const { row } = await openCustomer(db, subject, id, 'read', now);
  const [balance, rows] = await Promise.all([balanceOf(db, row.id), selectEntries(db, row.id, q).limit(q.limit).execute()]);
  return { balance, items: rows.map(toEntry) };
}

const kindZh: Record<PointsKind, string> = { earn: '获得', redeem: '兑换', expire: '过期', adjust: '调整' };

/** The filtered ledger as a file (an archive that is view-only at its secrecy level is not exported). */
export async function exportCustomerPoints(db: Kysely<DB>, p: Principal, id: string, q: z.infer<typeof pointsExportQuery>, actor: Actor, now = new Date()) {
  const subject = await subjectOf(db, p);
  const { row, decision } = await openCustomer(db, subject, id, 'read', now);
  assertUse(decision, 'export');
  await recordReadAudit(db, actor, { action: 'points.exported', entityType: 'customer', entityId: row.id, data: { format: q.format, kind: q.kind ?? null } }, now);
  const rows = (await selectEntries(db, row.id, q).limit(100_000).execute()).map(toEntry);
  const cols: Column<PointsEntry>[] = [
    { header: '时间', value: (r) => new Date(r.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) },
    { header: '类型', value: (r) => kindZh[r.kind] },
    { header: '积分', value: (r) => (r.kind === 'earn' || (r.kind === 'adjust' && r.points > 0) ? r.points : -Math.abs(r.points)) },
    { header: '原因', value: (r) => r.reason },
    { header: '经办人', value: (r) => r.byName ?? '系统' },
  ];
  async function* batches() {
    yield rows;
  }
  const { stream } = streamTable(q.format, '积分明细', cols, batches());
  return { file: stream, filename: `points-${row.archive_no}.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

/**
 * POST /customers/:id/points. Authorises (read, then owner or writer role: 403), locks the balance,
 * expires what is due before a debit, refuses an overdraft (422, nothing written), appends, audits —
 * one transaction.
 */
export async function writePoints(db: Kysely<DB>, p: Principal, id: string, body: z.infer<typeof createPointsBody>, actor: Actor, now = new Date()) {
  const subject = await subjectOf(db, p);
  const { row } = await openCustomer(db, subject, id, 'read', now);
  if (row.owner_id !== p.userId && !p.roles.some((r) => pointsWriterRoles.includes(r))) {
    throw new AppError('forbidden', 'Only the customer\'s owner, customer service and marketing managers write points.', { rule: 'REL-10' });
  }
  if (body.direction !== undefined && body.kind !== 'adjust') throw fieldError('direction', 'only an adjustment has a direction');
  const delta = deltaOf(body.kind, body.points, body.direction);
  const plans = delta > 0 ? await loadPlans(db) : [];
  return db.transaction().execute(async (tx) => {
    let balance = await lockBalance(tx, row.id, now);
    if (delta < 0) balance = await expireDue(tx, actor, row.id, balance, now);
    const check = checkDebit(balance, delta);
    if (!check.ok) {
      throw new AppError('rule_violation', `Not enough points: the balance is ${check.balance}, ${-delta} would leave it ${check.short} short.`, { rule: 'REL-10', extra: { balance: check.balance, requested: -delta, short: check.short } });
    }
    if (exceedsMaxBalance(balance, delta)) throw new AppError('rule_violation', `A balance may not exceed ${maxBalance} points.`, { rule: 'REL-10', errors: [{ path: 'points', message: `would take the balance past ${maxBalance}`, code: 'too_big', params: { maximum: maxBalance - balance } }] });
    const plan = delta > 0 ? planInForce(plans, row.customer_type, chinaDate(now)) : null;
    const w = await appendEntry(tx, actor, balance, { customerId: row.id, kind: body.kind, delta, reason: body.reason, byId: p.userId, planId: plan?.id ?? null, expiresAt: delta > 0 ? lotExpiry(now, plan?.pointsValidMonths ?? null) : null }, now);
    const by = await tx.selectFrom('users').select('display_name').where('id', '=', p.userId).executeTakeFirst();
    return { id: w.id, kind: body.kind, points: shownPoints(body.kind, delta), reason: body.reason, at: w.at.toISOString(), byName: by?.display_name ?? null, balance: w.balance };
  });
}

/** Sum of deltas per customer as the ledger says (used by tests and the bench to check the balance row). */
export async function ledgerSum(db: Kysely<DB>, customerId: string): Promise<number> {
  const r = await db.selectFrom('points_entries').select(sql<string>`coalesce(sum(delta), 0)`.as('s')).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
  return Number(r.s);
}
