/** Shares of a customer archive with colleagues (SEC-2 rule 2), and asking a colleague for one (ARC-10 撞单). */
import { z } from 'zod';
import { idParams, idSchema } from './common.js';
import { def } from './route-def.js';

export const customerShareSchema = z.object({
  userId: idSchema,
  displayName: z.string(),
  departmentName: z.string().nullable(),
  sharedAt: z.string().describe('ISO 8601 time of the share'),
  sharedBy: z.string().nullable().describe('Display name of who shared it'),
});
export type CustomerShare = z.infer<typeof customerShareSchema>;
export const createShareBody = z.strictObject({ userId: idSchema.describe('The colleague the archive is shared with') });
export const shareParams = z.strictObject({ id: idSchema, userId: idSchema });
export const shareInquiryBody = z.strictObject({
  archiveNo: z.string().trim().min(1).max(40).describe('The number a 409 of POST /customers named (a colleague\'s archive you may not see)'),
  kind: z.enum(['share', 'transfer']).describe('Ask to have it shared with you, or transferred to you'),
  note: z.string().trim().max(500).optional(),
});
export const shareInquirySchema = z.object({ sent: z.literal(true), ownerName: z.string(), recipients: z.number().int() });

export const shareRoutes = {
  listCustomerShares: def({
    method: 'GET', path: '/api/v1/customers/:id/shares', tag: 'customers', auth: 'signedIn',
    summary: 'Colleagues this archive is shared with (SEC-2)', params: idParams,
    response: { status: 200, schema: z.object({ items: z.array(customerShareSchema) }) },
  }),
  createCustomerShare: def({
    method: 'POST', path: '/api/v1/customers/:id/shares', tag: 'customers', auth: 'signedIn',
    summary: 'Share the archive with a colleague (the owner, their department manager or cs_manager)',
    description: 'A share opens an ordinary (`none`) archive to a sales colleague (basic, contacts, documents); it never opens a level the colleague may not read: a share that would open nothing answers 422. Already shared: 409. Audited.',
    params: idParams, body: createShareBody, response: { status: 201, schema: customerShareSchema },
  }),
  deleteCustomerShare: def({
    method: 'DELETE', path: '/api/v1/customers/:id/shares/:userId', tag: 'customers', auth: 'signedIn',
    summary: 'End a share (the owner, their department manager, cs_manager, or the colleague themselves)',
    params: shareParams, response: { status: 204, schema: z.null().describe('No content') },
  }),
  createShareInquiry: def({
    method: 'POST', path: '/api/v1/customers/share-inquiries', tag: 'customers', auth: 'signedIn',
    summary: 'Ask the owner (and their department manager) of a colleague\'s archive for a share or a transfer (ARC-10 撞单)',
    description: 'For an archive number named by a duplicate warning: the owner and the department manager get a task and a notification; the archive stays hidden from the caller. An archive the caller could not have been told of answers 404.',
    body: shareInquiryBody, response: { status: 201, schema: shareInquirySchema },
  }),
} as const;
