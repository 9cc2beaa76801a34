import { describe, expect, it } from 'vitest';
import { roleKeys, type RoleKey } from '../../../contract/roles.js';
import { decideComplaintAccess, type ComplaintFacts, type ComplaintReader } from './complaint-access.rules.js';
import type { SecrecyLevel } from './customer-access.rules.js';

const reader = (roles: RoleKey[], extra: Partial<ComplaintReader> = {}): ComplaintReader => ({ userId: '10', roles, managedDepartmentIds: [], departmentId: '5', ...extra });
const about = (level: SecrecyLevel, ownerId = '99', responsibleDepartmentId: string | null = null): ComplaintFacts => ({
  customer: { ownerId, departmentId: '7', secrecyLevel: level, abcClass: null },
  responsibleDepartmentId,
});

describe('SVC-1 SVC-4 SVC-7 complaint visibility (who sees a complaint)', () => {
  it.each(roleKeys.map((r) => [r] as const))('SVC-1 role %s alone, not owner, not the department: customer service (受理) and the gm see every complaint', (role) => {
    const d = decideComplaintAccess(reader([role]), about('none'));
    expect(d.read).toBe(['cs_staff', 'cs_manager', 'gm'].includes(role));
  });
  it('SVC-7 the customer\'s owner sees it (complaints show on their customer\'s archive)', () => {
    expect(decideComplaintAccess(reader(['sales'], { userId: '99' }), about('none'))).toEqual({ read: true, via: 'owner', showCustomer: true });
  });
  it('SVC-4 the responsible department\'s staff see it once assigned, not before', () => {
    expect(decideComplaintAccess(reader(['dept_staff']), about('none', '99', null)).read).toBe(false);
    expect(decideComplaintAccess(reader(['dept_staff']), about('none', '99', '5'))).toMatchObject({ read: true, via: 'department' });
    expect(decideComplaintAccess(reader(['dept_staff']), about('none', '99', '6')).read).toBe(false);
  });
  it('SVC-4 a manager of the responsible department (its subtree) sees it', () => {
    expect(decideComplaintAccess(reader(['sales'], { departmentId: '1', managedDepartmentIds: ['1', '6'] }), about('none', '99', '6'))).toMatchObject({ read: true, via: 'department' });
  });
  it('SVC-1 a complaint from someone not yet filed: customer service and the department, never a sales rep', () => {
    const unfiled: ComplaintFacts = { customer: null, responsibleDepartmentId: null };
    expect(decideComplaintAccess(reader(['cs_staff']), unfiled)).toEqual({ read: true, via: 'role', showCustomer: true });
    expect(decideComplaintAccess(reader(['sales']), unfiled).read).toBe(false);
  });
});

describe('SVC-1 SEC-5 a customer above the reader\'s secrecy level shows no name', () => {
  it.each([
    // [level, reader roles, reader is owner, department staff, show name]
    ['none', ['cs_staff'], false, false, true],
    ['none', ['dept_staff'], false, true, true],
    ['secret', ['cs_staff'], false, false, true],
    ['secret', ['dept_staff'], false, true, false],
    ['secret', ['sales'], true, false, true],
    ['confidential', ['cs_manager'], false, false, true],
    ['confidential', ['dept_staff'], false, true, false],
    ['top_secret', ['cs_manager'], false, false, false],
    ['top_secret', ['cs_staff'], false, false, false],
    ['top_secret', ['gm'], false, false, true],
    ['top_secret', ['sales'], true, false, false],
  ] as [SecrecyLevel, RoleKey[], boolean, boolean, boolean][])('SVC-1 SEC-5 %s customer, reader %j (owner %s, department %s) → name shown %s', (level, roles, owner, dept, show) => {
    const d = decideComplaintAccess(reader(roles, { userId: owner ? '99' : '10' }), about(level, '99', dept ? '5' : null));
    expect(d.read).toBe(true);
    if (d.read) expect(d.showCustomer).toBe(show);
  });
});
