/** The header search (issue 17 item 15): customers, contacts and documents, each group through the access policy. */
import type { Kysely } from 'kysely';
import type { GlobalSearchResult } from '../../../contract/search.routes.js';
import type { DB } from '../../db/schema.js';
import { subjectOf } from '../access/access.service.js';
import type { Principal } from '../auth/principal.js';
import { searchContacts } from '../customers/contacts.search.js';
import { listCustomers } from '../customers/customers.service.js';
import { searchDocuments } from '../documents/documents.search.js';

export async function searchEverything(db: Kysely<DB>, p: Principal, q: { q: string; limit: number }): Promise<GlobalSearchResult> {
  const subject = await subjectOf(db, p);
  const [customers, contacts, documents] = await Promise.all([
    listCustomers(db, p, { q: q.q, limit: q.limit }),
    searchContacts(db, subject, q.q, q.limit),
    searchDocuments(db, subject, q.q, q.limit),
  ]);
  return {
    customers: customers.items.map((c) => ({ id: c.id, archiveNo: c.archiveNo, name: c.name, shortName: c.shortName ?? null, customerType: c.customerType })),
    contacts,
    documents,
  };
}
