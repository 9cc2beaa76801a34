/** Data-subject requests: parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import * as privacy from './privacy.service.js';

export const privacyHandlers: HandlersOf<'findPersonalDataContacts' | 'requestPersonalData' | 'downloadPersonalData'> = {
  findPersonalDataContacts: ({ db, principal, query, actor }) => privacy.findContactsForRequest(db, principal, query, actor),
  requestPersonalData: ({ db, principal, body, actor }) => privacy.requestPersonalData(db, principal, body, actor),
  downloadPersonalData: ({ db, principal, params, actor }) => privacy.downloadPersonalData(db, principal, params.id, actor),
};
