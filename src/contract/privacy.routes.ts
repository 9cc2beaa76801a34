/** Routes of data-subject requests (SEC-12): find a contact, ask for an export or an erasure, download the approved export. */
import { z } from 'zod';
import { idParams, idSchema, requiredText } from './common.js';
import { def } from './route-def.js';

export const personalDataContactQuery = z
  .strictObject({
    name: z.string().trim().min(1).max(60).optional(),
    mobile: z.string().regex(/^1\d{10}$/, 'must be an 11-digit mainland mobile number').optional(),
  })
  .refine((q) => q.name !== undefined || q.mobile !== undefined, { path: ['name'], message: 'give a name or a mobile number' });

export const personalDataRequestBody = z.strictObject({
  contactId: idSchema,
  kind: z.enum(['export', 'erasure']).describe('`export`: everything held about the contact; `erasure`: remove the personal fields, keep the business records'),
  reason: requiredText(500).describe('The data subject\'s request (e.g. 信函编号, 日期)'),
});

export const privacyRoutes = {
  findPersonalDataContacts: def({
    method: 'GET', path: '/api/v1/personal-data/contacts', tag: 'privacy', auth: 'personal.manage',
    summary: 'Find the contact a data-subject request is about, by name (prefix) or exact mobile number',
    query: personalDataContactQuery,
    response: { status: 200, schema: z.object({ items: z.array(z.object({ contactId: z.string(), name: z.string(), position: z.string().nullable(), customerId: z.string(), archiveNo: z.string(), customerName: z.string() })) }) },
  }),
  requestPersonalData: def({
    method: 'POST', path: '/api/v1/personal-data/requests', tag: 'privacy', auth: 'personal.manage',
    summary: 'Ask for a data-subject export or erasure of one contact; the gm approves (SEC-12)',
    description: 'An erasure takes effect when approved: birth date, family, hobbies and mobile are removed from the contact and its history; the contact, the archive and its business records stay.',
    body: personalDataRequestBody,
    response: { status: 201, schema: z.object({ approvalId: z.string(), state: z.literal('pending'), approverRole: z.string(), kind: z.enum(['export', 'erasure']), contactId: z.string() }) },
  }),
  downloadPersonalData: def({
    method: 'GET', path: '/api/v1/personal-data/requests/:id/export', tag: 'privacy', auth: 'personal.manage',
    summary: 'Download an approved export (JSON; the requester only, 7 days after approval; audited)', params: idParams, response: { status: 200, schema: 'file' },
  }),
} as const;
