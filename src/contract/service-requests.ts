/** Service requests (spec 05 SVC-10, seed 002 客服管理系统 问题记录和分配 / 客户服务跟踪): schemas shared by server, web and CLI. */
import { z } from 'zod';
import { cursorSchema, idSchema, isoDateTime, limitSchema, requiredText, text, timestamp } from './common.js';
import { complaintCategories, complaintChannels } from './complaints.js';
import { isoDate } from './customers.js';

/** 问题性质: question 问题, consultation 咨询, repair 报修, other 其他. */
export const serviceCategories = ['question', 'consultation', 'repair', 'other'] as const;
/** 紧急程度. */
export const serviceUrgencies = ['urgent', 'high', 'normal'] as const;
/**
 * open 待响应 → in_progress 处理中 ⇄ waiting_customer 待客户回复 → resolved 已解决 → closed 已关闭;
 * resolved → in_progress again when the customer says it is not solved (comment required);
 * any state before closed → escalated 已升级为投诉 (only through /escalate).
 */
export const serviceStatuses = ['open', 'in_progress', 'waiting_customer', 'resolved', 'closed', 'escalated'] as const;
export const serviceNoteKinds = ['internal', 'reply', 'customer'] as const;

export type ServiceCategory = (typeof serviceCategories)[number];
export type ServiceUrgency = (typeof serviceUrgencies)[number];
export type ServiceStatus = (typeof serviceStatuses)[number];
export type ServiceNoteKind = (typeof serviceNoteKinds)[number];

export const createServiceRequestBody = z
  .strictObject({
    customerId: idSchema.optional().describe('The archive; omit for someone not yet filed and give `customerName` and a contact'),
    customerName: text(200).optional(),
    contactName: text(100).optional(),
    contactPhone: text(40).optional(),
    channel: z.enum(complaintChannels).describe('phone 电话, email 电邮, onsite 现场, online 在线, other'),
    receivedAt: isoDateTime.optional().describe('When the customer asked (default: now); the SLA timers run from it'),
    category: z.enum(serviceCategories).describe('问题性质: routes the request to its team\'s queue'),
    urgency: z.enum(serviceUrgencies).describe('紧急程度: sets the SLA deadlines from the SLA table'),
    subject: requiredText(200),
    description: requiredText(4000),
  })
  .superRefine((b, ctx) => {
    if (b.customerId === undefined) {
      if (!b.customerName?.trim()) ctx.addIssue({ code: 'custom', path: ['customerName'], message: 'is required when customerId is omitted' });
      if (!b.contactName?.trim() && !b.contactPhone?.trim()) ctx.addIssue({ code: 'custom', path: ['contactPhone'], message: 'a contact (contactName or contactPhone) is required when customerId is omitted' });
    }
  });
export type CreateServiceRequestInput = z.infer<typeof createServiceRequestBody>;

export const serviceTransitionBody = z.strictObject({
  to: z.enum(serviceStatuses),
  comment: text(2000).optional().describe('Required when a resolved request goes back to in_progress'),
  resolution: text(4000).optional().describe('→ resolved: how it was solved (required)'),
});
export const serviceNoteBody = z.strictObject({
  kind: z.enum(serviceNoteKinds).default('internal').describe('internal 内部备注; reply 答复客户 (the first reply is the first response); customer 客户来话'),
  body: requiredText(4000),
});
export const escalateBody = z.strictObject({
  reason: text(4000).optional().describe('投诉理由 (default: the request\'s subject and description)'),
  demand: text(2000).optional().describe('投诉要求 (default: 见服务请求 FW-…)'),
  category: z.enum(complaintCategories).optional(),
  comment: text(2000).optional(),
});

const slaPair = z.strictObject({
  firstResponseHours: z.number().int().min(1).max(720),
  resolutionHours: z.number().int().min(1).max(2160),
});
export const slaTableSchema = z.strictObject({ urgent: slaPair, high: slaPair, normal: slaPair }).describe('Hours per urgency (calendar hours: intake and service run all day)');
export type SlaTable = z.infer<typeof slaTableSchema>;

export const routingRulesSchema = z.strictObject({
  rules: z.array(z.strictObject({ category: z.enum(serviceCategories), departmentId: idSchema })).max(20).describe('问题性质 → the team (department) whose queue receives it; a category without a rule stays with customer service'),
});
export type RoutingRules = z.infer<typeof routingRulesSchema>['rules'];

export const serviceTransitionSchema = z.object({
  from: z.enum(serviceStatuses), to: z.enum(serviceStatuses), by: idSchema.nullable(), byName: z.string().nullable(), at: timestamp, comment: z.string().nullable(),
});
export const serviceNoteSchema = z.object({ id: idSchema, kind: z.enum(serviceNoteKinds), body: z.string(), by: idSchema.nullable(), byName: z.string().nullable(), at: timestamp });

export const serviceRequestListItemSchema = z.object({
  id: idSchema,
  requestNo: z.string().describe('FW-YYYY-NNNNNN, gap-free'),
  status: z.enum(serviceStatuses),
  customerId: idSchema.nullable(),
  customerName: z.string().nullable().describe('null when the reader may not read the customer\'s secrecy level'),
  customerHidden: z.boolean(),
  archiveNo: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  channel: z.enum(complaintChannels),
  category: z.enum(serviceCategories),
  urgency: z.enum(serviceUrgencies),
  subject: z.string(),
  teamDepartmentId: idSchema.nullable().describe('The queue (a department) the routing rules chose; null: customer service'),
  teamName: z.string().nullable(),
  assigneeId: idSchema.nullable(),
  assigneeName: z.string().nullable(),
  receivedAt: timestamp,
  receivedBy: idSchema.nullable(),
  receivedByName: z.string().nullable(),
  firstResponseDueAt: timestamp,
  firstRespondedAt: timestamp.nullable(),
  resolutionDueAt: timestamp,
  resolvedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  firstResponseBreached: z.boolean().describe('No first response by its deadline (or given late)'),
  resolutionBreached: z.boolean().describe('Not resolved by its deadline (or resolved late)'),
  overdue: z.boolean().describe('Still running and past one of its SLA deadlines'),
  complaintId: idSchema.nullable().describe('The complaint it was escalated into'),
  version: z.number().int(),
  createdAt: timestamp,
});
export const serviceRequestSchema = serviceRequestListItemSchema.extend({
  description: z.string(),
  resolution: z.string().nullable(),
  complaintNo: z.string().nullable(),
  nextStatuses: z.array(z.enum(serviceStatuses)).describe('Statuses a transition may reach now (escalated only through /escalate)'),
  transitions: z.array(serviceTransitionSchema),
  notes: z.array(serviceNoteSchema).describe('The conversation, oldest first'),
});
export type ServiceRequest = z.infer<typeof serviceRequestSchema>;

const boolString = z.enum(['true', 'false']);
export const serviceRequestListQuery = z.strictObject({
  status: z.enum(serviceStatuses).optional(),
  category: z.enum(serviceCategories).optional(),
  urgency: z.enum(serviceUrgencies).optional(),
  teamDepartmentId: idSchema.optional(),
  assigneeId: idSchema.optional().describe('My queue: my own id'),
  customerId: idSchema.optional(),
  overdue: boolString.optional().describe('`true`: only those past an SLA deadline'),
  from: isoDate.optional().describe('Received on or after (China date)'),
  to: isoDate.optional().describe('Received on or before (China date)'),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const serviceRequestExportQuery = serviceRequestListQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

export const serviceStatisticsQuery = z.strictObject({
  from: isoDate.optional().describe('Default: the start of the current period of `groupBy`'),
  to: isoDate.optional().describe('Inclusive; default: the end of the current period'),
  groupBy: z.enum(['month', 'quarter', 'year']).default('month'),
});
export const serviceStatisticsSchema = z.object({
  from: isoDate,
  to: isoDate,
  groupBy: z.enum(['month', 'quarter', 'year']),
  total: z.number().int(),
  byCategory: z.record(z.string(), z.number().int()),
  byUrgency: z.record(z.string(), z.number().int()),
  byStatus: z.record(z.string(), z.number().int()),
  byChannel: z.record(z.string(), z.number().int()),
  byTeam: z.array(z.object({ departmentId: idSchema.nullable(), name: z.string().nullable(), count: z.number().int() })),
  escalated: z.number().int().describe('Escalated into complaints'),
  avgHoursToFirstResponse: z.number().nullable(),
  avgHoursToResolve: z.number().nullable(),
  firstResponseOnTimeRate: z.number().nullable().describe('0 … 1'),
  resolutionOnTimeRate: z.number().nullable().describe('0 … 1'),
  periods: z.array(z.object({ period: z.string(), total: z.number().int(), resolved: z.number().int() })),
});
