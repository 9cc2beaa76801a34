/**
 * Relationship evaluations (EVA-8, 客户关系评估表): versioned template, fill and total, proposal
 * and recommendation, review by the marketing director (approval `relationship_review`) with the
 * marketing manager notified, comments from the reviewers and related departments, improvement
 * measures recorded by the marketing department.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { createRelationshipBody, relationshipTemplateBody, updateRelationshipBody } from '../../../contract/evaluation.js';
import type { DB } from '../../db/schema.js';
import { decodeIdCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, fieldError, notFound, staleVersion } from '../../http/errors.js';
import { assertGroup, subjectOf } from '../access/access.service.js';
import { evaluationVisibleCustomers } from '../access/evaluation-access.sql.js';
import { mayAdministerEvaluation, mayFillRelationship, relationshipMeasureRoles, relationshipReviewRoles } from '../access/evaluation-access.rules.js';
import { registerApprovalEffect, requestApproval } from '../approvals/approvals.service.js';
import { notifyUsers, usersWithRole } from '../approvals/notifications.service.js';
import { recordAudit, recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer } from '../customers/customers.service.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { currentTemplate } from './evaluation.repository.js';
import { checkItems, proposeRecommendation, relationshipTotal, type Recommendation, type RelationshipTemplate } from './relationship.rules.js';

const invalid = (errors: { path: string; message: string }[]) => new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });

export async function getTemplate(db: Kysely<DB>) {
  const t = await currentTemplate(db);
  return { ...t.definition, version: t.version, createdAt: t.created_at.toISOString() };
}

export async function updateTemplate(db: Kysely<DB>, p: Principal, input: z.infer<typeof relationshipTemplateBody>, actor: Actor) {
  if (!mayAdministerEvaluation(p)) throw new AppError('forbidden', 'Only marketing managers and above change the relationship template.', { rule: 'EVA-8' });
  const cur = await currentTemplate(db);
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('relationship_templates').values({ version: cur.version + 1, definition: JSON.stringify(input), created_by: p.userId }).execute();
    await recordAudit(tx, actor, { action: 'relationship.template_updated', entityType: 'relationship_template', entityId: String(cur.version + 1) });
  });
  return getTemplate(db);
}

type RelRow = {
  id: string; customer_id: string; customer_name: string; archive_no: string; customer_grade: string | null; template_version: number; definition: RelationshipTemplate;
  evaluated_on: string; evaluator_id: string; evaluator_name: string | null; items: { key: string; score: number; basis: string | null; remarks: string | null }[];
  total: string; proposed: string; recommendation: string; remarks: string | null; state: string; approval_id: string | null; version: number; created_at: Date;
};
const selectRel = (db: Kysely<DB>) =>
  db
    .selectFrom('relationship_evaluations as r')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .innerJoin('relationship_templates as t', 't.id', 'r.template_id')
    .leftJoin('users as u', 'u.id', 'r.evaluator_id')
    .select(['r.id', 'r.customer_id', 'c.name as customer_name', 'c.archive_no', 'r.customer_grade', 't.version as template_version', 't.definition', 'r.evaluated_on', 'r.evaluator_id', 'u.display_name as evaluator_name', 'r.items', 'r.total', 'r.proposed', 'r.recommendation', 'r.remarks', 'r.state', 'r.approval_id', 'r.version', 'r.created_at']);

async function shape(db: Kysely<DB>, r: RelRow) {
  const comments = await db.selectFrom('relationship_comments as m').leftJoin('users as u', 'u.id', 'm.author_id').select(['m.id', 'm.author_id', 'u.display_name', 'm.role', 'm.body', 'm.at']).where('m.evaluation_id', '=', r.id).orderBy('m.id').execute();
  const measures = await db.selectFrom('relationship_measures as m').leftJoin('users as o', 'o.id', 'm.owner_id').leftJoin('users as b', 'b.id', 'm.created_by').select(['m.id', 'm.measure', 'm.owner_id', 'o.display_name as owner_name', 'm.due_on', 'b.display_name as by_name', 'm.at']).where('m.evaluation_id', '=', r.id).orderBy('m.id').execute();
  return {
    id: r.id, customerId: r.customer_id, customerName: r.customer_name, archiveNo: r.archive_no, customerGrade: r.customer_grade as never, templateVersion: r.template_version,
    evaluatedOn: r.evaluated_on, evaluatorId: r.evaluator_id, evaluatorName: r.evaluator_name,
    items: r.definition.indicators.map((ind) => {
      const it = r.items.find((x) => x.key === ind.key);
      return { key: ind.key, label: ind.label, weight: ind.weight, score: Number(it?.score ?? 0), basis: it?.basis ?? null, remarks: it?.remarks ?? null };
    }),
    total: Number(r.total), proposed: r.proposed as Recommendation, recommendation: r.recommendation as Recommendation, remarks: r.remarks, state: r.state as 'draft', approvalId: r.approval_id,
    comments: comments.map((m) => ({ id: m.id, authorId: m.author_id, authorName: m.display_name, role: m.role, body: m.body, at: m.at.toISOString() })),
    measures: measures.map((m) => ({ id: m.id, measure: m.measure, ownerId: m.owner_id, ownerName: m.owner_name, dueOn: m.due_on, createdByName: m.by_name, at: m.at.toISOString() })),
    version: r.version, createdAt: r.created_at.toISOString(),
  };
}

async function openForRelationship(db: Kysely<DB>, p: Principal, customerId: string, fill: boolean) {
  const opened = await openCustomer(db, await subjectOf(db, p), customerId, 'read');
  assertGroup(opened.decision, 'evaluation');
  if (fill && !mayFillRelationship(p, opened.decision)) throw new AppError('forbidden', 'Relationship evaluations are filled by customer service and marketing.', { rule: 'EVA-8' });
  return opened;
}

async function loadRel(db: Kysely<DB>, p: Principal, id: string) {
  const r = (await selectRel(db).where('r.id', '=', id).executeTakeFirst()) as RelRow | undefined;
  if (!r) throw notFound('relationship evaluation');
  try {
    await openForRelationship(db, p, r.customer_id, false);
  } catch (e) {
    if (e instanceof AppError && (e.code === 'not_found' || e.code === 'forbidden')) throw notFound('relationship evaluation');
    throw e;
  }
  return r;
}

export async function getRelationship(db: Kysely<DB>, p: Principal, id: string) {
  return shape(db, await loadRel(db, p, id));
}

function compute(t: RelationshipTemplate, input: { items: { key: string; score: number }[]; recommendation?: Recommendation | undefined }) {
  const errors = checkItems(t, input.items);
  if (errors.length) throw invalid(errors);
  const total = relationshipTotal(t, input.items);
  const proposed = proposeRecommendation(t, total);
  return { total, proposed, recommendation: input.recommendation ?? proposed };
}

async function complete(tx: Kysely<DB>, p: Principal, actor: Actor, id: string, customerId: string, name: string, now: Date) {
  const approval = await requestApproval(tx, actor, {
    type: 'relationship_review', subjectType: 'relationship_evaluation', subjectId: id, customerId,
    summary: `${name}：客户关系评估待审阅`, payload: { relationshipEvaluationId: id }, requesterId: p.userId, approverRole: 'marketing_director', approverRule: 'EVA-8',
  }, now);
  await tx.updateTable('relationship_evaluations').set({ state: 'completed', approval_id: approval.id }).where('id', '=', id).execute();
  await notifyUsers(tx, (await usersWithRole(tx, ['marketing_manager'])).filter((u) => u !== p.userId), { kind: 'relationship.completed', title: `${name}：客户关系评估已完成，请审阅`, link: `/evaluation/relationships/${id}`, about: { customerId } });
  await recordAudit(tx, actor, { action: 'relationship.completed', entityType: 'relationship_evaluation', entityId: id, data: { approvalId: approval.id } }, now);
}

export async function createRelationship(db: Kysely<DB>, p: Principal, input: z.infer<typeof createRelationshipBody>, actor: Actor, now = new Date()) {
  const opened = await openForRelationship(db, p, input.customerId, true);
  const t = await currentTemplate(db);
  const c = compute(t.definition, input);
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('relationship_evaluations').values({
      customer_id: opened.row.id, template_id: t.id, evaluator_id: p.userId, evaluated_on: input.evaluatedOn, customer_grade: opened.row.credit_grade,
      items: JSON.stringify(input.items.map((i) => ({ key: i.key, score: i.score, basis: i.basis ?? null, remarks: i.remarks ?? null }))), total: (c.total / 10).toFixed(1),
      proposed: c.proposed, recommendation: c.recommendation, remarks: input.remarks ?? null, created_at: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'relationship.saved', entityType: 'relationship_evaluation', entityId: row.id, data: { customerId: opened.row.id, total: c.total / 10, recommendation: c.recommendation } }, now);
    if (input.complete) await complete(tx, p, actor, row.id, opened.row.id, opened.row.name, now);
    return row.id;
  });
  return getRelationship(db, p, id);
}

export async function updateRelationship(db: Kysely<DB>, p: Principal, id: string, input: z.infer<typeof updateRelationshipBody>, actor: Actor, now = new Date()) {
  const r = await loadRel(db, p, id);
  await openForRelationship(db, p, r.customer_id, true);
  if (r.state !== 'draft') throw new AppError('conflict', `This relationship evaluation is ${r.state}; it can no longer be changed.`, { rule: 'EVA-8' });
  if (r.version !== input.version) throw staleVersion('relationship evaluation', input.version);
  const c = compute(r.definition, input);
  await db.transaction().execute(async (tx) => {
    const upd = await tx.updateTable('relationship_evaluations').set({
      evaluated_on: input.evaluatedOn, items: JSON.stringify(input.items.map((i) => ({ key: i.key, score: i.score, basis: i.basis ?? null, remarks: i.remarks ?? null }))),
      total: (c.total / 10).toFixed(1), proposed: c.proposed, recommendation: c.recommendation, remarks: input.remarks ?? null, updated_at: now, version: sql`version + 1`,
    }).where('id', '=', id).where('version', '=', input.version).where('state', '=', 'draft').returning('id').executeTakeFirst();
    if (!upd) throw staleVersion('relationship evaluation', input.version);
    await recordAudit(tx, actor, { action: 'relationship.saved', entityType: 'relationship_evaluation', entityId: id, data: { total: c.total / 10, recommendation: c.recommendation } }, now);
    if (input.complete) await complete(tx, p, actor, id, r.customer_id, r.customer_name, now);
  });
  return getRelationship(db, p, id);
}

/** A completed evaluation sent back or taken back from review is a draft again. */
const backToDraft = (tx: Kysely<DB>, id: string) =>
  tx.updateTable('relationship_evaluations').set({ state: 'draft', approval_id: null, version: sql`version + 1` }).where('id', '=', id).where('state', '=', 'completed').execute();

registerApprovalEffect('relationship_review', {
  async onApproved(tx, approval, ctx) {
    const upd = await tx.updateTable('relationship_evaluations').set({ state: 'reviewed', version: sql`version + 1` }).where('id', '=', approval.subjectId).where('state', '=', 'completed').returning('id').executeTakeFirst();
    if (!upd) throw new AppError('conflict', 'The relationship evaluation is no longer waiting for review.', { rule: 'EVA-8' });
    if (ctx.comment) await tx.insertInto('relationship_comments').values({ evaluation_id: approval.subjectId, author_id: ctx.deciderId, role: 'marketing_director', body: ctx.comment, at: ctx.now }).execute();
    await recordAudit(tx, ctx.actor, { action: 'relationship.reviewed', entityType: 'relationship_evaluation', entityId: approval.subjectId }, ctx.now);
  },
  async onRejected(tx, approval, ctx) {
    // sent back: the evaluator revises the draft
    await backToDraft(tx, approval.subjectId);
    if (ctx.comment) await tx.insertInto('relationship_comments').values({ evaluation_id: approval.subjectId, author_id: ctx.deciderId, role: 'marketing_director', body: ctx.comment, at: ctx.now }).execute();
  },
  async onWithdrawn(tx, approval) {
    // the evaluator took it back: a draft again
    await backToDraft(tx, approval.subjectId);
  },
  link: (a) => `/evaluation/relationships/${a.subjectId}`,
});

/** Review comments (marketing director / manager) and feedback of related departments. */
export async function commentRelationship(db: Kysely<DB>, p: Principal, id: string, body: string, actor: Actor, now = new Date()) {
  const r = await loadRel(db, p, id);
  if (r.state === 'draft') throw new AppError('rule_violation', 'Comments are given on completed evaluations.', { rule: 'EVA-8' });
  const role = relationshipReviewRoles.find((x) => p.roles.includes(x)) ?? 'department';
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('relationship_comments').values({ evaluation_id: id, author_id: p.userId, role, body, at: now }).execute();
    await recordAudit(tx, actor, { action: 'relationship.commented', entityType: 'relationship_evaluation', entityId: id, data: { role } }, now);
  });
  return getRelationship(db, p, id);
}

/** 市场营销部根据客户评估结果拟定客户关系改进措施. */
export async function addMeasure(db: Kysely<DB>, p: Principal, id: string, input: { measure: string; ownerId?: string | null | undefined; dueOn?: string | null | undefined }, actor: Actor, now = new Date()) {
  const r = await loadRel(db, p, id);
  if (!p.roles.some((x) => relationshipMeasureRoles.includes(x))) throw new AppError('forbidden', 'Improvement measures are recorded by the marketing department.', { rule: 'EVA-8' });
  if (r.state === 'draft') throw new AppError('rule_violation', 'Measures are recorded against completed evaluations.', { rule: 'EVA-8' });
  if (input.ownerId && !(await db.selectFrom('users').select('id').where('id', '=', input.ownerId).where('disabled', '=', false).executeTakeFirst())) throw fieldError('ownerId', 'no such active user');
  await db.transaction().execute(async (tx) => {
    const m = await tx.insertInto('relationship_measures').values({ evaluation_id: id, measure: input.measure, owner_id: input.ownerId ?? null, due_on: input.dueOn ?? null, created_by: p.userId, at: now }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'relationship.measure_added', entityType: 'relationship_evaluation', entityId: id, data: { measureId: m.id } }, now);
  });
  return getRelationship(db, p, id);
}

type RelQuery = { customerId?: string | undefined; state?: string | undefined; recommendation?: string | undefined; limit: number; cursor?: string | undefined };
function relQuery(db: Kysely<DB>, subject: Awaited<ReturnType<typeof subjectOf>>, q: Omit<RelQuery, 'limit' | 'cursor'>) {
  return selectRel(db)
    .where(evaluationVisibleCustomers(subject))
    .where(sql<boolean>`NOT (${sql.lit(subject.roles.every((r) => r === 'finance'))})`) // finance's duty covers credit evaluations only
    .$if(q.customerId !== undefined, (b) => b.where('r.customer_id', '=', q.customerId!))
    .$if(q.state !== undefined, (b) => b.where('r.state', '=', q.state!))
    .$if(q.recommendation !== undefined, (b) => b.where('r.recommendation', '=', q.recommendation!));
}

export async function listRelationships(db: Kysely<DB>, p: Principal, q: RelQuery) {
  const subject = await subjectOf(db, p);
  const after = decodeIdCursor(q.cursor);
  const rows = (await relQuery(db, subject, q).$if(after !== null, (b) => b.where('r.id', '<', after!)).orderBy('r.id', 'desc').limit(q.limit + 1).execute()) as RelRow[];
  const page = rows.slice(0, q.limit);
  return { items: await Promise.all(page.map((r) => shape(db, r))), nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1]!.id]) : null };
}

export async function exportRelationships(db: Kysely<DB>, p: Principal, q: Omit<RelQuery, 'limit' | 'cursor'> & { format: 'csv' | 'xlsx' }, actor: Actor) {
  const subject = await subjectOf(db, p);
  await recordReadAudit(db, actor, { action: 'evaluation.exported', entityType: 'relationship_evaluation', data: { format: q.format } });
  const cols: Column<RelRow>[] = [
    { header: '评估日期', value: (r) => r.evaluated_on }, { header: '档案编号', value: (r) => r.archive_no }, { header: '客户名称', value: (r) => r.customer_name },
    { header: '客户等级', value: (r) => r.customer_grade }, { header: '最终得分', value: (r) => Number(r.total) }, { header: '建议', value: (r) => r.recommendation },
    { header: '状态', value: (r) => r.state }, { header: '评估人', value: (r) => r.evaluator_name },
  ];
  async function* batches(): AsyncIterable<RelRow[]> {
    let before: string | null = null;
    for (;;) {
      const rows = (await relQuery(db, subject, q).where('c.secrecy_level', 'in', ['none', 'secret']).$if(before !== null, (b) => b.where('r.id', '<', before!)).orderBy('r.id', 'desc').limit(1000).execute()) as RelRow[];
      if (rows.length === 0) return;
      yield rows;
      before = rows[rows.length - 1]!.id;
    }
  }
  const { stream } = streamTable(q.format, 'relationship', cols, batches());
  return { file: stream, filename: `relationship-evaluations.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
