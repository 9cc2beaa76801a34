import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../audit/audit.types.js';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { addDays } from './cadence.rules.js';
import { isKeyCustomer, KEY_REVISIT_DAYS, nextRevisitDue, taskProblem } from './revisits.rules.js';
import { fileRevisitReport, planKeyCustomerRevisits } from './revisits.service.js';

let t: TestApp;
let rep: { id: string; token: string };
let otherRep: { id: string; token: string };
const today = chinaDate(new Date());

beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('rev.rep', ['sales']);
  otherRep = await t.createUser('rev.other', ['sales']);
});
afterAll(async () => t?.close());

const newCustomer = async (name: string, extra: Record<string, unknown> = {}) => {
  const r = await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name, customerType: 'direct', ...extra } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string; archiveNo: string }>();
};
const report = (customerId: string, extra: Record<string, unknown> = {}) => ({
  customerId, visitedOn: today, method: 'visit', contactsMet: '李经理', evaluation: '对交货及时性满意，包装有改进空间。', marketDemand: '明年扩产，需求增加约 20%。', serviceSuggestions: '希望提供驻厂技术支持。', satisfaction: 4, followUpActions: '安排技术部月内上门。', ...extra,
});
const file = (body: Record<string, unknown>, token = rep.token) => t.request('POST', '/api/v1/revisit-reports', { token, body });
const openTasks = async (token: string, customerId: string) => (await t.request('GET', `/api/v1/tasks?state=pending&kind=revisit&customerId=${customerId}`, { token })).json<{ items: { id: string; dueOn: string; title: string }[] }>().items;

describe('REL-7 revisit rules', () => {
  it('REL-7 a key customer is revisited every 90 days from the last report, or from filing', () => {
    expect(KEY_REVISIT_DAYS).toBe(90);
    expect(nextRevisitDue(null, '2026-01-01')).toBe('2026-04-01');
    expect(nextRevisitDue('2026-03-01', '2020-01-01')).toBe('2026-05-30');
    expect(nextRevisitDue('2026-12-15', '2020-01-01', 30)).toBe('2027-01-14');
  });
  it.each([
    [{ abc_class: 'A', tier: null }, true],
    [{ abc_class: 'B', tier: 'key' }, true],
    [{ abc_class: null, tier: 'big' }, true],
    [{ abc_class: 'B', tier: 'normal' }, false],
    [{ abc_class: 'C', tier: 'potential' }, false],
    [{ abc_class: null, tier: null }, false],
  ])('REL-7 %o is a key customer: %s', (c, expected) => expect(isKeyCustomer(c)).toBe(expected));
  it.each([
    [{ kind: 'revisit', customer_id: '1', completed_at: null }, null],
    [{ kind: 'complaint_follow_up', customer_id: '1', completed_at: null }, null],
    [{ kind: 'cadence_call', customer_id: '1', completed_at: null }, 'must be a revisit or complaint follow-up task'],
    [{ kind: 'revisit', customer_id: '2', completed_at: null }, 'must be a task about this customer'],
    [{ kind: 'revisit', customer_id: null, completed_at: null }, 'must be a task about this customer'],
    [{ kind: 'revisit', customer_id: '1', completed_at: new Date() }, 'is already done'],
  ])('REL-7 a report may answer the task %o: %s', (task, expected) => expect(taskProblem(task, '1')).toBe(expected));
});

describe('REL-7 filing a revisit report', () => {
  it('REL-7 a report with every field of the form → 201, listed, read, on the timeline, audited', async () => {
    const c = await newCustomer('回访测试甲有限公司');
    const contact = (await t.request('POST', `/api/v1/customers/${c.id}/contacts`, { token: rep.token, body: { role: 'primary', name: '李经理' } })).json<{ id: string }>();
    const r = await file(report(c.id, { contactIds: [contact.id] }));
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json();
    expect(body).toMatchObject({ customerId: c.id, archiveNo: c.archiveNo, visitedOn: today, method: 'visit', visitorId: rep.id, visitorName: 'rev.rep', contactIds: [contact.id], contactsMet: '李经理', satisfaction: 4, marketDemand: '明年扩产，需求增加约 20%。', serviceSuggestions: '希望提供驻厂技术支持。', followUpActions: '安排技术部月内上门。', sourceType: null });
    const list = (await t.request('GET', `/api/v1/revisit-reports?customerId=${c.id}`, { token: rep.token })).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([body.id]);
    expect((await t.request('GET', `/api/v1/revisit-reports/${body.id}`, { token: rep.token })).json()).toEqual(body);
    const timeline = (await t.request('GET', `/api/v1/customers/${c.id}/timeline`, { token: rep.token })).json();
    expect(timeline.items).toContainEqual(expect.objectContaining({ kind: 'revisit', refId: body.id, title: expect.stringContaining('4/5') }));
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'actor_id']).where('entity_id', '=', body.id).where('entity_type', '=', 'revisit_report').execute();
    expect(audit).toEqual([{ action: 'revisit.filed', actor_id: rep.id }]);
  });

  it.each([
    ['a visit date after today', { visitedOn: addDays(today, 1) }, 'visitedOn'],
    ['satisfaction 0', { satisfaction: 0 }, 'satisfaction'],
    ['satisfaction 6', { satisfaction: 6 }, 'satisfaction'],
    ['satisfaction 3.5', { satisfaction: 3.5 }, 'satisfaction'],
    ['no evaluation', { evaluation: '  ' }, 'evaluation'],
    ['an unknown method', { method: 'carrier-pigeon' }, 'method'],
    ['a visitor who does not exist', { visitorId: '999999' }, 'visitorId'],
    ['a contact of another customer', { contactIds: ['999999'] }, 'contactIds'],
    ['a task that does not exist', { taskId: '999999' }, 'taskId'],
    ['a communication that does not exist', { communicationId: '999999' }, 'communicationId'],
  ])('REL-7 %s → 400 naming the field, and nothing changes', async (_name, patch, path) => {
    const c = await newCustomer(`回访校验${_name}有限公司`);
    const before = await snapshotTables(t.database);
    const r = await file(report(c.id, patch));
    expect(r.statusCode, r.body).toBe(400);
    expect(JSON.stringify(r.json().errors)).toContain(path);
    expect(await snapshotTables(t.database)).toEqual(before);
  });

  it('REL-7 SEC-2 a rep who may not see the customer: 404 on filing, reading and printing, and the list leaves it out', async () => {
    const c = await newCustomer('回访保密乙有限公司');
    const mine = (await file(report(c.id))).json<{ id: string }>();
    expect((await file(report(c.id), otherRep.token)).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/revisit-reports/${mine.id}`, { token: otherRep.token })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/revisit-reports/${mine.id}/print`, { token: otherRep.token })).statusCode).toBe(404);
    const theirs = (await t.request('GET', '/api/v1/revisit-reports?limit=200', { token: otherRep.token })).json();
    expect(theirs.items.map((x: { customerId: string }) => x.customerId)).not.toContain(c.id);
    const csv = (await t.request('GET', '/api/v1/revisit-reports/export?format=csv', { token: otherRep.token })).body;
    expect(csv).not.toContain('回访保密乙');
  });

  it('REL-7 REL-5 a planned revisit is a task for the owner; the report filed from it completes it', async () => {
    const c = await newCustomer('回访计划丙有限公司');
    const plan = await t.request('POST', '/api/v1/revisit-plans', { token: rep.token, body: { customerIds: [c.id], dueOn: addDays(today, 3), note: '季度回访' } });
    expect(plan.statusCode, plan.body).toBe(200);
    const [task] = await openTasks(rep.token, c.id);
    expect(task).toMatchObject({ dueOn: addDays(today, 3), title: expect.stringContaining('季度回访') });
    const again = (await t.request('POST', '/api/v1/revisit-plans', { token: rep.token, body: { customerIds: [c.id], dueOn: addDays(today, 5) } })).json();
    expect(again).toEqual({ planned: [], skipped: [{ customerId: c.id, reason: 'an open revisit task exists' }] });
    const r = await file(report(c.id, { taskId: task!.id }));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ taskId: task!.id, sourceType: 'task', sourceId: task!.id });
    expect(await openTasks(rep.token, c.id)).toEqual([]);
    const done = (await t.request('GET', `/api/v1/tasks?state=done&kind=revisit&customerId=${c.id}`, { token: rep.token })).json().items;
    expect(done.map((x: { id: string }) => x.id)).toEqual([task!.id]);
  });

  it('REL-7 a plan due before today → 400 and no task', async () => {
    const c = await newCustomer('回访计划过去有限公司');
    const r = await t.request('POST', '/api/v1/revisit-plans', { token: rep.token, body: { customerIds: [c.id], dueOn: addDays(today, -1) } });
    expect(r.statusCode).toBe(400);
    expect(await openTasks(rep.token, c.id)).toEqual([]);
  });

  it('REL-7 REL-3 a report written up from a logged visit names it; one of another customer is refused', async () => {
    const c = await newCustomer('回访沟通丁有限公司');
    const other = await newCustomer('回访沟通戊有限公司');
    const visit = (await t.request('POST', '/api/v1/communications', { token: rep.token, body: { customerId: c.id, channel: 'visit', occurredAt: new Date(Date.now() - 60_000).toISOString(), subject: '季度回访', content: '上门回访' } })).json<{ id: string }>();
    const r = await file(report(c.id, { communicationId: visit.id }));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ communicationId: visit.id, sourceType: 'communication', sourceId: visit.id });
    const wrong = await file(report(other.id, { communicationId: visit.id }));
    expect(wrong.statusCode).toBe(400);
    expect(JSON.stringify(wrong.json().errors)).toContain('communicationId');
  });

  it('REL-7 SVC-8 another module files a complaint follow-up as a revisit report in its own transaction', async () => {
    const c = await newCustomer('回访投诉己有限公司');
    const id = await t.database.db.transaction().execute((tx) =>
      fileRevisitReport(tx, systemActor, { customerId: c.id, visitedOn: today, method: 'phone', visitorId: rep.id, evaluation: '对投诉处理结果满意', satisfaction: 5, source: { type: 'complaint', id: '42' }, createdBy: rep.id }),
    );
    const got = (await t.request('GET', `/api/v1/revisit-reports/${id}`, { token: rep.token })).json();
    expect(got).toMatchObject({ customerId: c.id, method: 'phone', satisfaction: 5, sourceType: 'complaint', sourceId: '42' });
    const filtered = (await t.request('GET', `/api/v1/revisit-reports?sourceType=complaint&customerId=${c.id}`, { token: rep.token })).json();
    expect(filtered.items.map((x: { id: string }) => x.id)).toEqual([id]);
  });

  it('REL-7 the list filters by satisfaction, method and dates, and pages by cursor', async () => {
    const c = await newCustomer('回访筛选庚有限公司');
    for (const [s, d, m] of [[2, addDays(today, -10), 'phone'], [5, addDays(today, -5), 'visit'], [1, addDays(today, -1), 'visit']] as const) expect((await file(report(c.id, { satisfaction: s, visitedOn: d, method: m }))).statusCode).toBe(201);
    const q = async (s: string) => (await t.request('GET', `/api/v1/revisit-reports?customerId=${c.id}${s}`, { token: rep.token })).json();
    expect((await q('&maxSatisfaction=2')).items.map((x: { satisfaction: number }) => x.satisfaction)).toEqual([1, 2]);
    expect((await q('&method=phone')).items).toHaveLength(1);
    expect((await q(`&from=${addDays(today, -6)}&to=${addDays(today, -2)}`)).items.map((x: { satisfaction: number }) => x.satisfaction)).toEqual([5]);
    const first = await q('&limit=2');
    expect(first.items).toHaveLength(2);
    const second = await q(`&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((x: { satisfaction: number }) => x.satisfaction)).toEqual([2]);
    expect(second.nextCursor).toBeNull();
  });

  it('REL-7 the 客户回访报告表 prints as an A4 form with the report’s content, escaped', async () => {
    const c = await newCustomer('回访打印辛有限公司');
    const r = (await file(report(c.id, { evaluation: '<script>alert(1)</script> 服务周到', satisfaction: 5 }))).json<{ id: string }>();
    const res = await t.request('GET', `/api/v1/revisit-reports/${r.id}/print`, { token: rep.token });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('客户回访报告表');
    expect(res.body).toContain('KD-REL-02');
    expect(res.body).toContain('size: A4');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 服务周到');
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).toContain('■5 很满意');
  });

  it('REL-7 the export carries the filtered reports with the form’s columns', async () => {
    const c = await newCustomer('回访导出壬有限公司');
    await file(report(c.id, { evaluation: '导出专用评价' }));
    const res = await t.request('GET', `/api/v1/revisit-reports/export?format=csv&customerId=${c.id}`, { token: rep.token });
    expect(res.statusCode).toBe(200);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toContain('客户评价信息');
    expect(lines[0]).toContain('满意度');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('导出专用评价');
  });
});

describe('REL-7 revisits planned for key customers on a schedule', () => {
  it('REL-7 REL-5 a key customer 90 days past its filing gets one revisit task, even with two runs at once; a normal one none', async () => {
    const key = await newCustomer('回访重点癸有限公司', { filedOn: addDays(today, -100) });
    const normal = await newCustomer('回访普通子有限公司', { filedOn: addDays(today, -100) });
    await t.database.db.updateTable('customers').set({ tier: 'key' }).where('id', '=', key.id).execute();
    const recent = await newCustomer('回访重点近期有限公司', { filedOn: addDays(today, -10) });
    await t.database.db.updateTable('customers').set({ tier: 'key' }).where('id', '=', recent.id).execute();
    await Promise.all([planKeyCustomerRevisits(t.database.db), planKeyCustomerRevisits(t.database.db)]);
    const tasks = await openTasks(rep.token, key.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ dueOn: today, title: expect.stringContaining('重点客户') });
    expect(await openTasks(rep.token, normal.id)).toEqual([]);
    expect(await openTasks(rep.token, recent.id)).toEqual([]);
    // the report done, the next run plans nothing for 90 days
    expect((await file(report(key.id))).statusCode).toBe(201);
    await planKeyCustomerRevisits(t.database.db);
    expect(await openTasks(rep.token, key.id)).toEqual([]);
  });
});
