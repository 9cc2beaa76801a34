/**
 * Approvals (SEC-7), pure: the state an approval reads as at a time, who may decide, withdraw or
 * see it. One mechanism for every workflow; the effect of each type lives with its module.
 */
import { delegableApprovalTypes, deputyRoles, type ApprovalState, type ApprovalType } from '../../../contract/approvals.js';
import type { RoleKey } from '../../../contract/roles.js';

export type ApprovalFacts = {
  type: ApprovalType;
  state: ApprovalState;
  requesterId: string;
  approverRole: RoleKey;
  decidedBy: string | null;
  expiresAt: Date;
};

/** A delegation of the gm's approvals to a deputy, by type and calendar days (inclusive). */
export type Delegation = { fromRole: RoleKey; deputyId: string; types: readonly ApprovalType[]; startsOn: string; endsOn: string; revoked: boolean };

export type Decider = { userId: string; roles: readonly RoleKey[]; delegations: readonly Delegation[] };

/** A pending approval nobody decided before it expired reads as expired, with no job to mark it. */
export function effectiveState(a: Pick<ApprovalFacts, 'state' | 'expiresAt'>, now: Date): ApprovalState {
  return a.state === 'pending' && a.expiresAt.getTime() <= now.getTime() ? 'expired' : a.state;
}

/** The calendar day of `now` in China time (delegations are given in days, as people say them). */
export function chinaDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Whether the user stands for the approver role: holds it, or is the gm's deputy for this type today. */
export function standsFor(d: Decider, a: Pick<ApprovalFacts, 'type' | 'approverRole'>, now: Date): 'role' | 'delegate' | null {
  if (d.roles.includes(a.approverRole)) return 'role';
  const day = chinaDay(now);
  if (!(delegableApprovalTypes as readonly ApprovalType[]).includes(a.type)) return null;
  const delegated = d.delegations.some(
    (g) => !g.revoked && g.deputyId === d.userId && g.fromRole === a.approverRole && g.types.includes(a.type) && g.startsOn <= day && day <= g.endsOn,
  );
  return delegated ? 'delegate' : null;
}

/** Whether a user may be named the gm's deputy (SEC-5): one of the senior roles that judge lending. */
export const mayBeDeputy = (roles: readonly RoleKey[]): boolean => roles.some((r) => (deputyRoles as readonly RoleKey[]).includes(r));

export type DecideCheck = { ok: true; as: 'role' | 'delegate' } | { ok: false; code: 'not_visible' | 'forbidden' | 'conflict'; rule: string; reason: string };

/** May this user approve or reject the approval now? */
export function checkDecide(d: Decider, a: ApprovalFacts, now: Date): DecideCheck {
  const as = standsFor(d, a, now);
  const involved = as !== null || a.requesterId === d.userId || a.decidedBy === d.userId;
  if (!involved) return { ok: false, code: 'not_visible', rule: 'SEC-7', reason: 'not an approval of yours' };
  if (a.requesterId === d.userId) return { ok: false, code: 'forbidden', rule: 'SEC-7', reason: 'nobody approves their own request' };
  if (as === null) return { ok: false, code: 'forbidden', rule: 'SEC-7', reason: `only ${a.approverRole} (or a deputy) decides this request` };
  const state = effectiveState(a, now);
  if (state !== 'pending') return { ok: false, code: 'conflict', rule: 'SEC-7', reason: `the request is ${state}` };
  return { ok: true, as };
}

/** Who may see an approval: the requester, whoever may decide it, and whoever decided it. */
export function canSeeApproval(d: Decider, a: ApprovalFacts, now: Date): boolean {
  return a.requesterId === d.userId || a.decidedBy === d.userId || standsFor(d, a, now) !== null;
}

export function canWithdraw(userId: string, a: ApprovalFacts, now: Date): boolean {
  return a.requesterId === userId && effectiveState(a, now) === 'pending';
}

/** The next approver up when nobody but the requester stands for a role (SEC-7): the general manager. */
export function nextApproverRole(role: RoleKey): RoleKey | null {
  return role === 'gm' ? null : 'gm';
}

export type Routing = { approverRole: RoleKey; escalatedFrom: RoleKey | null };

/**
 * Where an approval goes (SEC-7): to the requested role if someone besides the requester stands
 * for it (holds it or is a deputy), else up the chain; null when nobody but the requester could
 * ever decide it — such a request is refused instead of waiting for nobody.
 * `othersFor(role)` counts the active users other than the requester who stand for the role.
 */
export function routeApproval(requested: RoleKey, othersFor: (role: RoleKey) => number): Routing | null {
  for (let role: RoleKey | null = requested; role !== null; role = nextApproverRole(role)) {
    if (othersFor(role) > 0) return { approverRole: role, escalatedFrom: role === requested ? null : requested };
  }
  return null;
}

/** The role an approval was asked of, before any escalation (SEC-7): effects re-check their plan against it. */
export function askedApproverRole(a: { approverRole: RoleKey; approverRule: string }): RoleKey {
  const m = /^SEC-7 escalated from ([a-z_]+) /.exec(a.approverRule);
  return m ? (m[1] as RoleKey) : a.approverRole;
}
