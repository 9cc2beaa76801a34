/**
 * Staff training (REL-12): plans per role, sessions with attendees and materials, assessments, the
 * effect on each trainee's REL-11 indicators, and who has not completed what their role requires.
 * Organisers: department managers, cs/marketing managers, the office head, the gm. Scores are shown
 * to organisers who reach the attendee (the gm, managers of the attendee's department) and to the
 * attendee; a session's figures come from the targets service with the caller's own visibility.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { RoleKey } from '../../../contract/roles.js';
import type { assessBody, createSessionBody, trainingPlanBody, updateSessionBody, updateTrainingPlanBody } from '../../../contract/training.js';
import type { DB } from '../../db/schema.js';
import { decodeIdCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, fieldError, notFound } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import type { AccessSubject } from '../access/customer-access.rules.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { getDocument } from '../documents/documents.service.js';
import { figuresOf, metricsOf, reaches } from '../targets/targets.service.js';
import { effectPeriods, missingTrainings, trainerProblem } from './training.rules.js';

const organiserRoles: readonly RoleKey[] = ['gm', 'cs_manager', 'marketing_manager', 'marketing_director', 'office_head'];
const isOrganiser = (s: AccessSubject) => s.roles.some((r) => organiserRoles.includes(r)) || s.managedDepartmentIds.length > 0;
async function organiser(db: Kysely<DB>, p: Principal): Promise<AccessSubject> {
  const s = await subjectOf(db, p);
  if (!isOrganiser(s)) throw new AppError('forbidden', 'Training is organised by managers, the office head and the gm.', { rule: 'REL-12' });
  return s;
}
/** Whether the subject sees this attendee's score: the attendee, the gm, a manager of the attendee's department. */
const seesScore = (s: AccessSubject, a: { user_id: string; department_id: string }) => reaches(s, { id: a.user_id, departmentId: a.department_id });

type PlanRow = { id: string; title: string; role: string; topic: string; description: string | null; required: boolean; pass_score: number; created_at: Date };
const planOf = (r: PlanRow) => ({ id: r.id, title: r.title, role: r.role as RoleKey, topic: r.topic as 'theory', description: r.description, required: r.required, passScore: r.pass_score, createdAt: r.created_at.toISOString() });

export async function listPlans(db: Kysely<DB>, q: { role?: RoleKey | undefined; topic?: string | undefined }) {
  let query = db.selectFrom('training_plans').selectAll();
  if (q.role) query = query.where('role', '=', q.role);
  if (q.topic) query = query.where('topic', '=', q.topic);
  return { items: (await query.orderBy('role').orderBy('id').execute()).map(planOf) };
}

export async function createPlan(db: Kysely<DB>, p: Principal, input: z.infer<typeof trainingPlanBody>, actor: Actor, now = new Date()) {
  await organiser(db, p);
  return db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('training_plans').values({ title: input.title, role: input.role, topic: input.topic, description: input.description ?? null, required: input.required, pass_score: input.passScore, created_by: p.userId, created_at: now }).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'training.plan_saved', entityType: 'training_plan', entityId: row.id, data: { title: input.title, role: input.role, topic: input.topic, required: input.required, passScore: input.passScore } }, now);
    return planOf(row);
  });
}

export async function updatePlan(db: Kysely<DB>, p: Principal, id: string, input: z.infer<typeof updateTrainingPlanBody>, actor: Actor, now = new Date()) {
  await organiser(db, p);
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('training_plans').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('training plan');
    const set: { title?: string; description?: string | null; required?: boolean; pass_score?: number } = {};
    if (input.title !== undefined) set.title = input.title;
    if (input.description !== undefined) set.description = input.description;
    if (input.required !== undefined) set.required = input.required;
    if (input.passScore !== undefined) set.pass_score = input.passScore;
    const row = await tx.updateTable('training_plans').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'training.plan_saved', entityType: 'training_plan', entityId: id, data: { before: planOf(before), after: planOf(row) } }, now);
    return planOf(row);
  });
}

function sessionsQuery(db: Kysely<DB>) {
  return db.selectFrom('training_sessions as s')
    .innerJoin('training_plans as p', 'p.id', 's.plan_id')
    .leftJoin('users as tu', 'tu.id', 's.trainer_id')
    .select(['s.id', 's.plan_id', 'p.title as plan_title', 'p.topic', 'p.role', 'p.pass_score', 's.held_on', 's.trainer_id', 's.trainer_name', 'tu.display_name as trainer_display', 's.case_studies', 's.material_document_ids'])
    .select((eb) => [
      eb.selectFrom('training_attendees as a').whereRef('a.session_id', '=', 's.id').select(sql<string>`count(*)`.as('n')).as('attendees'),
      eb.selectFrom('training_attendees as a').whereRef('a.session_id', '=', 's.id').where('a.score', 'is not', null).select(sql<string>`count(*)`.as('n')).as('assessed'),
      eb.selectFrom('training_attendees as a').whereRef('a.session_id', '=', 's.id').select(sql<string | null>`round(avg(a.score), 1)`.as('avg')).as('avg_score'),
    ]);
}
type SessionRow = Awaited<ReturnType<ReturnType<typeof sessionsQuery>['executeTakeFirstOrThrow']>>;
const listItemOf = (r: SessionRow) => ({
  id: r.id, planId: r.plan_id, planTitle: r.plan_title, topic: r.topic as 'theory', role: r.role as RoleKey, heldOn: String(r.held_on),
  trainerName: r.trainer_display ?? r.trainer_name ?? '', trainerInternal: r.trainer_id !== null, attendees: Number(r.attendees ?? 0), assessed: Number(r.assessed ?? 0),
  avgScore: r.avg_score === null || r.avg_score === undefined ? null : Number(r.avg_score),
});

export async function listSessions(db: Kysely<DB>, q: { planId?: string | undefined; from?: string | undefined; to?: string | undefined; limit: number; cursor?: string | undefined }) {
  const after = decodeIdCursor(q.cursor);
  let query = sessionsQuery(db);
  if (q.planId) query = query.where('s.plan_id', '=', q.planId);
  if (q.from) query = query.where('s.held_on', '>=', q.from);
  if (q.to) query = query.where('s.held_on', '<=', q.to);
  if (after !== null) query = query.where('s.id', '<', after);
  const rows = await query.orderBy('s.id', 'desc').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { items: page.map(listItemOf), nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

async function sessionDetail(db: Kysely<DB>, p: Principal, s: AccessSubject, id: string) {
  const row = await sessionsQuery(db).where('s.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such training session.');
  const attendees = await db.selectFrom('training_attendees as a').innerJoin('users as u', 'u.id', 'a.user_id').innerJoin('departments as d', 'd.id', 'u.department_id')
    .select(['a.user_id', 'u.display_name', 'u.department_id', 'd.name as department_name', 'a.score', 'a.comments']).where('a.session_id', '=', id).orderBy('u.display_name').execute();
  const materials = [];
  for (const documentId of row.material_document_ids) {
    // a material's title only for whoever may read the document (ARC-6 access through its own service)
    const title = await getDocument(db, p, documentId).then((d) => d.title, () => null);
    materials.push({ documentId, title });
  }
  return {
    ...listItemOf(row),
    caseStudies: row.case_studies,
    materials,
    passScore: row.pass_score,
    attendeeList: attendees.map((a) => {
      const shown = seesScore(s, a);
      return { userId: a.user_id, userName: a.display_name, departmentName: a.department_name, score: shown ? a.score : null, comments: shown ? a.comments : null, passed: shown && a.score !== null ? a.score >= row.pass_score : null };
    }),
  };
}

export async function getSession(db: Kysely<DB>, p: Principal, id: string) {
  return sessionDetail(db, p, await subjectOf(db, p), id);
}

export async function createSession(db: Kysely<DB>, p: Principal, input: z.infer<typeof createSessionBody>, actor: Actor, now = new Date()) {
  const s = await organiser(db, p);
  const trainer = trainerProblem(input);
  if (trainer) throw fieldError(trainer.field, trainer.message);
  const year = Number(input.heldOn.slice(0, 4));
  if (year < 2000 || year > 2098) throw fieldError('heldOn', 'must be a date from 2000 to 2098');
  const plan = await db.selectFrom('training_plans').select('id').where('id', '=', input.planId).executeTakeFirst();
  if (!plan) throw fieldError('planId', 'no such training plan');
  await checkSessionParts(db, p, input);
  const attendeeIds = [...new Set(input.attendeeIds)];
  const documentIds = [...new Set(input.materialDocumentIds ?? [])];
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('training_sessions').values({ plan_id: input.planId, held_on: input.heldOn, trainer_id: input.trainerId ?? null, trainer_name: input.trainerName ?? null, material_document_ids: documentIds, case_studies: input.caseStudies ?? null, created_by: p.userId, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('training_attendees').values(attendeeIds.map((u) => ({ session_id: row.id, user_id: u, score: null, comments: null }))).execute();
    await recordAudit(tx, actor, { action: 'training.session_saved', entityType: 'training_session', entityId: row.id, data: { planId: input.planId, heldOn: input.heldOn, attendees: attendeeIds.length, trainerId: input.trainerId ?? null, trainerName: input.trainerName ?? null } }, now);
    return row.id;
  });
  return sessionDetail(db, p, s, id);
}

/** Checks a session's trainer, attendees and materials as a create does; shared by create and update. */
async function checkSessionParts(db: Kysely<DB>, p: Principal, input: { trainerId?: string | undefined; attendeeIds?: string[] | undefined; materialDocumentIds?: string[] | undefined }) {
  if (input.trainerId !== undefined && !(await db.selectFrom('users').select('id').where('id', '=', input.trainerId).executeTakeFirst())) throw fieldError('trainerId', 'no such user');
  if (input.attendeeIds !== undefined) {
    const found = await db.selectFrom('users').select('id').where('id', 'in', [...new Set(input.attendeeIds)]).execute();
    const known = new Set(found.map((u) => u.id));
    const unknown = input.attendeeIds.findIndex((a) => !known.has(a));
    if (unknown >= 0) throw fieldError(`attendeeIds.${unknown}`, 'no such user');
  }
  for (const [i, d] of (input.materialDocumentIds ?? []).entries()) {
    const readable = await getDocument(db, p, d).then(() => true, () => false);
    if (!readable) throw fieldError(`materialDocumentIds.${i}`, 'no such document, or not one you may read');
  }
}

/** Corrects a recorded session (REL-12). Assessed attendees stay; the change is one transaction with its audit event. */
export async function updateSession(db: Kysely<DB>, p: Principal, id: string, input: z.infer<typeof updateSessionBody>, actor: Actor, now = new Date()) {
  const s = await organiser(db, p);
  if (input.trainerId !== undefined && input.trainerName !== undefined) throw fieldError('trainerName', 'give either trainerId or trainerName, not both');
  if (input.heldOn !== undefined) {
    const year = Number(input.heldOn.slice(0, 4));
    if (year < 2000 || year > 2098) throw fieldError('heldOn', 'must be a date from 2000 to 2098');
  }
  await checkSessionParts(db, p, input);
  await db.transaction().execute(async (tx) => {
    const session = await tx.selectFrom('training_sessions').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!session) throw notFound('training session');
    const set: { held_on?: string; trainer_id?: string | null; trainer_name?: string | null; material_document_ids?: string[]; case_studies?: string | null } = {};
    if (input.heldOn !== undefined) set.held_on = input.heldOn;
    if (input.trainerId !== undefined) Object.assign(set, { trainer_id: input.trainerId, trainer_name: null });
    if (input.trainerName !== undefined) Object.assign(set, { trainer_id: null, trainer_name: input.trainerName });
    if (input.materialDocumentIds !== undefined) set.material_document_ids = [...new Set(input.materialDocumentIds)];
    if (input.caseStudies !== undefined) set.case_studies = input.caseStudies;
    if (Object.keys(set).length > 0) await tx.updateTable('training_sessions').set(set).where('id', '=', id).execute();
    let added: string[] = [];
    let removed: string[] = [];
    if (input.attendeeIds !== undefined) {
      const wanted = new Set(input.attendeeIds);
      const current = await tx.selectFrom('training_attendees').select(['user_id', 'score']).where('session_id', '=', id).execute();
      const kept = new Set(current.map((a) => a.user_id));
      const assessedOff = current.filter((a) => !wanted.has(a.user_id) && a.score !== null);
      if (assessedOff.length > 0) throw new AppError('conflict', 'attendeeIds: an attendee already assessed cannot be taken off the session', { rule: 'REL-12', errors: [{ path: 'attendeeIds', message: 'leaves out an attendee already assessed' }] });
      removed = current.filter((a) => !wanted.has(a.user_id)).map((a) => a.user_id);
      added = [...wanted].filter((u) => !kept.has(u));
      if (removed.length > 0) await tx.deleteFrom('training_attendees').where('session_id', '=', id).where('user_id', 'in', removed).execute();
      if (added.length > 0) await tx.insertInto('training_attendees').values(added.map((u) => ({ session_id: id, user_id: u, score: null, comments: null }))).execute();
    }
    const fields = Object.keys(input);
    await recordAudit(tx, actor, { action: 'training.session_saved', entityType: 'training_session', entityId: id, data: { fields, attendeesAdded: added, attendeesRemoved: removed } }, now);
  });
  return sessionDetail(db, p, s, id);
}

export async function assessSession(db: Kysely<DB>, p: Principal, id: string, input: z.infer<typeof assessBody>, actor: Actor, now = new Date()) {
  const s = await organiser(db, p);
  const session = await db.selectFrom('training_sessions').select('id').where('id', '=', id).executeTakeFirst();
  if (!session) throw new AppError('not_found', 'No such training session.');
  const attendees = await db.selectFrom('training_attendees as a').innerJoin('users as u', 'u.id', 'a.user_id').select(['a.user_id', 'u.department_id']).where('a.session_id', '=', id).execute();
  const byId = new Map(attendees.map((a) => [a.user_id, a]));
  const seen = new Set<string>();
  for (const [i, item] of input.items.entries()) {
    const a = byId.get(item.userId);
    if (!a) throw fieldError(`items.${i}.userId`, 'did not attend this session');
    if (seen.has(item.userId)) throw fieldError(`items.${i}.userId`, 'assessed twice');
    seen.add(item.userId);
    if (item.userId === p.userId || !seesScore(s, a)) throw new AppError('forbidden', 'Assess the attendees of the departments you manage (the gm anyone); never yourself.', { rule: 'REL-12', extra: { userId: item.userId } });
  }
  await db.transaction().execute(async (tx) => {
    for (const item of input.items) {
      const before = await tx.selectFrom('training_attendees').select('score').where('session_id', '=', id).where('user_id', '=', item.userId).forUpdate().executeTakeFirstOrThrow();
      await tx.updateTable('training_attendees').set({ score: item.score, comments: item.comments ?? null, assessed_by: p.userId, assessed_at: now }).where('session_id', '=', id).where('user_id', '=', item.userId).execute();
      await recordAudit(tx, actor, { action: 'training.assessed', entityType: 'training_session', entityId: id, data: { userId: item.userId, before: before.score, after: item.score } }, now);
    }
  });
  return sessionDetail(db, p, s, id);
}

export async function trainingEffect(db: Kysely<DB>, p: Principal, id: string, q: { kind: 'month' | 'quarter' }) {
  const s = await subjectOf(db, p);
  const session = await db.selectFrom('training_sessions').select(['id', 'held_on']).where('id', '=', id).executeTakeFirst();
  if (!session) throw new AppError('not_found', 'No such training session.');
  const { before, after } = effectPeriods(String(session.held_on), q.kind);
  const attendees = await db.selectFrom('training_attendees as a').innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.user_id', 'u.display_name', 'u.department_id', 'a.score']).where('a.session_id', '=', id).orderBy('u.display_name').execute();
  const reachable = attendees.filter((a) => seesScore(s, a)).map((a) => a.user_id);
  const [b, a2] = await Promise.all([figuresOf(db, s, reachable, before), figuresOf(db, s, reachable, after)]);
  return {
    before: before.key,
    after: after.key,
    items: attendees.map((a) => {
      const fb = b.get(a.user_id);
      const fa = a2.get(a.user_id);
      return { userId: a.user_id, userName: a.display_name, score: fb ? a.score : null, before: fb ? metricsOf(fb) : null, after: fa ? metricsOf(fa) : null };
    }),
  };
}

/** Who in the caller's departments (everyone for the gm) has not completed a training their role requires. */
export async function trainingGaps(db: Kysely<DB>, p: Principal, q: { departmentId?: string | undefined; role?: RoleKey | undefined }) {
  const s = await subjectOf(db, p);
  const gm = s.roles.includes('gm');
  if (!gm && s.managedDepartmentIds.length === 0) throw new AppError('forbidden', 'Department managers see their departments’ missing trainings, the gm everyone’s.', { rule: 'REL-12' });
  const plans = (await db.selectFrom('training_plans').selectAll().where('required', '=', true).$if(q.role !== undefined, (b) => b.where('role', '=', q.role!)).execute());
  let users = db.selectFrom('users as u').innerJoin('departments as d', 'd.id', 'u.department_id').select(['u.id', 'u.display_name', 'u.roles', 'u.department_id', 'd.name as department_name']).where('u.disabled', '=', false);
  if (!gm) users = users.where('u.department_id', 'in', [...s.managedDepartmentIds]);
  if (q.departmentId) users = users.where('u.department_id', '=', q.departmentId);
  const people = plans.length === 0 ? [] : await users.where(sql<boolean>`u.roles && ${sql.val(plans.map((pl) => pl.role))}::text[]`).orderBy('d.name').orderBy('u.display_name').execute();
  const scores = new Map<string, (number | null)[]>();
  if (people.length > 0) {
    const rows = await db.selectFrom('training_attendees as a').innerJoin('training_sessions as t', 't.id', 'a.session_id').select(['a.user_id', 't.plan_id', 'a.score'])
      .where('a.user_id', 'in', people.map((u) => u.id)).where('t.plan_id', 'in', plans.map((pl) => pl.id)).execute();
    for (const r of rows) scores.set(`${r.user_id}:${r.plan_id}`, [...(scores.get(`${r.user_id}:${r.plan_id}`) ?? []), r.score]);
  }
  const planById = new Map(plans.map((pl) => [pl.id, pl]));
  const userById = new Map(people.map((u) => [u.id, u]));
  const missing = missingTrainings(people.map((u) => ({ id: u.id, roles: u.roles as RoleKey[] })), plans.map((pl) => ({ id: pl.id, role: pl.role as RoleKey, required: pl.required, passScore: pl.pass_score })), scores);
  return {
    items: missing.map((m) => {
      const u = userById.get(m.userId)!;
      const pl = planById.get(m.planId)!;
      return { userId: u.id, userName: u.display_name, departmentId: u.department_id, departmentName: u.department_name, role: m.role, planId: pl.id, planTitle: pl.title, topic: pl.topic as 'theory', bestScore: m.best };
    }),
  };
}

