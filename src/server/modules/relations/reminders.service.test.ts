import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relationJobNames } from '../../jobs/relations-jobs.js';
import { startScheduler } from '../../jobs/scheduler.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { addDays } from './cadence.rules.js';
import { createCadenceReminders, workerRanges } from './reminders.service.js';

let t: TestApp;
let rep: { id: string; token: string };
const today = chinaDate(new Date());
beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('rem.rep', ['sales']);
});
afterAll(async () => t?.close());

const newCustomer = async (name: string, filedAgo: number) => (await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name, customerType: 'direct', filedOn: addDays(today, -filedAgo) } })).json<{ id: string }>();
type Task = { id: string; kind: string; customerId: string; dueOn: string; state: string; title: string };
const tasksOf = async (customerId: string, state = 'pending'): Promise<Task[]> => (await t.request('GET', `/api/v1/tasks?customerId=${customerId}&state=${state}`, { token: rep.token })).json().items;

describe('REL-5 cadence reminders', () => {
  it('REL-5 customers becoming due (and overdue ones) get one cadence task each for their owner; ok ones none; a second run adds nothing', async () => {
    const ok = await newCustomer('提醒测试正常有限公司', 0);
    const soon = await newCustomer('提醒测试将到有限公司', 12);
    const late = await newCustomer('提醒测试逾期有限公司', 20);
    const visit = await newCustomer('提醒测试拜访有限公司', 125);
    const first = await createCadenceReminders(t.database.db);
    expect(first.calls).toBeGreaterThanOrEqual(3);
    expect(await tasksOf(ok.id)).toEqual([]);
    expect(await tasksOf(soon.id)).toEqual([expect.objectContaining({ kind: 'cadence_call', dueOn: addDays(today, 2), state: 'open' })]);
    expect(await tasksOf(late.id)).toEqual([expect.objectContaining({ kind: 'cadence_call', dueOn: addDays(today, -6), state: 'overdue' })]);
    expect((await tasksOf(visit.id)).map((x) => x.kind).sort()).toEqual(['cadence_call', 'cadence_visit']);
    expect((await tasksOf(late.id))[0]!.title).toContain('提醒测试逾期有限公司');
    expect(await createCadenceReminders(t.database.db)).toEqual({ calls: 0, visits: 0 });
    expect(await tasksOf(late.id)).toHaveLength(1);
  });

  it('REL-5 REL-3 a logged call completes the cadence call task; the next due date gets a reminder of its own later', async () => {
    const c = await newCustomer('提醒测试完成有限公司', 30);
    await createCadenceReminders(t.database.db);
    expect(await tasksOf(c.id)).toEqual([expect.objectContaining({ kind: 'cadence_call' })]);
    const r = await t.request('POST', '/api/v1/communications', { token: rep.token, body: { customerId: c.id, channel: 'phone', occurredAt: new Date().toISOString(), subject: '电话回访', content: '一切正常' } });
    expect(r.statusCode).toBe(201);
    expect(await tasksOf(c.id)).toEqual([]);
    expect(await tasksOf(c.id, 'done')).toEqual([expect.objectContaining({ kind: 'cadence_call', state: 'done' })]);
    // 13 days later the next call (due in 14) is due soon: one new reminder
    expect((await createCadenceReminders(t.database.db, new Date(Date.now() + 13 * 86_400_000))).calls).toBeGreaterThanOrEqual(1);
    expect(await tasksOf(c.id)).toEqual([expect.objectContaining({ kind: 'cadence_call', dueOn: addDays(today, 14) })]);
  });

  it('REL-5 REL-3 a logged visit completes the cadence visit reminders of its customer only, also one written before reminders carried no ref', async () => {
    const c = await newCustomer('提醒测试拜访完成有限公司', 125);
    const other = await newCustomer('提醒测试拜访其他有限公司', 125);
    await createCadenceReminders(t.database.db);
    expect((await tasksOf(c.id)).map((x) => x.kind).sort()).toEqual(['cadence_call', 'cadence_visit']);
    // the shape reminders had before: ref customer/id
    await t.database.db
      .insertInto('tasks')
      .values({ kind: 'cadence_visit', customer_id: c.id, owner_id: rep.id, title: '按周期拜访：旧提醒', ref_type: 'customer', ref_id: c.id, received_on: addDays(today, -3), due_on: addDays(today, -3), created_at: new Date() })
      .execute();
    const r = await t.request('POST', '/api/v1/communications', { token: rep.token, body: { customerId: c.id, channel: 'visit', occurredAt: new Date().toISOString(), subject: '上门拜访', content: '一切正常' } });
    expect(r.statusCode).toBe(201);
    expect((await tasksOf(c.id)).map((x) => x.kind)).toEqual(['cadence_call']);
    expect((await tasksOf(c.id, 'done')).map((x) => x.kind)).toEqual(['cadence_visit', 'cadence_visit']);
    expect((await tasksOf(other.id)).map((x) => x.kind).sort()).toEqual(['cadence_call', 'cadence_visit']);
  });

  it('REL-5 two concurrent runs create each reminder once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await newCustomer(`提醒测试并发${i}有限公司`, 40)).id);
    await Promise.all([createCadenceReminders(t.database.db), createCadenceReminders(t.database.db)]);
    for (const id of ids) expect(await tasksOf(id)).toHaveLength(1);
  });

  it('REL-5 a run in chunks resumes after the last customer reminded: every due customer once, also with two runs at once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await newCustomer(`提醒测试分批${i}有限公司`, 45)).id);
    const [a, b] = await Promise.all([createCadenceReminders(t.database.db, new Date(), { chunk: 2 }), createCadenceReminders(t.database.db, new Date(), { chunk: 3 })]);
    expect(a.calls + b.calls).toBeGreaterThanOrEqual(7);
    for (const id of ids) expect((await tasksOf(id)).map((x) => x.kind)).toEqual(['cadence_call']);
    expect(await createCadenceReminders(t.database.db, new Date(), { chunk: 2 })).toEqual({ calls: 0, visits: 0 });
  });

  it('REL-5 worker ranges cover every id once: consecutive, the last open-ended, never empty', () => {
    expect(workerRanges(1n, 1_000_000n, 2)).toEqual([{ from: '0', to: '500000' }, { from: '500000', to: null }]);
    expect(workerRanges(5n, 5n, 3)).toEqual([{ from: '4', to: null }]);
    expect(workerRanges(1n, 3n, 5)).toEqual([{ from: '0', to: '1' }, { from: '1', to: '2' }, { from: '2', to: null }]);
    expect(workerRanges(10n, 20n, 0)).toEqual([{ from: '9', to: null }]);
    for (const [min, max, n] of [[1n, 7n, 3], [100n, 1_000_123n, 4], [2n, 2n, 1]] as const) {
      const r = workerRanges(min, max, n);
      expect(r[0]!.from).toBe(String(min - 1n));
      expect(r[r.length - 1]!.to).toBeNull();
      for (let i = 1; i < r.length; i++) expect(r[i]!.from).toBe(r[i - 1]!.to);
    }
  });

  it('REL-5 a run over several worker ranges at once reminds every due customer once, also beside a second run', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) ids.push((await newCustomer(`提醒测试分段${i}有限公司`, 47)).id);
    const [a, b] = await Promise.all([createCadenceReminders(t.database.db, new Date(), { chunk: 2, workers: 3 }), createCadenceReminders(t.database.db, new Date(), { chunk: 1, workers: 4 })]);
    expect(a.calls + b.calls).toBeGreaterThanOrEqual(9);
    for (const id of ids) expect((await tasksOf(id)).map((x) => x.kind)).toEqual(['cadence_call']);
    expect(await createCadenceReminders(t.database.db, new Date(), { workers: 3 })).toEqual({ calls: 0, visits: 0 });
  });

  it('REL-5 PLT-8 with two application instances a queued reminder run is executed once', async () => {
    const a = await startScheduler(t.database.url, t.database.db, () => {}, { schedule: false, pollingIntervalSeconds: 0.5 });
    const b = await startScheduler(t.database.url, t.database.db, () => {}, { schedule: false, pollingIntervalSeconds: 0.5 });
    const c = await newCustomer('提醒测试双实例有限公司', 50);
    try {
      await a.boss.send(relationJobNames.reminders, {}, { singletonKey: today, singletonSeconds: 3_600 });
      await b.boss.send(relationJobNames.reminders, {}, { singletonKey: today, singletonSeconds: 3_600 });
      let states: string[] = [];
      const deadline = Date.now() + 15_000;
      for (;;) {
        const r = await t.database.ownerPool.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE name = $1`, [relationJobNames.reminders]);
        states = r.rows.map((x) => x.state);
        if (states.includes('completed') || Date.now() > deadline) break;
        await new Promise((res) => setTimeout(res, 200));
      }
      expect(states).toEqual(['completed']);
      expect(await tasksOf(c.id)).toHaveLength(1);
    } finally {
      await a.stop();
      await b.stop();
    }
  }, 30_000);
});
