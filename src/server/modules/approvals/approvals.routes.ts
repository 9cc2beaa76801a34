/** Approvals, delegations, notifications, access requests and the borrowing register: parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import * as borrowing from '../borrowing/borrowing.service.js';
import * as approvals from './approvals.service.js';
import * as notifications from './notifications.service.js';
import { getSecrecyLabels, setSecrecyLabels } from '../settings/settings.service.js';

export const approvalHandlers: HandlersOf<
  | 'listApprovals' | 'getApproval' | 'approveApproval' | 'rejectApproval' | 'withdrawApproval' | 'commentApproval'
  | 'listDelegations' | 'createDelegation' | 'revokeDelegation'
  | 'createAccessRequest' | 'resolveArchiveNo' | 'getAccessRequest' | 'listAccessRequests' | 'returnAccessRequest' | 'borrowingRegister'
  | 'listNotifications' | 'readNotification' | 'readAllNotifications' | 'getSecrecyLabels' | 'updateSecrecyLabels'
> = {
  getSecrecyLabels: ({ db }) => getSecrecyLabels(db),
  updateSecrecyLabels: ({ db, body, actor }) => setSecrecyLabels(db, body, actor),
  listApprovals: ({ db, principal, query }) => approvals.listApprovals(db, principal, query),
  getApproval: ({ db, principal, params }) => approvals.getApproval(db, principal, params.id),
  approveApproval: ({ db, principal, params, body, actor }) => approvals.decideApproval(db, principal, params.id, 'approve', body.comment, actor),
  rejectApproval: ({ db, principal, params, body, actor }) => approvals.decideApproval(db, principal, params.id, 'reject', body.comment, actor),
  withdrawApproval: ({ db, principal, params, actor }) => approvals.withdrawApproval(db, principal, params.id, actor),
  commentApproval: ({ db, principal, params, body, actor }) => approvals.commentApproval(db, principal, params.id, body.body, actor),
  listDelegations: ({ db }) => approvals.listDelegations(db),
  createDelegation: ({ db, principal, body, actor }) => approvals.createDelegation(db, principal, body, actor),
  revokeDelegation: ({ db, params, actor }) => approvals.revokeDelegation(db, params.id, actor),
  createAccessRequest: ({ db, principal, body, actor }) => borrowing.createAccessRequest(db, principal, body, actor),
  resolveArchiveNo: ({ db, principal, query, actor }) => borrowing.resolveArchiveNo(db, principal, query.archiveNo, actor),
  getAccessRequest: ({ db, principal, params }) => borrowing.getAccessRequest(db, principal, params.id),
  listAccessRequests: ({ db, principal, query }) => borrowing.listAccessRequests(db, principal, query),
  returnAccessRequest: ({ db, principal, params, actor }) => borrowing.returnAccessRequest(db, principal, params.id, actor),
  borrowingRegister: ({ db, principal, query }) => borrowing.borrowingRegister(db, principal, query),
  listNotifications: ({ db, principal, query }) => notifications.listNotifications(db, principal, query),
  readNotification: ({ db, principal, params }) => notifications.markNotificationRead(db, principal, params.id),
  readAllNotifications: ({ db, principal }) => notifications.markNotificationRead(db, principal, 'all'),
};
