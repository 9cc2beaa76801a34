/**
 * REL-11 targets and accountability through the HTTP API on a real database: the exact progress
 * contract, who sees whose figures (and which customers count), setting targets, comments with
 * their snapshot, the dashboard and its export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
type U = { id: string; token: string };
let rep1: U, rep2: U, rep3: U, m1: U, m2: U, gm: U, archivist: U;
let d1: string, d2: string;
const c: Record<string, string> = {};

async function department(name: string) {
  const r = await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name, parentId: t.rootDepartmentId } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string }>().id;
}
async function customer(key: string, owner: U, set: { abc_class?: 'A' | 'B' | 'C'; secrecy_level?: string } = {}) {
  const r = await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: `绩效测试${key}有限公司`, customerType: 'direct' } });
  expect(r.statusCode, r.body).toBe(201);
  const id = r.json<{ id: string }>().id;
  await t.database.db.updateTable('customers').set({ filed_on: '2025-01-01', ...set }).where('id', '=', id).execute();
  c[key] = id;
  return id;
}
let txNo = 0;
const sale = (customerId: string, date: string, amount: string) =>
  t.database.db.insertInto('transactions').values({ customer_id: customerId, tx_no: `TG-${++txNo}`, date, amount, created_by: null }).execute();
const contact = (customerId: string, userId: string, channel: string, at: string) =>
  t.database.db.insertInto('communications').values({ customer_id: customerId, user_id: userId, channel, occurred_at: new Date(at), subject: '回访', content: '例行联系' }).execute();
async function rating(customerId: string, ownerId: string, avg: number, at: string) {
  const db = t.database.db;
  const v = await db.selectFrom('survey_template_versions').select(['id', 'template_id']).orderBy('id').executeTakeFirstOrThrow();
  const s = await db.insertInto('surveys').values({ customer_id: customerId, template_id: v.template_id, template_version_id: v.id, channel: 'phone', owner_id: ownerId, state: 'answered' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('survey_responses').values({ survey_id: s.id, customer_id: customerId, owner_id: ownerId, avg_rating: String(avg), answers: '[]', responded_at: new Date(at) }).execute();
}
const progress = async (u: U, query: string) => t.request('GET', `/api/v1/targets/progress?${query}`, { token: u.token });
type Item = { ownerId: string; ownerName: string; metric: string; target: number | null; actual: number | null; ratio: number | null };
const of = (items: Item[], ownerId: string, metric: string) => items.find((i) => i.ownerId === ownerId && i.metric === metric);

beforeAll(async () => {
  t = await createTestApp();
  d1 = await department('绩效一部');
  d2 = await department('绩效二部');
  rep1 = await t.createUser('tg.rep1', ['sales'], { departmentId: d1 });
  rep2 = await t.createUser('tg.rep2', ['sales'], { departmentId: d1 });
  rep3 = await t.createUser('tg.rep3', ['sales'], { departmentId: d2 });
  m1 = await t.createUser('tg.m1', ['dept_staff'], { departmentId: d1 });
  m2 = await t.createUser('tg.m2', ['dept_staff'], { departmentId: d2 });
  gm = await t.createUser('tg.gm', ['gm']);
  archivist = await t.createUser('tg.archivist', ['archivist']);
  await t.database.db.updateTable('departments').set({ manager_id: m1.id }).where('id', '=', d1).execute();
  await t.database.db.updateTable('departments').set({ manager_id: m2.id }).where('id', '=', d2).execute();
  // rep1: an A-class (7/60 days), a B-class (7/90), a C-class (14/120) and a top-secret customer; rep2 one; rep3 one
  await customer('A', rep1, { abc_class: 'A' });
  await customer('B', rep1, { abc_class: 'B' });
  await customer('D', rep1, { abc_class: 'C' });
  await customer('Top', rep1, { abc_class: 'B', secrecy_level: 'top_secret' });
  await customer('C', rep2);
  await customer('E', rep3);
  // 2026-Q1 in China: [2025-12-31T16:00Z, 2026-03-31T16:00Z)
  await sale(c.A!, '2026-01-15', '1000.50');
  await sale(c.B!, '2026-03-31', '200.00');
  await sale(c.B!, '2026-04-01', '999.00'); // next quarter
  await sale(c.Top!, '2026-02-01', '5000.00'); // top secret: nobody's figures
  await sale(c.E!, '2026-02-02', '777.00');
  for (let i = 0; i < 15; i++) await contact(c.A!, rep1.id, 'phone', `2026-02-${String(i + 1).padStart(2, '0')}T02:00:00Z`);
  await contact(c.B!, rep1.id, 'email', '2025-12-31T16:00:00Z'); // 1 January in China: in Q1
  await contact(c.B!, rep1.id, 'chat', '2026-02-10T02:00:00Z');
  await contact(c.B!, rep1.id, 'phone', '2026-03-10T02:00:00Z');
  await contact(c.B!, rep1.id, 'phone', '2026-03-31T16:00:00Z'); // 1 April in China: out
  await contact(c.B!, rep1.id, 'visit', '2026-03-01T02:00:00Z');
  await contact(c.B!, rep1.id, 'other', '2026-03-02T02:00:00Z'); // neither a call nor a visit
  // 2025-Q4 activity: A by a sale, B by a contact, D by a contact on 31 December (China), C (rep2) by a sale
  await sale(c.A!, '2025-11-01', '10.00');
  await contact(c.B!, rep1.id, 'phone', '2025-10-10T02:00:00Z');
  await contact(c.D!, rep1.id, 'phone', '2025-12-31T15:59:00Z');
  await sale(c.C!, '2025-12-01', '10.00');
  await rating(c.B!, rep1.id, 4.5, '2026-02-10T02:00:00Z');
  await rating(c.A!, rep1.id, 3.5, '2026-03-01T02:00:00Z');
  await rating(c.A!, rep1.id, 1, '2026-04-01T02:00:00Z'); // next quarter
}, 60_000);
afterAll(async () => t?.close());

describe('REL-11 GET /api/v1/targets/progress', () => {
  it('REL-11 the exact contract: five items per owner with target, actual and ratio; figures follow the period’s China bounds', async () => {
    const set = await t.request('PUT', '/api/v1/targets', { token: m1.token, body: { period: '2026-Q1', items: [
      { ownerId: rep1.id, metric: 'sales', target: 1000 },
      { ownerId: rep1.id, metric: 'satisfaction', target: 4.5 },
      { ownerId: rep1.id, metric: 'retention', target: 0.8 },
    ] } });
    expect(set.statusCode, set.body).toBe(200);
    const r = await progress(rep1, 'period=2026-Q1&ownerId=');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<{ items: Item[] }>();
    expect(Object.keys(body)).toEqual(['items']);
    expect(body.items.map((i) => Object.keys(i).sort())).toEqual(Array(5).fill(['actual', 'metric', 'ownerId', 'ownerName', 'ratio', 'target']));
    expect(body.items).toEqual([
      { ownerId: rep1.id, ownerName: 'tg.rep1', metric: 'sales', target: 1000, actual: 1200.5, ratio: 1.2005 },
      { ownerId: rep1.id, ownerName: 'tg.rep1', metric: 'satisfaction', target: 4.5, actual: 4, ratio: 0.8889 },
      // A and B active in Q4 and Q1, D only in Q4: 2 of 3
      { ownerId: rep1.id, ownerName: 'tg.rep1', metric: 'retention', target: 0.8, actual: 0.6667, ratio: 0.8334 },
      // 90 days: A 12 calls + 1 visit, B 12 + 1, D (C class) 6 + 0; done A 15 → 12, B 3 calls (email, chat, phone) + 1 visit
      { ownerId: rep1.id, ownerName: 'tg.rep1', metric: 'calls', target: 30, actual: 15, ratio: 0.5 },
      { ownerId: rep1.id, ownerName: 'tg.rep1', metric: 'visits', target: 2, actual: 1, ratio: 0.5 },
    ]);
    const byId = await progress(rep1, `period=2026-Q1&ownerId=${rep1.id}`);
    expect(byId.json()).toEqual(body);
  });

  it('REL-11 a month and a year: no target means null target and ratio; nobody active before means a null retention', async () => {
    const jan = (await progress(rep1, 'period=2026-01')).json<{ items: Item[] }>().items;
    expect(of(jan, rep1.id, 'sales')).toEqual({ ownerId: rep1.id, ownerName: 'tg.rep1', metric: 'sales', target: null, actual: 1000.5, ratio: null });
    // January: A 31 days → 4 calls, 0 visits; A was called 0 times in January
    expect(of(jan, rep1.id, 'calls')).toMatchObject({ target: 4 + 4 + 2, actual: 1 });
    const y2026 = (await progress(rep2, 'period=2026')).json<{ items: Item[] }>().items;
    expect(of(y2026, rep2.id, 'retention')).toMatchObject({ actual: 0, target: null, ratio: null });
    const y2024 = (await progress(rep2, 'period=2024')).json<{ items: Item[] }>().items;
    expect(of(y2024, rep2.id, 'retention')).toMatchObject({ actual: null });
    expect(of(y2024, rep2.id, 'calls')).toMatchObject({ target: 0, actual: 0, ratio: 1 }); // filed in 2025: nothing required, a target of 0 is met
  });

  it.each(['2026-13', '2026-Q5', 'Q4', '2026-Q4;DROP', '1999', ''])('REL-11 period=%j is 400 naming period', async (period) => {
    const r = await progress(rep1, `period=${encodeURIComponent(period)}`);
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { path: string }) => e.path)).toContain('period');
  });
  it('REL-11 without period: 400 naming period; without sign-in: 401 whatever the query', async () => {
    const r = await progress(rep1, '');
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { path: string }) => e.path)).toContain('period');
    expect((await t.request('GET', '/api/v1/targets/progress?period=bad')).statusCode).toBe(401);
  });

  it('REL-11 SEC-2 an owner sees their own; another owner’s is 403; someone who owns nothing gets an empty list', async () => {
    const mine = (await progress(rep1, 'period=2026-Q1')).json<{ items: Item[] }>().items;
    expect(new Set(mine.map((i) => i.ownerId))).toEqual(new Set([rep1.id]));
    expect((await progress(rep1, `period=2026-Q1&ownerId=${rep2.id}`)).statusCode).toBe(403);
    expect((await progress(rep1, `period=2026-Q1&ownerId=${m1.id}`)).statusCode).toBe(403);
    expect((await progress(rep1, 'period=2026-Q1&ownerId=999999')).statusCode).toBe(403);
    expect((await progress(archivist, 'period=2026-Q1')).json()).toEqual({ items: [] });
  });

  it('REL-11 SEC-3 a department manager sees the department’s owners, counting only customers they may see (no A-class amounts)', async () => {
    const items = (await progress(m1, 'period=2026-Q1')).json<{ items: Item[] }>().items;
    expect(new Set(items.map((i) => i.ownerId))).toEqual(new Set([rep1.id, rep2.id]));
    expect(of(items, rep1.id, 'sales')).toMatchObject({ actual: 200 }); // A-class financial group withheld from a department manager
    expect(of(items, rep1.id, 'calls')).toMatchObject({ target: 30, actual: 15 });
    expect((await progress(m1, `period=2026-Q1&ownerId=${rep3.id}`)).statusCode).toBe(403);
    expect((await progress(m2, `period=2026-Q1&ownerId=${rep1.id}`)).statusCode).toBe(403);
    const m2items = (await progress(m2, 'period=2026-Q1')).json<{ items: Item[] }>().items;
    expect(new Set(m2items.map((i) => i.ownerId))).toEqual(new Set([rep3.id]));
    expect(JSON.stringify(m2items)).not.toContain('1000.5');
  });

  it('REL-11 SEC-5 the gm sees every owner; a top-secret customer counts for nobody', async () => {
    const items = (await progress(gm, 'period=2026-Q1')).json<{ items: Item[] }>().items;
    expect(new Set(items.map((i) => i.ownerId))).toEqual(new Set([rep1.id, rep2.id, rep3.id]));
    expect(of(items, rep1.id, 'sales')).toMatchObject({ actual: 1200.5 });
    expect(of(items, rep3.id, 'sales')).toMatchObject({ actual: 777 });
    expect(JSON.stringify(items)).not.toContain('5000');
  });
});

describe('REL-11 PUT /api/v1/targets', () => {
  it('REL-11 a manager sets the department’s owners’ targets (audited with the value before); null removes one', async () => {
    const before = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'target.set').execute();
    const r = await t.request('PUT', '/api/v1/targets', { token: m1.token, body: { period: '2026-11', items: [{ ownerId: rep2.id, metric: 'sales', target: 50000.555 }, { ownerId: rep2.id, metric: 'retention', target: 0.9 }] } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ period: '2026-11', items: [{ ownerId: rep2.id, metric: 'sales', target: 50000.56 }, { ownerId: rep2.id, metric: 'retention', target: 0.9 }] });
    const again = await t.request('PUT', '/api/v1/targets', { token: m1.token, body: { period: '2026-11', items: [{ ownerId: rep2.id, metric: 'sales', target: 60000 }, { ownerId: rep2.id, metric: 'retention', target: null }] } });
    expect(again.json().items).toEqual([{ ownerId: rep2.id, metric: 'sales', target: 60000 }, { ownerId: rep2.id, metric: 'retention', target: null }]);
    const events = await t.database.db.selectFrom('audit_events').select(['actor_id', 'entity_id', 'data']).where('action', '=', 'target.set').orderBy('id').execute();
    const added = events.slice(before.length);
    expect(added).toHaveLength(4);
    expect(added.map((e) => e.data)).toEqual([
      { period: '2026-11', metric: 'sales', before: null, after: 50000.56 },
      { period: '2026-11', metric: 'retention', before: null, after: 0.9 },
      { period: '2026-11', metric: 'sales', before: 50000.56, after: 60000 },
      { period: '2026-11', metric: 'retention', before: 0.9, after: null },
    ]);
    expect(added.every((e) => e.actor_id === m1.id && e.entity_id === rep2.id)).toBe(true);
    const items = (await progress(rep2, 'period=2026-11')).json<{ items: Item[] }>().items;
    expect(of(items, rep2.id, 'sales')).toMatchObject({ target: 60000, actual: 0, ratio: 0 });
  });

  it.each([
    ['an owner their own', () => rep1, () => rep1.id],
    ['a manager another department’s owner', () => m2, () => rep1.id],
    ['a manager themself', () => m1, () => m1.id],
    ['a sales rep a colleague', () => rep2, () => rep1.id],
  ])('REL-11 %s: 403 and nothing changes', async (_label, who, owner) => {
    const snap = await snapshotTables(t.database);
    const r = await t.request('PUT', '/api/v1/targets', { token: who().token, body: { period: '2026-Q1', items: [{ ownerId: owner(), metric: 'sales', target: 1 }] } });
    expect(r.statusCode).toBe(403);
    expect(await snapshotTables(t.database)).toEqual(snap);
  });

  it.each([
    [{ period: '2026-Q1', items: [{ ownerId: 'R', metric: 'satisfaction', target: 6 }] }, 'items.0.target'],
    [{ period: '2026-Q1', items: [{ ownerId: 'R', metric: 'satisfaction', target: 0.5 }] }, 'items.0.target'],
    [{ period: '2026-Q1', items: [{ ownerId: 'R', metric: 'retention', target: 1.5 }] }, 'items.0.target'],
    [{ period: '2026-Q1', items: [{ ownerId: 'R', metric: 'sales', target: -1 }] }, 'items.0.target'],
    [{ period: '2026-Q1', items: [{ ownerId: 'R', metric: 'calls', target: 3 }] }, 'items.0.metric'],
    [{ period: '2026-Q1', items: [{ ownerId: '999999', metric: 'sales', target: 3 }] }, 'items.0.ownerId'],
    [{ period: '2026-Q1', items: [{ ownerId: 'R', metric: 'sales', target: 3 }, { ownerId: 'R', metric: 'sales', target: 4 }] }, 'items.1'],
    [{ period: '2026-Q9', items: [{ ownerId: 'R', metric: 'sales', target: 3 }] }, 'period'],
    [{ period: '2026-Q1', items: [] }, 'items'],
  ])('REL-11 bad input %j: 400 naming %s, nothing changes', async (body, field) => {
    const snap = await snapshotTables(t.database);
    const json = JSON.parse(JSON.stringify(body).replaceAll('"R"', `"${rep1.id}"`));
    const r = await t.request('PUT', '/api/v1/targets', { token: m1.token, body: json });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(await snapshotTables(t.database)).toEqual(snap);
  });
});

describe('REL-11 comments (责任追踪与反馈) and the dashboard', () => {
  it('REL-11 a manager’s comment keeps the figures of its moment, shown beside it after they change', async () => {
    const r = await t.request('POST', '/api/v1/targets/comments', { token: m1.token, body: { period: '2026-Q1', ownerId: rep1.id, text: '拜访次数不足，下月补齐 A 类客户拜访' } });
    expect(r.statusCode, r.body).toBe(201);
    const made = r.json();
    expect(made).toMatchObject({ period: '2026-Q1', ownerId: rep1.id, ownerName: 'tg.rep1', authorId: m1.id, authorName: 'tg.m1', text: '拜访次数不足，下月补齐 A 类客户拜访' });
    expect(made.snapshot.find((m: Item) => m.metric === 'visits')).toEqual({ metric: 'visits', target: 2, actual: 1, ratio: 0.5 });
    expect(made.snapshot.find((m: Item) => m.metric === 'sales')).toMatchObject({ actual: 200 });
    const audit = await t.database.db.selectFrom('audit_events').select(['actor_id', 'data']).where('action', '=', 'target.commented').where('entity_id', '=', made.id).executeTakeFirst();
    expect(audit).toMatchObject({ actor_id: m1.id, data: { ownerId: rep1.id, period: '2026-Q1' } });
    await contact(c.A!, rep1.id, 'visit', '2026-03-20T02:00:00Z'); // the figures move on
    const now = (await progress(m1, `period=2026-Q1&ownerId=${rep1.id}`)).json<{ items: Item[] }>().items;
    expect(of(now, rep1.id, 'visits')).toMatchObject({ actual: 2 });
    for (const reader of [m1, rep1, gm]) {
      const list = (await t.request('GET', `/api/v1/targets/comments?period=2026-Q1&ownerId=${rep1.id}`, { token: reader.token })).json().items;
      expect(list).toHaveLength(1);
      expect(list[0].snapshot.find((m: Item) => m.metric === 'visits')).toEqual({ metric: 'visits', target: 2, actual: 1, ratio: 0.5 });
    }
  });

  it('REL-11 only managers of the owner’s department and the gm comment; others do not see the comments; another manager sees no snapshot', async () => {
    expect((await t.request('POST', '/api/v1/targets/comments', { token: rep1.token, body: { period: '2026-Q1', ownerId: rep1.id, text: '自评' } })).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/targets/comments', { token: m2.token, body: { period: '2026-Q1', ownerId: rep1.id, text: '越权' } })).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/targets/comments', { token: m1.token, body: { period: '2026-Q1', ownerId: '999999', text: 'x' } })).statusCode).toBe(400);
    expect((await t.request('GET', '/api/v1/targets/comments', { token: m2.token })).json().items).toEqual([]);
    expect((await t.request('GET', '/api/v1/targets/comments', { token: rep2.token })).json().items).toEqual([]);
    const byGm = await t.request('POST', '/api/v1/targets/comments', { token: gm.token, body: { period: '2026-Q1', ownerId: rep1.id, text: '总经理：销售额已完成' } });
    expect(byGm.statusCode).toBe(201);
    expect(byGm.json().snapshot.find((m: Item) => m.metric === 'sales')).toMatchObject({ actual: 1200.5 });
    const seenByM1 = (await t.request('GET', `/api/v1/targets/comments?ownerId=${rep1.id}`, { token: m1.token })).json().items;
    expect(seenByM1.find((x: { authorId: string }) => x.authorId === gm.id).snapshot).toBeNull(); // the gm's view holds A-class amounts m1 may not read
    expect(JSON.stringify(seenByM1)).not.toContain('1200.5');
    const seenByOwner = (await t.request('GET', `/api/v1/targets/comments?ownerId=${rep1.id}`, { token: rep1.token })).json().items;
    expect(seenByOwner.find((x: { authorId: string }) => x.authorId === gm.id).snapshot).not.toBeNull();
  });

  it('REL-11 the dashboard: owners and department totals (sales summed, retention pooled, satisfaction over all ratings)', async () => {
    const r = await t.request('GET', '/api/v1/targets/board?period=2026-Q1', { token: gm.token });
    expect(r.statusCode, r.body).toBe(200);
    const b = r.json();
    expect(b).toMatchObject({ period: '2026-Q1', from: '2026-01-01', to: '2026-03-31' });
    const dep1 = b.departments.find((d: { departmentId: string }) => d.departmentId === d1);
    expect(dep1.owners).toBe(2);
    const m = (metric: string) => dep1.metrics.find((x: Item) => x.metric === metric);
    expect(m('sales')).toMatchObject({ target: 1000, actual: 1200.5 });
    expect(m('satisfaction')).toMatchObject({ actual: 4 });
    // rep1: 2 of 3 retained, rep2: 0 of 1 → 2 of 4
    expect(m('retention')).toMatchObject({ actual: 0.5, target: 0.8 });
    const only2 = (await t.request('GET', `/api/v1/targets/board?period=2026-Q1&departmentId=${d2}`, { token: gm.token })).json();
    expect(only2.owners.map((o: { ownerId: string }) => o.ownerId)).toEqual([rep3.id]);
    const m1Board = (await t.request('GET', `/api/v1/targets/board?period=2026-Q1&departmentId=${d2}`, { token: m1.token })).json();
    expect(m1Board.owners).toEqual([]);
  });

  it('REL-11 the progress export carries the dashboard rows, audited', async () => {
    const r = await t.request('GET', '/api/v1/targets/progress/export?period=2026-Q1&format=csv', { token: m1.token });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.body).toContain('客户经理');
    expect(r.body).toContain('tg.rep1');
    expect(r.body).toContain('tg.rep2');
    expect(r.body).not.toContain('tg.rep3');
    expect(r.body).not.toContain('1200.5');
    const audit = await t.database.db.selectFrom('audit_events').select('actor_id').where('action', '=', 'target.exported').execute();
    expect(audit.map((a) => a.actor_id)).toContain(m1.id);
  });
});
