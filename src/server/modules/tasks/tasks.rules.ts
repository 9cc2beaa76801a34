/** Archive-update tasks (ARC-8), pure: when one is due, what state it is in, who sees everyone's. */
import type { RoleKey } from '../../../contract/roles.js';
import { addWorkingDays, chinaDate, isOverdue, type WorkCalendar } from './working-days.rules.js';

/** New information is entered within 1 working day (seed 000 七.2: 1 day, at most 2). */
export const UPDATE_WITHIN_WORKING_DAYS = 1;

export function archiveUpdateDue(now: Date, cal: WorkCalendar): { receivedOn: string; dueOn: string } {
  const receivedOn = chinaDate(now);
  return { receivedOn, dueOn: addWorkingDays(receivedOn, UPDATE_WITHIN_WORKING_DAYS, cal) };
}

export type TaskState = 'open' | 'overdue' | 'done';
export function taskState(dueOn: string, completedAt: Date | null, now: Date): TaskState {
  if (completedAt) return 'done';
  return isOverdue(dueOn, false, now) ? 'overdue' : 'open';
}

/** The customer-service manager (and the general manager) watch everyone's overdue tasks. */
export const taskWatcherRoles: readonly RoleKey[] = ['cs_manager', 'gm'];
export const mayWatchAllTasks = (roles: readonly RoleKey[]): boolean => roles.some((r) => taskWatcherRoles.includes(r));
