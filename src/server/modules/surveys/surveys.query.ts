/**
 * Reading surveys (REL-9): the list, its export, one survey, and the results (aggregate SQL).
 * Every query is bounded by the access policy's `visibleCustomers` and then by the reader's
 * results scope (surveys.rules.ts resultsScope): nothing about a customer the reader may not see
 * appears, not even in counts.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import pg from 'pg';
import type { z } from 'zod';
import type { surveyListQuery, surveyResultsQuery, SurveyQuestion } from '../../../contract/surveys.js';
import type { DB } from '../../db/schema.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { decodeIdCursor, encodeCursor } from '../../http/cursor.js';
import { fieldError, notFound } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import type { AccessSubject } from '../access/customer-access.rules.js';
import { exportableCustomers, visibleCustomers, visibleCustomersByRow, visibleHidden, visibleSeesAll, visibleSeesAllBelowTopSecret } from '../access/customer-access.sql.js';
import { cachedOrComputed } from '../analytics/analytics-cache.js';
import { recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { effectiveState, ratingDistribution, resultsScope, surveyStaffRoles } from './surveys.rules.js';
import { chinaDayEnd as nextChinaDay, chinaDayStart as chinaStart } from '../../shared/working-days.rules.js';

type Filters = Omit<z.infer<typeof surveyListQuery>, 'limit' | 'cursor'>;

const num = (v: string | number | null) => (v === null ? null : Number(v));

/** The reader's results scope as a condition on customers `c` (for lists also: surveys `s` they sent or recorded, and everything visible for survey staff). */
function scopeOf(s: AccessSubject, withSent: boolean): Expression<SqlBool> {
  // the list is customer service's worklist (periodic surveys to call): they see every visible one
  if (withSent && s.roles.some((r) => surveyStaffRoles.includes(r))) return sql<SqlBool>`true`;
  const scope = resultsScope(s);
  if (scope === 'all') return sql<SqlBool>`true`;
  const parts = [sql`c.owner_id = ${s.userId}::bigint`];
  if (scope === 'departments') parts.push(sql`c.department_id = ANY(${s.managedDepartmentIds.map(Number)}::bigint[])`);
  if (withSent) parts.push(sql`s.sent_by = ${s.userId}::bigint`, sql`r.recorded_by = ${s.userId}::bigint`);
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

function selectSurveys(db: Kysely<DB>) {
  return db
    .selectFrom('surveys as s')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .innerJoin('survey_templates as t', 't.id', 's.template_id')
    .innerJoin('survey_template_versions as v', 'v.id', 's.template_version_id')
    .leftJoin('survey_responses as r', 'r.survey_id', 's.id')
    .leftJoin('users as o', 'o.id', 's.owner_id')
    .leftJoin('users as sb', 'sb.id', 's.sent_by')
    .leftJoin('users as rb', 'rb.id', 'r.recorded_by')
    .select([
      's.id', 's.customer_id', 'c.name as customer_name', 'c.archive_no', 'c.abc_class', 's.template_id', 't.name as template_name', 'v.number as template_version', 's.channel', 's.state', 's.period',
      's.owner_id', 'o.display_name as owner_name', 's.sent_at', 'sb.display_name as sent_by_name', 's.link_expires_at', 'r.responded_at', 'r.avg_rating', 'v.questions', 'r.answers', 'rb.display_name as recorded_by_name',
    ]);
}
type SurveyRow = Awaited<ReturnType<ReturnType<typeof selectSurveys>['executeTakeFirstOrThrow']>>;

const toItem = (r: SurveyRow, now: Date) => ({
  id: r.id, customerId: r.customer_id, customerName: r.customer_name, archiveNo: r.archive_no, abcClass: (r.abc_class ?? null) as 'A' | 'B' | 'C' | null,
  templateId: r.template_id, templateName: r.template_name, templateVersion: r.template_version, channel: r.channel as 'link' | 'phone',
  state: effectiveState({ state: r.state, linkExpiresAt: r.link_expires_at }, now), period: r.period, ownerId: r.owner_id, ownerName: r.owner_name,
  sentAt: r.sent_at.toISOString(), sentByName: r.sent_by_name, linkExpiresAt: r.link_expires_at?.toISOString() ?? null,
  respondedAt: r.responded_at?.toISOString() ?? null, avgRating: num(r.avg_rating),
});

function filtered(db: Kysely<DB>, subject: AccessSubject, q: Filters, now: Date, exportable = false) {
  if (q.from && q.to && q.from > q.to) throw fieldError('to', 'must not be before from');
  let b = selectSurveys(db).where(exportable ? exportableCustomers(subject) : visibleCustomers(subject)).where(scopeOf(subject, true));
  if (q.state === 'expired') b = b.where(sql<SqlBool>`(s.state = 'expired' OR (s.state = 'sent' AND s.link_expires_at <= ${now}))`);
  else if (q.state === 'sent') b = b.where(sql<SqlBool>`(s.state = 'sent' AND (s.link_expires_at IS NULL OR s.link_expires_at > ${now}))`);
  else if (q.state) b = b.where('s.state', '=', q.state);
  if (q.channel) b = b.where('s.channel', '=', q.channel);
  if (q.customerId) b = b.where('s.customer_id', '=', q.customerId);
  if (q.ownerId) b = b.where('s.owner_id', '=', q.ownerId);
  if (q.abcClass) b = b.where('c.abc_class', '=', q.abcClass);
  if (q.periodic === 'true') b = b.where('s.period', 'is not', null);
  if (q.periodic === 'false') b = b.where('s.period', 'is', null);
  if (q.low === 'true') b = b.where('r.avg_rating', '<=', '2');
  if (q.low === 'false') b = b.where(sql<SqlBool>`(r.avg_rating IS NULL OR r.avg_rating > 2)`);
  if (q.from) b = b.where('s.sent_at', '>=', chinaStart(q.from));
  if (q.to) b = b.where('s.sent_at', '<', nextChinaDay(q.to));
  return b;
}

export async function listSurveys(db: Kysely<DB>, p: Principal, q: Filters & { limit: number; cursor?: string | undefined }, now = new Date()) {
  const subject = await subjectOf(db, p);
  let b = filtered(db, subject, q, now);
  const after = decodeIdCursor(q.cursor);
  if (after) b = b.where('s.id', '<', after);
  const rows = await b.orderBy('s.id', 'desc').limit(q.limit + 1).execute();
  const pageRows = rows.slice(0, q.limit);
  return { items: pageRows.map((r) => toItem(r, now)), nextCursor: rows.length > q.limit ? encodeCursor([pageRows[pageRows.length - 1]!.id]) : null };
}

export async function getSurvey(db: Kysely<DB>, p: Principal, id: string, now = new Date()) {
  const subject = await subjectOf(db, p);
  const r = await selectSurveys(db).where('s.id', '=', id).where(visibleCustomers(subject)).where(scopeOf(subject, true)).executeTakeFirst();
  if (!r) throw notFound('survey');
  return { ...toItem(r, now), questions: r.questions as SurveyQuestion[], answers: (r.answers ?? null) as { questionId: string; rating?: number; choice?: string; text?: string }[] | null, recordedByName: r.recorded_by_name };
}

const stateZh: Record<string, string> = { sent: '已发送', answered: '已回复', expired: '已过期', cancelled: '已取消' };
const channelZh: Record<string, string> = { link: '链接', phone: '电话' };
const chinaTime = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

export async function exportSurveys(db: Kysely<DB>, p: Principal, q: Filters & { format: 'csv' | 'xlsx' }, actor: Actor, now = new Date()) {
  const subject = await subjectOf(db, p);
  await recordReadAudit(db, actor, { action: 'survey.exported', entityType: 'survey', data: { format: q.format, state: q.state ?? null, from: q.from ?? null, to: q.to ?? null } }, now);
  type Item = ReturnType<typeof toItem>;
  const cols: Column<Item>[] = [
    { header: '客户名称', value: (r) => r.customerName }, { header: '档案编号', value: (r) => r.archiveNo }, { header: 'ABC 类', value: (r) => r.abcClass },
    { header: '问卷', value: (r) => `${r.templateName} v${r.templateVersion}` }, { header: '方式', value: (r) => channelZh[r.channel] ?? r.channel }, { header: '状态', value: (r) => stateZh[r.state] ?? r.state },
    { header: '周期', value: (r) => r.period }, { header: '负责人', value: (r) => r.ownerName }, { header: '发送时间', value: (r) => chinaTime(r.sentAt) }, { header: '发送人', value: (r) => r.sentByName ?? '定期调查' },
    { header: '回复时间', value: (r) => chinaTime(r.respondedAt) }, { header: '平均分', value: (r) => r.avgRating },
  ];
  async function* batches(): AsyncIterable<Item[]> {
    let before: string | null = null;
    for (;;) {
      const rows = await filtered(db, subject, q, now, true).$if(before !== null, (b) => b.where('s.id', '<', before!)).orderBy('s.id', 'desc').limit(1000).execute();
      if (rows.length === 0) return;
      yield rows.map((r) => toItem(r, now));
      before = rows[rows.length - 1]!.id;
    }
  }
  const { stream } = streamTable(q.format, '满意度调查', cols, batches());
  return { file: stream, filename: `surveys.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

export type ResponseFilters = { start: Date; end: Date; ownerId?: string | undefined; abcClass?: string | undefined; templateId?: string | undefined };

/**
 * The responses of REL-9's results as the definition states them: answered in [start, end), of a
 * customer the reader may see (visibleCustomersByRow) and in their results scope (scopeOf), with the
 * filters asked for. Each response's customer is opened by its key; kept as the reference that
 * responsesSeen is tested equal to, and used as it is for the readers who see all results.
 */
export function responsesSeenByDefinition(subject: AccessSubject, f: ResponseFilters) {
  const conditions = [
    visibleCustomersByRow(subject), scopeOf(subject, false),
    sql<SqlBool>`r.responded_at >= ${f.start}`, sql<SqlBool>`r.responded_at < ${f.end}`,
    ...(f.ownerId ? [sql<SqlBool>`r.owner_id = ${f.ownerId}::bigint`] : []),
    ...(f.abcClass ? [sql<SqlBool>`c.abc_class = ${f.abcClass}`] : []),
    ...(f.templateId ? [sql<SqlBool>`s.template_id = ${f.templateId}::bigint`] : []),
  ];
  return sql`SELECT r.id, r.owner_id, r.customer_id, r.avg_rating, r.answers, r.responded_at, s.template_version_id
      FROM survey_responses r JOIN surveys s ON s.id = r.survey_id JOIN customers c ON c.id = r.customer_id
     WHERE ${sql.join(conditions, sql` AND `)}`;
}

/**
 * The same responses (tested equal to responsesSeenByDefinition), read the way their number is
 * smallest at 1M customers (REL-9, issue 16). A reader whose results scope is their own customers
 * and those of the departments they manage reads them in two disjoint branches — the departments'
 * customers, then their own outside those departments. The departments' responses of the range come
 * from the responses' department index (survey_responses.department_id, migration 0205: the
 * customer's current department, kept by triggers), each response's customer read by key and checked
 * against the access policy and the department where it is read (visibleCustomersByRow); the owner's
 * few customers come from the owner index and probe their responses by customer. The definition
 * instead reads the whole customer index to find the customers of the range's responses (OR of the
 * scope's branches). Readers who see all results (every archive but the top-secret ones) read the
 * range's responses less those of the customers they may not see (access visibleHidden).
 */
export function responsesSeen(subject: AccessSubject, f: ResponseFilters) {
  const scope = resultsScope(subject);
  if (scope === 'all') {
    // every result reader sees every archive but the top-secret ones (the gm all of them): the range's
    // responses less those of the few customers they may not see, without opening each one's customer
    const hidden = visibleHidden(subject);
    if (!hidden) return responsesSeenByDefinition(subject, f);
    const conditions = [
      sql<SqlBool>`r.responded_at >= ${f.start}`, sql<SqlBool>`r.responded_at < ${f.end}`,
      sql<SqlBool>`r.customer_id NOT IN (SELECT c.id FROM customers c WHERE ${hidden})`,
      ...(f.ownerId ? [sql<SqlBool>`r.owner_id = ${f.ownerId}::bigint`] : []),
      ...(f.abcClass ? [sql<SqlBool>`r.customer_id IN (SELECT c.id FROM customers c WHERE c.abc_class = ${f.abcClass})`] : []),
      ...(f.templateId ? [sql<SqlBool>`s.template_id = ${f.templateId}::bigint`] : []),
    ];
    return sql`SELECT r.id, r.owner_id, r.customer_id, r.avg_rating, r.answers, r.responded_at, s.template_version_id
      FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
     WHERE ${sql.join(conditions, sql` AND `)}`;
  }
  const managed = subject.managedDepartmentIds.map(Number);
  const branches = scope === 'departments'
    ? [sql<SqlBool>`r.department_id = ANY(${managed}::bigint[]) AND c.department_id = ANY(${managed}::bigint[])`, sql<SqlBool>`(c.owner_id = ${subject.userId}::bigint AND (c.department_id = ANY(${managed}::bigint[])) IS NOT TRUE)`]
    : [sql<SqlBool>`c.owner_id = ${subject.userId}::bigint`];
  const conditions = [
    visibleCustomersByRow(subject),
    sql<SqlBool>`r.responded_at >= ${f.start}`, sql<SqlBool>`r.responded_at < ${f.end}`,
    ...(f.ownerId ? [sql<SqlBool>`r.owner_id = ${f.ownerId}::bigint`] : []),
    ...(f.abcClass ? [sql<SqlBool>`c.abc_class = ${f.abcClass}`] : []),
    ...(f.templateId ? [sql<SqlBool>`s.template_id = ${f.templateId}::bigint`] : []),
  ];
  return sql.join(branches.map((branch) => sql`SELECT r.id, r.owner_id, r.customer_id, r.avg_rating, r.answers, r.responded_at, s.template_version_id
      FROM survey_responses r JOIN surveys s ON s.id = r.survey_id JOIN customers c ON c.id = r.customer_id
     WHERE ${sql.join([branch, ...conditions], sql` AND `)}`), sql` UNION ALL `);
}

/** The results of REL-9 over the responses the reader may see, answered in [from, to] (China dates). */
export async function surveyResults(db: Kysely<DB>, p: Principal, q: z.infer<typeof surveyResultsQuery>, now = new Date()) {
  const to = q.to ?? chinaDate(now);
  const from = q.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4, 8)}01`;
  if (from > to) throw fieldError('to', 'must not be before from');
  const subject = await subjectOf(db, p);
  const working = (tx: Kysely<DB>) => resultsOver(tx, responsesSeen(subject, { start: chinaStart(from), end: nextChinaDay(to), ownerId: q.ownerId, abcClass: q.abcClass, templateId: q.templateId }));
  // the result readers with no filter (the home page's 30 days): every response (the gm) or every one
  // but the top-secret archives' (visibleSeesAll, visibleSeesAllBelowTopSecret: property-tested in the access module) — the same answer for each of them, served from the
  // analytics cache while no survey write and no top-secret crossing has committed since (migration 0214)
  const audience = visibleSeesAll(subject) ? 'all' : visibleSeesAllBelowTopSecret(subject) ? 'below_top_secret' : null;
  if (resultsScope(subject) === 'all' && audience && !q.ownerId && !q.abcClass && !q.templateId) {
    return cachedOrComputed(db, { audience, dimension: 'survey-results', from, to }, ['surveys', 'listing'], working);
  }
  return working(db);
}

/**
 * The results aggregated over a working set of responses (responsesSeen): one statement (REL-9,
 * issue 16), the responses read once into a narrow working set and the six results made from it.
 * Months are grouped by their first instant and named after grouping; answers are counted per
 * distinct answer list first (many responses give the same ratings) and each distinct list expanded
 * once, its elements counted as many times as it occurs.
 */
export async function resultsOver(db: Kysely<DB>, working: ReturnType<typeof responsesSeen>) {
  type Results = {
    total: { n: number; avg: number | null };
    owners: { owner_id: string | null; display_name: string | null; n: number; avg: number | null }[];
    months: { month: string; n: number; avg: number | null }[];
    customers: { id: string; name: string; n: number; avg: number | null; last: string }[];
    answers: { qid: string; rating: number | null; choice: string | null; n: number }[];
    versions: { questions: unknown }[];
  };
  const result = await sql<{ r: Results }>`
    WITH f AS MATERIALIZED (${working}),
    worst AS (
      SELECT customer_id, count(*) AS n, round(avg(avg_rating), 2) AS avg, avg(avg_rating) AS mean, max(responded_at) AS last
        FROM f GROUP BY customer_id ORDER BY mean ASC NULLS LAST, customer_id LIMIT 50)
    SELECT json_build_object(
      'total', (SELECT json_build_object('n', count(*), 'avg', round(avg(avg_rating), 2)) FROM f),
      'owners', (SELECT coalesce(json_agg(json_build_object('owner_id', x.owner_id::text, 'display_name', u.display_name, 'n', x.n, 'avg', x.avg) ORDER BY x.mean ASC, x.owner_id), '[]')
                   FROM (SELECT owner_id, count(*) AS n, round(avg(avg_rating), 2) AS avg, avg(avg_rating) AS mean FROM f GROUP BY owner_id) x LEFT JOIN users u ON u.id = x.owner_id),
      'months', (SELECT coalesce(json_agg(json_build_object('month', to_char(x.month, 'YYYY-MM'), 'n', x.n, 'avg', x.avg) ORDER BY x.month), '[]')
                   FROM (SELECT date_trunc('month', responded_at AT TIME ZONE 'Asia/Shanghai') AS month, count(*) AS n, round(avg(avg_rating), 2) AS avg FROM f GROUP BY 1) x),
      'customers', (SELECT coalesce(json_agg(json_build_object('id', w.customer_id::text, 'name', c.name, 'n', w.n, 'avg', w.avg, 'last', w.last) ORDER BY w.mean ASC NULLS LAST, w.customer_id), '[]')
                      FROM worst w JOIN customers c ON c.id = w.customer_id),
      'answers', (SELECT coalesce(json_agg(json_build_object('qid', x.qid, 'rating', x.rating, 'choice', x.choice, 'n', x.n)), '[]')
                    FROM (SELECT a->>'questionId' AS qid, (a->>'rating')::int AS rating, a->>'choice' AS choice, sum(g.n) AS n
                            FROM (SELECT answers, count(*) AS n FROM f GROUP BY answers) g, jsonb_array_elements(g.answers) a GROUP BY 1, 2, 3) x),
      'versions', (SELECT coalesce(json_agg(json_build_object('questions', v.questions) ORDER BY v.id), '[]')
                     FROM survey_template_versions v WHERE v.id IN (SELECT template_version_id FROM f))
    ) AS r`.execute(db);
  const { total, owners, months, customers, answers, versions } = result.rows[0]!.r;
  // timestamps come back in JSON's ISO form; read them as the driver reads a timestamptz column
  const parseTimestamp = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;
  // question wording and order from the latest version that asked it
  const meta = new Map<string, SurveyQuestion & { order: number }>();
  let order = 0;
  for (const v of [...versions].reverse()) for (const qn of v.questions as SurveyQuestion[]) if (!meta.has(qn.id)) meta.set(qn.id, { ...qn, order: order++ });
  type Tally = { count: number; ratings: { rating: number; count: number }[]; sum: number; rated: number; choices: Map<string, number> };
  const perQuestion = new Map<string, Tally>();
  for (const a of answers) {
    const e: Tally = perQuestion.get(a.qid) ?? { count: 0, ratings: [], sum: 0, rated: 0, choices: new Map() };
    const n = Number(a.n);
    e.count += n;
    if (a.rating !== null) { e.ratings.push({ rating: Number(a.rating), count: n }); e.sum += Number(a.rating) * n; e.rated += n; }
    if (a.choice !== null) e.choices.set(a.choice, (e.choices.get(a.choice) ?? 0) + n);
    perQuestion.set(a.qid, e);
  }
  const byQuestion = [...meta.values()].sort((x, y) => x.order - y.order).map((m) => {
    const e = perQuestion.get(m.id);
    return {
      questionId: m.id, text: m.text, kind: m.kind, count: e?.count ?? 0,
      avg: e && e.rated > 0 ? Math.round((e.sum / e.rated) * 100) / 100 : null,
      distribution: m.kind === 'rating' ? ratingDistribution(e?.ratings ?? []) : m.kind === 'choice' ? (m.options ?? []).map((o) => e?.choices.get(o) ?? 0) : [],
      ...(m.kind === 'choice' ? { options: m.options ?? [] } : {}),
    };
  });
  return {
    count: Number(total.n),
    avgRating: num(total.avg),
    byQuestion,
    byOwner: owners.map((o) => ({ ownerId: o.owner_id, ownerName: o.display_name, count: Number(o.n), avgRating: num(o.avg) })),
    byMonth: months.map((m) => ({ month: m.month, count: Number(m.n), avgRating: num(m.avg) })),
    byCustomer: customers.map((c) => ({ customerId: c.id, customerName: c.name, count: Number(c.n), avgRating: num(c.avg), lastRespondedAt: parseTimestamp(c.last.replace('T', ' ')).toISOString() })),
  };
}
