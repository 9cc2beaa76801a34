import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleKeys, type RoleKey } from '../../../contract/roles.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { subjectOf } from './access.service.js';
import { decidePaymentAccess } from './evaluation-access.rules.js';
import { decideCustomerAccess, keepsRegisterOf, type AccessSubject, type CustomerFacts } from './customer-access.rules.js';
import { contactsCustomersByRow, registerCustomers, financialCustomers, financialCustomersByRow, financialSeesAll, financialSeesAllBelowTopSecret, paymentCustomers, paymentsHidden, paymentsSeeAll, visibilityBranches, visibleCustomers, visibleCustomersByRow, visibleHidden, visibleSeesAll, visibleSeesAllBelowTopSecret } from './customer-access.sql.js';

const subject = (roles: RoleKey[], extra: Partial<AccessSubject> = {}): AccessSubject => ({ userId: 'u1', roles, managedDepartmentIds: [], ...extra });
const customer = (extra: Partial<CustomerFacts> = {}): CustomerFacts => ({ id: 'c1', ownerId: 'u9', departmentId: 'd9', sharedWith: [], secrecyLevel: 'none', abcClass: null, grants: [], ...extra });

describe('SEC-2 record visibility, pure', () => {
  it('SEC-2 the owner sees and edits their customers whatever their roles', () => {
    for (const r of roleKeys) {
      expect(decideCustomerAccess(subject([r]), 'read', customer({ ownerId: 'u1' })).effect).toBe('allow');
      expect(decideCustomerAccess(subject([r]), 'update', customer({ ownerId: 'u1' })).effect).toBe('allow');
    }
  });
  it.each(['cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director', 'gm'] as const)('SEC-2 %s sees every customer', (r) => {
    expect(decideCustomerAccess(subject([r]), 'read', customer())).toMatchObject({ effect: 'allow', via: 'role' });
  });
  it.each(['admin', 'finance', 'dept_staff', 'archivist', 'sales'] as const)('SEC-2 %s sees nothing by role alone', (r) => {
    expect(decideCustomerAccess(subject([r]), 'read', customer()).effect).toBe('deny');
  });
  it('ANA-2 SEC-4 the archivist keeps the register of every archive below top secret, which opens no field group; nobody else keeps it', () => {
    for (const level of ['none', 'secret', 'confidential'] as const) expect(keepsRegisterOf(subject(['archivist']), level)).toBe(true);
    expect(keepsRegisterOf(subject(['archivist']), 'top_secret')).toBe(false);
    for (const r of ['admin', 'gm', 'cs_manager', 'office_head', 'sales', 'finance', 'dept_staff'] as const) expect(keepsRegisterOf(subject([r]), 'none')).toBe(false);
    // the duty is not a read: the archive itself stays closed to the archivist
    expect(decideCustomerAccess(subject(['archivist']), 'read', customer()).effect).toBe('deny');
  });
  it('SEC-6 the office head reads ordinary archives without a request, read-only; secret and above not', () => {
    expect(decideCustomerAccess(subject(['office_head']), 'read', customer({ secrecyLevel: 'none' }))).toMatchObject({ effect: 'allow', via: 'role' });
    expect(decideCustomerAccess(subject(['office_head']), 'update', customer({ secrecyLevel: 'none' })).effect).toBe('deny');
    for (const level of ['secret', 'confidential', 'top_secret'] as const) expect(decideCustomerAccess(subject(['office_head']), 'read', customer({ secrecyLevel: level })).effect).toBe('deny');
  });
  it('SEC-2 sales see customers shared with them, read-only', () => {
    const shared = customer({ sharedWith: ['u1'] });
    expect(decideCustomerAccess(subject(['sales']), 'read', shared)).toMatchObject({ effect: 'allow', via: 'shared' });
    expect(decideCustomerAccess(subject(['sales']), 'update', shared).effect).toBe('deny');
    expect(decideCustomerAccess(subject(['finance']), 'read', shared).effect).toBe('deny');
  });
  it('SEC-2 a department manager sees the customers of their subtree', () => {
    const mgr = subject(['sales'], { managedDepartmentIds: ['d2', 'd3'] });
    expect(decideCustomerAccess(mgr, 'update', customer({ departmentId: 'd3' }))).toMatchObject({ effect: 'allow', via: 'department_manager' });
    expect(decideCustomerAccess(mgr, 'read', customer({ departmentId: 'd4' })).effect).toBe('deny');
  });
  it('SEC-2 creating needs a role that builds archives', () => {
    expect(decideCustomerAccess(subject(['sales']), 'create', null).effect).toBe('allow');
    expect(decideCustomerAccess(subject(['admin', 'finance']), 'create', null).effect).toBe('deny');
  });
});

describe('SEC-2 the SQL filter agrees with the pure policy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('SEC-2 SEC-4 SEC-5 SEC-6 SAL-1 REL-11 REL-9 ARC-9 ANA-2 for generated users, departments, customers, secrecy levels, shares and grants, every (user, customer) pair agrees', async () => {
    const db = t.database.db;
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          parents: fc.array(fc.nat(), { minLength: 2, maxLength: 6 }),
          users: fc.array(fc.record({ roles: fc.subarray([...roleKeys], { minLength: 1, maxLength: 3 }), dept: fc.nat(), manages: fc.option(fc.nat(), { nil: undefined }) }), { minLength: 2, maxLength: 6 }),
          customers: fc.array(
            fc.record({
              owner: fc.nat(),
              shares: fc.array(fc.nat(), { maxLength: 3 }),
              level: fc.constantFrom('none', 'none', 'secret', 'confidential', 'top_secret'),
              abc: fc.constantFrom(null, 'A', 'B', 'C'),
              // grants to users: active, expired, not yet approved or returned
              grants: fc.array(fc.record({ user: fc.nat(), when: fc.constantFrom('active', 'expired', 'pending', 'returned'), groups: fc.constantFrom<('basic' | 'financial' | 'contacts')[]>(['basic'], ['basic', 'financial'], ['basic', 'contacts']) }), { maxLength: 3 }),
            }),
            { minLength: 1, maxLength: 8 },
          ),
        }),
        async (world) => {
          // build the world in one transaction and roll it back afterwards
          await db
            .transaction()
            .execute(async (tx) => {
              const root = t.rootDepartmentId;
              const depts: string[] = [root];
              for (const p of world.parents) depts.push((await tx.insertInto('departments').values({ name: `d${Math.random()}`, parent_id: depts[p % depts.length]! }).returning('id').executeTakeFirstOrThrow()).id);
              const users: { id: string; roles: RoleKey[] }[] = [];
              for (const [i, u] of world.users.entries()) {
                const id = (await tx.insertInto('users').values({ username: `gen${i}_${Math.random()}`, display_name: 'g', department_id: depts[u.dept % depts.length]!, roles: u.roles, password_hash: 'x' }).returning('id').executeTakeFirstOrThrow()).id;
                users.push({ id, roles: u.roles });
                if (u.manages !== undefined) await tx.updateTable('departments').set({ manager_id: id }).where('id', '=', depts[u.manages % depts.length]!).execute();
              }
              const customers: CustomerFacts[] = [];
              for (const [i, c] of world.customers.entries()) {
                const owner = users[c.owner % users.length]!;
                const ownerDept = (await tx.selectFrom('users').select('department_id').where('id', '=', owner.id).executeTakeFirstOrThrow()).department_id;
                const id = (await tx.insertInto('customers').values({ archive_no: `GEN-${i}-${Math.random()}`, filed_on: '2026-01-01', name: `c${i}`, customer_type: 'direct', owner_id: owner.id, department_id: ownerDept, name_norm: `c${i}`, secrecy_level: c.level, abc_class: c.abc }).returning('id').executeTakeFirstOrThrow()).id;
                const sharedWith = [...new Set(c.shares.map((s) => users[s % users.length]!.id))];
                for (const u of sharedWith) await tx.insertInto('customer_shares').values({ customer_id: id, user_id: u }).execute();
                const grants = new Map<string, { groups: ('basic' | 'financial' | 'contacts')[] }[]>();
                for (const g of c.grants) {
                  const user = users[g.user % users.length]!.id;
                  const hour = 3_600_000;
                  const now = Date.now();
                  const [starts, ends] = g.when === 'expired' ? [now - 3 * hour, now - hour] : g.when === 'pending' ? [null, null] : [now - hour, now + hour];
                  const approval = await tx.insertInto('approvals').values({ type: 'access_request', subject_type: 'customer', subject_id: id, customer_id: id, summary: 'gen', requester_id: user, approver_role: 'cs_manager', approver_rule: 'SEC-6', expires_at: new Date(now + 24 * hour) }).returning('id').executeTakeFirstOrThrow();
                  await tx.insertInto('access_requests').values({ approval_id: approval.id, customer_id: id, requester_id: user, groups: g.groups, purpose: 'gen', duration_minutes: 120, secrecy_level: c.level, starts_at: starts ? new Date(starts) : null, ends_at: ends ? new Date(ends) : null, returned_at: g.when === 'returned' ? new Date(now - 1000) : null }).execute();
                  if (g.when === 'active') grants.set(user, [...(grants.get(user) ?? []), { groups: g.groups }]);
                }
                customers.push({ id, ownerId: owner.id, departmentId: ownerDept, sharedWith, secrecyLevel: c.level, abcClass: c.abc, grants: [], grantsByUser: grants } as CustomerFacts & { grantsByUser: Map<string, { groups: ('basic' | 'financial' | 'contacts')[] }[]> });
              }
              for (const u of users) {
                const s = await subjectOf(tx, { userId: u.id, roles: u.roles });
                const visible = new Set((await tx.selectFrom('customers as c').select('c.id').where('c.id', 'in', customers.map((c) => c.id)).where(visibleCustomers(s)).execute()).map((r) => r.id));
                // SAL-1 SEC-3 SEC-4: the financial group's SQL form agrees with the decision's groups
                const financial = new Set((await tx.selectFrom('customers as c').select('c.id').where('c.id', 'in', customers.map((c) => c.id)).where(financialCustomers(s)).execute()).map((r) => r.id));
                const payments = new Set((await tx.selectFrom('customers as c').select('c.id').where('c.id', 'in', customers.map((c) => c.id)).where(paymentCustomers(s)).execute()).map((r) => r.id));
                // the list's per-branch form is the same set
                const branches = visibilityBranches(s);
                if (branches) {
                  const byBranches = new Set((await tx.selectFrom('customers as c').select('c.id').where('c.id', 'in', customers.map((c) => c.id)).where((eb) => eb.or(branches)).execute()).map((r) => r.id));
                  expect([...byBranches].sort()).toEqual([...visible].sort());
                }
                // REL-11 the row-wise forms used by aggregates are the same sets
                const ids = customers.map((c) => c.id);
                const byRow = new Set((await tx.selectFrom('customers as c').select('c.id').where('c.id', 'in', ids).where(visibleCustomersByRow(s)).execute()).map((r) => r.id));
                expect([...byRow].sort()).toEqual([...visible].sort());
                const financialByRow = new Set((await tx.selectFrom('customers as c').select('c.id').where('c.id', 'in', ids).where(financialCustomersByRow(s)).execute()).map((r) => r.id));
                expect([...financialByRow].sort()).toEqual([...financial].sort());
                // ANA-4 SAL-1 an aggregate skips the customers only for whom the SQL form is every customer
                if (financialSeesAll(s)) expect(financial.size).toBe(ids.length);
                // ANA-2 the key-customer counts taken as a whole less the few left out
                if (visibleSeesAll(s)) expect(visible.size).toBe(ids.length);
                if (visibleSeesAllBelowTopSecret(s)) expect([...visible].sort(), `visible below top secret: ${u.roles.join(',')}`).toEqual(customers.filter((c) => c.secrecyLevel !== 'top_secret').map((c) => c.id).sort());
                // ANA-4 the compositions' cache shared by these callers holds every customer below top secret
                if (financialSeesAllBelowTopSecret(s)) expect([...financial].sort(), `below top secret: ${u.roles.join(',')}`).toEqual(customers.filter((c) => c.secrecyLevel !== 'top_secret').map((c) => c.id).sort());
                if (paymentsSeeAll(s)) expect(payments.size).toBe(ids.length);
                // ANA-2 SAL-1 the aging's "whole rollup less the hidden few" reads exactly the payments' customers
                const hiddenCond = paymentsHidden(s);
                if (hiddenCond) {
                  const hidden = new Set((await tx.selectFrom('customers as c').select('c.id').where('c.id', 'in', ids).where(hiddenCond).execute()).map((r) => r.id));
                  expect(ids.filter((id) => !hidden.has(id)).sort(), `hidden: user ${u.roles.join(',')}`).toEqual([...payments].sort());
                }
                // REL-9 a see-all reader's results leave out exactly the customers they may not see
                const invisibleCond = visibleHidden(s);
                if (invisibleCond) {
                  const invisible = new Set((await tx.selectFrom('customers as c').select('c.id').where('c.id', 'in', ids).where(invisibleCond).execute()).map((r) => r.id));
                  expect(ids.filter((id) => !invisible.has(id)).sort(), `invisible: user ${u.roles.join(',')}`).toEqual([...visible].sort());
                } else {
                  expect(u.roles.some((r) => ['gm', 'cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director'].includes(r)), `no hidden form: ${u.roles.join(',')}`).toBe(false);
                }
                // ARC-9 SEC-4: the contacts group's SQL form (what the review's "unreachable" is judged on)
                // ANA-2: the register's keepers count every archive below top secret, the others what they see
                const register = new Set((await tx.selectFrom('customers as c').select('c.id').where('c.id', 'in', ids).where(registerCustomers(s)).execute()).map((r) => r.id));
                const contacts = new Set((await tx.selectFrom('customers as c').select('c.id').where('c.id', 'in', ids).where(contactsCustomersByRow(s)).execute()).map((r) => r.id));
                for (const c of customers as (CustomerFacts & { grantsByUser: Map<string, { groups: ('basic' | 'financial' | 'contacts')[] }[]> })[]) {
                  const facts = { ...c, grants: c.grantsByUser.get(u.id) ?? [] };
                  const decision = decideCustomerAccess(s, 'read', facts);
                  expect(visible.has(c.id), `user ${u.roles.join(',')} customer ${c.id} ${c.secrecyLevel}`).toBe(decision.effect === 'allow');
                  expect(financial.has(c.id), `financial: user ${u.roles.join(',')} customer ${c.id} ${c.secrecyLevel} ${c.abcClass}`).toBe(decision.effect === 'allow' && decision.groups.includes('financial'));
                  expect(register.has(c.id), `register: user ${u.roles.join(',')} customer ${c.id} ${c.secrecyLevel}`).toBe(decision.effect === 'allow' || keepsRegisterOf(s, c.secrecyLevel));
                  expect(contacts.has(c.id), `contacts: user ${u.roles.join(',')} customer ${c.id} ${c.secrecyLevel} ${c.abcClass}`).toBe(decision.effect === 'allow' && decision.groups.includes('contacts'));
                  expect(payments.has(c.id), `payments: user ${u.roles.join(',')} customer ${c.id}`).toBe(decidePaymentAccess(s, { secrecyLevel: c.secrecyLevel, abcClass: c.abcClass }, decision).read);
                  checked++;
                }
              }
              throw new Error('rollback');
            })
            .catch((e: Error) => {
              if (e.message !== 'rollback') throw e;
            });
        },
      ),
      { numRuns: 60 },
    );
    expect(checked).toBeGreaterThan(300);
  }, 120_000);

  it('SEC-2 denied reads are 404 on every customer endpoint; lists and search do not show the record', async () => {
    const owner = await t.createUser('sales.owner', ['sales']);
    const other = await t.createUser('sales.other', ['sales']);
    const finance = await t.createUser('fin.zhang', ['finance']);
    const created = await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '保密测试客户有限公司', customerType: 'direct' } });
    const id = created.json().id;
    for (const token of [other.token, finance.token, t.adminToken]) {
      for (const path of ['', '/contacts', '/transactions', '/feedback', '/history', '/timeline', '/versions/0']) {
        const r = await t.request('GET', `/api/v1/customers/${id}${path}`, { token });
        // EVA-1: finance reads the books (transactions, payments) of ordinary archives by duty, nothing else of them
        expect(r.statusCode, path).toBe(token === finance.token && path === '/transactions' ? 200 : 404);
      }
      expect((await t.request('PATCH', `/api/v1/customers/${id}`, { token, body: { version: 0, remarks: 'x' } })).statusCode).toBe(404);
      expect((await t.request('POST', `/api/v1/customers/${id}/contacts`, { token, body: { role: 'primary', name: '某人' } })).statusCode).toBe(404);
      const search = (await t.request('GET', `/api/v1/customers?q=${encodeURIComponent('保密测试')}`, { token })).json().items;
      expect(search).toEqual([]);
      expect((await t.request('GET', '/api/v1/customers?limit=200', { token })).json().items.map((c: { id: string }) => c.id)).not.toContain(id);
    }
    // a duplicate check names an invisible ordinary archive by number and owner only (ARC-10 撞单), never its id or content
    const dup = await t.request('POST', '/api/v1/customers', { token: other.token, body: { name: '保密测试客户有限公司', customerType: 'direct' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().duplicates).toEqual([{ archiveNo: created.json().archiveNo, ownerName: 'sales.owner', visible: false }]);
    // shared: readable, not writable (403: it is visible)
    await t.database.db.insertInto('customer_shares').values({ customer_id: id, user_id: other.id }).execute();
    expect((await t.request('GET', `/api/v1/customers/${id}`, { token: other.token })).statusCode).toBe(200);
    expect((await t.request('PATCH', `/api/v1/customers/${id}`, { token: other.token, body: { version: 0, remarks: 'x' } })).statusCode).toBe(403);
  });
});

describe('SEC-2 ARC-11 counts respect visibility', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('SEC-2 ARC-11 the row count is what the caller may see, with filters and search', async () => {
    const a = await t.createUser('count.a', ['sales']);
    const b = await t.createUser('count.b', ['sales']);
    const cs = await t.createUser('count.cs', ['cs_staff']);
    for (let i = 0; i < 3; i++) await t.request('POST', '/api/v1/customers', { token: a.token, body: { name: `计数甲${i}科技有限公司`, customerType: 'direct' } });
    for (let i = 0; i < 2; i++) await t.request('POST', '/api/v1/customers', { token: b.token, body: { name: `计数乙${i}贸易有限公司`, customerType: 'dealer' } });
    const count = async (token: string, qs = '') => (await t.request('GET', `/api/v1/customers/count${qs}`, { token })).json();
    expect(await count(a.token)).toEqual({ count: 3, capped: false });
    expect(await count(b.token)).toEqual({ count: 2, capped: false });
    expect(await count(cs.token)).toEqual({ count: 5, capped: false });
    expect(await count(cs.token, '?customerType=dealer')).toEqual({ count: 2, capped: false });
    expect(await count(a.token, `?q=${encodeURIComponent('计数')}`)).toEqual({ count: 3, capped: false });
    expect(await count(b.token, `?q=${encodeURIComponent('计数甲')}`)).toEqual({ count: 0, capped: false });
    expect(await count(t.adminToken)).toEqual({ count: 0, capped: false });
  });
});
