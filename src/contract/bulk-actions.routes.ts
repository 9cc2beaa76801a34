/** Bulk actions on the customer list (issue 17 item 16, ARC-11): each selected archive through the access policy, a result per row. */
import { z } from 'zod';
import { idSchema, requiredText } from './common.js';
import { customerCategories, customerCountQuery } from './customers.js';
import { def } from './route-def.js';

export const bulkCustomerActions = ['assign_owner', 'set_category', 'add_tag', 'share'] as const;
export const bulkOutcomes = ['done', 'unchanged', 'approval_requested', 'refused', 'not_found'] as const;

/**
 * "All matching the filter": at most this many archives per run. Each archive goes through its own
 * single-archive operation and transaction (10–25 ms each on the reference machine), so a full run
 * takes one to two minutes; a larger change is an import's or an administrator's script's job.
 */
export const BULK_FILTER_CAP = 5000;

/** The customer list's filters and search box (GET /customers without paging and sort). */
export const bulkFilterSchema = customerCountQuery.describe('The customer list\'s filters and search (`q`), as in GET /customers');

export const bulkCustomerActionBody = z
  .strictObject({
    customerIds: z.array(idSchema).min(1).max(200).optional().describe('The selected archives (at most 200 per request); or `filter`'),
    filter: bulkFilterSchema.optional().describe(`Instead of ids: every archive the list shows for these filters, resolved by the server through the list's access policy (at most ${BULK_FILTER_CAP})`),
    preview: z.boolean().optional().describe('With `filter`: only count the matching archives (`matched`), change nothing'),
    expectedCount: z.number().int().min(1).max(BULK_FILTER_CAP).optional().describe('With `filter` (required unless `preview`): the count the preview showed; a different count now is a 409, so nothing runs on a set the user did not see'),
    action: z.enum(bulkCustomerActions),
    ownerId: idSchema.optional().describe('assign_owner: the new owner'),
    reason: requiredText(500).optional().describe('assign_owner: why (recorded with each transfer)'),
    category: z.enum(customerCategories).optional().describe('set_category'),
    tag: requiredText(40).optional().describe('add_tag'),
    userId: idSchema.optional().describe('share: the colleague'),
  })
  .superRefine((b, ctx) => {
    if ((b.customerIds === undefined) === (b.filter === undefined)) ctx.addIssue({ code: 'custom', path: ['customerIds'], message: 'give either customerIds or filter' });
    if (b.filter !== undefined && !b.preview && b.expectedCount === undefined) ctx.addIssue({ code: 'custom', path: ['expectedCount'], message: 'is required with filter (the previewed count)' });
    if (b.preview) return;
    const need = (field: 'ownerId' | 'reason' | 'category' | 'tag' | 'userId') => {
      if (b[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `is required for ${b.action}` });
    };
    if (b.action === 'assign_owner') (need('ownerId'), need('reason'));
    if (b.action === 'set_category') need('category');
    if (b.action === 'add_tag') need('tag');
    if (b.action === 'share') need('userId');
  });

const bulkSummarySchema = z.object({ done: z.number().int(), unchanged: z.number().int(), approvalRequested: z.number().int(), refused: z.number().int(), notFound: z.number().int() });
const bulkRunRef = z.object({
  id: idSchema,
  status: z.enum(['running', 'finished', 'interrupted']).describe('interrupted: the server stopped during the run; archives already processed stay changed'),
  total: z.number().int(),
  processed: z.number().int(),
});
const bulkResultSchema = z.object({
      customerId: idSchema,
      archiveNo: z.string().nullable().describe('null when the archive is not visible to the caller (nothing about it is told)'),
      name: z.string().nullable(),
      outcome: z.enum(bulkOutcomes),
      approvalId: idSchema.nullable().describe('approval_requested: the approval filed (protected change, SEC-8)'),
      reason: z.string().nullable().describe('refused: why (English; `code` is stable)'),
      code: z.string().nullable().describe('refused: the problem code (forbidden, rule_violation, validation_failed, conflict…)'),
});
export const bulkCustomerResultSchema = z.object({
  results: z.array(bulkResultSchema),
  summary: bulkSummarySchema,
  matched: z.object({ count: z.number().int(), cap: z.number().int(), overCap: z.boolean() }).optional().describe('filter + preview: how many archives the filter matches for the caller (counted to cap + 1)'),
  run: bulkRunRef.optional().describe('filter: the run started; poll GET /customers/bulk-actions/{id} for its progress'),
});
export type BulkCustomerResult = z.infer<typeof bulkCustomerResultSchema>;

export const bulkRunSchema = bulkRunRef.extend({
  action: z.enum(bulkCustomerActions),
  summary: bulkSummarySchema,
  results: z.array(bulkResultSchema).describe('One per archive processed so far; `refused` and approval outcomes first matter most'),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BulkRun = z.infer<typeof bulkRunSchema>;

export const bulkActionRoutes = {
  bulkCustomerAction: def({
    method: 'POST', path: '/api/v1/customers/bulk-actions', tag: 'customers', auth: 'signedIn',
    summary: 'Apply one action to many archives: assign an owner, set the category, add a tag, share with a colleague',
    description: 'Each archive is decided on its own through the access policy and written in its own transaction, exactly as the single-archive operation would (audited the same way): `done`, `unchanged` (already so), `approval_requested` (an A-class or key customer\'s owner transfer files a protected change, SEC-8), `refused` (with the reason) or `not_found` (not visible: nothing about it is told). Owner assignment is for managers (as `POST /owner-assignments`). Always 200 with one result per distinct id, in the order given. With `filter` instead of ids ("all matching the filter"): `preview: true` answers `matched` (count, cap, overCap) and changes nothing; then the same body with `expectedCount` (the previewed count) starts a run over the archives the list shows the caller for that filter (at most ' + BULK_FILTER_CAP + '; more is a 422 naming `filter`; a different count than expected is a 409 naming `expectedCount`) and answers `run`, whose progress `GET /customers/bulk-actions/{id}` gives.',
    body: bulkCustomerActionBody, response: { status: 200, schema: bulkCustomerResultSchema },
  }),
  getBulkCustomerRun: def({
    method: 'GET', path: '/api/v1/customers/bulk-actions/:id', tag: 'customers', auth: 'signedIn',
    summary: 'Progress and results of a bulk action over all archives matching a filter',
    description: 'Only to the user who started it (404 for anyone else). `processed` of `total`; results as far as processed.',
    params: z.strictObject({ id: idSchema }), response: { status: 200, schema: bulkRunSchema },
  }),
} as const;
