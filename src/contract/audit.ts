/** The append-only audit trail (SEC-10). */
import { z } from 'zod';
import { cursorSchema, idSchema, isoDateTime, limitSchema, timestamp } from './common.js';

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
