/**
 * Who sees a complaint (spec 05), pure:
 * - customer service (cs_staff, cs_manager) and the general manager see every complaint;
 * - the customer's owner sees complaints about their customer;
 * - once assigned, the responsible department's staff (its members and whoever manages it) see it;
 * - nobody else: the complaint does not exist for them (404).
 * A complaint about a filed customer at a secrecy level the reader may not read (SEC-5: the archive
 * decision denies and the level is above `none`) shows no customer name, number or contact to them.
 * Its SQL form is `visibleComplaints` in complaint-access.sql.ts (property-tested to agree).
 */
import type { RoleKey } from '../../../contract/roles.js';
import { decideCustomerAccess, type AccessSubject, type CustomerFacts, type SecrecyLevel } from './customer-access.rules.js';

export const complaintSeeAllRoles: readonly RoleKey[] = ['cs_staff', 'cs_manager', 'gm'];

export type ComplaintReader = AccessSubject & { departmentId: string };

export type ComplaintFacts = {
  /** The filed customer (null for someone not yet filed). */
  customer: Pick<CustomerFacts, 'ownerId' | 'departmentId' | 'secrecyLevel' | 'abcClass'> & { sharedWith?: readonly string[] } | null;
  responsibleDepartmentId: string | null;
};

export type ComplaintAccess =
  | { read: false }
  | { read: true; via: 'role' | 'owner' | 'department'; showCustomer: boolean };

export function inResponsibleDepartment(r: Pick<ComplaintReader, 'departmentId' | 'managedDepartmentIds'>, responsibleDepartmentId: string | null): boolean {
  return responsibleDepartmentId !== null && (r.departmentId === responsibleDepartmentId || r.managedDepartmentIds.includes(responsibleDepartmentId));
}

/** Whether the reader may read the customer's name at its secrecy level. */
export function mayShowCustomer(r: AccessSubject, customer: ComplaintFacts['customer']): boolean {
  if (!customer) return true; // a name given at intake, not an archive
  if (customer.secrecyLevel === 'none') return true;
  const level: SecrecyLevel = customer.secrecyLevel;
  const facts: CustomerFacts = { id: '0', ownerId: customer.ownerId, departmentId: customer.departmentId, sharedWith: customer.sharedWith ?? [], secrecyLevel: level, abcClass: customer.abcClass, grants: [] };
  return decideCustomerAccess(r, 'read', facts).effect === 'allow';
}

export function decideComplaintAccess(r: ComplaintReader, c: ComplaintFacts): ComplaintAccess {
  let via: 'role' | 'owner' | 'department' | null = null;
  if (r.roles.some((x) => complaintSeeAllRoles.includes(x))) via = 'role';
  else if (c.customer !== null && c.customer.ownerId === r.userId) via = 'owner';
  else if (inResponsibleDepartment(r, c.responsibleDepartmentId)) via = 'department';
  if (via === null) return { read: false };
  return { read: true, via, showCustomer: mayShowCustomer(r, c.customer) };
}

/** Who records a complaint: customer service, the gm, or the owner about their own customer (checked against the archive). */
export const complaintIntakeRoles: readonly RoleKey[] = ['cs_staff', 'cs_manager', 'gm'];
/** Who keeps the rota: the customer-service manager (and the gm). */
export const rotaKeeperRoles: readonly RoleKey[] = ['cs_manager', 'gm'];
/** Who may be on duty: customer-service staff. */
export const rotaDutyRoles: readonly RoleKey[] = ['cs_staff', 'cs_manager'];
