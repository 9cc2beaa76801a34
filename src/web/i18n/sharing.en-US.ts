/** Duplicate owner notice, sharing with colleagues, department managers (ARC-10, SEC-2). */
import type { sharingZhCN } from './sharing.zh-CN.js';

export const sharingEnUS: { [K in keyof typeof sharingZhCN]: string } = {
  hiddenDuplicate: 'Archive {{archiveNo}} is kept by {{ownerName}}; you may not view it.',
  hiddenDuplicateHint: 'One customer, one archive: ask the owner to share it with you or to transfer it to you instead of filing a copy.',
  askShare: 'Ask the owner to share',
  askTransfer: 'Ask for a transfer',
  asked: '{{ownerName}} was told; they will see your request among their tasks',
  shareTitle: 'Share with',
  shareButton: 'Share with',
  shareDescription: 'A colleague it is shared with reads the basic card, contacts and documents (ordinary archives and sales colleagues only).',
  colleague: 'Colleague',
  pickColleague: 'Type a name to find a colleague',
  add: 'Share',
  remove: 'End share',
  removeConfirm: 'End the share with {{name}}?',
  sharedAt: 'Shared at',
  sharedBy: 'Shared by',
  none: 'Not shared with anyone yet',
  added: 'Shared with {{name}}',
  removed: 'Share ended',
  manager: 'Manager',
  noManager: 'None',
  setManager: 'Manager',
  setManagerTitle: 'Manager of "{{name}}"',
  managerSaved: 'Department manager saved',
  managerHint: 'The manager sees the customer archives of the colleagues in the department and its sub-departments',
};
