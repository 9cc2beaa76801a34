/**
 * Sales (spec 06): receivables and their aging over the payments table (SAL-1, SAL-4), opportunities
 * (SAL-2) and contracts with the pre-signing checklist (SAL-3). Every list reads only customers
 * whose financial group the caller may read (access module: financialCustomers); one record is
 * opened with openCustomer and assertGroup('financial'), so a customer the caller may not see is 404.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  Checklist,
  ChecklistItem,
  Contract,
  ContractClauses,
  createContractBody,
  createOpportunityBody,
  Opportunity,
  OpportunityStage,
  Receivable,
  ReceivableState,
  updateChecklistBody,
  updateOpportunityBody,
} from '../../../contract/sales.js';
import { agingBuckets, checklistItems } from '../../../contract/sales.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, fieldError, notFound, staleVersion } from '../../http/errors.js';
import { assertGroup, subjectOf } from '../access/access.service.js';
import type { AccessSubject } from '../access/customer-access.rules.js';
import { financialCustomers, paymentCustomers, paymentsHidden, paymentsSeeAll } from '../access/customer-access.sql.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { insertTransaction } from '../customers/customer-records.service.js';
import { openCustomer } from '../customers/customers.service.js';
import { insertInstalments } from '../evaluation/credit.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { templateForContract } from './contract-templates.service.js';
import { changeStage, checkDelivery, daysOverdue, defaultStageProbabilities, instalmentsMatch, mayWaive, receivableState, unmetChecklist } from './sales.rules.js';

/** A customer whose financial group the caller may read and, for writes, update (404 / 403 otherwise). */
async function openFinancial(db: Kysely<DB>, subject: AccessSubject, customerId: string, action: 'read' | 'update') {
  const opened = await openCustomer(db, subject, customerId, action);
  assertGroup(opened.decision, 'financial');
  return opened;
}

// ---- receivables (SAL-1, SAL-4) ------------------------------------------------------------------

function selectReceivables(db: Kysely<DB>, subject: AccessSubject) {
  return db
    .selectFrom('payments as p')
    .innerJoin('transactions as t', 't.id', 'p.transaction_id')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .leftJoin('contracts as k', 'k.id', 't.contract_id')
    .leftJoin('users as o', 'o.id', 'c.owner_id')
    .where(paymentCustomers(subject))
    .select(['p.id', 'p.transaction_id', 't.contract_id', 'k.contract_no', 'c.id as customer_id', 'c.name as customer_name', 'c.archive_no', 'c.owner_id', 'o.display_name as owner_name', 'p.amount', 'p.due_on', 'p.paid_on', 'p.bad_debt']);
}
type ReceivableRow = Awaited<ReturnType<ReturnType<typeof selectReceivables>['executeTakeFirstOrThrow']>>;

const toReceivable = (r: ReceivableRow, today: string): Receivable => {
  const inst = { dueOn: String(r.due_on), paidOn: r.paid_on ? String(r.paid_on) : null, badDebt: r.bad_debt };
  return {
    paymentId: r.id,
    transactionId: r.transaction_id,
    contractId: r.contract_id,
    contractNo: r.contract_no,
    customerId: r.customer_id,
    customerName: r.customer_name,
    archiveNo: r.archive_no,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    amount: r.amount,
    dueOn: inst.dueOn,
    paidOn: inst.paidOn,
    state: receivableState(inst, today),
    daysOverdue: daysOverdue(inst, today),
  };
};

export type ReceivableQuery = { state?: ReceivableState | undefined; customerId?: string | undefined; ownerId?: string | undefined; departmentId?: string | undefined; limit: number; cursor?: string | undefined };

/** Receivables by due date (oldest first), filtered to what the caller may read. */
export async function listReceivables(db: Kysely<DB>, p: Principal, q: ReceivableQuery, now = new Date()) {
  const subject = await subjectOf(db, p);
  const today = chinaDate(now);
  let query = selectReceivables(db, subject);
  if (q.customerId) query = query.where('c.id', '=', q.customerId);
  if (q.ownerId) query = query.where('c.owner_id', '=', q.ownerId);
  if (q.departmentId) query = query.where('c.department_id', '=', q.departmentId);
  if (q.state === 'bad_debt') query = query.where('p.bad_debt', '=', true);
  if (q.state === 'paid') query = query.where('p.bad_debt', '=', false).where('p.paid_on', 'is not', null);
  if (q.state === 'open') query = query.where('p.bad_debt', '=', false).where('p.paid_on', 'is', null).where('p.due_on', '>=', today);
  if (q.state === 'overdue') query = query.where('p.bad_debt', '=', false).where('p.paid_on', 'is', null).where('p.due_on', '<', today);
  const after = decodeCursor(q.cursor, 2);
  if (after) query = query.where(sql<boolean>`(p.due_on, p.id) > (${String(after[0])}::date, ${String(after[1])}::bigint)`);
  const rows = await query.orderBy('p.due_on').orderBy('p.id').limit(q.limit + 1).execute();
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items: items.map((r) => toReceivable(r, today)), nextCursor: rows.length > q.limit && last ? encodeCursor([String(last.due_on), last.id]) : null };
}

/**
 * Unpaid, not written-off instalments: not yet due, and past due in buckets (SAL-4). One aggregate
 * statement over open_receivables (per customer and due date, kept by the payments' writes,
 * migration 0184); whoever reads every customer's payments (the gm) with no filter reads it alone,
 * whoever reads almost all (finance, the roles that see every archive) reads it less the few
 * customers they may not (paymentsHidden, on the rollup's own copies of the access columns, migration
 * 0211), anyone else through their visible customers.
 */
export async function receivablesAging(db: Kysely<DB>, p: Principal, q: { ownerId?: string | undefined; departmentId?: string | undefined }, now = new Date()) {
  const subject = await subjectOf(db, p);
  const today = chinaDate(now);
  const days = sql<number>`(${today}::date - r.due_on)`;
  const bucket = sql<string>`CASE WHEN ${days} <= 0 THEN 'not_due' WHEN ${days} <= 30 THEN '0-30' WHEN ${days} <= 60 THEN '31-60' WHEN ${days} <= 90 THEN '61-90' ELSE 'over_90' END`;
  // per due date first (about a thousand dates), then the buckets: the CASE runs once a date, not once a row
  const hidden = !q.ownerId && !q.departmentId ? paymentsHidden(subject) : null;
  const source =
    paymentsSeeAll(subject) && !q.ownerId && !q.departmentId
      ? sql`open_receivables r`
      : hidden
        ? // finance and the roles that see every archive: the whole rollup less the few customers they may not read
          // the rollup's rows carry their customer's access columns (migration 0211): `c` is the rollup
          // itself, its candidates read from their partial index without joining customers
          sql`(SELECT r.due_on, r.count, r.amount FROM open_receivables r
               UNION ALL
               SELECT c.due_on, -c.count, -c.amount
                 FROM (SELECT r.customer_id AS id, r.secrecy_level, r.abc_class, r.owner_id, r.department_id, r.due_on, r.count, r.amount
                         FROM open_receivables r WHERE r.secrecy_level <> 'none' OR r.abc_class = 'A') c
                WHERE ${hidden}) r`
        : sql`open_receivables r JOIN customers c ON c.id = r.customer_id WHERE ${paymentCustomers(subject)}${q.ownerId ? sql` AND c.owner_id = ${q.ownerId}::bigint` : sql``}${q.departmentId ? sql` AND c.department_id = ${q.departmentId}::bigint` : sql``}`;
  const rows = (
    await sql<{ bucket: string; count: number; amount: string }>`
      SELECT ${bucket} AS bucket, sum(r.count)::int AS count, sum(r.amount)::text AS amount
        FROM (SELECT r.due_on, sum(r.count) AS count, sum(r.amount) AS amount FROM ${source} GROUP BY r.due_on) r
       GROUP BY 1`.execute(db)
  ).rows;
  const by = new Map(rows.map((r) => [r.bucket, r]));
  const money = (s: string | undefined) => (s ? Number(s).toFixed(2) : '0.00');
  const notDue = { count: by.get('not_due')?.count ?? 0, amount: money(by.get('not_due')?.amount) };
  const buckets = agingBuckets.map((b) => ({ bucket: b, count: by.get(b)?.count ?? 0, amount: money(by.get(b)?.amount) }));
  const totalCount = rows.reduce((n, r) => n + r.count, 0);
  const totalAmount = rows.reduce((n, r) => n + BigInt(Math.round(Number(r.amount) * 100)), 0n);
  return { notDue, buckets, total: { count: totalCount, amount: `${totalAmount / 100n}.${String(totalAmount % 100n).padStart(2, '0')}` } };
}

// ---- opportunities (SAL-2) -----------------------------------------------------------------------

export async function stageProbabilities(db: Kysely<DB>): Promise<Record<OpportunityStage, number>> {
  const row = await db.selectFrom('sales_settings').select('stage_probabilities').executeTakeFirst();
  return { ...defaultStageProbabilities, ...((row?.stage_probabilities ?? {}) as Partial<Record<OpportunityStage, number>>) };
}

export async function updateStageProbabilities(db: Kysely<DB>, p: Principal, table: Record<OpportunityStage, number>, actor: Actor, now = new Date()) {
  if (table.won !== 100 || table.lost !== 0) throw fieldError(table.won !== 100 ? 'won' : 'lost', table.won !== 100 ? 'must be 100' : 'must be 0');
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('sales_settings').set({ stage_probabilities: JSON.stringify(table), updated_at: now, updated_by: p.userId }).where('id', '=', 1).execute();
    await recordAudit(tx, actor, { action: 'sales.stages_updated', entityType: 'settings', entityId: 'opportunity_stages', data: table }, now);
  });
  return stageProbabilities(db);
}

function selectOpportunities(db: Kysely<DB>) {
  return db
    .selectFrom('opportunities as x')
    .innerJoin('customers as c', 'c.id', 'x.customer_id')
    .leftJoin('users as o', 'o.id', 'x.owner_id')
    .selectAll('x')
    .select(['c.name as customer_name', 'c.archive_no', 'o.display_name as owner_name']);
}
type OpportunityRow = Awaited<ReturnType<ReturnType<typeof selectOpportunities>['executeTakeFirstOrThrow']>>;
const toOpportunity = (r: OpportunityRow): Opportunity => ({
  id: r.id,
  customerId: r.customer_id,
  customerName: r.customer_name,
  archiveNo: r.archive_no,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  title: r.title,
  expectedAmount: r.expected_amount,
  expectedCloseOn: String(r.expected_close_on),
  stage: r.stage as OpportunityStage,
  probability: r.probability,
  lostReason: r.lost_reason,
  closedOn: r.closed_on ? String(r.closed_on) : null,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  version: r.version,
});

export async function createOpportunity(db: Kysely<DB>, p: Principal, input: z.infer<typeof createOpportunityBody>, actor: Actor, now = new Date()) {
  const subject = await subjectOf(db, p);
  const { row } = await openFinancial(db, subject, input.customerId, 'update');
  const stage = input.stage ?? 'initial';
  const change = changeStage(null, stage, input.lostReason, await stageProbabilities(db));
  if (!change.ok) throw fieldError(change.field, change.message);
  const id = await db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('opportunities')
      .values({ customer_id: row.id, owner_id: p.userId, title: input.title, expected_amount: input.expectedAmount, expected_close_on: input.expectedCloseOn, stage, probability: change.probability, lost_reason: stage === 'lost' ? input.lostReason ?? null : null, closed_on: change.closed ? chinaDate(now) : null, created_at: now, created_by: p.userId, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'opportunity.created', entityType: 'opportunity', entityId: id, data: { customerId: row.id, stage, expectedAmount: input.expectedAmount } }, now);
    return id;
  });
  return toOpportunity(await selectOpportunities(db).where('x.id', '=', id).executeTakeFirstOrThrow());
}

async function openOpportunity(db: Kysely<DB>, subject: AccessSubject, id: string, action: 'read' | 'update') {
  const row = await selectOpportunities(db).where('x.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('opportunity');
  try {
    await openFinancial(db, subject, row.customer_id, 'read');
  } catch (e) {
    // an opportunity of a customer one may not read does not exist for them
    if (e instanceof AppError && (e.code === 'not_found' || e.code === 'forbidden')) throw notFound('opportunity');
    throw e;
  }
  if (action === 'update') await openFinancial(db, subject, row.customer_id, 'update');
  return row;
}

export async function getOpportunity(db: Kysely<DB>, p: Principal, id: string) {
  return toOpportunity(await openOpportunity(db, await subjectOf(db, p), id, 'read'));
}

export async function updateOpportunity(db: Kysely<DB>, p: Principal, id: string, input: z.infer<typeof updateOpportunityBody>, actor: Actor, now = new Date()) {
  const cur = await openOpportunity(db, await subjectOf(db, p), id, 'update');
  const set: Record<string, unknown> = { updated_at: now, version: sql`version + 1` };
  if (input.stage !== undefined && input.stage !== cur.stage) {
    const change = changeStage(cur.stage as OpportunityStage, input.stage, input.lostReason ?? null, await stageProbabilities(db));
    if (!change.ok) throw fieldError(change.field, change.message);
    Object.assign(set, { stage: input.stage, probability: change.probability, closed_on: change.closed ? chinaDate(now) : null, lost_reason: input.stage === 'lost' ? input.lostReason : null });
  } else if (input.stage === 'lost' && input.lostReason) set.lost_reason = input.lostReason;
  if (input.title !== undefined) set.title = input.title;
  if (input.expectedAmount !== undefined) set.expected_amount = input.expectedAmount;
  if (input.expectedCloseOn !== undefined) set.expected_close_on = input.expectedCloseOn;
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('opportunities').set(set).where('id', '=', id).where('version', '=', input.version).returning('id').executeTakeFirst();
    if (!r) throw staleVersion('opportunity', input.version);
    await recordAudit(tx, actor, { action: 'opportunity.updated', entityType: 'opportunity', entityId: id, data: { customerId: cur.customer_id, from: cur.stage, fields: Object.keys(input).filter((k) => k !== 'version'), stage: input.stage ?? cur.stage } }, now);
  });
  return toOpportunity(await selectOpportunities(db).where('x.id', '=', id).executeTakeFirstOrThrow());
}

export type OpportunityQuery = { stage?: OpportunityStage | undefined; ownerId?: string | undefined; customerId?: string | undefined; open?: 'true' | 'false' | undefined; limit: number; cursor?: string | undefined };
export async function listOpportunities(db: Kysely<DB>, p: Principal, q: OpportunityQuery) {
  const subject = await subjectOf(db, p);
  let query = selectOpportunities(db).where(financialCustomers(subject));
  if (q.stage) query = query.where('x.stage', '=', q.stage);
  if (q.ownerId) query = query.where('x.owner_id', '=', q.ownerId);
  if (q.customerId) query = query.where('x.customer_id', '=', q.customerId);
  if (q.open === 'true') query = query.where('x.stage', 'not in', ['won', 'lost']);
  if (q.open === 'false') query = query.where('x.stage', 'in', ['won', 'lost']);
  const after = decodeCursor(q.cursor, 1);
  if (after) query = query.where('x.id', '<', String(after[0]));
  const rows = await query.orderBy('x.id', 'desc').limit(q.limit + 1).execute();
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items: items.map(toOpportunity), nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

// ---- contracts (SAL-3) ---------------------------------------------------------------------------

/** Contracts with their lines, instalments and waivers: four statements for any number of ids, in the order given. */
async function loadContracts(db: Kysely<DB>, ids: readonly string[]): Promise<Contract[]> {
  if (ids.length === 0) return [];
  const [rows, lines, instalments, waivers] = await Promise.all([
    db
      .selectFrom('contracts as k')
      .innerJoin('customers as c', 'c.id', 'k.customer_id')
      .leftJoin('users as o', 'o.id', 'k.owner_id')
      .leftJoin('contract_template_versions as tv', 'tv.id', 'k.template_version_id')
      .leftJoin('contract_templates as tt', 'tt.id', 'tv.template_id')
      .selectAll('k')
      .select(['c.name as customer_name', 'c.archive_no', 'o.display_name as owner_name', 'tt.id as template_id', 'tt.name as template_name', 'tv.number as template_number'])
      .where('k.id', 'in', ids)
      .execute(),
    db.selectFrom('contract_lines').selectAll().where('contract_id', 'in', ids).orderBy('line_no').execute(),
    db.selectFrom('contract_instalments as i').leftJoin('payments as p', 'p.id', 'i.payment_id').select(['i.contract_id', 'i.line_no', 'i.due_on', 'i.amount', 'i.payment_id', 'p.paid_on']).where('i.contract_id', 'in', ids).orderBy('i.line_no').execute(),
    db.selectFrom('contract_waivers as w').leftJoin('users as u', 'u.id', 'w.waived_by').select(['w.contract_id', 'w.item', 'w.reason', 'u.display_name', 'w.waived_at']).where('w.contract_id', 'in', ids).orderBy('w.id').execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id): Contract[] => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id: r.id,
        contractNo: r.contract_no,
        customerId: r.customer_id,
        customerName: r.customer_name,
        archiveNo: r.archive_no,
        ownerId: r.owner_id,
        ownerName: r.owner_name,
        title: r.title,
        amount: r.amount,
        signatory: r.signatory,
        state: r.state as Contract['state'],
        checklist: r.checklist as Checklist,
        waivers: waivers.filter((w) => w.contract_id === id).map((w) => ({ item: w.item as ChecklistItem, reason: w.reason, byName: w.display_name, at: w.waived_at.toISOString() })),
        signedOn: r.signed_on ? String(r.signed_on) : null,
        transactionId: r.transaction_id,
        opportunityId: r.opportunity_id,
        template: r.template_id && r.template_name && r.template_number !== null ? { id: r.template_id, name: r.template_name, versionNumber: r.template_number } : null,
        clauses: (r.clauses ?? null) as ContractClauses | null,
        lines: lines.filter((l) => l.contract_id === id).map((l) => ({ lineNo: l.line_no, product: l.product, spec: l.spec, quantity: l.quantity, unit: l.unit, price: l.price, delivered: l.delivered })),
        instalments: instalments.filter((i) => i.contract_id === id).map((i) => ({ lineNo: i.line_no, dueOn: String(i.due_on), amount: i.amount, paymentId: i.payment_id, paidOn: i.paid_on ? String(i.paid_on) : null })),
        createdAt: r.created_at.toISOString(),
        version: r.version,
      },
    ];
  });
}
const loadContract = async (db: Kysely<DB>, id: string): Promise<Contract | null> => (await loadContracts(db, [id]))[0] ?? null;

async function openContract(db: Kysely<DB>, subject: AccessSubject, id: string, action: 'read' | 'update') {
  const k = await loadContract(db, id);
  if (!k) throw notFound('contract');
  try {
    await openFinancial(db, subject, k.customerId, 'read');
  } catch (e) {
    if (e instanceof AppError && (e.code === 'not_found' || e.code === 'forbidden')) throw notFound('contract');
    throw e;
  }
  if (action === 'update') await openFinancial(db, subject, k.customerId, 'update');
  return k;
}

/** HT-YYYY-NNNNNN, gap-free per year: the counter row is taken inside the creating transaction. */
async function nextContractNo(tx: Kysely<DB>, now: Date): Promise<string> {
  const year = Number(chinaDate(now).slice(0, 4));
  const r = await sql<{ last: number }>`INSERT INTO archive_counters (prefix, year, last) VALUES ('HT', ${year}, 1)
    ON CONFLICT (prefix, year) DO UPDATE SET last = archive_counters.last + 1 RETURNING last`.execute(tx);
  return `HT-${year}-${String(r.rows[0]!.last).padStart(6, '0')}`;
}

export async function createContract(db: Kysely<DB>, p: Principal, input: z.infer<typeof createContractBody>, actor: Actor, now = new Date()) {
  const subject = await subjectOf(db, p);
  const { row } = await openFinancial(db, subject, input.customerId, 'update');
  if (!instalmentsMatch(input.amount, input.instalments)) throw fieldError('instalments', `must add up to the amount ${input.amount}`);
  if (input.opportunityId) {
    const opp = await db.selectFrom('opportunities').select(['customer_id']).where('id', '=', input.opportunityId).executeTakeFirst();
    if (!opp || opp.customer_id !== row.id) throw fieldError('opportunityId', 'is not an opportunity of this customer');
  }
  const id = await db.transaction().execute(async (tx) => {
    // SAL-3 / seed 003 9.2: the clauses of the template's approved version are copied, so a later version changes nothing here
    const template = input.templateId ? await templateForContract(tx, input.templateId) : null;
    const contractNo = await nextContractNo(tx, now);
    const { id } = await tx
      .insertInto('contracts')
      .values({ contract_no: contractNo, customer_id: row.id, owner_id: p.userId, title: input.title, amount: input.amount, signatory: input.signatory, opportunity_id: input.opportunityId ?? null, template_version_id: template?.versionId ?? null, clauses: template ? JSON.stringify(template.clauses) : null, signed_on: null, signed_by: null, transaction_id: null, created_at: now, created_by: p.userId, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.lines?.length) await tx.insertInto('contract_lines').values(input.lines.map((l, i) => ({ contract_id: id, line_no: i + 1, product: l.product, spec: l.spec ?? null, quantity: l.quantity, unit: l.unit, price: l.price }))).execute();
    await tx.insertInto('contract_instalments').values(input.instalments.map((i, n) => ({ contract_id: id, line_no: n + 1, due_on: i.dueOn, amount: i.amount, payment_id: null }))).execute();
    await recordAudit(tx, actor, { action: 'contract.created', entityType: 'contract', entityId: id, data: { customerId: row.id, contractNo, amount: input.amount, templateVersionId: template?.versionId ?? null } }, now);
    return id;
  });
  return (await loadContract(db, id))!;
}

export async function getContract(db: Kysely<DB>, p: Principal, id: string) {
  return openContract(db, await subjectOf(db, p), id, 'read');
}

export async function updateChecklist(db: Kysely<DB>, p: Principal, id: string, input: z.infer<typeof updateChecklistBody>, actor: Actor, now = new Date()) {
  const k = await openContract(db, await subjectOf(db, p), id, 'update');
  if (k.state !== 'draft') throw new AppError('conflict', 'The checklist of a signed contract is closed.', { rule: 'SAL-3' });
  const changes = Object.fromEntries(checklistItems.filter((i) => input[i] !== undefined).map((i) => [i, input[i]!]));
  const checklist = { ...k.checklist, ...changes };
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('contracts').set({ checklist: JSON.stringify(checklist), updated_at: now, version: sql`version + 1` }).where('id', '=', id).where('version', '=', input.version).where('state', '=', 'draft').returning('id').executeTakeFirst();
    if (!r) throw staleVersion('contract', input.version);
    await recordAudit(tx, actor, { action: 'contract.checklist_updated', entityType: 'contract', entityId: id, data: { customerId: k.customerId, changes } }, now);
  });
  return (await loadContract(db, id))!;
}

export async function createWaiver(db: Kysely<DB>, p: Principal, id: string, input: { item: ChecklistItem; reason: string }, actor: Actor, now = new Date()) {
  const subject = await subjectOf(db, p);
  const k = await openContract(db, subject, id, 'read');
  const owner = await db.selectFrom('users').select('department_id').where('id', '=', k.ownerId).executeTakeFirstOrThrow();
  if (!mayWaive(p.roles, subject.managedDepartmentIds.includes(owner.department_id))) {
    throw new AppError('forbidden', 'Only a manager may waive a checklist item: the owner’s department manager, the marketing manager or director, or the general manager.', { rule: 'SAL-3' });
  }
  if (k.state !== 'draft') throw new AppError('conflict', 'The contract is already signed.', { rule: 'SAL-3' });
  if (k.checklist[input.item]) throw new AppError('conflict', `${input.item}: the item is checked; nothing to waive`, { rule: 'SAL-3', errors: [{ path: 'item', message: 'is already checked' }] });
  if (k.waivers.some((w) => w.item === input.item)) throw new AppError('conflict', `${input.item}: already waived`, { rule: 'SAL-3', errors: [{ path: 'item', message: 'is already waived' }] });
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('contract_waivers').values({ contract_id: id, item: input.item, reason: input.reason, waived_by: p.userId, waived_at: now }).execute();
    await tx.updateTable('contracts').set({ updated_at: now, version: sql`version + 1` }).where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'contract.item_waived', entityType: 'contract', entityId: id, data: { customerId: k.customerId, item: input.item, reason: input.reason } }, now);
  });
  return (await loadContract(db, id))!;
}

/** SAL-3: signing needs every item checked or waived; the contract becomes a transaction and its instalments receivables. */
export async function signContract(db: Kysely<DB>, p: Principal, id: string, input: { signedOn: string }, actor: Actor, now = new Date()) {
  const k = await openContract(db, await subjectOf(db, p), id, 'update');
  if (k.state !== 'draft') throw new AppError('conflict', 'The contract is already signed.', { rule: 'SAL-3' });
  if (input.signedOn > chinaDate(now)) throw fieldError('signedOn', 'must not be in the future');
  const unchecked = unmetChecklist(k.checklist, k.waivers.map((w) => w.item));
  if (unchecked.length > 0) {
    throw new AppError('conflict', `The pre-signing review is not complete: ${unchecked.join(', ')} unchecked and not waived.`, { rule: 'SAL-3', errors: unchecked.map((i) => ({ path: `checklist.${i}`, message: 'is unchecked' })), extra: { unchecked } });
  }
  await db.transaction().execute(async (tx) => {
    const locked = await tx.updateTable('contracts').set({ state: 'signed', signed_on: input.signedOn, signed_by: p.userId, updated_at: now, version: sql`version + 1` }).where('id', '=', id).where('state', '=', 'draft').returning('id').executeTakeFirst();
    if (!locked) throw new AppError('conflict', 'The contract is already signed.', { rule: 'SAL-3' });
    const txn = await insertTransaction(
      tx,
      actor,
      k.customerId,
      { txNo: k.contractNo, date: input.signedOn, amount: k.amount, handledBy: k.ownerId, remarks: k.title, products: k.lines.map((l) => ({ product: l.product, spec: l.spec ?? undefined, quantity: l.quantity, unit: l.unit, price: l.price })) } as never,
      p.userId,
      now,
      id,
    );
    const paymentIds = await insertInstalments(tx, txn.id, k.instalments, p.userId, now);
    for (const [n, inst] of k.instalments.entries()) await tx.updateTable('contract_instalments').set({ payment_id: paymentIds[n]! }).where('contract_id', '=', id).where('line_no', '=', inst.lineNo).execute();
    await tx.updateTable('contracts').set({ transaction_id: txn.id }).where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'contract.signed', entityType: 'contract', entityId: id, data: { customerId: k.customerId, signedOn: input.signedOn, transactionId: txn.id, waived: k.waivers.map((w) => w.item) } }, now);
  });
  return (await loadContract(db, id))!;
}

export type ContractQuery = { state?: Contract['state'] | undefined; customerId?: string | undefined; ownerId?: string | undefined; limit: number; cursor?: string | undefined };
export async function listContracts(db: Kysely<DB>, p: Principal, q: ContractQuery) {
  const subject = await subjectOf(db, p);
  let query = db.selectFrom('contracts as k').innerJoin('customers as c', 'c.id', 'k.customer_id').where(financialCustomers(subject)).select('k.id');
  if (q.state) query = query.where('k.state', '=', q.state);
  if (q.customerId) query = query.where('k.customer_id', '=', q.customerId);
  if (q.ownerId) query = query.where('k.owner_id', '=', q.ownerId);
  const after = decodeCursor(q.cursor, 1);
  if (after) query = query.where('k.id', '<', String(after[0]));
  const rows = await query.orderBy('k.id', 'desc').limit(q.limit + 1).execute();
  const ids = rows.slice(0, q.limit).map((r) => r.id);
  const items = await loadContracts(db, ids);
  const last = ids[ids.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last]) : null };
}

/** SAL-3 履约跟踪: a delivery against a line of a signed contract, within the line's quantity, audited. */
export async function createDelivery(db: Kysely<DB>, p: Principal, id: string, input: { lineNo: number; quantity: string; deliveredOn: string; note?: string | undefined }, actor: Actor, now = new Date()) {
  const k = await openContract(db, await subjectOf(db, p), id, 'update');
  if (k.state !== 'signed') throw new AppError('conflict', 'Deliveries are recorded against a signed contract.', { rule: 'SAL-3' });
  if (input.deliveredOn > chinaDate(now)) throw fieldError('deliveredOn', 'must not be in the future');
  if (k.signedOn && input.deliveredOn < k.signedOn) throw fieldError('deliveredOn', 'must not be before the contract was signed');
  await db.transaction().execute(async (tx) => {
    // the line row is locked, so two deliveries at once cannot both pass the quantity check
    const line = await tx.selectFrom('contract_lines').select(['id', 'quantity', 'delivered']).where('contract_id', '=', id).where('line_no', '=', input.lineNo).forUpdate().executeTakeFirst();
    if (!line) throw fieldError('lineNo', 'is not a line of this contract');
    const d = checkDelivery({ quantity: String(line.quantity), delivered: String(line.delivered) }, input.quantity);
    if (!d.ok) throw new AppError('rule_violation', `quantity: ${d.message}`, { rule: 'SAL-3', errors: [{ path: 'quantity', message: d.message }] });
    await tx.updateTable('contract_lines').set({ delivered: d.delivered }).where('id', '=', line.id).execute();
    await tx.updateTable('contracts').set({ updated_at: now, version: sql`version + 1` }).where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'contract.delivered', entityType: 'contract', entityId: id, data: { customerId: k.customerId, lineNo: input.lineNo, quantity: input.quantity, deliveredOn: input.deliveredOn, delivered: d.delivered, note: input.note ?? null } }, now);
  });
  return (await loadContract(db, id))!;
}
