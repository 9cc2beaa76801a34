import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { DEMO_PASSWORD, loadDemo } from './demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('PLT-1 the demo company', () => {
  it('PLT-1 loads departments, users of every role and 2,000 customers with contacts and three years of transactions; runs once', async () => {
    const client = await t.database.pool.connect();
    try {
      const result = await loadDemo(t.database.db, client);
      expect(result).toMatchObject({ customers: 2000 });
      expect(result!.contacts).toBeGreaterThanOrEqual(2000);
      expect(result!.transactions).toBeGreaterThan(2000 * 3);
      expect(await loadDemo(t.database.db, client)).toBeNull();
    } finally {
      client.release();
    }
    const roles = (await t.database.db.selectFrom('users').select('roles').execute()).flatMap((u) => u.roles);
    for (const r of ['admin', 'gm', 'office_head', 'marketing_director', 'marketing_manager', 'cs_manager', 'cs_staff', 'sales', 'finance', 'archivist', 'dept_staff']) expect(roles).toContain(r);
    const span = await t.database.db.selectFrom('transactions').select((eb) => [eb.fn.min('date').as('first'), eb.fn.max('date').as('last')]).executeTakeFirstOrThrow();
    expect(Number(String(span.last).slice(0, 4)) - Number(String(span.first).slice(0, 4))).toBeGreaterThanOrEqual(2);
    // the demo is usable through the API: a sales rep sees their own customers, customer service sees all
    const sales = await t.login('li.xiaoshou', DEMO_PASSWORD);
    const cs = await t.login('zheng.kefu', DEMO_PASSWORD);
    const mine = (await t.request('GET', '/api/v1/customers?limit=200', { token: sales })).json().items as { ownerName: string }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c) => c.ownerName === '李销售')).toBe(true);
    const found = (await t.request('GET', `/api/v1/customers?q=${encodeURIComponent('科技')}&limit=5`, { token: cs })).json().items as { name: string }[];
    expect(found.length).toBe(5);
    expect(found.every((c) => c.name.includes('科技'))).toBe(true);
    const one = found[0] as unknown as { id: string };
    expect((await t.request('GET', `/api/v1/customers/${one.id}/transactions?limit=3`, { token: cs })).json().items.length).toBeGreaterThan(0);
    // every tab of a bulk-loaded archive answers (its creation has no field list)
    for (const tab of ['contacts', 'transactions', 'feedback', 'history', 'timeline']) {
      const r = await t.request('GET', `/api/v1/customers/${one.id}/${tab}`, { token: cs });
      expect(r.statusCode, `${tab}: ${r.body}`).toBe(200);
    }
    const exact = (await t.request('GET', `/api/v1/customers?q=${encodeURIComponent(found[0]!.name)}`, { token: cs })).json().items[0].name as string;
    expect(exact).toBe(found[0]!.name); // the whole name ranks first
  });

  it('PLT-1 ARC-1 the demo keeps two custom fields, filled in on about a third of the archives and filterable', async () => {
    const cs = await t.login('zheng.kefu', DEMO_PASSWORD);
    const fields = (await t.request('GET', '/api/v1/custom-fields', { token: cs })).json().items as { key: string; label: string }[];
    expect(fields.map((f) => f.label)).toEqual(expect.arrayContaining(['获客渠道', '对接系统']));
    const count = (q: string) => t.request('GET', `/api/v1/customers/count?${q}`, { token: cs }).then((r) => r.json().count as number);
    const fair = await count(`customField=leadChannel&customValue=${encodeURIComponent('展会')}`);
    expect(fair).toBeGreaterThan(50);
    expect(fair).toBeLessThan(400);
  });

  it('PLT-1 REL-3 REL-4 REL-5 REL-7 the demo has communications, today’s check-ins (one far at least), next-step and cadence tasks, revisit reports and a mixed contact overview', async () => {
    const rep = await t.login('li.xiaoshou', DEMO_PASSWORD);
    const manager = await t.login('wu.kefu', DEMO_PASSWORD);
    const get = (path: string, token: string) => t.request('GET', path, { token }).then((r) => r.json());
    expect((await get('/api/v1/communications?limit=5', rep)).items).toHaveLength(5);
    const checkIns = (await get('/api/v1/check-ins', manager)).items as { place: string; userName: string }[];
    expect(checkIns.length).toBeGreaterThan(5);
    expect(checkIns.some((c) => c.place === 'far')).toBe(true);
    expect(checkIns.every((c) => c.place !== 'unknown')).toBe(true);
    const states = new Set<string>();
    for (const s of ['ok', 'overdue']) if ((await get(`/api/v1/contact-overview?state=${s}&limit=1`, rep)).items.length) states.add(s);
    expect([...states]).toEqual(['ok', 'overdue']);
    const kinds = new Set(((await get('/api/v1/tasks?state=open&limit=200', rep)).items as { kind: string }[]).map((k) => k.kind));
    expect(kinds).toContain('cadence_call');
    expect((await get('/api/v1/revisit-reports?limit=3', manager)).items.length).toBe(3);
  });
});
