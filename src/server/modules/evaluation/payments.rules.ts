/**
 * Payments under a transaction (EVA-1 payment facts, SEC-7 bad debts), pure: which dates and
 * amounts are possible, and who records them. `today` is the China calendar day of the request.
 */
import type { RoleKey } from '../../../contract/roles.js';
import { toCents } from './credit.rules.js';

/** 计划财务部 records payments (seed 003 评定职责: finance organises the financial indicators). */
export const paymentRecorderRoles: readonly RoleKey[] = ['finance'];
/** Who approves writing a payment off as bad debt (呆坏帐) or reinstating it: it moves the grade to D and demotes a key customer (SEC-7). */
export const badDebtApproverRole: RoleKey = 'gm';

export type PaymentFacts = {
  /** The transaction's date and amount (decimal string). */
  transactionDate: string;
  transactionAmount: string;
  /** Sum of the transaction's other payments (decimal string). */
  otherPayments: string;
  dueOn: string;
  paidOn: string | null;
  amount: string;
};
export type PaymentError = { path: string; message: string };

export function checkPayment(f: PaymentFacts, today: string): PaymentError[] {
  const errors: PaymentError[] = [];
  if (f.dueOn < f.transactionDate) errors.push({ path: 'dueOn', message: `must not be before the transaction's date ${f.transactionDate}` });
  if (f.paidOn !== null) {
    if (f.paidOn > today) errors.push({ path: 'paidOn', message: `must not be in the future (today is ${today})` });
    if (f.paidOn < f.transactionDate) errors.push({ path: 'paidOn', message: `must not be before the transaction's date ${f.transactionDate}` });
  }
  const total = toCents(f.otherPayments) + toCents(f.amount);
  if (toCents(f.amount) <= 0n) errors.push({ path: 'amount', message: 'must be greater than 0' });
  else if (total > toCents(f.transactionAmount)) {
    errors.push({ path: 'amount', message: `the payments of this transaction would total more than its amount ${f.transactionAmount}` });
  }
  return errors;
}
