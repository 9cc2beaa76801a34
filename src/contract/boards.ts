/** Service boards (看板管理, REL-6): a board per ISO week and per month, cards in three columns. */
import { z } from 'zod';
import { idSchema, requiredText, timestamp } from './common.js';
import { isoDate } from './customers.js';

export const boardKinds = ['week', 'month'] as const;
export type BoardKind = (typeof boardKinds)[number];
export const boardColumnKeys = ['todo', 'doing', 'done'] as const;
export type BoardColumn = (typeof boardColumnKeys)[number];
export const boardCardEventKinds = ['created', 'moved', 'updated', 'carried_over', 'removed'] as const;

const period = z.string().max(8).regex(/^\d{4}-(W\d{2}|\d{2})$/, 'must be an ISO week (2026-W49) or a month (2026-12)');

export const boardCardSchema = z.object({
  id: idSchema,
  boardId: idSchema,
  title: z.string(),
  customerId: idSchema.nullable().describe('null when the card names no customer, or names one the reader may not see (then customerWithheld is true)'),
  customerName: z.string().nullable(),
  archiveNo: z.string().nullable(),
  customerWithheld: z.boolean().describe('The card names a customer the reader may not see: its id, name and number are withheld'),
  assigneeId: idSchema.nullable(),
  assigneeName: z.string().nullable(),
  dueOn: isoDate.nullable(),
  column: z.enum(boardColumnKeys),
  position: z.number().describe('Order within the column (ascending); fractional, so a move writes only the moved card'),
  carriedFrom: z.object({ boardId: idSchema, period: z.string() }).nullable().describe('The board this card was last carried over from'),
  carryCount: z.number().int().describe('How many times the card was carried over to a next period'),
  createdAt: timestamp,
  updatedAt: timestamp,
  version: z.number().int(),
});
export type BoardCard = z.infer<typeof boardCardSchema>;

export const boardSummarySchema = z.object({
  id: idSchema,
  kind: z.enum(boardKinds),
  period: z.string(),
  startsOn: isoDate,
  endsOn: isoDate,
  openedAt: timestamp,
  openedByName: z.string().nullable(),
  openCards: z.number().int(),
  doneCards: z.number().int(),
  carriedIn: z.number().int().describe('Cards carried over into this board when it opened'),
  carriedOut: z.number().int().describe('Cards carried over from this board to a later one'),
});
export type BoardSummary = z.infer<typeof boardSummarySchema>;

export const boardSchema = boardSummarySchema.extend({
  cards: z.array(boardCardSchema).describe('Ordered by column (todo, doing, done), then position'),
  carriedAway: z.array(z.object({ cardId: idSchema, title: z.string(), toBoardId: idSchema, toPeriod: z.string(), column: z.enum(boardColumnKeys) })).describe('Cards that left this board by carry-over (recorded, with where they went)'),
});
export type Board = z.infer<typeof boardSchema>;

export const boardListQuery = z.strictObject({
  kind: z.enum(boardKinds).optional(),
});

export const openBoardBody = z.strictObject({
  kind: z.enum(boardKinds),
  period: period.optional().describe('Defaults to the current period in China (Asia/Shanghai); a later period is refused (422)'),
});

export const createBoardCardBody = z.strictObject({
  title: requiredText(200),
  customerId: idSchema.optional().describe('A customer the caller may see (404 otherwise)'),
  assigneeId: idSchema.optional().describe('Defaults to the caller'),
  dueOn: isoDate.optional(),
  column: z.enum(boardColumnKeys).optional().describe('Defaults to todo; the card goes to the end of the column'),
});

export const updateBoardCardBody = z.strictObject({
  version: z.number().int().min(0),
  title: requiredText(200).optional(),
  customerId: idSchema.nullable().optional(),
  assigneeId: idSchema.nullable().optional(),
  dueOn: isoDate.nullable().optional(),
});

export const moveBoardCardBody = z.strictObject({
  version: z.number().int().min(0).describe('The card version the mover saw; a stale one answers 409 naming `version`'),
  column: z.enum(boardColumnKeys),
  index: z.number().int().min(0).max(100_000).describe('Place in the target column, counted without the moved card (0 = top)'),
});

export const boardCardEventSchema = z.object({
  id: idSchema,
  kind: z.enum(boardCardEventKinds),
  fromColumn: z.enum(boardColumnKeys).nullable(),
  toColumn: z.enum(boardColumnKeys).nullable(),
  fromPeriod: z.string().nullable(),
  toPeriod: z.string().nullable(),
  byName: z.string().nullable(),
  at: timestamp,
});
