/**
 * The SQL form of decideCustomerAccess(…, 'read', …): a WHERE condition on `customers` used by
 * every list, search, count and export. Must agree with the pure function (property-tested).
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { canReadAll, type AccessSubject } from './customer-access.rules.js';

/** Condition over a table aliased `c` (customers). */
export function visibleCustomers(s: AccessSubject): Expression<SqlBool> {
  if (canReadAll(s)) return sql<SqlBool>`true`;
  const parts = [sql<SqlBool>`c.owner_id = ${s.userId}::bigint`];
  if (s.managedDepartmentIds.length > 0) parts.push(sql<SqlBool>`c.department_id = ANY(${s.managedDepartmentIds.map(Number)}::bigint[])`);
  if (s.roles.includes('sales')) parts.push(sql<SqlBool>`EXISTS (SELECT 1 FROM customer_shares sh WHERE sh.customer_id = c.id AND sh.user_id = ${s.userId}::bigint)`);
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}
