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
  selectAllMatching: 'Select all archives matching the filter',
  allMatching: 'All archives matching the filter',
  matching: 'Applies to the {{count}} archives matching the filter (the server decides which you may see)',
  overCap: 'More than {{cap}} archives match; narrow the filter first',
  running: 'Processing: {{processed}} / {{total}}',
  interrupted: 'Interrupted (the server restarted); archives already processed stay changed',
};
