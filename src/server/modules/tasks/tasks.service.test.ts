import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../audit/audit.types.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { recordInformationArrived, taskSummary } from './tasks.service.js';
import type { RoleKey } from '../../../contract/roles.js';
import { runAbc } from '../evaluation/abc.service.js';

let t: TestApp;
let owner: { id: string; token: string };
let manager: { id: string; token: string };
let other: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  owner = await t.createUser('task.owner', ['sales']);
  manager = await t.createUser('task.mgr', ['cs_manager']);
  other = await t.createUser('task.other', ['sales']);
});
afterAll(async () => t?.close());

const newCustomer = async (name: string) => (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name, customerType: 'direct' } })).json();
const feedback = (id: string, channel: string) => t.request('POST', `/api/v1/customers/${id}/feedback`, { token: owner.token, body: { channel, date: '2026-03-02', content: '客户来电：地址变更', category: 'service', sentiment: 'neutral' } });

describe('ARC-8 archive-update tasks', () => {
  it('ARC-8 a call creates one task for the owner, due in one working day; the next archive update completes it', async () => {
    const c = await newCustomer('任务测试一有限公司');
    expect((await feedback(c.id, 'phone')).statusCode).toBe(201);
    expect((await feedback(c.id, 'visit')).statusCode).toBe(201); // joins the open task
    const mine = (await t.request('GET', `/api/v1/tasks?customerId=${c.id}`, { token: owner.token })).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'archive_update', source: 'call', ownerId: owner.id, customerId: c.id, state: 'open', completedAt: null });
    expect(mine[0].dueOn > mine[0].receivedOn).toBe(true);
    const summary = (await t.request('GET', '/api/v1/tasks/summary', { token: owner.token })).json();
    expect(summary.open).toBeGreaterThanOrEqual(1);
    const upd = await t.request('PATCH', `/api/v1/customers/${c.id}`, { token: owner.token, body: { version: c.version, address: '深圳市南山区科技园 1 号' } });
    expect(upd.statusCode, upd.body).toBe(200);
    const done = (await t.request('GET', `/api/v1/tasks?customerId=${c.id}&state=done`, { token: owner.token })).json().items;
    expect(done).toEqual([expect.objectContaining({ state: 'done', completion: 'archive_updated', completedByName: 'task.owner' })]);
    expect((await t.request('GET', `/api/v1/tasks?customerId=${c.id}&state=pending`, { token: owner.token })).json().items).toEqual([]);
  });

  it('ARC-8 EVA-7 a class the ABC run changed is no archive update: the task stays open until someone updates the archive', async () => {
    const c = await newCustomer('任务测试分类有限公司');
    expect((await feedback(c.id, 'phone')).statusCode).toBe(201);
    await runAbc(t.database.db, systemActor);
    const history = await t.database.db.selectFrom('customer_history').select(['version', 'changes']).where('customer_id', '=', c.id).where('entity', '=', 'customer').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(history.version).toBeGreaterThan(0);
    expect(history.changes).toEqual([expect.objectContaining({ field: 'abcClass' })]);
    const open = (await t.request('GET', `/api/v1/tasks?customerId=${c.id}&state=open`, { token: owner.token })).json().items;
    expect(open).toEqual([expect.objectContaining({ kind: 'archive_update', state: 'open' })]);
    const cur = (await t.request('GET', `/api/v1/customers/${c.id}`, { token: owner.token })).json();
    expect((await t.request('PATCH', `/api/v1/customers/${c.id}`, { token: owner.token, body: { version: cur.version, address: '广州市天河区 2 号' } })).statusCode).toBe(200);
    expect((await t.request('GET', `/api/v1/tasks?customerId=${c.id}&state=done`, { token: owner.token })).json().items).toEqual([expect.objectContaining({ completion: 'archive_updated' })]);
  });

  it('ARC-8 overdue tasks are listed for the owner and the customer-service manager, not for others', async () => {
    const c = await newCustomer('任务测试二有限公司');
    // information that arrived on Friday 6 March 2026 was due on Monday the 9th
    await t.database.db.transaction().execute((tx) => recordInformationArrived(tx, systemActor, { customerId: c.id, source: 'visit', createdBy: owner.id }, new Date('2026-03-06T02:00:00Z')));
    const overdue = (await t.request('GET', '/api/v1/tasks?state=overdue', { token: owner.token })).json().items;
    expect(overdue).toEqual([expect.objectContaining({ customerId: c.id, receivedOn: '2026-03-06', dueOn: '2026-03-09', state: 'overdue' })]);
    const all = (await t.request('GET', '/api/v1/tasks?scope=all&state=overdue', { token: manager.token })).json().items;
    expect(all.map((x: { customerId: string }) => x.customerId)).toContain(c.id);
    expect((await t.request('GET', '/api/v1/tasks/summary', { token: manager.token })).json().overdue).toBeGreaterThanOrEqual(1);
    expect((await t.request('GET', '/api/v1/tasks?scope=all', { token: other.token })).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/tasks?state=overdue', { token: other.token })).json().items).toEqual([]);
    // marked done by hand, once
    const task = overdue[0];
    expect((await t.request('POST', `/api/v1/tasks/${task.id}/complete`, { token: other.token, body: { version: task.version } })).statusCode).toBe(404);
    const r = await t.request('POST', `/api/v1/tasks/${task.id}/complete`, { token: manager.token, body: { version: task.version, note: '已电话确认无变化' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'done', completion: 'manual', completionNote: '已电话确认无变化' });
    expect((await t.request('POST', `/api/v1/tasks/${task.id}/complete`, { token: manager.token, body: { version: r.json().version } })).statusCode).toBe(409);
  });

  it('ARC-8 PLT-3 the unfiltered list pages with a cursor: pending first by due date, then done', async () => {
    const seen: { id: string; state: string; dueOn: string }[] = [];
    let cursor: string | null = null;
    do {
      const r: { items: { id: string; state: string; dueOn: string }[]; nextCursor: string | null } = (await t.request('GET', `/api/v1/tasks?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: owner.token })).json();
      seen.push(...r.items);
      cursor = r.nextCursor;
    } while (cursor && seen.length < 20);
    expect(new Set(seen.map((x) => x.id)).size).toBe(seen.length);
    const firstDone = seen.findIndex((x) => x.state === 'done');
    if (firstDone >= 0) expect(seen.slice(firstDone).every((x) => x.state === 'done')).toBe(true);
    const pendingDue = seen.filter((x) => x.state !== 'done').map((x) => x.dueOn);
    expect(pendingDue).toEqual([...pendingDue].sort());
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });

  it('ARC-8 recording new information by hand', async () => {
    const c = await newCustomer('任务测试三有限公司');
    const r = await t.request('POST', '/api/v1/tasks', { token: owner.token, body: { customerId: c.id, source: 'customer_form', note: '寄回的客户资料表' } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ source: 'customer_form', state: 'open', title: expect.stringContaining('寄回的客户资料表') });
    expect((await t.request('POST', '/api/v1/tasks', { token: other.token, body: { customerId: c.id, source: 'call' } })).statusCode).toBe(404);
  });
});

describe('ARC-8 REL-5 the task summary counts up to a limit', () => {
  it('ARC-8 REL-5 each figure is exact below the limit and equals the limit ("or more") above it; the manager counts everyone’s visible overdue tasks, never another rep’s customers for a rep', async () => {
    const rep = await t.createUser('task.limit', ['sales']);
    const repPrincipal = { userId: rep.id, username: 'task.limit', displayName: 'task.limit', departmentId: '1', roles: ['sales'] as RoleKey[], mustChangePassword: false, via: { kind: 'session' as const, sessionId: 'x', cookie: false } };
    const mgrPrincipal = { ...repPrincipal, userId: manager.id, username: 'task.mgr', roles: ['cs_manager'] as RoleKey[] };
    const mine: string[] = [];
    for (let i = 0; i < 4; i++) mine.push((await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name: `任务上限测试${i}有限公司`, customerType: 'direct' } })).json().id);
    const arrive = (customerId: string, at: string) => t.database.db.transaction().execute((tx) => recordInformationArrived(tx, systemActor, { customerId, source: 'visit', createdBy: rep.id }, new Date(at)));
    // Monday 15 June 2026 (China): three tasks received in May are overdue, one received on Friday the 12th is due today
    for (const c of mine.slice(0, 3)) await arrive(c, '2026-05-11T02:00:00Z');
    await arrive(mine[3]!, '2026-06-12T02:00:00Z');
    const now = new Date('2026-06-15T02:00:00Z');
    expect(await taskSummary(t.database.db, repPrincipal, now, 100)).toEqual({ open: 4, overdue: 3, dueToday: 1, countLimit: 100 });
    expect(await taskSummary(t.database.db, repPrincipal, now, 2)).toEqual({ open: 2, overdue: 2, dueToday: 1, countLimit: 2 });
    const all = await taskSummary(t.database.db, mgrPrincipal, now, 1000);
    const late = await t.database.db.selectFrom('tasks').select((eb) => eb.fn.countAll<string>().as('n')).where('completed_at', 'is', null).where('due_on', '<', '2026-06-15').executeTakeFirstOrThrow();
    expect(all.overdue).toBe(Number(late.n)); // every open overdue task of a customer the manager sees (all of them here)
    expect((await taskSummary(t.database.db, mgrPrincipal, now, 3)).overdue).toBe(3);
    // another rep sees none of them: their own figures only
    const otherPrincipal = { ...repPrincipal, userId: other.id, username: 'task.other' };
    expect((await taskSummary(t.database.db, otherPrincipal, now, 100)).overdue).toBe(0);
  });
});
