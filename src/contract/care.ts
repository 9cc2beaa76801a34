/** Care activities (客户关怀, REL-8): campaigns over the customer list's filters, who was reached, how, and their answer. */
import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, requiredText, text, timestamp } from './common.js';
import { customerCountQuery, isoDate } from './customers.js';

export const careKinds = ['holiday', 'birthday', 'conference', 'promotion', 'other'] as const;
export type CareKind = (typeof careKinds)[number];
export const careChannels = ['phone', 'visit', 'sms', 'email', 'mail', 'gift'] as const;
export type CareChannel = (typeof careChannels)[number];
/** `pending`: not reached yet. Conference invitations answer accepted/declined; attendance is separate. */
export const careResponses = ['pending', 'no_response', 'positive', 'neutral', 'negative', 'accepted', 'declined'] as const;
export type CareResponse = (typeof careResponses)[number];
export const holidayKeys = ['new_year', 'spring_festival', 'qingming', 'labour_day', 'dragon_boat', 'mid_autumn', 'national_day'] as const;
export type HolidayKey = (typeof holidayKeys)[number];

/** The customer list's filters (ARC-11), without paging and sorting. */
export const careFilters = customerCountQuery.omit({ q: true });

export const careCampaignSchema = z.object({
  id: idSchema,
  kind: z.enum(careKinds),
  name: z.string(),
  holiday: z.enum(holidayKeys).nullable(),
  eventOn: isoDate.nullable().describe('The holiday, birthday month day, conference or promotion date'),
  remindOn: isoDate.nullable().describe('A reminder task (kind `other`) for the creator falls due that day'),
  filters: z.record(z.string(), z.string()).describe('The customer list filters the targets were selected by'),
  targets: z.number().int().describe('Targets the caller may see'),
  reached: z.number().int(),
  responded: z.number().int(),
  attended: z.number().int(),
  createdByName: z.string().nullable(),
  createdAt: timestamp,
});
export type CareCampaign = z.infer<typeof careCampaignSchema>;

export const createCareCampaignBody = z.strictObject({
  kind: z.enum(careKinds),
  name: requiredText(100),
  holiday: z.enum(holidayKeys).optional(),
  eventOn: isoDate.optional(),
  remindOn: isoDate.optional(),
  filters: careFilters.default({}),
});

export const careCampaignListQuery = z.strictObject({ kind: z.enum(careKinds).optional() });

export const careTargetSchema = z.object({
  id: idSchema,
  campaignId: idSchema,
  campaignName: z.string(),
  kind: z.enum(careKinds),
  customerId: idSchema,
  customerName: z.string(),
  archiveNo: z.string(),
  ownerName: z.string().nullable(),
  channel: z.enum(careChannels).nullable(),
  response: z.enum(careResponses),
  gift: z.string().nullable().describe('The gift given (节日小礼品), if any'),
  attended: z.boolean().nullable().describe('Conference attendance'),
  note: z.string().nullable(),
  reachedAt: timestamp.nullable(),
  reachedByName: z.string().nullable(),
  version: z.number().int(),
});
export type CareTarget = z.infer<typeof careTargetSchema>;

export const careTargetListQuery = z.strictObject({
  state: z.enum(['pending', 'reached']).optional(),
  channel: z.enum(careChannels).optional(),
  response: z.enum(careResponses).optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});

export const recordCareReachBody = z.strictObject({
  version: z.number().int().min(0),
  channel: z.enum(careChannels),
  response: z.enum(careResponses).refine((r) => r !== 'pending', 'a reached customer answered something (no_response if nothing)'),
  gift: text(200).nullable().optional(),
  attended: z.boolean().nullable().optional(),
  note: text(1000).nullable().optional(),
});

export const careStatsSchema = z.object({
  targets: z.number().int(),
  reached: z.number().int(),
  responded: z.number().int().describe('Reached and answered (anything but no_response)'),
  attended: z.number().int(),
  reachRate: z.number().describe('reached / targets, 0–1 (0 without targets)'),
  responseRate: z.number().describe('responded / reached, 0–1 (0 when nobody was reached)'),
  byChannel: z.array(z.object({ channel: z.enum(careChannels), count: z.number().int() })),
  byResponse: z.array(z.object({ response: z.enum(careResponses), count: z.number().int() })),
});

export const holidaySchema = z.object({ key: z.enum(holidayKeys), name: z.string(), date: isoDate, daysAway: z.number().int() });
export const holidayQuery = z.strictObject({ within: z.coerce.number().int().min(1).max(400).default(120) });

export const occasionQuery = z.strictObject({ within: z.coerce.number().int().min(0).max(366).default(30) });
export const occasionSchema = z.object({
  kind: z.enum(['birthday', 'anniversary']),
  label: z.string().nullable().describe('The anniversary\'s label (e.g. 结婚纪念日); null for a birthday'),
  contactId: idSchema,
  contactName: z.string(),
  customerId: idSchema,
  customerName: z.string(),
  archiveNo: z.string(),
  ownerName: z.string().nullable(),
  monthDay: z.string().describe('MM-DD: no year is given (the birth year stays sealed; read it per contact)'),
  date: isoDate.describe('The coming day it falls on'),
  daysAway: z.number().int(),
});
