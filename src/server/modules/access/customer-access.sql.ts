/**
 * The SQL form of decideCustomerAccess(…, 'read', …): a WHERE condition on `customers` used by
 * every list, search, count and export. Must agree with the pure function (property-tested),
 * secrecy levels and active grants included.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { aClassRoles, ordinaryReaderRoles, registerKeeperRoles, seeAllRoles, type AccessSubject } from './customer-access.rules.js';
import { financeFillRoles } from './evaluation-access.rules.js';
import { grantActive } from './active-grants.js';

/** Condition over a table aliased `c` (customers). */
export function visibleCustomers(s: AccessSubject): Expression<SqlBool> {
  if (s.roles.includes('gm')) return sql<SqlBool>`true`;
  const seeAll = s.roles.some((r) => seeAllRoles.includes(r));
  if (seeAll) return sql<SqlBool>`c.secrecy_level <> 'top_secret'`;
  // A UNION of indexed branches, not an OR: the planner can use owner, share, department and
  // grant indexes one by one (31 ms → 2 ms for a sales rep at 1M customers, notes/search-at-scale.md).
  const branches = [sql`SELECT v.id FROM customers v WHERE v.owner_id = ${s.userId}::bigint AND v.secrecy_level <> 'top_secret'`];
  if (s.managedDepartmentIds.length > 0) {
    branches.push(sql`SELECT v.id FROM customers v WHERE v.department_id = ANY(${s.managedDepartmentIds.map(Number)}::bigint[]) AND v.secrecy_level <> 'top_secret'`);
  }
  if (s.roles.includes('sales')) {
    branches.push(sql`SELECT sh.customer_id FROM customer_shares sh JOIN customers v ON v.id = sh.customer_id WHERE sh.user_id = ${s.userId}::bigint AND v.secrecy_level = 'none'`);
  }
  branches.push(sql`SELECT g.customer_id FROM access_requests g JOIN customers v ON v.id = g.customer_id WHERE g.requester_id = ${s.userId}::bigint
    AND ${grantActive()} AND v.secrecy_level IN ('none', 'secret')`);
  const listed = sql<SqlBool>`c.id IN (${sql.join(branches, sql` UNION ALL `)})`;
  // the office head reads every ordinary archive (SEC-6)
  return s.roles.some((r) => ordinaryReaderRoles.includes(r)) ? sql<SqlBool>`(c.secrecy_level = 'none' OR ${listed})` : listed;
}

/**
 * Whether visibleCustomers(s) is every customer (the gm), or exactly every customer below top secret
 * (the roles that see every archive): a count over all of them can then be taken as a whole less the
 * few it leaves out (ANA-2, the managers' key customers by last contact). Property-tested beside it.
 */
export function visibleSeesAll(s: AccessSubject): boolean {
  return s.roles.includes('gm');
}
export function visibleSeesAllBelowTopSecret(s: AccessSubject): boolean {
  return !visibleSeesAll(s) && s.roles.some((r) => seeAllRoles.includes(r));
}

/**
 * The same visibility as separate conditions whose OR is visibleCustomers (property-tested), or
 * null when one condition serves (see-all roles). A list can then read each branch's first page
 * off its own (owner | department, sort column) index and merge them, instead of gathering every
 * customer a sales rep owns before sorting.
 */
export function visibilityBranches(s: AccessSubject): Expression<SqlBool>[] | null {
  return taggedVisibilityBranches(s)?.map((b) => b.condition) ?? null;
}

/**
 * visibilityBranches, each named by what it admits: `owner` is exactly the customers
 * `ownerId` owns (with the secrecy the policy allows them), so a reader that keeps the owner
 * elsewhere (contact_states.owner_id, REL-4) may add its own `owner_id = ownerId` to reach the
 * branch's rows through its index. The condition itself always stays: it is the policy's.
 */
export type VisibilityBranch = { kind: 'owner'; ownerId: string; condition: Expression<SqlBool> } | { kind: 'department' | 'share' | 'grant' | 'ordinary'; condition: Expression<SqlBool> };
export function taggedVisibilityBranches(s: AccessSubject): VisibilityBranch[] | null {
  if (s.roles.includes('gm') || s.roles.some((r) => seeAllRoles.includes(r))) return null;
  const branches: VisibilityBranch[] = [{ kind: 'owner', ownerId: s.userId, condition: sql<SqlBool>`(c.owner_id = ${s.userId}::bigint AND c.secrecy_level <> 'top_secret')` }];
  if (s.managedDepartmentIds.length > 0) {
    branches.push({ kind: 'department', condition: sql<SqlBool>`(c.department_id = ANY(${s.managedDepartmentIds.map(Number)}::bigint[]) AND c.secrecy_level <> 'top_secret')` });
  }
  if (s.roles.includes('sales')) {
    branches.push({ kind: 'share', condition: sql<SqlBool>`(c.secrecy_level = 'none' AND c.id IN (SELECT sh.customer_id FROM customer_shares sh WHERE sh.user_id = ${s.userId}::bigint))` });
  }
  branches.push({ kind: 'grant', condition: sql<SqlBool>`(c.secrecy_level IN ('none', 'secret') AND c.id IN (SELECT g.customer_id FROM access_requests g WHERE g.requester_id = ${s.userId}::bigint
    AND ${grantActive()}))` });
  if (s.roles.some((r) => ordinaryReaderRoles.includes(r))) branches.push({ kind: 'ordinary', condition: sql<SqlBool>`(c.secrecy_level = 'none')` });
  return branches;
}

/**
 * For a subject who sees (almost) every archive (the gm, the roles that see every archive): the
 * customers they may NOT see, as a condition on the row `c` — or null for anyone else. An aggregate
 * over rows that name their customer (survey responses, REL-9) then leaves these few out instead of
 * opening every row's customer; the condition for the see-all roles, top secret, is answered by the
 * partial index customers_top_secret_idx (migration 0206). Property-tested: exactly the complement of
 * visibleCustomers(s).
 */
export function visibleHidden(s: AccessSubject): Expression<SqlBool> | null {
  if (s.roles.includes('gm')) return sql<SqlBool>`false`;
  if (s.roles.some((r) => seeAllRoles.includes(r))) return sql<SqlBool>`c.secrecy_level = 'top_secret'`;
  return null;
}

/**
 * visibleCustomers as a condition on the row `c` itself (the OR of visibilityBranches; the
 * see-all forms as they are), property-tested beside it. For aggregates that already read a set
 * of customers (an owner's, a department's) through an index: each row is checked where it is
 * read, instead of gathering every visible id first and probing the primary key for each (REL-11).
 */
export function visibleCustomersByRow(s: AccessSubject): Expression<SqlBool> {
  const branches = visibilityBranches(s);
  return branches ? sql<SqlBool>`(${sql.join(branches, sql` OR `)})` : visibleCustomers(s);
}

/**
 * Visible customers whose `contacts` group the subject reads (SEC-3, SEC-4), as a condition on the
 * row `c`: the SQL form of `decideCustomerAccess(s, 'read', c).groups.includes('contacts')`
 * (property-tested beside visibleCustomers). Standing access (owner, see-all role, department
 * manager, the office head on ordinary archives, a share on an ordinary archive) with A-class
 * archives only for their owner and marketing managers and above, or an active grant that opened
 * the contacts group. Whatever is computed from contacts (the ARC-9 "unreachable" reason) is
 * judged only on these.
 */
export function contactsCustomersByRow(s: AccessSubject): Expression<SqlBool> {
  if (s.roles.includes('gm')) return sql<SqlBool>`true`;
  const aClassOk = s.roles.some((r) => aClassRoles.includes(r));
  const notRestricted = aClassOk ? sql`true` : sql`c.abc_class IS DISTINCT FROM 'A'`;
  const standing = [];
  if (s.roles.some((r) => seeAllRoles.includes(r))) standing.push(sql`c.secrecy_level <> 'top_secret'`);
  if (s.managedDepartmentIds.length > 0) standing.push(sql`(c.department_id = ANY(${s.managedDepartmentIds.map(Number)}::bigint[]) AND c.secrecy_level <> 'top_secret')`);
  if (s.roles.some((r) => ordinaryReaderRoles.includes(r))) standing.push(sql`c.secrecy_level = 'none'`);
  if (s.roles.includes('sales')) standing.push(sql`(c.secrecy_level = 'none' AND c.id IN (SELECT sh.customer_id FROM customer_shares sh WHERE sh.user_id = ${s.userId}::bigint))`);
  const branches = [sql`(c.owner_id = ${s.userId}::bigint AND c.secrecy_level <> 'top_secret')`];
  if (standing.length > 0) branches.push(sql`((${sql.join(standing, sql` OR `)}) AND ${notRestricted})`);
  branches.push(sql`(c.secrecy_level IN ('none', 'secret') AND c.id IN (SELECT g.customer_id FROM access_requests g WHERE g.requester_id = ${s.userId}::bigint
    AND ${grantActive()} AND 'contacts' = ANY(g.groups)))`);
  return sql<SqlBool>`(${sql.join(branches, sql` OR `)})`;
}

/**
 * Archives in the caller's register (ANA-2, the archivist's home: how many, how many lack a required
 * document): those the caller may see, and for the register's keepers every archive below top
 * secret — the SQL form of `decision allow || keepsRegisterOf(s, level)` (property-tested beside
 * visibleCustomers). Only counts and the register's own facts (number, name, level, documents
 * filed) are read through it, never a field group.
 */
export function registerCustomers(s: AccessSubject): Expression<SqlBool> {
  if (!s.roles.some((r) => registerKeeperRoles.includes(r))) return visibleCustomers(s);
  return sql<SqlBool>`(c.secrecy_level <> 'top_secret' OR ${visibleCustomers(s)})`;
}

/**
 * Visible customers that may also be exported (SEC-5: confidential and top secret are view-only).
 * Used by list exports, which must never carry what the screen may only show.
 */
export function exportableCustomers(s: AccessSubject): Expression<SqlBool> {
  return sql<SqlBool>`(${visibleCustomers(s)} AND c.secrecy_level IN ('none', 'secret'))`;
}

/**
 * Visible customers whose financial group the subject reads (SEC-3, SEC-4): the SQL form of
 * `decideCustomerAccess(s, 'read', c).groups.includes('financial')` (property-tested beside
 * visibleCustomers). Standing access other than a share, with A-class archives only for their owner
 * and marketing managers and above, or an active grant that opened the financial group.
 * Receivables, opportunities, contracts and sales analyses list only these.
 */
export function financialCustomers(s: AccessSubject): Expression<SqlBool> {
  if (s.roles.includes('gm')) return sql<SqlBool>`true`;
  const aClassOk = s.roles.some((r) => aClassRoles.includes(r));
  const seeAll = s.roles.some((r) => seeAllRoles.includes(r));
  const notRestricted = aClassOk ? sql`true` : sql`(v.abc_class IS DISTINCT FROM 'A' OR v.owner_id = ${s.userId}::bigint)`;
  const branches = seeAll
    ? [sql`SELECT v.id FROM customers v WHERE v.secrecy_level <> 'top_secret' AND ${notRestricted}`]
    : [sql`SELECT v.id FROM customers v WHERE v.owner_id = ${s.userId}::bigint AND v.secrecy_level <> 'top_secret'`];
  if (!seeAll && s.managedDepartmentIds.length > 0) {
    branches.push(sql`SELECT v.id FROM customers v WHERE v.department_id = ANY(${s.managedDepartmentIds.map(Number)}::bigint[]) AND v.secrecy_level <> 'top_secret' AND ${notRestricted}`);
  }
  // the office head reads ordinary archives by role (SEC-6), A-class ones as a basic card only (SEC-3)
  if (!seeAll && s.roles.some((r) => ordinaryReaderRoles.includes(r))) branches.push(sql`SELECT v.id FROM customers v WHERE v.secrecy_level = 'none' AND ${notRestricted}`);
  branches.push(sql`SELECT g.customer_id FROM access_requests g JOIN customers v ON v.id = g.customer_id WHERE g.requester_id = ${s.userId}::bigint
    AND ${grantActive()} AND 'financial' = ANY(g.groups) AND v.secrecy_level IN ('none', 'secret')`);
  return sql<SqlBool>`c.id IN (${sql.join(branches, sql` UNION ALL `)})`;
}

/**
 * Whether financialCustomers(s) is every customer (the gm): an aggregate may then read its rollup
 * without joining the customers at all (ANA-4, SAL-1 at 1M customers). Property-tested beside it.
 */
export function financialSeesAll(s: AccessSubject): boolean {
  return s.roles.includes('gm');
}

/**
 * Whether financialCustomers(s) is almost every customer (the roles that see every archive): an
 * aggregate over a whole rollup then checks each customer by row (financialCustomersByRow) where it
 * joins them, instead of gathering every visible id first (ANA-2, ANA-4 at 1M customers).
 */
export function financialSeesMost(s: AccessSubject): boolean {
  return financialSeesAll(s) || s.roles.some((r) => seeAllRoles.includes(r));
}

/**
 * Whether financialCustomers(s) is exactly every customer below top secret (the marketing manager
 * and director: every archive, A-class included, but never a top-secret one; not the gm): the
 * answer of an aggregate over all of them is then the same for each such caller, and the
 * compositions may be served from a cache shared by them (ANA-4). Property-tested beside it.
 */
export function financialSeesAllBelowTopSecret(s: AccessSubject): boolean {
  return !financialSeesAll(s) && s.roles.some((r) => seeAllRoles.includes(r)) && s.roles.some((r) => aClassRoles.includes(r));
}

/** Whether paymentCustomers(s) is every customer (see financialSeesAll). */
export function paymentsSeeAll(s: AccessSubject): boolean {
  return financialSeesAll(s);
}

/**
 * financialCustomers as a condition on the row `c` itself (its branches OR-ed over `c`, grants by a
 * hashed sub-select), property-tested beside it; see visibleCustomersByRow for when it pays.
 */
export function financialCustomersByRow(s: AccessSubject): Expression<SqlBool> {
  if (s.roles.includes('gm')) return sql<SqlBool>`true`;
  const aClassOk = s.roles.some((r) => aClassRoles.includes(r));
  const seeAll = s.roles.some((r) => seeAllRoles.includes(r));
  const notRestricted = aClassOk ? sql`true` : sql`(c.abc_class IS DISTINCT FROM 'A' OR c.owner_id = ${s.userId}::bigint)`;
  const branches = seeAll
    ? [sql`(c.secrecy_level <> 'top_secret' AND ${notRestricted})`]
    : [sql`(c.owner_id = ${s.userId}::bigint AND c.secrecy_level <> 'top_secret')`];
  if (!seeAll && s.managedDepartmentIds.length > 0) {
    branches.push(sql`(c.department_id = ANY(${s.managedDepartmentIds.map(Number)}::bigint[]) AND c.secrecy_level <> 'top_secret' AND ${notRestricted})`);
  }
  if (!seeAll && s.roles.some((r) => ordinaryReaderRoles.includes(r))) branches.push(sql`(c.secrecy_level = 'none' AND ${notRestricted})`);
  branches.push(sql`(c.secrecy_level IN ('none', 'secret') AND c.id IN (SELECT g.customer_id FROM access_requests g WHERE g.requester_id = ${s.userId}::bigint
    AND ${grantActive()} AND 'financial' = ANY(g.groups)))`);
  return sql<SqlBool>`(${sql.join(branches, sql` OR `)})`;
}

/**
 * For a subject who reads almost every customer's payments (finance by duty, the roles that see
 * every archive): the few customers whose payments they may NOT read, as a condition on the row `c`
 * — or null when that is not a few (a rep, a manager of departments). An aggregate then reads its
 * rollup whole and subtracts these (ANA-2, SAL-1 the aging at 1M customers) instead of joining
 * every customer. Every customer outside `secrecy_level <> 'none' OR abc_class = 'A'` (the partial
 * index customers_restricted_idx, migration 0185) is in paymentCustomers(s) for such a subject, so
 * the candidates are read from that index alone. Property-tested: exactly the complement of
 * paymentCustomers(s).
 */
export function paymentsHidden(s: AccessSubject): Expression<SqlBool> | null {
  if (paymentsSeeAll(s)) return sql<SqlBool>`false`;
  if (!s.roles.some((r) => seeAllRoles.includes(r) || financeFillRoles.includes(r))) return null;
  return sql<SqlBool>`((c.secrecy_level <> 'none' OR c.abc_class = 'A') AND NOT coalesce(${paymentCustomersByRow(s)}, false))`;
}

/** paymentCustomers as a condition on the row `c` itself (see financialCustomersByRow). */
export function paymentCustomersByRow(s: AccessSubject): Expression<SqlBool> {
  const financial = financialCustomersByRow(s);
  if (!s.roles.some((r) => financeFillRoles.includes(r))) return financial;
  return sql<SqlBool>`(${financial} OR (c.secrecy_level = 'none' AND c.abc_class IS DISTINCT FROM 'A'))`;
}

/**
 * Archives whose contacts a data-subject search (SEC-12) may find: those the caller may see, and
 * by the `personal.manage` duty ordinary (`none`-level) ones. Secret, confidential and top-secret
 * archives follow SEC-5 like every other read — a duty does not lend them.
 */
export function personalDataCustomers(s: AccessSubject, duty: boolean): Expression<SqlBool> {
  return duty ? sql<SqlBool>`(c.secrecy_level = 'none' OR ${visibleCustomers(s)})` : visibleCustomers(s);
}

/**
 * Customers whose payments the subject reads (SAL-1 receivables): the financial group, or
 * finance's duty on ordinary, non-A-class archives — the SQL form of decidePaymentAccess(…).read
 * (property-tested beside visibleCustomers).
 */
export function paymentCustomers(s: AccessSubject): Expression<SqlBool> {
  const financial = financialCustomers(s);
  if (!s.roles.some((r) => financeFillRoles.includes(r))) return financial;
  return sql<SqlBool>`(${financial} OR (c.secrecy_level = 'none' AND c.abc_class IS DISTINCT FROM 'A'))`;
}
