/**
 * Relationship maintenance (spec 04): cadence policies per ABC class (REL-2), the communication
 * log (REL-3, 沟通记录) and the contact overview (REL-4, 客户联络一览表).
 */
import { z } from 'zod';
import { cursorSchema, idSchema, isoDateTime, limitSchema, requiredText, text, timestamp } from './common.js';
import { industryFilterSchema, isoDate } from './customers.js';

export const channels = ['phone', 'email', 'visit', 'chat', 'meeting', 'other'] as const;
export type Channel = (typeof channels)[number];
export const contactStates = ['ok', 'due_soon', 'overdue'] as const;
export type ContactState = (typeof contactStates)[number];
export const abcClasses = ['A', 'B', 'C'] as const;

export const cadencePolicySchema = z.object({
  abcClass: z.enum(abcClasses).describe('An unclassified customer follows C'),
  callDays: z.number().int().describe('Call at least every … days (phone, email, chat count as calls)'),
  visitDays: z.number().int().describe('Visit at least every … days (visit, meeting count as visits)'),
  version: z.number().int(),
  updatedAt: timestamp,
});
export type CadencePolicy = z.infer<typeof cadencePolicySchema>;
export const cadencePolicyList = z.object({ items: z.array(cadencePolicySchema) });
export const updateCadencePolicyBody = z.strictObject({
  callDays: z.number().int().min(1).max(366),
  visitDays: z.number().int().min(1).max(730),
  version: z.number().int().min(0),
});
export const cadenceClassParams = z.strictObject({ abcClass: z.enum(abcClasses) });

const coordinate = (min: number, max: number) => z.number().min(min).max(max);
export const checkInBody = z.strictObject({
  lat: coordinate(-90, 90).describe('WGS-84 latitude from the browser'),
  lng: coordinate(-180, 180),
  accuracy: z.number().min(0).max(100_000).describe('Metres, as the browser reported it'),
});

export const createCommunicationBody = z.strictObject({
  customerId: idSchema,
  channel: z.enum(channels).describe('`phone`, `email`, `chat` count as calls; `visit`, `meeting` as visits (REL-2)'),
  occurredAt: isoDateTime.describe('When it happened; may be in the past, never in the future'),
  contactIds: z.array(idSchema).max(50).optional().describe('Contacts of this customer who took part'),
  subject: requiredText(200),
  content: requiredText(10_000),
  result: text(2000).optional(),
  customerNeeds: text(2000).optional(),
  attitude: text(500).optional(),
  personLevel: text(100).optional().describe('Level of the person met (visits), e.g. 高层领导, 营销总监'),
  visitOpportunity: z.boolean().optional(),
  nextStep: z.strictObject({ dueOn: isoDate.describe('Today or later (China)'), text: requiredText(500) }).optional().describe('Becomes a `next_step` task for the logger'),
  checkIn: checkInBody.optional().describe('外勤签到: the browser’s position; the server stamps the time'),
  photoDocumentId: idSchema.optional().describe('A photo uploaded as a document of this customer (ARC-6)'),
});
export type CreateCommunication = z.infer<typeof createCommunicationBody>;

export const communicationSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  customerName: z.string(),
  archiveNo: z.string(),
  userId: idSchema,
  userName: z.string().nullable(),
  channel: z.enum(channels),
  occurredAt: timestamp,
  contactIds: z.array(idSchema),
  subject: z.string(),
  content: z.string(),
  result: z.string().nullable(),
  customerNeeds: z.string().nullable(),
  attitude: z.string().nullable(),
  personLevel: z.string().nullable(),
  visitOpportunity: z.boolean().nullable(),
  nextStep: z.object({ dueOn: isoDate, text: z.string(), taskId: idSchema.nullable() }).nullable(),
  checkIn: z.object({ lat: z.number(), lng: z.number(), accuracy: z.number(), at: timestamp }).nullable(),
  photoDocumentId: idSchema.nullable(),
  createdAt: timestamp,
});
export type Communication = z.infer<typeof communicationSchema>;

export const communicationListQuery = z.strictObject({
  customerId: idSchema.optional(),
  userId: idSchema.optional().describe('Who logged it'),
  channel: z.enum(channels).optional(),
  from: isoDateTime.or(isoDate).optional().describe('occurredAt ≥ this (a date means its start in China)'),
  to: isoDateTime.or(isoDate).optional().describe('occurredAt < this (a date means the end of that day in China)'),
  checkIn: z.enum(['true']).optional().describe('Only communications with a check-in'),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});

export const contactOverviewItem = z.object({
  customerId: idSchema,
  archiveNo: z.string(),
  name: z.string(),
  abcClass: z.enum(abcClasses).nullable(),
  ownerId: idSchema.nullable().describe('null: in the open pool (公海)'),
  ownerName: z.string().nullable(),
  lastCallAt: timestamp.nullable(),
  lastVisitAt: timestamp.nullable(),
  nextCallDue: isoDate,
  nextVisitDue: isoDate,
  callState: z.enum(contactStates),
  visitState: z.enum(contactStates),
  overdueDays: z.number().int().describe('Whole days the more overdue kind is past its due date; 0 when neither is overdue'),
});
export type ContactOverviewItem = z.infer<typeof contactOverviewItem>;

export const contactOverviewQuery = z.strictObject({
  state: z.enum(contactStates).optional().describe('Rows where either kind (call or visit) is in this state'),
  ownerId: idSchema.optional(),
  departmentId: idSchema.optional().describe('The customer’s department (as in the customer list)'),
  abcClass: z.enum([...abcClasses, 'none']).optional().describe('`none`: unclassified'),
  region: z.string().regex(/^\d{2,6}$/, 'must be a GB/T 2260 code prefix').optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const contactOverviewExportQuery = contactOverviewQuery.omit({ limit: true, cursor: true });

/** REL-1 明确责任: the open pool (公海), assignment by hand and by rule, transfers, portfolios. */
export const poolQuery = z.strictObject({
  departmentId: idSchema.optional(),
  region: z.string().regex(/^\d{2,6}$/, 'must be a GB/T 2260 code prefix').optional(),
  industry: text(100).optional().describe('Contained in the free-text industry'),
  industryCode: industryFilterSchema.optional(),
  abcClass: z.enum([...abcClasses, 'none']).optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const poolCustomerSchema = z.object({
  customerId: idSchema, archiveNo: z.string(), name: z.string(), abcClass: z.enum(abcClasses).nullable(), tier: z.string().nullable(), creditGrade: z.string().nullable(),
  industry: z.string().nullable(), industryCode: z.string().nullable().describe('GB/T 4754—2017 大类 code'), region: z.string().nullable(), employeeCount: z.number().int().nullable(), departmentId: idSchema, filedOn: isoDate,
});
export const assignmentRule = z.strictObject({
  industry: text(100).optional().describe('Contained in the free-text industry'),
  industryCode: industryFilterSchema.optional().describe('GB/T 4754—2017: a 门类 letter (A–T, every 大类 in it) or a 大类 code (01–97)'),
  region: z.string().regex(/^\d{2,6}$/, 'must be a GB/T 2260 code prefix').optional(),
  minEmployees: z.number().int().min(0).optional().describe('Size: at least this many employees'),
  maxEmployees: z.number().int().min(0).optional(),
  abcClass: z.enum([...abcClasses, 'none']).optional(),
});
export const assignByHandBody = z.strictObject({
  customerIds: z.array(idSchema).min(1).max(500),
  ownerId: idSchema.nullable().describe('null: release into the open pool'),
  reason: requiredText(500),
});
export const assignByRuleBody = z.strictObject({
  rule: assignmentRule.describe('Open-pool customers matching every given condition'),
  ownerIds: z.array(idSchema).min(1).max(50).describe('Shared out in turn, in archive order'),
  reason: requiredText(500),
  max: z.number().int().min(1).max(5000).default(1000),
});
export const assignmentResultSchema = z.object({
  assigned: z.array(z.object({ customerId: idSchema, ownerId: idSchema.nullable(), movedTasks: z.number().int() })),
  approvalsRequested: z.array(z.object({ customerId: idSchema, approvalId: idSchema })).describe('A-class and key customers: filed as protected changes (SEC-8) instead'),
  perOwner: z.array(z.object({ ownerId: idSchema.nullable(), ownerName: z.string().nullable(), count: z.number().int() })),
});
export const assignmentPreviewSchema = z.object({
  total: z.number().int(),
  perOwner: z.array(z.object({ ownerId: idSchema, ownerName: z.string().nullable(), count: z.number().int() })),
});
export const claimBody = z.strictObject({ reason: text(500).optional() });
export const ownerTransferSchema = z.object({
  id: idSchema, customerId: idSchema, fromOwnerId: idSchema.nullable(), fromOwnerName: z.string().nullable(), toOwnerId: idSchema.nullable(), toOwnerName: z.string().nullable(),
  kind: z.enum(['transfer', 'assign', 'claim', 'release', 'approved']), reason: z.string(), movedTasks: z.number().int(), approvalId: idSchema.nullable(), byName: z.string().nullable(), at: timestamp,
});
export const portfolioQuery = z.strictObject({ ownerId: idSchema.optional().describe('Default: the caller'), limit: limitSchema, cursor: cursorSchema.optional() });
export const portfolioItem = contactOverviewItem.extend({ tier: z.string().nullable(), creditGrade: z.string().nullable(), lastContactAt: timestamp.nullable(), nextDueOn: isoDate });
