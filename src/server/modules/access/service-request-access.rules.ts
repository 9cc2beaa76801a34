/**
 * Who sees a service request (SVC-10), pure — the complaint policy's pattern, with the queue:
 * - customer service (cs_staff, cs_manager) and the general manager see every request;
 * - the customer's owner sees requests about their customer;
 * - the staff of the team (department) whose queue holds it, and whoever manages that department;
 * - its assignee;
 * - nobody else: the request does not exist for them (404).
 * A customer at a secrecy level the reader may not read shows no name, number or contact
 * (`mayShowCustomer`, shared with complaints). SQL form: `visibleServiceRequests` (service-request-access.sql.ts).
 */
import type { RoleKey } from '../../../contract/roles.js';
import { inResponsibleDepartment, mayShowCustomer, type ComplaintFacts, type ComplaintReader } from './complaint-access.rules.js';

export const serviceSeeAllRoles: readonly RoleKey[] = ['cs_staff', 'cs_manager', 'gm'];

export type ServiceRequestFacts = { customer: ComplaintFacts['customer']; teamDepartmentId: string | null; assigneeId: string | null };
export type ServiceRequestAccess = { read: false } | { read: true; via: 'role' | 'owner' | 'team' | 'assignee'; showCustomer: boolean };

export function decideServiceRequestAccess(r: ComplaintReader, s: ServiceRequestFacts): ServiceRequestAccess {
  let via: 'role' | 'owner' | 'team' | 'assignee' | null = null;
  if (r.roles.some((x) => serviceSeeAllRoles.includes(x))) via = 'role';
  else if (s.customer !== null && s.customer.ownerId === r.userId) via = 'owner';
  else if (inResponsibleDepartment(r, s.teamDepartmentId)) via = 'team';
  else if (s.assigneeId !== null && s.assigneeId === r.userId) via = 'assignee';
  if (via === null) return { read: false };
  return { read: true, via, showCustomer: mayShowCustomer(r, s.customer) };
}
