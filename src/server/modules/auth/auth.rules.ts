/**
 * Sign-in rules (SEC-1), pure: lockout, session expiry (the password policy lives in users/password.rules.ts).
 * `now` is always a parameter.
 */
export {
  checkPassword, DENGBAO_MAX_AGE_DAYS, MAX_PASSWORD_LENGTH, minPasswordLength, PASSWORD_HISTORY_DEPTH, passwordExpired, passwordViolationMessages,
  type PasswordProfile, type PasswordViolation,
} from '../users/password.rules.js';

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_DURATION_MS = 15 * 60_000;
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/** After a failed attempt: failures counted in the last 15 minutes (including this one) decide a lock. */
export function lockAfterFailure(failuresInWindow: number, now: Date): Date | null {
  return failuresInWindow >= LOCKOUT_THRESHOLD ? new Date(now.getTime() + LOCKOUT_DURATION_MS) : null;
}

/**
 * Issue 11 item 19: the 等保 lockout applies per account and source — a known device (one the
 * user signed in from before) is its own source, any other request is counted by its address —
 * so a stranger's failures lock out only the stranger's address. Failures from all sources
 * together lock the whole account at a higher threshold, but never for a known device.
 */
export const ACCOUNT_LOCKOUT_THRESHOLD = 20;
export function lockoutScope(knownDeviceId: string | null, ip: string | null): string {
  return knownDeviceId ? `device:${knownDeviceId}` : `ip:${(ip ?? 'unknown').slice(0, 60)}`;
}
/** After a failure: the source's lock and the account's lock it causes, if any. */
export function locksAfterFailure(failures: { inScope: number; inAccount: number }, now: Date): { source: Date | null; account: Date | null } {
  return {
    source: lockAfterFailure(failures.inScope, now),
    account: failures.inAccount >= ACCOUNT_LOCKOUT_THRESHOLD ? new Date(now.getTime() + LOCKOUT_DURATION_MS) : null,
  };
}
/** Is this sign-in refused by a lock? The account's lock spares known devices. */
export function signInLocked(locks: { source: Date | null; account: Date | null }, knownDevice: boolean, now: Date): Date | null {
  if (isLocked(locks.source, now)) return locks.source;
  if (!knownDevice && isLocked(locks.account, now)) return locks.account;
  return null;
}

export function lockoutWindowStart(now: Date): Date {
  return new Date(now.getTime() - LOCKOUT_WINDOW_MS);
}

export type SessionState = 'valid' | 'idle_expired' | 'absolute_expired' | 'revoked';

export function sessionState(
  s: { createdAt: Date; lastSeenAt: Date; revokedAt: Date | null },
  now: Date,
): SessionState {
  if (s.revokedAt) return 'revoked';
  if (now.getTime() - s.createdAt.getTime() >= SESSION_ABSOLUTE_MS) return 'absolute_expired';
  if (now.getTime() - s.lastSeenAt.getTime() >= SESSION_IDLE_MS) return 'idle_expired';
  return 'valid';
}

export function sessionExpiresAt(createdAt: Date): Date {
  return new Date(createdAt.getTime() + SESSION_ABSOLUTE_MS);
}

/** last_seen_at is written at most once a minute per session, not on every request. */
export function shouldTouchSession(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= 60_000;
}
