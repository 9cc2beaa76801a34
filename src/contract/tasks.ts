/** Tasks (PLT-3 `/tasks`): "archive update" tasks due one working day after new information arrived (ARC-8). */
import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, text, timestamp } from './common.js';
import { isoDate } from './customers.js';

export const taskKinds = ['archive_update'] as const;
export const taskSources = ['call', 'visit', 'feedback', 'customer_form', 'other'] as const;
export const taskStates = ['open', 'overdue', 'done'] as const;

export const taskSchema = z.object({
  id: idSchema,
  kind: z.enum(taskKinds),
  customerId: idSchema,
  customerName: z.string(),
  archiveNo: z.string(),
  ownerId: idSchema,
  ownerName: z.string().nullable(),
  title: z.string(),
  source: z.enum(taskSources).describe('Where the new information came from'),
  sourceId: z.string().nullable(),
  receivedOn: isoDate,
  dueOn: isoDate.describe('One working day after receivedOn (weekends, holidays and 调休 from the archive settings)'),
  state: z.enum(taskStates),
  completedAt: timestamp.nullable(),
  completedByName: z.string().nullable(),
  completion: z.enum(['archive_updated', 'manual']).nullable().describe('`archive_updated`: done by the next change to the archive'),
  completionNote: z.string().nullable(),
  createdAt: timestamp,
  version: z.number().int(),
});
export type Task = z.infer<typeof taskSchema>;

export const taskListQuery = z.strictObject({
  scope: z.enum(['mine', 'all']).default('mine').describe('`mine`: tasks the caller owns; `all`: every visible customer’s (customer-service manager)'),
  state: z.enum([...taskStates, 'pending']).optional().describe('`pending` = open or overdue'),
  customerId: idSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const taskSummarySchema = z.object({
  open: z.number().int().describe('The caller’s tasks not yet done'),
  overdue: z.number().int().describe('The caller’s overdue tasks, plus — for the customer-service manager — everyone’s'),
  dueToday: z.number().int(),
});
export const createTaskBody = z.strictObject({
  customerId: idSchema,
  source: z.enum(['call', 'visit', 'customer_form', 'other']),
  note: text(500).optional().describe('What arrived'),
});
export const completeTaskBody = z.strictObject({ version: z.number().int().min(0), note: text(500).optional() });
