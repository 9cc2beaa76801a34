/**
 * Protected changes (SEC-8) and destruction (SEC-9), pure: which changes need whose approval,
 * and which are possible from an archive's current state.
 */
import type { RoleKey } from '../../../contract/roles.js';
import type { SecrecyLevel } from '../access/customer-access.rules.js';

export const protectedChanges = ['delete', 'restore', 'lower_secrecy', 'transfer_owner'] as const;
export type ProtectedChange = (typeof protectedChanges)[number];

export type ArchiveState = {
  lifecycle: 'active' | 'dormant' | 'deleted' | 'destroyed';
  secrecyLevel: SecrecyLevel;
  tier: 'big' | 'key' | 'normal' | 'potential' | null;
  ownerId: string | null;
  /** REL-1: an A-class customer's transfer needs the approval like a key customer's */
  abcClass?: string | null;
};

export type ChangePlan = { ok: true; approverRole: RoleKey; rule: string } | { ok: false; code: 'rule_violation' | 'conflict'; rule: string; reason: string };

const rank: Record<SecrecyLevel, number> = { none: 0, secret: 1, confidential: 2, top_secret: 3 };
export const isKeyCustomer = (tier: ArchiveState['tier']) => tier === 'key' || tier === 'big';

/** Who approves a protected change, or why it cannot be asked for (SEC-8, SEC-5). */
export function planProtectedChange(change: ProtectedChange, a: ArchiveState, to: { secrecyLevel?: SecrecyLevel | undefined; ownerId?: string | undefined }): ChangePlan {
  if (a.lifecycle === 'destroyed') return { ok: false, code: 'conflict', rule: 'SEC-9', reason: 'the archive was destroyed' };
  switch (change) {
    case 'delete':
      if (a.lifecycle === 'deleted') return { ok: false, code: 'conflict', rule: 'SEC-8', reason: 'the archive is already in the recycle bin' };
      return { ok: true, approverRole: 'cs_manager', rule: 'SEC-8' };
    case 'restore':
      if (a.lifecycle !== 'deleted') return { ok: false, code: 'conflict', rule: 'SEC-8', reason: 'only an archive in the recycle bin can be restored' };
      return { ok: true, approverRole: 'cs_manager', rule: 'SEC-8' };
    case 'lower_secrecy':
      if (!to.secrecyLevel) return { ok: false, code: 'rule_violation', rule: 'SEC-8', reason: 'name the level to lower it to' };
      if (rank[to.secrecyLevel] >= rank[a.secrecyLevel]) return { ok: false, code: 'rule_violation', rule: 'SEC-5', reason: 'raising a level (or keeping it) needs no approval: change it directly' };
      return { ok: true, approverRole: 'gm', rule: 'SEC-5' };
    case 'transfer_owner':
      if (!to.ownerId) return { ok: false, code: 'rule_violation', rule: 'SEC-8', reason: 'name the new owner' };
      if (to.ownerId === a.ownerId) return { ok: false, code: 'rule_violation', rule: 'SEC-8', reason: 'that user already owns the archive' };
      if (!isKeyCustomer(a.tier) && a.abcClass !== 'A') return { ok: false, code: 'rule_violation', rule: 'SEC-8', reason: 'only a key customer\'s transfer needs approval: change the owner directly' };
      return { ok: true, approverRole: 'marketing_manager', rule: 'SEC-8' };
  }
}

/** What destruction may purge (SEC-9); the number, the name and the destruction record always stay. */
export type DestructionScope = { contactsPersonalData: boolean; contacts: boolean; documents: boolean; transactionDetails: boolean; feedback: boolean; history: boolean };
export const defaultDestructionScope: DestructionScope = { contactsPersonalData: true, contacts: true, documents: true, transactionDetails: true, feedback: true, history: true };

/** Destruction is asked for archives in the recycle bin or dormant ones (seed 002 八: 无保存价值的档案). */
export function planDestruction(a: ArchiveState): ChangePlan {
  if (a.lifecycle === 'destroyed') return { ok: false, code: 'conflict', rule: 'SEC-9', reason: 'the archive was already destroyed' };
  if (a.lifecycle === 'active') return { ok: false, code: 'rule_violation', rule: 'SEC-9', reason: 'an active archive is not destroyed: delete it (recycle bin) or let it go dormant first' };
  return { ok: true, approverRole: 'gm', rule: 'SEC-9' };
}

export type DestructionFacts = { approved: boolean; executed: boolean };
/** Executed by an archivist, once, after the gm approved (SEC-9). */
export function checkExecute(roles: readonly RoleKey[], d: DestructionFacts): { ok: true } | { ok: false; code: 'forbidden' | 'conflict'; reason: string } {
  if (!roles.includes('archivist')) return { ok: false, code: 'forbidden', reason: 'an archivist executes a destruction' };
  if (!d.approved) return { ok: false, code: 'conflict', reason: 'the destruction has not been approved by the general manager' };
  if (d.executed) return { ok: false, code: 'conflict', reason: 'the destruction was already executed' };
  return { ok: true };
}
