/** The append-only audit trail (SEC-10). */
import { z } from 'zod';
import { cursorSchema, idSchema, isoDateTime, limitSchema, timestamp } from './common.js';

/** Audit event types: a closed set, so every writer names a known action and the web labels each. */
export const auditActions = [
  'auth.login',
  'auth.login_failed',
  'auth.locked',
  'auth.logout',
  'auth.password_changed',
  'auth.session_revoked',
  'token.created',
  'token.revoked',
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.unlocked',
  'user.password_reset',
  'user.password_change_forced',
  'department.created',
  'department.updated',
  'settings.password_policy_changed',
  'audit.exported',
  'customer.created',
  'customer.updated',
  'customer.viewed',
  'customer.merged',
  'customer.dormancy_marked',
  'custom_field.created',
  'custom_field.updated',
  'contact.created',
  'contact.updated',
  'transaction.created',
  'feedback.created',
  'approval.requested',
  'approval.approved',
  'approval.rejected',
  'approval.withdrawn',
  'approval.commented',
  'delegation.created',
  'delegation.revoked',
  'access.requested',
  'access.returned',
  'customer.deleted',
  'customer.restored',
  'customer.destroyed',
  'customer.secrecy_raised',
  'customer.secrecy_lowered',
  'customer.owner_transferred',
  'personal.revealed',
  'personal.exported',
  'personal.erased',
  'system.keys_rotated',
  'system.admin_created',
  'system.demo_loaded',
  'customer.exported',
  'import.committed',
  'system.backup_created',
  'system.restored',
] as const;
export type AuditAction = (typeof auditActions)[number];

type Split<A> = A extends `${infer H}.${infer T}` ? [H, T] : never;
/** The shape of translated action labels: `{ user: { created: '…' } }`, one entry per action. */
export type AuditActionLabels = { [H in Split<AuditAction>[0]]: { [T in Split<Extract<AuditAction, `${H}.${string}`>>[1]]: string } };

export const auditEventSchema = z.object({
  id: idSchema,
  at: timestamp,
  actorId: idSchema.nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

const auditFilters = {
  userId: idSchema.optional(),
  entityId: z.string().max(64).optional(),
  entityType: z.string().max(64).optional(),
  action: z.string().max(64).regex(/^[a-z_.]+$/, 'must be an action such as user.created').optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
};
export const auditListQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema.optional(), ...auditFilters });
export const auditExportQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv'), ...auditFilters });
