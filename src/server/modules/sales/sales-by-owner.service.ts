/**
 * Sales per owner over a period (for targets, REL-11): the sum of the transactions dated in it of
 * the customers each owner holds now, counting only customers whose financial group the caller
 * reads (financialCustomers, in its row-wise form: each customer is checked where it is read),
 * never top-secret, merged or deleted ones.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { financialCustomersByRow } from '../access/customer-access.sql.js';
import type { AccessSubject } from '../access/customer-access.rules.js';

type SalesQuery = { ownerIds: readonly string[]; from: string; to: string };

/** Whether [from, to] is whole months: from is a month's first day, the day after to a month's first. */
const wholeMonths = (q: { from: string; to: string }) => q.from.endsWith('-01') && new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000).toISOString().slice(8, 10) === '01';

const customerConditions = (s: AccessSubject, ownerIds: readonly string[]) => sql`c.owner_id = ANY(${ownerIds.map(Number)}::bigint[])
      AND c.merged_into IS NULL AND c.lifecycle IN ('active', 'dormant') AND c.secrecy_level <> 'top_secret' AND ${financialCustomersByRow(s)}`;

/**
 * Periods of whole months (every REL-11 period) read the month sums of customer_activity_months
 * (migration 0204: each customer's sales per China month, carrying the customer's current owner, kept
 * by triggers on transactions and on the customer's owner in the writing transaction), the owners'
 * months with a sale from one index (issue 16); each marker's customer is checked by row as before.
 * Other windows read the transactions (salesByOwnerScan, the definition, tested equal).
 */
export async function salesByOwner(db: Kysely<DB>, s: AccessSubject, q: SalesQuery): Promise<Map<string, number>> {
  if (!wholeMonths(q)) return salesByOwnerScan(db, s, q);
  if (q.ownerIds.length === 0) return new Map();
  const owners = q.ownerIds.map(Number);
  return run(db, sql<{ owner_id: string; amount: string }>`
    SELECT c.owner_id, sum(a.amount) AS amount
    FROM customer_activity_months a JOIN customers c ON c.id = a.customer_id
    WHERE a.owner_id = ANY(${owners}::bigint[]) AND a.month BETWEEN ${q.from}::date AND ${q.to}::date AND a.amount <> 0
      AND ${customerConditions(s, q.ownerIds)}
    GROUP BY c.owner_id`);
}

/** salesByOwner from the transactions themselves (the definition, any window). */
export async function salesByOwnerScan(db: Kysely<DB>, s: AccessSubject, q: SalesQuery): Promise<Map<string, number>> {
  if (q.ownerIds.length === 0) return new Map();
  return run(db, sql<{ owner_id: string; amount: string }>`
    SELECT c.owner_id, sum(t.amount) AS amount
    FROM transactions t JOIN customers c ON c.id = t.customer_id
    WHERE t.date BETWEEN ${q.from}::date AND ${q.to}::date AND ${customerConditions(s, q.ownerIds)}
    GROUP BY c.owner_id`);
}

async function run(db: Kysely<DB>, statement: RawBuilder<{ owner_id: string; amount: string }>): Promise<Map<string, number>> {
  // One process, not a parallel plan (issue 16): the planner's parallel form has each process build
  // its own hash of the owners' customers (100,000 for a department at 1M customers) — the same
  // answer for more CPU, taken from the statements of the same request running beside it (targets
  // read five figures at once).
  const rows = db.isTransaction
    ? await statement.execute(db)
    : await db.transaction().execute(async (tx) => {
      await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(tx);
      return statement.execute(tx);
    });
  const out = new Map<string, number>();
  for (const r of rows.rows) out.set(String(r.owner_id), Number(r.amount));
  return out;
}
