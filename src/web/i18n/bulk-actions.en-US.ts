/** Bulk actions on the customer list (issue 17 item 16). */
import type { bulkActionsZhCN } from './bulk-actions.zh-CN.js';
import type { Widen } from './en-US.js';

export const bulkActionsEnUS: Widen<typeof bulkActionsZhCN> = {
  selected: '{{count}} selected',
  clear: 'Clear selection',
  assign_owner: 'Assign owner',
  set_category: 'Set category',
  add_tag: 'Add tag',
  share: 'Share with',
  export: 'Export selected',
  owner: 'New owner',
  reason: 'Reason',
  category: 'Category',
  tag: 'Tag',
  colleague: 'Colleague',
  apply: 'Apply',
  resultTitle: 'Bulk action result',
  summary: '{{done}} done, {{unchanged}} unchanged, {{approvalRequested}} sent for approval, {{refused}} refused, {{notFound}} not visible',
  outcome: { done: 'Done', unchanged: 'Unchanged', approval_requested: 'Sent for approval', refused: 'Refused', not_found: 'Not found or not visible' },
  hidden: '(not visible)',
  note: 'Each archive is decided on its own permissions; changing the owner of a key or A-class customer needs approval.',
};
