/**
 * Rewards (REL-10, seed 001 客户奖励): reward plans (points per amount purchased by tier, coupons
 * and gifts redeemable for points), the points ledger per customer, and each plan's effect.
 * Money is a decimal string; points are whole numbers.
 */
import { z } from 'zod';
import { idSchema, requiredText, text, timestamp } from './common.js';
import { customerTypes, isoDate, money } from './customers.js';

export const pointsKinds = ['earn', 'redeem', 'expire', 'adjust'] as const;
export type PointsKind = (typeof pointsKinds)[number];

export const pointsEntrySchema = z.object({
  id: idSchema,
  kind: z.enum(pointsKinds),
  points: z
    .number()
    .int()
    .describe('For `earn`, `redeem` and `expire` the positive number of points as written — the kind gives the sign (earn adds, redeem and expire take away). For `adjust` the signed effect: positive adds, negative takes away.'),
  reason: z.string(),
  at: timestamp,
  byName: z.string().nullable().describe('Who wrote it; null for entries written by the system (earnings from transactions, expiry)'),
});
export type PointsEntry = z.infer<typeof pointsEntrySchema>;

export const pointsLedgerSchema = z.object({
  balance: z.number().int().describe('Points available now; never negative'),
  items: z.array(pointsEntrySchema).describe('Newest first'),
});
export type PointsLedger = z.infer<typeof pointsLedgerSchema>;

export const pointsLedgerQuery = z.strictObject({
  kind: z.enum(pointsKinds).optional().describe('Only entries of this kind (the balance is always the whole balance)'),
  from: isoDate.optional().describe('Entries on or after this China date'),
  to: isoDate.optional().describe('Entries on or before this China date'),
  limit: z.coerce.number().int().min(1).max(1000).default(500).describe('The newest entries up to this many'),
});
export const pointsExportQuery = pointsLedgerQuery.omit({ limit: true }).extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

export const createPointsBody = z.strictObject({
  kind: z.enum(pointsKinds),
  points: z.number().int().min(1).max(10_000_000).describe('A positive whole number of points'),
  reason: requiredText(500),
  direction: z
    .enum(['increase', 'decrease'])
    .optional()
    .describe('Only for `adjust`: `increase` (the default) adds the points, `decrease` takes them away'),
});
export const pointsWrittenSchema = pointsEntrySchema.extend({ balance: z.number().int().describe('The balance after this entry') });

// ---- plans ----------------------------------------------------------------------------------------

const rate = z
  .union([z.string().regex(/^\d{1,4}(\.\d{1,2})?$/, 'must be a decimal with at most 2 decimals, e.g. "1.5"'), z.number().finite().nonnegative().max(1000)])
  .transform((v) => (typeof v === 'number' ? String(Math.round(v * 100) / 100) : v));

export const rewardTierSchema = z.object({
  from: money.describe('Purchases in the plan period from this amount (¥) on earn at this tier\'s rate; the first tier starts at "0"'),
  pointsPer100: z.string().describe('Points per ¥100 purchased, e.g. "1" or "1.5"'),
});
export type RewardTier = z.infer<typeof rewardTierSchema>;
const rewardTierInput = z.strictObject({ from: money, pointsPer100: rate });

export const rewardItemKinds = ['coupon', 'gift'] as const;
export const rewardItemSchema = z.object({
  kind: z.enum(rewardItemKinds).describe('优惠券 coupon or 礼品 gift'),
  name: z.string(),
  points: z.number().int().describe('Points a redemption of it costs'),
});
const rewardItemInput = z.strictObject({ kind: z.enum(rewardItemKinds), name: requiredText(100), points: z.number().int().min(1).max(10_000_000) });

export const rewardPlanSchema = z.object({
  id: idSchema,
  name: z.string(),
  customerType: z.enum(customerTypes).nullable().describe('The customer type the plan is for; null: company-wide. A type\'s own plan wins over the company-wide one.'),
  validFrom: isoDate,
  validTo: isoDate.nullable().describe('Inclusive; null: until further notice'),
  tiers: z.array(rewardTierSchema).describe('Marginal rates over the customer\'s purchases in the plan period (each part earns at its tier\'s rate), whole points rounded down'),
  pointsValidMonths: z.number().int().nullable().describe('Earned points expire this many months after they were earned, oldest first (FIFO); null: never'),
  rewards: z.array(rewardItemSchema),
  description: z.string().nullable(),
  disabled: z.boolean(),
  inForce: z.boolean().describe('In its validity period today and not disabled'),
  version: z.number().int(),
  createdAt: timestamp,
});
export type RewardPlan = z.infer<typeof rewardPlanSchema>;

const planFields = {
  name: requiredText(100),
  customerType: z.enum(customerTypes).nullable().optional(),
  validFrom: isoDate,
  validTo: isoDate.nullable().optional(),
  tiers: z.array(rewardTierInput).min(1).max(20),
  pointsValidMonths: z.number().int().min(1).max(120).nullable().optional(),
  rewards: z.array(rewardItemInput).max(50).optional(),
  description: text(1000).nullable().optional(),
};
export const createRewardPlanBody = z.strictObject(planFields);
export const updateRewardPlanBody = z.strictObject({
  ...Object.fromEntries(Object.entries(planFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof planFields]: z.ZodOptional<(typeof planFields)[K]> },
  disabled: z.boolean().optional(),
  version: z.number().int().min(1).describe('The version read; a stale one is 409'),
});

export const rewardPlanStates = ['in_force', 'upcoming', 'ended', 'disabled'] as const;
export const rewardPlanListQuery = z.strictObject({
  state: z.enum(rewardPlanStates).optional(),
  customerType: z.enum(customerTypes).optional(),
  q: text(100).optional().describe('Part of the name'),
});
export const rewardPlanExportQuery = rewardPlanListQuery.extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
export const rewardPlanListSchema = z.object({ items: z.array(rewardPlanSchema) });

// ---- the effect of a plan -------------------------------------------------------------------------

const groupFigures = z.object({
  customers: z.number().int(),
  transactions: z.number().int(),
  purchases: z.string().describe('Sum of their transactions in the period (¥)'),
  perCustomer: z.string().describe('purchases ÷ customers (¥, 2 decimals); "0.00" for an empty group'),
});
export const rewardPlanEffectSchema = z.object({
  planId: idSchema,
  from: isoDate,
  to: isoDate.describe('The end of the validity period, or today if earlier'),
  rewarded: groupFigures.describe('Customers in the plan\'s scope who received a reward in the period (a redemption: points, coupon or gift)'),
  notRewarded: groupFigures.describe('The other customers in the plan\'s scope'),
  pointsEarned: z.number().int().describe('Points earned under this plan'),
  pointsRedeemed: z.number().int().describe('Points redeemed in the period by customers in scope'),
  byMonth: z.array(z.object({ month: z.string().describe('YYYY-MM'), rewarded: z.string(), notRewarded: z.string(), rewardedPerCustomer: z.string(), notRewardedPerCustomer: z.string() })),
});
export type RewardPlanEffect = z.infer<typeof rewardPlanEffectSchema>;
