/** Targets and accountability (REL-11, seed 001 绩效目标 / 责任追踪与反馈). */
import { z } from 'zod';
import { idSchema, requiredText, timestamp } from './common.js';

export const targetMetrics = ['sales', 'satisfaction', 'retention', 'calls', 'visits'] as const;
export type TargetMetric = (typeof targetMetrics)[number];

/** Query strings arrive as text: an empty `ownerId=` means "not given". */
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const periodSchema = z
  .string()
  .regex(/^20\d{2}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'must be a month (2026-11), a quarter (2026-Q4) or a year (2026), 2000–2099')
  .describe('A month `2026-11`, a quarter `2026-Q4` or a year `2026`, in China time (Asia/Shanghai)');

export const progressQuery = z.strictObject({
  period: periodSchema,
  ownerId: z.preprocess(blankToUndefined, idSchema.optional()).describe('One owner; empty or absent: every owner the caller may see'),
});

export const progressItemSchema = z.object({
  ownerId: idSchema,
  ownerName: z.string(),
  metric: z.enum(targetMetrics),
  target: z.number().nullable().describe('sales: yuan; satisfaction: a mean rating 1–5; retention: a share 0–1; calls/visits: what the cadence requires. null: no target set'),
  actual: z.number().nullable().describe('null: no figure (no rated survey; nobody active in the previous period)'),
  ratio: z.number().nullable().describe('actual ÷ target, 4 decimals; a target of 0 is met (1); null when either is null'),
});
export type ProgressItem = z.infer<typeof progressItemSchema>;
export const progressSchema = z.object({ items: z.array(progressItemSchema) });

export const progressExportQuery = z.strictObject({
  period: periodSchema,
  departmentId: z.preprocess(blankToUndefined, idSchema.optional()),
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
});

export const boardQuery = z.strictObject({
  period: periodSchema,
  departmentId: z.preprocess(blankToUndefined, idSchema.optional()).describe('Only owners of this department (and its subtree)'),
});
const metricFigure = z.object({ metric: z.enum(targetMetrics), target: z.number().nullable(), actual: z.number().nullable(), ratio: z.number().nullable() });
export type MetricFigure = z.infer<typeof metricFigure>;
export const boardSchema = z.object({
  period: z.string(),
  from: z.string().describe('First day (China)'),
  to: z.string().describe('Last day (China)'),
  owners: z.array(z.object({ ownerId: idSchema, ownerName: z.string(), departmentId: idSchema, departmentName: z.string(), metrics: z.array(metricFigure) })),
  departments: z.array(z.object({ departmentId: idSchema, departmentName: z.string(), owners: z.number().int(), metrics: z.array(metricFigure) })),
});
export type TargetBoard = z.infer<typeof boardSchema>;

export const settableTargetMetrics = ['sales', 'satisfaction', 'retention'] as const;
export const setTargetsBody = z.strictObject({
  period: periodSchema,
  items: z
    .array(z.strictObject({
      ownerId: idSchema,
      metric: z.enum(settableTargetMetrics).describe('calls and visits follow the cadence and are not set by hand'),
      target: z.number().min(0).max(1e15).nullable().describe('null removes the target'),
    }))
    .min(1)
    .max(500),
});
export const setTargetsResult = z.object({ period: z.string(), items: z.array(z.object({ ownerId: idSchema, metric: z.enum(settableTargetMetrics), target: z.number().nullable() })) });

export const commentQuery = z.strictObject({
  period: z.preprocess(blankToUndefined, periodSchema.optional()),
  ownerId: z.preprocess(blankToUndefined, idSchema.optional()),
});
export const createCommentBody = z.strictObject({ period: periodSchema, ownerId: idSchema, text: requiredText(2000) });
export const targetCommentSchema = z.object({
  id: idSchema,
  period: z.string(),
  ownerId: idSchema,
  ownerName: z.string(),
  authorId: idSchema,
  authorName: z.string(),
  text: z.string(),
  at: timestamp,
  snapshot: z.array(metricFigure).nullable().describe('The figures as the author saw them when writing; null where the reader may not see the author’s view'),
});
export type TargetComment = z.infer<typeof targetCommentSchema>;
export const commentListSchema = z.object({ items: z.array(targetCommentSchema) });
