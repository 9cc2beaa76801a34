/** Reading the audit trail: filtered, newest first, keyset-paginated. */
import { sql, type Kysely } from 'kysely';
import type { AuditEvent, AuditOutcome } from '../../../contract/audit.js';
import type { DB } from '../../db/schema.js';

export type AuditFilters = { userId?: string; entityId?: string; entityType?: string; action?: string; from?: string; to?: string; outcome?: AuditOutcome };

export function selectAuditEvents(db: Kysely<DB>, f: AuditFilters, beforeId: string | null) {
  let q = db
    .selectFrom('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.at', 'a.actor_id', 'u.display_name as actor_name', 'a.action', 'a.entity_type', 'a.entity_id', 'a.data', 'a.ip', 'a.user_agent', 'a.outcome']);
  if (f.userId) q = q.where('a.actor_id', '=', f.userId);
  if (f.entityId) q = q.where('a.entity_id', '=', f.entityId);
  if (f.entityType) q = q.where('a.entity_type', '=', f.entityType);
  if (f.action) q = f.action.endsWith('.') ? q.where('a.action', 'like', `${f.action}%`) : q.where('a.action', '=', f.action);
  if (f.outcome) q = q.where('a.outcome', '=', f.outcome);
  if (f.from) q = q.where('a.at', '>=', new Date(f.from));
  if (f.to) q = q.where('a.at', '<', new Date(f.to));
  if (beforeId) q = q.where(sql<boolean>`a.id < ${beforeId}::bigint`);
  return q.orderBy('a.id', 'desc');
}

type Row = { id: string; at: Date; actor_id: string | null; actor_name: string | null; action: string; entity_type: string | null; entity_id: string | null; data: unknown; ip: string | null; user_agent: string | null; outcome: string };
export const toAuditEvent = (r: Row): AuditEvent => ({
  id: r.id,
  at: r.at.toISOString(),
  actorId: r.actor_id,
  actorName: r.actor_name,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  data: (r.data ?? {}) as Record<string, unknown>,
  ip: r.ip,
  userAgent: r.user_agent,
  outcome: r.outcome as AuditOutcome,
});
