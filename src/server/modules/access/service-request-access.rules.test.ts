import { describe, expect, it } from 'vitest';
import { roleKeys, type RoleKey } from '../../../contract/roles.js';
import type { ComplaintReader } from './complaint-access.rules.js';
import type { SecrecyLevel } from './customer-access.rules.js';
import { decideServiceRequestAccess, type ServiceRequestFacts } from './service-request-access.rules.js';

const reader = (roles: RoleKey[], extra: Partial<ComplaintReader> = {}): ComplaintReader => ({ userId: '10', roles, managedDepartmentIds: [], departmentId: '5', ...extra });
const about = (level: SecrecyLevel, over: Partial<ServiceRequestFacts> = {}): ServiceRequestFacts => ({
  customer: { ownerId: '99', departmentId: '7', secrecyLevel: level, abcClass: null }, teamDepartmentId: null, assigneeId: null, ...over,
});

describe('SVC-10 who sees a service request', () => {
  it.each(roleKeys.map((r) => [r] as const))('SVC-10 role %s alone (not owner, team or assignee)', (role) => {
    expect(decideServiceRequestAccess(reader([role]), about('none')).read).toBe(['cs_staff', 'cs_manager', 'gm'].includes(role));
  });
  it.each([
    // [what, reader, facts, via]
    ['the customer\'s owner', reader(['sales'], { userId: '99' }), about('none'), 'owner'],
    ['the team\'s staff', reader(['dept_staff']), about('none', { teamDepartmentId: '5' }), 'team'],
    ['a manager of the team (subtree)', reader(['sales'], { departmentId: '1', managedDepartmentIds: ['1', '6'] }), about('none', { teamDepartmentId: '6' }), 'team'],
    ['the assignee', reader(['finance']), about('none', { assigneeId: '10' }), 'assignee'],
  ] as const)('SVC-10 %s sees it', (_what, r, f, via) => {
    expect(decideServiceRequestAccess(r, f)).toMatchObject({ read: true, via });
  });
  it.each([
    ['another team', reader(['dept_staff']), about('none', { teamDepartmentId: '6' })],
    ['another assignee', reader(['dept_staff']), about('none', { assigneeId: '11' })],
    ['a rep about someone not yet filed', reader(['sales']), { customer: null, teamDepartmentId: null, assigneeId: null }],
  ] as const)('SVC-10 %s: 404', (_what, r, f) => {
    expect(decideServiceRequestAccess(r, f)).toEqual({ read: false });
  });
  it.each([
    ['none', ['dept_staff'], true],
    ['secret', ['dept_staff'], false],
    ['secret', ['cs_staff'], true],
    ['top_secret', ['cs_manager'], false],
    ['top_secret', ['gm'], true],
  ] as [SecrecyLevel, RoleKey[], boolean][])('SVC-10 SEC-5 a %s customer, reader %j in the team → name shown %s', (level, roles, show) => {
    const d = decideServiceRequestAccess(reader(roles), about(level, { teamDepartmentId: '5' }));
    expect(d.read).toBe(true);
    if (d.read) expect(d.showCustomer).toBe(show);
  });
});
