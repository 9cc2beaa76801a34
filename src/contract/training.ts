/** Staff training (REL-12, seed 001 九、员工培训): plans per role, sessions, assessments, completion and effect. */
import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, requiredText, text, timestamp } from './common.js';
import { isoDate } from './customers.js';
import { roleKeys } from './roles.js';
import { targetMetrics } from './targets.js';

/** 客户管理理论, 客户服务技巧, CRM 系统使用. */
export const trainingTopics = ['theory', 'service', 'system'] as const;
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const trainingPlanBody = z.strictObject({
  title: requiredText(100),
  role: z.enum(roleKeys).describe('The role the plan is for'),
  topic: z.enum(trainingTopics),
  description: text(2000).optional(),
  required: z.boolean().describe('Whether every user holding the role must complete it'),
  passScore: z.number().int().min(0).max(100).default(60).describe('An assessment at or above it completes the plan'),
});
export const updateTrainingPlanBody = z.strictObject({
  title: requiredText(100).optional(),
  description: text(2000).nullable().optional(),
  required: z.boolean().optional(),
  passScore: z.number().int().min(0).max(100).optional().describe('Changing it re-reads who has completed the plan from the recorded scores'),
}).refine((b) => Object.keys(b).length > 0, { message: 'name at least one field to change' });
export const trainingPlanSchema = z.object({
  id: idSchema, title: z.string(), role: z.enum(roleKeys), topic: z.enum(trainingTopics), description: z.string().nullable(), required: z.boolean(), passScore: z.number().int(), createdAt: timestamp,
});
export const trainingPlanList = z.object({ items: z.array(trainingPlanSchema) });
export const trainingPlanQuery = z.strictObject({ role: z.preprocess(blankToUndefined, z.enum(roleKeys).optional()), topic: z.preprocess(blankToUndefined, z.enum(trainingTopics).optional()) });

export const createSessionBody = z.strictObject({
  planId: idSchema,
  heldOn: isoDate,
  trainerId: idSchema.optional().describe('An internal expert (企业内部的专家)'),
  trainerName: requiredText(100).optional().describe('An external trainer (专业的培训师); exactly one of trainerId and trainerName'),
  attendeeIds: z.array(idSchema).min(1).max(500),
  materialDocumentIds: z.array(idSchema).max(50).optional().describe('Materials: documents (ARC-6) the caller may read'),
  caseStudies: text(10_000).optional().describe('案例分析'),
});
export const updateSessionBody = z.strictObject({
  heldOn: isoDate.optional(),
  trainerId: idSchema.optional().describe('Switches to an internal trainer (trainerName cleared)'),
  trainerName: requiredText(100).optional().describe('Switches to an external trainer (trainerId cleared); not together with trainerId'),
  attendeeIds: z.array(idSchema).min(1).max(500).optional().describe('The full list; an attendee already assessed cannot be taken off (409)'),
  materialDocumentIds: z.array(idSchema).max(50).optional(),
  caseStudies: text(10_000).nullable().optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'name at least one field to change' });
export const sessionListItem = z.object({
  id: idSchema, planId: idSchema, planTitle: z.string(), topic: z.enum(trainingTopics), role: z.enum(roleKeys), heldOn: z.string(),
  trainerName: z.string(), trainerInternal: z.boolean(), attendees: z.number().int(), assessed: z.number().int(), avgScore: z.number().nullable(),
});
export const sessionListQuery = z.strictObject({
  planId: z.preprocess(blankToUndefined, idSchema.optional()),
  from: z.preprocess(blankToUndefined, isoDate.optional()),
  to: z.preprocess(blankToUndefined, isoDate.optional()),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const attendeeSchema = z.object({
  userId: idSchema, userName: z.string(), departmentName: z.string(),
  score: z.number().int().nullable().describe('null: not assessed yet, or withheld from the caller'), comments: z.string().nullable(), passed: z.boolean().nullable(),
});
export const sessionSchema = sessionListItem.extend({
  caseStudies: z.string().nullable(),
  materials: z.array(z.object({ documentId: idSchema, title: z.string().nullable().describe('null where the caller may not read the document') })),
  attendeeList: z.array(attendeeSchema),
  passScore: z.number().int(),
});
export const assessBody = z.strictObject({
  items: z.array(z.strictObject({ userId: idSchema, score: z.number().int().min(0).max(100), comments: text(2000).optional() })).min(1).max(500),
});

const metricFigure = z.object({ metric: z.enum(targetMetrics), target: z.number().nullable(), actual: z.number().nullable(), ratio: z.number().nullable() });
export const effectQuery = z.strictObject({ kind: z.enum(['month', 'quarter']).default('month').describe('Length of the periods compared') });
export const effectSchema = z.object({
  before: z.string().describe('The period before the one holding the session'),
  after: z.string().describe('The period after the one holding the session'),
  items: z.array(z.object({ userId: idSchema, userName: z.string(), score: z.number().int().nullable(), before: z.array(metricFigure).nullable(), after: z.array(metricFigure).nullable() })),
});

export const gapQuery = z.strictObject({ departmentId: z.preprocess(blankToUndefined, idSchema.optional()), role: z.preprocess(blankToUndefined, z.enum(roleKeys).optional()) });
export const gapExportQuery = gapQuery.extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
export const gapSchema = z.object({
  items: z.array(z.object({ userId: idSchema, userName: z.string(), departmentId: idSchema, departmentName: z.string(), role: z.enum(roleKeys), planId: idSchema, planTitle: z.string(), topic: z.enum(trainingTopics), bestScore: z.number().int().nullable() })),
});
