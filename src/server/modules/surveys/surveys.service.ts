/**
 * Satisfaction surveys (REL-9, seed 001 六、客户满意度调查). This module owns survey templates
 * (versioned under their answers), sending a survey by single-use link or for a phone call, the
 * one response per survey (a low average raises the owner's follow-up task), the periodic schedule
 * per ABC class, and what other modules read: the satisfaction figures per owner for targets (REL-11).
 * Lists and results are in surveys.query.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { createSurveyBody, createSurveyTemplateBody, responseBody, SurveyFrequency, SurveyQuestion, SurveyTemplate, updateSurveyScheduleBody, updateSurveyTemplateBody } from '../../../contract/surveys.js';
import type { DB } from '../../db/schema.js';
import { AppError, fieldError, notFound, staleVersion } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { visibleCustomersByRow } from '../access/customer-access.sql.js';
import type { AccessSubject } from '../access/customer-access.rules.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer } from '../customers/customers.service.js';
import { getArchiveSettings } from '../documents/archive-settings.service.js';
import { createWorkTask } from '../tasks/tasks.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { averageRating, effectiveState, maySendSurvey, needsFollowUp, normaliseQuestions, periodOf, questionsDiffer, validateAnswers } from './surveys.rules.js';

export type OwnerSatisfaction = { count: number; avgRating: number | null };

/**
 * Responses answered in [from, to) per owner at the time of the response: how many, and the mean
 * of their average ratings (responses without a rating count but do not move the mean).
 * The caller decides which owners it may report on; like every target figure (REL-11) only the
 * responses of customers the subject may see now count (visibleCustomersByRow), never those of a
 * top-secret archive (left out for everyone, the gm included, as sales and activity leave them out).
 */
export async function satisfactionByOwner(
  db: Kysely<DB>,
  s: AccessSubject,
  q: { from: Date; to: Date; ownerIds: readonly string[] },
): Promise<Map<string, OwnerSatisfaction>> {
  const out = new Map<string, OwnerSatisfaction>();
  if (q.ownerIds.length === 0) return out;
  const rows = await sql<{ owner_id: string; n: string; avg: string | null }>`
    SELECT r.owner_id, count(*) AS n, round(avg(r.avg_rating), 2) AS avg
      FROM survey_responses r JOIN customers c ON c.id = r.customer_id
     WHERE r.owner_id = ANY(${q.ownerIds.map(Number)}::bigint[]) AND r.responded_at >= ${q.from} AND r.responded_at < ${q.to}
       AND c.secrecy_level <> 'top_secret' AND ${visibleCustomersByRow(s)}
     GROUP BY r.owner_id`.execute(db);
  for (const r of rows.rows) out.set(String(r.owner_id), { count: Number(r.n), avgRating: r.avg === null ? null : Number(r.avg) });
  return out;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest();
const isUniqueViolation = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';

// ---------------------------------------------------------------- templates

function selectTemplates(db: Kysely<DB>) {
  return db
    .selectFrom('survey_templates as t')
    .innerJoin('survey_template_versions as v', (j) => j.onRef('v.template_id', '=', 't.id').on(sql<boolean>`v.number = (SELECT max(x.number) FROM survey_template_versions x WHERE x.template_id = t.id)`))
    .select(['t.id', 't.name', 't.is_default', 't.disabled', 't.version', 'v.id as version_id', 'v.number', 'v.questions']);
}
type TemplateRow = Awaited<ReturnType<ReturnType<typeof selectTemplates>['executeTakeFirstOrThrow']>>;
const toTemplate = (r: TemplateRow): SurveyTemplate => ({
  id: r.id, name: r.name, isDefault: r.is_default, questions: r.questions as SurveyQuestion[], disabled: r.disabled, versionNumber: r.number, version: r.version,
});

export async function listTemplates(db: Kysely<DB>) {
  const rows = await selectTemplates(db).orderBy('t.is_default', 'desc').orderBy('t.disabled').orderBy('t.id').execute();
  return { items: rows.map(toTemplate) };
}

async function getTemplate(db: Kysely<DB>, id: string) {
  const r = await selectTemplates(db).where('t.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('survey template');
  return toTemplate(r);
}

export async function createTemplate(db: Kysely<DB>, p: Principal, input: z.infer<typeof createSurveyTemplateBody>, actor: Actor, now = new Date()) {
  const q = normaliseQuestions(input.questions);
  if (!q.ok) throw new AppError('validation_failed', q.errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors: q.errors });
  const id = await db.transaction().execute(async (tx) => {
    if (input.isDefault) await tx.updateTable('survey_templates').set({ is_default: false, version: sql`version + 1` }).where('is_default', '=', true).execute();
    const { id } = await tx.insertInto('survey_templates').values({ name: input.name.trim(), is_default: input.isDefault ?? false, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('survey_template_versions').values({ template_id: id, number: 1, questions: JSON.stringify(q.questions), created_at: now, created_by: p.userId }).execute();
    await recordAudit(tx, actor, { action: 'survey.template_created', entityType: 'survey_template', entityId: id, data: { name: input.name.trim(), questions: q.questions.length, isDefault: input.isDefault ?? false } }, now);
    return id;
  });
  return getTemplate(db, id);
}

/** New questions for a template already sent make a new version; the sent surveys keep theirs. */
export async function updateTemplate(db: Kysely<DB>, p: Principal, id: string, input: z.infer<typeof updateSurveyTemplateBody>, actor: Actor, now = new Date()) {
  const before = await getTemplate(db, id);
  if (before.version !== input.version) throw staleVersion('survey template', input.version);
  let questions: SurveyQuestion[] | null = null;
  if (input.questions) {
    const q = normaliseQuestions(input.questions);
    if (!q.ok) throw new AppError('validation_failed', q.errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors: q.errors });
    if (questionsDiffer(before.questions, q.questions)) questions = q.questions;
  }
  if (input.disabled === true && (before.isDefault || input.isDefault)) throw fieldError('disabled', 'the default template cannot be disabled; make another one the default first');
  let newVersion: number | null = null;
  await db.transaction().execute(async (tx) => {
    const claimed = await tx.updateTable('survey_templates').set({ version: sql`version + 1` }).where('id', '=', id).where('version', '=', input.version).returning('id').executeTakeFirst();
    if (!claimed) throw staleVersion('survey template', input.version);
    if (input.isDefault) await tx.updateTable('survey_templates').set({ is_default: false, version: sql`version + 1` }).where('is_default', '=', true).where('id', '<>', id).execute();
    const patch = {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.isDefault ? { is_default: true } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
    };
    if (Object.keys(patch).length > 0) await tx.updateTable('survey_templates').set(patch).where('id', '=', id).execute();
    if (questions) {
      const current = await tx.selectFrom('survey_template_versions').select(['id', 'number']).where('template_id', '=', id).orderBy('number', 'desc').limit(1).forUpdate().executeTakeFirstOrThrow();
      const inUse = await tx.selectFrom('surveys').select('id').where('template_version_id', '=', current.id).limit(1).executeTakeFirst();
      if (inUse) {
        newVersion = current.number + 1;
        await tx.insertInto('survey_template_versions').values({ template_id: id, number: newVersion, questions: JSON.stringify(questions), created_at: now, created_by: p.userId }).execute();
      } else {
        await tx.updateTable('survey_template_versions').set({ questions: JSON.stringify(questions) }).where('id', '=', current.id).execute();
      }
    }
    await recordAudit(tx, actor, {
      action: 'survey.template_updated', entityType: 'survey_template', entityId: id,
      data: { name: input.name ?? null, questionsChanged: questions !== null, newVersion, isDefault: input.isDefault ?? null, disabled: input.disabled ?? null },
    }, now);
  });
  return getTemplate(db, id);
}

// ---------------------------------------------------------------- sending

/** Opens the customer for a survey writer: 404 when the caller may not see it, 403 when they may see but not survey it. */
async function openForSurvey(db: Kysely<DB>, subject: AccessSubject, customerId: string, now: Date) {
  const { row } = await openCustomer(db, subject, customerId, 'read', now);
  const who = { userId: subject.userId, roles: subject.roles, managedDepartmentIds: subject.managedDepartmentIds };
  if (!maySendSurvey(who, { ownerId: row.owner_id, departmentId: row.department_id })) {
    throw new AppError('forbidden', 'Surveys are sent and recorded by customer service, the customer’s owner and managers.', { rule: 'REL-9' });
  }
  return row;
}

export async function createSurvey(db: Kysely<DB>, p: Principal, input: z.infer<typeof createSurveyBody>, actor: Actor, now = new Date()) {
  const subject = await subjectOf(db, p);
  const customer = await openForSurvey(db, subject, input.customerId, now);
  const template = await selectTemplates(db).where('t.id', '=', input.templateId).executeTakeFirst();
  if (!template) throw new AppError('validation_failed', 'templateId: no such survey template', { errors: [{ path: 'templateId', message: 'no such survey template', code: 'dangling_reference' }] });
  if (template.disabled) throw fieldError('templateId', 'this template is disabled');
  const token = input.channel === 'link' ? `kds_${randomBytes(32).toString('base64url')}` : null;
  const expiresAt = token ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  const id = await db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('surveys')
      .values({ customer_id: customer.id, template_id: template.id, template_version_id: template.version_id, channel: input.channel, owner_id: customer.owner_id, sent_by: p.userId, sent_at: now, token_hash: token ? hashOf(token) : null, link_expires_at: expiresAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'survey.sent', entityType: 'survey', entityId: id, data: { customerId: customer.id, templateId: template.id, templateVersion: template.number, channel: input.channel, expiresAt: expiresAt?.toISOString() ?? null } }, now);
    return id;
  });
  return { id, state: 'sent' as const, ...(token ? { link: `/s/${token}`, expiresAt: expiresAt!.toISOString() } : {}) };
}

// ---------------------------------------------------------------- answering

type LockedSurvey = { id: string; customer_id: string; state: string; link_expires_at: Date | null; template_version_id: string };

/** In the transaction: checks the answers, stores the one response, marks the survey answered, raises the follow-up. */
async function saveResponse(tx: Kysely<DB>, s: LockedSurvey, input: z.infer<typeof responseBody>, recordedBy: string | null, actor: Actor, now: Date) {
  const version = await tx.selectFrom('survey_template_versions').select(['questions']).where('id', '=', s.template_version_id).executeTakeFirstOrThrow();
  const checked = validateAnswers(version.questions as SurveyQuestion[], input.answers);
  if (!checked.ok) throw new AppError('validation_failed', checked.errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors: checked.errors });
  const avg = averageRating(checked.answers);
  const customer = await tx.selectFrom('customers').select(['id', 'name', 'owner_id']).where('id', '=', s.customer_id).executeTakeFirstOrThrow();
  let responseId: string;
  try {
    responseId = (await tx
      .insertInto('survey_responses')
      .values({ survey_id: s.id, customer_id: s.customer_id, owner_id: customer.owner_id, avg_rating: avg === null ? null : avg.toFixed(2), answers: JSON.stringify(checked.answers), recorded_by: recordedBy, responded_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()).id;
  } catch (e) {
    if (isUniqueViolation(e)) throw answeredConflict();
    throw e;
  }
  await tx.updateTable('surveys').set({ state: 'answered', version: sql`version + 1` }).where('id', '=', s.id).execute();
  await recordAudit(tx, actor, { action: 'survey.answered', entityType: 'survey', entityId: s.id, data: { customerId: s.customer_id, responseId, avgRating: avg, answers: checked.answers.length, by: recordedBy === null ? 'customer' : 'staff' } }, now);
  let followUpTaskId: string | null = null;
  if (needsFollowUp(avg) && customer.owner_id !== null) {
    const due = new Date(now.getTime() + 2 * 86_400_000);
    followUpTaskId = await createWorkTask(tx, actor, {
      kind: 'survey_follow_up', ownerId: customer.owner_id, title: `满意度回访：${customer.name}（平均 ${avg!.toFixed(2)} 分）`, dueOn: chinaDate(due),
      customerId: s.customer_id, refType: 'survey', refId: s.id, createdBy: recordedBy,
    }, now);
  }
  return { id: responseId, surveyId: s.id, avgRating: avg, followUpTaskId };
}

const answeredConflict = () => new AppError('conflict', 'This survey has already been answered; a survey takes one response.', { rule: 'REL-9.answered' });

export async function recordResponse(db: Kysely<DB>, p: Principal, surveyId: string, input: z.infer<typeof responseBody>, actor: Actor, now = new Date()) {
  const s = await db.selectFrom('surveys').select(['id', 'customer_id']).where('id', '=', surveyId).executeTakeFirst();
  if (!s) throw notFound('survey');
  try {
    await openForSurvey(db, await subjectOf(db, p), s.customer_id, now);
  } catch (e) {
    // a survey of a customer the caller may not see does not exist for them
    if (e instanceof AppError && e.code === 'not_found') throw notFound('survey');
    throw e;
  }
  return db.transaction().execute(async (tx) => {
    const locked = await tx.selectFrom('surveys').select(['id', 'customer_id', 'state', 'link_expires_at', 'template_version_id']).where('id', '=', surveyId).forUpdate().executeTakeFirstOrThrow();
    if (locked.state === 'answered') throw answeredConflict();
    if (locked.state === 'cancelled') throw new AppError('rule_violation', 'This survey was cancelled.', { rule: 'REL-9.cancelled' });
    // staff may record an answer given on the phone even after a link expired
    return saveResponse(tx, locked, input, p.userId, actor, now);
  });
}

/** The survey of a public token, or the clear refusal the public page shows. */
async function usableSurvey(db: Kysely<DB>, token: string, now: Date, lock = false) {
  let q = db.selectFrom('surveys').select(['id', 'customer_id', 'state', 'link_expires_at', 'template_version_id', 'template_id']).where('token_hash', '=', hashOf(token));
  if (lock) q = q.forUpdate();
  const s = await q.executeTakeFirst();
  if (!s) throw new AppError('not_found', 'This survey link does not exist. Please check the address you were sent.');
  const state = effectiveState({ state: s.state, linkExpiresAt: s.link_expires_at }, now);
  if (state === 'answered') throw answeredConflict();
  if (state === 'expired') throw new AppError('rule_violation', 'This survey link has expired. Ask your contact for a new one.', { rule: 'REL-9.expired' });
  if (state === 'cancelled') throw new AppError('rule_violation', 'This survey was withdrawn.', { rule: 'REL-9.cancelled' });
  return s;
}

/** Public: who asks, to whom (short name only) and the questions; nothing else of the archive. */
export async function getPublicSurvey(db: Kysely<DB>, token: string, now = new Date()) {
  const s = await usableSurvey(db, token, now);
  const [version, customer, template, settings] = await Promise.all([
    db.selectFrom('survey_template_versions').select('questions').where('id', '=', s.template_version_id).executeTakeFirstOrThrow(),
    db.selectFrom('customers').select(['name', 'short_name']).where('id', '=', s.customer_id).executeTakeFirstOrThrow(),
    db.selectFrom('survey_templates').select('name').where('id', '=', s.template_id).executeTakeFirstOrThrow(),
    getArchiveSettings(db),
  ]);
  return { companyName: settings.companyName, customerName: customer.short_name?.trim() || customer.name, templateName: template.name, questions: version.questions as SurveyQuestion[], expiresAt: s.link_expires_at!.toISOString() };
}

export async function submitPublicSurvey(db: Kysely<DB>, token: string, input: z.infer<typeof responseBody>, actor: Actor, now = new Date()) {
  await usableSurvey(db, token, now);
  return db.transaction().execute(async (tx) => {
    const locked = await usableSurvey(tx, token, now, true); // a second answer racing this one finds it answered
    await saveResponse(tx, locked, input, null, actor, now);
    return { ok: true as const, respondedAt: now.toISOString() };
  });
}

// ---------------------------------------------------------------- periodic schedule

export async function getSchedule(db: Kysely<DB>) {
  const rows = await db.selectFrom('survey_schedules').select(['abc_class', 'frequency', 'template_id']).orderBy('abc_class').execute();
  return { items: rows.map((r) => ({ abcClass: r.abc_class as 'A' | 'B' | 'C', frequency: r.frequency as SurveyFrequency, templateId: r.template_id })) };
}

export async function updateSchedule(db: Kysely<DB>, p: Principal, input: z.infer<typeof updateSurveyScheduleBody>, actor: Actor, now = new Date()) {
  const classes = input.items.map((i) => i.abcClass);
  if (new Set(classes).size !== classes.length) throw new AppError('validation_failed', 'items: each class once', { errors: [{ path: 'items', message: 'each class once', code: 'duplicate' }] });
  for (const [i, item] of input.items.entries()) {
    if (!item.templateId) continue;
    const t = await db.selectFrom('survey_templates').select(['id', 'disabled']).where('id', '=', item.templateId).executeTakeFirst();
    if (!t || t.disabled) throw new AppError('validation_failed', `items.${i}.templateId: no such enabled template`, { errors: [{ path: `items.${i}.templateId`, message: 'no such enabled template', code: 'dangling_reference' }] });
  }
  await db.transaction().execute(async (tx) => {
    const before = await getSchedule(tx);
    for (const item of input.items) {
      await tx.updateTable('survey_schedules').set({ frequency: item.frequency, template_id: item.templateId ?? null, updated_at: now, updated_by: p.userId }).where('abc_class', '=', item.abcClass).execute();
    }
    await recordAudit(tx, actor, { action: 'survey.schedule_changed', entityType: 'survey_schedule', data: { from: before.items, to: input.items } }, now);
  });
  return getSchedule(db);
}

/**
 * The periodic job (REL-9): for each scheduled class, one phone survey per active customer with
 * an owner for the period `now` falls in, unless it already has one (the unique index on
 * (customer_id, period) makes a second run, or a second instance, add nothing). Customer service
 * works through them in the list (periodic, state sent).
 */
export async function createPeriodicSurveys(db: Kysely<DB>, now: Date, actor: Actor = { userId: null, ip: null, requestId: null }) {
  const schedule = (await getSchedule(db)).items;
  const created: Record<string, number> = {};
  await db.transaction().execute(async (tx) => {
    for (const item of schedule) {
      const period = periodOf(now, item.frequency);
      if (period === null) continue;
      const template = await (item.templateId ? selectTemplates(tx).where('t.id', '=', item.templateId) : selectTemplates(tx).where('t.is_default', '=', true)).executeTakeFirst();
      if (!template || template.disabled) continue;
      const r = await sql<{ n: string }>`
        WITH ins AS (
          INSERT INTO surveys (customer_id, template_id, template_version_id, channel, owner_id, sent_by, sent_at, period)
          SELECT c.id, ${template.id}::bigint, ${template.version_id}::bigint, 'phone', c.owner_id, NULL, ${now}, ${period}
            FROM customers c
           WHERE coalesce(c.abc_class, 'C') = ${item.abcClass} AND c.lifecycle = 'active' AND c.merged_into IS NULL AND c.owner_id IS NOT NULL
          ON CONFLICT (customer_id, period) WHERE period IS NOT NULL DO NOTHING
          RETURNING 1)
        SELECT count(*)::text AS n FROM ins`.execute(tx);
      created[item.abcClass] = Number(r.rows[0]?.n ?? 0);
    }
    const total = Object.values(created).reduce((a, b) => a + b, 0);
    if (total > 0) await recordAudit(tx, actor, { action: 'survey.periodic_created', entityType: 'survey', data: { at: now.toISOString(), created } }, now);
  });
  return created;
}
