/** Tasks (PLT-3 `/tasks`): "archive update" tasks due one working day after new information arrived (ARC-8). */
import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, text, timestamp } from './common.js';
import { isoDate } from './customers.js';

/**
 * REL-5: one task model. Each module that creates work adds its kind here (and its labels in
 * the web's tasks i18n files): archive update (ARC-8), cadence call/visit (REL-2), next step of a
 * communication (REL-3), revisit (REL-7), complaint deadline and follow-up (SVC-6, SVC-8), service
 * request (SVC-10), contract payment and documents (SAL-4), survey follow-up (REL-9), other.
 */
export const taskKinds = [
  'archive_update',
  'cadence_call',
  'cadence_visit',
  'next_step',
  'revisit',
  'complaint_deadline',
  'complaint_follow_up',
  'service_request',
  'contract_payment',
  'contract_document',
  'survey_follow_up',
  'other',
] as const;
export type TaskKind = (typeof taskKinds)[number];
export const taskSources = ['call', 'visit', 'feedback', 'customer_form', 'other'] as const;
export const taskStates = ['open', 'overdue', 'done'] as const;

export const taskSchema = z.object({
  id: idSchema,
  kind: z.enum(taskKinds),
  customerId: idSchema.nullable().describe('null for work about no filed customer (e.g. a complaint from someone not yet filed)'),
  customerName: z.string().nullable(),
  archiveNo: z.string().nullable(),
  ownerId: idSchema,
  ownerName: z.string().nullable(),
  title: z.string(),
  source: z.enum(taskSources).nullable().describe('Archive-update tasks: where the new information came from'),
  sourceId: z.string().nullable(),
  refType: z.string().nullable().describe('The record the task came from (e.g. `communication`, `complaint`), which completes it'),
  refId: z.string().nullable(),
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
  kind: z.enum(taskKinds).optional(),
  customerId: idSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const taskSummarySchema = z.object({
  open: z.number().int().describe('The caller’s tasks not yet done'),
  overdue: z.number().int().describe('The caller’s overdue tasks, plus — for the customer-service manager — everyone’s'),
  dueToday: z.number().int(),
  countLimit: z.number().int().describe('Counting stops here: a figure equal to it means that many or more (shown as 1000+)'),
});
export const createTaskBody = z.strictObject({
  customerId: idSchema,
  source: z.enum(['call', 'visit', 'customer_form', 'other']),
  note: text(500).optional().describe('What arrived'),
});
export const completeTaskBody = z.strictObject({ version: z.number().int().min(0), note: text(500).optional() });
