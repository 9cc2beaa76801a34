/** Bulk actions on the customer list (issue 17 item 16): parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import { bulkCustomerAction, getBulkRun } from './bulk-actions.service.js';

export const bulkActionHandlers: HandlersOf<'bulkCustomerAction' | 'getBulkCustomerRun'> = {
  bulkCustomerAction: ({ db, principal, body, actor }) => bulkCustomerAction(db, principal, body, actor),
  getBulkCustomerRun: ({ db, principal, params }) => getBulkRun(db, principal, params.id),
};
