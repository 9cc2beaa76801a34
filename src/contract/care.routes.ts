/** Routes of care activities (客户关怀, REL-8). */
import { z } from 'zod';
import { idParams, page } from './common.js';
import { def } from './route-def.js';
import {
  careCampaignListQuery,
  careCampaignSchema,
  careStatsSchema,
  careTargetListQuery,
  careTargetSchema,
  createCareCampaignBody,
  holidayQuery,
  holidaySchema,
  occasionQuery,
  occasionSchema,
  recordCareReachBody,
} from './care.js';

const who = 'Customer service, marketing, sales reps and the general manager (403 for others); only customers the caller may see are selected, counted or listed.';

export const careRoutes = {
  listCareHolidays: def({
    method: 'GET', path: '/api/v1/care/holidays', tag: 'care', auth: 'signedIn',
    summary: 'Statutory holidays ahead (春节, 中秋 …, from the chinese-days calendar), to greet customers on',
    query: holidayQuery, response: { status: 200, schema: z.object({ items: z.array(holidaySchema) }) },
  }),
  listCareOccasions: def({
    method: 'GET', path: '/api/v1/care/occasions', tag: 'care', auth: 'signedIn',
    summary: 'Contacts\' birthdays and anniversaries in the next days (生日、纪念日), soonest first',
    description: 'Birthdays come from a month-day index (no year, no decryption); only contacts whose personal group the caller may read (anniversaries: the contacts group) of customers the caller may see. At most 500.',
    query: occasionQuery, response: { status: 200, schema: z.object({ items: z.array(occasionSchema) }) },
  }),
  listCareCampaigns: def({
    method: 'GET', path: '/api/v1/care-campaigns', tag: 'care', auth: 'signedIn',
    summary: 'Care campaigns, newest first, with reach counts over the customers the caller may see', description: who,
    query: careCampaignListQuery, response: { status: 200, schema: z.object({ items: z.array(careCampaignSchema) }) },
  }),
  createCareCampaign: def({
    method: 'POST', path: '/api/v1/care-campaigns', tag: 'care', auth: 'signedIn',
    summary: 'Start a campaign: its targets are the customers the list filters select, as the caller sees them',
    description: `${who} More than 5,000 selected customers is 422 naming \`filters\`. \`remindOn\` makes a reminder task for the creator.`,
    body: createCareCampaignBody, response: { status: 201, schema: careCampaignSchema },
  }),
  getCareCampaign: def({
    method: 'GET', path: '/api/v1/care-campaigns/:id', tag: 'care', auth: 'signedIn',
    summary: 'One campaign', params: idParams, response: { status: 200, schema: careCampaignSchema },
  }),
  careCampaignStats: def({
    method: 'GET', path: '/api/v1/care-campaigns/:id/stats', tag: 'care', auth: 'signedIn',
    summary: 'Reach and response rates, by channel and by response', params: idParams, response: { status: 200, schema: careStatsSchema },
  }),
  listCareTargets: def({
    method: 'GET', path: '/api/v1/care-campaigns/:id/targets', tag: 'care', auth: 'signedIn',
    summary: 'The campaign\'s customers the caller may see: reached or not, how, their answer, gift, attendance',
    params: idParams, query: careTargetListQuery, response: { status: 200, schema: page(careTargetSchema) },
  }),
  recordCareReach: def({
    method: 'PATCH', path: '/api/v1/care-targets/:id', tag: 'care', auth: 'signedIn',
    summary: 'Record that a customer was reached: channel, response, gift, attendance', description: 'A stale `version` answers 409.',
    params: idParams, body: recordCareReachBody, response: { status: 200, schema: careTargetSchema },
  }),
  customerCare: def({
    method: 'GET', path: '/api/v1/customers/:id/care', tag: 'care', auth: 'signedIn',
    summary: 'The customer\'s care records: greetings, gifts (礼品记录), invitations and attendance', params: idParams,
    response: { status: 200, schema: z.object({ items: z.array(careTargetSchema) }) },
  }),
} as const;

export type CareRouteName = keyof typeof careRoutes;
