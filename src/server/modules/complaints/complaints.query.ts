/**
 * Reading many complaints: the list (overdue first, SVC-6), its export, the customer's complaints
 * on the archive (SVC-7) and the 客户投诉统计表 (SVC-9, aggregate SQL). Every query filters with
 * the access policy's `visibleComplaints`; names of customers above the reader's secrecy level
 * are withheld row by row with the pure rule.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { complaintListQuery, ComplaintState, statisticsQuery } from '../../../contract/complaints.js';
import type { DB } from '../../db/schema.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError, fieldError } from '../../http/errors.js';
import { visibleComplaints } from '../access/complaint-access.sql.js';
import type { ComplaintReader } from '../access/complaint-access.rules.js';
import { recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer } from '../customers/customers.service.js';
import { accessOf, readerOf, shapeListItem } from './complaints.service.js';
import { selectComplaints, type ComplaintRow } from './complaints.repository.js';
import { FOLLOW_UP_DAYS, openStates, suggestRelationshipScores } from './complaints.rules.js';
import { chinaDayEnd as nextChinaDay, chinaDayStart as chinaStart } from '../../shared/working-days.rules.js';

type ListQuery = Omit<z.infer<typeof complaintListQuery>, 'limit' | 'cursor'> & { limit?: number; cursor?: string | undefined };

const openList = sql.join(openStates.map((s) => sql.lit(s)));

function filtered(db: Kysely<DB>, reader: ComplaintReader, q: ListQuery) {
  let b = selectComplaints(db).where(visibleComplaints(reader));
  if (q.state) b = b.where('k.state', '=', q.state);
  if (q.waitingApproval === 'true') b = b.where('k.state', '=', 'plan_proposed');
  if (q.departmentId) b = b.where('k.responsible_department_id', '=', q.departmentId);
  if (q.customerId) b = b.where('k.customer_id', '=', q.customerId);
  if (q.handlerId) b = b.where('k.handler_id', '=', q.handlerId);
  if (q.from) b = b.where('k.received_at', '>=', chinaStart(q.from));
  if (q.to) b = b.where('k.received_at', '<', nextChinaDay(q.to));
  return b;
}

const overdueCond = (now: Date) => sql<boolean>`(k.state IN (${openList}) AND k.deadline_at < ${now})`;
/** The complement of overdueCond, NULL deadlines included (NOT of a NULL comparison would drop them). */
const notOverdueCond = (now: Date) => sql<boolean>`(k.deadline_at IS NULL OR k.deadline_at >= ${now} OR k.state NOT IN (${openList}))`;

/**
 * Overdue first, by the deadline that passed longest ago; then the rest, newest first. Two keyset
 * phases, so each page reads an index in order: the open-deadline partial index, then the primary key.
 */
export async function listComplaints(db: Kysely<DB>, p: Principal, q: ListQuery & { limit: number }, now = new Date()) {
  if (q.from && q.to && q.from > q.to) throw fieldError('to', 'must not be before from');
  const reader = await readerOf(db, p);
  const after = decodeCursor(q.cursor, 3);
  const phase = after ? String(after[0]) : 'a';
  if (phase !== 'a' && phase !== 'b') throw fieldError('cursor', 'must be a value taken from nextCursor');
  const rows: ComplaintRow[] = [];
  let nextCursor: string | null = null;
  if (phase === 'a') {
    let a = filtered(db, reader, q).where(overdueCond(now));
    if (after) a = a.where(sql<boolean>`(k.deadline_at, k.id) > (${new Date(String(after[1]))}::timestamptz, ${String(after[2])}::bigint)`);
    const got = await a.orderBy('k.deadline_at').orderBy('k.id').limit(q.limit + 1).execute();
    rows.push(...got.slice(0, q.limit));
    if (got.length > q.limit) {
      const last = rows[rows.length - 1]!;
      nextCursor = encodeCursor(['a', last.deadline_at!.toISOString(), last.id]);
    }
  }
  if (nextCursor === null && rows.length <= q.limit && q.overdue !== 'true') {
    const room = q.limit - rows.length;
    let b = filtered(db, reader, q).where(notOverdueCond(now));
    if (phase === 'b' && after && after[2] !== '') b = b.where('k.id', '<', String(after[2]));
    const got = await b.orderBy('k.id', 'desc').limit(room + 1).execute();
    const taken = got.slice(0, room);
    rows.push(...taken);
    // '' = phase b from its start (the page ended exactly with the last overdue one)
    if (got.length > room) nextCursor = encodeCursor(['b', '', taken.length ? taken[taken.length - 1]!.id : phase === 'b' ? String(after?.[2] ?? '') : '']);
  }
  return {
    items: rows.map((r) => {
      const a = accessOf(reader, r);
      return shapeListItem(r, a.read && a.showCustomer, now);
    }),
    nextCursor,
  };
}

const stateZh: Record<ComplaintState, string> = {
  received: '已受理', analysing: '分析中', explained: '已解释', assigned: '已分派', investigating: '调查中', plan_proposed: '方案待审', plan_approved: '方案已批',
  implementing: '实施中', resolved: '已解决', followed_up: '已回访', closed: '已结案',
};
const channelZh: Record<string, string> = { phone: '电话', email: '电邮', onsite: '现场', online: '在线', other: '其他' };
const chinaTime = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

export async function exportComplaints(db: Kysely<DB>, p: Principal, q: ListQuery & { format: 'csv' | 'xlsx' }, actor: Actor, now = new Date()) {
  const reader = await readerOf(db, p);
  await recordReadAudit(db, actor, { action: 'complaint.exported', entityType: 'complaint', data: { format: q.format, state: q.state ?? null } }, now);
  type Shaped = ReturnType<typeof shapeListItem>;
  const cols: Column<Shaped>[] = [
    { header: '受理编号', value: (r) => r.complaintNo }, { header: '受理日期', value: (r) => chinaTime(new Date(r.receivedAt)) }, { header: '投诉客户名称', value: (r) => r.customerName ?? '（按密级不显示）' },
    { header: '档案编号', value: (r) => r.archiveNo }, { header: '投诉方式', value: (r) => channelZh[r.channel] ?? r.channel }, { header: '状态', value: (r) => stateZh[r.state] },
    { header: '投诉理由', value: (r) => r.reason }, { header: '责任部门', value: (r) => r.responsibleDepartmentName }, { header: '处理期限', value: (r) => chinaTime(r.deadlineAt ? new Date(r.deadlineAt) : null) },
    { header: '超期', value: (r) => (r.overdue ? '是' : '') }, { header: '处理方式', value: (r) => r.resolution?.kind ?? null }, { header: '损失金额', value: (r) => r.resolution?.lossAmount ?? null },
    { header: '受理人员', value: (r) => r.receivedByName }, { header: '处理人', value: (r) => r.handlerName },
  ];
  async function* batches(): AsyncIterable<Shaped[]> {
    let before: string | null = null;
    for (;;) {
      const rows = await filtered(db, reader, q).$if(before !== null, (b) => b.where('k.id', '<', before!)).orderBy('k.id', 'desc').limit(1000).execute();
      if (rows.length === 0) return;
      yield rows.map((r) => {
        const a = accessOf(reader, r);
        return shapeListItem(r, a.read && a.showCustomer, now);
      });
      before = rows[rows.length - 1]!.id;
    }
  }
  const { stream } = streamTable(q.format, '客户投诉', cols, batches());
  return { file: stream, filename: `complaints.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

/** On the archive (SVC-7): how many in the last 12 months, how many unresolved, and those complaints. */
export async function customerComplaints(db: Kysely<DB>, p: Principal, customerId: string, now = new Date()) {
  const reader = await readerOf(db, p);
  const { row: c } = await openCustomer(db, reader, customerId, 'read', now);
  const since = new Date(now.getTime() - 365 * 86_400_000);
  const rows = await selectComplaints(db).where(visibleComplaints(reader)).where('k.customer_id', '=', c.id)
    .where((eb) => eb.or([eb('k.received_at', '>=', since), eb('k.state', 'in', [...openStates])])).orderBy('k.id', 'desc').limit(200).execute();
  const last12Months = rows.filter((r) => r.received_at >= since).length;
  const unresolved = rows.filter((r) => (openStates as readonly string[]).includes(r.state)).length;
  // the 回访 satisfaction of the last 12 months, per China month (SVC-7: the satisfaction trend)
  const rated = rows.filter((r) => r.followed_up_at !== null && r.followed_up_at >= since && r.satisfaction !== null);
  const byMonth = new Map<string, number[]>();
  for (const r of rated) {
    const m = new Date(r.followed_up_at!.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
    byMonth.set(m, [...(byMonth.get(m) ?? []), r.satisfaction!]);
  }
  const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
  const avgSatisfaction = rated.length ? mean(rated.map((r) => r.satisfaction!)) : null;
  return {
    last12Months,
    unresolved,
    avgSatisfaction,
    satisfactionTrend: [...byMonth.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, xs]) => ({ month, count: xs.length, avgSatisfaction: mean(xs) })),
    suggestedScores: suggestRelationshipScores({ last12Months, unresolved, followedUp: rated.length, avgSatisfaction }),
    items: rows.map((r) => {
      const a = accessOf(reader, r);
      return shapeListItem(r, a.read && a.showCustomer, now);
    }),
  };
}

// ---- statistics (SVC-9) --------------------------------------------------------------------------

type StatsQuery = z.infer<typeof statisticsQuery>;

/** The period asked for; by default the current month, quarter or year (China time). */
export function periodOf(q: StatsQuery, now: Date): { from: string; to: string } {
  if (q.from && q.to) {
    if (q.from > q.to) throw fieldError('to', 'must not be before from');
    return { from: q.from, to: q.to };
  }
  const today = new Date(now.getTime() + 8 * 3_600_000);
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const startMonth = q.groupBy === 'year' ? 0 : q.groupBy === 'quarter' ? m - (m % 3) : m;
  const months = q.groupBy === 'year' ? 12 : q.groupBy === 'quarter' ? 3 : 1;
  const from = q.from ?? new Date(Date.UTC(y, startMonth, 1)).toISOString().slice(0, 10);
  const to = q.to ?? new Date(Date.UTC(y, startMonth + months, 0)).toISOString().slice(0, 10);
  if (from > to) throw fieldError('to', 'must not be before from');
  return { from, to };
}

export async function complaintStatistics(db: Kysely<DB>, p: Principal, q: StatsQuery, now = new Date()) {
  const { from, to } = periodOf(q, now);
  if (Date.parse(to) - Date.parse(from) > 10 * 366 * 86_400_000) throw fieldError('from', 'a period of at most 10 years');
  const reader = await readerOf(db, p);
  const unit = sql.lit(q.groupBy);
  // One narrow scan of the period's complaints (SVC-9): the counts by channel, category, department,
  // resolution and period in one grouping-sets pass, the averages in one plain pass, the products
  // grouped per complaint first (so a complaint counts once per product without a global DISTINCT).
  const r = await sql<{ stats: Record<string, unknown> }>`
    WITH f AS MATERIALIZED (
      SELECT k.id, k.channel, k.category, k.responsible_department_id, k.resolution_kind, k.loss_amount, k.received_at, k.resolved_at, k.deadline_at, k.satisfaction, k.products,
             date_trunc(${unit}, k.received_at AT TIME ZONE 'Asia/Shanghai') AS p
        FROM complaints k LEFT JOIN customers cu ON cu.id = k.customer_id
       WHERE k.received_at >= ${chinaStart(from)} AND k.received_at < ${nextChinaDay(to)} AND ${visibleComplaints(reader)}),
    g AS (
      SELECT GROUPING(channel, category, responsible_department_id, resolution_kind, p) AS gs, channel, category, responsible_department_id AS d, resolution_kind, p,
             count(*) AS n, count(*) FILTER (WHERE resolved_at IS NOT NULL) AS res, coalesce(sum(loss_amount), 0)::numeric(20,2) AS loss
        FROM f GROUP BY GROUPING SETS ((channel), (category), (responsible_department_id), (resolution_kind), (p))),
    a AS (
      SELECT count(*) AS total,
             round((avg(extract(epoch FROM resolved_at - received_at)) FILTER (WHERE resolved_at IS NOT NULL) / 3600)::numeric, 1) AS hours,
             round(count(*) FILTER (WHERE resolved_at IS NOT NULL AND deadline_at IS NOT NULL AND resolved_at <= deadline_at)::numeric
                   / nullif(count(*) FILTER (WHERE resolved_at IS NOT NULL AND deadline_at IS NOT NULL), 0), 4) AS on_time,
             round(avg(satisfaction)::numeric, 2) AS sat
        FROM f)
    SELECT json_build_object(
      'total', (SELECT total FROM a),
      'byChannel', (SELECT coalesce(json_object_agg(channel, n), '{}') FROM g WHERE gs = ${sql.lit(0b01111)}),
      'byCategory', (SELECT coalesce(json_object_agg(category, n), '{}') FROM g WHERE gs = ${sql.lit(0b10111)}),
      'byDepartment', (SELECT coalesce(json_agg(json_build_object('departmentId', g.d::text, 'name', d.name, 'count', g.n) ORDER BY g.n DESC, d.name), '[]')
                         FROM g LEFT JOIN departments d ON d.id = g.d WHERE g.gs = ${sql.lit(0b11011)}),
      'byProduct', (SELECT coalesce(json_agg(json_build_object('product', x.product, 'count', x.n, 'quantity', x.qty::text) ORDER BY x.n DESC, x.product), '[]')
                      FROM (SELECT e.product, count(*) n, sum(e.qty) qty
                              FROM f, LATERAL (SELECT el->>'product' AS product, sum((el->>'quantity')::numeric) AS qty FROM jsonb_array_elements(f.products) el GROUP BY 1) e
                             GROUP BY 1 ORDER BY 2 DESC LIMIT 100) x),
      'byResolution', (SELECT coalesce(json_object_agg(resolution_kind, json_build_object('count', n, 'lossAmount', loss::text)), '{}') FROM g WHERE gs = ${sql.lit(0b11101)} AND resolution_kind IS NOT NULL),
      'avgHoursToResolve', (SELECT hours FROM a),
      'onTimeRate', (SELECT on_time FROM a),
      'avgSatisfaction', (SELECT sat FROM a),
      'periods', (SELECT coalesce(json_agg(json_build_object('period', to_char(p, CASE ${unit} WHEN 'year' THEN 'YYYY' WHEN 'quarter' THEN 'YYYY"Q"Q' ELSE 'YYYY-MM' END), 'total', n, 'resolved', res) ORDER BY p), '[]')
                    FROM g WHERE gs = ${sql.lit(0b11110)})
    ) AS stats`.execute(db);
  const s = r.rows[0]!.stats as Record<string, unknown>;
  const num = (x: unknown) => (x === null || x === undefined ? null : Number(x));
  return {
    from, to, groupBy: q.groupBy,
    total: Number(s.total),
    byChannel: s.byChannel as Record<string, number>,
    byDepartment: s.byDepartment as { departmentId: string | null; name: string | null; count: number }[],
    byCategory: s.byCategory as Record<string, number>,
    byProduct: s.byProduct as { product: string; count: number; quantity: string }[],
    byResolution: s.byResolution as Record<string, { count: number; lossAmount: string }>,
    avgHoursToResolve: num(s.avgHoursToResolve),
    onTimeRate: num(s.onTimeRate),
    avgSatisfaction: num(s.avgSatisfaction),
    periods: s.periods as { period: string; total: number; resolved: number }[],
  };
}

/** The rows of the 统计表: each complaint of the period with its products, department, handling and loss. */
export async function statisticsRows(db: Kysely<DB>, p: Principal, q: StatsQuery, now = new Date()) {
  const { from, to } = periodOf(q, now);
  const reader = await readerOf(db, p);
  const rows = await selectComplaints(db).where(visibleComplaints(reader)).where('k.received_at', '>=', chinaStart(from)).where('k.received_at', '<', nextChinaDay(to)).orderBy('k.received_at').limit(2000).execute();
  if (rows.length === 2000) throw new AppError('rule_violation', 'More than 2,000 complaints in this period: print a shorter one or export the list.', { rule: 'SVC-9' });
  return { from, to, rows: rows.map((r) => ({ row: r, showCustomer: (() => { const a = accessOf(reader, r); return a.read && a.showCustomer; })() })) };
}

/**
 * ANA-2 the customer-service home page: complaints the caller sees that are open, open past their
 * deadline, and resolved awaiting the follow-up (SVC-8) whose due day has come. One aggregate.
 */
export async function complaintFigures(db: Kysely<DB>, p: Principal, now = new Date()): Promise<{ open: number; overdue: number; followUpsDue: number }> {
  const reader = await readerOf(db, p);
  const soon = new Date(now.getTime() + 86_400_000);
  const r = await sql<{ open: number; overdue: number; follow: number }>`
    SELECT count(*) FILTER (WHERE k.state IN (${openList}))::int AS open,
           count(*) FILTER (WHERE ${overdueCond(now)})::int AS overdue,
           count(*) FILTER (WHERE k.state = 'resolved' AND k.followed_up_at IS NULL AND k.resolved_at + make_interval(days => ${FOLLOW_UP_DAYS}) < ${soon})::int AS follow
    FROM complaints k LEFT JOIN customers cu ON cu.id = k.customer_id
    WHERE (k.state IN (${openList}) OR k.state = 'resolved') AND ${visibleComplaints(reader)}`.execute(db);
  const row = r.rows[0]!;
  return { open: row.open, overdue: row.overdue, followUpsDue: row.follow };
}
