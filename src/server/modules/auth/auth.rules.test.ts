import { describe, expect, it } from 'vitest';
import {
  checkPassword,
  isLocked,
  lockAfterFailure,
  LOCKOUT_DURATION_MS,
  passwordExpired,
  sessionState,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
} from './auth.rules.js';

const t0 = new Date('2026-11-25T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('SEC-1 password policy profiles', () => {
  it.each([
    ['asvs', 'abcdefghi', ['too_short']],
    ['asvs', 'abcdefghij', []],
    ['asvs', 'password123', ['common']],
    ['asvs', 'PASSWORD123', ['common']],
    ['asvs', '密码长度足够的中文口令啊', []],
    ['dengbao', 'Abcdef1', ['too_short']],
    ['dengbao', 'abcdefgh', ['needs_three_classes']],
    ['dengbao', 'abcdefg1', ['needs_three_classes']],
    ['dengbao', 'Abcdefg1', []],
    ['dengbao', 'abcdef1!', []],
  ] as const)('SEC-1 %s: %s → %j', (profile, password, expected) => {
    expect(checkPassword(password, profile)).toEqual(expected);
  });

  it('SEC-1 counts characters, not bytes, and refuses over 128', () => {
    expect(checkPassword('x'.repeat(128), 'asvs')).toEqual([]);
    expect(checkPassword('x'.repeat(129), 'asvs')).toEqual(['too_long']);
    expect(checkPassword('一二三四五六七八九', 'asvs')).toEqual(['too_short']);
  });

  it('SEC-1 a password containing the username is refused in both profiles', () => {
    expect(checkPassword('zhangsan-2026-x', 'asvs', 'ZhangSan')).toContain('contains_username');
    expect(checkPassword('Zhangsan-2026', 'dengbao', 'zhangsan')).toContain('contains_username');
  });

  it('SEC-1 dengbao forces a change after 90 days; asvs never does', () => {
    const day = 86_400_000;
    expect(passwordExpired('dengbao', t0, at(90 * day))).toBe(false);
    expect(passwordExpired('dengbao', t0, at(90 * day + 1))).toBe(true);
    expect(passwordExpired('asvs', t0, at(900 * day))).toBe(false);
  });
});

describe('SEC-1 lockout', () => {
  it('SEC-1 the 5th failure within the window locks for 15 minutes; the 4th does not', () => {
    expect(lockAfterFailure(4, t0)).toBeNull();
    expect(lockAfterFailure(5, t0)).toEqual(at(LOCKOUT_DURATION_MS));
  });
  it('SEC-1 locked until the instant, not after', () => {
    const until = at(LOCKOUT_DURATION_MS);
    expect(isLocked(until, at(LOCKOUT_DURATION_MS - 1))).toBe(true);
    expect(isLocked(until, until)).toBe(false);
    expect(isLocked(null, t0)).toBe(false);
  });
});

describe('SEC-1 session expiry', () => {
  const s = { createdAt: t0, lastSeenAt: t0, revokedAt: null };
  it('SEC-1 idle 30 minutes ends a session', () => {
    expect(sessionState(s, at(SESSION_IDLE_MS - 1))).toBe('valid');
    expect(sessionState(s, at(SESSION_IDLE_MS))).toBe('idle_expired');
  });
  it('SEC-1 12 hours absolute ends a session however active', () => {
    const active = { ...s, lastSeenAt: at(SESSION_ABSOLUTE_MS - 1000) };
    expect(sessionState(active, at(SESSION_ABSOLUTE_MS - 1))).toBe('valid');
    expect(sessionState(active, at(SESSION_ABSOLUTE_MS))).toBe('absolute_expired');
  });
  it('SEC-1 a revoked session is over at once', () => {
    expect(sessionState({ ...s, revokedAt: t0 }, t0)).toBe('revoked');
  });
});
