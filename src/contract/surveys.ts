/** Satisfaction surveys (REL-9, seed 001 六、客户满意度调查): templates, surveys, responses, results, periodic schedule. */
import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, requiredText, text, timestamp } from './common.js';
import { abcClasses, isoDate } from './customers.js';

export const questionKinds = ['rating', 'choice', 'text'] as const;
export type QuestionKind = (typeof questionKinds)[number];
export const surveyChannels = ['link', 'phone'] as const;
export const surveyStates = ['sent', 'answered', 'expired', 'cancelled'] as const;
export type SurveyState = (typeof surveyStates)[number];
/** How often a class is surveyed by the periodic job; `off` stops it for that class. */
export const surveyFrequencies = ['quarter', 'half', 'year', 'off'] as const;
export type SurveyFrequency = (typeof surveyFrequencies)[number];

const questionId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lower-case question key such as service or q_2');

export const surveyQuestionSchema = z.object({
  id: z.string(),
  kind: z.enum(questionKinds),
  text: z.string(),
  options: z.array(z.string()).optional().describe('Choice questions only: the options offered'),
});
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;

export const surveyTemplateSchema = z.object({
  id: idSchema,
  name: z.string(),
  isDefault: z.boolean(),
  questions: z.array(surveyQuestionSchema).describe('The questions of the current version'),
  disabled: z.boolean(),
  versionNumber: z.number().int().describe('The current version; an edit of a template already sent makes a new one'),
  version: z.number().int().describe('For optimistic concurrency on edits'),
});
export type SurveyTemplate = z.infer<typeof surveyTemplateSchema>;

const questionInput = z.strictObject({
  id: questionId.optional().describe('Kept from the previous version to keep results comparable; generated when absent'),
  kind: z.enum(questionKinds),
  text: requiredText(200),
  options: z.array(requiredText(100)).min(2).max(10).optional().describe('Required for choice questions, not allowed otherwise'),
});
export const createSurveyTemplateBody = z.strictObject({
  name: requiredText(100),
  questions: z.array(questionInput).min(1).max(30),
  isDefault: z.boolean().optional(),
});
export const updateSurveyTemplateBody = z.strictObject({
  version: z.number().int().min(0),
  name: requiredText(100).optional(),
  questions: z.array(questionInput).min(1).max(30).optional(),
  isDefault: z.literal(true).optional().describe('Make this the default template (the previous default stops being one)'),
  disabled: z.boolean().optional().describe('A disabled template can no longer be sent'),
});
export type QuestionInput = z.infer<typeof questionInput>;

export const createSurveyBody = z.strictObject({
  customerId: idSchema,
  templateId: idSchema,
  channel: z.enum(surveyChannels),
  expiresInDays: z.number().int().min(1).max(60).default(14).describe('Link surveys: how long the link works (default 14 days)'),
});
export const createdSurveySchema = z.object({
  id: idSchema,
  state: z.literal('sent'),
  link: z.string().optional().describe('Link surveys only, shown once: the public page /s/{token}; only the token’s SHA-256 is stored'),
  expiresAt: timestamp.optional(),
});

export const answerBody = z.strictObject({
  questionId: z.string().max(40),
  rating: z.number().int().min(1).max(5).optional().describe('Rating questions: 1 (very dissatisfied) … 5 (very satisfied)'),
  choice: text(100).optional().describe('Choice questions: one of the options'),
  text: text(2000).optional().describe('Text questions'),
});
export type AnswerInput = z.infer<typeof answerBody>;
export const responseBody = z.strictObject({ answers: z.array(answerBody).min(1).max(30) });
export const responseResultSchema = z.object({
  id: idSchema,
  surveyId: idSchema,
  avgRating: z.number().nullable().describe('Mean of the rating answers, 2 decimals'),
  followUpTaskId: idSchema.nullable().describe('The owner’s follow-up task, when the average is 2 or lower'),
});

export const publicSurveyParams = z.strictObject({ token: z.string().regex(/^kds_[A-Za-z0-9_-]{43}$/, 'must be a survey link token') });
export const publicSurveySchema = z.object({
  companyName: z.string().describe('Who asks (the archive settings’ company name)'),
  customerName: z.string().describe('To whom: the customer’s short name (or name when it has none)'),
  templateName: z.string(),
  questions: z.array(surveyQuestionSchema),
  expiresAt: timestamp,
});

export const surveyListItemSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  customerName: z.string(),
  archiveNo: z.string(),
  abcClass: z.enum(abcClasses).nullable(),
  templateId: idSchema,
  templateName: z.string(),
  templateVersion: z.number().int(),
  channel: z.enum(surveyChannels),
  state: z.enum(surveyStates),
  period: z.string().nullable().describe('Periodic surveys: 2026-Q4, 2026-H2 or 2026'),
  ownerId: idSchema.nullable(),
  ownerName: z.string().nullable(),
  sentAt: timestamp,
  sentByName: z.string().nullable().describe('null: sent by the periodic schedule'),
  linkExpiresAt: timestamp.nullable(),
  respondedAt: timestamp.nullable(),
  avgRating: z.number().nullable(),
});
export const surveyDetailSchema = surveyListItemSchema.extend({
  questions: z.array(surveyQuestionSchema).describe('The questions of the version this survey was sent with'),
  answers: z.array(z.object({ questionId: z.string(), rating: z.number().int().optional(), choice: z.string().optional(), text: z.string().optional() })).nullable(),
  recordedByName: z.string().nullable().describe('Who recorded a phone answer; null when the customer answered by link'),
});

const surveyFilters = {
  state: z.enum(surveyStates).optional(),
  channel: z.enum(surveyChannels).optional(),
  customerId: idSchema.optional(),
  ownerId: idSchema.optional(),
  abcClass: z.enum(abcClasses).optional(),
  periodic: z.enum(['true', 'false']).optional().describe('`true`: only those sent by the periodic schedule'),
  low: z.enum(['true', 'false']).optional().describe('`true`: only answered ones with an average of 2 or lower'),
  from: isoDate.optional().describe('Sent on or after (China date)'),
  to: isoDate.optional().describe('Sent on or before (China date)'),
};
export const surveyListQuery = z.strictObject({ ...surveyFilters, limit: limitSchema, cursor: cursorSchema.optional() });
export const surveyExportQuery = z.strictObject({ ...surveyFilters, format: z.enum(['csv', 'xlsx']).default('xlsx') });

export const surveyResultsQuery = z.strictObject({
  from: isoDate.optional().describe('Answered on or after (China date); default: 12 months ago'),
  to: isoDate.optional().describe('Answered on or before (China date, inclusive); default: today'),
  ownerId: idSchema.optional().describe('The owner at the time of the answer'),
  abcClass: z.enum(abcClasses).optional(),
  templateId: idSchema.optional(),
});
export const surveyResultsSchema = z.object({
  count: z.number().int().describe('Responses in the range that the caller may see'),
  avgRating: z.number().nullable().describe('Mean of the responses’ average ratings'),
  byQuestion: z.array(z.object({
    questionId: z.string(),
    text: z.string().describe('The question’s latest wording'),
    kind: z.enum(questionKinds),
    count: z.number().int(),
    avg: z.number().nullable(),
    distribution: z.array(z.number().int()).describe('Rating questions: counts of the ratings 1, 2, 3, 4, 5 (index 0 is rating 1); choice questions: counts per option in the order offered; text questions: empty'),
    options: z.array(z.string()).optional(),
  })),
  byOwner: z.array(z.object({ ownerId: idSchema.nullable(), ownerName: z.string().nullable(), count: z.number().int(), avgRating: z.number().nullable() })),
  byMonth: z.array(z.object({ month: z.string().describe('YYYY-MM (China time)'), count: z.number().int(), avgRating: z.number().nullable() })).describe('The trend, one row per month with responses'),
  byCustomer: z.array(z.object({ customerId: idSchema, customerName: z.string(), count: z.number().int(), avgRating: z.number().nullable(), lastRespondedAt: timestamp })).describe('The 50 customers with the lowest average first'),
});

export const surveyScheduleSchema = z.object({
  items: z.array(z.object({ abcClass: z.enum(abcClasses), frequency: z.enum(surveyFrequencies), templateId: idSchema.nullable().describe('null: the default template') })),
});
export const updateSurveyScheduleBody = z.strictObject({
  items: z.array(z.strictObject({ abcClass: z.enum(abcClasses), frequency: z.enum(surveyFrequencies), templateId: idSchema.nullable().optional() })).min(1).max(3),
});
