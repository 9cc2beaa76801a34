/**
 * Refused operations in the audit trail (SEC-10, issue 17), pure: which refused requests are
 * recorded, with what outcome, and how a flood of them is bounded. No clock: `now` (ms) is given.
 *
 * Recorded: a signed-in caller's 403 on any route; 404 on a write or on one customer record
 * (a denied read is a 404, SEC-2); 409 and 422 on a write. Not recorded: 401 (no one to name;
 * failed sign-ins are audited by auth itself, under the sign-in rate limit), 400 (malformed input
 * touched nothing), 404 on other reads, 429.
 *
 * Bound: per fixed window, each caller's first `perActor` refusals (and no more than `total` from
 * everyone) are written one by one; beyond that they are counted per (caller, operation, status)
 * and written as one aggregated event when the window ends — so the trail grows by at most
 * `total` + (distinct keys) rows per window however many requests are refused.
 */
import type { AuditOutcome } from '../../../contract/audit.js';

export type RefusedRequest = {
  method: string;
  status: number;
  /** The caller was signed in (a principal was resolved). */
  signedIn: boolean;
  /** The route answers about one customer record (its answer is a 404 when the record is not readable). */
  customerRecord: boolean;
};

const reads = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The outcome to record for a refused request, or null when it is not recorded. */
export function refusalOutcome(r: RefusedRequest): Exclude<AuditOutcome, 'success'> | null {
  if (!r.signedIn) return null;
  const write = !reads.has(r.method.toUpperCase());
  if (r.status === 403) return 'denied';
  if (r.status === 404) return write || r.customerRecord ? 'denied' : null;
  if (write && (r.status === 409 || r.status === 422)) return 'failed';
  return null;
}

export type RefusalLimits = { windowMs: number; perActor: number; total: number; sample: number };
export const defaultRefusalLimits: RefusalLimits = { windowMs: 60_000, perActor: 30, total: 600, sample: 10 };

/** Refusals counted (not written one by one) in a window, per caller, operation and status. */
export type RefusalCount = {
  key: string;
  actorKey: string;
  operation: string;
  status: number;
  count: number;
  firstAt: number;
  lastAt: number;
  /** The first few records refused (an enumeration shows as many ids). */
  entityIds: string[];
};

export type RefusalWindow = { start: number; total: number; perActor: Map<string, number>; counted: Map<string, RefusalCount> };

export const newRefusalWindow = (now: number, limits: RefusalLimits = defaultRefusalLimits): RefusalWindow => ({
  start: now - (now % limits.windowMs),
  total: 0,
  perActor: new Map(),
  counted: new Map(),
});

/** Ends the window when `now` is past it (or `force`): returns what was counted in it and starts afresh. */
export function drainRefusals(w: RefusalWindow, now: number, limits: RefusalLimits = defaultRefusalLimits, force = false): RefusalCount[] {
  if (!force && now < w.start + limits.windowMs) return [];
  const out = [...w.counted.values()];
  Object.assign(w, newRefusalWindow(now, limits));
  return out;
}

/**
 * Admits one refusal: `record` true when it is written on its own; otherwise it was counted.
 * `flush` holds the previous window's counts when this refusal opened a new window.
 */
export function admitRefusal(
  w: RefusalWindow,
  r: { actorKey: string; operation: string; status: number; entityId: string | null },
  now: number,
  limits: RefusalLimits = defaultRefusalLimits,
): { record: boolean; flush: RefusalCount[] } {
  const flush = drainRefusals(w, now, limits);
  const mine = w.perActor.get(r.actorKey) ?? 0;
  if (mine < limits.perActor && w.total < limits.total) {
    w.perActor.set(r.actorKey, mine + 1);
    w.total++;
    return { record: true, flush };
  }
  const key = `${r.actorKey}|${r.operation}|${r.status}`;
  const c = w.counted.get(key) ?? { key, actorKey: r.actorKey, operation: r.operation, status: r.status, count: 0, firstAt: now, lastAt: now, entityIds: [] };
  c.count++;
  c.lastAt = now;
  if (r.entityId !== null && c.entityIds.length < limits.sample && !c.entityIds.includes(r.entityId)) c.entityIds.push(r.entityId);
  w.counted.set(key, c);
  return { record: false, flush };
}
