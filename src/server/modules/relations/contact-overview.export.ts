/** The 客户联络一览表 exported (xlsx/csv) and printed (A4), through the overview's visibility; view-only archives left out (SEC-5). */
import type { Kysely } from 'kysely';
import type { ContactState } from '../../../contract/relations.js';
import type { DB } from '../../db/schema.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { subjectOf } from '../access/access.service.js';
import { recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { getArchiveSettings } from '../documents/archive-settings.service.js';
import { escapeHtml, renderPrintPage } from '../forms/forms.render.js';
import { overviewBatches, type OverviewExportRow, type OverviewFilter } from './contact-overview.service.js';

export const stateLabels: Record<ContactState, string> = { ok: '正常', due_soon: '即将到期', overdue: '已逾期' };
const chinaTime = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '');
const stateText = (s: ContactState, due: string, today: string) => (s === 'overdue' ? `${stateLabels[s]} ${Math.round((Date.parse(today) - Date.parse(due)) / 86_400_000)} 天` : stateLabels[s]);

export async function exportContactOverview(db: Kysely<DB>, p: Principal, q: OverviewFilter & { format: 'csv' | 'xlsx' }, actor: Actor, now = new Date()) {
  const subject = await subjectOf(db, p);
  await recordReadAudit(db, actor, { action: 'customer.exported', entityType: 'contact_overview', data: { format: q.format, filter: { ...q, format: undefined } } }, now);
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const cols: Column<OverviewExportRow>[] = [
    { header: '档案编号', value: (r) => r.archiveNo }, { header: '客户名称', value: (r) => r.name }, { header: 'ABC 类别', value: (r) => r.abcClass }, { header: '负责人', value: (r) => r.ownerName },
    { header: '区域', value: (r) => r.region }, { header: '最近电话联络', value: (r) => chinaTime(r.lastCallAt) }, { header: '最近拜访', value: (r) => chinaTime(r.lastVisitAt) },
    { header: '下次电话联络', value: (r) => r.nextCallDue }, { header: '电话状态', value: (r) => stateText(r.callState, r.nextCallDue, today) },
    { header: '下次拜访', value: (r) => r.nextVisitDue }, { header: '拜访状态', value: (r) => stateText(r.visitState, r.nextVisitDue, today) }, { header: '逾期天数', value: (r) => r.overdueDays },
  ];
  const { stream } = streamTable(q.format, '客户联络一览表', cols, overviewBatches(db, subject, q, now, { exportable: true }) as AsyncIterable<OverviewExportRow[]>);
  return { file: stream, filename: `contact-overview.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

export const PRINT_MAX_ROWS = 500;

export async function printContactOverview(db: Kysely<DB>, p: Principal, q: OverviewFilter, actor: Actor, now = new Date()): Promise<{ html: string }> {
  const subject = await subjectOf(db, p);
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const rows: OverviewExportRow[] = [];
  for await (const batch of overviewBatches(db, subject, q, now, { exportable: true, max: PRINT_MAX_ROWS + 1 })) rows.push(...(batch as OverviewExportRow[]));
  const more = rows.length > PRINT_MAX_ROWS;
  const shown = rows.slice(0, PRINT_MAX_ROWS);
  const filters = [q.state ? `状态：${stateLabels[q.state]}` : '', q.abcClass ? `类别：${q.abcClass === 'none' ? '未分类' : q.abcClass}` : '', q.region ? `区域：${q.region}` : ''].filter(Boolean).join('　');
  const body = `<p class="omitted">统计日期：${escapeHtml(today)}${filters ? `　${escapeHtml(filters)}` : ''}　共 ${shown.length} 户${more ? `（仅打印前 ${PRINT_MAX_ROWS} 户，请缩小筛选范围）` : ''}</p>
<table class="grid"><thead><tr><th>序号</th><th>档案编号</th><th>客户名称</th><th>类别</th><th>负责人</th><th>最近电话</th><th>最近拜访</th><th>下次电话</th><th>下次拜访</th><th>状态</th></tr></thead><tbody>
${shown.length === 0 ? '<tr><td colspan="10" class="empty">无</td></tr>' : shown.map((r, i) => `<tr><td class="num">${i + 1}</td><td class="nw">${escapeHtml(r.archiveNo)}</td><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.abcClass ?? '—')}</td><td>${escapeHtml(r.ownerName)}</td><td class="nw">${escapeHtml(chinaTime(r.lastCallAt).slice(0, 10))}</td><td class="nw">${escapeHtml(chinaTime(r.lastVisitAt).slice(0, 10))}</td><td class="nw">${escapeHtml(r.nextCallDue)}</td><td class="nw">${escapeHtml(r.nextVisitDue)}</td><td class="nw">${escapeHtml(r.overdueDays > 0 ? `逾期 ${r.overdueDays} 天` : r.callState === 'due_soon' || r.visitState === 'due_soon' ? '即将到期' : '正常')}</td></tr>`).join('\n')}
</tbody></table><p class="sign">主管签字：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿＿＿＿＿</p>`;
  const settings = await getArchiveSettings(db);
  const me = await db.selectFrom('users').select('display_name').where('id', '=', p.userId).executeTakeFirst();
  await recordReadAudit(db, actor, { action: 'customer.printed', entityType: 'contact_overview', data: { form: 'contact-overview', rows: shown.length } }, now);
  return { html: renderPrintPage({ title: '客户联络一览表', formNo: 'KD-REL-01', companyName: settings.companyName, printedBy: me?.display_name ?? '', printedAt: chinaTime(now.toISOString()), subject: today, body }) };
}
