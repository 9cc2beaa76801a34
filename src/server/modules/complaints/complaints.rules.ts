/**
 * Complaint rules (spec 05, seed 000 客户投诉处理方案), pure: the state machine (SVC-2), who may
 * make each step (SVC-3 … SVC-5), the fields each step needs, the deadline table (SVC-3), overdue
 * and escalation (SVC-6), the follow-up window (SVC-8), reopening within 30 days and the on-duty
 * rota (轮班). No I/O, no clock: `now` is a parameter.
 */
import type { RoleKey } from '../../../contract/roles.js';
import {
  complaintStates,
  type ComplaintSeverity,
  type ComplaintState,
  type ComplaintTarget,
  type DeadlineTable,
  type RotaEntry,
} from '../../../contract/complaints.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** 客户服务部在客户投诉处理后一周内回访 (SVC-8). */
export const FOLLOW_UP_DAYS = 7;
/** A closed complaint may be reopened within 30 days (SVC-2). */
export const REOPEN_DAYS = 30;

/** urgent 24 h, high 3 days, normal 7 days — the default; an administrator changes it (SVC-3). */
export const DEFAULT_DEADLINE_TABLE: DeadlineTable = { urgent: 24, high: 72, normal: 168 };

/** Who makes a step: customer service, the responsible department, or the plan's approval (SEC-7). */
export type StepActor = 'cs' | 'department' | 'cs_or_department' | 'approval';

export type Step = { from: ComplaintState; to: ComplaintTarget; lands: ComplaintState; by: StepActor; requires: readonly string[] };

/** Every edge of the machine (SVC-2). `lands` is the state after the step (a reopen lands in investigating). */
export const steps: readonly Step[] = [
  { from: 'received', to: 'analysing', lands: 'analysing', by: 'cs', requires: [] },
  { from: 'analysing', to: 'explained', lands: 'explained', by: 'cs', requires: ['explanation'] },
  { from: 'explained', to: 'closed', lands: 'closed', by: 'cs', requires: [] },
  { from: 'analysing', to: 'assigned', lands: 'assigned', by: 'cs', requires: ['responsibleDepartmentId', 'severity'] },
  { from: 'assigned', to: 'investigating', lands: 'investigating', by: 'department', requires: ['cause'] },
  { from: 'investigating', to: 'plan_proposed', lands: 'plan_proposed', by: 'cs_or_department', requires: ['plan'] },
  { from: 'plan_proposed', to: 'plan_approved', lands: 'plan_approved', by: 'approval', requires: [] },
  { from: 'plan_proposed', to: 'investigating', lands: 'investigating', by: 'approval', requires: [] },
  { from: 'plan_approved', to: 'implementing', lands: 'implementing', by: 'cs', requires: [] },
  { from: 'implementing', to: 'resolved', lands: 'resolved', by: 'cs', requires: ['resolution', 'customerSignOff'] },
  { from: 'resolved', to: 'followed_up', lands: 'followed_up', by: 'cs', requires: ['satisfaction', 'comments'] },
  { from: 'followed_up', to: 'closed', lands: 'closed', by: 'cs', requires: [] },
  { from: 'closed', to: 'reopened', lands: 'investigating', by: 'cs', requires: ['comment'] },
];

export const csRoles: readonly RoleKey[] = ['cs_staff', 'cs_manager'];
/** Who approves a complaint plan (主管领导审核, SEC-7). */
export const planApproverRole: RoleKey = 'cs_manager';

export function findStep(from: ComplaintState, to: ComplaintTarget): Step | null {
  return steps.find((s) => s.from === from && s.to === to) ?? null;
}

/** The targets the machine allows from a state (approval edges included). */
export function nextTargets(from: ComplaintState): ComplaintTarget[] {
  return steps.filter((s) => s.from === from).map((s) => s.to);
}

/** Who is asking: their roles and whether they work in (or manage) the responsible department. */
export type Stepper = { roles: readonly RoleKey[]; inResponsibleDepartment: boolean };

export function mayMake(step: Step, who: Stepper): boolean {
  const cs = who.roles.some((r) => csRoles.includes(r));
  switch (step.by) {
    case 'cs':
      return cs;
    case 'department':
      return who.inResponsibleDepartment;
    case 'cs_or_department':
      return cs || who.inResponsibleDepartment;
    case 'approval':
      return false; // decided in the approval centre, never by a transition request
  }
}

export type TransitionVerdict =
  | { ok: true; step: Step }
  | { ok: false; status: 409 | 403 | 400; reason: string; field?: string };

export type TransitionInput = { to: ComplaintTarget } & Record<string, unknown>;

/**
 * The whole decision for a transition request, in the contract's order: the machine (409), the
 * caller's role (403), the step's fields (400 naming the first missing one), the reopen window (409).
 */
export function checkTransition(
  c: { state: ComplaintState; closedAt: Date | null },
  input: TransitionInput,
  who: Stepper,
  now: Date,
): TransitionVerdict {
  const step = findStep(c.state, input.to);
  if (!step) return { ok: false, status: 409, reason: `A complaint in state ${c.state} cannot move to ${input.to}.` };
  if (step.by === 'approval') return { ok: false, status: 409, reason: 'The plan is approved or sent back through its approval (审批中心), not by a transition.' };
  if (!mayMake(step, who)) return { ok: false, status: 403, reason: `Your role may not move a complaint from ${step.from} to ${step.to}.` };
  for (const f of step.requires) {
    const v = input[f];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return { ok: false, status: 400, reason: `${f}: is required for this step`, field: f };
  }
  if (step.to === 'reopened' && !mayReopen(c.closedAt, now)) {
    return { ok: false, status: 409, reason: `A complaint can be reopened only within ${REOPEN_DAYS} days of closing.` };
  }
  return { ok: true, step };
}

/** Within 30 days of closing (the 30th day's last millisecond included). */
export function mayReopen(closedAt: Date | null, now: Date): boolean {
  return closedAt !== null && now.getTime() - closedAt.getTime() <= REOPEN_DAYS * DAY;
}

/** deadlineAt = receivedAt + the table's hours for the severity (SVC-3). */
export function deadlineFor(receivedAt: Date, severity: ComplaintSeverity, table: DeadlineTable): Date {
  return new Date(receivedAt.getTime() + table[severity] * HOUR);
}

/** A deadline table an administrator may save: whole hours, 1 h … 90 days, urgent ≤ high ≤ normal. */
export function checkDeadlineTable(t: DeadlineTable): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  for (const k of ['urgent', 'high', 'normal'] as const) {
    if (!Number.isInteger(t[k]) || t[k] < 1 || t[k] > 90 * 24) errors.push({ path: k, message: 'must be whole hours between 1 and 2160' });
  }
  if (errors.length === 0 && !(t.urgent <= t.high && t.high <= t.normal)) errors.push({ path: 'high', message: 'must lie between urgent and normal' });
  return errors;
}

/** States in which the promised deadline still runs (SVC-6). */
export const openStates: readonly ComplaintState[] = ['received', 'analysing', 'assigned', 'investigating', 'plan_proposed', 'plan_approved', 'implementing'];
export const unresolvedStates = openStates;

export function isOverdue(c: { state: ComplaintState; deadlineAt: Date | null }, now: Date): boolean {
  return c.deadlineAt !== null && openStates.includes(c.state) && now.getTime() > c.deadlineAt.getTime();
}

/**
 * Escalation level (SVC-6): 0 before the deadline, 1 past it (handler and cs_manager told), 2 past
 * twice the promised time (the responsible department's manager too). The promised time runs from
 * `startedAt` (receipt, or the reopening).
 */
export function escalationLevel(c: { state: ComplaintState; startedAt: Date; deadlineAt: Date | null }, now: Date): 0 | 1 | 2 {
  if (!c.deadlineAt || !openStates.includes(c.state)) return 0;
  const span = c.deadlineAt.getTime() - c.startedAt.getTime();
  const t = now.getTime();
  if (t > c.startedAt.getTime() + 2 * span) return 2;
  if (t > c.deadlineAt.getTime()) return 1;
  return 0;
}

/** The follow-up is due 7 days after resolution; later it is overdue (SVC-8). */
export function followUpDue(resolvedAt: Date): Date {
  return new Date(resolvedAt.getTime() + FOLLOW_UP_DAYS * DAY);
}

export function resolvedOnTime(deadlineAt: Date | null, resolvedAt: Date | null): boolean | null {
  if (!deadlineAt || !resolvedAt) return null;
  return resolvedAt.getTime() <= deadlineAt.getTime();
}

/** Order of states for the web's state diagram and for sorting. */
export const stateOrder: Record<ComplaintState, number> = Object.fromEntries(complaintStates.map((s, i) => [s, i])) as Record<ComplaintState, number>;

// ---- on-duty rota (轮班): 24-hour intake --------------------------------------------------------

/** China time (UTC+8, no daylight saving): ISO weekday 1 (Monday) … 7 and hour 0 … 23. */
export function chinaWeekHour(at: Date): { weekday: number; hour: number } {
  const t = new Date(at.getTime() + 8 * HOUR);
  const d = t.getUTCDay();
  return { weekday: d === 0 ? 7 : d, hour: t.getUTCHours() };
}

export function coversHour(e: Pick<RotaEntry, 'weekday' | 'startHour' | 'endHour'>, weekday: number, hour: number): boolean {
  return e.weekday === weekday && e.startHour <= hour && hour < e.endHour;
}

/** Who receives complaints at `at`: the first entry (by position) covering that hour, or null (a gap). */
export function onDutyAt<E extends Pick<RotaEntry, 'weekday' | 'startHour' | 'endHour'>>(entries: readonly E[], at: Date): E | null {
  const { weekday, hour } = chinaWeekHour(at);
  return entries.find((e) => coversHour(e, weekday, hour)) ?? null;
}

/** The hours of the week no one covers, merged into runs per weekday (the rota page shows them). */
export function rotaGaps(entries: readonly Pick<RotaEntry, 'weekday' | 'startHour' | 'endHour'>[]): { weekday: number; startHour: number; endHour: number }[] {
  const gaps: { weekday: number; startHour: number; endHour: number }[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    let start: number | null = null;
    for (let hour = 0; hour <= 24; hour++) {
      const covered = hour < 24 && entries.some((e) => coversHour(e, weekday, hour));
      if (hour < 24 && !covered && start === null) start = hour;
      if ((covered || hour === 24) && start !== null) {
        gaps.push({ weekday, startHour: start, endHour: hour });
        start = null;
      }
    }
  }
  return gaps;
}

export function checkRotaEntry(e: Pick<RotaEntry, 'weekday' | 'startHour' | 'endHour'>): string | null {
  if (!Number.isInteger(e.weekday) || e.weekday < 1 || e.weekday > 7) return 'weekday must be 1 (Monday) … 7 (Sunday)';
  if (!Number.isInteger(e.startHour) || !Number.isInteger(e.endHour) || e.startHour < 0 || e.endHour > 24 || e.startHour >= e.endHour) return 'hours must satisfy 0 ≤ startHour < endHour ≤ 24';
  return null;
}

// ---- numbers -----------------------------------------------------------------------------------

export const COMPLAINT_PREFIX = 'TS';
/** 受理编号 TS-YYYY-NNNNNN, like archive numbers (ARC-2); the year is China's. */
export function formatComplaintNo(year: number, seq: number): string {
  return `${COMPLAINT_PREFIX}-${year}-${String(seq).padStart(6, '0')}`;
}
export function chinaYear(at: Date): number {
  return new Date(at.getTime() + 8 * HOUR).getUTCFullYear();
}

// ---- feeding the relationship evaluation (SVC-7, EVA-8 客户关系评估表) ------------------------------

export type ComplaintFacts = { last12Months: number; unresolved: number; followedUp: number; avgSatisfaction: number | null };

/**
 * Scores the complaint record suggests for the relationship evaluation's indicators, 0 … 100:
 * `complaints` (投诉与异议处理) starts at 100, loses 15 per complaint of the last 12 months and 10
 * more per one still unresolved (never below 0); `satisfaction` (客户满意度) maps the mean follow-up
 * satisfaction 1 … 5 onto 0 … 100 (null without a follow-up). The evaluator may change them.
 */
export function suggestRelationshipScores(f: ComplaintFacts): { complaints: number; satisfaction: number | null } {
  const complaints = Math.max(0, 100 - 15 * f.last12Months - 10 * f.unresolved);
  const satisfaction = f.avgSatisfaction === null ? null : Math.round(((Math.min(5, Math.max(1, f.avgSatisfaction)) - 1) / 4) * 1000) / 10;
  return { complaints, satisfaction };
}
