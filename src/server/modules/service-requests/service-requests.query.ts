/**
 * Reading many service requests (SVC-10): the list (overdue first), its export and the statistics.
 * Every query filters with the access policy's `visibleServiceRequests`; names of customers above
 * the reader's secrecy level are withheld row by row with the pure rule.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { serviceRequestListQuery, serviceStatisticsQuery, ServiceStatus } from '../../../contract/service-requests.js';
import type { DB } from '../../db/schema.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { fieldError } from '../../http/errors.js';
import type { ComplaintReader } from '../access/complaint-access.rules.js';
import { visibleServiceRequests } from '../access/service-request-access.sql.js';
import { recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { selectServiceRequests, type ServiceRequestRow } from './service-requests.repository.js';
import { runningStatuses } from './service-requests.rules.js';
import { accessOf, readerOf, shapeListItem } from './service-requests.service.js';
import { chinaDayEnd as nextChinaDay, chinaDayStart as chinaStart } from '../../shared/working-days.rules.js';

type ListQuery = Omit<z.infer<typeof serviceRequestListQuery>, 'limit' | 'cursor'> & { limit?: number; cursor?: string | undefined };

const running = sql.join(runningStatuses.map((s) => sql.lit(s)));

function filtered(db: Kysely<DB>, reader: ComplaintReader, q: ListQuery) {
  let b = selectServiceRequests(db).where(visibleServiceRequests(reader));
  if (q.status) b = b.where('s.status', '=', q.status);
  if (q.category) b = b.where('s.category', '=', q.category);
  if (q.urgency) b = b.where('s.urgency', '=', q.urgency);
  if (q.teamDepartmentId) b = b.where('s.team_department_id', '=', q.teamDepartmentId);
  if (q.assigneeId) b = b.where('s.assignee_id', '=', q.assigneeId);
  if (q.customerId) b = b.where('s.customer_id', '=', q.customerId);
  if (q.from) b = b.where('s.received_at', '>=', chinaStart(q.from));
  if (q.to) b = b.where('s.received_at', '<', nextChinaDay(q.to));
  return b;
}

/** The SQL form of isServiceOverdue. */
const overdueCond = (now: Date) => sql<boolean>`(s.status IN (${running}) AND (s.resolution_due_at < ${now} OR (s.first_responded_at IS NULL AND s.first_response_due_at < ${now})))`;
const notOverdueCond = (now: Date) => sql<boolean>`NOT coalesce(${overdueCond(now)}, false)`;

/** Overdue first (newest first among them), then the rest newest first: two keyset phases on the id. */
export async function listServiceRequests(db: Kysely<DB>, p: Principal, q: ListQuery & { limit: number }, now = new Date()) {
  if (q.from && q.to && q.from > q.to) throw fieldError('to', 'must not be before from');
  const reader = await readerOf(db, p);
  const after = decodeCursor(q.cursor, 2);
  const phase = after ? String(after[0]) : 'a';
  if (phase !== 'a' && phase !== 'b') throw fieldError('cursor', 'must be a value taken from nextCursor');
  const afterId = after && after[1] !== '' ? String(after[1]) : null;
  if (afterId !== null && !/^\d{1,18}$/.test(afterId)) throw fieldError('cursor', 'must be a value taken from nextCursor');
  const rows: ServiceRequestRow[] = [];
  let nextCursor: string | null = null;
  if (phase === 'a') {
    const got = await filtered(db, reader, q).where(overdueCond(now)).$if(afterId !== null, (b) => b.where('s.id', '<', afterId!)).orderBy('s.id', 'desc').limit(q.limit + 1).execute();
    rows.push(...got.slice(0, q.limit));
    if (got.length > q.limit) nextCursor = encodeCursor(['a', rows[rows.length - 1]!.id]);
  }
  if (nextCursor === null && q.overdue !== 'true') {
    const room = q.limit - rows.length;
    const fromId = phase === 'b' ? afterId : null;
    const got = await filtered(db, reader, q).where(notOverdueCond(now)).$if(fromId !== null, (b) => b.where('s.id', '<', fromId!)).orderBy('s.id', 'desc').limit(room + 1).execute();
    const taken = got.slice(0, room);
    rows.push(...taken);
    if (got.length > room) nextCursor = encodeCursor(['b', taken.length ? taken[taken.length - 1]!.id : (fromId ?? '')]);
  }
  return {
    items: rows.map((r) => {
      const a = accessOf(reader, r);
      return shapeListItem(r, a.read && a.showCustomer, now);
    }),
    nextCursor,
  };
}

const statusZh: Record<ServiceStatus, string> = { open: '待响应', in_progress: '处理中', waiting_customer: '待客户回复', resolved: '已解决', closed: '已关闭', escalated: '已升级为投诉' };
const categoryZh: Record<string, string> = { question: '问题', consultation: '咨询', repair: '报修', other: '其他' };
const urgencyZh: Record<string, string> = { urgent: '紧急', high: '高', normal: '一般' };
const channelZh: Record<string, string> = { phone: '电话', email: '电邮', onsite: '现场', online: '在线', other: '其他' };
const chinaTime = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

export async function exportServiceRequests(db: Kysely<DB>, p: Principal, q: ListQuery & { format: 'csv' | 'xlsx' }, actor: Actor, now = new Date()) {
  if (q.from && q.to && q.from > q.to) throw fieldError('to', 'must not be before from');
  const reader = await readerOf(db, p);
  await recordReadAudit(db, actor, { action: 'service_request.exported', entityType: 'service_request', data: { format: q.format, status: q.status ?? null } }, now);
  type Shaped = ReturnType<typeof shapeListItem>;
  const cols: Column<Shaped>[] = [
    { header: '服务单号', value: (r) => r.requestNo }, { header: '受理时间', value: (r) => chinaTime(r.receivedAt) }, { header: '客户名称', value: (r) => r.customerName ?? '（按密级不显示）' },
    { header: '档案编号', value: (r) => r.archiveNo }, { header: '联系人', value: (r) => r.contactName }, { header: '渠道', value: (r) => channelZh[r.channel] ?? r.channel },
    { header: '问题性质', value: (r) => categoryZh[r.category] ?? r.category }, { header: '紧急程度', value: (r) => urgencyZh[r.urgency] ?? r.urgency }, { header: '主题', value: (r) => r.subject },
    { header: '状态', value: (r) => statusZh[r.status] }, { header: '处理团队', value: (r) => r.teamName ?? '客服部' }, { header: '处理人', value: (r) => r.assigneeName },
    { header: '首次响应时限', value: (r) => chinaTime(r.firstResponseDueAt) }, { header: '首次响应', value: (r) => chinaTime(r.firstRespondedAt) },
    { header: '解决时限', value: (r) => chinaTime(r.resolutionDueAt) }, { header: '解决时间', value: (r) => chinaTime(r.resolvedAt) }, { header: '超时', value: (r) => (r.overdue ? '是' : '') },
  ];
  async function* batches(): AsyncIterable<Shaped[]> {
    let before: string | null = null;
    for (;;) {
      const rows = await filtered(db, reader, q).$if(q.overdue === 'true', (b) => b.where(overdueCond(now))).$if(before !== null, (b) => b.where('s.id', '<', before!)).orderBy('s.id', 'desc').limit(1000).execute();
      if (rows.length === 0) return;
      yield rows.map((r) => {
        const a = accessOf(reader, r);
        return shapeListItem(r, a.read && a.showCustomer, now);
      });
      before = rows[rows.length - 1]!.id;
    }
  }
  const { stream } = streamTable(q.format, '服务请求', cols, batches());
  return { file: stream, filename: `service-requests.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

// ---- statistics ----------------------------------------------------------------------------------

type StatsQuery = z.infer<typeof serviceStatisticsQuery>;

function periodOf(q: StatsQuery, now: Date): { from: string; to: string } {
  const today = new Date(now.getTime() + 8 * 3_600_000);
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const startMonth = q.groupBy === 'year' ? 0 : q.groupBy === 'quarter' ? m - (m % 3) : m;
  const months = q.groupBy === 'year' ? 12 : q.groupBy === 'quarter' ? 3 : 1;
  const from = q.from ?? new Date(Date.UTC(y, startMonth, 1)).toISOString().slice(0, 10);
  const to = q.to ?? new Date(Date.UTC(y, startMonth + months, 0)).toISOString().slice(0, 10);
  if (from > to) throw fieldError('to', 'must not be before from');
  if (Date.parse(to) - Date.parse(from) > 10 * 366 * 86_400_000) throw fieldError('from', 'a period of at most 10 years');
  return { from, to };
}

export async function serviceRequestStatistics(db: Kysely<DB>, p: Principal, q: StatsQuery, now = new Date()) {
  const { from, to } = periodOf(q, now);
  const reader = await readerOf(db, p);
  const base = sql`SELECT s.* FROM service_requests s LEFT JOIN customers cu ON cu.id = s.customer_id
    WHERE s.received_at >= ${chinaStart(from)} AND s.received_at < ${nextChinaDay(to)} AND ${visibleServiceRequests(reader)}`;
  const unit = sql.lit(q.groupBy);
  const by = (col: string) => sql`(SELECT coalesce(json_object_agg(x.k, x.n), '{}') FROM (SELECT ${sql.ref(col)} k, count(*) n FROM f GROUP BY 1) x)`;
  const r = await sql<{ stats: Record<string, unknown> }>`
    WITH f AS MATERIALIZED (${base})
    SELECT json_build_object(
      'total', (SELECT count(*) FROM f),
      'byCategory', ${by('category')}, 'byUrgency', ${by('urgency')}, 'byStatus', ${by('status')}, 'byChannel', ${by('channel')},
      'byTeam', (SELECT coalesce(json_agg(json_build_object('departmentId', x.d::text, 'name', d.name, 'count', x.n) ORDER BY x.n DESC, d.name), '[]')
                   FROM (SELECT team_department_id d, count(*) n FROM f GROUP BY 1) x LEFT JOIN departments d ON d.id = x.d),
      'escalated', (SELECT count(*) FROM f WHERE status = 'escalated'),
      'avgHoursToFirstResponse', (SELECT round((avg(extract(epoch FROM first_responded_at - received_at)) / 3600)::numeric, 1) FROM f WHERE first_responded_at IS NOT NULL),
      'avgHoursToResolve', (SELECT round((avg(extract(epoch FROM resolved_at - received_at)) / 3600)::numeric, 1) FROM f WHERE resolved_at IS NOT NULL),
      'firstResponseOnTimeRate', (SELECT round(count(*) FILTER (WHERE first_responded_at <= first_response_due_at)::numeric / nullif(count(*), 0), 4) FROM f WHERE first_responded_at IS NOT NULL),
      'resolutionOnTimeRate', (SELECT round(count(*) FILTER (WHERE resolved_at <= resolution_due_at)::numeric / nullif(count(*), 0), 4) FROM f WHERE resolved_at IS NOT NULL),
      'periods', (SELECT coalesce(json_agg(json_build_object('period', x.p, 'total', x.n, 'resolved', x.res) ORDER BY x.p), '[]')
                    FROM (SELECT to_char(date_trunc(${unit}, received_at AT TIME ZONE 'Asia/Shanghai'), CASE ${unit} WHEN 'year' THEN 'YYYY' WHEN 'quarter' THEN 'YYYY"Q"Q' ELSE 'YYYY-MM' END) p,
                                 count(*) n, count(*) FILTER (WHERE resolved_at IS NOT NULL) res FROM f GROUP BY 1) x)
    ) AS stats`.execute(db);
  const s = r.rows[0]!.stats;
  const num = (x: unknown) => (x === null || x === undefined ? null : Number(x));
  return {
    from, to, groupBy: q.groupBy,
    total: Number(s.total),
    byCategory: s.byCategory as Record<string, number>, byUrgency: s.byUrgency as Record<string, number>, byStatus: s.byStatus as Record<string, number>, byChannel: s.byChannel as Record<string, number>,
    byTeam: s.byTeam as { departmentId: string | null; name: string | null; count: number }[],
    escalated: Number(s.escalated),
    avgHoursToFirstResponse: num(s.avgHoursToFirstResponse), avgHoursToResolve: num(s.avgHoursToResolve),
    firstResponseOnTimeRate: num(s.firstResponseOnTimeRate), resolutionOnTimeRate: num(s.resolutionOnTimeRate),
    periods: s.periods as { period: string; total: number; resolved: number }[],
  };
}
