/**
 * The contact overview (REL-4, 客户联络一览表): every customer the caller may see (the customer
 * list's visibility) with last call and visit, next dues and their state, overdue first. Read
 * from contact_states (one narrow row per customer), never from the communication log.
 */
import { sql, type Kysely } from 'kysely';
import type { ContactOverviewItem, ContactState } from '../../../contract/relations.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { taggedVisibilityBranches, visibleCustomers, type VisibilityBranch } from '../access/customer-access.sql.js';
import type { AccessSubject } from '../access/customer-access.rules.js';
import type { Principal } from '../auth/principal.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { DUE_SOON_DAYS, addDays, dueWindowOf, statusOfDues } from './cadence.rules.js';

export type OverviewFilter = { state?: ContactState | undefined; ownerId?: string | undefined; departmentId?: string | undefined; abcClass?: 'A' | 'B' | 'C' | 'none' | undefined; region?: string | undefined };

/**
 * The overview's rows for the caller: visibility exactly as the customer list's (the access
 * policy's condition on `c`), or one branch of it. contact_states.owner_id (migration 0176, kept by
 * triggers on customers) only finds rows: wherever the owner is fixed (the owner branch, an owner
 * filter) it is added beside the policy's own `c.owner_id` condition, so the (owner, next due,
 * customer) index serves the page in order.
 */
function overviewRows(db: Kysely<DB>, subject: AccessSubject, f: OverviewFilter, today: string, branch?: VisibilityBranch) {
  let q = db
    .selectFrom('contact_states as s')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .leftJoin('users as u', 'u.id', 'c.owner_id')
    .select(['s.customer_id', 'c.archive_no', 'c.name', 'c.abc_class', 'c.owner_id', 'u.display_name as owner_name', 'c.region', 'c.address', 'c.tier', 'c.credit_grade', 's.last_call_at', 's.last_visit_at', 's.next_call_due', 's.next_visit_due', 's.next_due'])
    .where(branch ? branch.condition : visibleCustomers(subject))
    .where('c.merged_into', 'is', null)
    .where('c.lifecycle', 'in', ['active', 'dormant']);
  if (branch?.kind === 'owner') q = q.where('s.owner_id', '=', branch.ownerId);
  if (f.ownerId) q = q.where('c.owner_id', '=', f.ownerId).where('s.owner_id', '=', f.ownerId);
  if (f.departmentId) q = q.where('c.department_id', '=', f.departmentId);
  if (f.abcClass) q = f.abcClass === 'none' ? q.where('c.abc_class', 'is', null) : q.where('c.abc_class', '=', f.abcClass);
  if (f.region) q = q.where('c.region', 'like', `${f.region}%`);
  return q.where(stateCondition(f.state, today));
}

/** "either kind in that state", as a condition on `s` only: overdue is simply the earlier due date passed (reads the next_due index in order). */
function stateCondition(state: ContactState | undefined, today: string) {
  if (!state) return sql<boolean>`true`;
  const w = dueWindowOf(state, today);
  if (state === 'overdue') return sql<boolean>`s.next_due <= ${w.to!}::date`;
  if (state === 'due_soon') return sql<boolean>`((s.next_call_due BETWEEN ${w.from!}::date AND ${w.to!}::date OR s.next_visit_due BETWEEN ${w.from!}::date AND ${w.to!}::date) AND s.next_due <= ${w.to!}::date)`;
  return sql<boolean>`(s.next_call_due >= ${w.from!}::date OR s.next_visit_due >= ${w.from!}::date)`;
}
type Row = Awaited<ReturnType<ReturnType<typeof overviewRows>['executeTakeFirstOrThrow']>>;

const toItem = (r: Row, today: string): ContactOverviewItem => ({
  customerId: r.customer_id,
  archiveNo: r.archive_no,
  name: r.name,
  abcClass: (r.abc_class as ContactOverviewItem['abcClass']) ?? null,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  lastCallAt: r.last_call_at?.toISOString() ?? null,
  lastVisitAt: r.last_visit_at?.toISOString() ?? null,
  ...statusOfDues(String(r.next_call_due), String(r.next_visit_due), today),
});

const badCursor = () => new AppError('validation_failed', 'cursor: must be a value taken from nextCursor', { errors: [{ path: 'cursor', message: 'must be a value taken from nextCursor' }] });

/**
 * One keyset page of the overview in its order (the earlier due date, then the customer), at most
 * `limit` rows after `after`. A caller whose visibility has branches (a sales rep: owned, shared,
 * granted) gets each branch's page off its own index and their union in order — the overall page
 * lies in it — instead of every visible customer gathered and sorted.
 */
async function pageRows(db: Kysely<DB>, subject: AccessSubject, f: OverviewFilter, today: string, limit: number, after: readonly [string, string] | null, exportable = false): Promise<Row[]> {
  const branchQuery = (branch?: VisibilityBranch) => {
    let q = overviewRows(db, subject, f, today, branch);
    if (exportable) q = q.where('c.secrecy_level', 'in', ['none', 'secret']);
    if (after) q = q.where(sql<boolean>`(s.next_due, s.customer_id) > (${after[0]}::date, ${after[1]}::bigint)`);
    return q.orderBy('s.next_due').orderBy('s.customer_id').limit(limit);
  };
  const branches = taggedVisibilityBranches(subject);
  if (!branches) return branchQuery().execute();
  const owner = branches.find((b) => b.kind === 'owner');
  const others = branches.filter((b) => b.kind !== 'owner');
  const [first, ...rest] = others.map((b, i) => db.selectFrom(branchQuery(b).as(`b${i}`)).selectAll());
  // UNION, not UNION ALL: a customer admitted by two branches (shared and granted) is listed once
  let q = first;
  for (const b of rest) q = q!.union(b);
  const [mine, theirs] = await Promise.all([
    owner ? ownerBranchRows(db, subject, f, today, limit, after, exportable, owner) : Promise.resolve([]),
    q ? q.orderBy('next_due').orderBy('customer_id').limit(limit).execute() : Promise.resolve([] as Row[]),
  ]);
  const seen = new Set<string>();
  return [...mine, ...theirs]
    .filter((r) => !seen.has(r.customer_id) && (seen.add(r.customer_id), true))
    .sort((a, b) => (String(a.next_due) < String(b.next_due) ? -1 : String(a.next_due) > String(b.next_due) ? 1 : Number(BigInt(a.customer_id) - BigInt(b.customer_id))))
    .slice(0, limit);
}

/**
 * The owner branch's page: candidates in the overview's order straight off the (owner_id,
 * next_due, customer_id) index, then the policy's branch condition and the filters on those
 * candidates only (by id). Asked in one statement, the planner cannot know that nearly every
 * customer whose kept owner is X also has owner X, so it gathered and sorted all of the rep's
 * customers (5,000 at 1M). Candidates that fail a condition are skipped and more are read, twice
 * as many each round, so a page always fills when rows are left.
 */
async function ownerBranchRows(db: Kysely<DB>, subject: AccessSubject, f: OverviewFilter, today: string, limit: number, after: readonly [string, string] | null, exportable: boolean, branch: VisibilityBranch & { kind: 'owner' }): Promise<Row[]> {
  if (f.ownerId && f.ownerId !== branch.ownerId) return []; // the branch is the caller's own customers only
  const out: Row[] = [];
  let from = after;
  let take = limit;
  for (;;) {
    let cand = db.selectFrom('contact_states as s').select(['s.customer_id', 's.next_due']).where('s.owner_id', '=', branch.ownerId).where(stateCondition(f.state, today));
    if (from) cand = cand.where(sql<boolean>`(s.next_due, s.customer_id) > (${from[0]}::date, ${from[1]}::bigint)`);
    const ids = await cand.orderBy('s.next_due').orderBy('s.customer_id').limit(take).execute();
    if (ids.length === 0) return out;
    let q = overviewRows(db, subject, f, today, branch).where('s.customer_id', '=', sql<string>`ANY(${ids.map((r) => r.customer_id)}::bigint[])`);
    if (exportable) q = q.where('c.secrecy_level', 'in', ['none', 'secret']);
    out.push(...(await q.orderBy('s.next_due').orderBy('s.customer_id').execute()));
    if (out.length >= limit || ids.length < take) return out.slice(0, limit);
    const last = ids[ids.length - 1]!;
    from = [String(last.next_due), last.customer_id];
    take = Math.min(take * 2, 5000);
  }
}

/** Overdue first (most overdue on top), then due soon, then ok: the earlier of the two due dates ascending. */
export async function overviewPage(db: Kysely<DB>, p: Principal, q: OverviewFilter & { limit: number; cursor?: string | undefined }, now = new Date()) {
  const subject = await subjectOf(db, p);
  const today = chinaDate(now);
  const after = decodeCursor(q.cursor, 2);
  let from: [string, string] | null = null;
  if (after) {
    const [due, id] = after.map(String) as [string, string];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(due) || !/^\d{1,18}$/.test(id)) throw badCursor();
    from = [due, id];
  }
  const rows = await pageRows(db, subject, q, today, q.limit + 1, from);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { rows: page.map((r) => ({ row: r, item: toItem(r, today) })), nextCursor: rows.length > q.limit && last ? encodeCursor([String(last.next_due), last.customer_id]) : null };
}

export async function contactOverview(db: Kysely<DB>, p: Principal, q: OverviewFilter & { limit: number; cursor?: string | undefined }, now = new Date()) {
  const page = await overviewPage(db, p, q, now);
  return { items: page.rows.map((r) => r.item), nextCursor: page.nextCursor };
}

/** Every row of the filtered overview in pages of 2,000 (exports and prints), view-only archives left out when `exportable`. */
export async function* overviewBatches(db: Kysely<DB>, subject: AccessSubject, f: OverviewFilter, now: Date, opts: { exportable: boolean; max?: number }) {
  const today = chinaDate(now);
  let after: [string, string] | null = null;
  let n = 0;
  for (;;) {
    const rows = await pageRows(db, subject, f, today, 2000, after, opts.exportable);
    if (rows.length === 0) return;
    const items = rows.map((r) => ({ ...toItem(r, today), region: r.region, address: r.address, tier: r.tier, creditGrade: r.credit_grade }));
    yield opts.max !== undefined ? items.slice(0, Math.max(0, opts.max - n)) : items;
    n += rows.length;
    if (opts.max !== undefined && n >= opts.max) return;
    const l = rows[rows.length - 1]!;
    after = [String(l.next_due), l.customer_id];
  }
}
export type OverviewExportRow = ContactOverviewItem & { region: string | null; address: string | null; tier: string | null; creditGrade: string | null };

/**
 * The region view (seed 002: plan visits in one area together): visits due (overdue or due
 * soon) of the customers the caller may see, counted per province or city (GB/T 2260 prefix).
 */
export async function dueVisitsByRegion(db: Kysely<DB>, p: Principal, f: Omit<OverviewFilter, 'state'> & { level: 'province' | 'city' }, now = new Date()) {
  const subject = await subjectOf(db, p);
  const today = chinaDate(now);
  const soon = addDays(today, DUE_SOON_DAYS);
  const len = f.level === 'province' ? 2 : 4;
  const rows = await overviewRows(db, subject, { ...f, state: undefined }, today)
    .clearSelect()
    .where('s.next_visit_due', '<=', soon)
    .select([
      sql<string | null>`rpad(left(c.region, ${sql.lit(len)}), 6, '0')`.as('region'),
      sql<number>`count(*)::int`.as('due'),
      sql<number>`count(*) FILTER (WHERE s.next_visit_due < ${today}::date)::int`.as('overdue'),
    ])
    .groupBy(sql`rpad(left(c.region, ${sql.lit(len)}), 6, '0')`)
    .orderBy(sql`count(*)`, 'desc')
    .execute();
  return { items: rows.map((r) => ({ region: r.region, due: r.due, overdue: r.overdue, dueSoon: r.due - r.overdue })) };
}

/**
 * ANA-2 a rep's home page: the caller's own customers (visible ones) whose earlier contact due
 * (call or visit, REL-4) is today, past, or within the due-soon window. One aggregate over the
 * next_due index.
 */
export async function contactDueFigures(db: Kysely<DB>, p: Principal, now = new Date()): Promise<{ dueToday: number; overdue: number; dueSoon: number }> {
  const subject = await subjectOf(db, p);
  const today = chinaDate(now);
  const soon = addDays(today, DUE_SOON_DAYS);
  const r = await overviewRows(db, subject, { ownerId: p.userId }, today)
    .clearSelect()
    .where('s.next_due', '<=', soon)
    .select([
      sql<number>`count(*) FILTER (WHERE s.next_due = ${today}::date)::int`.as('due_today'),
      sql<number>`count(*) FILTER (WHERE s.next_due < ${today}::date)::int`.as('overdue'),
      sql<number>`count(*) FILTER (WHERE s.next_due > ${today}::date)::int`.as('due_soon'),
    ])
    .executeTakeFirstOrThrow();
  return { dueToday: r.due_today, overdue: r.overdue, dueSoon: r.due_soon };
}
