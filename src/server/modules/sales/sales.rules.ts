/**
 * Sales rules, pure (spec 06): a receivable's state and days overdue (SAL-1), its aging bucket
 * (SAL-4), stage probabilities and the lost reason (SAL-2), the pre-signing checklist and the
 * instalments of a contract (SAL-3). Dates are China calendar dates (YYYY-MM-DD); `today` is a parameter.
 */
import type { RoleKey } from '../../../contract/roles.js';
import type { Checklist, ChecklistItem, OpportunityStage, ReceivableState } from '../../../contract/sales.js';
import { checklistItems } from '../../../contract/sales.js';

const DAY = 86_400_000;
/** Whole days from a to b (dates as YYYY-MM-DD; positive when b is later). */
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);

export type Instalment = { dueOn: string; paidOn: string | null; badDebt: boolean };

/** SAL-1: written off → bad_debt; paid → paid; unpaid and due before today → overdue; else open. */
export function receivableState(p: Instalment, today: string): ReceivableState {
  if (p.badDebt) return 'bad_debt';
  if (p.paidOn) return 'paid';
  return p.dueOn < today ? 'overdue' : 'open';
}

/** Days past due: until today while unpaid (also for a bad debt), until the payment when paid late; never negative. */
export function daysOverdue(p: Instalment, today: string): number {
  const end = p.paidOn ?? today;
  return Math.max(0, daysBetween(p.dueOn, end));
}

export type AgingBucket = '0-30' | '31-60' | '61-90' | 'over_90';
/** SAL-4: 1–30 days past due falls in `0-30`; not yet due (0 days or fewer) in none (null). */
export function agingBucket(daysPastDue: number): AgingBucket | null {
  if (daysPastDue <= 0) return null;
  if (daysPastDue <= 30) return '0-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return 'over_90';
}

export const defaultStageProbabilities: Record<OpportunityStage, number> = { initial: 10, needs: 25, proposal: 50, negotiation: 75, signing: 90, won: 100, lost: 0 };
export const closedStages: readonly OpportunityStage[] = ['won', 'lost'];
export const isOpenStage = (s: OpportunityStage): boolean => !closedStages.includes(s);

export type StageChange = { ok: true; probability: number; closed: boolean } | { ok: false; field: 'lostReason' | 'stage'; message: string };
/**
 * SAL-2: the probability of a stage comes from the company's table; `lost` needs a reason; a
 * closed opportunity (won or lost) is not moved again except from lost back to an open stage (reopened).
 */
export function changeStage(from: OpportunityStage | null, to: OpportunityStage, lostReason: string | null | undefined, table: Record<OpportunityStage, number>): StageChange {
  if (to === 'lost' && !lostReason?.trim()) return { ok: false, field: 'lostReason', message: 'is required when the stage is lost' };
  if (from === 'won' && to !== 'won') return { ok: false, field: 'stage', message: 'a won opportunity is closed; open a new one' };
  return { ok: true, probability: table[to], closed: !isOpenStage(to) };
}

/** SAL-3: the items neither checked nor waived; signing is allowed when this is empty. */
export function unmetChecklist(checklist: Checklist, waived: readonly ChecklistItem[]): ChecklistItem[] {
  return checklistItems.filter((k) => !checklist[k] && !waived.includes(k));
}

/** Cents of a decimal string, exact (no binary floats). */
export function cents(s: string): bigint {
  const [whole, frac = ''] = s.split('.');
  return BigInt(whole!) * 100n + BigInt((frac + '00').slice(0, 2));
}
export const fromCents = (c: bigint): string => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

/** SAL-3: instalments add up to the contract amount exactly. */
export function instalmentsMatch(amount: string, instalments: readonly { amount: string }[]): boolean {
  return instalments.reduce((sum, i) => sum + cents(i.amount), 0n) === cents(amount);
}

/** Who may waive a checklist item: the owner's department manager, marketing manager or director, the general manager. */
export const waiverRoles: readonly RoleKey[] = ['marketing_manager', 'marketing_director', 'gm'];
export function mayWaive(roles: readonly RoleKey[], managesOwnersDepartment: boolean): boolean {
  return managesOwnersDepartment || roles.some((r) => waiverRoles.includes(r));
}

/**
 * SAL-4 / seed 003 9.3 the documents a signed contract must have on file, and by when: the signed
 * original (category `contract`, filed after the contract was drafted) and the signatory's identity
 * or power of attorney (`legal_rep_id`, any time), within CONTRACT_DOCUMENT_DAYS of signing.
 */
export const contractRequiredDocuments = ['contract', 'legal_rep_id'] as const;
export const CONTRACT_DOCUMENT_DAYS = 7;
export const contractDocumentsDueOn = (signedOn: string): string => new Date(Date.parse(`${signedOn}T00:00:00Z`) + CONTRACT_DOCUMENT_DAYS * DAY).toISOString().slice(0, 10);
export function missingContractDocuments(held: readonly string[]): (typeof contractRequiredDocuments)[number][] {
  return contractRequiredDocuments.filter((c) => !held.includes(c));
}

/**
 * SAL-3 a delivery against a contract line: a positive quantity that keeps the delivered total
 * within the line's quantity (4 decimals, compared exactly in ten-thousandths).
 */
export function checkDelivery(line: { quantity: string; delivered: string }, quantity: string): { ok: true; delivered: string } | { ok: false; message: string } {
  const q4 = (s: string) => {
    const [w, f = ''] = s.split('.');
    return BigInt(w || '0') * 10_000n + BigInt((f + '0000').slice(0, 4));
  };
  const add = q4(quantity);
  if (add <= 0n) return { ok: false, message: 'must be greater than 0' };
  const total = q4(line.delivered) + add;
  if (total > q4(line.quantity)) return { ok: false, message: `would deliver more than the line's quantity ${line.quantity}` };
  const s = `${total / 10_000n}.${String(total % 10_000n).padStart(4, '0')}`.replace(/\.?0+$/, '');
  return { ok: true, delivered: s === '' ? '0' : s };
}
