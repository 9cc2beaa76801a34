/**
 * Evaluation (spec 03, EVA-1…EVA-8): credit scorecard (客户信用等级评定表), grades, tiers, the
 * quarterly evaluation, ABC classes (客户档案分类管理) and relationship evaluations (客户关系评估表).
 * Scores are numbers with at most one decimal; money is a decimal string.
 */
import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, requiredText, text, timestamp } from './common.js';
import { abcClasses, creditGrades, customerTypes, isoDate, money, tiers } from './customers.js';
import type { RoleKey } from './roles.js';

/** The nine indicators of EVA-1, in the order of the form. */
export const indicatorKeys = [
  'willingness',
  'loyalty',
  'cooperationLength',
  'purchaseAmount',
  'purchaseGrowth',
  'purchaseRegularity',
  'paymentTimeliness',
  'creditFulfilment',
  'financialStanding',
] as const;
export type IndicatorKey = (typeof indicatorKeys)[number];
export const categoryKeys = ['quality', 'stability', 'capacity', 'regularity', 'solvency'] as const;
export type CategoryKey = (typeof categoryKeys)[number];
/** Who fills an indicator (seed 003 评定职责): sales the non-financial, finance the financial ones. */
export const fillerGroups = ['sales', 'finance'] as const;
export type FillerGroup = (typeof fillerGroups)[number];
export const indicatorSources = ['manual', 'computed'] as const;

/** A score: 0–100 with at most one decimal (its maximum is the scorecard's). */
export const scoreValue = z
  .number()
  .min(0, 'must not be below 0')
  .max(100, 'must not exceed 100')
  .refine((x) => Math.abs(x * 10 - Math.round(x * 10)) < 1e-6, 'must have at most one decimal');

export const scoresInput = z.strictObject(Object.fromEntries(indicatorKeys.map((k) => [k, scoreValue.optional()])) as { [K in IndicatorKey]: z.ZodOptional<typeof scoreValue> });
export type ScoresInput = z.infer<typeof scoresInput>;

/** Money as a decimal string, or a plain number with at most 2 decimals (what-if clients). */
const moneyInput = z.union([money, z.number().min(0).max(1e15).refine((x) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6, 'must have at most 2 decimals')]);

/**
 * Who administers evaluation (rounds, ABC runs and weights, scorecards, relationship templates)
 * and who fills, reviews and follows up relationship evaluations (EVA-8). The access rules in
 * server/modules/access/evaluation-access.rules.ts decide with these; the web shows actions by them.
 */
export const evaluationAdminRoles: readonly RoleKey[] = ['marketing_manager', 'marketing_director', 'gm'];
/** EVA-1: the scorecard is also the administrator's to edit (it holds no customer data). */
export const scorecardEditorRoles: readonly RoleKey[] = [...evaluationAdminRoles, 'admin'];
export const relationshipFillRoles: readonly RoleKey[] = ['cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director', 'gm'];
export const relationshipReviewRoles: readonly RoleKey[] = ['marketing_director', 'marketing_manager'];
/** 市场营销部根据客户评估结果拟定客户关系改进措施. */
export const relationshipMeasureRoles: readonly RoleKey[] = ['marketing_manager', 'marketing_director', 'cs_manager'];

/** 表单编号 printed in the header of the two evaluation forms (ARC-13 numbering: KD-<area>-NN). */
export const evaluationFormNumbers = { credit: 'KD-EVA-01', relationship: 'KD-EVA-02' } as const;

// --- EVA-6 what-if preview ---

export const creditPreviewBody = z.strictObject({
  customerType: z.enum(customerTypes),
  scores: scoresInput.describe('Scores keyed as in EVA-1; a missing indicator counts 0'),
  badDebt: z.boolean().optional().describe('Any bad-debt record (呆坏帐): grade D whatever the score. Default false'),
  previousYearPurchases: moneyInput.optional().describe('Purchases in the previous calendar year, CNY. Default 0'),
  hasTransactions: z.boolean().optional().describe('false: a prospect (potential customer rule). Default true'),
});
export type CreditPreviewInput = z.infer<typeof creditPreviewBody>;
export const reasonSchema = z.object({
  about: z.enum(['total', 'grade', 'tier']),
  rule: z.string().describe('Requirement that decided, e.g. EVA-2'),
  code: z.string().describe('Stable key of the reason (translated by clients)'),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string(),
});
export type Reason = z.infer<typeof reasonSchema>;
export const creditPreviewSchema = z.object({
  total: z.number().describe('Sum of the scores, one decimal'),
  grade: z.enum(creditGrades),
  tier: z.enum(tiers),
  reasons: z.array(reasonSchema),
});

// --- scorecards (EVA-1, EVA-2, EVA-3 configuration; versioned) ---

export const bandGroups = ['distributor', 'direct'] as const;
export const bandSchema = z.strictObject({
  grade: z.enum(creditGrades),
  min: scoreValue.describe('Lower bound of the band'),
  inclusive: z.boolean().describe('true: score ≥ min; false: score > min'),
  fullMarksOn: z.enum(indicatorKeys).nullable().optional().describe('Also needs full marks on this indicator (direct AAA: creditFulfilment)'),
});
export const indicatorDefSchema = z.strictObject({
  key: z.enum(indicatorKeys),
  category: z.enum(categoryKeys),
  label: requiredText(60),
  max: scoreValue.refine((x) => x > 0, 'must be greater than 0'),
  filledBy: z.enum(fillerGroups),
  source: z.enum(indicatorSources),
});
export const tierRuleSchema = z.strictObject({
  keyGrades: z.array(z.enum(creditGrades)).max(6),
  bigGrades: z.array(z.enum(creditGrades)).max(6),
  bigMinPurchases: money.describe('Previous-year purchases (CNY) at or above which a key customer is big'),
});
export const scorecardDefinition = z.strictObject({
  indicators: z.array(indicatorDefSchema).length(indicatorKeys.length).describe('The nine indicators of EVA-1, each once; maxima sum to 100'),
  bands: z.strictObject({ distributor: z.array(bandSchema).min(1).max(6), direct: z.array(bandSchema).min(1).max(6) }).describe('Grade bands, best first; below every band is D'),
  bandGroupOf: z.strictObject(Object.fromEntries(customerTypes.map((t) => [t, z.enum(bandGroups)])) as { [K in (typeof customerTypes)[number]]: z.ZodEnum<{ distributor: 'distributor'; direct: 'direct' }> }),
  tiers: z.strictObject({ distributor: tierRuleSchema, direct: tierRuleSchema }),
  quarterlyTarget: z.strictObject(Object.fromEntries(customerTypes.map((t) => [t, money])) as { [K in (typeof customerTypes)[number]]: typeof money }).describe('Default purchase target per quarter (CNY) for purchaseAmount'),
});
export type ScorecardDefinition = z.infer<typeof scorecardDefinition>;
export const scorecardSchema = z.object({
  id: idSchema,
  version: z.number().int(),
  name: z.string(),
  note: z.string().nullable(),
  current: z.boolean(),
  definition: scorecardDefinition,
  createdAt: timestamp,
  createdByName: z.string().nullable(),
});
export const updateScorecardBody = z.strictObject({
  baseVersion: z.number().int().min(1).describe('The version edited; a newer current version answers 409'),
  name: requiredText(100),
  note: text(500).nullable().optional(),
  definition: scorecardDefinition,
});
/** EVA-1 purchaseAmount: the customer's own quarterly target where one is set, its type's (scorecard) target otherwise. */
export const purchaseTargetSchema = z.object({
  customerId: z.string(),
  quarterlyTarget: money.nullable().describe('The customer\'s own target per quarter (CNY); null: none set'),
  typeTarget: money.describe('The scorecard in force\'s target for the customer\'s type'),
  effectiveTarget: money.describe('What the next evaluation uses'),
  source: z.enum(['customer', 'type']),
  setAt: z.string().nullable(),
  setByName: z.string().nullable(),
});
export const setPurchaseTargetBody = z.strictObject({
  quarterlyTarget: money.nullable().describe('CNY per quarter; null removes the customer\'s own target (the type\'s applies)'),
});
export const scorecardParams = z.strictObject({ version: z.string().regex(/^[1-9][0-9]{0,5}$/, 'must be a version number').transform(Number) });

// --- payments (EVA-1 paymentTimeliness / creditFulfilment) ---

export const createPaymentBody = z.strictObject({
  dueOn: isoDate,
  paidOn: isoDate.nullable().optional(),
  amount: money.refine((s) => Number(s) > 0, 'must be greater than 0'),
  badDebt: z.boolean().optional().describe('Written off as bad debt (呆坏帐)'),
  note: text(500).nullable().optional(),
});
export const updatePaymentBody = z.strictObject({
  version: z.number().int().min(0),
  paidOn: isoDate.nullable().optional(),
  badDebt: z.boolean().optional(),
  note: text(500).nullable().optional(),
});
export const paymentSchema = z.object({
  id: idSchema,
  transactionId: idSchema,
  customerId: idSchema,
  dueOn: isoDate,
  paidOn: isoDate.nullable(),
  amount: z.string(),
  badDebt: z.boolean(),
  note: z.string().nullable(),
  daysOverdue: z.number().int().nullable().describe('paidOn − dueOn; null while unpaid'),
  badDebtApprovalId: idSchema.nullable().describe('The pending approval that writes this payment off as bad debt or reinstates it (SEC-7); null when none waits'),
  version: z.number().int(),
  createdAt: timestamp,
});
export const transactionPathParams = z.strictObject({ id: idSchema, transactionId: idSchema });
export const paymentPathParams = z.strictObject({ id: idSchema, transactionId: idSchema, paymentId: idSchema });

// --- quarterly evaluations (EVA-4) ---

export const quarterSchema = z.string().regex(/^(19|20)\d\dQ[1-4]$/, 'must be a quarter like 2026Q3').describe('A quarter from 1900Q1 to 2099Q4, e.g. 2026Q3');
export const evaluationStates = ['open', 'filled', 'pending_approval', 'finalised'] as const;
export type EvaluationState = (typeof evaluationStates)[number];

export const indicatorValueSchema = z.object({
  key: z.enum(indicatorKeys),
  category: z.enum(categoryKeys),
  label: z.string(),
  max: z.number(),
  filledBy: z.enum(fillerGroups),
  source: z.enum(indicatorSources),
  computed: z.number().nullable().describe('The job\'s proposal for a computed indicator'),
  basis: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).nullable().describe('What the proposal was computed from'),
  score: z.number().nullable().describe('The value in force (null: not filled yet)'),
});
export const adjustmentSchema = z.object({
  indicator: z.enum(indicatorKeys),
  from: z.number().nullable(),
  to: z.number(),
  reason: z.string(),
  byId: idSchema,
  byName: z.string().nullable(),
  at: timestamp,
});
export const evaluationSchema = z.object({
  id: idSchema,
  roundId: idSchema,
  quarter: z.string(),
  customerId: idSchema,
  customerName: z.string(),
  archiveNo: z.string(),
  customerType: z.enum(customerTypes),
  departmentId: idSchema,
  departmentName: z.string().nullable(),
  ownerId: idSchema,
  state: z.enum(evaluationStates),
  scorecardVersion: z.number().int(),
  total: z.number().nullable(),
  grade: z.enum(creditGrades).nullable().describe('Proposed from the scores; the customer\'s grade once finalised'),
  tier: z.enum(tiers).nullable(),
  previousGrade: z.enum(creditGrades).nullable(),
  previousTier: z.enum(tiers).nullable(),
  badDebt: z.boolean(),
  hasTransactions: z.boolean(),
  periodPurchases: z.string(),
  previousYearPurchases: z.string(),
  salesFilledBy: z.string().nullable(),
  salesFilledAt: timestamp.nullable(),
  financeFilledBy: z.string().nullable(),
  financeFilledAt: timestamp.nullable(),
  finalisedBy: z.string().nullable(),
  finalisedAt: timestamp.nullable(),
  approvalId: idSchema.nullable(),
  reason: z.string().nullable().describe('Why the grade was set (finalisation)'),
  version: z.number().int(),
});
export const evaluationDetailSchema = evaluationSchema.extend({
  indicators: z.array(indicatorValueSchema),
  adjustments: z.array(adjustmentSchema),
  reasons: z.array(reasonSchema),
  canFill: z.array(z.enum(fillerGroups)).describe('Indicator groups the caller may fill now'),
  canFinalise: z.boolean(),
});
export type EvaluationDetail = z.infer<typeof evaluationDetailSchema>;

export const evaluationListQuery = z.strictObject({
  quarter: quarterSchema.optional(),
  departmentId: idSchema.optional(),
  state: z.enum(evaluationStates).optional(),
  customerId: idSchema.optional(),
  grade: z.enum(creditGrades).optional(),
  q: z.string().max(100).optional().describe('Customer name or archive number contains'),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const evaluationExportQuery = evaluationListQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

export const fillEvaluationBody = z.strictObject({
  version: z.number().int().min(0),
  group: z.enum(fillerGroups).describe('Which half is filled: sales (non-financial) or finance (financial)'),
  scores: scoresInput.describe('Scores of the indicators of this group; every indicator of the group must be given'),
  reasons: z.partialRecord(z.enum(indicatorKeys), requiredText(500)).optional().describe('Why a computed proposal was changed (required for each changed one)'),
  badDebt: z.boolean().optional().describe('finance: a bad-debt record the payments do not show'),
  expectedTotal: scoreValue.optional().describe('The total the client shows; answers 400 when it does not add up'),
});
export const finaliseEvaluationBody = z.strictObject({
  version: z.number().int().min(0),
  reason: requiredText(500).describe('Why (kept in the grade history)'),
  grade: z.enum(creditGrades).optional().describe('Override of the computed grade (needs approval: grade_override)'),
});
export const evaluationActionSchema = z.object({ evaluation: evaluationDetailSchema, approvalId: idSchema.nullable() });

export const roundSchema = z.object({
  id: idSchema,
  quarter: z.string(),
  periodStart: isoDate,
  periodEnd: isoDate,
  state: z.enum(['opening', 'open']),
  scorecardVersion: z.number().int(),
  opened: z.number().int(),
  expected: z.number().int().nullable(),
  startedAt: timestamp,
  completedAt: timestamp.nullable(),
});
export const openRoundBody = z.strictObject({ quarter: quarterSchema });
export const roundParams = z.strictObject({ quarter: quarterSchema });
export const roundProgressSchema = z.object({
  round: roundSchema,
  departments: z.array(z.object({ departmentId: idSchema, departmentName: z.string().nullable(), opened: z.number().int(), filled: z.number().int(), finalised: z.number().int() })),
  totals: z.object({ opened: z.number().int(), filled: z.number().int(), finalised: z.number().int() }),
});

export const gradeChangeKinds = ['grade', 'tier', 'abc'] as const;
export const gradeChangeSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  customerName: z.string(),
  archiveNo: z.string(),
  kind: z.enum(gradeChangeKinds),
  from: z.string().nullable(),
  to: z.string().nullable(),
  cause: z.string().describe('evaluation | bad_debt | override | abc_run | abc_override'),
  reason: z.string().nullable(),
  evaluationId: idSchema.nullable(),
  quarter: z.string().nullable(),
  actorName: z.string().nullable(),
  at: timestamp,
});
export const gradeChangeQuery = z.strictObject({
  kind: z.enum(gradeChangeKinds).optional(),
  customerId: idSchema.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const gradeChangeExportQuery = gradeChangeQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
export const gradeHistorySchema = z.object({
  items: z.array(z.object({ quarter: z.string(), total: z.number().nullable(), grade: z.enum(creditGrades).nullable(), tier: z.enum(tiers).nullable(), finalisedAt: timestamp.nullable() })),
  changes: z.array(gradeChangeSchema),
});

// --- ABC (EVA-7) ---

export const abcConfigSchema = z.strictObject({
  weights: z.strictObject({ strength: z.number().min(0).max(1), likelihood: z.number().min(0).max(1), region: z.number().min(0).max(1) }).refine((w) => Math.round((w.strength + w.likelihood + w.region) * 1000) === 1000, 'weights must sum to 1'),
  regionWeights: z.record(z.string().regex(/^\d{2}(\d{2}){0,2}$/, 'must be a 2-, 4- or 6-digit GB/T 2260 code'), z.number().min(0).max(1)).refine((r) => Object.keys(r).length <= 500, 'at most 500 regions'),
  defaultRegionWeight: z.number().min(0).max(1),
});
export type AbcConfig = z.infer<typeof abcConfigSchema>;
export const abcRunSchema = z.object({
  id: idSchema,
  startedAt: timestamp,
  completedAt: timestamp.nullable(),
  total: z.number().int(),
  counts: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int() }),
  changed: z.number().int(),
  overridden: z.number().int(),
  actorName: z.string().nullable(),
});
export const abcDistributionSchema = z.object({
  counts: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), none: z.number().int() }),
  lastRun: abcRunSchema.nullable(),
  config: abcConfigSchema,
});
export const abcListQuery = z.strictObject({
  abcClass: z.enum(abcClasses).optional(),
  overridden: z.enum(['true', 'false']).optional(),
  q: z.string().max(100).optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const abcExportQuery = abcListQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
export const abcEntrySchema = z.object({
  customerId: idSchema,
  archiveNo: z.string(),
  name: z.string(),
  abcClass: z.enum(abcClasses).nullable(),
  computedClass: z.enum(abcClasses).nullable(),
  composite: z.number().nullable(),
  rank: z.number().int().nullable(),
  overridden: z.boolean(),
  creditGrade: z.enum(creditGrades).nullable(),
  region: z.string().nullable(),
});
export const abcOverrideBody = z.strictObject({ customerId: idSchema, abcClass: z.enum(abcClasses), reason: requiredText(500) });
export const abcWithdrawBody = z.strictObject({ customerId: idSchema, reason: requiredText(500) });

// --- relationship evaluations (EVA-8, 客户关系评估表) ---

export const recommendations = ['improve', 'maintain', 'terminate'] as const;
export const relationshipStates = ['draft', 'completed', 'reviewed'] as const;
export const relationshipIndicatorSchema = z.strictObject({ key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'must be a key like satisfaction'), label: requiredText(60), weight: z.number().int().min(1).max(100) });
export const relationshipTemplateBody = z.strictObject({
  indicators: z.array(relationshipIndicatorSchema).min(1).max(20).refine((xs) => new Set(xs.map((x) => x.key)).size === xs.length, 'keys must be unique').refine((xs) => xs.reduce((s, x) => s + x.weight, 0) === 100, 'weights must sum to 100'),
  thresholds: z.strictObject({ maintain: scoreValue, improve: scoreValue }).refine((t) => t.maintain >= t.improve, 'maintain must be ≥ improve').describe('Proposal: total ≥ maintain → maintain; ≥ improve → improve; else terminate'),
});
export const relationshipTemplateSchema = relationshipTemplateBody.extend({ version: z.number().int(), createdAt: timestamp });
export const relationshipItemInput = z.strictObject({ key: z.string().max(40), score: scoreValue, basis: text(1000).nullable().optional(), remarks: text(1000).nullable().optional() });
export const createRelationshipBody = z.strictObject({
  customerId: idSchema,
  evaluatedOn: isoDate,
  items: z.array(relationshipItemInput).min(1).max(20),
  recommendation: z.enum(recommendations).optional().describe('Default: the proposal from the total'),
  remarks: text(2000).nullable().optional(),
  complete: z.boolean().optional().describe('true: completed and sent for review by the marketing director and manager'),
});
export const updateRelationshipBody = createRelationshipBody.omit({ customerId: true }).extend({ version: z.number().int().min(0) });
export const relationshipCommentBody = z.strictObject({ body: requiredText(2000) });
export const relationshipMeasureBody = z.strictObject({ measure: requiredText(1000), ownerId: idSchema.nullable().optional(), dueOn: isoDate.nullable().optional() });
export const relationshipSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  customerName: z.string(),
  archiveNo: z.string(),
  customerGrade: z.enum(creditGrades).nullable(),
  templateVersion: z.number().int(),
  evaluatedOn: isoDate,
  evaluatorId: idSchema,
  evaluatorName: z.string().nullable(),
  items: z.array(z.object({ key: z.string(), label: z.string(), weight: z.number().int(), score: z.number(), basis: z.string().nullable(), remarks: z.string().nullable() })),
  total: z.number(),
  proposed: z.enum(recommendations),
  recommendation: z.enum(recommendations),
  remarks: z.string().nullable(),
  state: z.enum(relationshipStates),
  approvalId: idSchema.nullable(),
  comments: z.array(z.object({ id: idSchema, authorId: idSchema, authorName: z.string().nullable(), role: z.string(), body: z.string(), at: timestamp })),
  measures: z.array(z.object({ id: idSchema, measure: z.string(), ownerId: idSchema.nullable(), ownerName: z.string().nullable(), dueOn: isoDate.nullable(), createdByName: z.string().nullable(), at: timestamp })),
  version: z.number().int(),
  createdAt: timestamp,
});
export const relationshipListQuery = z.strictObject({
  customerId: idSchema.optional(),
  state: z.enum(relationshipStates).optional(),
  recommendation: z.enum(recommendations).optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const relationshipExportQuery = relationshipListQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
