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
    }),
  ),
  pareto: z.object({
    customers80: z.number().int().describe('How many customers (largest first) make 80 % of the period’s sales'),
    customersTotal: z.number().int().describe('Customers with sales in the period'),
    curve: z.array(z.object({ customers: z.number().int(), share: z.number() })).describe('Cumulative share of sales by number of customers, at most 50 points'),
  }),
});
export type Composition = z.infer<typeof compositionSchema>;
