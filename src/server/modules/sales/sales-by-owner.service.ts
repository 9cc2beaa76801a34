/**
 * Sales per owner over a period (for targets, REL-11): the sum of the transactions dated in it of
 * the customers each owner holds now, counting only customers whose financial group the caller
 * reads (financialCustomers, in its row-wise form: the owners' customers are read once and each is
 * checked where it is read), never top-secret, merged or deleted ones.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { financialCustomersByRow } from '../access/customer-access.sql.js';
import type { AccessSubject } from '../access/customer-access.rules.js';

export async function salesByOwner(db: Kysely<DB>, s: AccessSubject, q: { ownerIds: readonly string[]; from: string; to: string }): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (q.ownerIds.length === 0) return out;
  const rows = await sql<{ owner_id: string; amount: string }>`
    SELECT c.owner_id, sum(t.amount) AS amount
    FROM transactions t JOIN customers c ON c.id = t.customer_id
    WHERE c.owner_id = ANY(${q.ownerIds.map(Number)}::bigint[]) AND t.date BETWEEN ${q.from}::date AND ${q.to}::date
      AND c.merged_into IS NULL AND c.lifecycle IN ('active', 'dormant') AND c.secrecy_level <> 'top_secret' AND ${financialCustomersByRow(s)}
    GROUP BY c.owner_id`.execute(db);
  for (const r of rows.rows) out.set(String(r.owner_id), Number(r.amount));
  return out;
}
