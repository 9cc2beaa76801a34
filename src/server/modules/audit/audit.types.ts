/** Audit entries and actors; the closed set of actions is in the contract (shared with the web client). */
import type { AuditAction, AuditOutcome } from '../../../contract/audit.js';

export type { AuditAction, AuditOutcome };

export type AuditEntry = {
  action: AuditAction;
  entityType?: string;
  entityId?: string;
  data?: Record<string, unknown>;
  /** SEC-10: what came of it; `success` unless said (a refused or failed operation). */
  outcome?: AuditOutcome;
};

/** Who acts, from where: carried from the HTTP request (or CLI) into every service call. */
export type Actor = { userId: string | null; ip: string | null; requestId: string | null; userAgent?: string | null };
export const systemActor: Actor = { userId: null, ip: null, requestId: null };
