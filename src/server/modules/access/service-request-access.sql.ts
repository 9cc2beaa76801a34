/**
 * The SQL form of decideServiceRequestAccess(…).read over service requests aliased `s` joined (LEFT)
 * to their customer aliased `cu`: every request list, count, statistic, export and timeline filters
 * with it (service-request-access.test.ts checks the two agree).
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ComplaintReader } from './complaint-access.rules.js';
import { serviceSeeAllRoles } from './service-request-access.rules.js';

export function visibleServiceRequests(r: ComplaintReader): Expression<SqlBool> {
  if (r.roles.some((x) => serviceSeeAllRoles.includes(x))) return sql<SqlBool>`true`;
  const depts = [...new Set([r.departmentId, ...r.managedDepartmentIds])].map(Number);
  return sql<SqlBool>`(cu.owner_id = ${r.userId}::bigint OR s.team_department_id = ANY(${depts}::bigint[]) OR s.assignee_id = ${r.userId}::bigint)`;
}

/** For one customer's timeline, whose owner is known: does the reader see this request? */
export function showsCustomerServiceRequests(r: ComplaintReader, customerOwnerId: string | null): Expression<SqlBool> {
  if (r.roles.some((x) => serviceSeeAllRoles.includes(x)) || customerOwnerId === r.userId) return sql<SqlBool>`true`;
  const depts = [...new Set([r.departmentId, ...r.managedDepartmentIds])].map(Number);
  return sql<SqlBool>`(s.team_department_id = ANY(${depts}::bigint[]) OR s.assignee_id = ${r.userId}::bigint)`;
}
