/** Access requests and the borrowing register (SEC-6): parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import * as borrowing from './borrowing.service.js';

export const borrowingHandlers: HandlersOf<'createAccessRequest' | 'resolveArchiveNo' | 'getAccessRequest' | 'listAccessRequests' | 'returnAccessRequest' | 'borrowingRegister'> = {
  createAccessRequest: ({ db, principal, body, actor }) => borrowing.createAccessRequest(db, principal, body, actor),
  resolveArchiveNo: ({ db, principal, query, actor }) => borrowing.resolveArchiveNo(db, principal, query.archiveNo, actor),
  getAccessRequest: ({ db, principal, params }) => borrowing.getAccessRequest(db, principal, params.id),
  listAccessRequests: ({ db, principal, query }) => borrowing.listAccessRequests(db, principal, query),
  returnAccessRequest: ({ db, principal, params, actor }) => borrowing.returnAccessRequest(db, principal, params.id, actor),
  borrowingRegister: ({ db, principal, query }) => borrowing.borrowingRegister(db, principal, query),
};
