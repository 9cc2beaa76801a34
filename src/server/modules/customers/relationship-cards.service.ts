/**
 * ARC-3: the relationship cards (客户关系卡) of important customers on their own list — each
 * important archive the caller may read, with its contacts shaped as the contacts tab shapes them.
 */
import { sql, type Kysely } from 'kysely';
import { fieldGroups } from '../../../contract/access.js';
import type { DB } from '../../db/schema.js';
import { decodeIdCursor, encodeCursor } from '../../http/cursor.js';
import { subjectOf } from '../access/access.service.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import { shapeContact } from '../access/field-groups.rules.js';
import type { Principal } from '../auth/principal.js';
import { toContact } from './customer-records.service.js';
import { normalizeName } from './customers.rules.js';
import { filteredCustomers, openCustomer, shapeListRows } from './customers.service.js';

/** 重要客户: big or key tier, ABC class A, important or very important, or VIP (seed 000 §二, spec 03). */
const important = sql<boolean>`(c.tier IN ('big', 'key') OR c.abc_class = 'A' OR c.importance IN ('important', 'very_important') OR c.category = 'vip')`;

export async function listRelationshipCards(db: Kysely<DB>, p: Principal, q: { limit: number; cursor?: string | undefined }) {
  const subject = await subjectOf(db, p);
  const after = decodeIdCursor(q.cursor);
  const rows = await filteredCustomers(db, subject, {}, visibleCustomers(subject))
    .where(important)
    .$if(after !== null, (b) => b.where('c.id', '<', after!))
    .orderBy('c.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const customers = await shapeListRows(db, subject, page);
  const withContacts = customers.filter((c) => !c.withheld.includes('contacts')).map((c) => c.id);
  const contacts = withContacts.length ? await db.selectFrom('contacts').selectAll().where('customer_id', 'in', withContacts).orderBy('customer_id').orderBy('id').execute() : [];
  return {
    items: customers.map((c) => {
      // as the contacts tab shows them: personal fields only after an explicit, audited reveal (SEC-12)
      const groups = fieldGroups.filter((g) => !c.withheld.includes(g) && g !== 'personal');
      return { customer: c, contacts: contacts.filter((k) => k.customer_id === c.id).map((k) => shapeContact(toContact(k as never) as unknown as Record<string, unknown>, groups) as never) };
    }),
    nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1]!.id]) : null,
  };
}

/**
 * ARC-1 关系企业 as links: each related company written on the archive, linked to the one archive
 * the caller may read whose normalised name (ARC-10) is the same. None, or several, give no link;
 * an archive the caller may not see is never named, numbered or linked (SEC-2).
 */
export async function relatedCompanyLinks(db: Kysely<DB>, p: Principal, customerId: string) {
  const subject = await subjectOf(db, p);
  const { row } = await openCustomer(db, subject, customerId, 'read');
  const names = ((row.related_companies as string[] | null) ?? []).filter((n) => typeof n === 'string' && n.trim());
  const norms = [...new Set(names.map(normalizeName).filter(Boolean))];
  const found = norms.length
    ? await db.selectFrom('customers as c').select(['c.id', 'c.archive_no', 'c.name_norm']).where(visibleCustomers(subject)).where('c.name_norm', 'in', norms)
        .where('c.merged_into', 'is', null).where('c.lifecycle', 'in', ['active', 'dormant']).where('c.id', '<>', row.id).limit(200).execute()
    : [];
  return {
    items: names.map((name) => {
      const hits = found.filter((f) => f.name_norm === normalizeName(name));
      return hits.length === 1 ? { name, customerId: hits[0]!.id, archiveNo: hits[0]!.archive_no } : { name, customerId: null, archiveNo: null };
    }),
  };
}
