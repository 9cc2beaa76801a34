/** Approvals (SEC-7), access requests / borrowing (SEC-6), delegations and notifications: schemas shared by server and web. */
import { z } from 'zod';
import { fieldGroupSchema } from './access.js';
import { cursorSchema, idSchema, limitSchema } from './common.js';
import { roleKeySchema, type RoleKey } from './roles.js';

/** Every workflow that needs an approval; each module registers the effect of its type on the server. */
export const approvalTypes = [
  'access_request', // SEC-6 borrowing
  'customer_delete', // SEC-8 → recycle bin
  'customer_restore', // SEC-8 out of the recycle bin
  'secrecy_lower', // SEC-5 / SEC-8
  'owner_transfer', // SEC-8 key customers
  'grade_override', // SEC-8 / EVA
  'class_override', // SEC-8 / EVA-7
  'destruction', // SEC-9
  'evaluation_finalise', // EVA-4
  'relationship_review', // EVA-8
  'complaint_plan', // 05-service
  'document_delete', // ARC-6
  'personal_data_erasure', // SEC-12
  'personal_data_export', // SEC-12
  'bad_debt', // EVA-5 / SEC-7 writing a payment off as 呆坏帐, or reinstating it
  'contract_template', // SAL-3 legal review of a contract template version (seed 003 9.2)
] as const;
export type ApprovalType = (typeof approvalTypes)[number];

export const approvalStates = ['pending', 'approved', 'rejected', 'withdrawn', 'expired'] as const;
export type ApprovalState = (typeof approvalStates)[number];

const timestamp = z.string().describe('ISO 8601 date-time');

export const approvalCommentSchema = z.object({ id: z.string(), authorId: z.string(), authorName: z.string().nullable(), body: z.string(), at: timestamp });

export const approvalSchema = z.object({
  id: z.string(),
  type: z.enum(approvalTypes),
  state: z.enum(approvalStates),
  subjectType: z.string(),
  subjectId: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable().describe('Shown only to those who may see the customer; otherwise null'),
  summary: z.string(),
  payload: z.record(z.string(), z.unknown()),
  requesterId: z.string(),
  requesterName: z.string().nullable(),
  approverRole: roleKeySchema,
  approverRule: z.string().describe('The rule that decided who approves, e.g. SEC-6'),
  decidedById: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: timestamp.nullable(),
  decisionComment: z.string().nullable(),
  createdAt: timestamp,
  expiresAt: timestamp,
  /** What the caller may do with it now. */
  canDecide: z.boolean(),
  canWithdraw: z.boolean(),
  comments: z.array(approvalCommentSchema),
  version: z.number().int(),
});
export type Approval = z.infer<typeof approvalSchema>;

export const approvalListQuery = z.strictObject({
  box: z.enum(['queue', 'mine', 'decided']).default('queue').describe('`queue`: waiting for the caller (default); `mine`: the caller\'s requests; `decided`: what the caller decided'),
  state: z.enum(approvalStates).optional(),
  type: z.enum(approvalTypes).optional(),
  customerId: idSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});

export const decideApprovalBody = z.strictObject({ comment: z.string().trim().max(2000).optional() });
export const commentApprovalBody = z.strictObject({ body: z.string().trim().min(1).max(2000) });

// --- access requests (SEC-6) ---

export const accessRequestStates = ['pending', 'active', 'rejected', 'withdrawn', 'expired', 'ended', 'returned'] as const;

export const createAccessRequestBody = z.strictObject({
  customerId: idSchema,
  groups: z.array(fieldGroupSchema).min(1).max(6).describe('Field groups to open; `basic` is implied'),
  purpose: z.string().trim().min(2).max(500).describe('Why the archive is needed (查借阅事由)'),
  durationMinutes: z.number().int().min(1).max(60 * 24 * 30).describe('How long the grant lasts from approval; at most 240 for secret archives'),
});

export const accessRequestSchema = z.object({
  id: z.string(),
  approvalId: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  archiveNo: z.string().nullable(),
  requesterId: z.string(),
  requesterName: z.string().nullable(),
  groups: z.array(fieldGroupSchema),
  purpose: z.string(),
  durationMinutes: z.number().int(),
  secrecyLevel: z.string().nullable().describe('null, like customerName and archiveNo, while the caller may not see the archive'),
  state: z.enum(accessRequestStates).describe('`active` between startsAt and expiresAt; `ended` after; `returned` when given back early'),
  approverRole: roleKeySchema,
  decidedByName: z.string().nullable(),
  decidedAt: timestamp.nullable(),
  startsAt: timestamp.nullable(),
  expiresAt: timestamp.nullable(),
  returnedAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type AccessRequest = z.infer<typeof accessRequestSchema>;
export const createdAccessRequestSchema = accessRequestSchema.extend({ state: z.literal('pending') });

export const accessRequestListQuery = z.strictObject({
  customerId: idSchema.optional(),
  requesterId: idSchema.optional(),
  state: z.enum(accessRequestStates).optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});

/** One read made under a grant, for the borrowing register. */
export const grantReadSchema = z.object({ at: timestamp, action: z.string(), ip: z.string().nullable() });
export const borrowingEntrySchema = accessRequestSchema.extend({ reads: z.array(grantReadSchema) });

// --- delegations ---

/**
 * The approvals the gm may hand to a deputy (SEC-5: secret-level borrowing), a deliberate list:
 * destruction, lowering secrecy, restoring, personal-data requests and the rest stay with the gm.
 */
export const delegableApprovalTypes = ['access_request'] as const satisfies readonly ApprovalType[];
/** Who may stand in for the gm: senior staff who judge what is lent (SEC-5, SEC-6). */
export const deputyRoles = ['office_head', 'marketing_director', 'marketing_manager', 'cs_manager'] as const satisfies readonly RoleKey[];

export const delegationSchema = z.object({
  id: z.string(),
  deputyId: z.string(),
  deputyName: z.string().nullable(),
  types: z.array(z.enum(approvalTypes)),
  startsOn: z.string(),
  endsOn: z.string(),
  createdAt: timestamp,
  revokedAt: timestamp.nullable(),
});
export const createDelegationBody = z
  .strictObject({
    deputyId: idSchema,
    types: z.array(z.enum(delegableApprovalTypes)).min(1).max(delegableApprovalTypes.length).default(['access_request']).describe('Only secret-level borrowing (`access_request`) is delegable'),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
  })
  .refine((d) => d.endsOn >= d.startsOn, { path: ['endsOn'], message: 'must not be before startsOn' });

// --- notifications ---

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  link: z.string().nullable(),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
  outcome: z.enum(['approved', 'rejected']).nullable().describe('For a decided request: how it was decided'),
  reason: z.string().nullable().describe('The approver\'s comment on the decision, if any'),
});
export const notificationListQuery = z.strictObject({ unread: z.enum(['true', 'false']).optional(), limit: limitSchema, cursor: cursorSchema.optional() });
