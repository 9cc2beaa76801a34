/**
 * Password policy rules (SEC-1), pure: profiles, composition, history depth, expiry. `now` is
 * always a parameter. Owned by users (who store passwords); auth re-exports them for sign-in.
 */
import { commonPasswords } from './common-passwords.js';

export type PasswordProfile = 'asvs' | 'dengbao';

export const PASSWORD_HISTORY_DEPTH = 5;
export const DENGBAO_MAX_AGE_DAYS = 90;
export const MAX_PASSWORD_LENGTH = 128;

export type PasswordViolation =
  | 'too_short'
  | 'too_long'
  | 'common'
  | 'contains_username'
  | 'needs_three_classes';

const characterClasses = (p: string) =>
  [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(p)).length;

/** Violations of the profile's composition rules (history is checked by the service). */
export function checkPassword(password: string, profile: PasswordProfile, username = ''): PasswordViolation[] {
  const length = [...password].length;
  const v: PasswordViolation[] = [];
  const min = profile === 'asvs' ? 10 : 8;
  if (length < min) v.push('too_short');
  if (length > MAX_PASSWORD_LENGTH) v.push('too_long');
  if (profile === 'asvs' && commonPasswords.has(password.toLowerCase())) v.push('common');
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) v.push('contains_username');
  if (profile === 'dengbao' && characterClasses(password) < 3) v.push('needs_three_classes');
  return v;
}

export const passwordViolationMessages: Record<PasswordViolation, string> = {
  too_short: 'is shorter than the password policy allows (asvs: 10, dengbao: 8 characters)',
  too_long: 'is longer than 128 characters',
  common: 'is a commonly used password',
  contains_username: 'must not contain the username',
  needs_three_classes: 'needs three of: lower case, upper case, digits, symbols',
};

export function minPasswordLength(profile: PasswordProfile): number {
  return profile === 'asvs' ? 10 : 8;
}

/** dengbao requires a change every 90 days; asvs never forces rotation. */
export function passwordExpired(profile: PasswordProfile, changedAt: Date, now: Date): boolean {
  return profile === 'dengbao' && now.getTime() - changedAt.getTime() > DENGBAO_MAX_AGE_DAYS * 86_400_000;
}
