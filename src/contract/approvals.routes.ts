/** Routes of approvals (SEC-7), access requests and the borrowing register (SEC-6), delegations, notifications. */
import { z } from 'zod';
import {
  accessRequestListQuery,
  accessRequestSchema,
  approvalListQuery,
  approvalSchema,
  borrowingEntrySchema,
  commentApprovalBody,
  createAccessRequestBody,
  createDelegationBody,
  decideApprovalBody,
  delegationSchema,
  notificationListQuery,
  notificationSchema,
} from './approvals.js';
import { idParams, okSchema, page, requiredText } from './common.js';
import { def } from './route-def.js';

export const secrecyLabelsSchema = z.strictObject({ none: requiredText(20), secret: requiredText(20), confidential: requiredText(20), top_secret: requiredText(20) });

export const approvalRoutes = {
  getSecrecyLabels: def({
    method: 'GET', path: '/api/v1/settings/secrecy-labels', tag: 'settings', auth: 'signedIn',
    summary: 'The company\'s display names of the secrecy levels (SEC-5), e.g. 核心商密 / 普通商密', response: { status: 200, schema: secrecyLabelsSchema },
  }),
  updateSecrecyLabels: def({
    method: 'PUT', path: '/api/v1/settings/secrecy-labels', tag: 'settings', auth: 'users.manage',
    summary: 'Rename the secrecy levels (the rules of each level stay)', body: secrecyLabelsSchema, response: { status: 200, schema: secrecyLabelsSchema },
  }),
  listApprovals: def({
    method: 'GET', path: '/api/v1/approvals', tag: 'approvals', auth: 'signedIn',
    summary: 'Approvals: the caller\'s queue (default), own requests or decided ones',
    description: '`box=queue` lists what the caller may decide (their role, or as the gm\'s deputy); `state=pending` narrows to what waits. A pending request past `expiresAt` reads as `expired`.',
    query: approvalListQuery, response: { status: 200, schema: page(approvalSchema) },
  }),
  getApproval: def({
    method: 'GET', path: '/api/v1/approvals/:id', tag: 'approvals', auth: 'signedIn',
    summary: 'One approval with its comments (requester, deciders and the decider only; others get 404)', params: idParams, response: { status: 200, schema: approvalSchema },
  }),
  approveApproval: def({
    method: 'POST', path: '/api/v1/approvals/:id/approve', tag: 'approvals', auth: 'signedIn',
    summary: 'Approve: the effect (grant, deletion, …) applies at once, exactly once',
    description: '403 when the caller may see the request but is not its approver or is its requester (nobody approves their own request); 409 when it is no longer pending (approved, rejected, withdrawn or expired).',
    params: idParams, body: decideApprovalBody, response: { status: 200, schema: approvalSchema },
  }),
  rejectApproval: def({
    method: 'POST', path: '/api/v1/approvals/:id/reject', tag: 'approvals', auth: 'signedIn',
    summary: 'Reject, with an optional comment', params: idParams, body: decideApprovalBody, response: { status: 200, schema: approvalSchema },
  }),
  withdrawApproval: def({
    method: 'POST', path: '/api/v1/approvals/:id/withdraw', tag: 'approvals', auth: 'signedIn',
    summary: 'Withdraw one\'s own pending request', params: idParams, response: { status: 200, schema: approvalSchema },
  }),
  commentApproval: def({
    method: 'POST', path: '/api/v1/approvals/:id/comments', tag: 'approvals', auth: 'signedIn',
    summary: 'Add a comment to a request', params: idParams, body: commentApprovalBody, response: { status: 201, schema: approvalSchema },
  }),

  listDelegations: def({
    method: 'GET', path: '/api/v1/approval-delegations', tag: 'approvals', auth: 'approvals.delegate',
    summary: 'The gm\'s deputies for approvals', response: { status: 200, schema: z.object({ items: z.array(delegationSchema) }) },
  }),
  createDelegation: def({
    method: 'POST', path: '/api/v1/approval-delegations', tag: 'approvals', auth: 'approvals.delegate',
    summary: 'Delegate approvals (by default secret-level borrowing) to a deputy for a date range (China time, inclusive)',
    body: createDelegationBody, response: { status: 201, schema: delegationSchema },
  }),
  revokeDelegation: def({
    method: 'POST', path: '/api/v1/approval-delegations/:id/revoke', tag: 'approvals', auth: 'approvals.delegate',
    summary: 'End a delegation now', params: idParams, response: { status: 200, schema: okSchema },
  }),

  createAccessRequest: def({
    method: 'POST', path: '/api/v1/access-requests', tag: 'borrowing', auth: 'signedIn',
    summary: 'Ask to read (field groups of) an archive one may not read: 查借阅申请',
    description: 'The approver follows the policy (SEC-6): `cs_manager` for a `none`-level archive, `gm` (or a deputy) for `secret`. A request that can never be granted answers 422 with the rule: top secret and confidential archives are never lent (SEC-5), a secret archive at most 240 minutes, others at most 7 days; nothing to open (the caller already reads these groups) is 422 too.',
    body: createAccessRequestBody,
    response: { status: 201, schema: z.object({ id: z.string(), approvalId: z.string(), state: z.literal('pending'), approverRole: z.string(), customerId: z.string(), groups: z.array(z.string()), durationMinutes: z.number().int() }) },
  }),
  resolveArchiveNo: def({
    method: 'GET', path: '/api/v1/access-requests/archive-number', tag: 'borrowing', auth: 'signedIn',
    summary: 'The id to ask access for, from an archive number someone was given (e.g. on a complaint); nothing else of the archive',
    query: z.strictObject({ archiveNo: z.string().trim().regex(/^[A-Za-z]{1,5}-\d{4}-\d{6}$/, 'must be an archive number like KH-2026-000123') }),
    response: { status: 200, schema: z.object({ customerId: z.string() }) },
  }),
  getAccessRequest: def({
    method: 'GET', path: '/api/v1/access-requests/:id', tag: 'borrowing', auth: 'signedIn',
    summary: 'One access request: `state`, `startsAt`, `expiresAt`, …', params: idParams, response: { status: 200, schema: accessRequestSchema },
  }),
  listAccessRequests: def({
    method: 'GET', path: '/api/v1/access-requests', tag: 'borrowing', auth: 'signedIn',
    summary: 'The caller\'s access requests (with the borrowing-register permission: everyone\'s)', query: accessRequestListQuery, response: { status: 200, schema: page(accessRequestSchema) },
  }),
  returnAccessRequest: def({
    method: 'POST', path: '/api/v1/access-requests/:id/return', tag: 'borrowing', auth: 'signedIn',
    summary: 'Give a grant back early: it stops working at once', params: idParams, response: { status: 200, schema: accessRequestSchema },
  }),
  borrowingRegister: def({
    method: 'GET', path: '/api/v1/borrowing-register', tag: 'borrowing', auth: 'borrowing.register',
    summary: '查借阅登记: every request, approver, decision, start, end and every read made under the grant',
    query: accessRequestListQuery, response: { status: 200, schema: page(borrowingEntrySchema) },
  }),

  listNotifications: def({
    method: 'GET', path: '/api/v1/notifications', tag: 'notifications', auth: 'signedIn',
    summary: 'The caller\'s notifications, newest first, with the unread count', query: notificationListQuery,
    response: { status: 200, schema: page(notificationSchema).extend({ unread: z.number().int() }) },
  }),
  readNotification: def({
    method: 'POST', path: '/api/v1/notifications/:id/read', tag: 'notifications', auth: 'signedIn',
    summary: 'Mark a notification read', params: idParams, response: { status: 200, schema: okSchema },
  }),
  readAllNotifications: def({
    method: 'POST', path: '/api/v1/notifications/read-all', tag: 'notifications', auth: 'signedIn',
    summary: 'Mark every notification read', response: { status: 200, schema: okSchema },
  }),
} as const;
