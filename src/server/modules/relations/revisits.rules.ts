/** REL-7 revisits, pure: when a key customer's next planned revisit falls due, and what a report may claim. */
import { addDays } from './cadence.rules.js';

/** Key and A-class customers are revisited at least this often (seed 003 §10: 定期回访), counted from the last report or the filing day. */
export const KEY_REVISIT_DAYS = 90;

/** The day the next scheduled revisit of a key customer is due. */
export const nextRevisitDue = (lastVisitedOn: string | null, filedOn: string, everyDays = KEY_REVISIT_DAYS): string => addDays(lastVisitedOn ?? filedOn, everyDays);

/** The customer a scheduled revisit is planned for: A-class, or of the key/big tier (the same customers SEC-8 protects). */
export const isKeyCustomer = (c: { abc_class: string | null; tier: string | null }): boolean => c.abc_class === 'A' || c.tier === 'key' || c.tier === 'big';

/** A task a report may answer: a revisit or a complaint follow-up about the same customer, still open. */
export function taskProblem(task: { kind: string; customer_id: string | null; completed_at: Date | null }, customerId: string): string | null {
  if (task.kind !== 'revisit' && task.kind !== 'complaint_follow_up') return 'must be a revisit or complaint follow-up task';
  if (task.customer_id !== customerId) return 'must be a task about this customer';
  if (task.completed_at !== null) return 'is already done';
  return null;
}

/** The satisfaction words of the printed form. */
export const satisfactionLabels: Record<number, string> = { 1: '很不满意', 2: '不满意', 3: '一般', 4: '满意', 5: '很满意' };
