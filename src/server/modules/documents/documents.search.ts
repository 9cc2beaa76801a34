/**
 * Documents for the header search (issue 17 item 15): titles containing the entry (trigram index
 * from 3 characters), on archives the subject sees, where the policy opens the `documents` group
 * and the document's own level is one the subject may see (decideDocumentAccess, as for one document).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AccessSubject, SecrecyLevel } from '../access/customer-access.rules.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import { decisionsOf } from '../customers/contacts.search.js';
import { documentAccess } from './documents.service.js';

const likeEscape = (s: string) => s.replace(/[\\%_]/g, '\\$&');

export async function searchDocuments(db: Kysely<DB>, subject: AccessSubject, q: string, limit: number) {
  const value = q.normalize('NFKC').trim();
  if (!value) return [];
  const rows = await db
    .selectFrom('documents as d')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .innerJoin('document_files as f', (j) => j.onRef('f.document_id', '=', 'd.id').onRef('f.file_version', '=', 'd.file_version'))
    .select(['d.id', 'd.title', 'd.category', 'd.secrecy_level', 'f.content_type', 'c.id as customer_id', 'c.name as customer_name', 'c.archive_no'])
    .where('d.deleted_at', 'is', null)
    .where(visibleCustomers(subject))
    .where('c.lifecycle', 'not in', ['deleted', 'destroyed'])
    .where('c.merged_into', 'is', null)
    .where('d.title', 'ilike', `%${likeEscape(value)}%`)
    .orderBy('d.updated_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit * 4)
    .execute();
  const decisions = await decisionsOf(db, subject, rows.map((r) => r.customer_id));
  return rows
    .filter((r) => {
      const d = decisions.get(r.customer_id);
      return !!d && d.decision.groups.includes('documents') && documentAccess(subject, d.decision, d.secrecyLevel, r.secrecy_level) !== 'hidden';
    })
    .slice(0, limit)
    .map((r) => ({ id: r.id, title: r.title, category: r.category, secrecyLevel: r.secrecy_level as SecrecyLevel, contentType: r.content_type, customerId: r.customer_id, customerName: r.customer_name, archiveNo: r.archive_no }));
}
