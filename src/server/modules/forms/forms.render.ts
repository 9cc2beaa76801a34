/**
 * The printed forms (ARC-13) as print-ready HTML, pure: A4 pages whose running header carries the
 * company name, the form's title and its number, and whose footer numbers the pages ("第 N 页 /
 * 共 M 页") — CSS page margin boxes, so the browser's own print and a PDF printer number them.
 * Everything shown was already shaped by the access policy; a withheld part is left out and the
 * form says so.
 */
import type { FieldGroup } from '../../../contract/access.js';
import type { CatalogueEntry, DocumentCategory } from '../../../contract/documents.js';
import { formNumbers, type PrintForm } from '../../../contract/forms.js';
import { industryLabel } from '../../../contract/industries.js';
import { formTitles, label } from './forms.labels.js';

type Rec = Record<string, unknown>;
export type FormData = {
  form: PrintForm;
  companyName: string;
  printedBy: string;
  printedAt: string;
  groups: readonly FieldGroup[];
  customer: Rec;
  contacts: Rec[];
  transactions: Rec[];
  catalogue: { items: CatalogueEntry[]; totalPages: number; missing: DocumentCategory[] } | null;
  /** REL-2 on the 客户关系卡: last call and visit (China dates) and the next dues */
  contactState?: { lastCall: string | null; lastVisit: string | null; nextCallDue: string; nextVisitDue: string } | null;
};

export const escapeHtml = (v: unknown): string =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** A CSS string literal: quotes, backslashes, line breaks and `<` (so `</style>` cannot close the sheet) escaped. */
export const cssString = (v: string): string => `"${v.replace(/[\\"<>\n\r\u2028\u2029]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;

const v = (x: unknown): string => {
  if (x === null || x === undefined || x === '') return '';
  if (Array.isArray(x)) return escapeHtml(x.join('、'));
  return escapeHtml(x);
};
const cell = (labelText: string, value: unknown, span = 1) => `<th>${escapeHtml(labelText)}</th><td${span > 1 ? ` colspan="${span}"` : ''}>${v(value)}</td>`;
const boxes = (kind: string, options: readonly string[], chosen: unknown) => options.map((o) => `<span class="box">${o === chosen ? '■' : '□'}${escapeHtml(label(kind, o))}</span>`).join(' ');
/** 所属行业 on paper: the GB/T 4754 门类 / 大类 (ARC-1) and the free text beside it, each when there is one. */
const industryText = (c: { industryCode?: unknown; industry?: unknown }) =>
  [typeof c.industryCode === 'string' ? industryLabel(c.industryCode) : '', typeof c.industry === 'string' ? c.industry : ''].filter(Boolean).join('；') || null;
const date = (x: unknown) => (typeof x === 'string' ? x.slice(0, 10) : '');

function omittedNote(groups: readonly FieldGroup[], needed: readonly FieldGroup[]): string {
  const names: Record<string, string> = { contacts: '联系人', personal: '个人信息', financial: '财务信息', documents: '档案资料', evaluation: '评价信息' };
  const missing = needed.filter((g) => !groups.includes(g));
  return missing.length ? `<p class="omitted">注：按权限未打印${missing.map((g) => `「${names[g] ?? g}」`).join('')}部分。</p>` : '';
}

function archiveForm(d: FormData): string {
  const c = d.customer;
  const can = (g: FieldGroup) => d.groups.includes(g);
  const rows: string[] = [];
  rows.push(`<tr>${cell('档案编号', c.archiveNo)}${cell('建档日期', c.filedOn)}</tr>`);
  rows.push(`<tr>${cell('客户名称', c.name, 3)}</tr>`);
  rows.push(`<tr>${cell('客户地址', c.address)}${cell('邮编', c.postalCode)}</tr>`);
  rows.push(`<tr class="section"><th colspan="4">客户基本资料</th></tr>`);
  rows.push(`<tr>${cell('电话', c.phone)}${cell('传真', c.fax)}</tr>`);
  rows.push(`<tr>${cell('E-mail', c.email)}${cell('成立日期', c.foundedOn)}</tr>`);
  if (can('financial')) {
    rows.push(`<tr>${cell('注册资金（元）', c.registeredCapital)}${cell('主要股东', c.shareholders)}</tr>`);
    rows.push(`<tr>${cell('开户行', c.bankName)}${cell('账号', c.bankAccount)}</tr>`);
  }
  if (can('contacts')) {
    rows.push(`<tr class="section"><th colspan="4">客户负责人及联系人资料</th></tr>`);
    const wanted = ['legal_person', 'principal', 'primary'];
    const people = [...d.contacts].sort((a, b) => wanted.indexOf(String(a.role)) - wanted.indexOf(String(b.role))).filter((p) => wanted.includes(String(p.role)));
    for (const p of people.length ? people : d.contacts.slice(0, 3)) {
      rows.push(`<tr><th rowspan="${can('personal') ? 3 : 1}">${escapeHtml(label('contactRole', p.role))}</th><td>姓名：${v(p.name)}</td><td>职位：${v(p.position)}</td><td>教育经历：${v(p.education)}</td></tr>`);
      if (can('personal')) rows.push(`<tr><td>出生日期：${v(p.birthDate)}</td><td colspan="2">兴趣爱好：${v(p.hobbies)}</td></tr><tr><td colspan="3">家庭情况：${v(p.family)}</td></tr>`);
    }
  }
  rows.push(`<tr class="section"><th colspan="4">客户经营资料</th></tr>`);
  rows.push(`<tr><th>公司规模</th><td colspan="3">职工人数：${v(c.employeeCount)}　中方人数：${v(c.domesticStaff)}　外方人数：${v(c.foreignStaff)}</td></tr>`);
  rows.push(`<tr><th>公司性质</th><td colspan="3">${boxes('companyNature', ['listed', 'private_ltd', 'sino_foreign_jv', 'wholly_foreign', 'state_owned'], c.companyNature)}</td></tr>`);
  rows.push(`<tr><th>同业地位</th><td colspan="3">${boxes('industryPosition', ['leader', 'influential', 'medium', 'small', 'other'], c.industryPosition)}</td></tr>`);
  rows.push(`<tr>${cell('主营业务', c.mainBusiness)}${cell('附加业务', c.additionalBusiness)}</tr>`);
  if (can('financial')) {
    const sales = Object.entries((c.salesLast3Years as Record<string, string> | undefined) ?? {}).sort().map(([y, a]) => `${y} 年：${a} 元`).join('；');
    rows.push(`<tr>${cell('公司近 3 年销售业绩', sales, 3)}</tr>`);
  }
  let tx = '';
  if (can('financial')) {
    tx = `<h2>同本公司的交易情况</h2><table class="grid"><thead><tr><th>编号</th><th>交易时间</th><th>交易地点</th><th>交易金额（元）</th><th>交易负责人</th><th>是否有违约情况</th><th>备注</th></tr></thead><tbody>${
      d.transactions.map((t) => `<tr><td>${v(t.txNo)}</td><td>${v(t.date)}</td><td>${v(t.place)}</td><td class="num">${v(t.amount)}</td><td>${v(t.handledByName)}</td><td>${t.breach ? `是${t.breachNote ? `：${v(t.breachNote)}` : ''}` : '否'}</td><td>${v(t.remarks)}</td></tr>`).join('') || '<tr><td colspan="7" class="empty">无交易记录</td></tr>'
    }</tbody></table>`;
  }
  const tail: string[] = [`<tr>${cell('该客户当前信用等级', c.creditGrade, 3)}</tr>`];
  if (can('evaluation')) {
    tail.push(`<tr>${cell('本公司在交易中的优势', c.advantages, 3)}</tr>`);
    tail.push(`<tr>${cell('本公司在交易中的劣势和对策', [c.disadvantages, c.countermeasures].filter(Boolean).join('；'), 3)}</tr>`);
  }
  tail.push(`<tr>${cell('备注', c.remarks, 3)}</tr>`);
  const control = `<table class="control"><tr><th>编制日期</th><td>${v(c.filedOn)}</td><th>审核日期</th><td></td><th>批准日期</th><td></td></tr><tr><th>修改标记</th><td>${Number(c.revisionCount ?? 0) > 0 ? '有' : '无'}</td><th>修改处数</th><td>${v(c.revisionCount)}</td><th>修改日期</th><td>${date(c.updatedAt)}</td></tr></table>`;
  return `<table class="form">${rows.join('')}</table>${tx}<table class="form">${tail.join('')}</table>${control}${omittedNote(d.groups, ['contacts', 'personal', 'financial', 'evaluation'])}`;
}

function collectionForm(d: FormData): string {
  const c = d.customer;
  const contact = (role: string) => d.contacts.find((p) => p.role === role);
  const first = contact('first') ?? contact('primary');
  const second = contact('second');
  const rows = [
    `<tr>${cell('客户名称', c.name, 3)}</tr>`,
    `<tr>${cell('客户地址', c.address, 3)}</tr>`,
    `<tr>${d.groups.includes('financial') ? cell('注册资金（元）', c.registeredCapital) : '<th>注册资金</th><td class="withheld">—</td>'}${cell('与本公司合作时间', c.cooperationSince)}</tr>`,
    `<tr><th>客户类型</th><td colspan="3">${boxes('customerType', ['manufacturer', 'dealer', 'distributor', 'direct'], c.customerType)}</td></tr>`,
    `<tr>${cell('采购品种', c.purchasedVarieties, 3)}</tr>`,
    `<tr>${cell('主要产品', c.mainProducts, 3)}</tr>`,
    `<tr>${cell('下游市场', c.downstreamMarket, 3)}</tr>`,
    `<tr>${cell('第一联系人', first?.name)}${cell('手机', first?.mobile)}</tr>`,
    `<tr>${cell('第二联系人', second?.name)}${cell('手机', second?.mobile)}</tr>`,
    `<tr>${cell('QQ', c.qq)}${cell('微信', c.wechat)}</tr>`,
    `<tr>${cell('电话', c.phone)}${cell('E-mail', c.email)}</tr>`,
  ];
  return `<table class="form">${rows.join('')}</table><p class="sign">填表人：＿＿＿＿＿＿　　填表日期：＿＿＿＿年＿＿月＿＿日</p>${omittedNote(d.groups, ['financial', 'personal'])}`;
}

function basicInfoForm(d: FormData): string {
  const c = d.customer;
  const rows = [
    `<tr>${cell('档案编号', c.archiveNo)}${cell('建档日期', c.filedOn)}</tr>`,
    `<tr>${cell('客户名称', c.name)}${cell('简称', c.shortName)}</tr>`,
    `<tr>${cell('客户类型', label('customerType', c.customerType))}${cell('统一社会信用代码', c.creditCode)}</tr>`,
    `<tr>${cell('地址', c.address)}${cell('邮编', c.postalCode)}</tr>`,
    `<tr>${cell('电话', c.phone)}${cell('传真', c.fax)}</tr>`,
    `<tr>${cell('E-mail', c.email)}${cell('网站', c.website)}</tr>`,
    `<tr>${cell('QQ', c.qq)}${cell('微信', c.wechat)}</tr>`,
    `<tr>${cell('成立日期', c.foundedOn)}${d.groups.includes('financial') ? cell('注册资金（元）', c.registeredCapital) : cell('注册资金', '—')}</tr>`,
    `<tr>${cell('公司性质', label('companyNature', c.companyNature))}${cell('同业地位', label('industryPosition', c.industryPosition))}</tr>`,
    `<tr>${cell('所属行业', industryText(c))}${cell('职工人数', c.employeeCount)}</tr>`,
    `<tr>${cell('主营业务', c.mainBusiness, 3)}</tr>`,
    `<tr>${cell('主要产品', c.mainProducts, 3)}</tr>`,
    `<tr>${cell('与本公司合作时间', c.cooperationSince)}${cell('责任人', c.ownerName)}</tr>`,
    `<tr>${cell('信用等级', c.creditGrade)}${cell('客户层级', label('tier', c.tier))}</tr>`,
    `<tr>${cell('ABC 分类', c.abcClass)}${cell('密级', label('secrecyLevel', c.secrecyLevel))}</tr>`,
    `<tr>${cell('客户类别', label('category', c.category))}${cell('客户状态', label('status', c.status))}</tr>`,
    `<tr>${cell('客户阶段', label('stage', c.stage))}${cell('客户级别', label('importance', c.importance))}</tr>`,
  ];
  return `<table class="form">${rows.join('')}</table>${omittedNote(d.groups, ['financial'])}`;
}

function personalityForm(d: FormData): string {
  const personal = d.groups.includes('personal');
  const blocks = d.contacts.map((p) => {
    const rows = [
      `<tr>${cell('姓名', p.name)}${cell('角色', label('contactRole', p.role))}</tr>`,
      `<tr>${cell('职位', p.position)}${cell('部门', p.department)}</tr>`,
      `<tr>${cell('教育经历', p.education, 3)}</tr>`,
      ...(personal
        ? [
            `<tr>${cell('出生日期', p.birthDate)}${cell('手机', p.mobile)}</tr>`,
            `<tr>${cell('兴趣爱好', p.hobbies, 3)}</tr>`,
            `<tr>${cell('家庭情况', p.family, 3)}</tr>`,
            `<tr>${cell('重要纪念日', ((p.anniversaries as { label: string; date: string }[] | undefined) ?? []).map((a) => `${a.label} ${a.date}`), 3)}</tr>`,
          ]
        : []),
      `<tr>${cell('直线电话', p.directPhone)}${cell('E-mail', p.email)}</tr>`,
      `<tr>${cell('QQ', p.qq)}${cell('微信', p.wechat)}</tr>`,
      `<tr>${cell('备注', p.notes, 3)}</tr>`,
    ];
    return `<table class="form keep">${rows.join('')}</table>`;
  });
  return `<p>客户：${v(d.customer.name)}（${v(d.customer.archiveNo)}）</p>${blocks.join('') || '<p class="empty">暂无联系人</p>'}${omittedNote(d.groups, ['personal'])}`;
}

/** REL-2: when the customer was last called and visited, and when the next call and visit are due. */
const contactRows = (d: FormData) =>
  d.contactState
    ? `<tr>${cell('最近电话联络', d.contactState.lastCall ?? '无')}</tr><tr>${cell('最近拜访', d.contactState.lastVisit ?? '无')}</tr><tr>${cell('下次电话联络', d.contactState.nextCallDue)}</tr><tr>${cell('下次拜访', d.contactState.nextVisitDue)}</tr>`
    : '';

function relationshipCards(d: FormData): string {
  const c = d.customer;
  const important = c.importance === 'important' || c.importance === 'very_important' || c.tier === 'key' || c.tier === 'big';
  const cards = d.contacts.map(
    (p) => `<div class="card keep"><div class="card-title">客户关系卡${important ? '<span class="vip">重要客户</span>' : ''}</div><table class="form">
      <tr>${cell('客户姓名', p.name)}</tr><tr>${cell('工作单位', c.name)}</tr><tr>${cell('职位', p.position)}</tr><tr>${cell('住址', c.address)}</tr>
      <tr>${cell('联系方式', [p.mobile, p.directPhone, p.email].filter(Boolean).join(' / '))}</tr>${contactRows(d)}</table></div>`,
  );
  return `<div class="cards">${cards.join('') || '<p class="empty">暂无联系人</p>'}</div>${omittedNote(d.groups, ['personal'])}`;
}

function catalogueForm(d: FormData): string {
  const cat = d.catalogue ?? { items: [], totalPages: 0, missing: [] };
  const rows = cat.items
    .map((e) => `<tr><td class="num">${e.seq}</td><td style="padding-left:${4 + e.depth * 14}px">${v(e.title)}</td><td>${escapeHtml(label('documentCategory', e.category))}</td><td>${escapeHtml(label('documentKind', e.kind))}</td><td>${v(e.receivedOn)}</td><td class="num">${e.startPage === e.endPage ? e.startPage : `${e.startPage}–${e.endPage}`}</td><td class="num">${e.pages}</td><td>${escapeHtml(label('secrecyLevel', e.secrecyLevel))}</td><td>${v(e.remarks)}</td></tr>`)
    .join('');
  const missing = cat.missing.length ? `<p class="missing">缺少必备资料：${cat.missing.map((m) => escapeHtml(label('documentCategory', m))).join('、')}</p>` : '<p>必备资料齐全。</p>';
  return `<p>客户：${v(d.customer.name)}（${v(d.customer.archiveNo)}）</p><table class="grid"><thead><tr><th>序号</th><th>文件题名</th><th>类别</th><th>文种</th><th>收文日期</th><th>页号</th><th>页数</th><th>密级</th><th>备注</th></tr></thead><tbody>${rows || '<tr><td colspan="9" class="empty">暂无档案资料</td></tr>'}</tbody></table><p>本卷共 ${cat.items.length} 件，${cat.totalPages} 页。</p>${missing}`;
}

const bodies: Record<PrintForm, (d: FormData) => string> = {
  archive: archiveForm,
  collection: collectionForm,
  'basic-info': basicInfoForm,
  personality: personalityForm,
  'relationship-card': relationshipCards,
  catalogue: catalogueForm,
};

export function renderForm(d: FormData): string {
  return renderPrintPage({ title: formTitles[d.form], formNo: formNumbers[d.form], companyName: d.companyName, printedBy: d.printedBy, printedAt: d.printedAt, subject: String(d.customer.name ?? ''), body: bodies[d.form](d) });
}

/** The page of every printed form (ARC-13; the evaluation forms of spec 03 too): A4, header, page numbers, the body's HTML. */
export type PrintPage = { title: string; formNo: string; companyName: string; printedBy: string; printedAt: string; subject: string; body: string };

export function renderPrintPage(d: PrintPage): string {
  const title = d.title;
  const no = d.formNo;
  const css = `
@page { size: A4; margin: 20mm 15mm 18mm 15mm;
  @top-left { content: ${cssString(d.companyName)}; font-size: 9pt; color: #333; }
  @top-center { content: ${cssString(title)}; font-size: 9pt; color: #333; }
  @top-right { content: ${cssString(`表单编号：${no}`)}; font-size: 9pt; color: #333; }
  @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; }
  @bottom-right { content: ${cssString(`打印：${d.printedBy} ${d.printedAt}`)}; font-size: 8pt; color: #666; }
}
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10.5pt; color: #000; margin: 0; }
.sheet { max-width: 180mm; margin: 0 auto; }
h1 { text-align: center; font-size: 16pt; letter-spacing: 4px; margin: 0 0 4mm; }
h2 { font-size: 11pt; margin: 5mm 0 2mm; }
.meta { display: flex; justify-content: space-between; font-size: 9pt; margin-bottom: 2mm; }
table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; }
th, td { border: 0.6pt solid #000; padding: 1.6mm 2mm; vertical-align: top; text-align: left; word-break: break-all; }
table.form th { width: 22%; background: #f2f2f2; font-weight: normal; }
table.grid th { background: #f2f2f2; font-weight: normal; white-space: nowrap; }
thead { display: table-header-group; }
tr, .keep { break-inside: avoid; }
tr.section th { text-align: center; background: #e6e6e6; font-weight: bold; }
table.control th { width: auto; font-size: 9pt; }
.num { text-align: right; white-space: nowrap; }
.basis { font-size: 8.5pt; color: #333; word-break: normal; overflow-wrap: anywhere; }
.nw { white-space: nowrap; }
table.fixed { table-layout: fixed; }
.box { margin-right: 3mm; white-space: nowrap; }
.empty, .withheld { color: #666; text-align: center; }
.omitted, .missing { font-size: 9pt; color: #444; }
.cards { display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; }
.card { border: 1pt solid #000; padding: 2mm; }
.card-title { font-weight: bold; text-align: center; margin-bottom: 2mm; }
.vip { border: 0.6pt solid #000; margin-left: 2mm; padding: 0 1mm; font-size: 8pt; }
.sign { margin-top: 8mm; }
.screen-hint { background: #fffbe6; border: 1px solid #ffe58f; padding: 8px 12px; margin: 12px auto; max-width: 180mm; font-size: 13px; }
@media screen { body { background: #eee; } .sheet { background: #fff; padding: 15mm; margin: 12px auto 24px; box-shadow: 0 1px 4px rgba(0,0,0,.2); } }
@media print { .screen-hint { display: none; } }
`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · ${escapeHtml(d.subject)}</title><style>${css}</style></head>
<body><div class="screen-hint">打印预览：请使用浏览器的“打印”（Ctrl+P / ⌘P），纸张 A4，边距“默认”，即可打印带页眉和页码的表单。</div>
<div class="sheet"><h1>${escapeHtml(title)}</h1><div class="meta"><span>${escapeHtml(d.companyName)}</span><span>表单编号：${escapeHtml(no)}</span></div>
${d.body}
</div></body></html>`;
}
