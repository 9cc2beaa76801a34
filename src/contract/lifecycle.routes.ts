/** Routes of protected changes (SEC-8), the recycle bin and destruction (SEC-9). */
import { z } from 'zod';
import { cursorSchema, idParams, limitSchema, page, requiredText } from './common.js';
import { secrecyLevels } from './customers.js';
import { def } from './route-def.js';

export const protectedChangeBody = z.discriminatedUnion('change', [
  z.strictObject({ change: z.literal('delete'), reason: requiredText(500) }),
  z.strictObject({ change: z.literal('restore'), reason: requiredText(500) }),
  z.strictObject({ change: z.literal('lower_secrecy'), reason: requiredText(500), secrecyLevel: z.enum(secrecyLevels) }),
  z.strictObject({ change: z.literal('transfer_owner'), reason: requiredText(500), ownerId: z.string().regex(/^[0-9]{1,18}$/, 'must be an id') }),
]);

export const protectedChangeResult = z.object({
  approvalId: z.string(),
  state: z.literal('pending'),
  approverRole: z.string(),
  change: z.enum(['delete', 'restore', 'lower_secrecy', 'transfer_owner']),
  customerId: z.string(),
});

export const recycleBinItem = z.object({
  id: z.string(), archiveNo: z.string(), name: z.string(), deletedAt: z.string().nullable(), deletedByName: z.string().nullable(),
  reason: z.string().nullable(), ownerName: z.string().nullable(), secrecyLevel: z.string(),
});

export const destructionScopeSchema = z.strictObject({
  contactsPersonalData: z.boolean().optional(), contacts: z.boolean().optional(), documents: z.boolean().optional(),
  transactionDetails: z.boolean().optional(), feedback: z.boolean().optional(), history: z.boolean().optional(),
});
export const destructionRequestBody = z.strictObject({ reason: requiredText(1000), scope: destructionScopeSchema.optional() });
export const destructionSchema = z.object({
  id: z.string(), approvalId: z.string(), customerId: z.string(), archiveNo: z.string(), name: z.string(), reason: z.string(),
  scope: z.record(z.string(), z.boolean()), state: z.string().describe('pending | approved | rejected | withdrawn | expired | executed'),
  requestedByName: z.string().nullable(), requestedAt: z.string(), approvedByName: z.string().nullable(), approvedAt: z.string().nullable(),
  executedByName: z.string().nullable(), executedAt: z.string().nullable(), purged: z.record(z.string(), z.number()).nullable(),
});
const pageQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema.optional() });

export const lifecycleRoutes = {
  requestProtectedChange: def({
    method: 'POST', path: '/api/v1/customers/:id/protected-changes', tag: 'archive-security', auth: 'signedIn',
    summary: 'Ask for a protected change: delete (→ recycle bin), restore, lower secrecy, transfer a key customer (SEC-8)',
    description: 'Answers 201 with the approval that decides it: `cs_manager` for delete and restore, `gm` for lowering a secrecy level, `marketing_manager` for a key customer\'s transfer. Nothing changes until it is approved; raising a level and ordinary edits go through PATCH.',
    params: idParams, body: protectedChangeBody, response: { status: 201, schema: protectedChangeResult },
  }),
  listRecycleBin: def({
    method: 'GET', path: '/api/v1/recycle-bin', tag: 'archive-security', auth: 'recycle.manage',
    summary: 'Archives in the recycle bin (deleted, restorable)', query: pageQuery, response: { status: 200, schema: page(recycleBinItem) },
  }),
  requestDestruction: def({
    method: 'POST', path: '/api/v1/customers/:id/destruction-requests', tag: 'archive-security', auth: 'recycle.manage',
    summary: 'Ask to destroy an archive in the recycle bin or a dormant one (SEC-9): the gm approves, an archivist executes',
    params: idParams, body: destructionRequestBody,
    response: { status: 201, schema: z.object({ id: z.string(), approvalId: z.string(), state: z.literal('pending'), approverRole: z.string() }) },
  }),
  executeDestruction: def({
    method: 'POST', path: '/api/v1/destructions/:id/execute', tag: 'archive-security', auth: 'recycle.manage',
    summary: 'Execute an approved destruction (archivists only): the content is purged, the number, name and this record stay',
    params: idParams,
    response: { status: 200, schema: z.object({ id: z.string(), customerId: z.string(), archiveNo: z.string(), name: z.string(), executedAt: z.string(), purged: z.record(z.string(), z.number()) }) },
  }),
  listDestructions: def({
    method: 'GET', path: '/api/v1/destructions', tag: 'archive-security', auth: 'recycle.manage',
    summary: '销毁登记: every destruction — what, why, who asked, approved and executed, when', query: pageQuery, response: { status: 200, schema: page(destructionSchema) },
  }),
} as const;
