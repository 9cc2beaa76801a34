/** Approvals, delegations, notifications, secrecy labels: parse → call → shape (access requests: borrowing.routes.ts). */
import type { HandlersOf } from '../../http/handler.js';
import * as approvals from './approvals.service.js';
import * as notifications from './notifications.service.js';
import { getSecrecyLabels, setSecrecyLabels } from '../settings/settings.service.js';

export const approvalHandlers: HandlersOf<
  | 'listApprovals' | 'getApproval' | 'approveApproval' | 'rejectApproval' | 'withdrawApproval' | 'commentApproval'
  | 'listDelegations' | 'createDelegation' | 'revokeDelegation'
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
  listNotifications: ({ db, principal, query }) => notifications.listNotifications(db, principal, query),
  readNotification: ({ db, principal, params }) => notifications.markNotificationRead(db, principal, params.id),
  readAllNotifications: ({ db, principal }) => notifications.markNotificationRead(db, principal, 'all'),
};
