import { sql } from 'kysely';
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
  }, 180_000); // loads the whole demo company through the write path: long on a loaded machine

  it('PLT-1 SVC-2 SVC-6 SVC-8 SVC-10 the demo has complaints in every kind of state, an overdue one, follow-ups as revisit reports, and service requests', async () => {
    const cs = await t.login('zheng.kefu', DEMO_PASSWORD);
    const list = (await t.request('GET', '/api/v1/complaints?limit=50', { token: cs })).json().items as { state: string; overdue: boolean; customerId: string | null }[];
    expect(list.length).toBeGreaterThanOrEqual(12);
    expect(new Set(list.map((c) => c.state))).toEqual(new Set(['received', 'analysing', 'assigned', 'investigating', 'plan_proposed', 'implementing', 'resolved', 'followed_up', 'closed']));
    expect(list[0]!.overdue).toBe(true); // overdue first
    expect(list.some((c) => c.customerId === null)).toBe(true);
    const reports = (await t.request('GET', '/api/v1/revisit-reports?sourceType=complaint&limit=10', { token: cs })).json().items as unknown[];
    expect(reports.length).toBeGreaterThanOrEqual(3);
    const requests = (await t.request('GET', '/api/v1/service-requests?limit=20', { token: cs })).json().items as { status: string }[];
    expect(new Set(requests.map((r) => r.status))).toEqual(new Set(['open', 'waiting_customer', 'resolved', 'closed', 'escalated']));
    const rota = (await t.request('GET', '/api/v1/complaints/rota', { token: cs })).json() as { gaps: unknown[]; entries: unknown[] };
    expect(rota.entries.length).toBeGreaterThan(0);
    expect(rota.gaps.length).toBeGreaterThan(0);
  });

  it('PLT-1 SAL-1 SAL-2 SAL-3 REL-6 REL-9 REL-10 REL-11 REL-12 the demo shows every programme and sales module with data written through the services', async () => {
    const p = (await t.database.db.selectFrom('settings').select('value').where('key', '=', 'demo_loaded').executeTakeFirstOrThrow()).value;
    expect(p).toBeTruthy();
    const gm = await t.login('zhang.zong', DEMO_PASSWORD);
    const get = (path: string) => t.request('GET', path, { token: gm }).then((r) => { expect(r.statusCode, `${path}: ${r.body}`).toBe(200); return r.json(); });
    const opportunities = (await get('/api/v1/opportunities?limit=500')).items as { stage: string }[];
    expect(new Set(opportunities.map((o) => o.stage)).size).toBe(7);
    const contracts = (await get('/api/v1/contracts?limit=100')).items as { state: string; template: unknown; clauses: unknown; instalments: unknown[] }[];
    expect(contracts.filter((k) => k.state === 'signed').length).toBeGreaterThanOrEqual(10);
    expect(contracts.every((k) => k.template !== null && k.clauses !== null && k.instalments.length === 3)).toBe(true);
    expect((await get('/api/v1/receivables?state=overdue&limit=5')).items.length).toBeGreaterThan(0);
    expect((await get('/api/v1/receivables?state=paid&limit=5')).items.length).toBeGreaterThan(0);
    expect((await get('/api/v1/contract-templates?usable=true')).items).toHaveLength(1);
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    expect(((await get(`/api/v1/targets/progress?period=${month}`)).items as { metric: string; target: number | null }[]).some((i) => i.metric === 'sales' && i.target !== null)).toBe(true);
    const db = t.database.db;
    const count = async (table: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0]!.n);
    expect(await count('survey_responses')).toBeGreaterThan(10);
    expect(await count('points_entries')).toBeGreaterThan(10);
    expect(await count('board_cards')).toBe(6);
    expect(await count('training_sessions')).toBe(2);
    expect(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM training_attendees WHERE score IS NOT NULL`.execute(db)).rows[0]!.n)).toBe(4);
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
