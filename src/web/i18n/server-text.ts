/**
 * The server writes `detail` and field messages in English. In Chinese, the phrases it is known
 * to send are shown translated; anything else is shown as sent rather than hidden.
 */
import { formatDateTime } from '../ui/format.js';
import { currentLanguage } from './index.js';
import { fieldErrorTextEn } from './problems.en-US.js';
import { fieldErrorTextZh } from './problems.zh-CN.js';
import { securityDetailRulesZh, securityFieldMessagesZh } from './security-server-text.js';

const fieldMessagesZh: Record<string, string> = {
  'is shorter than any password policy allows (at least 8 characters)': '密码长度不足（任何密码策略都至少要求 8 个字符）',
  'is already taken': '已被使用',
  'is not your current password': '当前密码不正确',
  'no such department': '部门不存在',
  'the department is disabled': '该部门已停用',
  'is stale': '已被他人修改，请刷新后重试',
  'is not a known field': '不是可识别的字段',
  'must not be empty': '不能为空',
  'must be an id': '不是有效的 ID',
  'must differ from the current password': '不能与当前密码相同',
  'must differ from the 5 most recent passwords': '不能与最近 5 次使用过的密码相同',
  'is inside this department': '不能移动到它自己或它的下级部门之下',
  'is already used by a sibling department': '同一上级部门下已有同名部门',
  'is shorter than the password policy allows (asvs: 10, dengbao: 8 characters)': '长度不足（ASVS 策略至少 10 位，等保策略至少 8 位）',
  'is longer than 128 characters': '不能超过 128 个字符',
  'is a commonly used password': '是常见弱密码，请换一个',
  'must not contain the username': '不能包含用户名',
  'needs three of: lower case, upper case, digits, symbols': '须包含大写字母、小写字母、数字、符号中的至少三类',
  'letters, digits, dot, underscore and hyphen only': '只能使用字母、数字、点、下划线和连字符',
  ...securityFieldMessagesZh,
};

type DetailRule = { pattern: RegExp; zh: (m: RegExpMatchArray) => string };

const detailRulesZh: DetailRule[] = [
  { pattern: /^Wrong username or password\.$/, zh: () => '用户名或密码错误。' },
  { pattern: /^Wrong username or password, or the account is locked for a while after repeated failed sign-ins\.$/, zh: () => '用户名或密码错误；多次登录失败后账户会被暂时锁定。' },
  {
    pattern: /^Wrong username or password\. The account is now locked until (\S+)\.$/,
    zh: (m) => `用户名或密码错误。连续失败次数过多，账户已锁定至 ${formatDateTime(m[1])}。`,
  },
  {
    pattern: /^The account is locked after repeated failed sign-ins until (\S+)\.$/,
    zh: (m) => `连续登录失败次数过多，账户已锁定至 ${formatDateTime(m[1])}，请稍后再试或联系管理员解锁。`,
  },
  { pattern: /^You cannot disable your own account\.$/, zh: () => '不能停用自己的账户。' },
  {
    pattern: /^parentId: a department cannot move under itself or its own sub-department$/,
    zh: () => '部门不能移动到它自己或它的下级部门之下。',
  },
  { pattern: /^name: a sibling department already has this name$/, zh: () => '同一上级部门下已有同名部门。' },
  ...securityDetailRulesZh,
];

export const localizeFieldMessage = (message: string): string =>
  currentLanguage() === 'zh-CN' ? (fieldMessagesZh[message] ?? message) : message;

type CodedFieldError = { message: string; code?: string | undefined; params?: Record<string, string | number | string[]> | undefined };
/** A field error's code and parameters in a language (issue 17 item 5); null for a code this client does not know. */
export function fieldErrorText(e: CodedFieldError, language: 'zh-CN' | 'en-US'): string | null {
  const table: Record<string, string> = language === 'zh-CN' ? fieldErrorTextZh : fieldErrorTextEn;
  const template = e.code ? table[e.code] : undefined;
  if (!template) return null;
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => {
    const v = e.params?.[k];
    return Array.isArray(v) ? v.join(language === 'zh-CN' ? '、' : ', ') : v === undefined ? '' : String(v);
  });
}

/**
 * A field error as the user reads it: in Chinese, a message the client knows the translation of
 * first (it is the more specific), else the text of its code with its parameters, never English
 * when a code came with it.
 */
export const localizeFieldError = (e: CodedFieldError): string => {
  // the server's English message is already the most specific English text
  if (currentLanguage() !== 'zh-CN') return e.message;
  return fieldMessagesZh[e.message] ?? fieldErrorText(e, 'zh-CN') ?? e.message;
};

export const localizeDetail = (detail: string): string => {
  if (currentLanguage() !== 'zh-CN') return detail;
  for (const rule of detailRulesZh) {
    const m = detail.match(rule.pattern);
    if (m) return rule.zh(m);
  }
  // "field: message" as the validation errors phrase it
  const field = detail.match(/^([A-Za-z.]+): (.+)$/);
  const translated = field?.[2] ? fieldMessagesZh[field[2]] : undefined;
  return translated && field ? `${field[1]}：${translated}` : detail;
};
