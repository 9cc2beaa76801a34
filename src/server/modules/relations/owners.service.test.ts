import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { addDays } from './cadence.rules.js';
import { needsTransferApproval, shareInTurn } from './owners.rules.js';

let t: TestApp;
let rep: { id: string; token: string };
let rep2: { id: string; token: string };
let manager: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  await t.createUser('own.gm', ['gm']); // SEC-7: an approval nobody else could decide goes up to the gm
  rep = await t.createUser('own.rep', ['sales']);
  rep2 = await t.createUser('own.rep2', ['sales']);
  manager = await t.createUser('own.mgr', ['cs_manager']);
});
afterAll(async () => t?.close());

const newCustomer = async (name: string, extra: Record<string, unknown> = {}) => {
  const r = await t.request('POST', '/api/v1/customers', { token: manager.token, body: { name, customerType: 'direct', ownerId: rep.id, ...extra } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string; ownerId: string }>();
};
const release = (ids: string[]) => t.request('POST', '/api/v1/owner-assignments', { token: manager.token, body: { customerIds: ids, ownerId: null, reason: '业务员离职，客户退回公海' } });

describe('REL-1 owners rules', () => {
  it('REL-1 shared out in turn, first to the first owner', () => {
    expect(shareInTurn(['1', '2', '3', '4', '5'], ['a', 'b'])).toEqual([
      { customerId: '1', ownerId: 'a' }, { customerId: '2', ownerId: 'b' }, { customerId: '3', ownerId: 'a' }, { customerId: '4', ownerId: 'b' }, { customerId: '5', ownerId: 'a' },
    ]);
    expect(shareInTurn(['1'], [])).toEqual([]);
  });
  it.each([
    [{ abc_class: 'A', tier: null }, true],
    [{ abc_class: 'B', tier: 'key' }, true],
    [{ abc_class: null, tier: 'big' }, true],
    [{ abc_class: 'B', tier: 'normal' }, false],
    [{ abc_class: null, tier: null }, false],
  ])('REL-1 SEC-8 %o needs the approval: %s', (c, expected) => {
    expect(needsTransferApproval(c)).toBe(expected);
  });
});

describe('REL-1 open pool, assignment and transfer', () => {
  it('REL-1 a released customer has no owner, leaves the rep’s lists and is listed in the pool for managers only', async () => {
    const c = await newCustomer('公海测试一有限公司');
    const r = await release([c.id]);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().assigned).toEqual([{ customerId: c.id, ownerId: null, movedTasks: 0 }]);
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: manager.token })).json()).toMatchObject({ ownerId: null });
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: rep.token })).statusCode).toBe(404);
    const pool = (await t.request('GET', '/api/v1/customer-pool', { token: manager.token })).json().items;
    expect(pool.map((x: { customerId: string }) => x.customerId)).toContain(c.id);
    expect((await t.request('GET', '/api/v1/customer-pool', { token: rep.token })).statusCode).toBe(403);
    const overview = (await t.request('GET', '/api/v1/contact-overview?limit=200', { token: manager.token })).json().items;
    expect(overview.find((x: { customerId: string }) => x.customerId === c.id)).toMatchObject({ ownerId: null, ownerName: null });
    const transfers = (await t.request('GET', `/api/v1/customers/${c.id}/owner-transfers`, { token: manager.token })).json().items;
    expect(transfers).toEqual([expect.objectContaining({ fromOwnerId: rep.id, toOwnerId: null, kind: 'release', reason: '业务员离职，客户退回公海', byName: 'own.mgr' })]);
  });

  it('REL-1 a manager claims a pool customer; a customer with an owner cannot be claimed', async () => {
    const c = await newCustomer('公海测试领取有限公司');
    expect((await t.request('POST', `/api/v1/customer-pool/${c.id}/claim`, { token: manager.token, body: {} })).statusCode).toBe(409);
    await release([c.id]);
    expect((await t.request('POST', `/api/v1/customer-pool/${c.id}/claim`, { token: rep.token, body: {} })).statusCode).toBe(403);
    const r = await t.request('POST', `/api/v1/customer-pool/${c.id}/claim`, { token: manager.token, body: { reason: '本人跟进' } });
    expect(r.statusCode, r.body).toBe(200);
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: manager.token })).json().ownerId).toBe(manager.id);
  });

  it('REL-1 REL-5 a transfer records who, when and why and moves the previous owner’s open tasks', async () => {
    const c = await newCustomer('转移测试有限公司');
    const logged = await t.request('POST', '/api/v1/communications', { token: rep.token, body: { customerId: c.id, channel: 'phone', occurredAt: new Date().toISOString(), subject: '电话', content: '约下周拜访', nextStep: { dueOn: addDays(chinaDate(new Date()), 3), text: '上门拜访' } } });
    expect(logged.statusCode, logged.body).toBe(201);
    const r = await t.request('POST', '/api/v1/owner-assignments', { token: manager.token, body: { customerIds: [c.id], ownerId: rep2.id, reason: '区域调整' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ assigned: [{ customerId: c.id, ownerId: rep2.id, movedTasks: 1 }], approvalsRequested: [], perOwner: [{ ownerId: rep2.id, ownerName: 'own.rep2', count: 1 }] });
    const tasks = (await t.request('GET', `/api/v1/tasks?customerId=${c.id}&state=open`, { token: rep2.token })).json().items;
    expect(tasks).toEqual([expect.objectContaining({ kind: 'next_step', ownerId: rep2.id })]);
    const transfers = (await t.request('GET', `/api/v1/customers/${c.id}/owner-transfers`, { token: rep2.token })).json().items;
    expect(transfers[0]).toMatchObject({ fromOwnerId: rep.id, toOwnerId: rep2.id, kind: 'transfer', reason: '区域调整', movedTasks: 1 });
    expect(Date.parse(transfers[0].at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('REL-1 SEC-8 an A-class customer is not moved directly: a protected change is filed', async () => {
    const c = await newCustomer('转移测试甲类有限公司');
    await t.database.db.updateTable('customers').set({ abc_class: 'A' }).where('id', '=', c.id).execute();
    const r = await t.request('POST', '/api/v1/owner-assignments', { token: manager.token, body: { customerIds: [c.id], ownerId: rep2.id, reason: '大客户交接' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ assigned: [], approvalsRequested: [{ customerId: c.id, approvalId: expect.any(String) }] });
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: manager.token })).json().ownerId).toBe(rep.id);
    expect((await release([c.id])).statusCode).toBe(422);
  });

  it('REL-1 by rule: the preview says how many each owner gets, nothing changes; applying shares them in turn', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await newCustomer(`规则分配测试${i}有限公司`, { region: '330100', industry: '纺织业', employeeCount: 50 + i })).id);
    await release(ids);
    const body = { rule: { region: '33', industry: '纺织', minEmployees: 50, maxEmployees: 53 }, ownerIds: [rep.id, rep2.id], reason: '浙江纺织客户分配' };
    const before = await snapshotTables(t.database);
    const preview = await t.request('POST', '/api/v1/owner-assignments/preview', { token: manager.token, body });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual({ total: 4, perOwner: expect.arrayContaining([{ ownerId: rep.id, ownerName: 'own.rep', count: 2 }, { ownerId: rep2.id, ownerName: 'own.rep2', count: 2 }]) });
    expect(await snapshotTables(t.database)).toEqual(before);
    expect((await t.request('POST', '/api/v1/owner-assignments/preview', { token: rep.token, body })).statusCode).toBe(403);
    const r = await t.request('POST', '/api/v1/owner-assignments/by-rule', { token: manager.token, body });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().assigned.map((a: { ownerId: string }) => a.ownerId)).toEqual([rep.id, rep2.id, rep.id, rep2.id]);
    const pool = (await t.request('GET', '/api/v1/customer-pool?region=33', { token: manager.token })).json().items;
    expect(pool.map((x: { customerId: string }) => x.customerId)).toEqual([ids[4]]);
  });

  it('REL-1 an owner’s portfolio lists grade, class, tier, last contact and next due, most urgent first', async () => {
    const c = await newCustomer('组合测试有限公司', { filedOn: addDays(chinaDate(new Date()), -40) });
    await t.request('POST', '/api/v1/communications', { token: rep.token, body: { customerId: c.id, channel: 'visit', occurredAt: new Date().toISOString(), subject: '拜访', content: '面谈' } });
    const mine = (await t.request('GET', '/api/v1/portfolio?limit=200', { token: rep.token })).json().items;
    const row = mine.find((x: { customerId: string }) => x.customerId === c.id);
    expect(row).toMatchObject({ ownerId: rep.id, tier: null, creditGrade: null, abcClass: null, lastContactAt: expect.any(String), callState: 'overdue', nextDueOn: row.nextCallDue });
    expect((await t.request('GET', `/api/v1/portfolio?ownerId=${rep.id}`, { token: rep2.token })).json().items.map((x: { customerId: string }) => x.customerId)).not.toContain(c.id);
  });
});
