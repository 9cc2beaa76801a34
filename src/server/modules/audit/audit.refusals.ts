/**
 * Writes refused operations to the audit trail (SEC-10) after their answer has gone out: nothing
 * is added to a successful request, and a refused one does not wait for its event (it goes
 * through the group-committed read-audit queue). Floods are bounded by audit.refusals.rules.ts;
 * the counts of a window are written as one event each when the window ends (a timer, or the
 * next refusal), and on shutdown. A crash loses at most the refusals of the current window's
 * counts and those still in the queue — a refusal changed nothing, so nothing else is lost.
 */
import type { Kysely } from 'kysely';
import type { AuditOutcome } from '../../../contract/audit.js';
import type { DB } from '../../db/schema.js';
import { recordReadAudit } from './audit.service.js';
import { admitRefusal, defaultRefusalLimits, drainRefusals, newRefusalWindow, type RefusalCount, type RefusalLimits } from './audit.refusals.rules.js';
import type { Actor } from './audit.types.js';

export type Refusal = {
  actor: Actor;
  outcome: Exclude<AuditOutcome, 'success'>;
  /** The operation (route name), e.g. getCustomer. */
  operation: string;
  method: string;
  status: number;
  /** The problem code answered, e.g. not_found, forbidden, conflict. */
  code: string | null;
  entityType: string | null;
  entityId: string | null;
};

export type RefusalRecorder = { record: (r: Refusal) => void; settled: () => Promise<void>; close: () => Promise<void> };

export function createRefusalRecorder(db: Kysely<DB>, log: (m: string) => void, limits: RefusalLimits = defaultRefusalLimits): RefusalRecorder {
  const window = newRefusalWindow(Date.now(), limits);
  const pending = new Set<Promise<void>>();
  // what each counted key stands for, to write its aggregated event (the last refusal's details)
  const lastOf = new Map<string, Refusal>();

  const write = (actor: Actor, entry: Parameters<typeof recordReadAudit>[2], at: Date) => {
    const p = recordReadAudit(db, actor, entry, at).catch((e: unknown) => log(`audit of a refused request failed: ${(e as Error).message}`));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const writeCounts = (counts: RefusalCount[]) => {
    for (const c of counts) {
      const r = lastOf.get(c.key);
      if (!r) continue;
      write({ ...r.actor, requestId: null }, {
        action: 'request.refused',
        outcome: r.outcome,
        ...(r.entityType ? { entityType: r.entityType } : {}),
        data: {
          operation: c.operation, method: r.method, status: c.status, code: r.code, aggregated: true, count: c.count,
          from: new Date(c.firstAt).toISOString(), to: new Date(c.lastAt).toISOString(), entityIds: c.entityIds,
        },
      }, new Date(c.lastAt));
    }
    lastOf.clear();
  };
  const timer = setInterval(() => writeCounts(drainRefusals(window, Date.now(), limits)), limits.windowMs);
  timer.unref();

  return {
    record: (r) => {
      const now = Date.now();
      const actorKey = r.actor.userId ?? `ip:${r.actor.ip ?? ''}`;
      const { record, flush } = admitRefusal(window, { actorKey, operation: r.operation, status: r.status, entityId: r.entityId }, now, limits);
      writeCounts(flush);
      if (!record) {
        lastOf.set(`${actorKey}|${r.operation}|${r.status}`, r);
        return;
      }
      write(r.actor, {
        action: 'request.refused',
        outcome: r.outcome,
        ...(r.entityType ? { entityType: r.entityType } : {}),
        ...(r.entityId ? { entityId: r.entityId } : {}),
        data: { operation: r.operation, method: r.method, status: r.status, code: r.code },
      }, new Date(now));
    },
    settled: async () => {
      while (pending.size) await Promise.all([...pending]);
    },
    close: async () => {
      clearInterval(timer);
      writeCounts(drainRefusals(window, Date.now(), limits, true));
      while (pending.size) await Promise.all([...pending]);
    },
  };
}
