/**
 * The SQL form of decideEvaluationAccess(…).read over customers aliased `c`: the customers whose
 * evaluation data the subject may read (the archive's `evaluation` group, or finance's duty).
 * Must agree with the pure rules (evaluation-access.test.ts checks generated cases): secret and
 * confidential archives are read by role and by department managers like the archive itself.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { aClassRoles, ordinaryReaderRoles, seeAllRoles, type AccessSubject } from './customer-access.rules.js';
import { financeFillRoles } from './evaluation-access.rules.js';
import { grantActive } from './active-grants.js';

export function evaluationVisibleCustomers(s: AccessSubject): Expression<SqlBool> {
  if (s.roles.includes('gm')) return sql<SqlBool>`true`;
  const seeAll = s.roles.some((r) => seeAllRoles.includes(r));
  const aClass = s.roles.some((r) => aClassRoles.includes(r));
  const finance = s.roles.some((r) => financeFillRoles.includes(r));
  const branches = [sql`(c.owner_id = ${s.userId}::bigint AND c.secrecy_level <> 'top_secret')`];
  if (seeAll || s.managedDepartmentIds.length > 0) {
    const scope = seeAll ? sql`true` : sql`c.department_id = ANY(${s.managedDepartmentIds.map(Number)}::bigint[])`;
    branches.push(sql`(${scope} AND c.secrecy_level <> 'top_secret' ${aClass ? sql`` : sql`AND c.abc_class IS DISTINCT FROM 'A'`})`);
  }
  branches.push(sql`c.id IN (SELECT g.customer_id FROM access_requests g WHERE g.requester_id = ${s.userId}::bigint
    AND ${grantActive()} AND 'evaluation' = ANY(g.groups)) AND c.secrecy_level IN ('none', 'secret')`);
  if (finance) branches.push(sql`(c.secrecy_level = 'none' AND c.abc_class IS DISTINCT FROM 'A')`);
  // the office head reads ordinary archives by role (SEC-6), A-class ones as a basic card only (SEC-3)
  if (s.roles.some((r) => ordinaryReaderRoles.includes(r))) branches.push(sql`(c.secrecy_level = 'none' ${aClass ? sql`` : sql`AND c.abc_class IS DISTINCT FROM 'A'`})`);
  return sql<SqlBool>`(${sql.join(branches, sql` OR `)})`;
}

/**
 * Whether evaluationVisibleCustomers(s) is every customer (the gm), or exactly every customer below
 * top secret (the roles that see every archive, A-class included: the marketing manager and
 * director) — a report over all of them is then the same for each such caller and may be served
 * from the cache they share (ANA-2, analytics-cache.ts). Property-tested beside the SQL form.
 */
export function evaluationSeesAll(s: AccessSubject): boolean {
  return s.roles.includes('gm');
}
export function evaluationSeesAllBelowTopSecret(s: AccessSubject): boolean {
  return !evaluationSeesAll(s) && s.roles.some((r) => seeAllRoles.includes(r)) && s.roles.some((r) => aClassRoles.includes(r));
}
