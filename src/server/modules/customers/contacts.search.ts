/**
 * Contacts for the header search (issue 17 item 15): names starting with the entry (the
 * `text_pattern_ops` index), only on archives the subject sees, and only where the policy opens
 * the archive's `contacts` group to the subject (a grant of `basic` alone shows none).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AccessSubject, AllowDecision } from '../access/customer-access.rules.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import { openCustomer } from './customers.service.js';

const likeEscape = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/** The read decision of each archive, opened once (404 → left out). */
export async function decisionsOf(db: Kysely<DB>, subject: AccessSubject, customerIds: readonly string[]): Promise<Map<string, { decision: AllowDecision; secrecyLevel: string }>> {
  const out = new Map<string, { decision: AllowDecision; secrecyLevel: string }>();
  for (const id of new Set(customerIds)) {
    try {
      const o = await openCustomer(db, subject, id, 'read');
      if (o.row.id === id) out.set(id, { decision: o.decision, secrecyLevel: o.row.secrecy_level });
    } catch {
      // not visible (any more): nothing of it is shown
    }
  }
  return out;
}

export async function searchContacts(db: Kysely<DB>, subject: AccessSubject, q: string, limit: number) {
  const value = q.normalize('NFKC').trim();
  if (!value) return [];
  const rows = await db
    .selectFrom('contacts as ct')
    .innerJoin('customers as c', 'c.id', 'ct.customer_id')
    .select(['ct.id', 'ct.name', 'ct.position', 'ct.role', 'c.id as customer_id', 'c.name as customer_name', 'c.archive_no'])
    .where(visibleCustomers(subject))
    .where('c.lifecycle', 'not in', ['deleted', 'destroyed'])
    .where('c.merged_into', 'is', null)
    .where('ct.name', 'like', `${likeEscape(value)}%`)
    .orderBy('ct.name')
    .orderBy('ct.id')
    .limit(limit * 4)
    .execute();
  const decisions = await decisionsOf(db, subject, rows.map((r) => r.customer_id));
  return rows
    .filter((r) => decisions.get(r.customer_id)?.decision.groups.includes('contacts'))
    .slice(0, limit)
    .map((r) => ({ id: r.id, name: r.name, position: r.position, role: r.role, customerId: r.customer_id, customerName: r.customer_name, archiveNo: r.archive_no }));
}
