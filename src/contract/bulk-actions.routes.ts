/** Bulk actions on the customer list (issue 17 item 16, ARC-11): each selected archive through the access policy, a result per row. */
import { z } from 'zod';
import { idSchema, requiredText } from './common.js';
import { customerCategories } from './customers.js';
import { def } from './route-def.js';

export const bulkCustomerActions = ['assign_owner', 'set_category', 'add_tag', 'share'] as const;
export const bulkOutcomes = ['done', 'unchanged', 'approval_requested', 'refused', 'not_found'] as const;

export const bulkCustomerActionBody = z
  .strictObject({
    customerIds: z.array(idSchema).min(1).max(200).describe('The selected archives (at most 200 per request)'),
    action: z.enum(bulkCustomerActions),
    ownerId: idSchema.optional().describe('assign_owner: the new owner'),
    reason: requiredText(500).optional().describe('assign_owner: why (recorded with each transfer)'),
    category: z.enum(customerCategories).optional().describe('set_category'),
    tag: requiredText(40).optional().describe('add_tag'),
    userId: idSchema.optional().describe('share: the colleague'),
  })
  .superRefine((b, ctx) => {
    const need = (field: 'ownerId' | 'reason' | 'category' | 'tag' | 'userId') => {
      if (b[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `is required for ${b.action}` });
    };
    if (b.action === 'assign_owner') (need('ownerId'), need('reason'));
    if (b.action === 'set_category') need('category');
    if (b.action === 'add_tag') need('tag');
    if (b.action === 'share') need('userId');
  });

export const bulkCustomerResultSchema = z.object({
  results: z.array(
    z.object({
      customerId: idSchema,
      archiveNo: z.string().nullable().describe('null when the archive is not visible to the caller (nothing about it is told)'),
      name: z.string().nullable(),
      outcome: z.enum(bulkOutcomes),
      approvalId: idSchema.nullable().describe('approval_requested: the approval filed (protected change, SEC-8)'),
      reason: z.string().nullable().describe('refused: why (English; `code` is stable)'),
      code: z.string().nullable().describe('refused: the problem code (forbidden, rule_violation, validation_failed, conflict…)'),
    }),
  ),
  summary: z.object({ done: z.number().int(), unchanged: z.number().int(), approvalRequested: z.number().int(), refused: z.number().int(), notFound: z.number().int() }),
});
export type BulkCustomerResult = z.infer<typeof bulkCustomerResultSchema>;

export const bulkActionRoutes = {
  bulkCustomerAction: def({
    method: 'POST', path: '/api/v1/customers/bulk-actions', tag: 'customers', auth: 'signedIn',
    summary: 'Apply one action to many archives: assign an owner, set the category, add a tag, share with a colleague',
    description: 'Each archive is decided on its own through the access policy and written in its own transaction, exactly as the single-archive operation would (audited the same way): `done`, `unchanged` (already so), `approval_requested` (an A-class or key customer\'s owner transfer files a protected change, SEC-8), `refused` (with the reason) or `not_found` (not visible: nothing about it is told). Owner assignment is for managers (as `POST /owner-assignments`). Always 200 with one result per distinct id, in the order given.',
    body: bulkCustomerActionBody, response: { status: 200, schema: bulkCustomerResultSchema },
  }),
} as const;
