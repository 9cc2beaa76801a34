/** ARC-9 periodic review of dormant and invalid archives: the list and the reviewer's decision. */
import { z } from 'zod';
import { fieldGroups } from './access.js';
import { cursorSchema, idParams, idSchema, limitSchema, page, requiredText, text } from './common.js';
import { lifecycles } from './customers.js';
import { def } from './route-def.js';

/** Why an archive is proposed: dormant (ARC-9), address or region missing, no phone, mobile or e-mail anywhere. */
export const reviewReasons = ['dormant', 'missing_address', 'missing_region', 'unreachable'] as const;
export type ReviewReason = (typeof reviewReasons)[number];
export const reviewDecisions = ['keep', 'invalid', 'destroy'] as const;

export const archiveReviewQuery = z.strictObject({
  limit: limitSchema,
  cursor: cursorSchema.optional(),
  reason: z.enum(reviewReasons).optional().describe('Only archives proposed for this reason'),
});

export const archiveReviewItem = z.object({
  id: idSchema,
  archiveNo: z.string(),
  name: z.string(),
  lifecycle: z.enum(lifecycles),
  ownerName: z.string().nullable(),
  lastTransactionOn: z.string().nullable(),
  updatedAt: z.string(),
  reasons: z.array(z.enum(reviewReasons)),
  withheld: z.array(z.enum(fieldGroups)).describe('`["contacts"]` when the archive has no phone or e-mail of its own and the caller may not read its contacts (SEC-3, SEC-4): whether it is unreachable is then not judged, and it is listed only for its other reasons'),
});

export const archiveReviewDecisionBody = z.strictObject({
  decision: z.enum(reviewDecisions).describe('keep: off the list for 180 days; invalid: to the recycle bin (SEC-8 approval); destroy: a destruction request (SEC-9, dormant archives)'),
  note: text(1000).optional(),
  reason: requiredText(500).optional().describe('invalid, destroy: recorded with the approval (default: the review\'s reasons)'),
});
export const archiveReviewDecisionResult = z.object({
  id: idSchema,
  customerId: idSchema,
  decision: z.enum(reviewDecisions),
  approvalId: idSchema.nullable().describe('invalid, destroy: the approval that decides it'),
});

export const archiveReviewRoutes = {
  listArchiveReview: def({
    method: 'GET', path: '/api/v1/archive-review', tag: 'archive-security', auth: 'recycle.manage',
    summary: 'Dormant and invalid archives proposed for review (ARC-9)',
    description: 'Archives the caller may read (SEC-2) that are dormant, lack an address or region, or have no phone, mobile or e-mail on the archive or any contact, and that nobody reviewed in the last 180 days; newest first. Nothing is deleted by the system. `unreachable` is judged only where the caller reads the archive\'s contacts group (SEC-3, SEC-4; `withheld` says where it is not), so neither the list nor its reasons tell anything about contacts the caller may not see.',
    query: archiveReviewQuery, response: { status: 200, schema: page(archiveReviewItem) },
  }),
  decideArchiveReview: def({
    method: 'POST', path: '/api/v1/archive-review/:id', tag: 'archive-security', auth: 'recycle.manage',
    summary: 'Decide on an archive of the review list: keep, mark invalid or ask for its destruction (ARC-9)',
    description: '`:id` is the customer. Answers 201 with the recorded decision; `invalid` and `destroy` go through the existing protected-change and destruction approvals, filed in the same transaction as the decision (all or nothing). The reasons are those the caller may know (as the list). 404 when the caller may not read the archive.',
    params: idParams, body: archiveReviewDecisionBody, response: { status: 201, schema: archiveReviewDecisionResult },
  }),
} as const;
