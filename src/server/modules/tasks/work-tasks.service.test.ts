import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../audit/audit.types.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { completeTasksOf, createWorkTask } from './tasks.service.js';

let t: TestApp;
let rep: { id: string; token: string };
let colleague: { id: string; token: string };
let manager: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('work.rep', ['sales']);
  colleague = await t.createUser('work.other', ['sales']);
  manager = await t.createUser('work.mgr', ['cs_manager']);
});
afterAll(async () => t?.close());

const tasksOf = async (token: string, query = 'state=pending') => (await t.request('GET', `/api/v1/tasks?${query}`, { token })).json().items as Array<Record<string, unknown>>;

describe('REL-5 one task model', () => {
  it('REL-5 a task of another kind is created for its assignee, listed by kind, and completed by the record it refers to', async () => {
    const c = (await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name: '任务模型测试有限公司', customerType: 'direct' } })).json();
    const id = await t.database.db.transaction().execute((tx) =>
      createWorkTask(tx, systemActor, { kind: 'next_step', ownerId: rep.id, customerId: c.id, title: '下一步：寄送报价单', dueOn: '2099-01-05', refType: 'communication', refId: '42', createdBy: null }),
    );
    const open = await tasksOf(rep.token, 'state=open&kind=next_step');
    expect(open).toEqual([expect.objectContaining({ id, kind: 'next_step', customerId: c.id, source: null, refType: 'communication', refId: '42', dueOn: '2099-01-05', state: 'open' })]);
    expect(await tasksOf(rep.token, 'state=open&kind=revisit')).toEqual([]);
    // the colleague may not see the customer, so not its task either
    expect(await tasksOf(colleague.token, 'state=pending')).toEqual([]);
    const notified = await t.database.db.selectFrom('notifications').select('kind').where('user_id', '=', rep.id).execute();
    expect(notified.map((n) => n.kind)).toContain('task.next_step');
    const n = await t.database.db.transaction().execute((tx) => completeTasksOf(tx, { userId: rep.id, ip: null, requestId: null }, { refType: 'communication', refId: '42' }));
    expect(n).toBe(1);
    expect(await tasksOf(rep.token, 'state=done&kind=next_step')).toEqual([expect.objectContaining({ id, state: 'done', completion: 'manual' })]);
  });

  it('REL-5 a task about no filed customer is seen by its assignee and the watchers only, and done by its assignee', async () => {
    const id = await t.database.db.transaction().execute((tx) =>
      createWorkTask(tx, systemActor, { kind: 'complaint_deadline', ownerId: rep.id, title: '投诉处理：未建档客户', dueOn: '2020-01-02', refType: 'complaint', refId: '7', createdBy: null }, new Date('2020-01-01T02:00:00Z')),
    );
    const mine = await tasksOf(rep.token, 'state=overdue');
    expect(mine).toEqual([expect.objectContaining({ id, customerId: null, customerName: null, archiveNo: null, state: 'overdue' })]);
    expect(await tasksOf(colleague.token, 'scope=mine&state=overdue')).toEqual([]);
    expect((await tasksOf(manager.token, 'scope=all&state=overdue')).map((x) => x.id)).toContain(id);
    const refused = await t.request('POST', `/api/v1/tasks/${id}/complete`, { token: colleague.token, body: { version: 0 } });
    expect(refused.statusCode).toBe(404);
    const done = await t.request('POST', `/api/v1/tasks/${id}/complete`, { token: rep.token, body: { version: 0 } });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ state: 'done', customerId: null });
  });
});
