import type { newuiZhCN } from './newui.zh-CN.js';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const newuiEnUS: Widen<typeof newuiZhCN> = {
  call: {
    reveal: 'Call (shows the number)',
    revealHint: 'The full number is shown before dialling and recorded in the viewing log',
    number: 'Call {{number}}',
  },
  region: { placeholder: 'Province / city / district' },
  preview: { open: 'Preview' },
  search: {
    placeholder: 'Search customers, contacts, documents',
    open: 'Search (/ or Ctrl+K)',
    customers: 'Customers',
    contacts: 'Contacts',
    documents: 'Documents',
    empty: 'Nothing matches',
    hint: 'Type a customer name, pinyin, archive number, phone, contact or document title',
    more: 'See all in the customer list',
  },
};
