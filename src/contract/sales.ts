/**
 * Sales (spec 06): receivables and aging (SAL-1, SAL-4), opportunities (SAL-2), contracts with
 * the counterparty checklist (SAL-3). Money is a decimal string; a JSON number is accepted on input.
 */
import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, requiredText, text, timestamp } from './common.js';
import { isoDate, money } from './customers.js';

/** A decimal string with at most 2 decimals, or a finite non-negative JSON number (rounded to cents). */
export const moneyInput = z
  .union([money, z.number().finite().nonnegative().max(1e15)])
  .transform((v) => (typeof v === 'number' ? v.toFixed(2) : v))
  .describe('Decimal string (e.g. "12000.50"); a JSON number is accepted');
const positiveMoneyInput = moneyInput.refine((s) => Number(s) > 0, 'must be greater than 0');
const quantityInput = z
  .union([z.string().regex(/^\d{1,16}(\.\d{1,4})?$/, 'must be a decimal with at most 4 decimals'), z.number().finite().positive().max(1e12)])
  .transform((v) => (typeof v === 'number' ? String(Math.round(v * 10_000) / 10_000) : v))
  .refine((s) => Number(s) > 0, 'must be greater than 0');
const priceInput = z
  .union([z.string().regex(/^\d{1,16}(\.\d{1,4})?$/, 'must be a decimal with at most 4 decimals'), z.number().finite().nonnegative().max(1e12)])
  .transform((v) => (typeof v === 'number' ? String(Math.round(v * 10_000) / 10_000) : v));

// ---- SAL-1 receivables -------------------------------------------------------------------------

export const receivableStates = ['open', 'overdue', 'paid', 'bad_debt'] as const;
export type ReceivableState = (typeof receivableStates)[number];
export const receivableSchema = z.object({
  paymentId: idSchema,
  transactionId: idSchema,
  contractId: idSchema.nullable(),
  contractNo: z.string().nullable(),
  customerId: idSchema,
  customerName: z.string(),
  archiveNo: z.string(),
  ownerId: idSchema.nullable().describe('The customer’s owner; null while the customer is in the open pool (REL-1)'),
  ownerName: z.string().nullable(),
  amount: z.string(),
  dueOn: isoDate,
  paidOn: isoDate.nullable(),
  state: z.enum(receivableStates).describe('`overdue`: unpaid, not bad debt, due before today (Asia/Shanghai)'),
  daysOverdue: z.number().int().describe('Whole days past due: until today while unpaid, until paidOn once paid late; 0 otherwise'),
});
export type Receivable = z.infer<typeof receivableSchema>;
export const receivableListQuery = z.strictObject({
  state: z.enum(receivableStates).optional(),
  customerId: idSchema.optional(),
  ownerId: idSchema.optional(),
  departmentId: idSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const agingBuckets = ['0-30', '31-60', '61-90', 'over_90'] as const;
export const agingQuery = z.strictObject({ ownerId: idSchema.optional(), departmentId: idSchema.optional() });
const countAmount = z.object({ count: z.number().int(), amount: z.string() });
export const agingSchema = z.object({
  notDue: countAmount.describe('Unpaid, not written off, due today or later'),
  buckets: z.array(z.object({ bucket: z.enum(agingBuckets), count: z.number().int(), amount: z.string() })).describe('Unpaid, not written off, past due, by whole days past dueOn (1–30 days in `0-30`)'),
  total: countAmount.describe('Every unpaid, not written-off instalment: notDue plus the buckets'),
});

// ---- SAL-2 opportunities -----------------------------------------------------------------------

export const opportunityStages = ['initial', 'needs', 'proposal', 'negotiation', 'signing', 'won', 'lost'] as const;
export type OpportunityStage = (typeof opportunityStages)[number];
export const stageProbabilitiesSchema = z.strictObject(
  Object.fromEntries(opportunityStages.map((s) => [s, z.number().int().min(0).max(100)])) as Record<OpportunityStage, z.ZodNumber>,
);
export const opportunitySchema = z.object({
  id: idSchema,
  customerId: idSchema,
  customerName: z.string(),
  archiveNo: z.string(),
  ownerId: idSchema,
  ownerName: z.string().nullable(),
  title: z.string(),
  expectedAmount: z.string(),
  expectedCloseOn: isoDate,
  stage: z.enum(opportunityStages),
  probability: z.number().int().describe('Percent, from the stage (company settings) when the stage was set'),
  lostReason: z.string().nullable(),
  closedOn: isoDate.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  version: z.number().int(),
});
export type Opportunity = z.infer<typeof opportunitySchema>;
export const createOpportunityBody = z.strictObject({
  customerId: idSchema,
  title: requiredText(200),
  expectedAmount: moneyInput,
  expectedCloseOn: isoDate,
  stage: z.enum(opportunityStages).optional().describe('Default `initial`'),
  lostReason: requiredText(500).optional(),
});
export const updateOpportunityBody = z.strictObject({
  version: z.number().int().min(0),
  title: requiredText(200).optional(),
  stage: z.enum(opportunityStages).optional(),
  expectedAmount: moneyInput.optional(),
  expectedCloseOn: isoDate.optional(),
  lostReason: requiredText(500).optional().describe('Required when the stage becomes `lost`'),
});
export const opportunityListQuery = z.strictObject({
  stage: z.enum(opportunityStages).optional(),
  ownerId: idSchema.optional(),
  customerId: idSchema.optional(),
  open: z.enum(['true', 'false']).optional().describe('`true`: stages before won/lost only'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  cursor: cursorSchema.optional(),
});

/** The clauses SAL-3 names: 品名、规格、数量、质量、价格、结算方式、双方的权利义务、争议解决方式. */
export const contractClauseKeys = ['product', 'specification', 'quantity', 'quality', 'price', 'settlement', 'rightsObligations', 'disputeResolution'] as const;
export type ContractClauseKey = (typeof contractClauseKeys)[number];
export const contractClausesSchema = z.strictObject(
  Object.fromEntries(contractClauseKeys.map((k) => [k, requiredText(5000)])) as Record<ContractClauseKey, ReturnType<typeof requiredText>>,
);
export type ContractClauses = z.infer<typeof contractClausesSchema>;

// ---- SAL-3 contracts ---------------------------------------------------------------------------

export const checklistItems = ['legalStatus', 'businessScope', 'capacity', 'credit', 'signatoryAuthority'] as const;
export type ChecklistItem = (typeof checklistItems)[number];
export const checklistSchema = z.object(Object.fromEntries(checklistItems.map((k) => [k, z.boolean()])) as Record<ChecklistItem, z.ZodBoolean>);
export type Checklist = z.infer<typeof checklistSchema>;
export const contractStates = ['draft', 'signed', 'completed', 'cancelled'] as const;
export const contractLineInput = z.strictObject({ product: requiredText(200), spec: text(200).optional(), quantity: quantityInput, unit: requiredText(20), price: priceInput });
export const instalmentInput = z.strictObject({ dueOn: isoDate, amount: positiveMoneyInput });
export const createContractBody = z
  .strictObject({
    customerId: idSchema,
    title: requiredText(200),
    amount: positiveMoneyInput,
    signatory: requiredText(100).describe('Who signs for the customer: the legal representative or a holder of a power of attorney'),
    opportunityId: idSchema.optional(),
    templateId: idSchema.optional().describe('A contract template (合同范本): its newest legally approved version\'s clauses are copied into the contract; a template with none approved is 422'),
    lines: z.array(contractLineInput).max(200).optional(),
    instalments: z.array(instalmentInput).min(1).max(120),
  })
  .describe('Instalments must add up to the amount');
export const updateChecklistBody = z.strictObject({
  version: z.number().int().min(0),
  ...(Object.fromEntries(checklistItems.map((k) => [k, z.boolean().optional()])) as Record<ChecklistItem, z.ZodOptional<z.ZodBoolean>>),
});
export const createWaiverBody = z.strictObject({ item: z.enum(checklistItems), reason: requiredText(500) });
export const signContractBody = z.strictObject({ signedOn: isoDate });
export const createDeliveryBody = z.strictObject({
  lineNo: z.number().int().min(1).describe('The contract line delivered against'),
  quantity: quantityInput.describe('Delivered now; the delivered total may not exceed the line’s quantity (422)'),
  deliveredOn: isoDate.describe('Not in the future'),
  note: text(500).optional(),
});
export const contractSchema = z.object({
  id: idSchema,
  contractNo: z.string().describe('HT-YYYY-NNNNNN, gap-free per year'),
  customerId: idSchema,
  customerName: z.string(),
  archiveNo: z.string(),
  ownerId: idSchema,
  ownerName: z.string().nullable(),
  title: z.string(),
  amount: z.string(),
  signatory: z.string(),
  state: z.enum(contractStates),
  checklist: checklistSchema,
  waivers: z.array(z.object({ item: z.enum(checklistItems), reason: z.string(), byName: z.string().nullable(), at: timestamp })),
  signedOn: isoDate.nullable(),
  transactionId: idSchema.nullable().describe('The performance-archive transaction a signed contract became'),
  opportunityId: idSchema.nullable(),
  template: z.object({ id: idSchema, name: z.string(), versionNumber: z.number().int() }).nullable().describe('The template and version the contract was drafted from'),
  clauses: contractClausesSchema.nullable().describe('The template version\'s clauses as copied when the contract was drafted'),
  lines: z.array(z.object({ lineNo: z.number().int(), product: z.string(), spec: z.string().nullable(), quantity: z.string(), unit: z.string(), price: z.string(), delivered: z.string() })),
  instalments: z.array(z.object({ lineNo: z.number().int(), dueOn: isoDate, amount: z.string(), paymentId: idSchema.nullable(), paidOn: isoDate.nullable() })),
  createdAt: timestamp,
  version: z.number().int(),
});
export type Contract = z.infer<typeof contractSchema>;
export const contractListQuery = z.strictObject({
  state: z.enum(contractStates).optional(),
  customerId: idSchema.optional(),
  ownerId: idSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});

// ---- SAL-3 contract templates (合同范本, seed 003 9.2) --------------------------------------------

export const templateVersionStates = ['pending', 'approved', 'rejected', 'withdrawn', 'expired'] as const;
export type TemplateVersionState = (typeof templateVersionStates)[number];
export const contractTemplateVersionSchema = z.object({
  id: idSchema,
  number: z.number().int(),
  state: z.enum(templateVersionStates).describe('`approved`: reviewed by legal (SEC-7 approval `contract_template`)'),
  clauses: contractClausesSchema,
  approvalId: idSchema.nullable(),
  createdByName: z.string().nullable(),
  createdAt: timestamp,
  decidedByName: z.string().nullable(),
  decidedAt: timestamp.nullable(),
});
export const contractTemplateSchema = z.object({
  id: idSchema,
  name: z.string(),
  disabled: z.boolean(),
  approvedVersion: contractTemplateVersionSchema.nullable().describe('The version new contracts use; null until one is approved'),
  pendingVersion: contractTemplateVersionSchema.nullable().describe('The version waiting for legal review, if any'),
  versions: z.array(contractTemplateVersionSchema).describe('Every version, newest first'),
  usable: z.boolean().describe('Enabled and with an approved version'),
  createdAt: timestamp,
  version: z.number().int(),
});
export type ContractTemplate = z.infer<typeof contractTemplateSchema>;
export const createContractTemplateBody = z.strictObject({ name: requiredText(100), clauses: contractClausesSchema });
export const createTemplateVersionBody = z.strictObject({ version: z.number().int().min(0), clauses: contractClausesSchema });
export const updateContractTemplateBody = z.strictObject({ version: z.number().int().min(0), disabled: z.boolean() });
export const contractTemplateListQuery = z.strictObject({
  usable: z.enum(['true', 'false']).optional().describe('`true`: only enabled templates with an approved version'),
  q: text(100).optional().describe('Part of the name'),
});
