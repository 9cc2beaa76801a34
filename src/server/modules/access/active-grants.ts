/**
 * When a grant counts (SEC-6): an approved access request or borrowing (`access_requests`) opens
 * its field groups from `starts_at` until `ends_at`, unless returned earlier. No job revokes a
 * grant; time does. This is the one definition: the SQL conditions of the access policy and every
 * reader of a subject's grants take it from here.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { FieldGroup } from '../../../contract/access.js';
import type { DB } from '../../db/schema.js';
import type { ActiveGrant } from './customer-access.rules.js';

/**
 * The condition on `access_requests` aliased `alias` (default `g`): active at `at`, or at the
 * statement's `now()` when no time is given (one statement text, so it can be prepared once).
 */
export function grantActive(alias = 'g', at?: Date): RawBuilder<SqlBool> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const t = at === undefined ? sql`now()` : sql`${at}`;
  return sql<SqlBool>`${col('starts_at')} <= ${t} AND ${col('ends_at')} > ${t} AND ${col('returned_at')} IS NULL`;
}

/**
 * A user's grants active at `now`, by customer id: on the given customers, or on every customer
 * when `customerIds` is omitted (an export or a bulk action reads them once for all its rows).
 */
export async function activeGrantsByCustomer(db: Kysely<DB>, userId: string, now: Date, customerIds?: readonly string[]): Promise<Map<string, ActiveGrant[]>> {
  let q = db.selectFrom('access_requests as g').select(['g.customer_id', 'g.groups']).where('g.requester_id', '=', userId).where(grantActive('g', now));
  // `= ANY(array)`: one statement text whatever the number of customers (PLT-7)
  if (customerIds) q = q.where(sql<SqlBool>`g.customer_id = ANY(${customerIds}::bigint[])`);
  const out = new Map<string, ActiveGrant[]>();
  for (const r of await q.execute()) out.set(r.customer_id, [...(out.get(r.customer_id) ?? []), { groups: r.groups as FieldGroup[] }]);
  return out;
}
