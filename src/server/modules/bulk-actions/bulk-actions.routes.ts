/** Bulk actions on the customer list (issue 17 item 16): parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import { bulkCustomerAction } from './bulk-actions.service.js';

export const bulkActionHandlers: HandlersOf<'bulkCustomerAction'> = {
  bulkCustomerAction: ({ db, principal, body, actor }) => bulkCustomerAction(db, principal, body, actor),
};
