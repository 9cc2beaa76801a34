/** Complaints (spec 05, SVC-1 … SVC-9): schemas shared by server, web and CLI. */
import { z } from 'zod';
import { cursorSchema, idSchema, isoDateTime, limitSchema, requiredText, text, timestamp } from './common.js';
import { isoDate, money } from './customers.js';

export const complaintChannels = ['phone', 'email', 'onsite', 'online', 'other'] as const;
export const complaintStates = [
  'received', 'analysing', 'explained', 'assigned', 'investigating', 'plan_proposed', 'plan_approved', 'implementing', 'resolved', 'followed_up', 'closed',
] as const;
/** What a transition may ask for: a state, or `reopened` (from closed, landing in investigating). */
export const complaintTargets = [...complaintStates, 'reopened'] as const;
export const complaintSeverities = ['urgent', 'high', 'normal'] as const;
export const resolutionKinds = ['compensation', 'return', 'discount', 'repair', 'apology', 'other'] as const;
/** 投诉内容类别 for the statistics (SVC-9). */
export const complaintCategories = ['quality', 'delivery', 'service', 'price', 'billing', 'other'] as const;
export const signOffKinds = ['typed', 'drawn', 'scan'] as const;

export type ComplaintChannel = (typeof complaintChannels)[number];
export type ComplaintState = (typeof complaintStates)[number];
export type ComplaintTarget = (typeof complaintTargets)[number];
export type ComplaintSeverity = (typeof complaintSeverities)[number];
export type ResolutionKind = (typeof resolutionKinds)[number];

const decimal4 = z.string().regex(/^\d{1,16}(\.\d{1,4})?$/, 'must be a non-negative decimal string with at most 4 decimals');

export const complaintProductSchema = z.strictObject({ product: requiredText(200), quantity: decimal4, unit: requiredText(20) });

export const createComplaintBody = z
  .strictObject({
    customerId: idSchema.optional().describe('The archive; omit for someone not yet filed and give `customerName` and a contact'),
    customerName: text(200).optional().describe('投诉客户名称 of someone not yet filed'),
    channel: z.enum(complaintChannels).describe('投诉方式'),
    receivedAt: isoDateTime.describe('受理日期 (ISO 8601 with offset)'),
    reason: requiredText(4000).describe('投诉理由（事件经过）'),
    demand: requiredText(2000).describe('投诉要求'),
    category: z.enum(complaintCategories).optional().describe('投诉内容类别 (default `other`)'),
    products: z.array(complaintProductSchema).max(50).optional(),
    contactName: text(100).optional(),
    contactPhone: text(40).optional(),
    businessAddress: text(300).optional().describe('营业地址'),
  })
  .superRefine((b, ctx) => {
    if (b.customerId === undefined) {
      if (!b.customerName?.trim()) ctx.addIssue({ code: 'custom', path: ['customerName'], message: 'is required when customerId is omitted' });
      if (!b.contactName?.trim() && !b.contactPhone?.trim()) ctx.addIssue({ code: 'custom', path: ['contactPhone'], message: 'a contact (contactName or contactPhone) is required when customerId is omitted' });
    }
  });
export type CreateComplaintInput = z.infer<typeof createComplaintBody>;

export const signOffSchema = z.strictObject({
  name: requiredText(100).describe('The customer\'s signatory'),
  date: isoDate,
  kind: z.enum(signOffKinds).default('typed').describe('`typed` name and date; `drawn` signature or `scan` — then `documentId` names the image document in the archive (ARC-6)'),
  documentId: idSchema.optional(),
});

export const transitionBody = z.strictObject({
  to: z.enum(complaintTargets),
  comment: text(2000).optional(),
  explanation: text(4000).optional().describe('analysing → explained: the explanation given'),
  customerAcknowledged: z.boolean().optional().describe('analysing → explained: the customer accepted it (征得客户的认同)'),
  responsibleDepartmentId: idSchema.optional().describe('analysing → assigned'),
  severity: z.enum(complaintSeverities).optional().describe('analysing → assigned: sets deadlineAt from the deadline table'),
  cause: text(4000).optional().describe('assigned → investigating (the responsible department)'),
  plan: text(4000).optional().describe('investigating → plan_proposed: files an approval for cs_manager'),
  resolution: z.strictObject({ kind: z.enum(resolutionKinds), lossAmount: money }).optional().describe('implementing → resolved'),
  customerSignOff: signOffSchema.optional().describe('implementing → resolved'),
  receiverOpinion: text(2000).optional().describe('受理人员意见'),
  managerOpinion: text(2000).optional().describe('部门经理意见'),
  customerOpinion: text(2000).optional().describe('客户意见'),
  satisfaction: z.number().int().min(1).max(5).optional().describe('resolved → followed_up: 1 … 5'),
  comments: text(2000).optional().describe('resolved → followed_up: the revisit\'s comments'),
});
export type TransitionBody = z.infer<typeof transitionBody>;

export const complaintTransitionSchema = z.object({
  from: z.enum(complaintStates),
  to: z.enum(complaintTargets),
  state: z.enum(complaintStates).describe('The state after the step'),
  by: idSchema.nullable(),
  byName: z.string().nullable(),
  at: timestamp,
  comment: z.string().nullable(),
});

export const complaintSchema = z.object({
  id: idSchema,
  complaintNo: z.string().describe('受理编号 TS-YYYY-NNNNNN'),
  state: z.enum(complaintStates),
  customerId: idSchema.nullable(),
  customerName: z.string().nullable().describe('null when the reader may not read the customer\'s secrecy level'),
  customerHidden: z.boolean().describe('The customer\'s name is withheld at its secrecy level'),
  archiveNo: z.string().nullable(),
  channel: z.enum(complaintChannels),
  category: z.enum(complaintCategories),
  receivedAt: timestamp,
  receivedBy: idSchema.nullable(),
  receivedByName: z.string().nullable(),
  receivingDepartmentId: idSchema.nullable(),
  handlerId: idSchema.nullable().describe('Who handles it: the person on duty when it arrived (轮班), or who received it'),
  handlerName: z.string().nullable(),
  reason: z.string(),
  demand: z.string(),
  products: z.array(z.object({ product: z.string(), quantity: z.string(), unit: z.string() })),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  businessAddress: z.string().nullable(),
  severity: z.enum(complaintSeverities).nullable(),
  responsibleDepartmentId: idSchema.nullable(),
  responsibleDepartmentName: z.string().nullable(),
  handlingNo: z.string().nullable().describe('处理单编号 (set on assignment)'),
  deadlineAt: timestamp.nullable().describe('null until assigned'),
  deadlineToldAt: timestamp.nullable().describe('When the customer was told the deadline'),
  overdue: z.boolean(),
  approvalId: idSchema.nullable().describe('The plan\'s approval while it waits'),
  explanation: z.string().nullable(),
  customerAcknowledged: z.boolean().nullable(),
  cause: z.string().nullable(),
  plan: z.string().nullable(),
  resolution: z.object({ kind: z.enum(resolutionKinds), lossAmount: z.string() }).nullable(),
  customerSignOff: z.object({ name: z.string(), date: z.string(), kind: z.enum(signOffKinds), documentId: idSchema.nullable() }).nullable(),
  receiverOpinion: z.string().nullable(),
  managerOpinion: z.string().nullable(),
  customerOpinion: z.string().nullable(),
  resolvedAt: timestamp.nullable(),
  followUp: z.object({ satisfaction: z.number().int(), comments: z.string(), at: timestamp, revisitTaskId: idSchema.nullable(), revisitReportId: idSchema.nullable().describe('The revisit report (REL-7 客户回访报告表) it was filed as; null while the complaint has no archive (filed when it is linked)') }).nullable().describe('The 回访, kept as a revisit report'),
  closedAt: timestamp.nullable(),
  nextTargets: z.array(z.enum(complaintTargets)).describe('Steps the machine allows now (approval steps included)'),
  transitions: z.array(complaintTransitionSchema),
  version: z.number().int(),
  createdAt: timestamp,
  serviceRequestId: idSchema.nullable().describe('The service request it was escalated from (SVC-10); its notes and history stay there'),
});
export type Complaint = z.infer<typeof complaintSchema>;

export const complaintListItemSchema = complaintSchema.omit({ transitions: true, reason: true, demand: true, products: true, explanation: true, cause: true, plan: true, receiverOpinion: true, managerOpinion: true, customerOpinion: true, nextTargets: true }).extend({
  reason: z.string().describe('The first 200 characters'),
});

const boolString = z.enum(['true', 'false']);
export const complaintListQuery = z.strictObject({
  state: z.enum(complaintStates).optional(),
  overdue: boolString.optional().describe('`true`: only overdue ones'),
  departmentId: idSchema.optional().describe('Responsible department'),
  customerId: idSchema.optional(),
  handlerId: idSchema.optional().describe('Handler (my queue: my own id)'),
  waitingApproval: boolString.optional().describe('`true`: plans waiting for approval'),
  from: isoDate.optional().describe('Received on or after (China date)'),
  to: isoDate.optional().describe('Received on or before (China date)'),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const complaintExportQuery = complaintListQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

export const statisticsQuery = z.strictObject({
  from: isoDate.optional().describe('Default: the start of the current period of `groupBy`'),
  to: isoDate.optional().describe('Inclusive; default: the end of the current period'),
  groupBy: z.enum(['month', 'quarter', 'year']).default('month'),
});
export const statisticsPrintQuery = statisticsQuery;
export const complaintStatisticsSchema = z.object({
  from: isoDate,
  to: isoDate,
  groupBy: z.enum(['month', 'quarter', 'year']),
  total: z.number().int(),
  byChannel: z.record(z.string(), z.number().int()),
  byDepartment: z.array(z.object({ departmentId: idSchema.nullable(), name: z.string().nullable(), count: z.number().int() })),
  byCategory: z.record(z.string(), z.number().int()),
  byProduct: z.array(z.object({ product: z.string(), count: z.number().int(), quantity: z.string() })),
  byResolution: z.record(z.string(), z.object({ count: z.number().int(), lossAmount: z.string() })),
  avgHoursToResolve: z.number().nullable(),
  onTimeRate: z.number().nullable().describe('Share of complaints resolved by their deadline, 0 … 1'),
  avgSatisfaction: z.number().nullable(),
  periods: z.array(z.object({ period: z.string(), total: z.number().int(), resolved: z.number().int() })).describe('Counts per month, quarter or year (for the charts)'),
});

export const deadlineTableSchema = z.strictObject({
  urgent: z.number().int().min(1).max(2160).describe('Hours'),
  high: z.number().int().min(1).max(2160),
  normal: z.number().int().min(1).max(2160),
});
export type DeadlineTable = z.infer<typeof deadlineTableSchema>;

export const rotaEntryBody = z.strictObject({
  userId: idSchema,
  weekday: z.number().int().min(1).max(7).describe('1 Monday … 7 Sunday (China time)'),
  startHour: z.number().int().min(0).max(23),
  endHour: z.number().int().min(1).max(24),
});
export type RotaEntry = z.infer<typeof rotaEntryBody>;
export const rotaSchema = z.object({
  entries: z.array(rotaEntryBody.extend({ userName: z.string().nullable() })),
  gaps: z.array(z.object({ weekday: z.number().int(), startHour: z.number().int(), endHour: z.number().int() })),
  onDutyNow: z.object({ userId: idSchema, userName: z.string().nullable() }).nullable(),
});
export const updateRotaBody = z.strictObject({ entries: z.array(rotaEntryBody).max(500) });
export const linkCustomerBody = z.strictObject({ customerId: idSchema });

export const customerComplaintSummarySchema = z.object({
  last12Months: z.number().int(),
  unresolved: z.number().int(),
  avgSatisfaction: z.number().nullable().describe('Mean follow-up (回访) satisfaction 1 … 5 of the last 12 months'),
  satisfactionTrend: z.array(z.object({ month: z.string().describe('YYYY-MM (China)'), count: z.number().int(), avgSatisfaction: z.number() })).describe('Follow-up satisfaction per month, the last 12 months (SVC-7)'),
  suggestedScores: z.object({ complaints: z.number(), satisfaction: z.number().nullable() }).describe('What the complaint record suggests for the relationship evaluation\'s 投诉与异议处理 and 客户满意度 indicators (0 … 100)'),
  items: z.array(complaintListItemSchema),
});
