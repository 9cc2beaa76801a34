/**
 * Exports of list views (ARC-12): the customer list with its filters, search, sort and chosen
 * columns; one customer's contacts and transactions. Streamed (csv / xlsx, formula-escaped), and
 * within the access policy: only archives the caller may export (SEC-5: confidential and top
 * secret are view-only), withheld field groups left empty per archive (SEC-3/SEC-4), audited.
 * Headers and values are those of the import template, so an export can be imported again.
 */
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { FieldGroup } from '../../../contract/access.js';
import type { Contact, Customer } from '../../../contract/customers.js';
import { industryLabel } from '../../../contract/industries.js';
import type { CustomerExportQuery } from '../../../contract/exports.routes.js';
import type { DB } from '../../db/schema.js';
import { SheetDate, streamTable, type Column } from '../../exports/tabular.js';
import { AppError, fieldError } from '../../http/errors.js';
import { assertGroup, assertUse, subjectOf } from '../access/access.service.js';
import { groupOfContactField, groupOfCustomerField } from '../access/customer-fields.rules.js';
import { decideCustomerAccess, type SecrecyLevel } from '../access/customer-access.rules.js';
import { activeGrantsByCustomer } from '../access/active-grants.js';
import { recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { listCustomFields } from '../customers/custom-fields.service.js';
import { listContacts, listTransactions } from '../customers/customer-records.service.js';
import { assertLifecycleFilter, listCustomers, openCustomer } from '../customers/customers.service.js';
import { entityFields } from '../imports/imports.fields.js';

export type ExportFormat = 'csv' | 'xlsx';
export type ExportedFile = { stream: Readable; filename: string; contentType: string; done: Promise<number> };

const contentTypes = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;
const stamp = () => new Date().toISOString().slice(0, 10);

const customerSpecs = new Map(entityFields.customers.map((f) => [f.key, f]));
const extraLabels: Record<string, string> = {
  archiveNo: '档案编号', ownerName: '责任人', lifecycle: '档案状态', creditGrade: '信用等级', tier: '客户层级', abcClass: 'ABC 分类',
  createdAt: '创建时间', updatedAt: '修改日期', revisionCount: '修改处数', referredBy: '推荐客户', additionalBusiness: '附加业务',
  salesLast3Years: '近 3 年销售业绩', relatedCompanies: '关系企业', orgStructure: '组织架构', culture: '公司文化与发展方针', developments: '发展动态',
  advantages: '本公司在交易中的优势', disadvantages: '本公司在交易中的劣势', countermeasures: '对策', potentialNeeds: '客户潜在需求', ownerId: '责任人编号', departmentId: '部门编号',
};
const extraValues: Record<string, Record<string, string>> = {
  lifecycle: { active: '正常', dormant: '休眠', deleted: '已删除', destroyed: '已销毁' },
  tier: { big: '大客户', key: '重点客户', normal: '普通客户', potential: '潜力客户' },
};

/** The list's default columns when the caller names none. */
export const defaultCustomerColumns = ['archiveNo', 'name', 'shortName', 'customerType', 'ownerName', 'phone', 'email', 'address', 'creditCode', 'category', 'status', 'importance', 'tier', 'creditGrade', 'filedOn', 'updatedAt'];
const exportableFields = new Set([...customerSpecs.keys(), ...Object.keys(extraLabels)].filter((k) => k !== 'owner'));

const instantFields = new Set(['createdAt', 'updatedAt']);

function valueText(field: string, v: unknown): string | number | SheetDate | null {
  if (v === null || v === undefined) return null;
  // dates and times as real spreadsheet dates in the company's time zone (ARC-12)
  if (typeof v === 'string' && (instantFields.has(field) || customerSpecs.get(field)?.kind === 'date')) {
    const d = SheetDate.of(v, !instantFields.has(field));
    if (d) return d;
  }
  // GB/T 4754 (ARC-1): 'C 制造业 / 39 计算机、通信和其他电子设备制造业', which the import reads back
  if (customerSpecs.get(field)?.kind === 'industry' && typeof v === 'string') return industryLabel(v);
  const values = customerSpecs.get(field)?.values ?? extraValues[field];
  if (values && typeof v === 'string') return values[v] ?? v;
  if (Array.isArray(v)) return v.join('、');
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${String(x)}`).join('；');
  if (typeof v === 'boolean') return v ? '是' : '否';
  return typeof v === 'number' ? v : String(v);
}

type Row = { c: Customer; groups: readonly FieldGroup[] };

/** Columns from the `columns` parameter: known field keys and `custom.<key>`; an unknown key is a 400 naming it. */
async function customerColumns(db: Kysely<DB>, keys: string[]): Promise<Column<Row>[]> {
  const custom = new Map((await listCustomFields(db)).map((f) => [f.key, f.label]));
  const bad = keys.filter((k) => !(exportableFields.has(k) || (k.startsWith('custom.') && custom.has(k.slice(7)))));
  if (bad.length) throw fieldError('columns', `unknown column(s): ${bad.join(', ')}`);
  return keys.map((k) => {
    if (k.startsWith('custom.')) {
      const key = k.slice(7);
      return { header: custom.get(key)!, value: (r: Row) => valueText(k, (r.c.custom as Record<string, unknown> | undefined)?.[key]) };
    }
    const group = groupOfCustomerField(k);
    const header = customerSpecs.get(k)?.label ?? extraLabels[k] ?? k;
    return { header, value: (r: Row) => (r.groups.includes(group) ? valueText(k, (r.c as Record<string, unknown>)[k]) : null) };
  });
}


/**
 * The customer list as a file (GET /exports/customers): pages through the list service with the
 * same filters, search and sort, keeps what the policy lets the caller export, and decides the
 * field groups of each archive with the one policy function.
 */
export async function exportCustomers(db: Kysely<DB>, p: Principal, q: CustomerExportQuery, actor: Actor): Promise<ExportedFile> {
  const { format, columns: wanted, ids: selectedIds, ...filters } = q;
  // the list's selection (issue 17 item 16): only these, still through the filters and the export policy
  const selected = selectedIds ? new Set(selectedIds.split(',')) : null;
  const keys = wanted ? wanted.split(',') : defaultCustomerColumns;
  if (keys.length > 120) throw fieldError('columns', 'at most 120 columns');
  const columns = await customerColumns(db, keys);
  const subject = await subjectOf(db, p);
  assertLifecycleFilter(subject, filters.lifecycle);
  const now = new Date();
  const grants = await activeGrantsByCustomer(db, p.userId, now);

  async function* batches(): AsyncIterable<Row[]> {
    let cursor: string | undefined;
    do {
      const page = await listCustomers(db, p, { ...filters, limit: filters.q ? 200 : 1000, cursor } as never);
      const ids = page.items.map((c) => c.id);
      const shares = new Map<string, string[]>();
      if (ids.length) for (const s of await db.selectFrom('customer_shares').select(['customer_id', 'user_id']).where('customer_id', 'in', ids).execute()) shares.set(s.customer_id, [...(shares.get(s.customer_id) ?? []), s.user_id]);
      const rows: Row[] = [];
      for (const c of page.items) {
        if (selected && !selected.has(c.id)) continue;
        const facts = { id: c.id, ownerId: c.ownerId, departmentId: c.departmentId, sharedWith: shares.get(c.id) ?? [], secrecyLevel: c.secrecyLevel as SecrecyLevel, abcClass: c.abcClass, grants: grants.get(c.id) ?? [] };
        const d = decideCustomerAccess(subject, 'export', facts);
        if (d.effect === 'allow') rows.push({ c, groups: d.groups });
      }
      if (rows.length) yield rows;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  const { stream, done } = streamTable(format, '客户档案', columns, batches());
  // audited once the row count is known — also when the download breaks off
  const audit = (rows: number, complete: boolean) =>
    recordReadAudit(db, actor, { action: 'customer.exported', entityType: 'customer', data: { format, filters, columns: keys, rows, complete, ...(selected ? { selected: selected.size } : {}) } });
  let written = 0;
  const counted = done.then(
    async (n) => {
      written = n;
      await audit(n, true);
      return n;
    },
    async (e) => {
      await audit(written, false).catch(() => {});
      throw e;
    },
  );
  counted.catch(() => {});
  return { stream, filename: `客户档案-${stamp()}.${format}`, contentType: contentTypes[format], done: counted };
}

const contactLabels: [keyof Contact & string, string][] = [
  ['name', '姓名'], ['role', '联系人角色'], ['position', '职位'], ['department', '部门'], ['mobile', '手机'], ['directPhone', '直线电话'], ['email', '电子邮件'],
  ['qq', 'QQ'], ['wechat', '微信'], ['birthDate', '出生日期'], ['education', '教育经历'], ['hobbies', '兴趣爱好'], ['family', '家庭情况'], ['notes', '备注'],
];
const roleValues = Object.fromEntries(Object.entries(entityFields.contacts.find((f) => f.key === 'role')!.values!));

/** One customer's contacts (needs the contacts group; personal fields only with the personal group). */
export async function exportContacts(db: Kysely<DB>, p: Principal, customerId: string, format: ExportFormat, actor: Actor): Promise<ExportedFile> {
  const { row, decision } = await openCustomer(db, await subjectOf(db, p), customerId, 'export');
  assertUse(decision, 'export');
  assertGroup(decision, 'contacts');
  const contacts = (await listContacts(db, p, row.id, actor, true)).items; // personal fields only where the personal group is granted (a reveal, audited)
  const columns: Column<Contact>[] = [
    { header: '档案编号', value: () => row.archive_no },
    ...contactLabels.map(([k, header]) => ({
      header,
      value: (c: Contact) => (decision.groups.includes(groupOfContactField(k)) ? (k === 'role' ? roleValues[c.role] ?? c.role : ((c[k] as string | null | undefined) ?? null)) : null),
    })),
  ];
  await recordReadAudit(db, actor, { action: 'customer.exported', entityType: 'customer', entityId: row.id, data: { format, what: 'contacts', rows: contacts.length, personal: decision.groups.includes('personal') } });
  const { stream, done } = streamTable(format, '联系人', columns, (async function* () {
    yield contacts;
  })());
  return { stream, filename: `${row.archive_no}-联系人.${format}`, contentType: contentTypes[format], done };
}

type Tx = Awaited<ReturnType<typeof listTransactions>>['items'][number];

/** One customer's transactions (the performance archive; needs the financial group, SEC-4). */
export async function exportTransactions(db: Kysely<DB>, p: Principal, customerId: string, format: ExportFormat, actor: Actor): Promise<ExportedFile> {
  const { row, decision } = await openCustomer(db, await subjectOf(db, p), customerId, 'export');
  assertUse(decision, 'export');
  if (!decision.groups.includes('financial')) throw new AppError('forbidden', 'The financial part of this archive (transactions) is withheld from you; request access to export it.', { rule: decision.restrictedBy ?? 'SEC-4', extra: { withheld: ['financial'] } });
  const first = await listTransactions(db, p, row.id, { limit: 1 });
  const columns: Column<Tx>[] = [
    { header: '档案编号', value: () => row.archive_no },
    { header: '交易编号', value: (t) => t.txNo },
    { header: '交易日期', value: (t) => t.date },
    { header: '交易地点', value: (t) => t.place },
    { header: '金额', value: (t) => t.amount },
    { header: '产品', value: (t) => t.products.map((l) => l.product).join('、') || null },
    { header: '规格', value: (t) => t.products.map((l) => l.spec ?? '').join('、') || null },
    { header: '数量', value: (t) => t.products.map((l) => l.quantity).join('、') || null },
    { header: '单位', value: (t) => t.products.map((l) => l.unit ?? '').join('、') || null },
    { header: '单价', value: (t) => t.products.map((l) => l.price).join('、') || null },
    { header: '是否违约', value: (t) => (t.breach ? '是' : '否') },
    { header: '违约说明', value: (t) => t.breachNote },
    { header: '备注', value: (t) => t.remarks },
  ];
  let rows = 0;
  async function* batches(): AsyncIterable<Tx[]> {
    let cursor: string | undefined;
    let page = first.items.length ? await listTransactions(db, p, row.id, { limit: 200 }) : { items: [], nextCursor: null };
    for (;;) {
      rows += page.items.length;
      if (page.items.length) yield page.items;
      cursor = page.nextCursor ?? undefined;
      if (!cursor) return;
      page = await listTransactions(db, p, row.id, { limit: 200, cursor });
    }
  }
  const { stream, done } = streamTable(format, '交易记录', columns, batches());
  const audited = done.then(async (n) => {
    await recordReadAudit(db, actor, { action: 'customer.exported', entityType: 'customer', entityId: row.id, data: { format, what: 'transactions', rows } });
    return n;
  });
  audited.catch(() => {});
  return { stream, filename: `${row.archive_no}-交易记录.${format}`, contentType: contentTypes[format], done: audited };
}
