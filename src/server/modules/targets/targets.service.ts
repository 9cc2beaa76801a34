/**
 * Targets and accountability (REL-11): owners' targets per period, their progress (sales, satisfaction,
 * retention, calls, visits) and managers' comments kept with the figures of their moment.
 * Who reaches whom: everyone their own figures, department managers the owners of the departments
 * they manage (subtrees), the gm everyone. Figures count only customers the caller may see.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { createCommentBody, MetricFigure, ProgressItem, setTargetsBody, TargetBoard, TargetComment, TargetMetric } from '../../../contract/targets.js';
import type { DB } from '../../db/schema.js';
import { AppError, fieldError } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import type { AccessSubject } from '../access/customer-access.rules.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { activityByOwner, cadenceComplianceByOwner } from '../relations/cadence-compliance.service.js';
import { salesByOwner } from '../sales/sales-by-owner.service.js';
import { satisfactionByOwner } from '../surveys/surveys.service.js';
import { parsePeriod, previousPeriod, ratioOf, retentionOf, targetProblem, type Period } from './targets.rules.js';

export type Owner = { id: string; name: string; departmentId: string; departmentName: string };
/** The raw figures of one owner, from which both the owner's metrics and department totals are made. */
export type OwnerFigures = {
  targets: Partial<Record<'sales' | 'satisfaction' | 'retention', number>>;
  sales: number;
  satisfaction: { count: number; avgRating: number | null };
  activity: { activeBefore: number; retained: number };
  calls: { required: number; counted: number };
  visits: { required: number; counted: number };
};

export function periodOf(text: string, field = 'period'): Period {
  const p = parsePeriod(text);
  if (!p) throw fieldError(field, 'must be a month (2026-11), a quarter (2026-Q4) or a year (2026), 2000–2099');
  return p;
}

const isGm = (s: AccessSubject) => s.roles.includes('gm');
/** Whether the subject may read this owner's figures. */
export const reaches = (s: AccessSubject, o: { id: string; departmentId: string }) => o.id === s.userId || isGm(s) || s.managedDepartmentIds.includes(o.departmentId);
/** Whether the subject may set targets for and comment on this owner (never their own). */
export const manages = (s: AccessSubject, o: { id: string; departmentId: string }) => o.id !== s.userId && (isGm(s) || s.managedDepartmentIds.includes(o.departmentId));

function usersQuery(db: Kysely<DB>) {
  return db.selectFrom('users as u').innerJoin('departments as d', 'd.id', 'u.department_id').select(['u.id', 'u.display_name', 'u.department_id', 'd.name as department_name']);
}
const ownerOf = (r: { id: string; display_name: string; department_id: string; department_name: string }): Owner => ({ id: r.id, name: r.display_name, departmentId: r.department_id, departmentName: r.department_name });

export async function findUser(db: Kysely<DB>, id: string): Promise<Owner | null> {
  const r = await usersQuery(db).where('u.id', '=', id).executeTakeFirst();
  return r ? ownerOf(r) : null;
}

/**
 * The owners in the subject's reach for a period: enabled users who are sales reps or customer-service
 * staff, own a customer, or have a target in the period — the subject themself, the members of the
 * departments they manage, everyone for the gm.
 */
export async function ownersInReach(db: Kysely<DB>, s: AccessSubject, period: string, departmentIds?: readonly string[]): Promise<Owner[]> {
  let q = usersQuery(db)
    .where('u.disabled', '=', false)
    .where((eb) => eb.or([
      sql<boolean>`u.roles && ARRAY['sales', 'cs_staff']::text[]`,
      eb.exists(eb.selectFrom('customers as c').select(sql`1`.as('one')).whereRef('c.owner_id', '=', 'u.id')),
      eb.exists(eb.selectFrom('targets as t').select(sql`1`.as('one')).whereRef('t.owner_id', '=', 'u.id').where('t.period', '=', period)),
    ]));
  if (!isGm(s)) {
    const managed = s.managedDepartmentIds;
    q = q.where((eb) => (managed.length > 0 ? eb.or([eb('u.id', '=', s.userId), eb('u.department_id', 'in', [...managed])]) : eb('u.id', '=', s.userId)));
  }
  if (departmentIds) q = departmentIds.length === 0 ? q.where(sql<boolean>`false`) : q.where('u.department_id', 'in', [...departmentIds]);
  const rows = await q.orderBy('d.name').orderBy('u.display_name').orderBy('u.id').execute();
  return rows.map(ownerOf);
}

/** Every figure of these owners over the period, as the subject may see them. */
export async function figuresOf(db: Kysely<DB>, s: AccessSubject, ownerIds: readonly string[], p: Period): Promise<Map<string, OwnerFigures>> {
  const prev = previousPeriod(p);
  const [targets, sales, satisfaction, activity, cadence] = await Promise.all([
    ownerIds.length === 0 ? [] : db.selectFrom('targets').select(['owner_id', 'metric', 'value']).where('period', '=', p.key).where('owner_id', 'in', [...ownerIds]).execute(),
    salesByOwner(db, s, { ownerIds, from: p.from, to: p.to }),
    satisfactionByOwner(db, s, { from: p.start, to: p.end, ownerIds }),
    activityByOwner(db, s, { ownerIds, previous: prev, current: p }),
    cadenceComplianceByOwner(db, s, { ownerIds, period: p }),
  ]);
  const out = new Map<string, OwnerFigures>();
  for (const id of ownerIds) {
    const c = cadence.get(id);
    out.set(id, {
      targets: {},
      sales: sales.get(id) ?? 0,
      satisfaction: satisfaction.get(id) ?? { count: 0, avgRating: null },
      activity: activity.get(id) ?? { activeBefore: 0, retained: 0 },
      calls: { required: c?.callsRequired ?? 0, counted: c?.callsCounted ?? 0 },
      visits: { required: c?.visitsRequired ?? 0, counted: c?.visitsCounted ?? 0 },
    });
  }
  for (const t of targets) {
    const f = out.get(t.owner_id);
    if (f) f.targets[t.metric as 'sales'] = Number(t.value);
  }
  return out;
}

const fig = (metric: TargetMetric, target: number | null, actual: number | null): MetricFigure => ({ metric, target, actual, ratio: ratioOf(target, actual) });
const round2 = (n: number) => Math.round(n * 100) / 100;

/** One owner's five metrics, in the contract's order. */
export function metricsOf(f: OwnerFigures): MetricFigure[] {
  return [
    fig('sales', f.targets.sales ?? null, round2(f.sales)),
    fig('satisfaction', f.targets.satisfaction ?? null, f.satisfaction.avgRating),
    fig('retention', f.targets.retention ?? null, retentionOf(f.activity.activeBefore, f.activity.retained)),
    fig('calls', f.calls.required, f.calls.counted),
    fig('visits', f.visits.required, f.visits.counted),
  ];
}

/**
 * A department's totals: sales, calls and visits summed; satisfaction the mean of all rated responses;
 * retention pooled over the owners' customers; the targets of satisfaction and retention the mean of
 * the owners' set targets (null when none is set), of sales their sum (null when none is set).
 */
export function departmentMetrics(all: readonly OwnerFigures[]): MetricFigure[] {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const setTargets = (m: 'sales' | 'satisfaction' | 'retention') => all.map((f) => f.targets[m]).filter((v): v is number => v !== undefined);
  const mean = (xs: number[]) => (xs.length === 0 ? null : Math.round((sum(xs) / xs.length) * 10_000) / 10_000);
  const rated = all.filter((f) => f.satisfaction.avgRating !== null && f.satisfaction.count > 0);
  const ratedCount = sum(rated.map((f) => f.satisfaction.count));
  const satisfaction = ratedCount === 0 ? null : Math.round((sum(rated.map((f) => f.satisfaction.avgRating! * f.satisfaction.count)) / ratedCount) * 100) / 100;
  const salesTargets = setTargets('sales');
  return [
    fig('sales', salesTargets.length === 0 ? null : round2(sum(salesTargets)), round2(sum(all.map((f) => f.sales)))),
    fig('satisfaction', mean(setTargets('satisfaction')), satisfaction),
    fig('retention', mean(setTargets('retention')), retentionOf(sum(all.map((f) => f.activity.activeBefore)), sum(all.map((f) => f.activity.retained)))),
    fig('calls', sum(all.map((f) => f.calls.required)), sum(all.map((f) => f.calls.counted))),
    fig('visits', sum(all.map((f) => f.visits.required)), sum(all.map((f) => f.visits.counted))),
  ];
}

/** The owners a progress request covers: one named owner (403 outside the caller's reach) or all in reach. */
async function ownersOfRequest(db: Kysely<DB>, s: AccessSubject, period: Period, ownerId: string | undefined): Promise<Owner[]> {
  if (ownerId === undefined) return ownersInReach(db, s, period.key);
  const owner = await findUser(db, ownerId);
  if (!owner || !reaches(s, owner)) throw new AppError('forbidden', 'You may read your own figures and those of the owners in the departments you manage.', { rule: 'REL-11' });
  return [owner];
}

/** GET /targets/progress: five items per owner. */
export async function targetProgress(db: Kysely<DB>, p: Principal, q: { period: string; ownerId?: string | undefined }): Promise<{ items: ProgressItem[] }> {
  const period = periodOf(q.period);
  const s = await subjectOf(db, p);
  const owners = await ownersOfRequest(db, s, period, q.ownerId);
  const figures = await figuresOf(db, s, owners.map((o) => o.id), period);
  return { items: owners.flatMap((o) => metricsOf(figures.get(o.id)!).map((m) => ({ ownerId: o.id, ownerName: o.name, ...m }))) };
}

/** The dashboard: every owner in reach (optionally of one department's subtree) and their departments' totals. */
export async function targetBoard(db: Kysely<DB>, p: Principal, q: { period: string; departmentId?: string | undefined }): Promise<TargetBoard> {
  const period = periodOf(q.period);
  const s = await subjectOf(db, p);
  let departmentIds: string[] | undefined;
  if (q.departmentId !== undefined) {
    const all = await db.selectFrom('departments').select(['id', 'parent_id']).execute();
    const childrenOf = new Map<string, string[]>();
    for (const d of all) if (d.parent_id) childrenOf.set(d.parent_id, [...(childrenOf.get(d.parent_id) ?? []), d.id]);
    departmentIds = [];
    const todo = all.some((d) => d.id === q.departmentId) ? [q.departmentId] : [];
    while (todo.length > 0) {
      const id = todo.pop()!;
      departmentIds.push(id);
      todo.push(...(childrenOf.get(id) ?? []));
    }
  }
  const owners = await ownersInReach(db, s, period.key, departmentIds);
  const figures = await figuresOf(db, s, owners.map((o) => o.id), period);
  const byDepartment = new Map<string, { name: string; figures: OwnerFigures[] }>();
  for (const o of owners) {
    const d = byDepartment.get(o.departmentId) ?? { name: o.departmentName, figures: [] };
    d.figures.push(figures.get(o.id)!);
    byDepartment.set(o.departmentId, d);
  }
  return {
    period: period.key,
    from: period.from,
    to: period.to,
    owners: owners.map((o) => ({ ownerId: o.id, ownerName: o.name, departmentId: o.departmentId, departmentName: o.departmentName, metrics: metricsOf(figures.get(o.id)!) })),
    departments: [...byDepartment].map(([id, d]) => ({ departmentId: id, departmentName: d.name, owners: d.figures.length, metrics: departmentMetrics(d.figures) })),
  };
}

/** PUT /targets: all items or none; each change audited with the value before. */
export async function setTargets(db: Kysely<DB>, p: Principal, input: z.infer<typeof setTargetsBody>, actor: Actor, now = new Date()) {
  const period = periodOf(input.period);
  const s = await subjectOf(db, p);
  const seen = new Set<string>();
  const owners = new Map<string, Owner>();
  for (const [i, item] of input.items.entries()) {
    const key = `${item.ownerId}:${item.metric}`;
    if (seen.has(key)) throw fieldError(`items.${i}`, 'names this owner and metric twice');
    seen.add(key);
    const problem = item.target === null ? null : targetProblem(item.metric, item.target);
    if (problem) throw fieldError(`items.${i}.target`, problem);
    const owner = owners.get(item.ownerId) ?? (await findUser(db, item.ownerId));
    if (!owner) throw fieldError(`items.${i}.ownerId`, 'no such user');
    if (!manages(s, owner)) throw new AppError('forbidden', 'Department managers set targets for the owners of their departments, the gm for anyone; nobody sets their own.', { rule: 'REL-11', extra: { ownerId: owner.id } });
    owners.set(owner.id, owner);
  }
  await db.transaction().execute(async (tx) => {
    for (const item of input.items) {
      const before = await tx.selectFrom('targets').select('value').where('owner_id', '=', item.ownerId).where('period', '=', period.key).where('metric', '=', item.metric).forUpdate().executeTakeFirst();
      const beforeValue = before ? Number(before.value) : null;
      const value = item.target === null ? null : item.metric === 'sales' ? round2(item.target) : Math.round(item.target * 10_000) / 10_000;
      if (beforeValue === value) continue;
      if (value === null) {
        await tx.deleteFrom('targets').where('owner_id', '=', item.ownerId).where('period', '=', period.key).where('metric', '=', item.metric).execute();
      } else {
        await tx.insertInto('targets').values({ owner_id: item.ownerId, period: period.key, metric: item.metric, value, set_by: p.userId, set_at: now })
          .onConflict((oc) => oc.columns(['owner_id', 'period', 'metric']).doUpdateSet({ value, set_by: p.userId, set_at: now })).execute();
      }
      await recordAudit(tx, actor, { action: 'target.set', entityType: 'user', entityId: item.ownerId, data: { period: period.key, metric: item.metric, before: beforeValue, after: value } }, now);
    }
  });
  const rows = await db.selectFrom('targets').select(['owner_id', 'metric', 'value']).where('period', '=', period.key).where('owner_id', 'in', [...owners.keys()]).execute();
  const stored = new Map(rows.map((r) => [`${r.owner_id}:${r.metric}`, Number(r.value)]));
  return { period: period.key, items: input.items.map((i) => ({ ownerId: i.ownerId, metric: i.metric, target: stored.get(`${i.ownerId}:${i.metric}`) ?? null })) };
}

type CommentRow = { id: string; period: string; owner_id: string; owner_name: string; author_id: string; author_name: string; text: string; snapshot: unknown; created_at: Date };
const commentOf = (r: CommentRow, showSnapshot: boolean): TargetComment => ({
  id: r.id, period: r.period, ownerId: r.owner_id, ownerName: r.owner_name, authorId: r.author_id, authorName: r.author_name, text: r.text, at: r.created_at.toISOString(),
  snapshot: showSnapshot ? (r.snapshot as MetricFigure[]) : null,
});
/**
 * A snapshot was computed with its author's view. The owner sees every figure of their own customers
 * that anyone's view of them holds (top-secret ones are left out for all), the gm sees everything;
 * any other reader (another manager) gets the comment without the snapshot.
 */
const showsSnapshot = (s: AccessSubject, r: { owner_id: string; author_id: string }) => isGm(s) || r.author_id === s.userId || r.owner_id === s.userId;

function commentsQuery(db: Kysely<DB>) {
  return db.selectFrom('target_comments as k')
    .innerJoin('users as o', 'o.id', 'k.owner_id')
    .innerJoin('users as a', 'a.id', 'k.author_id')
    .select(['k.id', 'k.period', 'k.owner_id', 'o.display_name as owner_name', 'o.department_id as owner_department_id', 'k.author_id', 'a.display_name as author_name', 'k.text', 'k.snapshot', 'k.created_at']);
}

/** POST /targets/comments: a manager's feedback on an owner's period, with the figures the manager sees now. */
export async function commentOnPeriod(db: Kysely<DB>, p: Principal, input: z.infer<typeof createCommentBody>, actor: Actor, now = new Date()): Promise<TargetComment> {
  const period = periodOf(input.period);
  const s = await subjectOf(db, p);
  const owner = await findUser(db, input.ownerId);
  if (!owner) throw fieldError('ownerId', 'no such user');
  if (!manages(s, owner)) throw new AppError('forbidden', 'Managers of the owner’s department and the gm comment on an owner’s period.', { rule: 'REL-11' });
  const figures = await figuresOf(db, s, [owner.id], period);
  const snapshot = metricsOf(figures.get(owner.id)!);
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('target_comments').values({ owner_id: owner.id, period: period.key, author_id: p.userId, text: input.text, snapshot: JSON.stringify(snapshot), created_at: now }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'target.commented', entityType: 'target_comment', entityId: row.id, data: { ownerId: owner.id, period: period.key } }, now);
    return row.id;
  });
  const row = await commentsQuery(db).where('k.id', '=', id).executeTakeFirstOrThrow();
  return commentOf(row, true);
}

/** GET /targets/comments: comments on the owners in the caller's reach, newest first (at most 200). */
export async function listComments(db: Kysely<DB>, p: Principal, q: { period?: string | undefined; ownerId?: string | undefined }): Promise<{ items: TargetComment[] }> {
  const period = q.period === undefined ? null : periodOf(q.period);
  const s = await subjectOf(db, p);
  let query = commentsQuery(db);
  if (period) query = query.where('k.period', '=', period.key);
  if (q.ownerId !== undefined) query = query.where('k.owner_id', '=', q.ownerId);
  if (!isGm(s)) {
    const managed = s.managedDepartmentIds;
    query = query.where((eb) => (managed.length > 0 ? eb.or([eb('k.owner_id', '=', s.userId), eb('o.department_id', 'in', [...managed])]) : eb('k.owner_id', '=', s.userId)));
  }
  const rows = await query.orderBy('k.id', 'desc').limit(200).execute();
  return { items: rows.map((r) => commentOf(r, showsSnapshot(s, r))) };
}
