/** The customer archive (ARC-1…ARC-5, ARC-7, ARC-10): shared zod schemas. */
import { z } from 'zod';
import { isValidCreditCode } from './credit-code.js';
import { isIndustryDivision, isIndustryFilterCode } from './industries.js';
import { cursorSchema, idSchema, limitSchema, requiredText, sortSchema, text, timestamp } from './common.js';

export const customerTypes = ['distributor', 'direct', 'manufacturer', 'dealer'] as const;
export const customerSources = ['web', 'advert', 'transaction', 'association', 'sales_visit', 'customer_form', 'agency', 'referral', 'other'] as const;
export const secrecyLevels = ['none', 'secret', 'confidential', 'top_secret'] as const;
export const companyNatures = ['listed', 'private_ltd', 'sino_foreign_jv', 'wholly_foreign', 'state_owned', 'other'] as const;
export const industryPositions = ['leader', 'influential', 'medium', 'small', 'other'] as const;
export const customerCategories = ['initial', 'potential', 'following', 'partner', 'abandoned', 'vip'] as const;
export const customerStatuses = ['contacted', 'quoted', 'proposal', 'contracted', 'closed_won'] as const;
export const customerStages = ['presales', 'contract', 'aftersales', 'expired'] as const;
export const importanceLevels = ['normal', 'important', 'very_important'] as const;
export const lifecycles = ['active', 'dormant', 'deleted', 'destroyed'] as const;
export const creditGrades = ['AAA', 'AA', 'A', 'B', 'C', 'D'] as const;
export const tiers = ['big', 'key', 'normal', 'potential'] as const;
export const abcClasses = ['A', 'B', 'C'] as const;

export const isoDate = z.iso.date().describe('YYYY-MM-DD, a real calendar date');
/** Money as a decimal string, never a binary float. */
export const money = z.string().regex(/^\d{1,18}(\.\d{1,2})?$/, 'must be a non-negative decimal string with at most 2 decimals, e.g. "40641000000.00"');
export const positiveMoney = money.refine((s) => Number(s) > 0, 'must be greater than 0');
const decimal4 = z.string().regex(/^\d{1,16}(\.\d{1,4})?$/, 'must be a non-negative decimal string with at most 4 decimals');
const phone = text(40).refine((s) => /^[0-9+()\- ]*$/.test(s), 'may contain digits, spaces, + ( ) - only');
const email = z.email().max(200);
const count = z.number().int().min(0).max(100_000_000);
/** A GB/T 4754—2017 大类 code (ARC-1); an unknown one is a 400 with the field error code `unknown_industry`. */
export const industryCodeSchema = z.string().refine(isIndustryDivision, { message: 'must be a GB/T 4754-2017 division code (大类, 01–97), e.g. "39"', params: { fieldErrorCode: 'unknown_industry' } })
  .describe('所属行业: a GB/T 4754—2017 大类 code, "01"–"97" (e.g. "39" 计算机、通信和其他电子设备制造业); its 门类 follows from the code');
/** A 门类 letter (A–T) or a 大类 code, as a list filter or an assignment rule names an industry. */
export const industryFilterSchema = z.string().refine(isIndustryFilterCode, { message: 'must be a GB/T 4754-2017 section letter (A–T) or division code (01–97)', params: { fieldErrorCode: 'unknown_industry' } })
  .describe('GB/T 4754—2017: a 门类 letter (A–T, every 大类 in it) or a 大类 code (01–97)');
const creditCode = z.string().refine(isValidCreditCode, 'must be an 18-character unified social credit code with a valid check character (GB 32100)');

const customerFields = {
  name: requiredText(200),
  shortName: text(60).nullable().optional(),
  customerType: z.enum(customerTypes),
  filedOn: isoDate.optional(),
  source: z.enum(customerSources).nullable().optional(),
  referredBy: idSchema.nullable().optional(),
  ownerId: idSchema.optional().describe('Default: the creating user'),
  secrecyLevel: z.enum(secrecyLevels).optional(),
  address: text(300).nullable().optional(),
  postalCode: z.string().regex(/^\d{6}$/, 'must be 6 digits').nullable().optional(),
  region: z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 code').nullable().optional(),
  phone: phone.nullable().optional(),
  fax: phone.nullable().optional(),
  email: email.nullable().optional(),
  website: text(300).nullable().optional(),
  qq: z.string().regex(/^\d{5,12}$/, 'must be 5–12 digits').nullable().optional(),
  wechat: text(60).nullable().optional(),
  creditCode: creditCode.nullable().optional(),
  foundedOn: isoDate.nullable().optional(),
  registeredCapital: money.nullable().optional(),
  shareholders: z.array(requiredText(200)).max(50).optional(),
  bankName: text(200).nullable().optional(),
  bankAccount: z.string().regex(/^[0-9 -]{6,40}$/, 'must be 6–40 digits').nullable().optional(),
  employeeCount: count.nullable().optional(),
  domesticStaff: count.nullable().optional(),
  foreignStaff: count.nullable().optional(),
  companyNature: z.enum(companyNatures).nullable().optional(),
  industry: text(200).nullable().optional().describe('所属行业 as free text (kept beside industryCode, e.g. what an older archive or a person wrote)'),
  industryCode: industryCodeSchema.nullable().optional(),
  industryPosition: z.enum(industryPositions).nullable().optional(),
  mainBusiness: text(2000).nullable().optional(),
  additionalBusiness: text(2000).nullable().optional(),
  mainProducts: text(2000).nullable().optional(),
  purchasedVarieties: text(2000).nullable().optional(),
  downstreamMarket: text(2000).nullable().optional(),
  salesLast3Years: z.record(z.string().regex(/^(19|20)\d\d$/, 'must be a year'), money).optional(),
  cooperationSince: isoDate.nullable().optional(),
  orgStructure: text(4000).nullable().optional(),
  relatedCompanies: z.array(requiredText(200)).max(100).optional(),
  culture: text(4000).nullable().optional(),
  developments: text(4000).nullable().optional(),
  advantages: text(4000).nullable().optional(),
  disadvantages: text(4000).nullable().optional(),
  countermeasures: text(4000).nullable().optional(),
  potentialNeeds: text(4000).nullable().optional(),
  remarks: text(4000).nullable().optional(),
  category: z.enum(customerCategories).nullable().optional(),
  status: z.enum(customerStatuses).nullable().optional(),
  stage: z.enum(customerStages).nullable().optional(),
  importance: z.enum(importanceLevels).nullable().optional(),
  tags: z.array(requiredText(40)).max(50).optional(),
  custom: z.record(z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/), z.union([z.string().max(2000), z.number(), z.array(z.string().max(200)).max(50), z.null()])).optional(),
};

export const createCustomerBody = z.strictObject({
  ...customerFields,
  confirmDuplicate: z.boolean().optional().describe('Create even though possible duplicates exist (after a 409)'),
});
export type CreateCustomerInput = z.infer<typeof createCustomerBody>;

const { name, customerType, ...optionalFields } = customerFields;
export const updateCustomerBody = z.strictObject({
  version: z.number().int().min(0),
  name: name.optional(),
  customerType: customerType.optional(),
  ...optionalFields,
});
export type UpdateCustomerInput = z.infer<typeof updateCustomerBody>;

export const customerSchema = z.object({
  id: idSchema,
  archiveNo: z.string(),
  name: z.string(),
  customerType: z.enum(customerTypes),
  abcClass: z.enum(abcClasses).nullable(),
  creditGrade: z.enum(creditGrades).nullable(),
  tier: z.enum(tiers).nullable(),
  secrecyLevel: z.enum(secrecyLevels),
  lifecycle: z.enum(lifecycles),
  ownerId: idSchema.nullable().describe("null: in the open pool (公海, REL-1)"),
  ownerName: z.string().nullable(),
  departmentId: idSchema,
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
  revisionCount: z.number().int().describe('修改处数: the number of recorded changes'),
  withheld: z.array(z.string()).describe('Field groups not shown to this user (SEC-4)'),
  viewOnly: z.boolean().optional().describe('No export, print or document download at this secrecy level (SEC-5); on the detail only'),
  watermark: z.boolean().optional().describe('Show the viewer\'s name and the time over the archive (SEC-5); on the detail only'),
  accessVia: z.enum(['owner', 'role', 'department_manager', 'shared', 'grant']).optional().describe('Why the caller may read it (SEC-2, SEC-6); on the detail only'),
}).extend(
  Object.fromEntries(
    Object.entries(customerFields)
      .filter(([k]) => !['name', 'customerType', 'secrecyLevel', 'ownerId'].includes(k))
      .map(([k, v]) => [k, (v as z.ZodType).optional()]),
  ) as { [K in Exclude<keyof typeof customerFields, 'name' | 'customerType' | 'secrecyLevel' | 'ownerId'>]: z.ZodOptional<(typeof customerFields)[K]> },
).extend({
  filedOn: isoDate,
  // masked (`6222 **** **** 1234`) unless the financial group is granted (SEC-4)
  bankAccount: z.string().nullable().optional(),
});
export type Customer = z.infer<typeof customerSchema>;

export const visibleDuplicateSchema = z.object({
  id: idSchema,
  archiveNo: z.string(),
  name: z.string(),
  matchedOn: z.array(z.enum(['name', 'creditCode', 'phone', 'email'])),
  visible: z.literal(true).optional(),
});
/** A colleague's `none`-level archive the caller may not see: its number and owner only (ARC-10 撞单). */
export const hiddenDuplicateSchema = z.object({ archiveNo: z.string(), ownerName: z.string(), visible: z.literal(false) });
export const duplicateSchema = z.union([visibleDuplicateSchema, hiddenDuplicateSchema]);

/**
 * Sortable columns of the customer list (ARC-11): every list column that is a `basic` field (which
 * every reader of a row may see, SEC-4), each in its business order with empty values last.
 */
export const customerSortFields = [
  'archiveNo', 'name', 'createdAt', 'updatedAt', 'filedOn', 'customerType', 'category', 'status', 'stage', 'importance',
  'creditGrade', 'tier', 'abcClass', 'region', 'phone', 'industryCode',
] as const;
export const customerListQuery = z.strictObject({
  q: z.string().max(100).optional().describe('Name (1+ characters), pinyin, initials, archive number, credit code, phone digits, email, contact name'),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
  sort: sortSchema(customerSortFields).optional(),
  customerType: z.enum(customerTypes).optional(),
  source: z.enum(customerSources).optional(),
  secrecyLevel: z.enum(secrecyLevels).optional(),
  lifecycle: z.enum(lifecycles).optional(),
  companyNature: z.enum(companyNatures).optional(),
  industryPosition: z.enum(industryPositions).optional(),
  category: z.enum(customerCategories).optional(),
  status: z.enum(customerStatuses).optional(),
  stage: z.enum(customerStages).optional(),
  importance: z.enum(importanceLevels).optional(),
  creditGrade: z.enum(creditGrades).optional(),
  tier: z.enum(tiers).optional(),
  abcClass: z.enum(abcClasses).optional(),
  ownerId: idSchema.optional(),
  departmentId: idSchema.optional(),
  region: z.string().regex(/^\d{2,6}$/, 'must be a GB/T 2260 code prefix').optional(),
  industry: z.string().max(200).optional().describe('Contained in the free-text industry'),
  industryCode: industryFilterSchema.optional(),
  tag: z.string().max(40).optional(),
  filedFrom: isoDate.optional(),
  filedTo: isoDate.optional(),
  createdFrom: isoDate.optional().describe('Created on or after this day (Asia/Shanghai), ARC-11'),
  createdTo: isoDate.optional().describe('Created on or before this day'),
  updatedFrom: isoDate.optional().describe('Last changed on or after this day'),
  updatedTo: isoDate.optional().describe('Last changed on or before this day'),
  lastContactFrom: isoDate.optional().describe('Last call or visit on or after this day (REL-2)'),
  lastContactTo: isoDate.optional().describe('Last call or visit on or before this day; archives never contacted do not match'),
  customField: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/, 'must be a custom field key').optional().describe('With customValue: archives whose custom field equals (or, for multiple choice, contains) the value'),
  customValue: z.string().max(200).optional(),
});
export type CustomerListQuery = z.infer<typeof customerListQuery>;
export const customerCountQuery = customerListQuery.omit({ limit: true, cursor: true, sort: true });
export const customerCountSchema = z.object({ count: z.number().int(), capped: z.boolean().describe('true: there are more than `count` (shown as "10000+")') });

export const contactRoles = ['legal_person', 'principal', 'primary', 'first', 'second', 'key_person', 'other'] as const;
const contactFields = {
  role: z.enum(contactRoles),
  name: requiredText(60),
  position: text(100).nullable().optional(),
  department: text(100).nullable().optional(),
  education: text(500).nullable().optional(),
  birthDate: isoDate.nullable().optional(),
  hobbies: text(500).nullable().optional(),
  family: text(1000).nullable().optional(),
  mobile: z.string().regex(/^1\d{10}$/, 'must be an 11-digit mainland mobile number').nullable().optional(),
  directPhone: phone.nullable().optional(),
  email: email.nullable().optional(),
  qq: z.string().regex(/^\d{5,12}$/, 'must be 5–12 digits').nullable().optional(),
  wechat: text(60).nullable().optional(),
  anniversaries: z.array(z.strictObject({ label: requiredText(60), date: isoDate })).max(20).optional(),
  notes: text(2000).nullable().optional(),
};
export const createContactBody = z.strictObject(contactFields);
const { role, name: contactName, ...optionalContactFields } = contactFields;
export const updateContactBody = z.strictObject({ version: z.number().int().min(0), role: role.optional(), name: contactName.optional(), ...optionalContactFields });
export const contactSchema = z
  .object({ id: idSchema, customerId: idSchema, version: z.number().int(), createdAt: timestamp, updatedAt: timestamp })
  .extend(
    Object.fromEntries(Object.entries(contactFields).map(([k, v]) => [k, (v as z.ZodType).optional()])) as {
      [K in keyof typeof contactFields]: z.ZodOptional<(typeof contactFields)[K]>;
    },
  )
  .extend({
    role: z.enum(contactRoles),
    name: z.string(),
    // masked (`138****5678`) unless the personal group is granted (SEC-4)
    mobile: z.string().nullable().optional(),
    withheld: z.array(z.string()).optional().describe('Field groups left out of this contact (SEC-4), e.g. `personal`'),
  });
export type Contact = z.infer<typeof contactSchema>;
export const customerPathParams = z.strictObject({ id: idSchema });
export const contactPathParams = z.strictObject({ id: idSchema, contactId: idSchema });

export const transactionLineSchema = z.strictObject({
  product: requiredText(200),
  spec: text(200).nullable().optional(),
  quantity: decimal4,
  unit: text(20).nullable().optional(),
  price: decimal4,
  category: text(60).nullable().optional().describe('Product category (商品构成, ANA-1)'),
});
export const createTransactionBody = z.strictObject({
  txNo: requiredText(40),
  date: isoDate,
  place: text(200).nullable().optional(),
  amount: positiveMoney,
  products: z.array(transactionLineSchema).max(200).optional(),
  handledBy: idSchema.nullable().optional(),
  breach: z.boolean().optional(),
  breachNote: text(2000).nullable().optional(),
  remarks: text(2000).nullable().optional(),
});
export const transactionSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  txNo: z.string(),
  date: isoDate,
  place: z.string().nullable(),
  amount: z.string(),
  products: z.array(z.object({ product: z.string(), spec: z.string().nullable(), quantity: z.string(), unit: z.string().nullable(), price: z.string() })),
  handledBy: idSchema.nullable(),
  breach: z.boolean(),
  breachNote: z.string().nullable(),
  remarks: z.string().nullable(),
  createdAt: timestamp,
});

export const feedbackCategories = ['product', 'service', 'delivery', 'price', 'other'] as const;
export const feedbackChannels = ['phone', 'visit', 'email', 'wechat', 'letter', 'web', 'other'] as const;
export const sentiments = ['positive', 'neutral', 'negative'] as const;
export const createFeedbackBody = z.strictObject({
  channel: z.enum(feedbackChannels),
  date: isoDate,
  content: requiredText(4000),
  category: z.enum(feedbackCategories),
  sentiment: z.enum(sentiments),
  handledBy: idSchema.nullable().optional(),
  followUp: text(4000).nullable().optional(),
});
export const feedbackSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  channel: z.enum(feedbackChannels),
  date: isoDate,
  content: z.string(),
  category: z.enum(feedbackCategories),
  sentiment: z.enum(sentiments),
  handledBy: idSchema.nullable(),
  followUp: z.string().nullable(),
  createdAt: timestamp,
});

export const historyEntrySchema = z.object({
  id: idSchema,
  version: z.number().int(),
  entity: z.enum(['customer', 'contact', 'document']),
  entityId: z.string(),
  changes: z.array(z.object({ field: z.string(), oldValue: z.unknown(), newValue: z.unknown() })),
  actorId: idSchema.nullable(),
  actorName: z.string().nullable(),
  at: timestamp,
});
export const historyQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema.optional() });
export const versionParams = z.strictObject({ id: idSchema, version: z.coerce.number().int().min(0).max(1_000_000) });

export const timelineItemSchema = z.object({
  at: timestamp,
  kind: z.enum(['created', 'updated', 'contact', 'transaction', 'feedback', 'document', 'communication', 'complaint', 'revisit', 'service_request']),
  title: z.string(),
  refId: z.string(),
  actorName: z.string().nullable(),
  photo: z.object({ documentId: z.string(), contentType: z.string() }).nullable().optional().describe('REL-3 a communication’s photo (a document of the archive), when the reader may open it'),
});
export const timelineQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema.optional() });

export const mergeCustomerBody = z.strictObject({
  intoId: idSchema.describe('The surviving archive'),
  version: z.number().int().min(0).describe('Version of the archive being merged away'),
});
