/**
 * Quarterly credit evaluations (EVA-1, EVA-4, EVA-5): list, one with its indicators and who filled
 * what, filling by sales / finance, finalisation through approval (SEC-7) and its effect: grade and
 * tier set, history kept with the reason, key ↔ normal applied at once with notifications.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { EvaluationDetail, FillerGroup, IndicatorKey, evaluationListQuery, fillEvaluationBody, finaliseEvaluationBody, ScorecardDefinition } from '../../../contract/evaluation.js';
import { indicatorKeys } from '../../../contract/evaluation.js';
import type { DB } from '../../db/schema.js';
import { decodeIdCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, fieldError, notFound, staleVersion } from '../../http/errors.js';
import { subjectOf, withheldError } from '../access/access.service.js';
import type { AccessDecision, AccessSubject, SecrecyLevel } from '../access/customer-access.rules.js';
import { decideEvaluationAccess, evaluationApproverRole, type EvaluationAccess } from '../access/evaluation-access.rules.js';
import { evaluationVisibleCustomers } from '../access/evaluation-access.sql.js';
import { registerApprovalEffect, requestApproval, type ApprovalRecord } from '../approvals/approvals.service.js';
import { notifyUsers, usersWithRole } from '../approvals/notifications.service.js';
import { recordAudit, recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer } from '../customers/customers.service.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { fromTenths, previewCredit, tierChange, tierOf, toCents, toTenths, type CustomerType, type Grade, type ScoresT, type Tier } from './credit.rules.js';
import { scoresToTenths } from './credit.service.js';
import { applyCustomerChange } from './evaluation.repository.js';
import { chinaDayEnd, chinaDayStart } from '../../shared/working-days.rules.js';

type EvalRow = {
  id: string; round_id: string; quarter: string; customer_id: string; customer_name: string; archive_no: string; customer_type: string; department_id: string; department_name: string | null;
  owner_id: string; state: string; scorecard_version: number; definition: ScorecardDefinition; computed: Record<string, { score: number | string; basis: Record<string, string | number | null> }>;
  scores: Record<string, number | string>; total: string | null; grade: string | null; tier: string | null; previous_grade: string | null; previous_tier: string | null;
  bad_debt: boolean; bad_debt_reported: boolean; has_transactions: boolean; period_purchases: string; previous_year_purchases: string;
  sales_filled_name: string | null; sales_filled_at: Date | null; finance_filled_name: string | null; finance_filled_at: Date | null;
  finalised_name: string | null; finalised_at: Date | null; approval_id: string | null; reason: string | null; version: number; secrecy_level: string; abc_class: string | null;
};

function selectEvaluations(db: Kysely<DB>) {
  return db
    .selectFrom('evaluations as e')
    .innerJoin('evaluation_rounds as r', 'r.id', 'e.round_id')
    .innerJoin('scorecards as s', 's.id', 'e.scorecard_id')
    .innerJoin('customers as c', 'c.id', 'e.customer_id')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .leftJoin('users as us', 'us.id', 'e.sales_filled_by')
    .leftJoin('users as uf', 'uf.id', 'e.finance_filled_by')
    .leftJoin('users as uz', 'uz.id', 'e.finalised_by')
    .select([
      'e.id', 'e.round_id', 'r.quarter', 'e.customer_id', 'c.name as customer_name', 'c.archive_no', 'e.customer_type', 'e.department_id', 'd.name as department_name', 'e.owner_id',
      'e.state', 's.version as scorecard_version', 's.definition', 'e.computed', 'e.scores', 'e.total', 'e.grade', 'e.tier', 'e.previous_grade', 'e.previous_tier',
      'e.bad_debt', 'e.bad_debt_reported', 'e.has_transactions', 'e.period_purchases', 'e.previous_year_purchases', 'us.display_name as sales_filled_name', 'e.sales_filled_at',
      'uf.display_name as finance_filled_name', 'e.finance_filled_at', 'uz.display_name as finalised_name', 'e.finalised_at', 'e.approval_id', 'e.reason', 'e.version', 'c.secrecy_level', 'c.abc_class',
    ]);
}

const num = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const scoresOf = (r: Pick<EvalRow, 'scores'>): ScoresT => Object.fromEntries(Object.entries(r.scores ?? {}).map(([k, v]) => [k, toTenths(Number(v))])) as ScoresT;

function toSummary(r: EvalRow) {
  return {
    id: r.id, roundId: r.round_id, quarter: r.quarter, customerId: r.customer_id, customerName: r.customer_name, archiveNo: r.archive_no,
    customerType: r.customer_type as CustomerType, departmentId: r.department_id, departmentName: r.department_name, ownerId: r.owner_id,
    state: r.state as EvaluationDetail['state'], scorecardVersion: r.scorecard_version, total: num(r.total), grade: r.grade as Grade | null, tier: r.tier as Tier | null,
    previousGrade: r.previous_grade as Grade | null, previousTier: r.previous_tier as Tier | null, badDebt: r.bad_debt || r.bad_debt_reported, hasTransactions: r.has_transactions,
    periodPurchases: r.period_purchases, previousYearPurchases: r.previous_year_purchases,
    salesFilledBy: r.sales_filled_name, salesFilledAt: r.sales_filled_at?.toISOString() ?? null, financeFilledBy: r.finance_filled_name, financeFilledAt: r.finance_filled_at?.toISOString() ?? null,
    finalisedBy: r.finalised_name, finalisedAt: r.finalised_at?.toISOString() ?? null, approvalId: r.approval_id, reason: r.reason, version: r.version,
  };
}

function proposal(r: EvalRow, scores: ScoresT, badDebt: boolean) {
  return previewCredit(r.definition, { customerType: r.customer_type as CustomerType, scores, badDebt, previousYearPurchases: toCents(r.previous_year_purchases), hasTransactions: r.has_transactions });
}

/** The archive decision for a customer, or a deny where the archive is not visible (finance). */
async function archiveDecision(db: Kysely<DB>, subject: AccessSubject, customerId: string): Promise<AccessDecision> {
  try {
    return (await openCustomer(db, subject, customerId, 'read')).decision;
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return { effect: 'deny', rule: 'SEC-2' };
    throw e;
  }
}

async function loadEvaluation(db: Kysely<DB>, subject: AccessSubject, id: string): Promise<{ row: EvalRow; access: EvaluationAccess }> {
  const row = (await selectEvaluations(db).where('e.id', '=', id).executeTakeFirst()) as EvalRow | undefined;
  if (!row) throw notFound('evaluation');
  const access = decideEvaluationAccess(subject, { secrecyLevel: row.secrecy_level as SecrecyLevel, abcClass: row.abc_class }, await archiveDecision(db, subject, row.customer_id));
  if (!access.read) throw notFound('evaluation');
  return { row, access };
}

async function adjustmentsOf(db: Kysely<DB>, id: string) {
  const rows = await db.selectFrom('evaluation_adjustments as a').leftJoin('users as u', 'u.id', 'a.actor_id').select(['a.indicator', 'a.from_score', 'a.to_score', 'a.reason', 'a.actor_id', 'u.display_name', 'a.at']).where('a.evaluation_id', '=', id).orderBy('a.id').execute();
  return rows.map((a) => ({ indicator: a.indicator as IndicatorKey, from: num(a.from_score), to: Number(a.to_score), reason: a.reason, byId: a.actor_id, byName: a.display_name, at: a.at.toISOString() }));
}

function toDetail(r: EvalRow, access: EvaluationAccess, adjustments: Awaited<ReturnType<typeof adjustmentsOf>>): EvaluationDetail {
  const p = proposal(r, scoresOf(r), r.bad_debt || r.bad_debt_reported);
  const open = r.state === 'open' || r.state === 'filled';
  return {
    ...toSummary(r),
    indicators: r.definition.indicators.map((ind) => ({
      key: ind.key, category: ind.category, label: ind.label, max: ind.max, filledBy: ind.filledBy, source: ind.source,
      computed: num(r.computed?.[ind.key]?.score), basis: r.computed?.[ind.key]?.basis ?? null, score: num(r.scores?.[ind.key]),
    })),
    adjustments,
    reasons: p.reasons,
    canFill: open ? access.fill : [],
    canFinalise: access.requestFinalise && r.state === 'filled',
  };
}

export async function getEvaluation(db: Kysely<DB>, p: Principal, id: string): Promise<EvaluationDetail> {
  const { row, access } = await loadEvaluation(db, await subjectOf(db, p), id);
  return toDetail(row, access, await adjustmentsOf(db, id));
}

type ListQuery = z.infer<typeof evaluationListQuery>;
function filtered(db: Kysely<DB>, subject: AccessSubject, q: Omit<ListQuery, 'limit' | 'cursor'>) {
  let query = selectEvaluations(db).where(evaluationVisibleCustomers(subject));
  if (q.quarter) query = query.where('r.quarter', '=', q.quarter);
  if (q.departmentId) query = query.where('e.department_id', '=', q.departmentId);
  if (q.state) query = query.where('e.state', '=', q.state);
  if (q.customerId) query = query.where('e.customer_id', '=', q.customerId);
  if (q.grade) query = query.where('e.grade', '=', q.grade);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('c.name', 'like', like), eb('c.archive_no', 'like', like)]));
  }
  return query;
}

export async function listEvaluations(db: Kysely<DB>, p: Principal, q: ListQuery) {
  const subject = await subjectOf(db, p);
  const after = decodeIdCursor(q.cursor);
  const rows = (await filtered(db, subject, q).$if(after !== null, (b) => b.where('e.id', '<', after!)).orderBy('e.id', 'desc').limit(q.limit + 1).execute()) as EvalRow[];
  const page = rows.slice(0, q.limit);
  return { items: page.map(toSummary), nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1]!.id]) : null };
}

const exportColumns: Column<EvalRow>[] = [
  { header: '季度', value: (r) => r.quarter },
  { header: '档案编号', value: (r) => r.archive_no },
  { header: '客户名称', value: (r) => r.customer_name },
  { header: '部门', value: (r) => r.department_name },
  { header: '状态', value: (r) => r.state },
  ...indicatorKeys.map((k): Column<EvalRow> => ({ header: k, value: (r) => num(r.scores?.[k]) ?? num(r.computed?.[k]?.score) })),
  { header: '总分', value: (r) => num(r.total) },
  { header: '信用等级', value: (r) => r.grade },
  { header: '客户层级', value: (r) => r.tier },
  { header: '上期等级', value: (r) => r.previous_grade },
  { header: '审定人', value: (r) => r.finalised_name },
  { header: '审定时间', value: (r) => r.finalised_at?.toISOString() ?? null },
];

export async function exportEvaluations(db: Kysely<DB>, p: Principal, q: Omit<ListQuery, 'limit' | 'cursor'> & { format: 'csv' | 'xlsx' }, actor: Actor) {
  const subject = await subjectOf(db, p);
  await recordReadAudit(db, actor, { action: 'evaluation.exported', entityType: 'evaluation', data: { format: q.format, quarter: q.quarter ?? null } });
  // view-only archives (SEC-5 confidential, top secret) are never exported
  async function* batches(): AsyncIterable<EvalRow[]> {
    let before: string | null = null;
    for (;;) {
      const rows = (await filtered(db, subject, q).where('c.secrecy_level', 'in', ['none', 'secret']).$if(before !== null, (b) => b.where('e.id', '<', before!)).orderBy('e.id', 'desc').limit(2000).execute()) as EvalRow[];
      if (rows.length === 0) return;
      yield rows;
      before = rows[rows.length - 1]!.id;
    }
  }
  const { stream } = streamTable(q.format, 'evaluations', exportColumns, batches());
  return { file: stream, filename: `credit-evaluations${q.quarter ? `-${q.quarter}` : ''}.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

type FillInput = z.infer<typeof fillEvaluationBody>;

/** Sales fill the non-financial, finance the financial indicators (seed 003 评定职责). */
export async function fillEvaluation(db: Kysely<DB>, p: Principal, id: string, input: FillInput, actor: Actor, now = new Date()): Promise<EvaluationDetail> {
  const subject = await subjectOf(db, p);
  const { row, access } = await loadEvaluation(db, subject, id);
  if (!access.fill.includes(input.group)) throw new AppError('forbidden', `You may not fill the ${input.group} indicators of this evaluation.`, { rule: 'EVA-4' });
  if (row.state === 'finalised') throw new AppError('conflict', 'This evaluation is already finalised.', { rule: 'EVA-4' });
  if (row.state === 'pending_approval') throw new AppError('conflict', 'This evaluation waits for approval; withdraw the request to change it.', { rule: 'SEC-7' });
  if (row.version !== input.version) throw staleVersion('evaluation', input.version);
  const def = row.definition;
  const groupKeys = def.indicators.filter((i) => i.filledBy === input.group).map((i) => i.key);
  const errors: { path: string; message: string }[] = [];
  for (const [k, v] of Object.entries(input.scores)) if (v !== undefined && !groupKeys.includes(k as IndicatorKey)) errors.push({ path: `scores.${k}`, message: `is filled by ${def.indicators.find((i) => i.key === k)?.filledBy ?? 'nobody'}, not ${input.group}` });
  for (const k of groupKeys) if (input.scores[k] === undefined) errors.push({ path: `scores.${k}`, message: 'is required' });
  for (const k of Object.keys(input.reasons ?? {})) if (!groupKeys.includes(k as IndicatorKey)) errors.push({ path: `reasons.${k}`, message: `is not an indicator filled by ${input.group}` });
  if (input.badDebt !== undefined && input.group !== 'finance') errors.push({ path: 'badDebt', message: 'is reported by finance' });
  if (errors.length) throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  const given = scoresToTenths(def, input.scores);
  const before = scoresOf(row);
  const adjustments: { indicator: IndicatorKey; from: number | null; to: number; reason: string }[] = [];
  for (const k of groupKeys) {
    const to = given[k]!;
    const proposalT = row.computed?.[k] ? toTenths(Number(row.computed[k]!.score)) : null;
    const from = before[k] ?? proposalT;
    const reason = input.reasons?.[k];
    if (from !== null && from !== to) {
      if (!reason) throw fieldError(`reasons.${k}`, before[k] !== undefined ? 'a filled score changes only with a reason' : `the computed proposal is ${fromTenths(proposalT!)}; changing it needs a reason`);
      adjustments.push({ indicator: k, from, to, reason });
    }
  }
  const scores = { ...before, ...given };
  const badDebt = row.bad_debt || (input.badDebt ?? row.bad_debt_reported);
  const p2 = proposal(row, scores, badDebt);
  if (input.expectedTotal !== undefined && toTenths(input.expectedTotal) !== toTenths(p2.total)) throw fieldError('expectedTotal', `does not add up: the scores sum to ${p2.total.toFixed(1)}`);
  const salesDone = input.group === 'sales' || row.sales_filled_at !== null;
  const financeDone = input.group === 'finance' || row.finance_filled_at !== null;
  await db.transaction().execute(async (tx) => {
    const upd = await tx
      .updateTable('evaluations')
      .set({
        scores: JSON.stringify(Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, fromTenths(v!)]))),
        total: p2.total.toFixed(1), grade: p2.grade, tier: p2.tier, state: salesDone && financeDone ? 'filled' : 'open',
        ...(input.group === 'sales' ? { sales_filled_by: p.userId, sales_filled_at: now } : { finance_filled_by: p.userId, finance_filled_at: now }),
        ...(input.badDebt !== undefined ? { bad_debt_reported: input.badDebt } : {}),
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .where('state', 'in', ['open', 'filled'])
      .returning('id')
      .executeTakeFirst();
    if (!upd) throw staleVersion('evaluation', input.version);
    if (adjustments.length) {
      await tx.insertInto('evaluation_adjustments').values(adjustments.map((a) => ({ evaluation_id: id, indicator: a.indicator, from_score: a.from === null ? null : fromTenths(a.from).toFixed(1), to_score: fromTenths(a.to).toFixed(1), reason: a.reason, actor_id: p.userId, at: now }))).execute();
    }
    await recordAudit(tx, actor, { action: 'evaluation.filled', entityType: 'evaluation', entityId: id, data: { customerId: row.customer_id, group: input.group, total: p2.total, adjusted: adjustments.map((a) => a.indicator) } }, now);
  });
  return getEvaluation(db, p, id);
}

type FinaliseInput = z.infer<typeof finaliseEvaluationBody>;

/** Asks a marketing manager to finalise (SEC-7); a grade other than the computed one is an override (SEC-8). */
export async function requestFinalise(db: Kysely<DB>, p: Principal, id: string, input: FinaliseInput, actor: Actor, now = new Date()) {
  const subject = await subjectOf(db, p);
  const { row, access } = await loadEvaluation(db, subject, id);
  if (!access.requestFinalise) throw new AppError('forbidden', 'You may not ask to finalise this evaluation.', { rule: 'EVA-4' });
  if (row.state === 'finalised') throw new AppError('conflict', 'This evaluation is already finalised.', { rule: 'EVA-4' });
  if (row.state === 'pending_approval') throw new AppError('conflict', 'Finalisation of this evaluation already waits for approval.', { rule: 'SEC-7' });
  if (row.state === 'open') {
    const missing = [...(row.sales_filled_at ? [] : ['sales']), ...(row.finance_filled_at ? [] : ['finance'])];
    throw new AppError('rule_violation', `This evaluation is not filled yet: the ${missing.join(' and ')} indicators are missing.`, { rule: 'EVA-4', extra: { missing } });
  }
  if (row.version !== input.version) throw staleVersion('evaluation', input.version);
  const computed = proposal(row, scoresOf(row), row.bad_debt || row.bad_debt_reported);
  const override = input.grade !== undefined && input.grade !== computed.grade;
  return db.transaction().execute(async (tx) => {
    const approval = await requestApproval(tx, actor, {
      type: override ? 'grade_override' : 'evaluation_finalise',
      subjectType: 'evaluation', subjectId: id, customerId: row.customer_id,
      summary: override ? `${row.customer_name} ${row.quarter}：信用等级 ${computed.grade} → ${input.grade}（调整）` : `${row.customer_name} ${row.quarter}：信用等级 ${computed.grade}，总分 ${computed.total.toFixed(1)}`,
      payload: { evaluationId: id, quarter: row.quarter, computedGrade: computed.grade, grade: override ? input.grade : computed.grade, total: computed.total, reason: input.reason, version: row.version + 1 },
      requesterId: p.userId, approverRole: evaluationApproverRole, approverRule: override ? 'SEC-8' : 'EVA-4',
    }, now);
    const upd = await tx.updateTable('evaluations').set({ state: 'pending_approval', approval_id: approval.id, reason: input.reason, version: sql`version + 1` }).where('id', '=', id).where('version', '=', input.version).where('state', '=', 'filled').returning('id').executeTakeFirst();
    if (!upd) throw staleVersion('evaluation', input.version);
    await recordAudit(tx, actor, { action: 'evaluation.finalise_requested', entityType: 'evaluation', entityId: id, data: { approvalId: approval.id, grade: override ? input.grade : computed.grade, override } }, now);
    return approval.id;
  }).then(async (approvalId) => ({ evaluation: await getEvaluation(db, p, id), approvalId }));
}

/** The effect of an approved finalisation: grade and tier in force, history with the reason, EVA-5. */
async function applyFinalisation(tx: Kysely<DB>, approval: ApprovalRecord, ctx: { deciderId: string; actor: Actor; now: Date }) {
  const e = (await selectEvaluations(tx).where('e.id', '=', approval.subjectId).forUpdate('e').executeTakeFirst()) as EvalRow | undefined;
  if (!e || e.state !== 'pending_approval' || e.approval_id !== approval.id) throw new AppError('conflict', 'The evaluation is no longer waiting for this approval.', { rule: 'EVA-4' });
  const badDebt = e.bad_debt || e.bad_debt_reported;
  const computed = proposal(e, scoresOf(e), badDebt);
  const grade = (approval.type === 'grade_override' ? (approval.payload.grade as Grade) : computed.grade) ?? computed.grade;
  const finalTier = tierOfGrade(e, grade);
  const reason = String(approval.payload.reason ?? e.reason ?? '');
  await tx.updateTable('evaluations').set({ state: 'finalised', grade, tier: finalTier, finalised_by: ctx.deciderId, finalised_at: ctx.now, version: sql`version + 1` }).where('id', '=', e.id).execute();
  // a later quarter already finalised decides the customer's current grade
  const later = await tx.selectFrom('evaluations as x').innerJoin('evaluation_rounds as r', 'r.id', 'x.round_id').select('x.id').where('x.customer_id', '=', e.customer_id).where('x.state', '=', 'finalised').where('r.quarter', '>', e.quarter).limit(1).executeTakeFirst();
  if (!later) {
    const cur = await tx.selectFrom('customers').select(['tier', 'owner_id', 'name']).where('id', '=', e.customer_id).executeTakeFirstOrThrow();
    const change = tierChange((cur.tier as Tier | null) ?? null, finalTier, badDebt);
    await applyCustomerChange(tx, {
      customerId: e.customer_id, grade, tier: finalTier, cause: approval.type === 'grade_override' ? 'override' : 'evaluation', tierCause: change?.cause,
      reason: `${e.quarter}: ${reason}`, evaluationId: e.id, approvalId: approval.id, actorId: ctx.deciderId, at: ctx.now,
    });
    if (change?.notify) {
      const managers = await usersWithRole(tx, ['marketing_manager']);
      await notifyUsers(tx, [...(cur.owner_id ? [cur.owner_id] : []), ...managers], { kind: 'tier.changed', title: `${cur.name}：客户层级 ${change.from ?? '—'} → ${change.to}（${e.quarter} 评定）`, link: `/customers/${e.customer_id}`, about: { customerId: e.customer_id } });
      await recordAudit(tx, ctx.actor, { action: 'customer.tier_changed', entityType: 'customer', entityId: e.customer_id, data: { from: change.from, to: change.to, cause: change.cause, evaluationId: e.id } }, ctx.now);
    }
  }
  await recordAudit(tx, ctx.actor, { action: 'evaluation.finalised', entityType: 'evaluation', entityId: e.id, data: { customerId: e.customer_id, quarter: e.quarter, grade, tier: finalTier, computedGrade: computed.grade } }, ctx.now);
}

/** EVA-3 with the grade in force (an override's grade decides the tier too). */
const tierOfGrade = (e: EvalRow, grade: Grade): Tier => tierOf(e.definition, { customerType: e.customer_type as CustomerType, grade, previousYearPurchases: toCents(e.previous_year_purchases), hasTransactions: e.has_transactions }).value;

async function backToFilled(tx: Kysely<DB>, approval: ApprovalRecord) {
  await tx.updateTable('evaluations').set({ state: 'filled', approval_id: null, version: sql`version + 1` }).where('id', '=', approval.subjectId).where('approval_id', '=', approval.id).where('state', '=', 'pending_approval').execute();
}

for (const type of ['evaluation_finalise', 'grade_override'] as const) {
  registerApprovalEffect(type, {
    onApproved: applyFinalisation,
    onRejected: backToFilled,
    onWithdrawn: backToFilled,
    link: (a) => `/evaluation/${a.subjectId}`,
  });
}

// --- history and change log ---

export async function gradeHistory(db: Kysely<DB>, p: Principal, customerId: string) {
  const subject = await subjectOf(db, p);
  const c = await db.selectFrom('customers').select(['id', 'secrecy_level', 'abc_class']).where('id', '=', customerId).executeTakeFirst();
  if (!c) throw notFound('customer');
  const archive = await archiveDecision(db, subject, customerId);
  const access = decideEvaluationAccess(subject, { secrecyLevel: c.secrecy_level as SecrecyLevel, abcClass: c.abc_class }, archive);
  if (!access.read) {
    // a visible archive whose evaluation group is withheld is refused (403), an invisible one is not found (PLT-3)
    if (archive.effect === 'allow') throw withheldError(archive, 'evaluation');
    throw notFound('customer');
  }
  const rows = await db.selectFrom('evaluations as e').innerJoin('evaluation_rounds as r', 'r.id', 'e.round_id').select(['r.quarter', 'e.total', 'e.grade', 'e.tier', 'e.finalised_at', 'e.state']).where('e.customer_id', '=', customerId).orderBy('r.quarter').limit(200).execute();
  const changes = await listGradeChanges(db, p, { customerId, limit: 200 });
  return {
    items: rows.map((r) => ({ quarter: r.quarter, total: num(r.total), grade: (r.state === 'finalised' ? r.grade : null) as Grade | null, tier: (r.state === 'finalised' ? r.tier : null) as Tier | null, finalisedAt: r.finalised_at?.toISOString() ?? null })),
    changes: changes.items,
  };
}

type ChangeQuery = { kind?: 'grade' | 'tier' | 'abc' | undefined; customerId?: string | undefined; from?: string | undefined; to?: string | undefined; limit: number; cursor?: string | undefined };
function changesQuery(db: Kysely<DB>, subject: AccessSubject, q: Omit<ChangeQuery, 'limit' | 'cursor'>) {
  return db
    .selectFrom('grade_changes as g')
    .innerJoin('customers as c', 'c.id', 'g.customer_id')
    .leftJoin('users as u', 'u.id', 'g.actor_id')
    .leftJoin('evaluations as e', 'e.id', 'g.evaluation_id')
    .leftJoin('evaluation_rounds as r', 'r.id', 'e.round_id')
    .select(['g.id', 'g.customer_id', 'c.name', 'c.archive_no', 'g.kind', 'g.from_value', 'g.to_value', 'g.cause', 'g.reason', 'g.evaluation_id', 'r.quarter', 'u.display_name', 'g.at'])
    .where(evaluationVisibleCustomers(subject))
    .$if(q.kind !== undefined, (b) => b.where('g.kind', '=', q.kind!))
    .$if(q.customerId !== undefined, (b) => b.where('g.customer_id', '=', q.customerId!))
    .$if(q.from !== undefined, (b) => b.where('g.at', '>=', chinaDayStart(q.from!)))
    .$if(q.to !== undefined, (b) => b.where('g.at', '<', chinaDayEnd(q.to!)));
}
type ChangeRow = { id: string; customer_id: string; name: string; archive_no: string; kind: string; from_value: string | null; to_value: string | null; cause: string; reason: string | null; evaluation_id: string | null; quarter: string | null; display_name: string | null; at: Date };
const toChange = (r: ChangeRow) => ({ id: r.id, customerId: r.customer_id, customerName: r.name, archiveNo: r.archive_no, kind: r.kind as 'grade', from: r.from_value, to: r.to_value, cause: r.cause, reason: r.reason, evaluationId: r.evaluation_id, quarter: r.quarter, actorName: r.display_name, at: r.at.toISOString() });

export async function listGradeChanges(db: Kysely<DB>, p: Principal, q: ChangeQuery) {
  const subject = await subjectOf(db, p);
  const after = decodeIdCursor(q.cursor);
  const rows = (await changesQuery(db, subject, q).$if(after !== null, (b) => b.where('g.id', '<', after!)).orderBy('g.id', 'desc').limit(q.limit + 1).execute()) as ChangeRow[];
  const page = rows.slice(0, q.limit);
  return { items: page.map(toChange), nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1]!.id]) : null };
}

export async function exportGradeChanges(db: Kysely<DB>, p: Principal, q: Omit<ChangeQuery, 'limit' | 'cursor'> & { format: 'csv' | 'xlsx' }, actor: Actor) {
  const subject = await subjectOf(db, p);
  await recordReadAudit(db, actor, { action: 'evaluation.exported', entityType: 'grade_change', data: { format: q.format, kind: q.kind ?? null } });
  const cols: Column<ChangeRow>[] = [
    { header: '时间', value: (r) => r.at.toISOString() }, { header: '档案编号', value: (r) => r.archive_no }, { header: '客户名称', value: (r) => r.name },
    { header: '类别', value: (r) => r.kind }, { header: '原值', value: (r) => r.from_value }, { header: '新值', value: (r) => r.to_value },
    { header: '原因', value: (r) => r.cause }, { header: '说明', value: (r) => r.reason }, { header: '季度', value: (r) => r.quarter }, { header: '操作人', value: (r) => r.display_name },
  ];
  async function* batches(): AsyncIterable<ChangeRow[]> {
    let before: string | null = null;
    for (;;) {
      const rows = (await changesQuery(db, subject, q).where('c.secrecy_level', 'in', ['none', 'secret']).$if(before !== null, (b) => b.where('g.id', '<', before!)).orderBy('g.id', 'desc').limit(2000).execute()) as ChangeRow[];
      if (rows.length === 0) return;
      yield rows;
      before = rows[rows.length - 1]!.id;
    }
  }
  const { stream } = streamTable(q.format, 'changes', cols, batches());
  return { file: stream, filename: `grade-changes.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

export type { FillerGroup };
