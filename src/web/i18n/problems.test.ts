/**
 * Issue 17 item 5: every error code (problem codes and field error codes) has its text in both
 * languages, the Chinese one in Chinese, with every parameter filled in.
 */
import { describe, expect, it } from 'vitest';
import { errorCodes, fieldErrorCodes, type FieldErrorCode } from '../../contract/errors.js';
import { fieldErrorText } from './server-text.js';
import { enUS } from './en-US.js';
import { zhCN } from './zh-CN.js';

const params: Record<string, string | number | string[]> = { minimum: 2, maximum: 200, values: ['phone', 'visit'], expected: 'string', format: 'regex', origin: 'string' };
const han = /\p{Script=Han}/u;

describe('I18N-1 every error code in both languages (issue 17 item 5)', () => {
  it.each(errorCodes)('I18N-1 problem code %s has a title in zh-CN and en-US', (code) => {
    const zh = (zhCN.errors as Record<string, string>)[code];
    const en = (enUS.errors as Record<string, string>)[code];
    expect(zh).toMatch(han);
    expect(en).toMatch(/^[\x20-\x7e]+$/);
  });

  it.each(fieldErrorCodes)('I18N-1 field error code %s renders in zh-CN and en-US with its parameters', (code: FieldErrorCode) => {
    const zh = fieldErrorText({ message: 'x', code, params }, 'zh-CN');
    const en = fieldErrorText({ message: 'x', code, params }, 'en-US');
    expect(zh).toMatch(han);
    expect(zh).not.toMatch(/[{}]/);
    expect(en).toMatch(/^[\x20-\x7e]+$/);
    expect(en).not.toMatch(/[{}]/);
  });

  it('I18N-1 parameters are filled in: lengths and the allowed values', () => {
    expect(fieldErrorText({ message: '', code: 'too_big', params: { maximum: 200 } }, 'zh-CN')).toBe('不能超过 200');
    expect(fieldErrorText({ message: '', code: 'invalid_value', params: { values: ['a', 'b'] } }, 'zh-CN')).toBe('只能是以下之一：a、b');
    expect(fieldErrorText({ message: '', code: 'invalid_value', params: { values: ['a', 'b'] } }, 'en-US')).toBe('must be one of: a, b');
    expect(fieldErrorText({ message: 'whatever' }, 'zh-CN')).toBeNull();
  });
});
