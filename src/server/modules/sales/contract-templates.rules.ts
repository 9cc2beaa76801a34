/**
 * Contract templates (合同范本, SAL-3 / seed 003 9.2), pure: who writes them, who reviews them for
 * legal, when a version may be submitted and when a template may be used for a contract.
 */
import type { RoleKey } from '../../../contract/roles.js';
import { contractClauseKeys, type ContractClauses } from '../../../contract/sales.js';

/** Who writes templates: the marketing manager or director, the office head (总经理办公室) and the gm. */
export const templateAuthorRoles: readonly RoleKey[] = ['marketing_manager', 'marketing_director', 'office_head', 'gm'];
export const mayAuthorTemplate = (roles: readonly RoleKey[]): boolean => roles.some((r) => templateAuthorRoles.includes(r));

/**
 * Who reviews a template "for legal" (法务部门审核): the roles (spec README) name no legal
 * department, so the general manager decides; SEC-7 routing keeps a gm's own template from being
 * approved by that gm alone (another gm, or refused).
 */
export const templateApproverRole: RoleKey = 'gm';

export type TemplateFacts = { disabled: boolean; approvedNumber: number | null; pendingNumber: number | null; version: number };

/** SAL-3: a contract may be drafted only from an enabled template with an approved version. */
export function checkTemplateUse(t: Pick<TemplateFacts, 'disabled' | 'approvedNumber'>): { ok: true } | { ok: false; reason: 'disabled' | 'not_approved' } {
  if (t.disabled) return { ok: false, reason: 'disabled' };
  if (t.approvedNumber === null) return { ok: false, reason: 'not_approved' };
  return { ok: true };
}

/** Whether the clauses say anything new compared with a version (whitespace at the ends ignored). */
export function clausesDiffer(a: ContractClauses, b: ContractClauses): boolean {
  return contractClauseKeys.some((k) => a[k].trim() !== b[k].trim());
}

export type NewVersionCheck = { ok: true; number: number } | { ok: false; code: 'stale' | 'pending' | 'unchanged' | 'disabled' };
/**
 * SAL-3 a new version goes to review when the caller saw the current template (version), no other
 * version is waiting, the template is enabled, and the clauses differ from the newest version.
 */
export function checkNewVersion(t: TemplateFacts, givenVersion: number, newest: { number: number; clauses: ContractClauses }, clauses: ContractClauses): NewVersionCheck {
  if (t.version !== givenVersion) return { ok: false, code: 'stale' };
  if (t.disabled) return { ok: false, code: 'disabled' };
  if (t.pendingNumber !== null) return { ok: false, code: 'pending' };
  if (!clausesDiffer(newest.clauses, clauses)) return { ok: false, code: 'unchanged' };
  return { ok: true, number: newest.number + 1 };
}

/** An approved version becomes the one in use unless a later version was approved already. */
export const becomesCurrent = (approvedNumber: number | null, decidedNumber: number): boolean => approvedNumber === null || decidedNumber > approvedNumber;
