/**
 * The customer list's sort keys (ARC-11): one non-null SQL expression per sortable column, so the
 * keyset cursor `(key, id)` is exact for every sort and each key is served by an index of
 * migration 0165 (or an older one). Classifications sort in their business order (the contract's
 * order: AAA before D, normal before very important), not by code, and empty values come last
 * when ascending. Only fields of the `basic` group are sortable, which every reader of a row may
 * see (SEC-4): the order of a list never tells anything a reader cannot see.
 */
import { sql, type RawBuilder } from 'kysely';
import {
  abcClasses, creditGrades, customerCategories, customerStages, customerStatuses, customerTypes, importanceLevels, tiers, type customerSortFields,
} from '../../../contract/customers.js';

export type CustomerSortField = (typeof customerSortFields)[number];
export type SortKeyKind = 'text' | 'number' | 'timestamp' | 'date';
export type SortKey = { field: CustomerSortField; column: string; kind: SortKeyKind; expr: string };

/** `CASE c.col WHEN 'a' THEN 0 … ELSE n END`: the business order, empty last (literals inline, so the index expression matches). */
export function rankExpression(column: string, order: readonly string[]): string {
  return `(CASE c.${column} ${order.map((v, i) => `WHEN '${v}' THEN ${i}`).join(' ')} ELSE ${order.length} END)`;
}

export const customerSortKeys: Record<CustomerSortField, SortKey> = {
  archiveNo: { field: 'archiveNo', column: 'archive_no', kind: 'text', expr: 'c.archive_no' },
  name: { field: 'name', column: 'name_sort', kind: 'text', expr: 'c.name_sort' }, // pinyin, then the name (0070)
  createdAt: { field: 'createdAt', column: 'created_at', kind: 'timestamp', expr: 'c.created_at' },
  updatedAt: { field: 'updatedAt', column: 'updated_at', kind: 'timestamp', expr: 'c.updated_at' },
  filedOn: { field: 'filedOn', column: 'filed_on', kind: 'date', expr: 'c.filed_on' },
  customerType: { field: 'customerType', column: 'customer_type', kind: 'number', expr: rankExpression('customer_type', customerTypes) },
  category: { field: 'category', column: 'category', kind: 'number', expr: rankExpression('category', customerCategories) },
  status: { field: 'status', column: 'status', kind: 'number', expr: rankExpression('status', customerStatuses) },
  stage: { field: 'stage', column: 'stage', kind: 'number', expr: rankExpression('stage', customerStages) },
  importance: { field: 'importance', column: 'importance', kind: 'number', expr: rankExpression('importance', importanceLevels) },
  creditGrade: { field: 'creditGrade', column: 'credit_grade', kind: 'number', expr: rankExpression('credit_grade', creditGrades) },
  tier: { field: 'tier', column: 'tier', kind: 'number', expr: rankExpression('tier', tiers) },
  abcClass: { field: 'abcClass', column: 'abc_class', kind: 'number', expr: rankExpression('abc_class', abcClasses) },
  // GB/T 2260 codes order by province, city, district; none after all ('999999' is no code)
  region: { field: 'region', column: 'region', kind: 'text', expr: "COALESCE(c.region, '999999')" },
  // GB/T 4754 大类 codes in the standard's order; none after all ('99' is no 大类) — 0188
  industryCode: { field: 'industryCode', column: 'industry_code', kind: 'text', expr: "COALESCE(c.industry_code, '99')" },
  // the digits of the first number; none after all ('~' follows every digit in byte order)
  phone: { field: 'phone', column: 'phone_digits', kind: 'text', expr: "(CASE WHEN c.phone_digits = '' THEN '~' ELSE c.phone_digits END)" },
};

export const sortKeySql = (key: SortKey): RawBuilder<unknown> => sql.raw(key.expr);

/** A cursor's key as the SQL parameter of its kind; null when the cursor does not fit the sort. */
export function cursorKeyOf(kind: SortKeyKind, raw: unknown): RawBuilder<unknown> | null {
  if (kind === 'number') return typeof raw === 'number' && Number.isInteger(raw) ? sql`${raw}::int` : null;
  if (typeof raw !== 'string') return null;
  if (kind === 'timestamp') return Number.isNaN(Date.parse(raw)) ? null : sql`${new Date(raw)}::timestamptz`;
  if (kind === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(raw) ? sql`${raw}::date` : null;
  return sql`${raw}::text`;
}

/** A row's key as the cursor stores it (and as the merge of visibility branches compares it). */
export function cursorValueOf(v: unknown): string | number {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number') return v;
  return String(v);
}

export function compareKeys(x: unknown, y: unknown): number {
  if (x instanceof Date && y instanceof Date) return x.getTime() - y.getTime();
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const a = String(x);
  const b = String(y);
  return a < b ? -1 : a > b ? 1 : 0;
}
