/** SQL for customer archives; maps rows to the contract's camelCase JSON. */
import { sql, type Kysely } from 'kysely';
import type { Customer } from '../../../contract/customers.js';
import type { DB } from '../../db/schema.js';
import { openCustomerBankAccount, sealCustomerColumns, sealHistory } from '../../shared/personal-fields.js';
import type { FieldChange, SearchTerm } from './customers.rules.js';

/** API field → column, for every field a client may write. */
export const writableColumns = {
  name: 'name', shortName: 'short_name', customerType: 'customer_type', filedOn: 'filed_on', source: 'source', referredBy: 'referred_by',
  ownerId: 'owner_id', secrecyLevel: 'secrecy_level', address: 'address', postalCode: 'postal_code', region: 'region', phone: 'phone',
  fax: 'fax', email: 'email', website: 'website', qq: 'qq', wechat: 'wechat', creditCode: 'credit_code', foundedOn: 'founded_on',
  registeredCapital: 'registered_capital', shareholders: 'shareholders', bankName: 'bank_name', bankAccount: 'bank_account',
  employeeCount: 'employee_count', domesticStaff: 'domestic_staff', foreignStaff: 'foreign_staff', companyNature: 'company_nature',
  industry: 'industry', industryCode: 'industry_code', industryPosition: 'industry_position', mainBusiness: 'main_business', additionalBusiness: 'additional_business',
  mainProducts: 'main_products', purchasedVarieties: 'purchased_varieties', downstreamMarket: 'downstream_market',
  salesLast3Years: 'sales_last_3_years', cooperationSince: 'cooperation_since', orgStructure: 'org_structure',
  relatedCompanies: 'related_companies', culture: 'culture', developments: 'developments', advantages: 'advantages',
  disadvantages: 'disadvantages', countermeasures: 'countermeasures', potentialNeeds: 'potential_needs', remarks: 'remarks',
  category: 'category', status: 'status', stage: 'stage', importance: 'importance', tags: 'tags', custom: 'custom',
} as const satisfies Record<string, keyof DB['customers']>;
export type WritableField = keyof typeof writableColumns;
const jsonColumns = new Set(['shareholders', 'sales_last_3_years', 'related_companies', 'custom']);

/** Column values for an insert or update from API fields (JSON columns serialised). */
export function toColumns(fields: Partial<Record<WritableField, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    const col = writableColumns[k as WritableField];
    if (!col || v === undefined) continue;
    out[col] = jsonColumns.has(col) ? JSON.stringify(v) : v;
  }
  return sealCustomerColumns(out); // the bank account is personal information (SEC-12)
}

/** An archive's history values with its personal ones sealed, ready for `customer_history` (ARC-7 × SEC-12). */
export function customerHistoryValues(changes: readonly FieldChange[], snapshot: Customer) {
  const sealed = sealHistory('customer', changes, snapshot as unknown as Record<string, unknown>);
  return { changes: JSON.stringify(sealed.changes), snapshot: JSON.stringify(sealed.snapshot) };
}

export function selectCustomers(db: Kysely<DB>) {
  return db
    .selectFrom('customers as c')
    .leftJoin('users as o', 'o.id', 'c.owner_id')
    .selectAll('c')
    .select(['o.display_name as owner_name', sql<number>`(SELECT count(*)::int FROM customer_history h WHERE h.customer_id = c.id AND h.entity = 'customer' AND h.version > 0)`.as('revision_count')]);
}

type Row = DB['customers'] extends infer T ? { [K in keyof T]: unknown } & { owner_name: string | null; revision_count: number } : never;

/** The customer JSON of PLT-3 (every ARC-1 field; `withheld` lists groups not shown). */
export function toCustomer(r: Row): Customer {
  // one object literal (a list shapes 50 of these per request, PLT-7): V8 keeps it a fast object with one shape
  const out: Record<string, unknown> = {
    id: r.id as string,
    archiveNo: r.archive_no as string,
    name: r.name as string,
    customerType: r.customer_type,
    filedOn: r.filed_on as string,
    abcClass: r.abc_class ?? null,
    creditGrade: r.credit_grade ?? null,
    tier: r.tier ?? null,
    secrecyLevel: r.secrecy_level,
    lifecycle: r.lifecycle,
    ownerId: r.owner_id as string,
    ownerName: r.owner_name,
    departmentId: r.department_id as string,
    version: r.version as number,
    createdAt: (r.created_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
    revisionCount: r.revision_count,
    withheld: [],
    // every other writable field (writableColumns), named one by one: an object built by keyed stores in a
    // loop turns into a slow dictionary after a dozen properties, and each list row is read three times more
    shortName: r.short_name ?? null,
    source: r.source ?? null,
    referredBy: r.referred_by ?? null,
    address: r.address ?? null,
    postalCode: r.postal_code ?? null,
    region: r.region ?? null,
    phone: r.phone ?? null,
    fax: r.fax ?? null,
    email: r.email ?? null,
    website: r.website ?? null,
    qq: r.qq ?? null,
    wechat: r.wechat ?? null,
    creditCode: r.credit_code ?? null,
    foundedOn: r.founded_on ?? null,
    registeredCapital: r.registered_capital ?? null,
    shareholders: r.shareholders ?? undefined,
    bankName: r.bank_name ?? null,
    bankAccount: openCustomerBankAccount(r.bank_account) ?? null,
    employeeCount: r.employee_count ?? null,
    domesticStaff: r.domestic_staff ?? null,
    foreignStaff: r.foreign_staff ?? null,
    companyNature: r.company_nature ?? null,
    industry: r.industry ?? null,
    industryCode: r.industry_code ?? null,
    industryPosition: r.industry_position ?? null,
    mainBusiness: r.main_business ?? null,
    additionalBusiness: r.additional_business ?? null,
    mainProducts: r.main_products ?? null,
    purchasedVarieties: r.purchased_varieties ?? null,
    downstreamMarket: r.downstream_market ?? null,
    salesLast3Years: r.sales_last_3_years ?? undefined,
    cooperationSince: r.cooperation_since ?? null,
    orgStructure: r.org_structure ?? null,
    relatedCompanies: r.related_companies ?? undefined,
    culture: r.culture ?? null,
    developments: r.developments ?? null,
    advantages: r.advantages ?? null,
    disadvantages: r.disadvantages ?? null,
    countermeasures: r.countermeasures ?? null,
    potentialNeeds: r.potential_needs ?? null,
    remarks: r.remarks ?? null,
    category: r.category ?? null,
    status: r.status ?? null,
    stage: r.stage ?? null,
    importance: r.importance ?? null,
    tags: r.tags ?? null,
    custom: r.custom ?? undefined,
  };
  return out as Customer;
}

/**
 * The archive number in SQL, over a row source `n` with the columns `prefix` and `last` — the same
 * text as formatArchiveNo (zero-padded to 6 digits, never cut).
 */
export function archiveNoSql(year: number) {
  return sql<string>`n.prefix || ${`-${year}-`}::text || lpad(n.last::text, greatest(6, length(n.last::text)), '0')`;
}

/** Next archive number of the year, inside the caller's transaction: gap-free (ARC-2). */
export async function nextArchiveSeq(tx: Kysely<DB>, prefix: string, year: number): Promise<number> {
  const r = await sql<{ last: number }>`
    INSERT INTO archive_counters (prefix, year, last) VALUES (${prefix}, ${year}, 1)
    ON CONFLICT (prefix, year) DO UPDATE SET last = archive_counters.last + 1
    RETURNING last`.execute(tx);
  return r.rows[0]!.last;
}

export async function replaceSearchTerms(tx: Kysely<DB>, customerId: string, terms: SearchTerm[]) {
  await tx.deleteFrom('customer_terms').where('customer_id', '=', customerId).execute();
  if (terms.length) await tx.insertInto('customer_terms').values(terms.map((t) => ({ term: t.term, rank: t.rank, name_len: t.nameLen, customer_id: customerId }))).execute();
}
