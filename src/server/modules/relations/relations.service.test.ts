import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { addDays } from './cadence.rules.js';

let t: TestApp;
let rep: { id: string; token: string };
let otherRep: { id: string; token: string };
let csManager: { id: string; token: string };
const today = chinaDate(new Date());
const daysAgo = (n: number) => addDays(today, -n);

beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('rel.rep', ['sales']);
  otherRep = await t.createUser('rel.other', ['sales']);
  csManager = await t.createUser('rel.csm', ['cs_manager']);
});
afterAll(async () => t?.close());

type Customer = { id: string; archiveNo: string; version: number };
const newCustomer = async (name: string, extra: Record<string, unknown> = {}, token = rep.token): Promise<Customer> => {
  const r = await t.request('POST', '/api/v1/customers', { token, body: { name, customerType: 'direct', ...extra } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
};
const log = (body: Record<string, unknown>, token = rep.token) => t.request('POST', '/api/v1/communications', { token, body });
const call = (customerId: string, extra: Record<string, unknown> = {}) => ({ customerId, channel: 'phone', occurredAt: new Date().toISOString(), subject: '例行电话回访', content: '客户反馈到货及时，下月有新订单意向。', ...extra });
type OverviewItem = { customerId: string; callState: string; visitState: string; overdueDays: number; nextCallDue: string; nextVisitDue: string; lastCallAt: string | null; lastVisitAt: string | null; abcClass: string | null; ownerId: string; ownerName: string };
const overview = async (token: string, query = ''): Promise<{ items: OverviewItem[]; nextCursor: string | null }> => {
  const r = await t.request('GET', `/api/v1/contact-overview?limit=200${query}`, { token });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};
const rowOf = async (token: string, id: string) => (await overview(token)).items.find((i) => i.customerId === id);

describe('REL-3 logging a communication', () => {
  it('REL-3 a call is logged with every field of the contract → 201, and the customer’s call is ok again', async () => {
    const c = await newCustomer('联络测试甲有限公司', { filedOn: daysAgo(30) });
    const contact = (await t.request('POST', `/api/v1/customers/${c.id}/contacts`, { token: rep.token, body: { role: 'primary', name: '王采购' } })).json();
    expect((await rowOf(rep.token, c.id))?.callState).toBe('overdue');
    const occurredAt = new Date(Date.now() - 3_600_000).toISOString();
    const r = await log({ customerId: c.id, channel: 'phone', occurredAt, contactIds: [contact.id], subject: '确认二季度订单', content: '王采购确认二季度订单量持平。', result: '订单确认', customerNeeds: '希望缩短交期', attitude: '积极', personLevel: '采购经理', visitOpportunity: true });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ id: expect.any(String), customerId: c.id, userId: rep.id, channel: 'phone', occurredAt, contactIds: [contact.id], subject: '确认二季度订单', result: '订单确认', customerNeeds: '希望缩短交期', attitude: '积极', personLevel: '采购经理', visitOpportunity: true, nextStep: null, checkIn: null });
    const row = await rowOf(rep.token, c.id);
    expect(row).toMatchObject({ callState: 'ok', lastCallAt: occurredAt, nextCallDue: addDays(chinaDate(new Date(occurredAt)), 14), visitState: 'ok', lastVisitAt: null });
  });

  it('REL-3 occurredAt in the future → 400 naming the field, and nothing changes', async () => {
    const c = await newCustomer('联络测试未来有限公司');
    const before = await snapshotTables(t.database);
    const r = await log(call(c.id, { occurredAt: new Date(Date.now() + 86_400_000).toISOString() }));
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([expect.objectContaining({ path: 'occurredAt' })]);
    expect(await snapshotTables(t.database)).toEqual(before);
  });

  it.each([
    ['an unknown channel', { channel: 'pigeon' }, 'channel'],
    ['no subject', { subject: undefined }, 'subject'],
    ['an occurredAt that is no timestamp', { occurredAt: '2026-13-40' }, 'occurredAt'],
    ['a next step without text', { nextStep: { dueOn: '2099-01-01' } }, 'nextStep.text'],
    ['a check-in off the globe', { checkIn: { lat: 95, lng: 116, accuracy: 10 } }, 'checkIn.lat'],
    ['an unknown field', { mood: 'happy' }, ''],
  ])('REL-3 %s → 400', async (_name, patch, path) => {
    const c = await newCustomer(`联络测试校验${path || 'x'}有限公司`);
    const r = await log({ ...call(c.id), ...patch });
    expect(r.statusCode, r.body).toBe(400);
    if (path) expect(JSON.stringify(r.json().errors)).toContain(path.split('.')[0]);
  });

  it('REL-3 a next step dated before today → 400; contacts of another customer → 400', async () => {
    const c = await newCustomer('联络测试校验二有限公司');
    const d = await newCustomer('联络测试校验三有限公司');
    const contact = (await t.request('POST', `/api/v1/customers/${d.id}/contacts`, { token: rep.token, body: { role: 'primary', name: '李四' } })).json();
    expect((await log(call(c.id, { nextStep: { dueOn: daysAgo(1), text: '发报价' } }))).json().errors).toEqual([expect.objectContaining({ path: 'nextStep.dueOn' })]);
    expect((await log(call(c.id, { contactIds: [contact.id] }))).json().errors).toEqual([expect.objectContaining({ path: 'contactIds' })]);
  });

  it('REL-3 SEC-2 404 when the caller may not see the customer, 403 when they may see but not write; nothing changes', async () => {
    const c = await newCustomer('联络测试权限有限公司');
    const before = await snapshotTables(t.database);
    expect((await log(call(c.id), otherRep.token)).statusCode).toBe(404);
    expect((await log(call('999999999'), rep.token)).statusCode).toBe(404);
    expect(await snapshotTables(t.database)).toEqual(before);
    await t.database.db.insertInto('customer_shares').values({ customer_id: c.id, user_id: otherRep.id }).execute();
    const shared = await log(call(c.id), otherRep.token);
    expect(shared.statusCode, shared.body).toBe(403);
    // the shared reader sees the log, the stranger does not
    expect((await log(call(c.id))).statusCode).toBe(201);
    expect((await t.request('GET', `/api/v1/communications?customerId=${c.id}`, { token: otherRep.token })).json().items).toHaveLength(1);
    const third = await t.createUser('rel.third', ['sales']);
    expect((await t.request('GET', `/api/v1/communications?customerId=${c.id}`, { token: third.token })).json().items).toEqual([]);
    const id = (await t.request('GET', `/api/v1/communications?customerId=${c.id}`, { token: rep.token })).json().items[0].id;
    expect((await t.request('GET', `/api/v1/communications/${id}`, { token: third.token })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/communications/${id}`, { token: rep.token })).statusCode).toBe(200);
  });

  it('REL-3 REL-5 a next step becomes a next_step task of the logger, open, with its dueOn and the step in its title', async () => {
    const c = await newCustomer('联络测试下一步有限公司');
    const dueOn = addDays(today, 5);
    const r = await log(call(c.id, { nextStep: { dueOn, text: '寄送新品样品' } }));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().nextStep).toEqual({ dueOn, text: '寄送新品样品', taskId: expect.any(String) });
    const tasks = (await t.request('GET', '/api/v1/tasks?state=open', { token: rep.token })).json().items;
    const task = tasks.find((x: { id: string }) => x.id === r.json().nextStep.taskId);
    expect(task).toMatchObject({ kind: 'next_step', ownerId: rep.id, customerId: c.id, dueOn, state: 'open', refType: 'communication', refId: r.json().id });
    expect(task.title).toContain('寄送新品样品');
  });

  it('REL-3 every communication appears on the customer timeline', async () => {
    const c = await newCustomer('联络测试时间线有限公司');
    const r = await log({ ...call(c.id), channel: 'visit', subject: '上门拜访总经理' });
    const timeline = (await t.request('GET', `/api/v1/customers/${c.id}/timeline`, { token: rep.token })).json().items;
    expect(timeline).toContainEqual(expect.objectContaining({ kind: 'communication', refId: r.json().id, actorName: 'rel.rep' }));
    expect(timeline.find((x: { kind: string }) => x.kind === 'communication').title).toContain('上门拜访总经理');
  });

  it('REL-3 a visit carries a check-in stamped with the server’s time', async () => {
    const c = await newCustomer('联络测试签到有限公司');
    const before = Date.now();
    const r = await log({ ...call(c.id), channel: 'visit', checkIn: { lat: 22.54, lng: 113.95, accuracy: 35 } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().checkIn).toMatchObject({ lat: 22.54, lng: 113.95, accuracy: 35 });
    expect(Date.parse(r.json().checkIn.at)).toBeGreaterThanOrEqual(before - 1000);
    expect((await t.request('GET', `/api/v1/communications?customerId=${c.id}&checkIn=true`, { token: rep.token })).json().items).toHaveLength(1);
  });

  it('REL-3 the list filters by customer, user, channel and time and pages with a cursor, newest first', async () => {
    const c = await newCustomer('联络测试列表有限公司');
    const base = Date.now();
    const at = (h: number) => new Date(base - h * 3_600_000).toISOString();
    for (const [h, channel] of [[50, 'phone'], [40, 'email'], [30, 'visit'], [20, 'phone']] as const) expect((await log(call(c.id, { occurredAt: at(h), channel }))).statusCode).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { occurredAt: string }[]; nextCursor: string | null } = (await t.request('GET', `/api/v1/communications?customerId=${c.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: rep.token })).json();
      seen.push(...page.items.map((i) => i.occurredAt));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([at(20), at(30), at(40), at(50)]);
    expect((await t.request('GET', `/api/v1/communications?customerId=${c.id}&channel=phone`, { token: rep.token })).json().items).toHaveLength(2);
    expect((await t.request('GET', `/api/v1/communications?customerId=${c.id}&userId=${otherRep.id}`, { token: rep.token })).json().items).toHaveLength(0);
    expect((await t.request('GET', `/api/v1/communications?customerId=${c.id}&from=${encodeURIComponent(at(35))}&to=${encodeURIComponent(at(25))}`, { token: rep.token })).json().items).toHaveLength(1);
    expect((await t.request('GET', '/api/v1/communications?channel=fax', { token: rep.token })).statusCode).toBe(400);
    expect((await t.request('GET', '/api/v1/communications?cursor=WyJ4IiwieSJd', { token: rep.token })).statusCode).toBe(400);
  });
});

describe('REL-2 cadence state kept at once', () => {
  it('REL-2 never contacted: due counted from filedOn (class C: call 14, visit 120)', async () => {
    const c = await newCustomer('周期测试建档有限公司', { filedOn: daysAgo(13) });
    expect(await rowOf(rep.token, c.id)).toMatchObject({ abcClass: null, nextCallDue: addDays(daysAgo(13), 14), callState: 'due_soon', nextVisitDue: addDays(daysAgo(13), 120), visitState: 'ok', overdueDays: 0 });
  });

  it('REL-2 a class change recomputes the dues at once (A: call every 7 days)', async () => {
    const c = await newCustomer('周期测试分类有限公司', { filedOn: daysAgo(12) });
    expect(await rowOf(rep.token, c.id)).toMatchObject({ callState: 'due_soon', overdueDays: 0 });
    await t.database.db.updateTable('customers').set({ abc_class: 'A' }).where('id', '=', c.id).execute();
    expect(await rowOf(rep.token, c.id)).toMatchObject({ abcClass: 'A', nextCallDue: daysAgo(5), callState: 'overdue', overdueDays: 5, nextVisitDue: addDays(daysAgo(12), 60) });
    await t.database.db.updateTable('customers').set({ abc_class: null }).where('id', '=', c.id).execute();
    expect(await rowOf(rep.token, c.id)).toMatchObject({ abcClass: null, callState: 'due_soon', overdueDays: 0 });
  });

  it('REL-2 a call logged late never moves the last call back; `other` is neither call nor visit', async () => {
    const c = await newCustomer('周期测试补录有限公司', { filedOn: daysAgo(100) });
    const recent = new Date(Date.now() - 86_400_000).toISOString();
    await log(call(c.id, { occurredAt: recent }));
    await log(call(c.id, { occurredAt: new Date(Date.now() - 20 * 86_400_000).toISOString(), channel: 'chat' }));
    await log(call(c.id, { channel: 'other' }));
    expect(await rowOf(rep.token, c.id)).toMatchObject({ lastCallAt: recent, lastVisitAt: null, callState: 'ok' });
  });

  it('REL-2 an administrator changes a policy and every customer of the class is recomputed; others may not', async () => {
    const c = await newCustomer('周期测试政策有限公司', { filedOn: daysAgo(20) });
    await t.database.db.updateTable('customers').set({ abc_class: 'B' }).where('id', '=', c.id).execute();
    expect(await rowOf(rep.token, c.id)).toMatchObject({ callState: 'overdue', overdueDays: 13 });
    const policies = (await t.request('GET', '/api/v1/cadence-policies', { token: rep.token })).json().items;
    expect(policies.map((p: { abcClass: string; callDays: number; visitDays: number }) => [p.abcClass, p.callDays, p.visitDays])).toEqual([['A', 7, 60], ['B', 7, 90], ['C', 14, 120]]);
    const b = policies[1];
    expect((await t.request('PUT', '/api/v1/cadence-policies/B', { token: rep.token, body: { callDays: 30, visitDays: 90, version: b.version } })).statusCode).toBe(403);
    expect((await t.request('PUT', '/api/v1/cadence-policies/B', { token: t.adminToken, body: { callDays: 0, visitDays: 90, version: b.version } })).statusCode).toBe(400);
    const r = await t.request('PUT', '/api/v1/cadence-policies/B', { token: t.adminToken, body: { callDays: 30, visitDays: 90, version: b.version } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ abcClass: 'B', callDays: 30, version: b.version + 1, recomputed: expect.any(Number) });
    expect(r.json().recomputed).toBeGreaterThanOrEqual(1);
    expect(await rowOf(rep.token, c.id)).toMatchObject({ nextCallDue: addDays(daysAgo(20), 30), callState: 'ok', overdueDays: 0 });
    expect((await t.request('PUT', '/api/v1/cadence-policies/B', { token: t.adminToken, body: { callDays: 7, visitDays: 90, version: b.version } })).statusCode).toBe(409);
    expect((await t.request('PUT', '/api/v1/cadence-policies/B', { token: t.adminToken, body: { callDays: 7, visitDays: 90, version: b.version + 1 } })).statusCode).toBe(200);
    expect(await rowOf(rep.token, c.id)).toMatchObject({ callState: 'overdue', overdueDays: 13 });
  });
});

describe('REL-4 contact overview', () => {
  it('REL-4 overdue first (most overdue on top), then due soon, then ok; state filters either kind', async () => {
    const u = await t.createUser('rel.order', ['sales']);
    const mk = async (name: string, filedAgo: number) => newCustomer(name, { filedOn: daysAgo(filedAgo) }, u.token);
    const ok = await mk('排序测试正常有限公司', 0); // call due in 14
    const soon = await mk('排序测试将到有限公司', 12); // call due in 2
    const late = await mk('排序测试逾期有限公司', 20); // call 6 days overdue
    const later = await mk('排序测试久逾有限公司', 130); // call 116, visit 10 days overdue
    const all = (await overview(u.token)).items;
    expect(all.map((i) => i.customerId)).toEqual([later.id, late.id, soon.id, ok.id]);
    expect(all[0]).toMatchObject({ callState: 'overdue', visitState: 'overdue', overdueDays: 116 });
    expect((await overview(u.token, '&state=overdue')).items.map((i) => i.customerId)).toEqual([later.id, late.id]);
    expect((await overview(u.token, '&state=due_soon')).items.map((i) => i.customerId)).toEqual([soon.id]);
    // ok: either kind ok — the late one's visit is still ok
    expect((await overview(u.token, '&state=ok')).items.map((i) => i.customerId)).toEqual([late.id, soon.id, ok.id]);
    // pages with a cursor in the same order
    const p1 = (await t.request('GET', '/api/v1/contact-overview?limit=3', { token: u.token })).json();
    const p2 = (await t.request('GET', `/api/v1/contact-overview?limit=3&cursor=${p1.nextCursor}`, { token: u.token })).json();
    expect([...p1.items, ...p2.items].map((i: OverviewItem) => i.customerId)).toEqual([later.id, late.id, soon.id, ok.id]);
    expect(p2.nextCursor).toBeNull();
    expect((await t.request('GET', '/api/v1/contact-overview?state=late', { token: u.token })).statusCode).toBe(400);
    expect((await t.request('GET', '/api/v1/contact-overview?cursor=WyJ4IiwieSJd', { token: u.token })).statusCode).toBe(400);
  });

  it('REL-4 SEC-2 visibility exactly as the customer list: a rep sees their own, the cs manager everyone’s', async () => {
    const mine = await newCustomer('可见测试自己有限公司');
    const theirs = await newCustomer('可见测试别人有限公司', {}, otherRep.token);
    const repIds = (await overview(rep.token)).items.map((i) => i.customerId);
    expect(repIds).toContain(mine.id);
    expect(repIds).not.toContain(theirs.id);
    const listIds = (await t.request('GET', '/api/v1/customers?limit=200', { token: rep.token })).json().items.map((c: { id: string }) => c.id);
    expect(new Set(repIds)).toEqual(new Set(listIds));
    const mgrIds = (await overview(csManager.token)).items.map((i) => i.customerId);
    expect(mgrIds).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect((await overview(csManager.token, `&ownerId=${otherRep.id}`)).items.every((i) => i.ownerId === otherRep.id)).toBe(true);
    const stranger = await t.createUser('rel.stranger', ['sales']);
    expect((await overview(stranger.token, `&ownerId=${rep.id}`)).items).toEqual([]);
  });

  it('REL-4 filters by class and region; the region view counts due visits per province', async () => {
    const u = await t.createUser('rel.region', ['sales']);
    const sz = await newCustomer('区域测试深圳有限公司', { filedOn: daysAgo(200), region: '440300' }, u.token);
    const gz = await newCustomer('区域测试广州有限公司', { filedOn: daysAgo(119), region: '440100' }, u.token);
    await newCustomer('区域测试北京有限公司', { filedOn: daysAgo(1), region: '110105' }, u.token);
    expect((await overview(u.token, '&region=44')).items.map((i) => i.customerId).sort()).toEqual([sz.id, gz.id].sort());
    expect((await overview(u.token, '&abcClass=none')).items).toHaveLength(3);
    expect((await overview(u.token, '&abcClass=A')).items).toHaveLength(0);
    const rr = await t.request('GET', '/api/v1/contact-overview/regions?level=province', { token: u.token });
    expect(rr.statusCode, rr.body).toBe(200);
    const regions = rr.json().items;
    expect(regions).toEqual([{ region: '440000', due: 2, overdue: 1, dueSoon: 1 }]);
    const cities = (await t.request('GET', '/api/v1/contact-overview/regions?level=city', { token: u.token })).json().items;
    expect(cities).toEqual(expect.arrayContaining([{ region: '440300', due: 1, overdue: 1, dueSoon: 0 }, { region: '440100', due: 1, overdue: 0, dueSoon: 1 }]));
  });

  it('REL-4 the overview exports to xlsx and prints as an A4 page, only what the caller sees', async () => {
    const x = await t.request('GET', '/api/v1/contact-overview/export?format=xlsx&state=overdue', { token: rep.token });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await t.request('GET', '/api/v1/contact-overview/export?format=csv', { token: otherRep.token });
    expect(csv.body).toContain('可见测试别人有限公司');
    expect(csv.body).not.toContain('可见测试自己有限公司');
    const p = await t.request('GET', '/api/v1/contact-overview/print', { token: rep.token });
    expect(p.statusCode).toBe(200);
    expect(p.body).toContain('客户联络一览表');
    expect(p.body).toContain('size: A4');
    expect(p.body).toContain('联络测试甲有限公司');
    expect(p.body).not.toContain('可见测试别人有限公司');
  });
});

describe('REL-2 the printed 客户关系卡', () => {
  it('REL-2 ARC-13 the relationship card shows the last contacts and the next dues', async () => {
    const c = await newCustomer('关系卡测试有限公司', { filedOn: daysAgo(3) });
    await t.request('POST', `/api/v1/customers/${c.id}/contacts`, { token: rep.token, body: { role: 'primary', name: '赵经理' } });
    await log(call(c.id, { occurredAt: new Date(Date.now() - 60_000).toISOString() }));
    const r = await t.request('GET', `/api/v1/customers/${c.id}/forms/relationship-card`, { token: rep.token });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.body).toContain('最近电话联络');
    expect(r.body).toContain(`<td>${addDays(today, 14)}</td>`);
    expect(r.body).toContain(`<td>${addDays(daysAgo(3), 120)}</td>`);
  });
});
