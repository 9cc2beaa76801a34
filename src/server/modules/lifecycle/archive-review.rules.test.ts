import { describe, expect, it } from 'vitest';
import { defaultReviewReason, reachabilityOf, REVIEW_PERIOD_DAYS, reviewedSince, reviewReasonsOf } from './archive-review.rules.js';

const complete = { lifecycle: 'active', address: '深圳市南山区科技园', region: '440305', reachable: true };

describe('ARC-9 review reasons, pure', () => {
  it.each([
    ['complete and active: not proposed', {}, []],
    ['dormant', { lifecycle: 'dormant' }, ['dormant']],
    ['no address', { address: null }, ['missing_address']],
    ['a blank address counts as none', { address: '   ' }, ['missing_address']],
    ['no region', { region: null }, ['missing_region']],
    ['no phone, mobile or e-mail anywhere', { reachable: false }, ['unreachable']],
    ['reachability withheld (contacts not readable): never proposed as unreachable', { reachable: null }, []],
    ['everything at once, in a fixed order', { lifecycle: 'dormant', address: '', region: null, reachable: false }, ['dormant', 'missing_address', 'missing_region', 'unreachable']],
  ] as const)('ARC-9 %s', (_title, patch, reasons) => {
    expect(reviewReasonsOf({ ...complete, ...patch })).toEqual(reasons);
  });
  it.each([
    // own phone/e-mail, contacts group readable, a contact reachable → reachable
    [true, false, false, true],
    [true, true, false, true],
    [false, true, true, true],
    [false, true, false, false],
    // SEC-4: without the contacts group the answer would tell about the contacts: withheld
    [false, false, true, null],
    [false, false, false, null],
  ] as const)('ARC-9 SEC-4 reachability: own %s, contacts readable %s, contact reachable %s → %s', (ownReachable, contactsOpen, contactReachable, expected) => {
    expect(reachabilityOf({ ownReachable, contactsOpen, contactReachable })).toBe(expected);
  });
  it('ARC-9 a decision keeps an archive off the list for one review period (180 days), not a millisecond more', () => {
    const now = new Date('2026-12-07T00:00:00Z');
    expect(REVIEW_PERIOD_DAYS).toBe(180);
    expect(reviewedSince(now).toISOString()).toBe('2026-06-10T00:00:00.000Z');
  });
  it('ARC-9 the approval text names the reasons when the reviewer gives none', () => {
    const labels = { dormant: '休眠', missing_address: '缺地址', missing_region: '缺地区', unreachable: '无可用联系方式' };
    expect(defaultReviewReason('invalid', ['missing_address', 'unreachable'], labels)).toBe('定期清理：无效档案（缺地址、无可用联系方式）');
    expect(defaultReviewReason('destroy', ['dormant'], labels)).toBe('定期清理：无保存价值（休眠）');
  });
});
