/**
 * Who reads and fills a customer's credit evaluation (EVA-4, seed 003 评定职责), pure.
 * - Reading follows the archive's `evaluation` field group (SEC-4): shares, grants without that
 *   group and A-class protection (SEC-3) withhold it, as they withhold it from the archive.
 * - 销售部负责组织非财务指标评定: the non-financial indicators are filled by sales (and the
 *   marketing managers who organise it) who may read the evaluation.
 * - 计划财务部负责组织财务指标评定: finance fills the financial indicators. Finance cannot read
 *   archives (SEC-2 rule 5), so this is a duty-bound exception: finance reads the evaluation record
 *   (name, archive number, indicators, payment facts) — never the archive — for customers at
 *   secrecy level `none` that are not A-class; secret and higher levels stay with those who may
 *   read the archive, and A-class evaluations with marketing managers and above and the owner (SEC-3).
 * - Finalising is requested by a filler and approved by a `marketing_manager` (SEC-7); the
 *   approval mechanism enforces that nobody approves their own request.
 */
import { evaluationAdminRoles, scorecardEditorRoles, relationshipFillRoles, relationshipMeasureRoles, relationshipReviewRoles, type FillerGroup } from '../../../contract/evaluation.js';
import type { RoleKey } from '../../../contract/roles.js';
import type { AccessDecision, AccessSubject, SecrecyLevel } from './customer-access.rules.js';

export const salesFillRoles: readonly RoleKey[] = ['sales', 'marketing_manager', 'marketing_director', 'gm'];
export const financeFillRoles: readonly RoleKey[] = ['finance'];
export const evaluationApproverRole: RoleKey = 'marketing_manager';
/** Who opens rounds, runs ABC and edits scorecards and templates (listed in the contract for the web). */
export { evaluationAdminRoles, relationshipFillRoles, relationshipMeasureRoles, relationshipReviewRoles };

export type EvaluationAccess = {
  read: boolean;
  via: 'archive' | 'finance_duty' | null;
  fill: FillerGroup[];
  /** May ask for finalisation (SEC-7 decides who approves). */
  requestFinalise: boolean;
};

const has = (s: Pick<AccessSubject, 'roles'>, roles: readonly RoleKey[]) => s.roles.some((r) => roles.includes(r));

/** Finance's duty (EVA-4): ordinary archives only — never secret or higher, never A-class (SEC-3). */
export const financeDutyCovers = (customer: { secrecyLevel: SecrecyLevel; abcClass: string | null }): boolean => customer.secrecyLevel === 'none' && customer.abcClass !== 'A';

export function decideEvaluationAccess(s: Pick<AccessSubject, 'roles'>, customer: { secrecyLevel: SecrecyLevel; abcClass: string | null }, archive: AccessDecision): EvaluationAccess {
  const archiveOpen = archive.effect === 'allow' && archive.groups.includes('evaluation');
  const financeDuty = has(s, financeFillRoles) && financeDutyCovers(customer);
  const fill: FillerGroup[] = [];
  if (archiveOpen && has(s, salesFillRoles)) fill.push('sales');
  if (financeDuty || (archiveOpen && s.roles.includes('gm'))) fill.push('finance');
  const read = archiveOpen || financeDuty;
  return { read, via: archiveOpen ? 'archive' : financeDuty ? 'finance_duty' : null, fill, requestFinalise: fill.length > 0 };
}

/** EVA-1: editing the scorecard — evaluation administrators and the system administrator. */
export const mayEditScorecard = (s: Pick<AccessSubject, 'roles'>): boolean => has(s, scorecardEditorRoles);

/** Administering evaluation (rounds, ABC runs, scorecards, templates). */
export const mayAdministerEvaluation = (s: Pick<AccessSubject, 'roles'>): boolean => has(s, evaluationAdminRoles);

/** Relationship evaluations are filled by customer service (客户服务人员) and reviewed by marketing. */
export const mayFillRelationship = (s: Pick<AccessSubject, 'roles'>, archive: AccessDecision): boolean =>
  archive.effect === 'allow' && archive.groups.includes('evaluation') && has(s, relationshipFillRoles);

/**
 * Payments (EVA-1 payment facts): read with the archive's `financial` group, or by finance's duty
 * on the archives it covers (ordinary, not A-class: financeDutyCovers); recorded by finance only
 * (计划财务部), on what it may read. Finance still never opens the archive itself (SEC-2 rule 5):
 * only its transactions and their payments.
 */
export type PaymentAccess = { read: boolean; record: boolean; via: 'archive' | 'finance_duty' | null };
export function decidePaymentAccess(s: Pick<AccessSubject, 'roles'>, customer: { secrecyLevel: SecrecyLevel; abcClass: string | null }, archive: AccessDecision): PaymentAccess {
  const financial = archive.effect === 'allow' && archive.groups.includes('financial');
  const duty = has(s, financeFillRoles) && financeDutyCovers(customer);
  const read = financial || duty;
  return { read, record: read && has(s, financeFillRoles), via: financial ? 'archive' : duty ? 'finance_duty' : null };
}
