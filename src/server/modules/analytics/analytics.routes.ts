/** Analyses (spec 07): parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import { getComposition } from './composition.service.js';

export const analyticsHandlers: HandlersOf<'getComposition'> = {
  getComposition: ({ db, principal, query }) => getComposition(db, principal, query),
};
