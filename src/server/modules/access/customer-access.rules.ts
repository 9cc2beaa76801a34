/**
 * Access to customer archives, pure: (subject, action, customer) → decision. The one place that
 * decides who may read or change an archive and which parts of it:
 * - SEC-2 record visibility (owner, see-all roles, department managers, shares);
 * - SEC-3 A-class archives open in full only to marketing managers and above and the owner;
 * - SEC-4 field groups (what is withheld, what is masked);
 * - SEC-5 secrecy levels, ordered (whoever reads a level reads every lower one): top secret — gm
 *   only; confidential — by role only, view-only, never lent; secret — by role, others only through
 *   a gm-approved grant; none — by role, shares, or grants approved by customer service;
 * - SEC-6 time-boxed grants from approved access requests (the caller passes the grants that
 *   are active at its `now`; an expired grant is simply not among them).
 * Its SQL form (customer-access.sql.ts) must agree with it on every pair — a property test checks that.
 */
import { fieldGroups, type CustomerUse, type FieldGroup } from '../../../contract/access.js';
import type { RoleKey } from '../../../contract/roles.js';

export type SecrecyLevel = 'none' | 'secret' | 'confidential' | 'top_secret';

export type AccessSubject = {
  userId: string;
  roles: readonly RoleKey[];
  /** Every department in the subtrees of the departments this user manages (empty if none). */
  managedDepartmentIds: readonly string[];
};

/** A grant of an approved access request, active now (SEC-6). */
export type ActiveGrant = { groups: readonly FieldGroup[] };

export type CustomerFacts = {
  id: string;
  ownerId: string | null;
  departmentId: string;
  /** Users the customer is shared with. */
  sharedWith: readonly string[];
  secrecyLevel: SecrecyLevel;
  abcClass: 'A' | 'B' | 'C' | null;
  /** The subject's grants on this customer that are active at the time of the decision. */
  grants: readonly ActiveGrant[];
};

export type CustomerAction = 'read' | 'update' | 'create' | CustomerUse;

export type AccessBasis = 'owner' | 'role' | 'department_manager' | 'shared' | 'grant';
export type AllowDecision = {
  effect: 'allow';
  via: AccessBasis;
  /** Field groups the subject may read (always includes `basic`). */
  groups: FieldGroup[];
  /** No export, print or document download (SEC-5: confidential and top secret). */
  viewOnly: boolean;
  /** Views show the viewer's name and the time over the content (SEC-5). */
  watermark: boolean;
  /** The rule that withheld groups, when some are withheld by more than the default (e.g. SEC-3). */
  restrictedBy: string | null;
};
export type AccessDecision = AllowDecision | { effect: 'deny'; rule: string };

/** Roles that see every customer (SEC-2 rule 3), top secret excepted. */
export const seeAllRoles: readonly RoleKey[] = ['cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director', 'gm'];
/** Roles that may build new archives. */
export const createRoles: readonly RoleKey[] = ['sales', 'cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director', 'gm'];
/** Who reads an A-class archive in full besides its owner (SEC-3: 市场营销部经理 and above). */
export const aClassRoles: readonly RoleKey[] = ['marketing_manager', 'marketing_director', 'gm'];
/** Roles that read ordinary (`none`) archives without a request, read-only (SEC-6: the office head; the gm and directors see all already). */
export const ordinaryReaderRoles: readonly RoleKey[] = ['office_head'];
/**
 * Who keeps the archive register (档案管理员: filing, borrowing records, destruction — spec roles,
 * SEC-6, SEC-9, ARC-15, ANA-2): every archive below top secret by its number, name and secrecy
 * level, and whether its required documents are filed. That is a duty over the register, not a
 * read of the archive: it opens no field group (SEC-4) — reading one still needs the policy's
 * allow (decideCustomerAccess) or a grant. Top secret stays the gm's alone (SEC-5).
 */
export const registerKeeperRoles: readonly RoleKey[] = ['archivist'];
export function keepsRegisterOf(s: Pick<AccessSubject, 'roles'>, level: SecrecyLevel): boolean {
  return s.roles.some((r) => registerKeeperRoles.includes(r)) && level !== 'top_secret';
}
/** Groups a share opens: a share is for working together on the relationship, not the books. */
export const sharedGroups: readonly FieldGroup[] = ['basic', 'contacts', 'documents'];

const has = (s: AccessSubject, roles: readonly RoleKey[]) => s.roles.some((r) => roles.includes(r));
const deny = (rule: string): AccessDecision => ({ effect: 'deny', rule });

/** How the subject may see the customer by who they are (SEC-2), before secrecy and grants. */
function standingBasis(s: AccessSubject, c: CustomerFacts): Exclude<AccessBasis, 'grant'> | null {
  if (c.ownerId === s.userId) return 'owner';
  if (has(s, seeAllRoles)) return 'role';
  if (s.managedDepartmentIds.includes(c.departmentId)) return 'department_manager';
  // a role's standing reading comes before a share, which would open fewer groups
  if (has(s, ordinaryReaderRoles) && c.secrecyLevel === 'none') return 'role';
  if (s.roles.includes('sales') && c.sharedWith.includes(s.userId)) return 'shared';
  return null;
}

/** Whether a level lets grants (and shares, a standing loan) open an archive at all. */
export const lendable = (level: SecrecyLevel): boolean => level === 'none' || level === 'secret';

function readDecision(s: AccessSubject, c: CustomerFacts): AccessDecision {
  if (c.secrecyLevel === 'top_secret') {
    // 绝密: only the general manager opens it, view-only; never lent (SEC-5)
    if (!s.roles.includes('gm')) return deny('SEC-5');
    return { effect: 'allow', via: c.ownerId === s.userId ? 'owner' : 'role', groups: [...fieldGroups], viewOnly: true, watermark: true, restrictedBy: null };
  }
  let basis: AccessBasis | null = standingBasis(s, c);
  // A share is a standing loan by the owner: fine for ordinary archives; a secret one is lent only
  // through a gm-approved grant, a confidential one never (SEC-5).
  if (basis === 'shared' && c.secrecyLevel !== 'none') basis = null;
  const granted = lendable(c.secrecyLevel) ? [...new Set(c.grants.flatMap((g) => g.groups))] : [];
  if (basis === null && c.grants.length > 0 && lendable(c.secrecyLevel)) basis = 'grant';
  if (basis === null) return deny(c.secrecyLevel === 'none' ? 'SEC-2' : 'SEC-5');

  let groups: FieldGroup[];
  let restrictedBy: string | null = null;
  if (basis === 'grant') groups = ['basic'];
  else if (basis === 'shared') groups = [...sharedGroups];
  else groups = [...fieldGroups];
  // A-class: the full archive only for marketing managers and above and the owner (SEC-3)
  if (c.abcClass === 'A' && basis !== 'owner' && !has(s, aClassRoles) && groups.length > 1) {
    groups = ['basic'];
    restrictedBy = 'SEC-3';
  }
  groups = fieldGroups.filter((g) => groups.includes(g) || granted.includes(g));
  const viewOnly = c.secrecyLevel === 'confidential';
  return { effect: 'allow', via: basis, groups, viewOnly, watermark: viewOnly, restrictedBy };
}

export function decideCustomerAccess(s: AccessSubject, action: CustomerAction, c: CustomerFacts | null): AccessDecision {
  if (action === 'create') {
    return has(s, createRoles)
      ? { effect: 'allow', via: 'role', groups: [...fieldGroups], viewOnly: false, watermark: false, restrictedBy: null }
      : deny('SEC-2');
  }
  if (!c) return deny('SEC-2');
  const read = readDecision(s, c);
  if (read.effect === 'deny' || action === 'read') return read;
  if (action === 'update') {
    // the owner, the archive keepers and the managers; a share or a grant is for reading only
    if (read.via === 'role' && !has(s, seeAllRoles)) return deny('SEC-2'); // the office head reads, keepers edit
    return read.via === 'shared' || read.via === 'grant' ? deny('SEC-2') : read;
  }
  return mayUse(read, action) ? read : deny('SEC-5');
}

/** Export, print and document download: not for view-only levels; documents need their group. */
export function mayUse(d: AllowDecision, use: CustomerUse): boolean {
  if (d.viewOnly) return false;
  return use !== 'download' || d.groups.includes('documents');
}

/** Groups the decision withholds, for the `withheld` list of the customer JSON. */
export function withheldGroups(d: AllowDecision): FieldGroup[] {
  return fieldGroups.filter((g) => !d.groups.includes(g));
}

export function canReadAll(s: Pick<AccessSubject, 'roles'>): boolean {
  return s.roles.includes('gm');
}
