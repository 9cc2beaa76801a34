import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { customerSortFields } from '../../../contract/customers.js';
import { groupOfCustomerField } from '../access/field-groups.rules.js';
import { compareKeys, cursorKeyOf, customerSortKeys } from './customers.sort.js';

const migrations = ['0002_create_customer_archive.sql', '0004_add_customer_sort_indexes.sql', '0070_sort_names_by_pinyin.sql', '0165_add_customer_list_sort_indexes.sql', '0188_add_customer_industry_code.sql']
  .map((f) => readFileSync(new URL(`../../db/migrations/${f}`, import.meta.url), 'utf8'))
  .join('\n');

describe('ARC-11 sortable columns', () => {
  it.each(customerSortFields)('ARC-11 %s is a basic field (SEC-4: a list never sorts by what a reader may not see)', (field) => {
    expect(groupOfCustomerField(field)).toBe('basic');
  });
  it.each(customerSortFields)('ARC-11 %s has a (key, id) index with the query\'s exact expression', (field) => {
    const e = customerSortKeys[field].expr.replaceAll('c.', '');
    expect([`ON customers (${e}, id);`, `ON customers (${e} DESC, id DESC);`].some((ix) => migrations.includes(ix))).toBe(true);
  });
  it('ARC-11 financial and evaluation fields are not sortable', () => {
    for (const f of ['registeredCapital', 'bankAccount', 'salesLast3Years', 'advantages']) expect(customerSortFields as readonly string[]).not.toContain(f);
  });
  it.each([
    ['number', 3, true], ['number', '3', false], ['number', 1.5, false],
    ['timestamp', '2026-12-06T15:17:29.938Z', true], ['timestamp', 'yesterday', false],
    ['date', '2026-12-06', true], ['date', '2026-12-06T00:00:00Z', false], ['text', 'KH-2026-000001', true], ['text', 7, false],
  ] as const)('ARC-11 a %s cursor key %j is accepted: %s', (kind, raw, ok) => {
    expect(cursorKeyOf(kind, raw) !== null).toBe(ok);
  });
  it('ARC-11 keys compare as numbers, instants and byte-ordered text', () => {
    expect(compareKeys(2, 10)).toBeLessThan(0); // not '10' < '2'
    expect(compareKeys(new Date('2026-01-02'), new Date('2026-01-01'))).toBeGreaterThan(0);
    expect(compareKeys('999999', '440300')).toBeGreaterThan(0);
    expect(compareKeys('~', '13800000000')).toBeGreaterThan(0);
  });
});
