/**
 * Import findings by code (issue 17 item 5, ARC-12): every finding of a dry run carries a stable
 * `code` and its `params`; the web client and the downloaded report render them in the reader's
 * language from these tables. `message` stays the English text for logs, scripts and the CLI.
 */
export const importIssueCodes = [
  // the field error codes a row's values can break (contract/errors.ts fieldErrorCodes)
  'required',
  'invalid_type', // params.expected: string | number
  'too_small', // params.minimum
  'too_big', // params.maximum
  'invalid_format', // params.format: email, date, regex, …
  'invalid_value', // params.values
  'unknown_field',
  'control_characters',
  'invalid', // any other rule of the API: `message` says which
  'unknown_industry', // params.value: neither a GB/T 4754—2017 大类 code nor its name (ARC-1)
  // cells
  'formula', // a spreadsheet formula cell
  'formula_like', // text that a spreadsheet would run as a formula or command
  'invalid_date',
  'invalid_amount',
  'invalid_number',
  'invalid_integer',
  'invalid_yes_no',
  // duplicates
  'same_in_file', // params.kind (name | creditCode | phone | email), params.row
  'possible_duplicate', // params.archiveNo, params.name, params.matchedOn
  'colleague_duplicate', // params.archiveNo, params.ownerName (an archive the importer may not see, ARC-10)
  'contact_exists',
  'transaction_exists',
  'transaction_same_in_file', // params.row
  // people and archives
  'unknown_user', // params.user
  'ambiguous_user', // params.user
  'disabled_user', // params.user
  'owner_inactive',
  'owner_not_assignable',
  'customer_missing',
  'customer_not_found',
  'customer_ambiguous', // params.archiveNos
  'customer_read_only',
  'group_withheld', // params.group: contacts | financial
  'personal_withheld',
  // columns
  'mapping_unknown_field', // params.header, params.field
  'mapping_twice', // params.first, params.second, params.field
  'column_missing', // params.label
  'customer_column_missing',
] as const;
export type ImportIssueCode = (typeof importIssueCodes)[number];
export type ImportIssueParams = Record<string, string | number | string[]>;
export type ImportLanguage = 'zh-CN' | 'en-US';

const zh: Record<ImportIssueCode, string> = {
  required: '必填',
  invalid_type: '类型不对（应为{expected}）',
  too_small: '不能少于 {minimum}',
  too_big: '不能超过 {maximum}',
  invalid_format: '{format}格式不正确',
  invalid_value: '只能是以下之一：{values}',
  unknown_field: '不是本导入的字段',
  control_characters: '不能含有控制字符',
  invalid: '不符合要求',
  unknown_industry: '“{value}”不是 GB/T 4754—2017 国民经济行业分类中的大类代码或名称（例如 39 或 计算机、通信和其他电子设备制造业）',
  formula: '公式不能导入，请粘贴为数值',
  formula_like: '疑似公式或命令，已拒绝',
  invalid_date: '应为真实的日期，例如 2026-03-01',
  invalid_amount: '应为以元计的金额，例如 5000000 或 500万',
  invalid_number: '应为数字',
  invalid_integer: '应为整数',
  invalid_yes_no: '应填“是”或“否”',
  same_in_file: '与本文件第 {row} 行的{kind}重复',
  possible_duplicate: '疑似重复档案：{archiveNo} {name}（{matchedOn}相同）',
  colleague_duplicate: '疑似与同事 {ownerName} 的档案 {archiveNo} 重复（您无权查看，可申请共享或移交）',
  contact_exists: '该客户已有同名联系人',
  transaction_exists: '该客户已有此交易编号',
  transaction_same_in_file: '与本文件第 {row} 行的交易编号相同',
  unknown_user: '用户“{user}”不存在',
  ambiguous_user: '有多个用户叫“{user}”，请填写用户名',
  disabled_user: '用户“{user}”已停用',
  owner_inactive: '负责人不是在用的用户',
  owner_not_assignable: '只能把档案分配给自己或您所管理的人员',
  customer_missing: '缺少客户：请填写档案编号或客户名称',
  customer_not_found: '档案不存在（或您无权查看）',
  customer_ambiguous: '有多个档案叫这个名字（{archiveNos}），请填写档案编号',
  customer_read_only: '您可以查看该档案，但无权修改',
  group_withheld: '您无权导入该档案的{group}部分',
  personal_withheld: '您无权填写联系人的个人信息',
  mapping_unknown_field: '列对应：“{header}” → “{field}” 不是本导入的字段',
  mapping_twice: '“{first}”和“{second}”两列都对应到 {field}',
  column_missing: '缺少必填列“{label}”',
  customer_column_missing: '需要“档案编号”或“客户名称”列来找到客户',
};

const en: Record<ImportIssueCode, string> = {
  required: 'is required',
  invalid_type: 'has the wrong type (expected {expected})',
  too_small: 'must be at least {minimum}',
  too_big: 'must be at most {maximum}',
  invalid_format: 'is not a valid {format}',
  invalid_value: 'must be one of: {values}',
  unknown_field: 'is not a field of this import',
  control_characters: 'must not contain control characters',
  invalid: 'is not valid',
  unknown_industry: '"{value}" is neither a division code of GB/T 4754-2017 nor its name (e.g. 39 or 计算机、通信和其他电子设备制造业)',
  formula: 'formulas are not imported: paste the values instead',
  formula_like: 'looks like a spreadsheet formula or command; such cells are refused',
  invalid_date: 'must be a real date, e.g. 2026-03-01',
  invalid_amount: 'must be an amount in yuan, e.g. 5000000 or 500万',
  invalid_number: 'must be a number',
  invalid_integer: 'must be a whole number',
  invalid_yes_no: 'must be 是 (yes) or 否 (no)',
  same_in_file: 'same {kind} as row {row} of this file',
  possible_duplicate: 'possible duplicate of {archiveNo} {name} (same {matchedOn})',
  colleague_duplicate: 'possible duplicate of {archiveNo}, owned by {ownerName} (not visible to you; ask for a share or a transfer)',
  contact_exists: 'this customer already has a contact of this name',
  transaction_exists: 'this customer already has a transaction with this number',
  transaction_same_in_file: 'the same transaction number as row {row}',
  unknown_user: 'no user "{user}"',
  ambiguous_user: 'several users are named "{user}"; use the username',
  disabled_user: 'user "{user}" is disabled',
  owner_inactive: 'the owner is not an active user',
  owner_not_assignable: 'you may only assign archives to yourself or to users whose customers you manage',
  customer_missing: 'the customer is missing: fill in the archive number or the customer name',
  customer_not_found: 'no such customer archive (or not visible to you)',
  customer_ambiguous: 'several archives are named so ({archiveNos}); use the archive number',
  customer_read_only: 'you may read this archive but not change it',
  group_withheld: 'the {group} part of this archive is withheld from you',
  personal_withheld: "contacts' personal information is withheld from you",
  mapping_unknown_field: 'mapping: "{header}" → "{field}" is not a field of this import',
  mapping_twice: 'columns "{first}" and "{second}" both map to {field}',
  column_missing: 'the required column "{label}" is missing',
  customer_column_missing: 'a column "档案编号" (archive number) or "客户名称" (customer name) is needed to find the customer',
};

/** Parameter values that are themselves codes (a duplicate's key, a field group, a format, a type). */
const words: Record<ImportLanguage, Record<string, string>> = {
  'zh-CN': {
    name: '客户名称', creditCode: '统一社会信用代码', phone: '电话', email: '电子邮箱', contacts: '联系人', financial: '财务',
    date: '日期', regex: '', url: '网址', uuid: '编号', string: '文本', number: '数字', boolean: '是/否', array: '列表',
  },
  'en-US': { creditCode: 'credit code', financial: 'financial', contacts: 'contacts', regex: 'value' },
};
const translated = new Set(['kind', 'matchedOn', 'group', 'format', 'expected']);

export const importIssueTexts: Record<ImportLanguage, Record<ImportIssueCode, string>> = { 'zh-CN': zh, 'en-US': en };

export const isImportIssueCode = (c: unknown): c is ImportIssueCode => typeof c === 'string' && (importIssueCodes as readonly string[]).includes(c);

/** A finding as its reader reads it: the code's text with its parameters, else the stored message. */
export function importIssueText(i: { message: string; code?: string | null | undefined; params?: ImportIssueParams | null | undefined }, language: ImportLanguage): string {
  if (!isImportIssueCode(i.code)) return i.message;
  const sep = language === 'zh-CN' ? '、' : ', ';
  const word = (k: string, v: string) => (translated.has(k) ? (words[language][v] ?? v) : v);
  return importIssueTexts[language][i.code].replace(/\{(\w+)\}/g, (_m, k: string) => {
    const v = i.params?.[k];
    if (v === undefined) return '';
    return Array.isArray(v) ? v.map((x) => word(k, x)).join(sep) : word(k, String(v));
  });
}
