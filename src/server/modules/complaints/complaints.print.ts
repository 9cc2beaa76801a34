/**
 * The complaint forms of seed 000 on the printed-form page (ARC-13: A4, company and form number in
 * the running header, page numbers): 客户投诉记录单 + 客户投诉处理单 for one complaint, and the
 * 客户投诉（月、季、年）分析统计表 with the seed's columns (日期, 编号, 客户投诉内容: 投诉姓名, 品名,
 * 数量, 单位; 责任; 处理方式: 赔偿, 退货, 折价, 其他; 损失金额). Pure renderers plus their loaders.
 * Forms print in Chinese whatever the screen language; a withheld customer name prints withheld.
 */
import type { Kysely } from 'kysely';
import type { Complaint } from '../../../contract/complaints.js';
import type { z } from 'zod';
import type { statisticsQuery } from '../../../contract/complaints.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../audit/audit.types.js';
import { recordReadAudit } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { getArchiveSettings } from '../documents/archive-settings.service.js';
import { escapeHtml, renderPrintPage } from '../forms/forms.render.js';
import type { ComplaintRow } from './complaints.repository.js';
import { complaintStatistics, statisticsRows } from './complaints.query.js';
import { getComplaint } from './complaints.service.js';

export const complaintFormNumbers = { record: 'KD-SVC-01', handling: 'KD-SVC-02', statistics: 'KD-SVC-03' } as const;

const v = (x: unknown): string => (x === null || x === undefined || x === '' ? '' : escapeHtml(x));
const cell = (label: string, value: unknown, span = 1) => `<th>${escapeHtml(label)}</th><td${span > 1 ? ` colspan="${span}"` : ''}>${v(value)}</td>`;
const chinaTime = (iso: string | null | undefined) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '');
const channelZh: Record<string, string> = { phone: '电话投诉', email: '电邮投诉', onsite: '现场投诉', online: '在线投诉', other: '其他投诉' };
const resolutionZh: Record<string, string> = { compensation: '赔偿', return: '退货', discount: '折价', repair: '维修', apology: '致歉', other: '其他' };
const HIDDEN = '（按密级不显示）';

type Printed = { companyName: string; printedBy: string; printedAt: string };

export function renderComplaintForms(c: Complaint, printed: Printed): string {
  const name = c.customerHidden ? HIDDEN : c.customerName;
  const products = c.products.map((x) => `${x.product} ${x.quantity}${x.unit}`).join('；');
  const record = `<table class="form"><tbody>
<tr>${cell('投诉客户名称', name)}${cell('受理编号', c.complaintNo)}</tr>
<tr>${cell('营业地址', c.businessAddress, 3)}</tr>
<tr>${cell('受理日期', chinaTime(c.receivedAt))}${cell('投诉方式', channelZh[c.channel])}</tr>
<tr>${cell('客户联系方式', [c.contactName, c.contactPhone].filter(Boolean).join(' '), 3)}</tr>
<tr>${cell('投诉理由（事件经过）', c.reason, 3)}</tr>
<tr>${cell('投诉要求', c.demand, 3)}</tr>
<tr>${cell('涉及产品', products, 3)}</tr>
<tr>${cell('部门', c.responsibleDepartmentName ?? '')}${cell('受理人员（签字）', c.receivedByName)}</tr>
</tbody></table>`;
  const signOff = c.customerSignOff ? `${c.customerSignOff.name}　${c.customerSignOff.date}${c.customerSignOff.kind === 'typed' ? '' : c.customerSignOff.kind === 'drawn' ? '（手写签名已存档）' : '（签字扫描件已存档）'}` : '';
  const handling = `<h2>客户投诉处理单</h2><table class="form"><tbody>
<tr>${cell('客户名称', name)}${cell('处理单编号', c.handlingNo)}</tr>
<tr>${cell('处理部门', c.responsibleDepartmentName)}${cell('处理日期', chinaTime(c.resolvedAt))}</tr>
<tr>${cell('处理期限', chinaTime(c.deadlineAt))}${cell('原因调查', c.cause)}</tr>
<tr>${cell('处理方案', c.plan, 3)}</tr>
<tr>${cell('投诉处理结果', c.resolution ? `${resolutionZh[c.resolution.kind]}，损失金额 ${c.resolution.lossAmount} 元` : '', 3)}</tr>
<tr>${cell('受理人员意见', c.receiverOpinion, 3)}</tr>
<tr>${cell('部门经理意见', c.managerOpinion, 3)}</tr>
<tr>${cell('客户意见', c.customerOpinion, 3)}</tr>
<tr>${cell('客户签字', signOff, 3)}</tr>
<tr>${cell('回访', c.followUp ? `满意度 ${c.followUp.satisfaction}/5　${c.followUp.comments}（${chinaTime(c.followUp.at)}）` : '', 3)}</tr>
</tbody></table>`;
  return renderPrintPage({ title: '客户投诉记录单', formNo: complaintFormNumbers.record, ...printed, subject: c.complaintNo, body: record + handling });
}

export type StatisticsPrint = { from: string; to: string; groupBy: string; rows: { row: ComplaintRow; showCustomer: boolean }[]; summary: Awaited<ReturnType<typeof complaintStatistics>> };

export function renderStatistics(d: StatisticsPrint, printed: Printed): string {
  const period = d.groupBy === 'year' ? '年' : d.groupBy === 'quarter' ? '季' : '月';
  const rows = d.rows.map(({ row: r, showCustomer }) => {
    const products = (r.products as { product: string; quantity: string; unit: string }[]) ?? [];
    // several products of one complaint: one line each in the 品名 / 数量 / 单位 cells
    const lines = (f: (x: { product: string; quantity: string; unit: string }) => string) => products.map((x) => v(f(x))).join('<br>');
    const mark = (k: string) => (r.resolution_kind === k || (k === 'other' && r.resolution_kind && !['compensation', 'return', 'discount'].includes(r.resolution_kind)) ? '✓' : '');
    return `<tr><td class="nw">${v(chinaTime(r.received_at.toISOString()).slice(0, 10))}</td><td class="nw">${v(r.complaint_no)}</td><td>${v(showCustomer ? (r.archive_name ?? r.customer_name) : HIDDEN)}</td>
<td>${lines((x) => x.product)}</td><td class="num">${lines((x) => x.quantity)}</td><td>${lines((x) => x.unit)}</td><td>${v(r.responsible_department_name)}</td>
<td>${mark('compensation')}</td><td>${mark('return')}</td><td>${mark('discount')}</td><td>${mark('other')}</td><td class="num">${v(r.loss_amount)}</td></tr>`;
  }).join('');
  const s = d.summary;
  const loss = Object.values(s.byResolution).reduce((a, x) => a + Number(x.lossAmount), 0).toFixed(2);
  const body = `<p>统计期间：${escapeHtml(d.from)} 至 ${escapeHtml(d.to)}（${period}）</p>
<table class="grid"><thead><tr><th rowspan="2">日期</th><th rowspan="2">编号</th><th colspan="4">客户投诉内容</th><th rowspan="2">责任</th><th colspan="4">处理方式</th><th rowspan="2">损失金额</th></tr>
<tr><th>投诉姓名</th><th>品名</th><th>数量</th><th>单位</th><th>赔偿</th><th>退货</th><th>折价</th><th>其他</th></tr></thead>
<tbody>${rows || '<tr><td colspan="12" class="empty">本期无投诉</td></tr>'}</tbody></table>
<table class="form"><tbody>
<tr>${cell('投诉总数', s.total)}${cell('损失金额合计（元）', loss)}</tr>
<tr>${cell('平均处理时长（小时）', s.avgHoursToResolve ?? '—')}${cell('按期解决率', s.onTimeRate === null ? '—' : `${(s.onTimeRate * 100).toFixed(1)}%`)}</tr>
<tr>${cell('回访满意度（1–5）', s.avgSatisfaction ?? '—')}${cell('按投诉方式', Object.entries(s.byChannel).map(([k, n]) => `${channelZh[k]?.replace('投诉', '') ?? k} ${n}`).join('，'))}</tr>
<tr>${cell('按责任部门', s.byDepartment.map((x) => `${x.name ?? '未分派'} ${x.count}`).join('，'), 3)}</tr>
</tbody></table>
<table class="form"><tbody><tr>${cell('编制（客户服务部）', '')}${cell('审核', '')}${cell('批准', '')}</tr></tbody></table>`;
  return renderPrintPage({ title: `客户投诉（${period}）分析统计表`, formNo: complaintFormNumbers.statistics, ...printed, subject: `${d.from}–${d.to}`, body });
}

async function printedBy(db: Kysely<DB>, p: Principal, now: Date): Promise<Printed> {
  const [settings, me] = await Promise.all([getArchiveSettings(db), db.selectFrom('users').select('display_name').where('id', '=', p.userId).executeTakeFirst()]);
  return { companyName: settings.companyName, printedBy: me?.display_name ?? '', printedAt: chinaTime(now.toISOString()) };
}

export async function printComplaint(db: Kysely<DB>, p: Principal, id: string, actor: Actor, now = new Date()) {
  const c = await getComplaint(db, p, id, now);
  if (c.customerId && !c.customerHidden) {
    const lvl = await db.selectFrom('customers').select('secrecy_level').where('id', '=', c.customerId).executeTakeFirst();
    if (lvl && (lvl.secrecy_level === 'confidential' || lvl.secrecy_level === 'top_secret')) throw new AppError('forbidden', 'This archive is view-only at its secrecy level: no print.', { rule: 'SEC-5' });
  }
  await recordReadAudit(db, actor, { action: 'complaint.exported', entityType: 'complaint', entityId: id, data: { form: 'complaint-record' } }, now);
  return { html: renderComplaintForms(c, await printedBy(db, p, now)) };
}

export async function printStatistics(db: Kysely<DB>, p: Principal, q: z.infer<typeof statisticsQuery>, actor: Actor, now = new Date()) {
  const [rows, summary] = await Promise.all([statisticsRows(db, p, q, now), complaintStatistics(db, p, q, now)]);
  await recordReadAudit(db, actor, { action: 'complaint.exported', entityType: 'complaint', data: { form: 'complaint-statistics', from: rows.from, to: rows.to } }, now);
  return { html: renderStatistics({ from: rows.from, to: rows.to, groupBy: q.groupBy, rows: rows.rows, summary }, await printedBy(db, p, now)) };
}
