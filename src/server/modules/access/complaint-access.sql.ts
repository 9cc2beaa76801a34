/**
 * The SQL form of decideComplaintAccess(…).read over complaints aliased `k` joined (LEFT) to their
 * customer aliased `cu`: every complaint list, count, statistic, export and timeline filters with it.
 * complaint-access.test.ts checks that it agrees with the pure rule on generated cases.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { complaintSeeAllRoles, type ComplaintReader } from './complaint-access.rules.js';

export function visibleComplaints(r: ComplaintReader): Expression<SqlBool> {
  if (r.roles.some((x) => complaintSeeAllRoles.includes(x))) return sql<SqlBool>`true`;
  const depts = [...new Set([r.departmentId, ...r.managedDepartmentIds])].map(Number);
  return sql<SqlBool>`(cu.owner_id = ${r.userId}::bigint OR k.responsible_department_id = ANY(${depts}::bigint[]))`;
}

/** The same, for a customer's own complaints (the timeline): does the reader see this customer's complaints? */
export function showsCustomerComplaints(r: ComplaintReader, customerOwnerId: string | null): Expression<SqlBool> {
  if (r.roles.some((x) => complaintSeeAllRoles.includes(x)) || customerOwnerId === r.userId) return sql<SqlBool>`true`;
  const depts = [...new Set([r.departmentId, ...r.managedDepartmentIds])].map(Number);
  return sql<SqlBool>`k.responsible_department_id = ANY(${depts}::bigint[])`;
}
