/**
 * Standard reports (ANA-3; spec 07): each one aggregate query over the customers the caller may
 * see — grades and tiers through the evaluation policy, money through the payment/financial policy,
 * everything else through the customer list's visibility — with the customer list's filters. One
 * shape (columns + rows) for the screen, the xlsx/csv export and the A4 print, so the three agree.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { z } from 'zod';
import type { Report, ReportKind, reportQuery } from '../../../contract/analytics.js';
import type { CustomerListQuery } from '../../../contract/customers.js';
import type { DB } from '../../db/schema.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { fieldError } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { visibleComplaints } from '../access/complaint-access.sql.js';
import { registerKeeperRoles, type AccessSubject } from '../access/customer-access.rules.js';
import { paymentCustomers, registerCustomers, visibleCustomers } from '../access/customer-access.sql.js';
import { evaluationSeesAll, evaluationSeesAllBelowTopSecret, evaluationVisibleCustomers } from '../access/evaluation-access.sql.js';
import { recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { complaintStatistics } from '../complaints/complaints.query.js';
import { filteredCustomers } from '../customers/customers.service.js';
import { getArchiveSettings } from '../documents/archive-settings.service.js';
import { enumLabels } from '../forms/forms.labels.js';
import { escapeHtml, renderPrintPage } from '../forms/forms.render.js';
import { cachedOrComputed, type CacheAudience } from './analytics-cache.js';
import { holdingAllRequired } from './required-documents.sql.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { complianceRate, gradeOrder, migrationMatrix, NONE, periodDays, previousQuarter, quarterOf, ratio, requiredContacts, sumMoney, tierDirection } from './reports.rules.js';
import { chinaDayEnd as nextChinaDay, chinaDayStart as chinaStart } from '../../shared/working-days.rules.js';

export type ReportQuery = z.infer<typeof reportQuery>;
type Col = Report['columns'][number];
type Row = Report['rows'][number];
const MAX_ROWS = 2000;

export const reportTitles: Record<ReportKind, string> = {
  'grade-migration': '客户信用等级分布与迁移表',
  'tier-changes': '客户层级变动表',
  'contact-compliance': '客户联络达标统计表',
  'complaint-statistics': '客户投诉统计表',
  'satisfaction-trend': '客户满意度趋势表',
  'receivables-aging': '应收账款账龄分析表',
  'archive-completeness': '客户档案完整性统计表',
  'dormant-customers': '休眠客户清单',
};
const formNo: Record<ReportKind, string> = {
  'grade-migration': 'KD-ANA-01', 'tier-changes': 'KD-ANA-02', 'contact-compliance': 'KD-ANA-03', 'complaint-statistics': 'KD-ANA-04',
  'satisfaction-trend': 'KD-ANA-05', 'receivables-aging': 'KD-ANA-06', 'archive-completeness': 'KD-ANA-07', 'dormant-customers': 'KD-ANA-08',
};

/** The customers the report reads: the list's filters over the given policy, as a CTE body. */
function customersOf(db: Kysely<DB>, subject: AccessSubject, q: ReportQuery, visibility: Expression<SqlBool>, cols: readonly string[] = []) {
  const { from: _f, to: _t, fromQuarter: _a, toQuarter: _b, dormantDays: _d, ...filters } = q;
  return filteredCustomers(db, subject, filters as Omit<CustomerListQuery, 'limit' | 'cursor' | 'sort' | 'q'>, visibility)
    .clearSelect()
    .select(['c.id', 'c.owner_id', ...cols.map((c) => `c.${c}` as 'c.id')]);
}

/** Whether the report has none of the customer list's filters (its own period fields aside). */
function unfilteredReport(q: ReportQuery): boolean {
  const { from: _f, to: _t, fromQuarter: _a, toQuarter: _b, dormantDays: _d, ...filters } = q;
  return Object.values(filters).every((v) => v === undefined);
}
/** `2026Q3` → `2026-07-01`. */
const quarterStart = (quarter: string) => `${quarter.slice(0, 4)}-${String((Number(quarter.slice(5)) - 1) * 3 + 1).padStart(2, '0')}-01`;

function periodOf(q: ReportQuery, now: Date) {
  const to = q.to ?? chinaDate(now);
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  if (from > to) throw fieldError('from', 'must not be after to');
  if (periodDays(from, to) > 36600) throw fieldError('from', 'a period of at most 100 years');
  return { from, to };
}
const gradeLabel = (g: string) => (g === NONE ? '未评级' : g);
const tierLabel = (t: string | null) => (t === null ? '（无）' : enumLabels['tier']?.[t] ?? t);

async function ownerNames(db: Kysely<DB>, ids: readonly (string | null)[]) {
  const real = [...new Set(ids.filter((x): x is string => x !== null))];
  const rows = real.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', real).execute() : [];
  const m = new Map(rows.map((r) => [r.id, r.display_name]));
  return (id: string | null) => (id === null ? '公海（无负责人）' : m.get(id) ?? id);
}

type Built = Omit<Report, 'report' | 'title'>;

async function gradeMigration(db: Kysely<DB>, s: AccessSubject, q: ReportQuery, now: Date): Promise<Built> {
  let toQ = q.toQuarter;
  if (!toQ) {
    const last = await db.selectFrom('evaluation_rounds').select(sql<string | null>`max(quarter)`.as('q')).executeTakeFirst();
    toQ = last?.q ?? quarterOf(chinaDate(now));
  }
  const fromQ = q.fromQuarter ?? previousQuarter(toQ);
  if (fromQ >= toQ) throw fieldError('fromQuarter', 'must be before toQuarter');
  const graded = (quarter: string) => sql`SELECT e.customer_id, e.grade FROM evaluations e JOIN evaluation_rounds r ON r.id = e.round_id WHERE r.quarter = ${quarter} AND e.state = 'finalised' AND e.grade IS NOT NULL`;
  type Pair = { from: string | null; to: string | null; n: number };
  const count = async (tx: Kysely<DB>) =>
    (
      await sql<Pair>`
        WITH c AS (${customersOf(tx, s, q, evaluationVisibleCustomers(s))}), a AS (${graded(fromQ)}), b AS (${graded(toQ)})
        SELECT a.grade AS "from", b.grade AS "to", count(*)::int AS n
        FROM c LEFT JOIN a ON a.customer_id = c.id LEFT JOIN b ON b.customer_id = c.id
        WHERE a.customer_id IS NOT NULL OR b.customer_id IS NOT NULL
        GROUP BY 1, 2`.execute(tx)
    ).rows;
  // ANA-2 the gm (every archive) and the marketing manager and director (every one below top secret)
  // with no filter: the same pairs for each of them, served from the cache while no evaluation and no
  // listing change has been committed since (analytics-cache.ts)
  const audience: CacheAudience | null = !unfilteredReport(q) ? null : evaluationSeesAll(s) ? 'all' : evaluationSeesAllBelowTopSecret(s) ? 'below_top_secret' : null;
  const pairs = audience
    ? await cachedOrComputed<Pair[]>(db, { audience, dimension: 'grade-migration', from: quarterStart(fromQ), to: quarterStart(toQ) }, ['evaluations', 'listing'], count)
    : await count(db);
  const m = migrationMatrix(pairs);
  const columns: Col[] = [
    { key: 'grade', label: `${fromQ} 等级`, kind: 'text' },
    { key: 'fromCount', label: `${fromQ} 户数`, kind: 'count' },
    { key: 'toCount', label: `${toQ} 户数`, kind: 'count' },
    ...gradeOrder.map((g): Col => ({ key: `to_${g}`, label: `→ ${gradeLabel(g)}`, kind: 'count' })),
    { key: 'up', label: '升级', kind: 'count' },
    { key: 'down', label: '降级', kind: 'count' },
  ];
  const rows: Row[] = m.map((r) => ({ grade: gradeLabel(r.grade), fromCount: r.fromCount, toCount: r.toCount, ...Object.fromEntries(gradeOrder.map((g) => [`to_${g}`, r.to[g]!])), up: r.up, down: r.down }));
  const sum = (k: string) => rows.reduce((n, r) => n + Number(r[k] ?? 0), 0);
  const totals: Row = { grade: '合计', ...Object.fromEntries(columns.slice(1).map((col) => [col.key, sum(col.key)])) };
  return { period: `${fromQ} → ${toQ}`, columns, rows, totals, truncated: false };
}

async function tierChanges(db: Kysely<DB>, s: AccessSubject, q: ReportQuery, now: Date): Promise<Built> {
  const { from, to } = periodOf(q, now);
  const c = customersOf(db, s, q, evaluationVisibleCustomers(s));
  const rows0 = (
    await sql<{ from: string | null; to: string | null; n: number; customers: number }>`
      WITH c AS (${c})
      SELECT g.from_value AS "from", g.to_value AS "to", count(*)::int AS n, count(DISTINCT g.customer_id)::int AS customers
      FROM grade_changes g JOIN c ON c.id = g.customer_id
      WHERE g.kind = 'tier' AND g.at >= ${chinaStart(from)} AND g.at < ${nextChinaDay(to)}
      GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`.execute(db)
  ).rows;
  const dirZh = { up: '上升', down: '下降', new: '新定层级', removed: '取消层级', same: '不变' } as const;
  const rows: Row[] = rows0.map((r) => ({ fromTier: tierLabel(r.from), toTier: tierLabel(r.to), direction: dirZh[tierDirection(r.from, r.to)], changes: r.n, customers: r.customers }));
  return {
    period: `${from} – ${to}`,
    columns: [
      { key: 'fromTier', label: '原层级', kind: 'text' }, { key: 'toTier', label: '新层级', kind: 'text' }, { key: 'direction', label: '方向', kind: 'text' },
      { key: 'changes', label: '变动次数', kind: 'count' }, { key: 'customers', label: '客户数', kind: 'count' },
    ],
    rows,
    totals: { fromTier: '合计', toTier: null, direction: null, changes: rows0.reduce((n, r) => n + r.n, 0), customers: null },
    truncated: false,
  };
}

async function contactCompliance(db: Kysely<DB>, s: AccessSubject, q: ReportQuery, now: Date): Promise<Built> {
  const { from, to } = periodOf(q, now);
  const days = periodDays(from, to);
  const today = chinaDate(now);
  const c = customersOf(db, s, q, visibleCustomers(s), ['abc_class']);
  const rows0 = (
    await sql<{ owner_id: string | null; customers: number; call_days: number; visit_days: number; calls: number; visits: number; calls_met_capped: number; visits_met_capped: number; overdue: number }>`
      WITH c AS (${c}),
      k AS (SELECT c.id, c.owner_id, p.call_days, p.visit_days FROM c JOIN cadence_policies p ON p.abc_class = CASE WHEN c.abc_class IN ('A', 'B') THEN c.abc_class ELSE 'C' END),
      m AS (SELECT x.customer_id,
                   count(*) FILTER (WHERE x.channel IN ('phone', 'email', 'chat'))::int AS calls,
                   count(*) FILTER (WHERE x.channel IN ('visit', 'meeting'))::int AS visits
            FROM communications x JOIN k ON k.id = x.customer_id
            WHERE x.occurred_at >= ${chinaStart(from)} AND x.occurred_at < ${nextChinaDay(to)} GROUP BY 1)
      SELECT k.owner_id, k.call_days, k.visit_days, count(*)::int AS customers,
             coalesce(sum(m.calls), 0)::int AS calls, coalesce(sum(m.visits), 0)::int AS visits,
             coalesce(sum(least(coalesce(m.calls, 0), ${days}::int / k.call_days)), 0)::int AS calls_met_capped,
             coalesce(sum(least(coalesce(m.visits, 0), ${days}::int / k.visit_days)), 0)::int AS visits_met_capped,
             count(*) FILTER (WHERE st.next_due < ${today}::date)::int AS overdue
      FROM k LEFT JOIN m ON m.customer_id = k.id LEFT JOIN contact_states st ON st.customer_id = k.id
      GROUP BY 1, 2, 3`.execute(db)
  ).rows;
  const byOwner = new Map<string | null, { customers: number; callsRequired: number; visitsRequired: number; calls: number; visits: number; met: number; overdue: number }>();
  for (const r of rows0) {
    const o = byOwner.get(r.owner_id) ?? { customers: 0, callsRequired: 0, visitsRequired: 0, calls: 0, visits: 0, met: 0, overdue: 0 };
    o.customers += r.customers;
    o.callsRequired += r.customers * requiredContacts(days, r.call_days);
    o.visitsRequired += r.customers * requiredContacts(days, r.visit_days);
    o.calls += r.calls;
    o.visits += r.visits;
    o.met += r.calls_met_capped + r.visits_met_capped;
    o.overdue += r.overdue;
    byOwner.set(r.owner_id, o);
  }
  const name = await ownerNames(db, [...byOwner.keys()]);
  const rows: Row[] = [...byOwner.entries()]
    .map(([owner, o]) => ({ owner: name(owner), customers: o.customers, callsRequired: o.callsRequired, callsDone: o.calls, visitsRequired: o.visitsRequired, visitsDone: o.visits, compliance: complianceRate(o.met, o.callsRequired + o.visitsRequired), overdueNow: o.overdue }))
    .sort((a, b) => (a.compliance ?? 2) - (b.compliance ?? 2) || String(a.owner).localeCompare(String(b.owner), 'zh-CN'));
  const all = [...byOwner.values()];
  const tot = (f: (o: (typeof all)[number]) => number) => all.reduce((n, o) => n + f(o), 0);
  return {
    period: `${from} – ${to}（${days} 天）`,
    columns: [
      { key: 'owner', label: '负责人', kind: 'text' }, { key: 'customers', label: '客户数', kind: 'count' },
      { key: 'callsRequired', label: '应电话联络', kind: 'count' }, { key: 'callsDone', label: '实际电话联络', kind: 'count' },
      { key: 'visitsRequired', label: '应拜访', kind: 'count' }, { key: 'visitsDone', label: '实际拜访', kind: 'count' },
      { key: 'compliance', label: '达标率', kind: 'ratio' }, { key: 'overdueNow', label: '当前逾期客户', kind: 'count' },
    ],
    rows,
    totals: { owner: '合计', customers: tot((o) => o.customers), callsRequired: tot((o) => o.callsRequired), callsDone: tot((o) => o.calls), visitsRequired: tot((o) => o.visitsRequired), visitsDone: tot((o) => o.visits), compliance: complianceRate(tot((o) => o.met), tot((o) => o.callsRequired + o.visitsRequired)), overdueNow: tot((o) => o.overdue) },
    truncated: false,
  };
}

async function complaintReport(db: Kysely<DB>, p: Principal, q: ReportQuery, now: Date): Promise<Built> {
  const { from, to } = periodOf(q, now);
  const st = await complaintStatistics(db, p, { from, to, groupBy: 'month' }, now);
  const rows: Row[] = st.periods.map((x) => ({ period: x.period, received: x.total, resolved: x.resolved, resolvedShare: ratio(x.resolved, x.total), onTimeRate: null, avgSatisfaction: null }));
  return {
    period: `${from} – ${to}`,
    columns: [
      { key: 'period', label: '月份', kind: 'text' }, { key: 'received', label: '受理', kind: 'count' }, { key: 'resolved', label: '已解决', kind: 'count' },
      { key: 'resolvedShare', label: '解决率', kind: 'ratio' }, { key: 'onTimeRate', label: '按时解决率', kind: 'ratio' }, { key: 'avgSatisfaction', label: '平均满意度（1–5）', kind: 'count' },
    ],
    rows,
    totals: { period: '合计', received: st.total, resolved: st.periods.reduce((n, x) => n + x.resolved, 0), resolvedShare: ratio(st.periods.reduce((n, x) => n + x.resolved, 0), st.total), onTimeRate: st.onTimeRate, avgSatisfaction: st.avgSatisfaction },
    truncated: false,
  };
}

async function satisfactionTrend(db: Kysely<DB>, p: Principal, s: AccessSubject, q: ReportQuery, now: Date): Promise<Built> {
  const { from, to } = periodOf(q, now);
  const c = customersOf(db, s, q, visibleCustomers(s));
  const reader = { ...s, departmentId: p.departmentId };
  const month = (col: ReturnType<typeof sql>) => sql`to_char(${col} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`;
  const rows0 = (
    await sql<{ month: string; complaint_avg: string | null; complaint_n: number; survey_avg: string | null; survey_n: number }>`
      WITH c AS (${c}),
      k AS (SELECT ${month(sql`k.followed_up_at`)} AS month, round(avg(k.satisfaction), 2)::text AS avg, count(*)::int AS n
            FROM complaints k JOIN customers cu ON cu.id = k.customer_id JOIN c ON c.id = k.customer_id
            WHERE k.satisfaction IS NOT NULL AND k.followed_up_at >= ${chinaStart(from)} AND k.followed_up_at < ${nextChinaDay(to)} AND ${visibleComplaints(reader)}
            GROUP BY 1),
      v AS (SELECT ${month(sql`r.responded_at`)} AS month, round(avg(r.avg_rating), 2)::text AS avg, count(*)::int AS n
            FROM survey_responses r JOIN c ON c.id = r.customer_id
            WHERE r.avg_rating IS NOT NULL AND r.responded_at >= ${chinaStart(from)} AND r.responded_at < ${nextChinaDay(to)}
            GROUP BY 1)
      SELECT coalesce(k.month, v.month) AS month, k.avg AS complaint_avg, coalesce(k.n, 0) AS complaint_n, v.avg AS survey_avg, coalesce(v.n, 0) AS survey_n
      FROM k FULL JOIN v ON v.month = k.month ORDER BY 1`.execute(db)
  ).rows;
  const num = (x: string | null) => (x === null ? null : Number(x));
  return {
    period: `${from} – ${to}`,
    columns: [
      { key: 'month', label: '月份', kind: 'text' },
      { key: 'surveyRating', label: '满意度调查平均分（1–5）', kind: 'count' }, { key: 'surveys', label: '调查份数', kind: 'count' },
      { key: 'complaintSatisfaction', label: '投诉回访满意度（1–5）', kind: 'count' }, { key: 'complaints', label: '回访次数', kind: 'count' },
    ],
    rows: rows0.map((r) => ({ month: r.month, surveyRating: num(r.survey_avg), surveys: r.survey_n, complaintSatisfaction: num(r.complaint_avg), complaints: r.complaint_n })),
    totals: null,
    truncated: false,
  };
}

async function receivablesAging(db: Kysely<DB>, s: AccessSubject, q: ReportQuery, now: Date): Promise<Built> {
  const today = chinaDate(now);
  const c = customersOf(db, s, q, paymentCustomers(s));
  const days = sql`(${today}::date - p.due_on)`;
  const rows0 = (
    await sql<{ owner_id: string | null; count: number; not_due: string; b30: string; b60: string; b90: string; over: string; total: string }>`
      WITH c AS (${c})
      SELECT c.owner_id, count(*)::int AS count,
        coalesce(sum(p.amount) FILTER (WHERE ${days} <= 0), 0)::text AS not_due,
        coalesce(sum(p.amount) FILTER (WHERE ${days} BETWEEN 1 AND 30), 0)::text AS b30,
        coalesce(sum(p.amount) FILTER (WHERE ${days} BETWEEN 31 AND 60), 0)::text AS b60,
        coalesce(sum(p.amount) FILTER (WHERE ${days} BETWEEN 61 AND 90), 0)::text AS b90,
        coalesce(sum(p.amount) FILTER (WHERE ${days} > 90), 0)::text AS over,
        sum(p.amount)::text AS total
      FROM payments p JOIN transactions t ON t.id = p.transaction_id JOIN c ON c.id = t.customer_id
      WHERE p.paid_on IS NULL AND NOT p.bad_debt
      GROUP BY 1`.execute(db)
  ).rows;
  const name = await ownerNames(db, rows0.map((r) => r.owner_id));
  const fix = (x: string) => sumMoney([x]);
  const rows: Row[] = rows0
    .map((r) => ({ owner: name(r.owner_id), count: r.count, notDue: fix(r.not_due), '0-30': fix(r.b30), '31-60': fix(r.b60), '61-90': fix(r.b90), over_90: fix(r.over), overdue: sumMoney([r.b30, r.b60, r.b90, r.over]), total: fix(r.total) }))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue));
  const col = (k: string) => sumMoney(rows.map((r) => r[k] as string));
  return {
    period: `截至 ${today}`,
    columns: [
      { key: 'owner', label: '负责人', kind: 'text' }, { key: 'count', label: '未收笔数', kind: 'count' }, { key: 'notDue', label: '未到期', kind: 'money' },
      { key: '0-30', label: '逾期 1–30 天', kind: 'money' }, { key: '31-60', label: '逾期 31–60 天', kind: 'money' }, { key: '61-90', label: '逾期 61–90 天', kind: 'money' },
      { key: 'over_90', label: '逾期 90 天以上', kind: 'money' }, { key: 'overdue', label: '逾期合计', kind: 'money' }, { key: 'total', label: '应收合计', kind: 'money' },
    ],
    rows,
    totals: { owner: '合计', count: rows0.reduce((n, r) => n + r.count, 0), notDue: col('notDue'), '0-30': col('0-30'), '31-60': col('31-60'), '61-90': col('61-90'), over_90: col('over_90'), overdue: col('overdue'), total: col('total') },
    truncated: false,
  };
}

/** The fields an archive is incomplete without (seed 000 客户资料卡: the registration and contact essentials). */
const essentialFields = ['credit_code', 'address', 'region', 'phone', 'industry', 'main_business', 'company_nature'] as const;
/** The completeness counts over a customer CTE `c` (with the essential fields), grouped by `groupBy` or as one total row. */
function completenessCounts(required: readonly string[], groupBy: 'owner' | 'none', fields: boolean) {
  const missingField = sql.join(essentialFields.map((f) => sql`(CASE WHEN nullif(btrim(c.${sql.ref(f)}::text), '') IS NULL THEN 1 ELSE 0 END)`), sql` + `);
  const lacks = (cat: string) => sql`NOT EXISTS (SELECT 1 FROM documents d WHERE d.customer_id = c.id AND d.category = ${cat} AND d.deleted_at IS NULL)`;
  const docCols = required.map((cat, i) => sql`count(*) FILTER (WHERE ${lacks(cat)})::int AS ${sql.ref(`doc_${i}`)}`);
  const anyDoc = required.length ? sql.join(required.map((cat) => lacks(cat)), sql` OR `) : sql`false`;
  return sql`SELECT ${groupBy === 'owner' ? sql`c.owner_id, ` : sql``}count(*)::int AS customers,
        ${fields ? sql`count(*) FILTER (WHERE ${missingField} > 0)::int` : sql`NULL::int`} AS fields_missing,
        count(*) FILTER (WHERE ${anyDoc})::int AS docs_missing,
        ${fields ? sql`count(*) FILTER (WHERE ${missingField} = 0 AND NOT (${anyDoc}))::int` : sql`NULL::int`} AS complete
        ${docCols.length && groupBy === 'owner' ? sql`, ${sql.join(docCols)}` : sql``}
      FROM c${groupBy === 'owner' ? sql` GROUP BY 1` : sql``}`;
}

async function archiveCompleteness(db: Kysely<DB>, s: AccessSubject, q: ReportQuery): Promise<Built> {
  const required = (await getArchiveSettings(db)).requiredDocuments;
  const c = customersOf(db, s, q, visibleCustomers(s), [...essentialFields]);
  const rows0 = (await sql<Record<string, number | string | null>>`WITH c AS (${c}) ${completenessCounts(required, 'owner', true)}`.execute(db)).rows;
  const name = await ownerNames(db, rows0.map((r) => (r['owner_id'] as string | null) ?? null));
  const catLabel = (cat: string) => enumLabels['documentCategory']?.[cat] ?? cat;
  const rows: Row[] = rows0
    .map((r) => ({
      owner: name((r['owner_id'] as string | null) ?? null), customers: Number(r['customers']), complete: Number(r['complete']), completeness: ratio(Number(r['complete']), Number(r['customers'])),
      fieldsMissing: Number(r['fields_missing']), documentsMissing: Number(r['docs_missing']), ...Object.fromEntries(required.map((cat, i) => [`missing_${cat}`, Number(r[`doc_${i}`])])),
    }))
    .sort((a, b) => (a.completeness ?? 2) - (b.completeness ?? 2));
  const sum = (k: string) => rows.reduce((n, r) => n + Number(r[k] ?? 0), 0);
  return {
    period: `截至 ${chinaDate(new Date())}；必备资料：${required.map(catLabel).join('、') || '（未设置）'}`,
    columns: [
      { key: 'owner', label: '负责人', kind: 'text' }, { key: 'customers', label: '客户数', kind: 'count' }, { key: 'complete', label: '完整', kind: 'count' },
      { key: 'completeness', label: '完整率', kind: 'ratio' }, { key: 'fieldsMissing', label: '缺基本信息', kind: 'count' }, { key: 'documentsMissing', label: '缺必备资料', kind: 'count' },
      ...required.map((cat): Col => ({ key: `missing_${cat}`, label: `缺${catLabel(cat)}`, kind: 'count' })),
    ],
    rows,
    totals: { owner: '合计', customers: sum('customers'), complete: sum('complete'), completeness: ratio(sum('complete'), sum('customers')), fieldsMissing: sum('fieldsMissing'), documentsMissing: sum('documentsMissing'), ...Object.fromEntries(required.map((cat) => [`missing_${cat}`, sum(`missing_${cat}`)])) },
    truncated: false,
  };
}

/**
 * ANA-2 the archivist's home (documents missing) without the report: one count query, the same
 * figures as the archive-completeness report's totals for the same archives (reports.service.test).
 * Over the caller's register (registerCustomers: the archivist keeps every archive below top
 * secret by number, name, level and filed documents); fields missing and complete are counted only
 * when every archive counted is one the caller reads (not through the register duty alone): else null.
 */
export async function archiveFigures(db: Kysely<DB>, p: Principal): Promise<{ customers: number; documentsMissing: number; fieldsMissing: number | null; complete: number | null }> {
  const s = await subjectOf(db, p);
  const required = (await getArchiveSettings(db)).requiredDocuments;
  const byDuty = s.roles.some((r) => registerKeeperRoles.includes(r));
  const c = customersOf(db, s, {} as ReportQuery, byDuty ? registerCustomers(s) : visibleCustomers(s), byDuty ? [] : [...essentialFields]);
  const missingField = sql.join(essentialFields.map((f) => sql`(CASE WHEN nullif(btrim(c.${sql.ref(f)}::text), '') IS NULL THEN 1 ELSE 0 END)`), sql` + `);
  // archives holding every required category, in one pass over the documents (a hashed anti-join),
  // instead of one probe per archive and category: "lacks any" = not among them
  const lacksAny = required.length ? sql`k.customer_id IS NULL` : sql`false`;
  const r = (
    await sql<{ customers: number; fields_missing: number | null; docs_missing: number; complete: number | null }>`
      WITH c AS (${c}),
      k AS (${holdingAllRequired(required)})
      SELECT count(*)::int AS customers,
        count(*) FILTER (WHERE ${lacksAny})::int AS docs_missing,
        ${byDuty ? sql`NULL::int` : sql`count(*) FILTER (WHERE ${missingField} > 0)::int`} AS fields_missing,
        ${byDuty ? sql`NULL::int` : sql`count(*) FILTER (WHERE ${missingField} = 0 AND NOT (${lacksAny}))::int`} AS complete
      FROM c LEFT JOIN k ON k.customer_id = c.id`.execute(db)
  ).rows[0]!;
  return { customers: r.customers, documentsMissing: r.docs_missing, fieldsMissing: r.fields_missing, complete: r.complete };
}

async function dormantCustomers(db: Kysely<DB>, s: AccessSubject, q: ReportQuery, now: Date, exporting: boolean): Promise<Built> {
  const today = chinaDate(now);
  const since = new Date(chinaStart(today).getTime() - q.dormantDays * 86_400_000);
  const sinceDate = chinaDate(since);
  let c = customersOf(db, s, q, visibleCustomers(s), ['archive_no', 'name', 'abc_class', 'tier', 'last_transaction_on', 'secrecy_level']);
  // exports and prints leave view-only archives out, as every export does (SEC-5)
  if (exporting) c = c.where('c.secrecy_level', 'in', ['none', 'secret']);
  const rows0 = (
    await sql<{ archive_no: string; name: string; owner_id: string | null; abc_class: string | null; tier: string | null; last_tx: string | null; last_contact: string | null }>`
      WITH c AS (${c})
      SELECT c.archive_no, c.name, c.owner_id, c.abc_class, c.tier, c.last_transaction_on::text AS last_tx,
             to_char(greatest(st.last_call_at, st.last_visit_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS last_contact
      FROM c LEFT JOIN contact_states st ON st.customer_id = c.id
      WHERE (c.last_transaction_on IS NULL OR c.last_transaction_on < ${sinceDate}::date)
        AND (greatest(st.last_call_at, st.last_visit_at) IS NULL OR greatest(st.last_call_at, st.last_visit_at) < ${since})
      ORDER BY greatest(c.last_transaction_on, (greatest(st.last_call_at, st.last_visit_at) AT TIME ZONE 'Asia/Shanghai')::date) NULLS FIRST, c.archive_no
      LIMIT ${MAX_ROWS + 1}`.execute(db)
  ).rows;
  const name = await ownerNames(db, rows0.map((r) => r.owner_id));
  const rows: Row[] = rows0.slice(0, MAX_ROWS).map((r) => {
    const last = [r.last_tx, r.last_contact].filter((x): x is string => x !== null).sort().at(-1) ?? null;
    return { archiveNo: r.archive_no, name: r.name, owner: name(r.owner_id), abcClass: r.abc_class, tier: r.tier === null ? null : tierLabel(r.tier), lastTransactionOn: r.last_tx, lastContactOn: r.last_contact, silentDays: last === null ? null : periodDays(last, today) - 1 };
  });
  return {
    period: `${q.dormantDays} 天无交易、无联络（${sinceDate} 以来）`,
    columns: [
      { key: 'archiveNo', label: '档案编号', kind: 'text' }, { key: 'name', label: '客户名称', kind: 'text' }, { key: 'owner', label: '负责人', kind: 'text' },
      { key: 'abcClass', label: 'ABC 类', kind: 'text' }, { key: 'tier', label: '层级', kind: 'text' }, { key: 'lastTransactionOn', label: '最近交易', kind: 'date' },
      { key: 'lastContactOn', label: '最近联络', kind: 'date' }, { key: 'silentDays', label: '沉寂天数', kind: 'count' },
    ],
    rows,
    totals: null,
    truncated: rows0.length > MAX_ROWS,
  };
}

export async function getReport(db: Kysely<DB>, p: Principal, report: ReportKind, q: ReportQuery, now = new Date(), exporting = false): Promise<Report> {
  const s = await subjectOf(db, p);
  let built: Built;
  switch (report) {
    case 'grade-migration': built = await gradeMigration(db, s, q, now); break;
    case 'tier-changes': built = await tierChanges(db, s, q, now); break;
    case 'contact-compliance': built = await contactCompliance(db, s, q, now); break;
    case 'complaint-statistics': built = await complaintReport(db, p, q, now); break;
    case 'satisfaction-trend': built = await satisfactionTrend(db, p, s, q, now); break;
    case 'receivables-aging': built = await receivablesAging(db, s, q, now); break;
    case 'archive-completeness': built = await archiveCompleteness(db, s, q); break;
    case 'dormant-customers': built = await dormantCustomers(db, s, q, now, exporting); break;
  }
  return { report, title: reportTitles[report], ...built };
}

const cellText = (col: Col, v: Report['rows'][number][string] | undefined): string | number | null => {
  if (v === null || v === undefined) return null;
  if (col.kind === 'ratio' && typeof v === 'number') return `${(v * 100).toFixed(1)}%`;
  return v;
};

/** The report as xlsx (default) or csv, audited as a read of many archives. */
export async function exportReport(db: Kysely<DB>, p: Principal, report: ReportKind, q: ReportQuery & { format: 'csv' | 'xlsx' }, actor: Actor, now = new Date()) {
  const { format, ...rest } = q;
  const r = await getReport(db, p, report, rest, now, true);
  await recordReadAudit(db, actor, { action: 'report.exported', entityType: 'report', data: { report, format, period: r.period, rows: r.rows.length } }, now);
  const columns: Column<Row>[] = r.columns.map((col) => ({ header: col.label, value: (row) => (col.kind === 'money' && typeof row[col.key] === 'string' ? Number(row[col.key]) : cellText(col, row[col.key])) }));
  async function* batches() {
    yield r.totals ? [...r.rows, r.totals] : r.rows;
  }
  const { stream } = streamTable(format, r.title.slice(0, 31), columns, batches());
  return { file: stream, filename: `${report}.${format}`, contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

/** The report as a printable A4 page (ARC-13 page: company, form number, page numbers), audited. */
export async function printReport(db: Kysely<DB>, p: Principal, report: ReportKind, q: ReportQuery, actor: Actor, now = new Date()) {
  const r = await getReport(db, p, report, q, now, true);
  await recordReadAudit(db, actor, { action: 'report.printed', entityType: 'report', data: { report, period: r.period, rows: r.rows.length } }, now);
  const [settings, me] = await Promise.all([getArchiveSettings(db), db.selectFrom('users').select('display_name').where('id', '=', p.userId).executeTakeFirst()]);
  const fmt = (col: Col, v: Row[string] | undefined) => escapeHtml(cellText(col, v) ?? '');
  const align = (col: Col) => (col.kind === 'text' || col.kind === 'date' ? '' : ' style="text-align:right"');
  const head = `<tr>${r.columns.map((c) => `<th>${escapeHtml(c.label)}</th>`).join('')}</tr>`;
  const body = r.rows.map((row) => `<tr>${r.columns.map((c) => `<td${align(c)}>${fmt(c, row[c.key])}</td>`).join('')}</tr>`).join('');
  const foot = r.totals ? `<tr>${r.columns.map((c) => `<th${align(c)}>${fmt(c, r.totals![c.key])}</th>`).join('')}</tr>` : '';
  const html = `<h1>${escapeHtml(r.title)}</h1><div class="meta"><span>${escapeHtml(r.period)}</span><span>共 ${r.rows.length} 行${r.truncated ? `（仅前 ${MAX_ROWS} 行）` : ''}</span></div>
<table class="grid"><thead>${head}</thead><tbody>${body || `<tr><td colspan="${r.columns.length}">（无数据）</td></tr>`}</tbody>${foot ? `<tfoot>${foot}</tfoot>` : ''}</table>`;
  const printedAt = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  return { html: renderPrintPage({ title: r.title, formNo: formNo[report], companyName: settings.companyName, printedBy: me?.display_name ?? '', printedAt, subject: r.period, body: html }) };
}
