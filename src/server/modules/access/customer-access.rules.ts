/**
 * Record visibility for customer archives (SEC-2), pure: (subject, action, customer) → decision.
 * Part of the one access-policy module; its SQL form (customer-access.sql.ts) must agree with it
 * on every pair — a property test checks that. Secrecy levels, A-class protection, field groups
 * and grants (SEC-3…SEC-6) extend this decision, here, not beside it.
 */
import type { RoleKey } from '../../../contract/roles.js';

export type AccessSubject = {
  userId: string;
  roles: readonly RoleKey[];
  /** Every department in the subtrees of the departments this user manages (empty if none). */
  managedDepartmentIds: readonly string[];
};

export type CustomerFacts = {
  id: string;
  ownerId: string;
  departmentId: string;
  /** Users the customer is shared with. */
  sharedWith: readonly string[];
};

export type CustomerAction = 'read' | 'update' | 'create';

export type AccessDecision = { effect: 'allow'; via: AccessBasis } | { effect: 'deny' };
export type AccessBasis = 'owner' | 'role' | 'department_manager' | 'shared';

/** Roles that see every customer (SEC-2 rule 3). */
export const seeAllRoles: readonly RoleKey[] = ['cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director', 'gm'];
/** Roles that may build new archives. */
export const createRoles: readonly RoleKey[] = ['sales', 'cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director', 'gm'];

const has = (s: AccessSubject, roles: readonly RoleKey[]) => s.roles.some((r) => roles.includes(r));

/** How the subject may read the customer, if at all. */
function readBasis(s: AccessSubject, c: CustomerFacts): AccessBasis | null {
  if (c.ownerId === s.userId) return 'owner';
  if (has(s, seeAllRoles)) return 'role';
  if (s.managedDepartmentIds.includes(c.departmentId)) return 'department_manager';
  if (s.roles.includes('sales') && c.sharedWith.includes(s.userId)) return 'shared';
  return null;
}

export function decideCustomerAccess(s: AccessSubject, action: CustomerAction, c: CustomerFacts | null): AccessDecision {
  if (action === 'create') return has(s, createRoles) ? { effect: 'allow', via: 'role' } : { effect: 'deny' };
  if (!c) return { effect: 'deny' };
  const basis = readBasis(s, c);
  if (!basis) return { effect: 'deny' };
  if (action === 'read') return { effect: 'allow', via: basis };
  // update: the owner, the archive keepers and the managers; a share is for reading only
  return basis === 'shared' ? { effect: 'deny' } : { effect: 'allow', via: basis };
}

export function canReadAll(s: AccessSubject): boolean {
  return has(s, seeAllRoles);
}
