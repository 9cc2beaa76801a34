/** Exports (ARC-12): parse → call → shape; the file is streamed. */
import type { HandlersOf } from '../../http/handler.js';
import { exportContacts, exportCustomers, exportTransactions } from './exports.service.js';

export const exportHandlers: HandlersOf<'exportCustomers' | 'exportContacts' | 'exportTransactions'> = {
  exportCustomers: async ({ db, principal, query, actor }) => {
    const f = await exportCustomers(db, principal, query, actor);
    return { file: f.stream, filename: f.filename, contentType: f.contentType };
  },
  exportContacts: async ({ db, principal, params, query, actor }) => {
    const f = await exportContacts(db, principal, params.id, query.format, actor);
    return { file: f.stream, filename: f.filename, contentType: f.contentType };
  },
  exportTransactions: async ({ db, principal, params, query, actor }) => {
    const f = await exportTransactions(db, principal, params.id, query.format, actor);
    return { file: f.stream, filename: f.filename, contentType: f.contentType };
  },
};
