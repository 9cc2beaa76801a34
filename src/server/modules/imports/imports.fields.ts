/**
 * What an import file's columns mean (ARC-12), pure: the fields of each entity with their Chinese
 * template labels, English labels and accepted aliases; header → field mapping; and turning a
 * spreadsheet cell (text, number, date, boolean) into the value the API's zod schema expects.
 */
import { companyNatures, contactRoles, customerCategories, customerSources, customerStages, customerStatuses, customerTypes, importanceLevels, industryPositions, secrecyLevels } from '../../../contract/customers.js';
import type { ImportEntity } from '../../../contract/imports.js';
import { parseIndustry } from '../../../contract/industries.js';
import type { ImportIssueCode, ImportIssueParams } from '../../../contract/import-issues.js';

/** A finding with its stable code (issue 17 item 5): `message` in English, `code` + `params` for the reader's language. */
export type CodedProblem = { message: string; code: ImportIssueCode; params?: ImportIssueParams };

export type FieldKind = 'text' | 'code' | 'enum' | 'date' | 'money' | 'decimal' | 'int' | 'list' | 'bool' | 'user' | 'ref' | 'industry';
export type FieldSpec = {
  key: string;
  label: string;
  en: string;
  aliases?: readonly string[];
  kind: FieldKind;
  /** enum value → Chinese label */
  values?: Record<string, string>;
  required?: boolean;
  example: string;
  note?: string;
};

const labels = <K extends string>(keys: readonly K[], zh: Record<K, string>) => Object.fromEntries(keys.map((k) => [k, zh[k]])) as Record<string, string>;

const customerTypeZh = labels(customerTypes, { distributor: '分销商', direct: '直销客户', manufacturer: '制造商', dealer: '经销商' });
const sourceZh = labels(customerSources, { web: '网上信息', advert: '广告', transaction: '交易记录', association: '行业协会/主管部门', sales_visit: '销售代表走访', customer_form: '客户填表', agency: '专业调查机构', referral: '客户推荐', other: '其他' });
const secrecyZh = labels(secrecyLevels, { none: '公开', secret: '秘密', confidential: '机密', top_secret: '绝密' });
const natureZh = labels(companyNatures, { listed: '上市公司', private_ltd: '私人有限公司', sino_foreign_jv: '中外合资', wholly_foreign: '外商独资', state_owned: '国营公司', other: '其他' });
const positionZh = labels(industryPositions, { leader: '领导者', influential: '具影响力', medium: '中等', small: '小型厂商', other: '其他' });
const categoryZh = labels(customerCategories, { initial: '初期联系', potential: '潜在客户', following: '跟单客户', partner: '合作伙伴', abandoned: '放弃客户', vip: 'VIP 客户' });
const statusZh = labels(customerStatuses, { contacted: '已沟通', quoted: '已报价', proposal: '已做方案', contracted: '已签合同', closed_won: '已成交' });
const stageZh = labels(customerStages, { presales: '售前跟踪', contract: '合同执行', aftersales: '售后服务', expired: '合同期满' });
const importanceZh = labels(importanceLevels, { normal: '普通', important: '重要', very_important: '非常重要' });
const roleZh = labels(contactRoles, { legal_person: '公司法人', principal: '主要负责人', primary: '主要联系人', first: '第一联系人', second: '第二联系人', key_person: '关键人物', other: '其他' });

const customerFields: FieldSpec[] = [
  { key: 'name', label: '客户名称', en: 'Customer name', aliases: ['公司名称', '客户全称', '单位名称'], kind: 'text', required: true, example: '深圳市华信电子有限公司' },
  { key: 'shortName', label: '简称', en: 'Short name', aliases: ['客户简称'], kind: 'text', example: '华信电子' },
  { key: 'customerType', label: '客户类型', en: 'Customer type', kind: 'enum', values: customerTypeZh, required: true, example: '分销商' },
  { key: 'filedOn', label: '建档日期', en: 'Filed on', kind: 'date', example: '2026-03-01', note: '留空则为导入当天' },
  { key: 'source', label: '收集渠道', en: 'Source', aliases: ['客户来源'], kind: 'enum', values: sourceZh, example: '销售代表走访' },
  { key: 'owner', label: '责任人', en: 'Owner', aliases: ['客户经理'], kind: 'user', example: '', note: '用户名或姓名；留空则为导入人' },
  { key: 'secrecyLevel', label: '密级', en: 'Secrecy level', kind: 'enum', values: secrecyZh, example: '公开' },
  { key: 'address', label: '地址', en: 'Address', aliases: ['客户地址', '公司地址'], kind: 'text', example: '广东省深圳市南山区科技园南区 8 栋' },
  { key: 'postalCode', label: '邮政编码', en: 'Postal code', aliases: ['邮编'], kind: 'code', example: '518057' },
  { key: 'region', label: '地区代码', en: 'Region code', aliases: ['行政区划代码'], kind: 'code', example: '440305' },
  { key: 'phone', label: '电话', en: 'Phone', aliases: ['客户电话', '联系电话', '公司电话'], kind: 'code', example: '0755-26881234' },
  { key: 'fax', label: '传真', en: 'Fax', kind: 'code', example: '0755-26881235' },
  { key: 'email', label: '电子邮件', en: 'Email', aliases: ['E-mail', '邮箱', 'Email'], kind: 'text', example: 'info@huaxin.example.cn' },
  { key: 'website', label: '网站', en: 'Website', aliases: ['网址'], kind: 'text', example: 'www.huaxin.example.cn' },
  { key: 'qq', label: 'QQ', en: 'QQ', kind: 'code', example: '' },
  { key: 'wechat', label: '微信', en: 'WeChat', kind: 'text', example: '' },
  { key: 'creditCode', label: '统一社会信用代码', en: 'Credit code', aliases: ['信用代码'], kind: 'code', example: '91440300MA5F0A1B2N', note: '18 位，校验位须正确' },
  { key: 'foundedOn', label: '成立日期', en: 'Founded on', kind: 'date', example: '2012-05-18' },
  { key: 'registeredCapital', label: '注册资金', en: 'Registered capital', aliases: ['注册资金（元）', '注册资本'], kind: 'money', example: '5000000', note: '元；可写“500万”' },
  { key: 'shareholders', label: '主要股东', en: 'Shareholders', kind: 'list', example: '张伟、李娜', note: '多个用顿号或逗号分隔' },
  { key: 'bankName', label: '开户行', en: 'Bank', aliases: ['开户银行'], kind: 'text', example: '招商银行深圳分行' },
  { key: 'bankAccount', label: '银行账号', en: 'Bank account', aliases: ['账号'], kind: 'code', example: '' },
  { key: 'employeeCount', label: '职工人数', en: 'Employees', kind: 'int', example: '120' },
  { key: 'domesticStaff', label: '中方人数', en: 'Domestic staff', kind: 'int', example: '' },
  { key: 'foreignStaff', label: '外方人数', en: 'Foreign staff', kind: 'int', example: '' },
  { key: 'companyNature', label: '公司性质', en: 'Company nature', kind: 'enum', values: natureZh, example: '私人有限公司' },
  { key: 'industryCode', label: '行业代码', en: 'Industry code', aliases: ['行业分类', '国民经济行业分类', '行业大类', 'GB/T 4754'], kind: 'industry', example: '39 计算机、通信和其他电子设备制造业', note: 'GB/T 4754—2017 大类：代码（如 39）、名称，或 代码 名称' },
  { key: 'industry', label: '所属行业', en: 'Industry', kind: 'text', example: '电子元器件制造' },
  { key: 'industryPosition', label: '同业地位', en: 'Industry position', kind: 'enum', values: positionZh, example: '中等' },
  { key: 'mainBusiness', label: '主营业务', en: 'Main business', kind: 'text', example: '' },
  { key: 'mainProducts', label: '主导产品', en: 'Main products', aliases: ['主要产品'], kind: 'text', example: '' },
  { key: 'purchasedVarieties', label: '采购品种', en: 'Purchased varieties', kind: 'text', example: '' },
  { key: 'downstreamMarket', label: '下游市场', en: 'Downstream market', kind: 'text', example: '' },
  { key: 'cooperationSince', label: '与本公司合作时间', en: 'Cooperating since', aliases: ['合作时间'], kind: 'date', example: '' },
  { key: 'category', label: '客户类别', en: 'Category', kind: 'enum', values: categoryZh, example: '潜在客户' },
  { key: 'status', label: '客户状态', en: 'Status', kind: 'enum', values: statusZh, example: '' },
  { key: 'stage', label: '客户阶段', en: 'Stage', kind: 'enum', values: stageZh, example: '' },
  { key: 'importance', label: '客户级别', en: 'Importance', kind: 'enum', values: importanceZh, example: '普通' },
  { key: 'tags', label: '标签', en: 'Tags', kind: 'list', example: '' },
  { key: 'remarks', label: '备注', en: 'Remarks', kind: 'text', example: '' },
];

const customerRefFields: FieldSpec[] = [
  { key: 'archiveNo', label: '档案编号', en: 'Archive number', kind: 'ref', example: 'KH-2026-000001', note: '与“客户名称”二选一；优先使用档案编号' },
  { key: 'customerName', label: '客户名称', en: 'Customer name', aliases: ['公司名称'], kind: 'ref', example: '深圳市华信电子有限公司' },
];

const contactFields: FieldSpec[] = [
  ...customerRefFields,
  { key: 'role', label: '联系人角色', en: 'Role', aliases: ['角色'], kind: 'enum', values: roleZh, required: true, example: '主要联系人' },
  { key: 'name', label: '姓名', en: 'Name', aliases: ['联系人', '联系人姓名'], kind: 'text', required: true, example: '王芳' },
  { key: 'position', label: '职位', en: 'Position', aliases: ['职务'], kind: 'text', example: '采购经理' },
  { key: 'department', label: '部门', en: 'Department', kind: 'text', example: '采购部' },
  { key: 'mobile', label: '手机', en: 'Mobile', aliases: ['手机号码', '手机号'], kind: 'code', example: '13800138000' },
  { key: 'directPhone', label: '直线电话', en: 'Direct phone', aliases: ['办公电话'], kind: 'code', example: '' },
  { key: 'email', label: '电子邮件', en: 'Email', aliases: ['E-mail', '邮箱', 'Email'], kind: 'text', example: '' },
  { key: 'qq', label: 'QQ', en: 'QQ', kind: 'code', example: '' },
  { key: 'wechat', label: '微信', en: 'WeChat', kind: 'text', example: '' },
  { key: 'birthDate', label: '出生日期', en: 'Birth date', aliases: ['生日'], kind: 'date', example: '' },
  { key: 'education', label: '教育经历', en: 'Education', aliases: ['学历'], kind: 'text', example: '' },
  { key: 'hobbies', label: '兴趣爱好', en: 'Hobbies', kind: 'text', example: '' },
  { key: 'family', label: '家庭情况', en: 'Family', kind: 'text', example: '' },
  { key: 'notes', label: '备注', en: 'Notes', kind: 'text', example: '' },
];

const transactionFields: FieldSpec[] = [
  ...customerRefFields,
  { key: 'txNo', label: '交易编号', en: 'Transaction no.', aliases: ['合同编号', '单号'], kind: 'code', required: true, example: 'HT20260301001' },
  { key: 'date', label: '交易日期', en: 'Date', aliases: ['日期'], kind: 'date', required: true, example: '2026-03-01' },
  { key: 'place', label: '交易地点', en: 'Place', aliases: ['地点'], kind: 'text', example: '深圳' },
  { key: 'amount', label: '金额', en: 'Amount', aliases: ['交易金额', '金额（元）'], kind: 'money', required: true, example: '128000.00' },
  { key: 'product', label: '产品', en: 'Product', aliases: ['产品名称'], kind: 'text', example: '贴片电容' },
  { key: 'spec', label: '规格', en: 'Spec', aliases: ['规格型号'], kind: 'text', example: '0603' },
  { key: 'quantity', label: '数量', en: 'Quantity', kind: 'decimal', example: '10000' },
  { key: 'unit', label: '单位', en: 'Unit', kind: 'text', example: '只' },
  { key: 'price', label: '单价', en: 'Price', kind: 'decimal', example: '12.8' },
  { key: 'handledBy', label: '交易负责人', en: 'Handled by', aliases: ['经办人'], kind: 'user', example: '' },
  { key: 'breach', label: '是否违约', en: 'Breach', aliases: ['违约'], kind: 'bool', example: '否' },
  { key: 'breachNote', label: '违约说明', en: 'Breach note', kind: 'text', example: '' },
  { key: 'remarks', label: '备注', en: 'Remarks', kind: 'text', example: '' },
];

export const entityFields: Record<ImportEntity, readonly FieldSpec[]> = { customers: customerFields, contacts: contactFields, transactions: transactionFields };
export const entityLabels: Record<ImportEntity, string> = { customers: '客户档案', contacts: '联系人', transactions: '交易记录' };

/** Custom archive fields (ARC-1) as import columns: `custom.<key>`, headed by their label. */
export type CustomFieldDef = { key: string; label: string; type: string; options: string[]; disabled: boolean };
export function customFieldSpecs(defs: readonly CustomFieldDef[]): FieldSpec[] {
  return defs
    .filter((d) => !d.disabled)
    .map((d) => ({ key: `custom.${d.key}`, label: d.label, en: d.key, kind: d.type === 'number' ? 'decimal' : d.type === 'date' ? 'date' : d.type === 'multi' ? 'list' : 'text', example: '' }) as FieldSpec);
}

const headerKey = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').replace(/[*＊:：]$/, '').replace(/^[*＊]/, '').toLowerCase();

/**
 * Which field each header means: an explicit mapping first, then the API key, the Chinese label,
 * the English label and the aliases (full-width, spaces, case and a required-marker `*` ignored).
 * A header that names no field is ignored (reported as unmapped); a field named twice is an error.
 */
export function mapHeaders(headers: readonly string[], fields: readonly FieldSpec[], explicit: Record<string, string | null> = {}): { fields: (string | null)[]; problems: CodedProblem[] } {
  const byName = new Map<string, string>();
  for (const f of fields) for (const n of [f.key, f.label, f.en, ...(f.aliases ?? [])]) if (!byName.has(headerKey(n))) byName.set(headerKey(n), f.key);
  const known = new Set(fields.map((f) => f.key));
  const problems: CodedProblem[] = [];
  const explicitByKey = new Map(Object.entries(explicit).map(([h, f]) => [headerKey(h), f]));
  const out = headers.map((h) => {
    const k = headerKey(h);
    if (!k) return null;
    if (explicitByKey.has(k)) {
      const f = explicitByKey.get(k)!;
      if (f !== null && !known.has(f)) problems.push({ message: `mapping: "${h}" → "${f}" is not a field of this import`, code: 'mapping_unknown_field', params: { header: h, field: f } });
      return f !== null && known.has(f) ? f : null;
    }
    return byName.get(k) ?? null;
  });
  const seen = new Map<string, string>();
  out.forEach((f, i) => {
    if (!f) return;
    if (seen.has(f)) problems.push({ message: `columns "${seen.get(f)}" and "${headers[i]}" both map to ${f}`, code: 'mapping_twice', params: { first: seen.get(f)!, second: headers[i]!, field: f } });
    else seen.set(f, headers[i]!);
  });
  for (const f of fields) if (f.required && !out.includes(f.key) && !(f.kind === 'ref')) problems.push({ message: `required column "${f.label}" (${f.key}) is missing`, code: 'column_missing', params: { label: f.label } });
  if (fields.some((f) => f.kind === 'ref') && !out.includes('archiveNo') && !out.includes('customerName')) problems.push({ message: 'a column "档案编号" (archiveNo) or "客户名称" (customerName) is needed to find the customer', code: 'customer_column_missing' });
  return { fields: out, problems };
}

/** A raw cell as the readers produce it. */
export type Cell = string | number | boolean | Date | null | { formula: string };

/** Spreadsheet column letter of a 0-based index (0 → A, 26 → AA). */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const realDate = (y: number, m: number, d: number) => {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && y <= 2200 && dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : null;
};

/** '2026-3-5', '2026/03/05', '2026.3.5', '2026年3月5日', '20260305', an Excel serial number or a date cell → 'YYYY-MM-DD'. */
export function toIsoDate(v: Cell): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : realDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return null;
    if (v >= 19000101 && v <= 22001231) return realDate(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100);
    if (v > 0 && v < 120000) {
      const dt = new Date(Date.UTC(1899, 11, 30) + v * 86_400_000); // Excel's 1900 date system
      return realDate(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
    }
    return null;
  }
  if (typeof v !== 'string') return null;
  const s = v.normalize('NFKC').trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})-(\d{2})-(\d{2})T[\d:.]+Z?$/.exec(s);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

/** Text of a cell as a person reads it: whole numbers without ".0" or exponent. */
export function cellText(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? BigInt(v).toString() : String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return toIsoDate(v) ?? '';
  return `=${v.formula}`;
}

/** '1,234.5', '¥1234.50 元', '500万', 1234.5 → '1234.50'-style decimal text; null when it is not an amount. */
export function toDecimal(v: Cell, decimals: number): string | null {
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    s = v.toFixed(decimals);
    if (s.includes('.')) s = s.replace(/\.?0+$/, ''); // 1234.50 → 1234.5, but 260 stays 260
  } else if (typeof v === 'string') {
    s = v.normalize('NFKC').replace(/[,\s¥￥]|元$|RMB|CNY/gi, '');
  } else return null;
  let wan = false;
  if (s.endsWith('万')) {
    wan = true;
    s = s.slice(0, -1);
  }
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  if (wan) {
    // × 10,000 by moving the decimal point: no float rounding
    const [whole = '0', frac = ''] = s.split('.');
    const f = (frac + '0000').slice(0, 4);
    const rest = frac.slice(4);
    s = `${BigInt(whole + f).toString()}${rest ? '.' + rest : ''}`;
  }
  return s;
}

/** True for text a spreadsheet would run as a formula or a DDE command (`=cmd|' /C calc'!A0`). */
export function looksLikeFormula(s: string): boolean {
  // '+86 (0755) 2688…' is a phone number; '+cmd|…', '-2+3!A1' and '=…' / '@…' are not data
  return /^[=@]/.test(s) || (/^[+-]/.test(s) && (/^[+-]\s*[A-Za-z]/.test(s) || /[|!]/.test(s))) || /^\s*(cmd|dde|msexcel)\s*\|/i.test(s);
}

const truthy = new Set(['是', '有', 'y', 'yes', 'true', '1', '违约']);
const falsy = new Set(['否', '无', 'n', 'no', 'false', '0', '']);

export type Converted = { value: unknown } | { error: string; code: ImportIssueCode; params?: ImportIssueParams } | null;

/** One cell → the field's API value; null for an empty cell; `{ error }` when it cannot be read. */
export function convertCell(spec: FieldSpec, cell: Cell): Converted {
  if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) return { error: 'formulas are not imported: paste the values instead (公式不能导入，请粘贴为数值)', code: 'formula' };
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return null;
  if (typeof cell === 'string' && looksLikeFormula(cell.trim())) return { error: 'looks like a spreadsheet formula or command; such cells are refused (疑似公式或命令)', code: 'formula_like' };
  switch (spec.kind) {
    case 'text':
    case 'ref':
    case 'user':
      return { value: cellText(cell).trim() };
    case 'code':
      return { value: cellText(cell).normalize('NFKC').trim().toUpperCase() };
    case 'enum': {
      const t = cellText(cell).normalize('NFKC').trim();
      const lower = t.toLowerCase();
      for (const [k, zh] of Object.entries(spec.values ?? {})) {
        if (k === lower || zh.normalize('NFKC') === t || zh.normalize('NFKC').replace(/\s/g, '') === t.replace(/\s/g, '')) return { value: k };
      }
      return { error: `must be one of ${Object.values(spec.values ?? {}).join(' / ')}`, code: 'invalid_value', params: { values: Object.values(spec.values ?? {}) } };
    }
    case 'date': {
      const d = toIsoDate(cell);
      return d ? { value: d } : { error: 'must be a real date, e.g. 2026-03-01', code: 'invalid_date' };
    }
    case 'money': {
      const d = toDecimal(cell, 2);
      return d ? { value: d } : { error: 'must be an amount in yuan, e.g. 5000000 or 500万', code: 'invalid_amount' };
    }
    case 'decimal': {
      const d = toDecimal(cell, 4);
      return d ? { value: d } : { error: 'must be a number', code: 'invalid_number' };
    }
    case 'int': {
      const d = toDecimal(cell, 0);
      return d && /^\d+$/.test(d) && Number(d) <= Number.MAX_SAFE_INTEGER ? { value: Number(d) } : { error: 'must be a whole number', code: 'invalid_integer' };
    }
    case 'industry': {
      // GB/T 4754—2017 (ARC-1): '39', 'C39', the 大类's name, '39 名称' or an export's 'C 制造业 / 39 名称'
      const code = parseIndustry(typeof cell === 'number' ? cell : cellText(cell));
      const text = cellText(cell).trim();
      return code ? { value: code } : { error: `"${text}" is not a GB/T 4754-2017 division code or name (e.g. 39 or 计算机、通信和其他电子设备制造业)`, code: 'unknown_industry', params: { value: text } };
    }
    case 'list':
      return { value: cellText(cell).split(/[,，;；、\n]/).map((x) => x.trim()).filter(Boolean) };
    case 'bool': {
      const t = cellText(cell).trim().toLowerCase();
      if (truthy.has(t)) return { value: true };
      if (falsy.has(t)) return { value: false };
      return { error: 'must be 是 or 否', code: 'invalid_yes_no' };
    }
  }
}
