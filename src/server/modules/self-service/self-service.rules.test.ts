import { describe, expect, it } from 'vitest';
import { linkState, reviewOutcome, submittedChanges } from './self-service.rules.js';

const at = (s: string) => new Date(s);
describe('ARC-14 self-service rules', () => {
  it.each([
    [{ expires_at: at('2026-03-15T00:00:00Z'), used_at: null, revoked_at: null }, '2026-03-14T23:59:59Z', 'pending'],
    [{ expires_at: at('2026-03-15T00:00:00Z'), used_at: null, revoked_at: null }, '2026-03-15T00:00:00Z', 'expired'],
    [{ expires_at: at('2026-03-15T00:00:00Z'), used_at: at('2026-03-10T00:00:00Z'), revoked_at: null }, '2026-04-01T00:00:00Z', 'used'],
    [{ expires_at: at('2026-03-15T00:00:00Z'), used_at: null, revoked_at: at('2026-03-02T00:00:00Z') }, '2026-03-03T00:00:00Z', 'revoked'],
  ] as const)('ARC-14 link %o at %s is %s', (link, now, state) => {
    expect(linkState(link, at(now))).toBe(state);
  });

  it('ARC-14 only fields of the link that differ are changes; blanks clear, spaces are trimmed', () => {
    expect(submittedChanges({ name: '甲公司', phone: '0755-1', email: null, address: 'A' }, { name: ' 甲公司 ', phone: '0755-2', email: 'a@b.cn', address: '  ', fax: '1' }, ['name', 'phone', 'email', 'address'])).toEqual([
      { field: 'phone', oldValue: '0755-1', newValue: '0755-2' },
      { field: 'email', oldValue: null, newValue: 'a@b.cn' },
      { field: 'address', oldValue: 'A', newValue: null },
    ]);
  });

  it('ARC-14 every changed field needs a decision; accepted ones form the patch', () => {
    const changes = [
      { field: 'phone' as const, oldValue: '1', newValue: '2' },
      { field: 'email' as const, oldValue: null, newValue: 'a@b.cn' },
      { field: 'name' as const, oldValue: '甲', newValue: null },
    ];
    expect(reviewOutcome(changes, { phone: 'accept', email: 'reject', name: 'reject' })).toEqual({ ok: true, decisions: { phone: 'accepted', email: 'rejected', name: 'rejected' }, patch: { phone: '2' } });
    const missing = reviewOutcome(changes, { phone: 'accept' });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.errors.map((e) => e.path)).toEqual(['decisions.email', 'decisions.name']);
    const extra = reviewOutcome(changes, { phone: 'accept', email: 'accept', name: 'reject', fax: 'accept' });
    expect(!extra.ok && extra.errors.map((e) => e.path)).toEqual(['decisions.fax']);
    const clearName = reviewOutcome(changes, { phone: 'accept', email: 'accept', name: 'accept' });
    expect(!clearName.ok && clearName.errors[0]?.path).toBe('decisions.name');
  });
});
