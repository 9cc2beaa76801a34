/**
 * REL-7 客户回访 (seed 003 §10.2): the 客户回访报告表 — date, visitor, contacts met, the three kinds
 * of information (the customer's evaluation of us, market demand, suggestions for improving
 * service), satisfaction 1–5 and follow-up actions.
 */
import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, requiredText, text, timestamp } from './common.js';
import { isoDate } from './customers.js';

export const revisitMethods = ['visit', 'phone', 'other'] as const;
export const revisitSources = ['task', 'complaint', 'communication'] as const;

export const createRevisitReportBody = z.strictObject({
  customerId: idSchema,
  visitedOn: isoDate.describe('回访日期: today or earlier (China)'),
  method: z.enum(revisitMethods).default('visit').describe('回访方式: visit 上门, phone 电话, other'),
  visitorId: idSchema.optional().describe('回访人; default: the caller'),
  contactIds: z.array(idSchema).max(50).optional().describe('Filed contacts of this customer who were met'),
  contactsMet: text(500).optional().describe('接待人员, as written (people not filed as contacts)'),
  evaluation: requiredText(5000).describe('客户评价信息: the customer’s evaluation of us'),
  marketDemand: text(5000).optional().describe('市场需求信息'),
  serviceSuggestions: text(5000).optional().describe('服务改进建议'),
  satisfaction: z.number().int().min(1).max(5).describe('满意度 1 (very dissatisfied) … 5 (very satisfied)'),
  followUpActions: text(5000).optional().describe('跟进措施'),
  taskId: idSchema.optional().describe('The `revisit` task (or complaint follow-up task, about the complaint\'s archive) this report answers; a `revisit` task is completed by it, a complaint\'s follow-up takes it as its report when the complaint is followed up. One report per task: a task already done or already answered → 400'),
  communicationId: idSchema.optional().describe('The logged visit or call this report writes up (same customer)'),
});
export type CreateRevisitReport = z.infer<typeof createRevisitReportBody>;

export const revisitReportSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  customerName: z.string(),
  archiveNo: z.string(),
  visitedOn: isoDate,
  method: z.enum(revisitMethods),
  visitorId: idSchema,
  visitorName: z.string().nullable(),
  contactIds: z.array(idSchema),
  contactsMet: z.string().nullable(),
  evaluation: z.string(),
  marketDemand: z.string().nullable(),
  serviceSuggestions: z.string().nullable(),
  satisfaction: z.number().int(),
  followUpActions: z.string().nullable(),
  sourceType: z.enum(revisitSources).nullable(),
  sourceId: idSchema.nullable(),
  taskId: idSchema.nullable(),
  communicationId: idSchema.nullable(),
  createdByName: z.string().nullable(),
  createdAt: timestamp,
});
export type RevisitReport = z.infer<typeof revisitReportSchema>;

export const revisitListQuery = z.strictObject({
  customerId: idSchema.optional(),
  visitorId: idSchema.optional(),
  method: z.enum(revisitMethods).optional(),
  sourceType: z.enum(revisitSources).optional(),
  maxSatisfaction: z.coerce.number().int().min(1).max(5).optional().describe('Only reports scoring at most this (find unhappy customers)'),
  from: isoDate.optional().describe('visitedOn ≥ this'),
  to: isoDate.optional().describe('visitedOn ≤ this'),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export type RevisitListQuery = z.infer<typeof revisitListQuery>;
export const revisitExportQuery = revisitListQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

export const planRevisitsBody = z.strictObject({
  customerIds: z.array(idSchema).min(1).max(200),
  dueOn: isoDate.describe('When the revisit is due (today or later)'),
  assigneeId: idSchema.optional().describe('Default: each customer’s owner (the caller for open-pool customers)'),
  note: text(200).optional(),
});
export const planRevisitsResult = z.object({ planned: z.array(z.object({ customerId: idSchema, taskId: idSchema })), skipped: z.array(z.object({ customerId: idSchema, reason: z.string() })) });

/** REL-3 外勤签到: the day's check-ins per rep, each placed against the customer's first check-in. */
export const checkInListQuery = z.strictObject({
  date: isoDate.optional().describe('The day in China; default today'),
  userId: idSchema.optional().describe('One rep'),
  maxDistanceM: z.coerce.number().int().min(100).max(100_000).default(2000).describe('Farther than this from the reference point is flagged'),
});
export const checkInSchema = z.object({
  communicationId: idSchema, customerId: idSchema, customerName: z.string(), userId: idSchema, userName: z.string().nullable(), channel: z.string(), subject: z.string(),
  lat: z.number(), lng: z.number(), accuracy: z.number(), at: timestamp,
  place: z.enum(['reference', 'near', 'far', 'unknown']).describe('Against the first check-in at this customer (customers carry no geocoded address): `reference` is that first one; `unknown`: cannot be placed'),
  distanceM: z.number().int().nullable(),
});
export const checkInList = z.object({ items: z.array(checkInSchema), maxDistanceM: z.number().int() });
