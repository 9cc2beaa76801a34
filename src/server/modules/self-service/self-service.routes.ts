/** The customer self-service form (ARC-14): parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import * as selfService from './self-service.service.js';

export const selfServiceHandlers: HandlersOf<
  'createSelfServiceLink' | 'listSelfServiceLinks' | 'revokeSelfServiceLink' | 'listSubmissions' | 'getSubmission' | 'reviewSubmission' | 'getPublicForm' | 'submitPublicForm'
> = {
  createSelfServiceLink: ({ db, principal, params, body, actor }) => selfService.createLink(db, principal, params.id, body, actor),
  listSelfServiceLinks: ({ db, principal, params }) => selfService.listLinks(db, principal, params.id),
  revokeSelfServiceLink: ({ db, principal, params, actor }) => selfService.revokeLink(db, principal, params.id, actor),
  listSubmissions: ({ db, principal, query }) => selfService.listSubmissions(db, principal, query),
  getSubmission: ({ db, principal, params }) => selfService.getSubmission(db, principal, params.id),
  reviewSubmission: ({ db, principal, params, body, actor }) => selfService.reviewSubmission(db, principal, params.id, body, actor),
  getPublicForm: ({ db, params }) => selfService.getPublicForm(db, params.token),
  submitPublicForm: ({ db, params, body, actor }) => selfService.submitPublicForm(db, params.token, body, actor),
};
