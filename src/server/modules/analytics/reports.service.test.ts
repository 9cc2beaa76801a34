import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { chinaDate } from '../tasks/working-days.rules.js';

let t: TestApp;
let rep: { id: string; token: string };
let other: { id: string; token: string };
let gm: { id: string; token: string };
let cs: { id: string; token: string };
const ids: Record<string, string> = {};
const today = chinaDate(new Date());
const daysFromToday = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('rpt.rep', ['sales']);
  other = await t.createUser('rpt.other', ['sales']);
  gm = await t.createUser('rpt.gm', ['gm']);
  cs = await t.createUser('rpt.cs', ['cs_manager']);
  const db = t.database.db;
  for (const name of ['报表甲有限公司', '报表乙有限公司', '报表丙有限公司']) {
    const r = await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name, customerType: 'direct' } });
    expect(r.statusCode, r.body).toBe(201);
    ids[name] = r.json().id;
  }
  const [a, b, c] = [ids['报表甲有限公司']!, ids['报表乙有限公司']!, ids['报表丙有限公司']!];
  // grades in two quarters: 甲 AA → AAA, 乙 B → C, 丙 graded only in the later one
  let sc = await db.selectFrom('scorecards').select('id').executeTakeFirst();
  if (!sc) sc = await db.insertInto('scorecards').values({ version: 99, name: 't', definition: '{}' }).returning('id').executeTakeFirstOrThrow();
  const round = async (quarter: string, start: string, end: string) =>
    (await db.insertInto('evaluation_rounds').values({ quarter, period_start: start, period_end: end, scorecard_id: sc!.id, state: 'open' }).returning('id').executeTakeFirstOrThrow()).id;
  const r1 = await round('2026Q2', '2026-04-01', '2026-06-30');
  const r2 = await round('2026Q3', '2026-07-01', '2026-09-30');
  const dept = (await db.selectFrom('customers').select('department_id').where('id', '=', a).executeTakeFirstOrThrow()).department_id;
  const ev = (round_id: string, customer_id: string, grade: string) =>
    db.insertInto('evaluations').values({ round_id, customer_id, grade, state: 'finalised', scorecard_id: sc!.id, customer_type: 'direct', department_id: dept, owner_id: rep.id }).execute();
  await ev(r1, a, 'AA');
  await ev(r1, b, 'B');
  await ev(r2, a, 'AAA');
  await ev(r2, b, 'C');
  await ev(r2, c, 'A');
  // tier changes, receivables, a communication, a document
  await db.insertInto('grade_changes').values([
    { customer_id: a, kind: 'tier', from_value: 'normal', to_value: 'key', cause: 'evaluation' },
    { customer_id: b, kind: 'tier', from_value: 'key', to_value: 'normal', cause: 'evaluation' },
  ]).execute();
  const txn = await db.insertInto('transactions').values({ customer_id: a, tx_no: 'RPT-1', date: daysFromToday(-200), amount: '3000.00', created_by: null }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('payments').values([
    { transaction_id: txn.id, due_on: daysFromToday(10), amount: '1000.00', created_by: null },
    { transaction_id: txn.id, due_on: daysFromToday(-45), amount: '700.50', created_by: null },
    { transaction_id: txn.id, due_on: daysFromToday(-120), amount: '300.25', created_by: null },
    { transaction_id: txn.id, due_on: daysFromToday(-5), amount: '999.00', paid_on: daysFromToday(-1), created_by: null },
  ]).execute();
  await db.updateTable('customers').set({ last_transaction_on: daysFromToday(-10) }).where('id', '=', a).execute();
  const comm = await t.request('POST', '/api/v1/communications', { token: rep.token, body: { customerId: b, channel: 'phone', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), subject: '回访', content: '电话回访' } });
  expect(comm.statusCode, comm.body).toBe(201);
});
afterAll(async () => t?.close());

const report = async (token: string, kind: string, query = '') => {
  const r = await t.request('GET', `/api/v1/reports/${kind}${query ? `?${query}` : ''}`, { token });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

describe('ANA-3 standard reports', () => {
  it('ANA-3 grade distribution and migration matrix between two quarters', async () => {
    const r = await report(rep.token, 'grade-migration', 'fromQuarter=2026Q2&toQuarter=2026Q3');
    expect(r).toMatchObject({ report: 'grade-migration', title: '客户信用等级分布与迁移表', period: '2026Q2 → 2026Q3', truncated: false });
    const row = (g: string) => r.rows.find((x: { grade: string }) => x.grade === g);
    expect(row('AA')).toMatchObject({ fromCount: 1, toCount: 0, to_AAA: 1, up: 1, down: 0 });
    expect(row('B')).toMatchObject({ fromCount: 1, to_C: 1, up: 0, down: 1 });
    expect(row('未评级')).toMatchObject({ fromCount: 1, to_A: 1 });
    expect(row('AAA')).toMatchObject({ fromCount: 0, toCount: 1 });
    expect(r.totals).toMatchObject({ fromCount: 3, toCount: 3, up: 1, down: 1 });
    // the default: the last round's quarter against the one before
    expect((await report(rep.token, 'grade-migration')).period).toBe('2026Q2 → 2026Q3');
  });

  it('ANA-3 SEC-2 a rep who may not see the customers gets empty reports, never their figures', async () => {
    const g = await report(other.token, 'grade-migration', 'fromQuarter=2026Q2&toQuarter=2026Q3');
    expect(g.totals).toMatchObject({ fromCount: 0, toCount: 0 });
    expect((await report(other.token, 'receivables-aging')).rows).toEqual([]);
    expect((await report(other.token, 'tier-changes', 'from=2000-01-01')).rows).toEqual([]);
    const d = await report(other.token, 'dormant-customers', 'dormantDays=30');
    expect(JSON.stringify(d)).not.toContain('报表');
    expect((await report(other.token, 'archive-completeness')).rows).toEqual([]);
  });

  it('ANA-3 tier changes in the period, grouped by move with its direction', async () => {
    const r = await report(gm.token, 'tier-changes', 'from=2000-01-01');
    expect(r.rows).toEqual(expect.arrayContaining([
      { fromTier: '普通客户', toTier: '重点客户', direction: '上升', changes: 1, customers: 1 },
      { fromTier: '重点客户', toTier: '普通客户', direction: '下降', changes: 1, customers: 1 },
    ]));
    expect(r.totals.changes).toBe(2);
    expect((await report(gm.token, 'tier-changes', 'from=2000-01-01&to=2000-12-31')).rows).toEqual([]);
  });

  it('ANA-3 SAL-4 receivables aging per owner in the buckets, exact decimal strings', async () => {
    const r = await report(rep.token, 'receivables-aging');
    expect(r.rows).toEqual([{ owner: 'rpt.rep', count: 3, notDue: '1000.00', '0-30': '0.00', '31-60': '700.50', '61-90': '0.00', over_90: '300.25', overdue: '1000.75', total: '2000.75' }]);
    expect(r.totals).toMatchObject({ total: '2000.75', count: 3 });
    const aging = (await t.request('GET', '/api/v1/receivables/aging', { token: rep.token })).json();
    expect(aging.total.amount).toBe(r.totals.total);
  });

  it('ANA-3 REL-2 contact compliance per owner: done vs. required by the cadence', async () => {
    const from = daysFromToday(-13);
    const r = await report(rep.token, 'contact-compliance', `from=${from}&to=${today}`);
    // 14 days, class C (no class) cadence: a call every 14 days → 1 call each, no visit (120 days)
    expect(r.rows).toEqual([expect.objectContaining({ owner: 'rpt.rep', customers: 3, callsRequired: 3, callsDone: 1, visitsRequired: 0, visitsDone: 0, compliance: 0.3333 })]);
  });

  it('ANA-3 archive completeness per owner: fields and required documents missing', async () => {
    const r = await report(rep.token, 'archive-completeness');
    expect(r.rows).toEqual([expect.objectContaining({ owner: 'rpt.rep', customers: 3, complete: 0, completeness: 0, fieldsMissing: 3, documentsMissing: 3, missing_business_licence: 3, missing_legal_rep_id: 3 })]);
    expect(r.columns.map((c: { label: string }) => c.label)).toContain('缺营业执照');
  });

  it('ANA-3 dormant customers: no transaction and no contact for the given days', async () => {
    const r = await report(rep.token, 'dormant-customers', 'dormantDays=30');
    const names = r.rows.map((x: { name: string }) => x.name);
    expect(names).toContain('报表丙有限公司');
    expect(names).not.toContain('报表甲有限公司'); // a transaction 10 days ago
    expect(names).not.toContain('报表乙有限公司'); // a call an hour ago
  });

  it('ANA-3 complaint statistics and satisfaction trend answer for customer service', async () => {
    const c = await report(cs.token, 'complaint-statistics', 'from=2026-01-01');
    expect(c.totals).toMatchObject({ period: '合计', received: 0 });
    const s = await report(cs.token, 'satisfaction-trend', 'from=2026-01-01');
    expect(s.columns.map((x: { key: string }) => x.key)).toEqual(['month', 'surveyRating', 'surveys', 'complaintSatisfaction', 'complaints']);
  });

  it('ANA-3 each report exports as xlsx with the printed headings, audited; csv too', async () => {
    const r = await t.request('GET', '/api/v1/reports/receivables-aging/export', { token: rep.token });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual(expect.arrayContaining(['负责人', '逾期 31–60 天', '应收合计']));
    expect(ws.getRow(2).values).toEqual(expect.arrayContaining(['rpt.rep', 2000.75]));
    const csv = await t.request('GET', '/api/v1/reports/dormant-customers/export?format=csv&dormantDays=30', { token: rep.token });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('报表丙有限公司');
    const audits = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'report.exported').execute();
    expect(audits.length).toBe(2);
  });

  it('ANA-3 each report prints as an A4 page with its title and totals, audited', async () => {
    const r = await t.request('GET', '/api/v1/reports/grade-migration/print?fromQuarter=2026Q2&toQuarter=2026Q3', { token: rep.token });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('客户信用等级分布与迁移表');
    expect(r.body).toContain('size: A4');
    expect(r.body).toContain('合计');
    expect(await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'report.printed').execute()).toHaveLength(1);
  });

  it('ANA-3 bad input is a 400 naming the field', async () => {
    const bad = async (url: string, path: string) => {
      const r = await t.request('GET', url, { token: rep.token });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().errors).toEqual([expect.objectContaining({ path })]);
    };
    await bad('/api/v1/reports/grade-migration?fromQuarter=2026Q3&toQuarter=2026Q2', 'fromQuarter');
    await bad('/api/v1/reports/tier-changes?from=2026-12-31&to=2026-01-01', 'from');
    await bad('/api/v1/reports/dormant-customers?dormantDays=5', 'dormantDays');
    expect((await t.request('GET', '/api/v1/reports/everything', { token: rep.token })).statusCode).toBe(400);
    expect((await t.request('GET', '/api/v1/reports/receivables-aging')).statusCode).toBe(401);
  });
});

describe('ANA-2 dashboard figures', () => {
  it('ANA-2 a rep sees their contact dues; customer service their complaint figures; neither the other', async () => {
    const db = t.database.db;
    await db.updateTable('contact_states').set({ next_call_due: daysFromToday(-3), next_visit_due: daysFromToday(60) }).where('customer_id', '=', ids['报表甲有限公司']!).execute();
    await db.updateTable('contact_states').set({ next_call_due: today, next_visit_due: daysFromToday(60) }).where('customer_id', '=', ids['报表乙有限公司']!).execute();
    await db.updateTable('contact_states').set({ next_call_due: daysFromToday(1), next_visit_due: daysFromToday(60) }).where('customer_id', '=', ids['报表丙有限公司']!).execute();
    const mine = (await t.request('GET', '/api/v1/analytics/dashboard', { token: rep.token })).json();
    expect(mine).toMatchObject({ complaints: null, contacts: { dueToday: 1, overdue: 1, dueSoon: 1 }, archives: null });
    const service = (await t.request('GET', '/api/v1/analytics/dashboard', { token: cs.token })).json();
    expect(service).toEqual({ complaints: { open: 0, overdue: 0, followUpsDue: 0 }, contacts: null, salesMonth: null, archives: null });
    const stranger = (await t.request('GET', '/api/v1/analytics/dashboard', { token: other.token })).json();
    expect(stranger.contacts).toEqual({ dueToday: 0, overdue: 0, dueSoon: 0 });
  });

  it('ANA-2 ANA-4 this month\'s sales on the home page are the composition\'s figures, summed without the composition', async () => {
    const db = t.database.db;
    const from = `${today.slice(0, 8)}01`;
    const prevDay = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10); // in the previous period, whatever today is
    await db.insertInto('transactions').values([
      { customer_id: ids['报表乙有限公司']!, tx_no: 'RPT-M1', date: today, amount: '1234.56', created_by: null },
      { customer_id: ids['报表丙有限公司']!, tx_no: 'RPT-M2', date: from, amount: '0.44', created_by: null },
      { customer_id: ids['报表丙有限公司']!, tx_no: 'RPT-M3', date: prevDay, amount: '500.10', created_by: null },
    ]).execute();
    for (const [token, mine] of [[rep.token, rep.id], [gm.token, null], [other.token, other.id]] as const) {
      const dash = (await t.request('GET', '/api/v1/analytics/dashboard', { token })).json().salesMonth;
      const c = (await t.request('GET', `/api/v1/analytics/composition?by=tier&from=${from}&to=${today}${mine ? `&ownerId=${mine}` : ''}`, { token })).json();
      const previous = c.items.reduce((n: bigint, i: { previousAmount: string }) => n + BigInt(i.previousAmount.replace('.', '')), 0n);
      expect(dash).toEqual({ from, to: today, total: c.total, previous: `${previous / 100n}.${String(previous % 100n).padStart(2, '0')}` });
    }
    const repDash = (await t.request('GET', '/api/v1/analytics/dashboard', { token: rep.token })).json().salesMonth;
    expect(repDash).toMatchObject({ total: '1235.00', previous: '500.10' });
    expect((await t.request('GET', '/api/v1/analytics/dashboard', { token: other.token })).json().salesMonth.total).toBe('0.00');
  });

  it('ANA-2 SEC-4 the archivist\'s home counts the register (every archive below top secret) without reading a field; the figures are the completeness report\'s totals', async () => {
    const archivist = await t.createUser('rpt.archivist', ['archivist']);
    const secret = await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name: '报表绝密有限公司', customerType: 'direct' } });
    await t.database.db.updateTable('customers').set({ secrecy_level: 'top_secret' }).where('id', '=', secret.json().id).execute();
    const dash = (await t.request('GET', '/api/v1/analytics/dashboard', { token: archivist.token })).json();
    // the customer-service manager reads every archive below top secret: the same archives, by the report
    const totals = (await report(cs.token, 'archive-completeness')).totals;
    expect(totals.customers).toBeGreaterThan(0);
    expect(dash).toEqual({ complaints: null, contacts: null, salesMonth: null, archives: { customers: totals.customers, documentsMissing: totals.documentsMissing, fieldsMissing: null, complete: null } });
    // the duty opens nothing of the archives themselves: no list, no report rows, no archive
    expect((await t.request('GET', '/api/v1/customers?limit=200', { token: archivist.token })).json().items).toEqual([]);
    expect((await report(archivist.token, 'archive-completeness')).rows).toEqual([]);
    expect((await t.request('GET', `/api/v1/customers/${ids['报表甲有限公司']}`, { token: archivist.token })).statusCode).toBe(404);
    // counted for a reader, the four figures are the report's totals exactly — with archives holding
    // every required document, some of them (one deleted), or a category twice
    const doc = (customer_id: string, category: 'business_licence' | 'legal_rep_id', deleted = false) => ({ customer_id, kind: 'original' as const, category, title: category, pages: 1, ...(deleted ? { deleted_at: new Date() } : {}) });
    await t.database.db.insertInto('documents').values([
      doc(ids['报表甲有限公司']!, 'business_licence'), doc(ids['报表甲有限公司']!, 'legal_rep_id'), doc(ids['报表甲有限公司']!, 'legal_rep_id'),
      doc(ids['报表乙有限公司']!, 'business_licence'), doc(ids['报表乙有限公司']!, 'legal_rep_id', true),
      doc(ids['报表丙有限公司']!, 'business_licence'), doc(ids['报表丙有限公司']!, 'business_licence'),
    ]).execute();
    await t.database.db.updateTable('customers').set({ credit_code: '91330100MA2XXXXX0X', address: '杭州市', region: '330100', phone: '0571-88888888', industry: '日化', main_business: '清洁剂', company_nature: 'private_ltd' }).where('id', '=', ids['报表甲有限公司']!).execute();
    const after = (await report(cs.token, 'archive-completeness')).totals;
    expect(after.complete).toBeGreaterThanOrEqual(1);
    expect((await t.request('GET', '/api/v1/analytics/dashboard', { token: archivist.token })).json().archives).toEqual({ customers: after.customers, documentsMissing: after.documentsMissing, fieldsMissing: null, complete: null });
    const { archiveFigures } = await import('./reports.service.js');
    for (const u of [{ id: rep.id, roles: ['sales'] as const }, { id: cs.id, roles: ['cs_manager'] as const }, { id: gm.id, roles: ['gm'] as const }]) {
      const token = u.id === rep.id ? rep.token : u.id === cs.id ? cs.token : gm.token;
      const tot = (await report(token, 'archive-completeness')).totals;
      expect(await archiveFigures(t.database.db, { userId: u.id, roles: [...u.roles] } as never)).toEqual({ customers: tot.customers, documentsMissing: tot.documentsMissing, fieldsMissing: tot.fieldsMissing, complete: tot.complete });
    }
  });
});
