/** The header search: parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import { searchEverything } from './search.service.js';

export const searchHandlers: HandlersOf<'globalSearch'> = {
  globalSearch: ({ db, principal, query }) => searchEverything(db, principal, query),
};
