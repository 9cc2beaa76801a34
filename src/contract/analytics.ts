/** Analyses (spec 07): customer composition by grade, tier, class, product and region (ANA-1). */
import { z } from 'zod';
import { customerListQuery, isoDate } from './customers.js';

export const compositionDimensions = ['grade', 'tier', 'abcClass', 'product', 'productCategory', 'province', 'city'] as const;
export type CompositionDimension = (typeof compositionDimensions)[number];

export const compositionQuery = customerListQuery
  .omit({ q: true, limit: true, cursor: true, sort: true })
  .extend({
    by: z.enum(compositionDimensions),
    from: isoDate.optional().describe('First day of the period (default: 1 January of this year)'),
    to: isoDate.optional().describe('Last day of the period (default: today)'),
  });
export const compositionSchema = z.object({
  from: isoDate,
  to: isoDate,
  previousFrom: isoDate.describe('The previous period of the same length, just before `from`'),
  previousTo: isoDate,
  total: z.string().describe('Sales in the period over the customers the caller may see (decimal string)'),
  items: z.array(
    z.object({
      key: z.string().nullable().describe('null: not graded / not classed / no region / no category'),
      label: z.string(),
      amount: z.string(),
      share: z.number().describe('amount ÷ total; the shares sum to 1'),
      previousAmount: z.string(),
      change: z.number().nullable().describe('(amount − previousAmount) ÷ previousAmount; null when previousAmount is 0'),
      customers: z.number().int().describe('Customers with sales in the period under this key'),
      topCustomers: z.array(z.object({ customerId: z.string(), customerName: z.string(), archiveNo: z.string(), amount: z.string() })).optional()
        .describe('by=product|productCategory: the 5 customers who bought most of it in the period (largest first)'),
    }),
  ),
  pareto: z.object({
    customers80: z.number().int().describe('How many customers (largest first) make 80 % of the period’s sales'),
    customersTotal: z.number().int().describe('Customers with sales in the period'),
    curve: z.array(z.object({ customers: z.number().int(), share: z.number() })).describe('Cumulative share of sales by number of customers, at most 50 points'),
  }),
});
export type Composition = z.infer<typeof compositionSchema>;

// ---- ANA-3 standard reports --------------------------------------------------------------------

export const reportKinds = [
  'grade-migration', 'tier-changes', 'contact-compliance', 'complaint-statistics',
  'satisfaction-trend', 'receivables-aging', 'archive-completeness', 'dormant-customers',
] as const;
export type ReportKind = (typeof reportKinds)[number];
const quarter = z.string().regex(/^(19|20)\d\dQ[1-4]$/, 'must be a quarter like 2026Q3');
export const reportParams = z.strictObject({ report: z.enum(reportKinds) });
export const reportQuery = customerListQuery
  .omit({ q: true, limit: true, cursor: true, sort: true })
  .extend({
    from: isoDate.optional().describe('First day of the period (tier changes, contact compliance, complaints, satisfaction; default: 1 January of this year)'),
    to: isoDate.optional().describe('Last day of the period (default: today)'),
    fromQuarter: quarter.optional().describe('grade-migration: the earlier quarter (default: the quarter before toQuarter)'),
    toQuarter: quarter.optional().describe('grade-migration: the later quarter (default: the last quarter with an evaluation round)'),
    dormantDays: z.coerce.number().int().min(30).max(3650).default(365).describe('dormant-customers: no transaction and no contact for this many days'),
  });
export const reportExportQuery = reportQuery.extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
export const reportCell = z.union([z.string(), z.number(), z.null()]);
export const reportSchema = z.object({
  report: z.enum(reportKinds),
  title: z.string().describe('The report’s Chinese title, as printed'),
  period: z.string().describe('What the figures cover, e.g. `2026-01-01 – 2026-12-06` or `2026Q2 → 2026Q3`'),
  columns: z.array(z.object({
    key: z.string(),
    label: z.string().describe('Chinese column heading, as printed and exported'),
    kind: z.enum(['text', 'count', 'money', 'ratio', 'date']).describe('money: decimal string; ratio: 0 … 1'),
  })),
  rows: z.array(z.record(z.string(), reportCell)).describe('One object per row, keyed by column key; at most 2,000 rows'),
  totals: z.record(z.string(), reportCell).nullable().describe('The total row, where summing makes sense'),
  truncated: z.boolean().describe('true: more rows matched than the 2,000 shown'),
});
export type Report = z.infer<typeof reportSchema>;

// ---- ANA-2 dashboard figures ---------------------------------------------------------------------

export const dashboardSchema = z.object({
  complaints: z.object({ open: z.number().int(), overdue: z.number().int(), followUpsDue: z.number().int() }).nullable()
    .describe('Complaints the caller sees (SVC-6): open, open past the deadline, resolved awaiting the follow-up due within 7 days; null for roles without a complaints duty'),
  contacts: z.object({ dueToday: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int() }).nullable()
    .describe('The caller’s own customers by next contact due (REL-4); null for users who own no customers'),
  salesMonth: z.object({ from: isoDate, to: isoDate, total: z.string(), previous: z.string() }).nullable()
    .describe('Sales from the 1st of this month (China) to today over the customers whose financial group the caller reads — a rep who manages nobody: their own customers — and the same days before (the composition’s `total` and previous amounts, decimal strings); null for roles that do not sell'),
  archives: z.object({ customers: z.number().int(), documentsMissing: z.number().int(), fieldsMissing: z.number().int().nullable(), complete: z.number().int().nullable() }).nullable()
    .describe('The archivist’s register (ANA-2): archives below top secret, those missing a required document (the archive-completeness report’s totals); fieldsMissing and complete are null when counted through the register duty, which reads no field; null for roles that keep no register'),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
