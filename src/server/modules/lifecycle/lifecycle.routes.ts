/** Protected changes, the recycle bin and destruction: parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import * as review from './archive-review.service.js';
import * as lifecycle from './lifecycle.service.js';

export const lifecycleHandlers: HandlersOf<'requestProtectedChange' | 'listRecycleBin' | 'requestDestruction' | 'executeDestruction' | 'listDestructions'> = {
  requestProtectedChange: ({ db, principal, params, body, actor }) => lifecycle.requestProtectedChange(db, principal, params.id, body, actor),
  listRecycleBin: ({ db, query }) => lifecycle.listRecycleBin(db, query),
  requestDestruction: ({ db, principal, params, body, actor }) => lifecycle.requestDestruction(db, principal, params.id, body, actor),
  executeDestruction: ({ db, principal, params, actor, config }) => lifecycle.executeDestruction(db, principal, params.id, actor, { storageRoot: config.storage, documentStore: config.documentStore }),
  listDestructions: ({ db, query }) => lifecycle.listDestructions(db, query),
};

export const archiveReviewHandlers: HandlersOf<'listArchiveReview' | 'decideArchiveReview'> = {
  listArchiveReview: ({ db, principal, query }) => review.listArchiveReview(db, principal, query),
  decideArchiveReview: ({ db, principal, params, body, actor }) => review.decideArchiveReview(db, principal, params.id, body, actor),
};
