/**
 * Service-request rules (SVC-10, seed 002 问题记录和分配 / 客户服务跟踪), pure: the status machine,
 * who may change a status, the fields a step needs, the SLA deadlines (first response, resolution)
 * and their breaches, escalation levels, the routing rules (category → team) and request numbers.
 * SLA hours are calendar hours: intake and service run all day (全天候), like complaint deadlines.
 */
import type { RoleKey } from '../../../contract/roles.js';
import type { RoutingRules, ServiceCategory, ServiceStatus, ServiceUrgency, SlaTable } from '../../../contract/service-requests.js';

const HOUR = 3_600_000;

export const DEFAULT_SLA_TABLE: SlaTable = {
  urgent: { firstResponseHours: 1, resolutionHours: 8 },
  high: { firstResponseHours: 4, resolutionHours: 24 },
  normal: { firstResponseHours: 8, resolutionHours: 72 },
};

/** Statuses in which the SLA timers run. */
export const runningStatuses: readonly ServiceStatus[] = ['open', 'in_progress', 'waiting_customer'];
/** Statuses from which a request can be escalated into a complaint. */
export const escalatableStatuses: readonly ServiceStatus[] = ['open', 'in_progress', 'waiting_customer', 'resolved'];

export type ServiceStep = { from: ServiceStatus; to: ServiceStatus; requires: readonly ('resolution' | 'comment')[] };

/** Every edge a transition request may take (escalated is reached only through /escalate). */
export const serviceSteps: readonly ServiceStep[] = [
  { from: 'open', to: 'in_progress', requires: [] },
  { from: 'open', to: 'resolved', requires: ['resolution'] },
  { from: 'in_progress', to: 'waiting_customer', requires: [] },
  { from: 'waiting_customer', to: 'in_progress', requires: [] },
  { from: 'in_progress', to: 'resolved', requires: ['resolution'] },
  { from: 'waiting_customer', to: 'resolved', requires: ['resolution'] },
  { from: 'resolved', to: 'closed', requires: [] },
  { from: 'resolved', to: 'in_progress', requires: ['comment'] },
];

export const serviceRoles: readonly RoleKey[] = ['cs_staff', 'cs_manager'];
/** Who escalates a request into a complaint: those who record complaints without an archive of their own. */
export const escalateRoles: readonly RoleKey[] = ['cs_staff', 'cs_manager', 'gm'];
/** Who keeps the routing rules. */
export const routingKeeperRoles: readonly RoleKey[] = ['cs_manager', 'gm'];

export function nextStatuses(from: ServiceStatus): ServiceStatus[] {
  return serviceSteps.filter((s) => s.from === from).map((s) => s.to);
}

/** Who may work a request: customer service, the staff of its team (department), its assignee. */
export type ServiceWorker = { roles: readonly RoleKey[]; userId: string; inTeam: boolean };
export function mayWork(who: ServiceWorker, assigneeId: string | null): boolean {
  return who.roles.some((r) => serviceRoles.includes(r)) || who.inTeam || (assigneeId !== null && assigneeId === who.userId);
}

export type ServiceVerdict = { ok: true; step: ServiceStep } | { ok: false; status: 409 | 403 | 400; reason: string; field?: string };

/** The decision for a status change, in the contract's order: machine (409), caller (403), fields (400). */
export function checkServiceTransition(
  r: { status: ServiceStatus; assigneeId: string | null },
  input: { to: ServiceStatus; resolution?: string | undefined; comment?: string | undefined },
  who: ServiceWorker,
): ServiceVerdict {
  if (input.to === 'escalated') {
    if (!escalatableStatuses.includes(r.status)) return { ok: false, status: 409, reason: `A request in status ${r.status} cannot be escalated.` };
    return { ok: false, status: 409, reason: 'A request is escalated into a complaint through POST /service-requests/{id}/escalate.' };
  }
  const step = serviceSteps.find((s) => s.from === r.status && s.to === input.to);
  if (!step) return { ok: false, status: 409, reason: `A request in status ${r.status} cannot move to ${input.to}.` };
  if (!mayWork(who, r.assigneeId)) return { ok: false, status: 403, reason: 'Customer service, the request\'s team or its assignee change its status.' };
  for (const f of step.requires) {
    const v = input[f];
    if (v === undefined || v.trim() === '') return { ok: false, status: 400, reason: `${f}: is required for this step`, field: f };
  }
  return { ok: true, step };
}

/** The escalation decision: the machine (409) before the caller's role (403). */
export function checkEscalation(status: ServiceStatus, roles: readonly RoleKey[]): { ok: true } | { ok: false; status: 409 | 403; reason: string } {
  if (!escalatableStatuses.includes(status)) return { ok: false, status: 409, reason: status === 'escalated' ? 'This request was already escalated into a complaint.' : `A ${status} request cannot be escalated; a new request or complaint is recorded instead.` };
  if (!roles.some((r) => escalateRoles.includes(r))) return { ok: false, status: 403, reason: 'Customer service escalates requests into complaints.' };
  return { ok: true };
}

/** First response and resolution deadlines from the received time and urgency. */
export function slaDeadlines(receivedAt: Date, urgency: ServiceUrgency, table: SlaTable): { firstResponseDueAt: Date; resolutionDueAt: Date } {
  const t = table[urgency];
  return { firstResponseDueAt: new Date(receivedAt.getTime() + t.firstResponseHours * HOUR), resolutionDueAt: new Date(receivedAt.getTime() + t.resolutionHours * HOUR) };
}

/** A table an administrator may save: for each urgency first response ≤ resolution; urgent ≤ high ≤ normal on both. */
export function checkSlaTable(t: SlaTable): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  for (const u of ['urgent', 'high', 'normal'] as const) {
    if (t[u].firstResponseHours > t[u].resolutionHours) errors.push({ path: `${u}.firstResponseHours`, message: 'must not exceed resolutionHours' });
  }
  for (const k of ['firstResponseHours', 'resolutionHours'] as const) {
    if (!(t.urgent[k] <= t.high[k] && t.high[k] <= t.normal[k])) errors.push({ path: `high.${k}`, message: 'must lie between urgent and normal (urgent ≤ high ≤ normal)' });
  }
  return errors;
}

export type SlaFacts = { status: ServiceStatus; firstResponseDueAt: Date; firstRespondedAt: Date | null; resolutionDueAt: Date; resolvedAt: Date | null };

/** No first response by its deadline: answered late, or still unanswered after it (a deadline's own millisecond is in time). */
export function firstResponseBreached(r: SlaFacts, now: Date): boolean {
  const at = r.firstRespondedAt ?? (r.status === 'escalated' || r.status === 'closed' ? null : now);
  return at !== null && at.getTime() > r.firstResponseDueAt.getTime();
}

/** Not resolved by its deadline: resolved late, or still running after it. */
export function resolutionBreached(r: SlaFacts, now: Date): boolean {
  const at = r.resolvedAt ?? (runningStatuses.includes(r.status) ? now : null);
  return at !== null && at.getTime() > r.resolutionDueAt.getTime();
}

/** Still running and past one of its deadlines (shows red, sorts first). */
export function isServiceOverdue(r: SlaFacts, now: Date): boolean {
  if (!runningStatuses.includes(r.status)) return false;
  return (r.firstRespondedAt === null && now.getTime() > r.firstResponseDueAt.getTime()) || now.getTime() > r.resolutionDueAt.getTime();
}

/**
 * Escalation level (SLA escalation): 1 when the first response is late (the assignee and the team's
 * manager are told), 2 when the resolution is late (the customer-service managers too); 0 otherwise
 * or once the timers stopped.
 */
export function serviceEscalationLevel(r: SlaFacts, now: Date): 0 | 1 | 2 {
  if (!runningStatuses.includes(r.status)) return 0;
  if (now.getTime() > r.resolutionDueAt.getTime()) return 2;
  if (r.firstRespondedAt === null && now.getTime() > r.firstResponseDueAt.getTime()) return 1;
  return 0;
}

/** The team whose queue receives a category (null: customer service's own queue). */
export function routeTeam(rules: RoutingRules, category: ServiceCategory): string | null {
  return rules.find((r) => r.category === category)?.departmentId ?? null;
}

/** Each category at most once. */
export function checkRoutingRules(rules: RoutingRules): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  rules.forEach((r, i) => {
    if (rules.findIndex((x) => x.category === r.category) !== i) errors.push({ path: `rules.${i}.category`, message: 'is routed twice' });
  });
  return errors;
}

export const SERVICE_PREFIX = 'FW';
/** 服务单号 FW-YYYY-NNNNNN (gap-free per China year, like complaint and archive numbers). */
export function formatRequestNo(year: number, seq: number): string {
  return `${SERVICE_PREFIX}-${year}-${String(seq).padStart(6, '0')}`;
}
