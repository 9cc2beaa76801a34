/** Custom fields (ARC-1): the administrator's page and the archive form's section. */
import type { customFieldsZhCN } from './custom-fields.zh-CN.js';

import type { Widen } from './en-US.js';

export const customFieldsEnUS: Widen<typeof customFieldsZhCN> = {
  title: 'Custom fields',
  description: 'Add the fields your company needs to the customer archive (text, number, date, single or multiple choice). New fields appear on the archive form, the archive page and as optional columns of the customer list; a disabled field is no longer shown and its values are kept.',
  add: 'Add field',
  edit: 'Edit field',
  section: 'Custom fields',
  empty: 'No custom fields yet',
  key: 'Field key',
  keyHint: 'Starts with a lower-case letter; letters, digits and underscores only; cannot be changed later (import templates may use the name)',
  label: 'Name',
  type: 'Type',
  options: 'Options',
  optionsHint: 'Type an option and press Enter',
  required: 'Required',
  disabled: 'Disabled',
  state: 'State',
  active: 'Active',
  inactive: 'Disabled',
  created: 'Field "{{label}}" added',
  saved: 'Saved',
  types: { text: 'Text', number: 'Number', date: 'Date', single: 'Single choice', multi: 'Multiple choice' },
  yes: 'Yes',
  lifecycle: { label: 'Lifecycle', active: 'Active', dormant: 'Dormant' },
  dormant: { label: 'Dormant after', months: 'months', hint: 'An archive without a transaction for this many months becomes dormant (ARC-9); empty: the default of 18 months' },
  dateFilters: { createdFrom: 'Created from', createdTo: 'Created to', updatedFrom: 'Changed from', updatedTo: 'Changed to', lastContactFrom: 'Last contact from', lastContactTo: 'Last contact to' },
  viewersEmpty: 'Nobody has looked at this archive yet',
  viewersNote: 'Who viewed, printed, exported or downloaded this archive, newest first (IP addresses for audit readers only)',
  viewerAt: 'Time',
  viewer: 'Who',
  viewerAction: 'What',
  viewerVia: 'Access via',
  via: { owner: 'Owner', role: 'Role', department_manager: 'Department manager', shared: 'Shared', grant: 'Access grant' },
  no: 'No',
};
