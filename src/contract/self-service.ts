/** The customer self-service form (ARC-14, 客户资料搜集表): single-use links, submissions, field-by-field review. */
import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, requiredText, text, timestamp } from './common.js';

/** Basic fields a customer may fill in or correct (nothing financial, nothing about our evaluation). */
export const selfServiceFields = [
  'name', 'shortName', 'address', 'postalCode', 'phone', 'fax', 'email', 'website', 'qq', 'wechat',
  'creditCode', 'foundedOn', 'employeeCount', 'mainBusiness', 'mainProducts', 'purchasedVarieties', 'downstreamMarket',
] as const;
export type SelfServiceField = (typeof selfServiceFields)[number];
export const defaultSelfServiceFields: SelfServiceField[] = ['name', 'address', 'postalCode', 'phone', 'fax', 'email', 'website', 'mainBusiness', 'mainProducts'];

export const createSelfServiceLinkBody = z.strictObject({
  fields: z.array(z.enum(selfServiceFields)).min(1).max(selfServiceFields.length).optional().describe('Default: name, address, postal code, phone, fax, email, website, main business and products'),
  expiresInDays: z.number().int().min(1).max(60).default(14),
  note: text(500).optional().describe('For staff: to whom and why it was sent'),
});
export const selfServiceLinkStates = ['pending', 'used', 'expired', 'revoked'] as const;
export const selfServiceLinkSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  fields: z.array(z.enum(selfServiceFields)),
  note: z.string().nullable(),
  state: z.enum(selfServiceLinkStates),
  createdAt: timestamp,
  createdByName: z.string().nullable(),
  expiresAt: timestamp,
  usedAt: timestamp.nullable(),
  submissionId: idSchema.nullable(),
});
export const createdSelfServiceLinkSchema = selfServiceLinkSchema.extend({
  token: z.string().describe('Shown once; only its SHA-256 is stored'),
  path: z.string().describe('The public page, e.g. /f/kdf_…'),
});

export const publicTokenParams = z.strictObject({ token: z.string().regex(/^kdf_[A-Za-z0-9_-]{43}$/, 'must be a form link token') });
export const publicFormSchema = z.object({
  companyName: z.string().describe('Who asks (the archive settings’ company name)'),
  fields: z.array(z.object({ key: z.enum(selfServiceFields), value: z.union([z.string(), z.number()]).nullable() })),
  expiresAt: timestamp,
});
const fieldValue = z.union([z.string().max(2000), z.number(), z.null()]);
export const publicSubmitBody = z.strictObject({
  values: z.record(z.string().max(40), fieldValue).refine((v) => Object.keys(v).length <= selfServiceFields.length, 'too many fields'),
  submitterName: requiredText(60).describe('Who filled it in'),
  submitterPhone: text(40).optional(),
  note: text(1000).optional(),
});
export const publicSubmitResultSchema = z.object({ ok: z.literal(true), submittedAt: timestamp, changed: z.number().int() });

export const submissionChangeSchema = z.object({
  field: z.enum(selfServiceFields),
  oldValue: z.unknown().describe('The archive’s value when the customer submitted'),
  newValue: z.unknown(),
  currentValue: z.unknown().describe('The archive’s value now'),
  decision: z.enum(['accepted', 'rejected']).nullable(),
});
export const submissionSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  customerName: z.string(),
  archiveNo: z.string(),
  linkId: idSchema,
  state: z.enum(['pending', 'reviewed']),
  changes: z.array(submissionChangeSchema),
  submitterName: z.string(),
  submitterPhone: z.string().nullable(),
  note: z.string().nullable(),
  submittedAt: timestamp,
  reviewedAt: timestamp.nullable(),
  reviewedByName: z.string().nullable(),
  version: z.number().int(),
});
export type Submission = z.infer<typeof submissionSchema>;
export const submissionListQuery = z.strictObject({
  state: z.enum(['pending', 'reviewed']).optional(),
  customerId: idSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const reviewSubmissionBody = z.strictObject({
  version: z.number().int().min(0),
  decisions: z.partialRecord(z.enum(selfServiceFields), z.enum(['accept', 'reject'])).describe('One decision per changed field'),
  customerVersion: z.number().int().min(0).describe('Version of the archive the reviewer compared against (optimistic concurrency)'),
});
