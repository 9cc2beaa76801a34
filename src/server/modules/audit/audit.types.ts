/** Audit entries and actors; the closed set of actions is in the contract (shared with the web client). */
import type { AuditAction } from '../../../contract/audit.js';

export type { AuditAction };

export type AuditEntry = {
  action: AuditAction;
  entityType?: string;
  entityId?: string;
  data?: Record<string, unknown>;
};

/** Who acts, from where: carried from the HTTP request (or CLI) into every service call. */
export type Actor = { userId: string | null; ip: string | null; requestId: string | null };
export const systemActor: Actor = { userId: null, ip: null, requestId: null };
