/**
 * The two printed evaluation forms, pure, on the printed-form page of ARC-13 (A4, company name
 * and form number in the running header, "第 N 页 / 共 M 页" in the footer):
 * - 客户信用等级评定表 (seed 003 附件1): categories, indicators, points, who fills each, the
 *   proposal and its basis, the score, total, grade and tier, adjustments and signatures;
 * - 客户关系评估表 (seed 000 客户关系维护方案 §五): indicators with weights, scores, basis and
 *   remarks, total, the recommendation boxes, review comments and improvement measures (§六).
 * Forms print in Chinese whatever the screen language.
 */
import type { EvaluationDetail, ScorecardDefinition } from '../../../contract/evaluation.js';
import { evaluationFormNumbers } from '../../../contract/evaluation.js';
import { escapeHtml, renderPrintPage } from '../forms/forms.render.js';

export const evaluationFormTitles = { credit: '客户信用等级评定表', relationship: '客户关系评估表' } as const;

type Printed = { companyName: string; printedBy: string; printedAt: string };

const v = (x: unknown): string => (x === null || x === undefined || x === '' ? '' : escapeHtml(x));
const cell = (label: string, value: unknown, span = 1) => `<th>${escapeHtml(label)}</th><td${span > 1 ? ` colspan="${span}"` : ''}>${v(value)}</td>`;
const pts = (x: number | null | undefined) => (x === null || x === undefined ? '' : x.toFixed(1));
/** China time, minutes. */
const at = (iso: string | null | undefined) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

export const categoryLabels: Record<string, string> = { quality: '品质特性评价', stability: '合作稳定性评价', capacity: '吸货能力评价', regularity: '吸货均衡性评价', solvency: '偿债能力评价' };
export const customerTypeLabels: Record<string, string> = { distributor: '分销商', direct: '直销客户', manufacturer: '制造商', dealer: '经销商' };
export const tierLabels: Record<string, string> = { big: '大客户', key: '重点客户', normal: '普通客户', potential: '潜在客户' };
const fillerLabels: Record<string, string> = { sales: '销售部', finance: '计划财务部' };
const stateLabels: Record<string, string> = { open: '待填写', filled: '已填写', pending_approval: '待审定', finalised: '已审定' };

/** CNY as a Chinese form writes it: 669,986.99. */
const yuan = (x: unknown) => (typeof x === 'string' && /^-?\d+(\.\d{1,2})?$/.test(x) ? Number(x).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : String(x ?? ''));

/** What a computed proposal was computed from, in words (the keys of indicators.rules / evaluation.sql). */
export function describeBasis(key: string, basis: Record<string, string | number | null> | null): string {
  if (!basis) return '';
  const b = Object.fromEntries(Object.entries(basis).map(([k, x]) => [k, ['actual', 'target', 'lastYear', 'due', 'paidOnTime'].includes(k) ? yuan(x) : k === 'months' && typeof x === 'string' ? x.split(' / ').map(yuan).join(' / ') : x]));
  switch (key) {
    case 'cooperationLength': return b.firstTransactionOn ? `首笔交易 ${b.firstTransactionOn}，合作 ${b.days} 天（满 5 年满分）` : '尚无交易';
    case 'purchaseAmount': return `本期采购 ${b.actual} 元 / 目标 ${b.target} 元`;
    case 'purchaseGrowth': return `本期 ${b.actual} 元，上年同期 ${b.lastYear} 元`;
    case 'purchaseRegularity': return `各月采购 ${b.months} 元`;
    case 'paymentTimeliness': return Number(b.payments) > 0 ? `${b.payments} 笔应收，平均逾期 ${b.averageDaysOverdue} 天` : '本期无应收款';
    case 'creditFulfilment': return `应收 ${b.due} 元，按期收回 ${b.paidOnTime} 元`;
    default: return Object.entries(b).map(([k, x]) => `${k}: ${x ?? ''}`).join('；');
  }
}

/** The band table of the customer's group as the seed words it (评定标准). */
function bandsLine(def: ScorecardDefinition, customerType: string): string {
  const group = def.bandGroupOf[customerType as keyof ScorecardDefinition['bandGroupOf']] ?? 'direct';
  const label = def.indicators.reduce<Record<string, string>>((m, i) => ({ ...m, [i.key]: i.label }), {});
  const parts = def.bands[group].map((b) => `${b.grade}：${b.inclusive ? '≥' : '>'} ${b.min}${b.fullMarksOn ? ` 且${label[b.fullMarksOn] ?? b.fullMarksOn}满分` : ''}`);
  return `评定标准（${group === 'distributor' ? '分销商' : '直销客户'}）：${parts.join('；')}；低于 C 级或有呆坏帐记录为 D 级。`;
}

export function renderCreditForm(e: EvaluationDetail, def: ScorecardDefinition, p: Printed): string {
  const head = [
    `<tr>${cell('客户名称', e.customerName, 3)}</tr>`,
    `<tr>${cell('档案编号', e.archiveNo)}${cell('客户类型', customerTypeLabels[e.customerType] ?? e.customerType)}</tr>`,
    `<tr>${cell('评定季度', e.quarter)}${cell('所属部门', e.departmentName)}</tr>`,
    `<tr>${cell('评分表版本', `第 ${e.scorecardVersion} 版`)}${cell('状态', stateLabels[e.state] ?? e.state)}</tr>`,
  ];
  const rows: string[] = [];
  e.indicators.forEach((ind, i) => {
    const first = i === 0 || e.indicators[i - 1]!.category !== ind.category;
    const span = first ? e.indicators.slice(i).findIndex((x) => x.category !== ind.category) : 0;
    const rowspan = span === -1 ? e.indicators.length - i : span;
    const proposal = ind.source === 'computed' ? `${pts(ind.computed)}<div class="basis">${v(describeBasis(ind.key, ind.basis))}</div>` : '<span class="basis">人工评分</span>';
    rows.push(`<tr>${first ? `<td rowspan="${rowspan}">${escapeHtml(categoryLabels[ind.category] ?? ind.category)}</td>` : ''}<td class="num">${i + 1}</td><td>${v(ind.label)}</td><td class="num">${ind.max}</td><td>${escapeHtml(fillerLabels[ind.filledBy] ?? ind.filledBy)}</td><td>${proposal}</td><td class="num">${pts(ind.score)}</td></tr>`);
  });
  const max = e.indicators.reduce((s, i) => s + i.max, 0);
  rows.push(`<tr class="section"><th colspan="3">合计</th><td class="num">${max}</td><td colspan="2"></td><td class="num">${pts(e.total)}</td></tr>`);
  const cols = [15, 5, 14, 6, 13, 37, 10].map((w) => `<col style="width:${w}%">`).join('');
  const grid = `<table class="grid fixed"><colgroup>${cols}</colgroup><thead><tr><th>大类</th><th>序号</th><th>指标</th><th>分值</th><th>评定部门</th><th>系统建议及计算依据</th><th>得分</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  const result = [
    `<tr>${cell('合计得分', pts(e.total))}${cell('评定等级', e.grade)}</tr>`,
    `<tr>${cell('客户层级', e.tier ? tierLabels[e.tier] : '')}${cell('呆坏帐记录', e.badDebt ? '有' : '无')}</tr>`,
    `<tr>${cell('上期等级', e.previousGrade)}${cell('上期层级', e.previousTier ? tierLabels[e.previousTier] : '')}</tr>`,
    `<tr>${cell('上年采购额（元）', yuan(e.previousYearPurchases))}${cell('本期采购额（元）', yuan(e.periodPurchases))}</tr>`,
    ...(e.reason ? [`<tr>${cell('审定说明', e.reason, 3)}</tr>`] : []),
  ];
  const labelOf = (k: string) => e.indicators.find((i) => i.key === k)?.label ?? k;
  const adjustments = e.adjustments.length
    ? `<h2>调整记录</h2><table class="grid"><thead><tr><th>指标</th><th>原值</th><th>调整为</th><th>原因</th><th>调整人</th><th>时间</th></tr></thead><tbody>${e.adjustments
        .map((a) => `<tr><td>${v(labelOf(a.indicator))}</td><td class="num">${pts(a.from)}</td><td class="num">${pts(a.to)}</td><td>${v(a.reason)}</td><td>${v(a.byName)}</td><td class="nw">${at(a.at)}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const sign = `<table class="control"><tr><th>销售部评定</th><td>${v(e.salesFilledBy)}</td><td class="nw">${at(e.salesFilledAt)}</td></tr><tr><th>计划财务部评定</th><td>${v(e.financeFilledBy)}</td><td class="nw">${at(e.financeFilledAt)}</td></tr><tr><th>市场营销部经理审定</th><td>${v(e.finalisedBy)}</td><td class="nw">${at(e.finalisedAt)}</td></tr></table>`;
  const body = `<table class="form">${head.join('')}</table>${grid}<table class="form">${result.join('')}</table><p class="omitted">${escapeHtml(bandsLine(def, e.customerType))}</p>${adjustments}${sign}`;
  return renderPrintPage({ title: evaluationFormTitles.credit, formNo: evaluationFormNumbers.credit, subject: `${e.customerName} ${e.quarter}`, body, ...p });
}

export type RelationshipPrint = {
  customerName: string; archiveNo: string; customerGrade: string | null; evaluatedOn: string; evaluatorName: string | null; templateVersion: number; state: string;
  items: { label: string; weight: number; score: number; basis: string | null; remarks: string | null }[];
  total: number; proposed: string; recommendation: string; remarks: string | null;
  comments: { authorName: string | null; role: string; body: string; at: string }[];
  measures: { measure: string; ownerName: string | null; dueOn: string | null; createdByName: string | null; at: string }[];
};
const recommendationLabels: Record<string, string> = { improve: '改进关系', maintain: '维持关系', terminate: '终止关系' };
const commentRoles: Record<string, string> = { marketing_director: '营销总监', marketing_manager: '市场营销部经理', department: '相关部门' };
const relStates: Record<string, string> = { draft: '草稿', completed: '待审阅', reviewed: '已审阅' };

export function renderRelationshipForm(r: RelationshipPrint, p: Printed): string {
  const head = [
    `<tr>${cell('客户名称', r.customerName)}${cell('编号', r.archiveNo)}</tr>`,
    `<tr>${cell('客户等级', r.customerGrade)}${cell('评估日期', r.evaluatedOn)}</tr>`,
    `<tr>${cell('评估人', r.evaluatorName)}${cell('状态', `${relStates[r.state] ?? r.state}（模板第 ${r.templateVersion} 版）`)}</tr>`,
  ];
  const rows = r.items.map((it, i) => `<tr><td class="num">${i + 1}</td><td>${v(it.label)}</td><td class="num">${it.weight}%</td><td class="num">${it.score.toFixed(1)}</td><td>${v(it.basis)}</td><td>${v(it.remarks)}</td></tr>`);
  rows.push(`<tr class="section"><th colspan="2">合计</th><td class="num">${r.items.reduce((s, i) => s + i.weight, 0)}%</td><td class="num">${r.total.toFixed(1)}</td><td colspan="2">最终得分 = Σ 权重 × 得分</td></tr>`);
  const grid = `<table class="grid"><thead><tr><th>序号</th><th>分析指标</th><th>指标权重</th><th>指标得分</th><th>得分依据</th><th>备注</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  const boxes = (['improve', 'maintain', 'terminate'] as const).map((k) => `<span class="box">${r.recommendation === k ? '■' : '□'}${recommendationLabels[k]}</span>`).join(' ');
  const result = [
    `<tr>${cell('最终得分', r.total.toFixed(1))}${cell('系统建议', recommendationLabels[r.proposed] ?? r.proposed)}</tr>`,
    `<tr><th>评估结果建议</th><td colspan="3">${boxes}</td></tr>`,
    `<tr>${cell('备注', r.remarks, 3)}</tr>`,
  ];
  const comments = `<h2>审阅及反馈意见</h2><table class="grid"><thead><tr><th>审阅人</th><th>身份</th><th>意见</th><th>时间</th></tr></thead><tbody>${
    r.comments.map((c) => `<tr><td>${v(c.authorName)}</td><td>${escapeHtml(commentRoles[c.role] ?? c.role)}</td><td>${v(c.body)}</td><td class="nw">${at(c.at)}</td></tr>`).join('') || '<tr><td colspan="4" class="empty">暂无意见</td></tr>'
  }</tbody></table>`;
  const measures = `<h2>客户关系改进措施</h2><table class="grid"><thead><tr><th>序号</th><th>措施</th><th>负责人</th><th>完成期限</th><th>拟定人</th><th>拟定时间</th></tr></thead><tbody>${
    r.measures.map((m, i) => `<tr><td class="num">${i + 1}</td><td>${v(m.measure)}</td><td>${v(m.ownerName)}</td><td>${v(m.dueOn)}</td><td>${v(m.createdByName)}</td><td class="nw">${at(m.at)}</td></tr>`).join('') || '<tr><td colspan="6" class="empty">暂无改进措施</td></tr>'
  }</tbody></table>`;
  const body = `<table class="form">${head.join('')}</table>${grid}<table class="form">${result.join('')}</table>${comments}${measures}`;
  return renderPrintPage({ title: evaluationFormTitles.relationship, formNo: evaluationFormNumbers.relationship, subject: `${r.customerName} ${r.evaluatedOn}`, body, ...p });
}
