import type { Widen } from './en-US.js';
import type { archiveRegisterZhCN } from './archive-register.zh-CN.js';

export const archiveRegisterEnUS: Widen<typeof archiveRegisterZhCN> = {
  title: 'Archive register',
  intro: 'The archive catalogue the archivist keeps: every archive below top secret, by archive number, customer name, secrecy level, filing date and filed documents only; the archives themselves stay closed. Top-secret archives are not in the register.',
  introOther: 'The archives you may see (top secret excepted), by archive number.',
  search: 'Archive number or customer name',
  level: 'Secrecy level',
  missingOnly: 'Missing documents only',
  export: 'Export Excel',
  exportCsv: 'Export CSV',
  exportHint: 'Exports leave out confidential archives (they are view-only).',
  archiveNo: 'Archive no.',
  name: 'Customer name',
  filedOn: 'Filed on',
  documentsFiled: 'Documents filed',
  documentsMissing: 'Required documents missing',
  complete: 'Complete',
  borrowedBy: 'On loan',
  borrowedUntil: '{{name}}, until {{until}}',
  notBorrowed: 'In the archive room',
  empty: 'No archives match',
  loadMore: 'Load more',
  count: '{{count}} loaded',
};
