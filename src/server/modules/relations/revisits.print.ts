/** REL-7 客户回访报告表: one report printed as an A4 form (KD-REL-02), and the filtered list exported (xlsx/csv; view-only archives left out, SEC-5). */
import type { Kysely } from 'kysely';
import type { RevisitListQuery, RevisitReport } from '../../../contract/revisits.js';
import type { DB } from '../../db/schema.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { notFound } from '../../http/errors.js';
import { assertUse, subjectOf } from '../access/access.service.js';
import { exportableCustomers } from '../access/customer-access.sql.js';
import { recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer } from '../customers/customers.service.js';
import { getArchiveSettings } from '../documents/archive-settings.service.js';
import { escapeHtml, renderPrintPage } from '../forms/forms.render.js';
import { satisfactionLabels } from './revisits.rules.js';
import { filteredRevisitReports, selectRevisitReports, toRevisitReport } from './revisits.service.js';

export const REVISIT_FORM_NO = 'KD-REL-02';
export const methodLabels: Record<RevisitReport['method'], string> = { visit: '上门回访', phone: '电话回访', other: '其他' };
const sourceLabels: Record<string, string> = { task: '回访任务', complaint: '投诉回访', communication: '沟通记录' };
const chinaTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const v = (x: unknown) => (x === null || x === undefined || x === '' ? '' : escapeHtml(x));
const cell = (label: string, value: unknown, span = 1) => `<th>${escapeHtml(label)}</th><td${span > 1 ? ` colspan="${span}"` : ''}>${v(value)}</td>`;
const multiline = (label: string, value: string | null) => `<tr><th>${escapeHtml(label)}</th><td colspan="3" style="height:28mm; white-space:pre-wrap">${v(value)}</td></tr>`;

/** The form, pure: `contactNames` only when the reader's field groups open the contacts (SEC-4). */
export function renderRevisitForm(r: RevisitReport, contactNames: readonly string[] | null, printed: { companyName: string; printedBy: string; printedAt: string }): string {
  const met = [contactNames && contactNames.length > 0 ? contactNames.join('、') : '', r.contactsMet ?? ''].filter(Boolean).join('；');
  const stars = [1, 2, 3, 4, 5].map((n) => `<span class="box">${n === r.satisfaction ? '■' : '□'}${n} ${escapeHtml(satisfactionLabels[n])}</span>`).join(' ');
  const body = `<table class="form"><tbody>
<tr>${cell('客户名称', r.customerName)}${cell('档案编号', r.archiveNo)}</tr>
<tr>${cell('回访日期', r.visitedOn)}${cell('回访方式', methodLabels[r.method])}</tr>
<tr>${cell('回访人员', r.visitorName)}${cell('接待人员', met)}</tr>
<tr class="section"><th colspan="4">回访获取的信息</th></tr>
${multiline('客户评价信息', r.evaluation)}
${multiline('市场需求信息', r.marketDemand)}
${multiline('服务改进建议', r.serviceSuggestions)}
<tr><th>客户满意度</th><td colspan="3">${stars}</td></tr>
${multiline('跟进措施', r.followUpActions)}
<tr>${cell('来源', r.sourceType ? `${sourceLabels[r.sourceType]} #${r.sourceId}` : '')}${cell('填表时间', chinaTime(r.createdAt))}</tr>
</tbody></table>
<p class="sign">回访人签字：＿＿＿＿＿＿＿＿　　部门经理意见：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿＿＿＿＿</p>`;
  return renderPrintPage({ title: '客户回访报告表', formNo: REVISIT_FORM_NO, ...printed, subject: `${r.customerName} ${r.visitedOn}`, body });
}

export async function printRevisitReport(db: Kysely<DB>, p: Principal, id: string, actor: Actor, now = new Date()): Promise<{ html: string }> {
  const row = await selectRevisitReports(db).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('revisit report');
  const { decision } = await openCustomer(db, await subjectOf(db, p), row.customer_id, 'read', now);
  // confidential and top-secret archives are view-only: not printed (SEC-5)
  assertUse(decision, 'print');
  const report = toRevisitReport(row);
  const names = decision.groups.includes('contacts') && report.contactIds.length > 0
    ? (await db.selectFrom('contacts').select(['name', 'position']).where('customer_id', '=', report.customerId).where('id', 'in', report.contactIds).execute()).map((c) => (c.position ? `${c.name}（${c.position}）` : c.name))
    : null;
  const settings = await getArchiveSettings(db);
  const me = await db.selectFrom('users').select('display_name').where('id', '=', p.userId).executeTakeFirst();
  await recordReadAudit(db, actor, { action: 'customer.printed', entityType: 'customer', entityId: report.customerId, data: { form: 'revisit-report', revisitReportId: report.id } }, now);
  return { html: renderRevisitForm(report, names, { companyName: settings.companyName, printedBy: me?.display_name ?? '', printedAt: chinaTime(now.toISOString()) }) };
}

export async function exportRevisitReports(db: Kysely<DB>, p: Principal, q: Omit<RevisitListQuery, 'limit' | 'cursor'> & { format: 'csv' | 'xlsx' }, actor: Actor, now = new Date()) {
  const subject = await subjectOf(db, p);
  await recordReadAudit(db, actor, { action: 'customer.exported', entityType: 'revisit_report', data: { format: q.format, filter: { ...q, format: undefined } } }, now);
  const cols: Column<RevisitReport>[] = [
    { header: '回访日期', value: (r) => r.visitedOn }, { header: '档案编号', value: (r) => r.archiveNo }, { header: '客户名称', value: (r) => r.customerName }, { header: '回访方式', value: (r) => methodLabels[r.method] },
    { header: '回访人员', value: (r) => r.visitorName }, { header: '接待人员', value: (r) => r.contactsMet }, { header: '客户评价信息', value: (r) => r.evaluation }, { header: '市场需求信息', value: (r) => r.marketDemand },
    { header: '服务改进建议', value: (r) => r.serviceSuggestions }, { header: '满意度', value: (r) => r.satisfaction }, { header: '跟进措施', value: (r) => r.followUpActions }, { header: '来源', value: (r) => (r.sourceType ? sourceLabels[r.sourceType] ?? r.sourceType : '') },
  ];
  async function* batches() {
    let after: { on: string; id: string } | null = null;
    for (;;) {
      let query = filteredRevisitReports(db, exportableCustomers(subject), q);
      if (after) {
        const a: { on: string; id: string } = after;
        query = query.where((eb) => eb.or([eb('r.visited_on', '<', a.on), eb.and([eb('r.visited_on', '=', a.on), eb('r.id', '<', a.id)])]));
      }
      const rows = await query.orderBy('r.visited_on', 'desc').orderBy('r.id', 'desc').limit(2000).execute();
      if (rows.length === 0) return;
      yield rows.map(toRevisitReport);
      const last = rows[rows.length - 1]!;
      after = { on: String(last.visited_on), id: last.id };
      if (rows.length < 2000) return;
    }
  }
  const { stream } = streamTable(q.format, '客户回访报告', cols, batches());
  return { file: stream, filename: `revisit-reports.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
