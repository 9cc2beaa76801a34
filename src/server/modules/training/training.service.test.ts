/** REL-12 staff training through the HTTP API: plans, sessions, assessments, effect and missing trainings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
type U = { id: string; token: string };
let rep1: U, rep2: U, rep3: U, m1: U, m2: U, gm: U, cs: U;
let d1: string, d2: string;
let salesPlan: string;
let sessionId: string;

async function department(name: string) {
  const r = await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name, parentId: t.rootDepartmentId } });
  return r.json<{ id: string }>().id;
}

beforeAll(async () => {
  t = await createTestApp();
  d1 = await department('培训一部');
  d2 = await department('培训二部');
  rep1 = await t.createUser('tr.rep1', ['sales'], { departmentId: d1 });
  rep2 = await t.createUser('tr.rep2', ['sales'], { departmentId: d1 });
  rep3 = await t.createUser('tr.rep3', ['sales'], { departmentId: d2 });
  cs = await t.createUser('tr.cs', ['cs_staff'], { departmentId: d1 });
  m1 = await t.createUser('tr.m1', ['dept_staff'], { departmentId: d1 });
  m2 = await t.createUser('tr.m2', ['dept_staff'], { departmentId: d2 });
  gm = await t.createUser('tr.gm', ['gm']);
  await t.database.db.updateTable('departments').set({ manager_id: m1.id }).where('id', '=', d1).execute();
  await t.database.db.updateTable('departments').set({ manager_id: m2.id }).where('id', '=', d2).execute();
  // rep1's customer with a sale in October and November 2026 (before and after a session in November… December)
  const c = (await t.request('POST', '/api/v1/customers', { token: rep1.token, body: { name: '培训效果测试有限公司', customerType: 'direct' } })).json<{ id: string }>().id;
  await t.database.db.updateTable('customers').set({ filed_on: '2025-01-01', abc_class: 'B' }).where('id', '=', c).execute();
  await t.database.db.insertInto('transactions').values([
    { customer_id: c, tx_no: 'TR-1', date: '2026-10-10', amount: '100.00', created_by: null },
    { customer_id: c, tx_no: 'TR-2', date: '2026-12-03', amount: '300.00', created_by: null },
  ]).execute();
}, 60_000);
afterAll(async () => t?.close());

describe('REL-12 plans and sessions', () => {
  it('REL-12 an organiser adds plans per role (audited); others may not', async () => {
    const r = await t.request('POST', '/api/v1/training/plans', { token: m1.token, body: { title: '客户服务技巧', role: 'sales', topic: 'service', required: true, passScore: 70 } });
    expect(r.statusCode, r.body).toBe(201);
    salesPlan = r.json().id;
    expect(r.json()).toMatchObject({ title: '客户服务技巧', role: 'sales', topic: 'service', required: true, passScore: 70 });
    const csPlan = await t.request('POST', '/api/v1/training/plans', { token: gm.token, body: { title: 'CRM系统使用', role: 'cs_staff', topic: 'system', required: true } });
    expect(csPlan.json().passScore).toBe(60);
    expect((await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'training.plan_saved').execute()).length).toBe(2);
    const snap = await snapshotTables(t.database);
    expect((await t.request('POST', '/api/v1/training/plans', { token: rep1.token, body: { title: 'x', role: 'sales', topic: 'theory', required: true } })).statusCode).toBe(403);
    expect(await snapshotTables(t.database)).toEqual(snap);
    const list = (await t.request('GET', '/api/v1/training/plans?role=sales', { token: rep1.token })).json().items;
    expect(list.map((p: { title: string }) => p.title)).toEqual(['客户服务技巧']);
  });

  it('REL-12 a session: exactly one trainer, known plan, attendees and readable materials; 400 naming the field otherwise, nothing written', async () => {
    const base = { planId: salesPlan, heldOn: '2026-11-20', attendeeIds: [rep1.id, rep2.id, rep3.id] };
    const snap = await snapshotTables(t.database);
    for (const [body, field] of [
      [{ ...base }, 'trainerId'],
      [{ ...base, trainerId: m1.id, trainerName: '外聘讲师' }, 'trainerName'],
      [{ ...base, trainerName: '外聘讲师', planId: '999999' }, 'planId'],
      [{ ...base, trainerName: '外聘讲师', attendeeIds: [rep1.id, '999999'] }, 'attendeeIds.1'],
      [{ ...base, trainerName: '外聘讲师', materialDocumentIds: ['999999'] }, 'materialDocumentIds.0'],
      [{ ...base, trainerName: '外聘讲师', heldOn: '1999-01-01' }, 'heldOn'],
      [{ ...base, trainerName: '外聘讲师', heldOn: '2026-02-30' }, 'heldOn'],
    ] as const) {
      const r = await t.request('POST', '/api/v1/training/sessions', { token: m1.token, body });
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect(await snapshotTables(t.database)).toEqual(snap);
    const r = await t.request('POST', '/api/v1/training/sessions', { token: m1.token, body: { ...base, trainerName: '外聘讲师王老师', caseStudies: '案例：某经销商投诉处理全过程复盘' } });
    expect(r.statusCode, r.body).toBe(201);
    sessionId = r.json().id;
    expect(r.json()).toMatchObject({ planTitle: '客户服务技巧', trainerName: '外聘讲师王老师', trainerInternal: false, attendees: 3, assessed: 0, caseStudies: '案例：某经销商投诉处理全过程复盘', materials: [] });
  });

  it('REL-12 assessments by the attendee’s manager (audited); scores shown to the attendee, their managers and the gm only', async () => {
    const r = await t.request('PUT', `/api/v1/training/sessions/${sessionId}/assessments`, { token: m1.token, body: { items: [{ userId: rep1.id, score: 85, comments: '掌握较好' }, { userId: rep2.id, score: 55 }] } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ assessed: 2, avgScore: 70 });
    const snap = await snapshotTables(t.database);
    expect((await t.request('PUT', `/api/v1/training/sessions/${sessionId}/assessments`, { token: m1.token, body: { items: [{ userId: rep3.id, score: 90 }] } })).statusCode).toBe(403);
    expect((await t.request('PUT', `/api/v1/training/sessions/${sessionId}/assessments`, { token: m1.token, body: { items: [{ userId: cs.id, score: 90 }] } })).statusCode).toBe(400);
    expect((await t.request('PUT', `/api/v1/training/sessions/${sessionId}/assessments`, { token: m1.token, body: { items: [{ userId: rep1.id, score: 101 }] } })).statusCode).toBe(400);
    expect((await t.request('PUT', `/api/v1/training/sessions/999999/assessments`, { token: m1.token, body: { items: [{ userId: rep1.id, score: 1 }] } })).statusCode).toBe(404);
    expect(await snapshotTables(t.database)).toEqual(snap);
    const audits = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'training.assessed').execute();
    expect(audits).toHaveLength(2);
    expect(audits.map((a) => a.data)).toEqual(expect.arrayContaining([{ userId: rep1.id, before: null, after: 85 }, { userId: rep2.id, before: null, after: 55 }]));
    const score = async (u: U, of: U) => (await t.request('GET', `/api/v1/training/sessions/${sessionId}`, { token: u.token })).json().attendeeList.find((a: { userId: string }) => a.userId === of.id).score;
    expect(await score(rep1, rep1)).toBe(85);
    expect(await score(rep1, rep2)).toBeNull();
    expect(await score(m2, rep1)).toBeNull();
    expect(await score(gm, rep2)).toBe(55);
    expect(await score(m1, rep2)).toBe(55);
  });

  it('REL-12 the effect: each trainee’s REL-11 figures before and after, only for trainees the caller reaches', async () => {
    const r = await t.request('GET', `/api/v1/training/sessions/${sessionId}/effect?kind=month`, { token: m1.token });
    expect(r.statusCode, r.body).toBe(200);
    const e = r.json();
    expect(e).toMatchObject({ before: '2026-10', after: '2026-12' });
    const one = e.items.find((i: { userId: string }) => i.userId === rep1.id);
    expect(one.score).toBe(85);
    expect(one.before.find((m: { metric: string }) => m.metric === 'sales').actual).toBe(100);
    expect(one.after.find((m: { metric: string }) => m.metric === 'sales').actual).toBe(300);
    expect(e.items.find((i: { userId: string }) => i.userId === rep3.id)).toMatchObject({ before: null, after: null, score: null });
    const asRep2 = (await t.request('GET', `/api/v1/training/sessions/${sessionId}/effect`, { token: rep2.token })).json();
    expect(asRep2.items.find((i: { userId: string }) => i.userId === rep1.id).before).toBeNull();
    expect(JSON.stringify(asRep2)).not.toContain('300');
  });

  it('REL-12 managers see who in their department has not completed the training their role requires (list and export); others 403', async () => {
    const r = await t.request('GET', '/api/v1/training/gaps', { token: m1.token });
    expect(r.statusCode, r.body).toBe(200);
    const pairs = r.json().items.map((i: { userName: string; planTitle: string; bestScore: number | null }) => [i.userName, i.planTitle, i.bestScore]);
    expect(pairs).toEqual(expect.arrayContaining([['tr.rep2', '客户服务技巧', 55], ['tr.cs', 'CRM系统使用', null]]));
    expect(pairs.map((p: string[]) => p[0])).not.toContain('tr.rep1'); // passed with 85 ≥ 70
    expect(pairs.map((p: string[]) => p[0])).not.toContain('tr.rep3'); // another department
    const all = (await t.request('GET', '/api/v1/training/gaps?role=sales', { token: gm.token })).json().items.map((i: { userName: string }) => i.userName);
    expect(all).toEqual(expect.arrayContaining(['tr.rep2', 'tr.rep3']));
    expect(all).not.toContain('tr.cs');
    expect((await t.request('GET', '/api/v1/training/gaps', { token: rep1.token })).statusCode).toBe(403);
    const csv = await t.request('GET', '/api/v1/training/gaps/export?format=csv', { token: m1.token });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('tr.rep2');
    expect(csv.body).toContain('客户服务技巧');
    expect(csv.body).not.toContain('tr.rep3');
  });

  it('REL-12 sessions list newest first with cursor paging and filters', async () => {
    const second = await t.request('POST', '/api/v1/training/sessions', { token: gm.token, body: { planId: salesPlan, heldOn: '2026-12-01', trainerId: m1.id, attendeeIds: [rep3.id] } });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ trainerName: 'tr.m1', trainerInternal: true });
    const p1 = (await t.request('GET', '/api/v1/training/sessions?limit=1', { token: rep1.token })).json();
    expect(p1.items.map((s: { id: string }) => s.id)).toEqual([second.json().id]);
    const p2 = (await t.request('GET', `/api/v1/training/sessions?limit=1&cursor=${p1.nextCursor}`, { token: rep1.token })).json();
    expect(p2.items.map((s: { id: string }) => s.id)).toEqual([sessionId]);
    const nov = (await t.request('GET', '/api/v1/training/sessions?from=2026-11-01&to=2026-11-30', { token: rep1.token })).json();
    expect(nov.items.map((s: { id: string }) => s.id)).toEqual([sessionId]);
  });

  it('REL-12 an organiser corrects a plan and a session (audited, one transaction); an assessed attendee stays (409 naming attendeeIds); others 403', async () => {
    const plan = (await t.request('POST', '/api/v1/training/plans', { token: gm.token, body: { title: '客户管理理论', role: 'sales', topic: 'theory', required: false } })).json<{ id: string }>().id;
    const edited = await t.request('PATCH', `/api/v1/training/plans/${plan}`, { token: gm.token, body: { title: '客户管理理论（修订）', required: false, passScore: 75 } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ title: '客户管理理论（修订）', role: 'sales', topic: 'theory', passScore: 75 });
    const planAudit = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'training.plan_saved').where('entity_id', '=', plan).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(planAudit.data).toMatchObject({ before: { title: '客户管理理论', passScore: 60 }, after: { title: '客户管理理论（修订）', passScore: 75 } });
    const session = (await t.request('POST', '/api/v1/training/sessions', { token: m1.token, body: { planId: plan, heldOn: '2026-11-25', trainerName: '外聘讲师', attendeeIds: [rep1.id, rep2.id] } })).json<{ id: string }>().id;
    await t.request('PUT', `/api/v1/training/sessions/${session}/assessments`, { token: m1.token, body: { items: [{ userId: rep1.id, score: 80 }] } });
    const snap = await snapshotTables(t.database);
    expect((await t.request('PATCH', `/api/v1/training/plans/${plan}`, { token: rep1.token, body: { title: 'x' } })).statusCode).toBe(403);
    expect((await t.request('PATCH', `/api/v1/training/sessions/${session}`, { token: rep1.token, body: { caseStudies: 'x' } })).statusCode).toBe(403);
    expect((await t.request('PATCH', `/api/v1/training/plans/${plan}`, { token: gm.token, body: {} })).statusCode).toBe(400);
    expect((await t.request('PATCH', '/api/v1/training/plans/999999', { token: gm.token, body: { title: 'x' } })).statusCode).toBe(404);
    const both = await t.request('PATCH', `/api/v1/training/sessions/${session}`, { token: m1.token, body: { trainerId: m1.id, trainerName: 'x' } });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors.map((e: { path: string }) => e.path)).toContain('trainerName');
    const offAssessed = await t.request('PATCH', `/api/v1/training/sessions/${session}`, { token: m1.token, body: { attendeeIds: [rep2.id], caseStudies: '不应写入' } });
    expect(offAssessed.statusCode).toBe(409);
    expect(offAssessed.json().errors.map((e: { path: string }) => e.path)).toEqual(['attendeeIds']);
    expect(await snapshotTables(t.database)).toEqual(snap);
    const ok = await t.request('PATCH', `/api/v1/training/sessions/${session}`, { token: m1.token, body: { heldOn: '2026-11-26', trainerId: m1.id, attendeeIds: [rep1.id, cs.id], caseStudies: '补充案例' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ heldOn: '2026-11-26', trainerName: 'tr.m1', trainerInternal: true, attendees: 2, assessed: 1, caseStudies: '补充案例' });
    expect(ok.json().attendeeList.map((a: { userName: string }) => a.userName).sort()).toEqual(['tr.cs', 'tr.rep1']);
    const audit = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'training.session_saved').where('entity_id', '=', session).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({ attendeesAdded: [cs.id], attendeesRemoved: [rep2.id] });
  });
});
