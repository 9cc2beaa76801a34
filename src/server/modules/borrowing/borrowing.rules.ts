/**
 * Access requests and borrowing (查借阅, SEC-5/SEC-6), pure: who approves a request, how long a
 * grant may last, which requests can never be granted, and the state a request reads as.
 */
import { fieldGroups, type FieldGroup } from '../../../contract/access.js';
import type { AccessRequest } from '../../../contract/approvals.js';
import type { RoleKey } from '../../../contract/roles.js';
import type { SecrecyLevel } from '../access/customer-access.rules.js';

/** At most 4 hours for a secret archive (SEC-5); a week for an ordinary one (a records office's usual loan). */
export const MAX_MINUTES: Record<'none' | 'secret', number> = { none: 7 * 24 * 60, secret: 240 };

/**
 * What the archive-number lookup may reveal to someone who cannot see the archive (SEC-6): that an
 * archive with that number exists and may be lent — so only for levels that can be lent at all.
 */
export const lookupReveals = (level: SecrecyLevel): boolean => level === 'none' || level === 'secret';
/** How long a lookup lets its maker file a request for the archive it found. */
export const LOOKUP_DAYS = 7;

export type AccessPlan =
  | { ok: true; approverRole: RoleKey; rule: string; groups: FieldGroup[]; maxMinutes: number }
  | { ok: false; rule: string; reason: string };

/**
 * Plans a request for `groups` of an archive at `level`, by a requester who already reads
 * `readable` (empty when the archive is not visible to them at all).
 */
export function planAccessRequest(level: SecrecyLevel, requested: readonly FieldGroup[], readable: readonly FieldGroup[], durationMinutes: number): AccessPlan {
  if (level === 'top_secret') return { ok: false, rule: 'SEC-5', reason: 'top-secret archives are never lent; only the general manager opens them' };
  if (level === 'confidential') return { ok: false, rule: 'SEC-5', reason: 'confidential archives are never lent; they are read only by those whose role allows it' };
  const groups = fieldGroups.filter((g) => g === 'basic' || requested.includes(g));
  const missing = groups.filter((g) => !readable.includes(g));
  if (missing.length === 0) return { ok: false, rule: 'SEC-6', reason: 'you can already read everything you asked for' };
  const maxMinutes = MAX_MINUTES[level];
  if (durationMinutes > maxMinutes) {
    return { ok: false, rule: level === 'secret' ? 'SEC-5' : 'SEC-6', reason: `a grant on a ${level === 'secret' ? 'secret' : 'ordinary'} archive lasts at most ${maxMinutes} minutes` };
  }
  // the gm (or a deputy) approves anything at secret level; customer service approves the rest (seed 000 §六.4)
  return level === 'secret'
    ? { ok: true, approverRole: 'gm', rule: 'SEC-5', groups, maxMinutes }
    : { ok: true, approverRole: 'cs_manager', rule: 'SEC-6', groups, maxMinutes };
}

export type RequestFacts = {
  approvalState: 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'expired';
  startsAt: Date | null;
  endsAt: Date | null;
  returnedAt: Date | null;
};

/** What a request reads as at `now`: a grant works from approval to expiry or early return, without any job. */
export function requestState(r: RequestFacts, now: Date): AccessRequest['state'] {
  if (r.approvalState !== 'approved') return r.approvalState;
  if (r.returnedAt) return 'returned';
  if (r.startsAt && r.endsAt && r.startsAt.getTime() <= now.getTime() && now.getTime() < r.endsAt.getTime()) return 'active';
  return 'ended';
}
