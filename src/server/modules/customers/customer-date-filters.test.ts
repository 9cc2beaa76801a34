/** ARC-11 (issue 17): the customer list filters by created, updated and last-contact day (Asia/Shanghai days), with the count agreeing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let rep: { id: string; token: string };
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('date.rep', ['sales']);
  for (const name of ['日期甲有限公司', '日期乙有限公司', '日期丙有限公司']) {
    const r = await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name, customerType: 'direct' } });
    expect(r.statusCode, r.body).toBe(201);
    ids[name] = r.json().id;
  }
  const db = t.database.db;
  // 甲: created 2026-03-01 00:30 Shanghai (still 2026-02-28 in UTC), changed 2026-03-10, called 2026-03-20 23:50 Shanghai
  await db.updateTable('customers').set({ created_at: new Date('2026-02-28T16:30:00Z'), updated_at: new Date('2026-03-10T02:00:00Z') }).where('id', '=', ids['日期甲有限公司']!).execute();
  await db.updateTable('contact_states').set({ last_call_at: new Date('2026-03-20T15:50:00Z') }).where('customer_id', '=', ids['日期甲有限公司']!).execute();
  // 乙: created 2026-02-28 23:30 Shanghai, changed 2026-04-01, visited 2026-03-21 00:10 Shanghai
  await db.updateTable('customers').set({ created_at: new Date('2026-02-28T15:30:00Z'), updated_at: new Date('2026-04-01T02:00:00Z') }).where('id', '=', ids['日期乙有限公司']!).execute();
  await db.updateTable('contact_states').set({ last_visit_at: new Date('2026-03-20T16:10:00Z') }).where('customer_id', '=', ids['日期乙有限公司']!).execute();
  // 丙: created 2026-05-05, never contacted
  await db.updateTable('customers').set({ created_at: new Date('2026-05-05T02:00:00Z'), updated_at: new Date('2026-05-05T02:00:00Z') }).where('id', '=', ids['日期丙有限公司']!).execute();
});
afterAll(async () => t?.close());

const names = async (query: string) => {
  const r = await t.request('GET', `/api/v1/customers?limit=50&${query}`, { token: rep.token });
  expect(r.statusCode, r.body).toBe(200);
  const count = (await t.request('GET', `/api/v1/customers/count?${query}`, { token: rep.token })).json().count;
  const list = r.json<{ items: { name: string }[] }>().items.map((c) => c.name).sort();
  expect(count).toBe(list.length);
  return list;
};

describe('ARC-11 date filters on the customer list', () => {
  it.each([
    ['createdFrom=2026-03-01', ['日期丙有限公司', '日期甲有限公司']],
    ['createdTo=2026-02-28', ['日期乙有限公司']],
    ['createdFrom=2026-03-01&createdTo=2026-03-01', ['日期甲有限公司']],
    ['updatedFrom=2026-03-10&updatedTo=2026-03-31', ['日期甲有限公司']],
    ['updatedFrom=2026-04-01', ['日期丙有限公司', '日期乙有限公司']],
    ['lastContactFrom=2026-03-21', ['日期乙有限公司']],
    ['lastContactTo=2026-03-20', ['日期甲有限公司']],
    ['lastContactFrom=2026-01-01', ['日期乙有限公司', '日期甲有限公司']],
  ])('ARC-11 %s is a day in Asia/Shanghai, list and count agree', async (query, expected) => {
    expect(await names(query)).toEqual([...expected].sort());
  });

  it('ARC-11 a date that is not a real day is a 400 naming the field', async () => {
    const r = await t.request('GET', '/api/v1/customers?limit=10&updatedFrom=2026-02-30', { token: rep.token });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].path).toContain('updatedFrom');
  });
});
