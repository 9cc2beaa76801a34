/**
 * Care activities (客户关怀, REL-8): campaigns whose targets are selected by the customer list's
 * filters through the customers service (filteredCustomers, with the caller's visibility), reach
 * records with channel, response, gift and attendance, rates, and a reminder task per campaign.
 * Every list and count joins customers through visibleCustomers: nothing about a customer the
 * caller may not see is named or counted.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { CareCampaign, CareChannel, CareKind, CareResponse, CareTarget, createCareCampaignBody, HolidayKey, recordCareReachBody } from '../../../contract/care.js';
import { careChannels, careResponses } from '../../../contract/care.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, fieldError, notFound, staleVersion } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import type { AccessSubject } from '../access/customer-access.rules.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { decideCustomerAccess } from '../access/customer-access.rules.js';
import { factsOf, filteredCustomers, openCustomer } from '../customers/customers.service.js';
import { createWorkTask } from '../tasks/tasks.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { careRates, checkDates, MAX_TARGETS, mayRunCare, monthDaysAhead, upcomingHolidays } from './care.rules.js';

function assertCareUser(p: Principal) {
  if (!mayRunCare(p.roles)) throw new AppError('forbidden', 'Care campaigns are run by customer service, marketing and sales.', { rule: 'REL-8' });
}

export function listHolidays(q: { within: number }, now = new Date()) {
  return { items: upcomingHolidays(chinaDate(now), q.within) };
}

// ---- birthdays and anniversaries ----------------------------------------------------------------

/**
 * Contacts' birthdays (from the month-day index, never decrypting a birth date) and anniversaries
 * in the next `within` days, of customers the caller may see; a birthday only where the policy
 * opens the contact's personal group, an anniversary where it opens the contacts group.
 */
export async function listOccasions(db: Kysely<DB>, p: Principal, q: { within: number }, now = new Date()) {
  assertCareUser(p);
  const s = await subjectOf(db, p);
  const days = monthDaysAhead(chinaDate(now), q.within);
  const mds = [...days.keys()];
  const base = () =>
    db
      .selectFrom('contacts as k')
      .innerJoin('customers as c', 'c.id', 'k.customer_id')
      .leftJoin('users as o', 'o.id', 'c.owner_id')
      .where(visibleCustomers(s))
      .where('c.lifecycle', 'in', ['active', 'dormant'])
      .where('c.merged_into', 'is', null)
      .select(['k.id as contact_id', 'k.name as contact_name', 'c.id', 'c.name', 'c.archive_no', 'c.owner_id', 'c.department_id', 'c.secrecy_level', 'c.abc_class', 'o.display_name as owner_name'])
      .select(sql<string[]>`ARRAY(SELECT sh.user_id::text FROM customer_shares sh WHERE sh.customer_id = c.id)`.as('shared_with'));
  const birthdays = await base().select(['k.birth_md as md', sql<string | null>`null`.as('label')]).where('k.birth_md', 'in', mds).limit(2000).execute();
  const anniversaries = await base()
    .innerJoinLateral((eb) => eb.selectFrom(sql`jsonb_array_elements(k.anniversaries)`.as('a')).select([sql<string>`substr(a.value ->> 'date', 6, 5)`.as('md'), sql<string>`a.value ->> 'label'`.as('a_label')]).as('a'), (j) => j.onTrue())
    .select(['a.md', 'a.a_label as label'])
    .where('a.md', 'in', mds)
    .limit(2000)
    .execute();
  const items = [
    ...birthdays.map((r) => ({ ...r, kind: 'birthday' as const, group: 'personal' as const })),
    ...anniversaries.map((r) => ({ ...r, kind: 'anniversary' as const, group: 'contacts' as const })),
  ]
    .filter((r) => {
      const d = decideCustomerAccess(s, 'read', factsOf(r, []));
      return d.effect === 'allow' && d.groups.includes(r.group);
    })
    .map((r) => {
      const day = days.get(r.md!)!;
      return { kind: r.kind, label: r.label, contactId: r.contact_id, contactName: r.contact_name, customerId: r.id, customerName: r.name, archiveNo: r.archive_no, ownerName: r.owner_name, monthDay: r.md!, date: day.date, daysAway: day.daysAway };
    })
    .sort((a, b) => a.daysAway - b.daysAway || a.customerName.localeCompare(b.customerName, 'zh-CN'))
    .slice(0, 500);
  return { items };
}

// ---- campaigns -----------------------------------------------------------------------------------

function selectCampaigns(db: Kysely<DB>, s: AccessSubject) {
  const visible = (extra: string) =>
    sql<number>`(SELECT count(*)::int FROM care_targets g JOIN customers c ON c.id = g.customer_id WHERE g.campaign_id = k.id AND ${visibleCustomers(s)} ${sql.raw(extra)})`;
  return db
    .selectFrom('care_campaigns as k')
    .leftJoin('users as u', 'u.id', 'k.created_by')
    .selectAll('k')
    .select([
      'u.display_name as created_by_name',
      visible('').as('targets'),
      visible('AND g.reached_at IS NOT NULL').as('reached'),
      visible("AND g.response NOT IN ('pending', 'no_response')").as('responded'),
      visible('AND g.attended').as('attended'),
    ]);
}
type CampaignRow = Awaited<ReturnType<ReturnType<typeof selectCampaigns>['executeTakeFirstOrThrow']>>;
const toCampaign = (r: CampaignRow): CareCampaign => ({
  id: r.id,
  kind: r.kind as CareKind,
  name: r.name,
  holiday: r.holiday as HolidayKey | null,
  eventOn: r.event_on ? String(r.event_on) : null,
  remindOn: r.remind_on ? String(r.remind_on) : null,
  filters: (r.filters ?? {}) as Record<string, string>,
  targets: r.targets,
  reached: r.reached,
  responded: r.responded,
  attended: r.attended,
  createdByName: r.created_by_name,
  createdAt: r.created_at.toISOString(),
});

export async function listCampaigns(db: Kysely<DB>, p: Principal, q: { kind?: CareKind | undefined }) {
  assertCareUser(p);
  let query = selectCampaigns(db, await subjectOf(db, p));
  if (q.kind) query = query.where('k.kind', '=', q.kind);
  return { items: (await query.orderBy('k.id', 'desc').limit(200).execute()).map(toCampaign) };
}

export async function getCampaign(db: Kysely<DB>, p: Principal, id: string) {
  assertCareUser(p);
  const row = await selectCampaigns(db, await subjectOf(db, p)).where('k.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('campaign');
  return toCampaign(row);
}

export async function createCampaign(db: Kysely<DB>, p: Principal, input: z.infer<typeof createCareCampaignBody>, actor: Actor, now = new Date()) {
  assertCareUser(p);
  const dates = checkDates(input.eventOn, input.remindOn);
  if (!dates.ok) throw fieldError(dates.field, dates.message);
  if (input.kind === 'holiday' && !input.holiday) throw fieldError('holiday', 'is required for a holiday campaign');
  const subject = await subjectOf(db, p);
  const filters = Object.fromEntries(Object.entries(input.filters).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  // the customer list's own filter query, with the caller's visibility (the customers service decides both)
  const selected = await filteredCustomers(db, subject, input.filters, visibleCustomers(subject)).clearSelect().select('c.id').limit(MAX_TARGETS + 1).execute();
  if (selected.length > MAX_TARGETS) {
    throw new AppError('rule_violation', `filters: more than ${MAX_TARGETS} customers are selected; narrow the filters`, { rule: 'REL-8', errors: [{ path: 'filters', message: `selects more than ${MAX_TARGETS} customers` }] });
  }
  const id = await db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('care_campaigns')
      .values({ kind: input.kind, name: input.name.trim(), holiday: input.holiday ?? null, event_on: input.eventOn ?? null, remind_on: input.remindOn ?? null, filters: JSON.stringify(filters), created_at: now, created_by: p.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (selected.length > 0) await tx.insertInto('care_targets').values(selected.map((c) => ({ campaign_id: id, customer_id: c.id }))).execute();
    if (input.remindOn) {
      await createWorkTask(tx, actor, { kind: 'other', ownerId: p.userId, title: `客户关怀：${input.name.trim()}`, dueOn: input.remindOn, refType: 'care_campaign', refId: id, createdBy: p.userId }, now);
    }
    await recordAudit(tx, actor, { action: 'care.campaign_created', entityType: 'care_campaign', entityId: id, data: { kind: input.kind, targets: selected.length, filters } }, now);
    return id;
  });
  return getCampaign(db, p, id);
}

// ---- targets -------------------------------------------------------------------------------------

function selectTargets(db: Kysely<DB>, s: AccessSubject) {
  return db
    .selectFrom('care_targets as g')
    .innerJoin('care_campaigns as k', 'k.id', 'g.campaign_id')
    .innerJoin('customers as c', 'c.id', 'g.customer_id')
    .leftJoin('users as o', 'o.id', 'c.owner_id')
    .leftJoin('users as r', 'r.id', 'g.reached_by')
    .where(visibleCustomers(s))
    .selectAll('g')
    .select(['k.name as campaign_name', 'k.kind', 'c.name as customer_name', 'c.archive_no', 'o.display_name as owner_name', 'r.display_name as reached_by_name']);
}
type TargetRow = Awaited<ReturnType<ReturnType<typeof selectTargets>['executeTakeFirstOrThrow']>>;
const toTarget = (r: TargetRow): CareTarget => ({
  id: r.id,
  campaignId: r.campaign_id,
  campaignName: r.campaign_name,
  kind: r.kind as CareKind,
  customerId: r.customer_id,
  customerName: r.customer_name,
  archiveNo: r.archive_no,
  ownerName: r.owner_name,
  channel: r.channel as CareChannel | null,
  response: r.response as CareResponse,
  gift: r.gift,
  attended: r.attended,
  note: r.note,
  reachedAt: r.reached_at ? r.reached_at.toISOString() : null,
  reachedByName: r.reached_by_name,
  version: r.version,
});

export type TargetQuery = { state?: 'pending' | 'reached' | undefined; channel?: CareChannel | undefined; response?: CareResponse | undefined; limit: number; cursor?: string | undefined };

export async function listTargets(db: Kysely<DB>, p: Principal, campaignId: string, q: TargetQuery) {
  assertCareUser(p);
  await getCampaign(db, p, campaignId);
  let query = selectTargets(db, await subjectOf(db, p)).where('g.campaign_id', '=', campaignId);
  if (q.state === 'pending') query = query.where('g.reached_at', 'is', null);
  if (q.state === 'reached') query = query.where('g.reached_at', 'is not', null);
  if (q.channel) query = query.where('g.channel', '=', q.channel);
  if (q.response) query = query.where('g.response', '=', q.response);
  const after = decodeCursor(q.cursor, 1);
  if (after) query = query.where('g.id', '>', String(after[0]));
  const rows = await query.orderBy('g.id').limit(q.limit + 1).execute();
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items: items.map(toTarget), nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

export async function campaignStats(db: Kysely<DB>, p: Principal, campaignId: string) {
  const c = await getCampaign(db, p, campaignId);
  const s = await subjectOf(db, p);
  const base = db.selectFrom('care_targets as g').innerJoin('customers as c', 'c.id', 'g.customer_id').where('g.campaign_id', '=', campaignId).where(visibleCustomers(s));
  const channels = await base.select(['g.channel', sql<number>`count(*)::int`.as('n')]).where('g.channel', 'is not', null).groupBy('g.channel').execute();
  const responses = await base.select(['g.response', sql<number>`count(*)::int`.as('n')]).groupBy('g.response').execute();
  const byChannel = new Map(channels.map((r) => [r.channel, r.n]));
  const byResponse = new Map(responses.map((r) => [r.response, r.n]));
  return {
    targets: c.targets,
    reached: c.reached,
    responded: c.responded,
    attended: c.attended,
    ...careRates(c),
    byChannel: careChannels.map((channel) => ({ channel, count: byChannel.get(channel) ?? 0 })),
    byResponse: careResponses.map((response) => ({ response, count: byResponse.get(response) ?? 0 })),
  };
}

export async function recordReach(db: Kysely<DB>, p: Principal, id: string, input: z.infer<typeof recordCareReachBody>, actor: Actor, now = new Date()) {
  assertCareUser(p);
  const s = await subjectOf(db, p);
  const cur = await db.selectFrom('care_targets').select(['customer_id', 'campaign_id']).where('id', '=', id).executeTakeFirst();
  if (!cur) throw notFound('care target');
  try {
    await openCustomer(db, s, cur.customer_id, 'read');
  } catch (e) {
    if (e instanceof AppError && (e.code === 'not_found' || e.code === 'forbidden')) throw notFound('care target');
    throw e;
  }
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('care_targets')
      .set({ channel: input.channel, response: input.response, gift: input.gift ?? null, attended: input.attended ?? null, note: input.note ?? null, reached_at: now, reached_by: p.userId, version: sql`version + 1` })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returning('id')
      .executeTakeFirst();
    if (!r) throw staleVersion('care target', input.version);
    await recordAudit(tx, actor, { action: 'care.reach_recorded', entityType: 'care_target', entityId: id, data: { campaignId: cur.campaign_id, customerId: cur.customer_id, channel: input.channel, response: input.response, gift: input.gift ?? null } }, now);
  });
  return toTarget(await selectTargets(db, s).where('g.id', '=', id).executeTakeFirstOrThrow());
}

/** A customer's care records (gifts, greetings, invitations), opened through the archive (404 when not visible). */
export async function customerCare(db: Kysely<DB>, p: Principal, customerId: string) {
  const s = await subjectOf(db, p);
  await openCustomer(db, s, customerId, 'read');
  const rows = await selectTargets(db, s).where('g.customer_id', '=', customerId).orderBy('g.id', 'desc').limit(200).execute();
  return { items: rows.map(toTarget) };
}
