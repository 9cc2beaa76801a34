import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldGroups, type FieldGroup } from '../../../contract/access.js';
import { roleKeys, type RoleKey } from '../../../contract/roles.js';
import { aClassRoles, decideCustomerAccess, mayUse, seeAllRoles, withheldGroups, type AccessSubject, type AllowDecision, type CustomerFacts, type SecrecyLevel } from './customer-access.rules.js';
import { maskAccount, maskMobile, shapeContact, shapeCustomer, visibleChanges } from './field-groups.rules.js';

const me = (roles: RoleKey[], extra: Partial<AccessSubject> = {}): AccessSubject => ({ userId: 'me', roles, managedDepartmentIds: [], ...extra });
const archive = (extra: Partial<CustomerFacts> = {}): CustomerFacts => ({ id: 'c', ownerId: 'someone', departmentId: 'd1', sharedWith: [], secrecyLevel: 'none', abcClass: null, grants: [], ...extra });
const allow = (d: ReturnType<typeof decideCustomerAccess>): AllowDecision => {
  if (d.effect !== 'allow') throw new Error(`expected allow, got deny ${d.rule}`);
  return d;
};
const levels: SecrecyLevel[] = ['none', 'secret', 'confidential', 'top_secret'];

describe('SEC-5 secrecy levels', () => {
  it('SEC-5 top secret: only the gm opens it, view-only with a watermark; not even its owner, never through a grant', () => {
    for (const r of roleKeys) {
      const d = decideCustomerAccess(me([r]), 'read', archive({ secrecyLevel: 'top_secret', grants: [{ groups: ['basic'] }] }));
      if (r === 'gm') expect(d).toMatchObject({ effect: 'allow', viewOnly: true, watermark: true });
      else expect(d).toEqual({ effect: 'deny', rule: 'SEC-5' });
    }
    expect(decideCustomerAccess(me(['sales']), 'read', archive({ secrecyLevel: 'top_secret', ownerId: 'me' })).effect).toBe('deny');
    for (const use of ['export', 'print', 'download'] as const) expect(decideCustomerAccess(me(['gm']), use, archive({ secrecyLevel: 'top_secret' })).effect).toBe('deny');
  });

  it('SEC-5 confidential: read by role only (owner, see-all roles, managers), view-only with a watermark; never lent or shared', () => {
    const c = archive({ secrecyLevel: 'confidential', departmentId: 'd7' });
    for (const r of seeAllRoles) expect(allow(decideCustomerAccess(me([r]), 'read', c))).toMatchObject({ viewOnly: true, watermark: true });
    expect(allow(decideCustomerAccess(me(['sales']), 'read', { ...c, ownerId: 'me' })).via).toBe('owner');
    expect(allow(decideCustomerAccess(me(['sales'], { managedDepartmentIds: ['d7'] }), 'read', c)).via).toBe('department_manager');
    expect(decideCustomerAccess(me(['sales']), 'read', { ...c, sharedWith: ['me'] })).toEqual({ effect: 'deny', rule: 'SEC-5' });
    expect(decideCustomerAccess(me(['finance']), 'read', { ...c, grants: [{ groups: ['basic', 'financial'] }] })).toEqual({ effect: 'deny', rule: 'SEC-5' });
    for (const use of ['export', 'print', 'download'] as const) expect(decideCustomerAccess(me(['cs_staff']), use, c)).toEqual({ effect: 'deny', rule: 'SEC-5' });
    // view-only is about export, print and download; keepers still edit it
    expect(decideCustomerAccess(me(['cs_staff']), 'update', c).effect).toBe('allow');
  });

  it('SEC-5 secret: read by role; others only through a grant (gm-approved), never through a share', () => {
    const c = archive({ secrecyLevel: 'secret', departmentId: 'd7' });
    expect(allow(decideCustomerAccess(me(['sales']), 'read', { ...c, ownerId: 'me' })).groups).toEqual([...fieldGroups]);
    for (const r of seeAllRoles) expect(allow(decideCustomerAccess(me([r]), 'read', c))).toMatchObject({ via: 'role', viewOnly: false });
    expect(allow(decideCustomerAccess(me(['sales'], { managedDepartmentIds: ['d7'] }), 'read', c)).via).toBe('department_manager');
    expect(decideCustomerAccess(me(['sales']), 'read', { ...c, sharedWith: ['me'] })).toEqual({ effect: 'deny', rule: 'SEC-5' });
    expect(allow(decideCustomerAccess(me(['sales']), 'read', { ...c, sharedWith: ['me'], grants: [{ groups: ['basic', 'contacts'] }] }))).toMatchObject({ via: 'grant', groups: ['basic', 'contacts'] });
    for (const r of ['finance', 'dept_staff', 'office_head', 'archivist', 'admin'] as const) {
      expect(decideCustomerAccess(me([r]), 'read', c)).toEqual({ effect: 'deny', rule: 'SEC-5' });
      expect(allow(decideCustomerAccess(me([r]), 'read', { ...c, grants: [{ groups: ['financial'] }] })).groups).toEqual(['basic', 'financial']);
    }
  });

  it('SEC-5 the levels are ordered: whoever reads a level reads every lower one (same archive otherwise)', () => {
    fc.assert(
      fc.property(
        fc.subarray([...roleKeys], { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(null, 'A', 'B', 'C'),
        (roles, owns, manages, shared, granted, abc) => {
          const s = me(roles, { managedDepartmentIds: manages ? ['d1'] : [] });
          const reads = levels.map(
            (secrecyLevel) =>
              decideCustomerAccess(s, 'read', archive({ secrecyLevel, abcClass: abc, ownerId: owns ? 'me' : 'x', sharedWith: shared ? ['me'] : [], grants: granted ? [{ groups: ['basic'] }] : [] })).effect === 'allow',
          );
          for (let i = 1; i < reads.length; i++) if (reads[i]) expect(reads[i - 1]).toBe(true);
        },
      ),
    );
  });
});

describe('SEC-3 A-class archives', () => {
  const a = archive({ abcClass: 'A' });
  it('SEC-3 marketing managers and above and the owner read the full archive', () => {
    for (const r of aClassRoles) expect(allow(decideCustomerAccess(me([r]), 'read', a)).groups).toEqual([...fieldGroups]);
    expect(allow(decideCustomerAccess(me(['sales']), 'read', { ...a, ownerId: 'me' })).groups).toEqual([...fieldGroups]);
  });
  it('SEC-3 others who may see it get the basic card only, and the rule is named', () => {
    for (const r of ['cs_staff', 'cs_manager'] as const) expect(allow(decideCustomerAccess(me([r]), 'read', a))).toMatchObject({ groups: ['basic'], restrictedBy: 'SEC-3' });
    expect(allow(decideCustomerAccess(me(['sales'], { managedDepartmentIds: ['d1'] }), 'read', a)).groups).toEqual(['basic']);
    expect(allow(decideCustomerAccess(me(['sales']), 'read', { ...a, sharedWith: ['me'] })).groups).toEqual(['basic']);
  });
  it('SEC-3 SEC-6 a grant opens the groups it names on an A-class archive', () => {
    expect(allow(decideCustomerAccess(me(['cs_staff']), 'read', { ...a, grants: [{ groups: ['financial'] }] })).groups).toEqual(['basic', 'financial']);
  });
  it('SEC-3 B and C archives are not restricted', () => {
    for (const abcClass of ['B', 'C', null] as const) expect(allow(decideCustomerAccess(me(['cs_staff']), 'read', archive({ abcClass }))).groups).toEqual([...fieldGroups]);
  });
});

describe('SEC-4 field groups', () => {
  it('SEC-4 owners, see-all roles and managers read every group; a share opens basic, contacts and documents', () => {
    expect(allow(decideCustomerAccess(me(['cs_staff']), 'read', archive())).groups).toEqual([...fieldGroups]);
    const shared = allow(decideCustomerAccess(me(['sales']), 'read', archive({ sharedWith: ['me'] })));
    expect(shared.groups).toEqual(['basic', 'contacts', 'documents']);
    expect(withheldGroups(shared)).toEqual(['personal', 'financial', 'evaluation']);
  });
  it('SEC-4 SEC-6 a grant alone opens basic plus what it names; several grants add up', () => {
    const d = allow(decideCustomerAccess(me(['finance']), 'read', archive({ grants: [{ groups: ['financial'] }, { groups: ['contacts', 'personal'] }] })));
    expect(d).toMatchObject({ via: 'grant', groups: ['basic', 'contacts', 'personal', 'financial'] });
    expect(decideCustomerAccess(me(['finance']), 'update', archive({ grants: [{ groups: ['basic'] }] }))).toEqual({ effect: 'deny', rule: 'SEC-2' });
  });
  it('SEC-4 documents may be downloaded only with the documents group', () => {
    const shared = allow(decideCustomerAccess(me(['sales']), 'read', archive({ sharedWith: ['me'] })));
    expect(mayUse(shared, 'download')).toBe(true);
    const granted = allow(decideCustomerAccess(me(['dept_staff']), 'read', archive({ grants: [{ groups: ['basic'] }] })));
    expect(mayUse(granted, 'download')).toBe(false);
    expect(mayUse(granted, 'print')).toBe(true);
  });
  it('SEC-4 mobile numbers and bank accounts are masked', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('12345')).toBe('***45');
    expect(maskAccount('6222 0212 3456 7890 123')).toBe('**** **** 0123');
    expect(maskAccount('123')).toBe('****');
  });
  it('SEC-4 a shaped customer omits withheld groups, masks the bank account and names what was withheld', () => {
    const full = { id: '1', name: '甲', phone: '0755-1', registeredCapital: '100.00', bankName: '工行', bankAccount: '6222021234567890', advantages: '价格', remarks: '备注' };
    const basicOnly = shapeCustomer(full, ['basic']);
    expect(basicOnly).toEqual({ id: '1', name: '甲', phone: '0755-1', bankAccount: '**** **** 7890', remarks: '备注', withheld: ['contacts', 'personal', 'financial', 'documents', 'evaluation'] });
    expect(shapeCustomer(full, [...fieldGroups])).toEqual({ ...full, withheld: [] });
  });
  it('SEC-4 a shaped contact drops personal fields and masks the mobile unless personal is granted', () => {
    const c = { id: '1', name: '王', position: '经理', mobile: '13812345678', birthDate: '1980-01-01', family: '已婚', hobbies: '钓鱼', email: 'w@x.cn' };
    expect(shapeContact(c, ['basic', 'contacts'])).toEqual({ id: '1', name: '王', position: '经理', mobile: '138****5678', email: 'w@x.cn', withheld: ['personal'] });
    expect(shapeContact(c, ['basic', 'contacts', 'personal'])).toEqual({ ...c, withheld: [] });
  });
  it('SEC-4 ARC-7 history shows only changes to fields the reader may see', () => {
    const changes = [{ field: 'phone' }, { field: 'bankAccount' }, { field: 'advantages' }];
    expect(visibleChanges('customer', changes, ['basic'])).toEqual([{ field: 'phone' }]);
    expect(visibleChanges('contact', [{ field: 'mobile' }, { field: 'position' }], ['basic', 'contacts'])).toEqual([{ field: 'position' }]);
    expect(visibleChanges('contact', [{ field: 'position' }], ['basic'])).toEqual([]);
  });
  it('SEC-4 every allowed read includes basic, and the groups are in canonical order', () => {
    fc.assert(
      fc.property(
        fc.subarray([...roleKeys], { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...levels),
        fc.constantFrom(null, 'A', 'B'),
        fc.subarray([...fieldGroups] as FieldGroup[]),
        fc.boolean(),
        (roles, secrecyLevel, abcClass, granted, owns) => {
          const d = decideCustomerAccess(me(roles), 'read', archive({ secrecyLevel, abcClass, ownerId: owns ? 'me' : 'x', grants: granted.length ? [{ groups: granted }] : [] }));
          if (d.effect === 'allow') {
            expect(d.groups).toContain('basic');
            expect(d.groups).toEqual(fieldGroups.filter((g) => d.groups.includes(g)));
          }
        },
      ),
    );
  });
});
