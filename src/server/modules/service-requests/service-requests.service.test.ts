import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { escalateLateServiceRequests } from './service-requests.escalation.js';

let t: TestApp;
type U = { id: string; token: string };
let cs: U, csManager: U, gm: U, owner: U, otherSales: U, techStaff: U, techManager: U, outsider: U;
let techDept: string;
let customerId: string;
let topSecretId: string;
const H = 3_600_000;

type Req = {
  id: string; requestNo: string; status: string; customerName: string | null; customerHidden: boolean; teamDepartmentId: string | null; assigneeId: string | null;
  receivedAt: string; firstResponseDueAt: string; resolutionDueAt: string; firstRespondedAt: string | null; overdue: boolean; complaintId: string | null; complaintNo: string | null;
  transitions: { from: string; to: string; by: string; comment: string | null }[]; notes: { kind: string; body: string }[]; nextStatuses: string[];
};

const body = (extra: Record<string, unknown> = {}) => ({ customerId, channel: 'phone', category: 'repair', urgency: 'high', subject: '清洗机无法启动', description: '客户来电：上周购买的清洗机通电后无反应', ...extra });
const post = (token: string, extra: Record<string, unknown> = {}) => t.request('POST', '/api/v1/service-requests', { token, body: body(extra) });
async function created(token: string, extra: Record<string, unknown> = {}) {
  const r = await post(token, extra);
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Req>();
}
const move = (token: string, id: string, b: Record<string, unknown>) => t.request('POST', `/api/v1/service-requests/${id}/transitions`, { token, body: b });
const get = (token: string, id: string) => t.request('GET', `/api/v1/service-requests/${id}`, { token });
const audits = async (action: string, id: string) => (await t.database.db.selectFrom('audit_events').select('id').where('action', '=', action).where('entity_id', '=', id).execute()).length;

beforeAll(async () => {
  t = await createTestApp();
  const d = await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '技术服务部', parentId: t.rootDepartmentId } });
  expect(d.statusCode, d.body).toBe(201);
  techDept = d.json<{ id: string }>().id;
  cs = await t.createUser('kefu.fw', ['cs_staff']);
  csManager = await t.createUser('kefujingli.fw', ['cs_manager']);
  gm = await t.createUser('zongjingli.fw', ['gm']);
  owner = await t.createUser('xiaoshou.fw', ['sales']);
  otherSales = await t.createUser('xiaoshou.fw2', ['sales']);
  techStaff = await t.createUser('jishu.fw', ['dept_staff'], { departmentId: techDept });
  techManager = await t.createUser('jishujingli.fw', ['dept_staff'], { departmentId: techDept });
  outsider = await t.createUser('caiwu.fw', ['finance']);
  await t.database.db.updateTable('departments').set({ manager_id: techManager.id }).where('id', '=', techDept).execute();
  const c = await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '宁波洁净设备有限公司', customerType: 'direct', confirmDuplicate: true } });
  expect(c.statusCode, c.body).toBe(201);
  customerId = c.json<{ id: string }>().id;
  const s = await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '绝密服务客户集团', customerType: 'direct', confirmDuplicate: true } });
  topSecretId = s.json<{ id: string }>().id;
  await t.database.db.updateTable('customers').set({ secrecy_level: 'top_secret' }).where('id', '=', topSecretId).execute();
  const r = await t.request('PUT', '/api/v1/service-requests/routing', { token: csManager.token, body: { rules: [{ category: 'repair', departmentId: techDept }] } });
  expect(r.statusCode, r.body).toBe(200);
}, 120_000);
afterAll(async () => t?.close());

describe('SVC-10 intake, routing and SLA', () => {
  it('SVC-10 POST /service-requests → 201 FW-YYYY-NNNNNN, status open, routed to the team, SLA deadlines from the urgency', async () => {
    const a = await created(cs.token);
    const b = await created(cs.token, { category: 'question', urgency: 'urgent' });
    const year = new Date(Date.now() + 8 * H).getUTCFullYear();
    expect(a.requestNo).toMatch(new RegExp(`^FW-${year}-\\d{6}$`));
    expect(Number(b.requestNo.slice(-6))).toBe(Number(a.requestNo.slice(-6)) + 1);
    expect(a).toMatchObject({ status: 'open', teamDepartmentId: techDept, customerName: '宁波洁净设备有限公司', assigneeId: null, firstRespondedAt: null, overdue: false, nextStatuses: ['in_progress', 'resolved'] });
    expect(Date.parse(a.firstResponseDueAt) - Date.parse(a.receivedAt)).toBe(4 * H);
    expect(Date.parse(a.resolutionDueAt) - Date.parse(a.receivedAt)).toBe(24 * H);
    expect(b.teamDepartmentId).toBeNull(); // no rule for questions: customer service's queue
    expect(Date.parse(b.resolutionDueAt) - Date.parse(b.receivedAt)).toBe(8 * H);
    const task = await t.database.db.selectFrom('tasks').select(['kind', 'owner_id', 'customer_id']).where('ref_type', '=', 'service_request').where('ref_id', '=', a.id).executeTakeFirstOrThrow();
    expect(task).toEqual({ kind: 'service_request', owner_id: techManager.id, customer_id: null });
    expect(await audits('service_request.created', a.id)).toBe(1);
  });
  it('SVC-10 the SLA table and routing: an administrator changes the table; the cs manager the rules; others 403; bad values 400 naming the field', async () => {
    const table = { urgent: { firstResponseHours: 1, resolutionHours: 6 }, high: { firstResponseHours: 2, resolutionHours: 12 }, normal: { firstResponseHours: 8, resolutionHours: 48 } };
    expect((await t.request('PUT', '/api/v1/service-requests/sla', { token: cs.token, body: table })).statusCode).toBe(403);
    const bad = await t.request('PUT', '/api/v1/service-requests/sla', { token: t.adminToken, body: { ...table, normal: { firstResponseHours: 50, resolutionHours: 48 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('normal.firstResponseHours');
    expect((await t.request('PUT', '/api/v1/service-requests/sla', { token: t.adminToken, body: table })).statusCode).toBe(200);
    const r = await created(cs.token, { urgency: 'high' });
    expect(Date.parse(r.resolutionDueAt) - Date.parse(r.receivedAt)).toBe(12 * H);
    expect((await t.request('PUT', '/api/v1/service-requests/routing', { token: cs.token, body: { rules: [] } })).statusCode).toBe(403);
    const twice = await t.request('PUT', '/api/v1/service-requests/routing', { token: csManager.token, body: { rules: [{ category: 'repair', departmentId: techDept }, { category: 'repair', departmentId: techDept }] } });
    expect(twice.statusCode).toBe(400);
    const noDept = await t.request('PUT', '/api/v1/service-requests/routing', { token: csManager.token, body: { rules: [{ category: 'repair', departmentId: '999999' }] } });
    expect(noDept.statusCode).toBe(400);
    expect(noDept.json().errors[0].path).toBe('rules.0.departmentId');
    expect((await t.request('GET', '/api/v1/service-requests/routing', { token: cs.token })).json()).toEqual({ rules: [{ category: 'repair', departmentId: techDept }] });
  });
  it('SVC-10 a customer the caller may not see → 404 and nothing written; a rep records only for their own customers', async () => {
    const before = await snapshotTables(t.database);
    expect((await post(otherSales.token)).statusCode).toBe(404);
    expect((await post(outsider.token)).statusCode).toBe(404);
    expect((await post(cs.token, { customerId: '987654321' })).statusCode).toBe(404);
    expect((await post(owner.token, { customerId: undefined, customerName: '王先生', contactPhone: '13900002222' })).statusCode).toBe(403);
    expect(await snapshotTables(t.database)).toEqual(before);
    const mine = await created(owner.token);
    expect(mine.status).toBe('open');
  });
  it('SVC-10 bad input → 400 naming the field, never a 500', async () => {
    const r = await post(cs.token, { subject: '   ' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { path: string }) => e.path)).toContain('subject');
    const u = await post(cs.token, { customerId: undefined });
    expect(u.json().errors.map((e: { path: string }) => e.path)).toContain('customerName');
    const f = await post(cs.token, { receivedAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(f.statusCode).toBe(400);
    expect(f.json().errors[0].path).toBe('receivedAt');
    expect((await post(cs.token, { urgency: 'critical' })).statusCode).toBe(400);
  });
});

describe('SVC-10 visibility', () => {
  it('SVC-10 nobody else sees a request: 404 on read, transition, note and escalate; absent from lists, statistics and exports', async () => {
    const r = await created(cs.token, { category: 'question', subject: '询问保修期限' });
    for (const u of [otherSales, outsider, techStaff]) {
      expect((await get(u.token, r.id)).statusCode).toBe(404);
      expect((await move(u.token, r.id, { to: 'in_progress' })).statusCode).toBe(404);
      expect((await t.request('POST', `/api/v1/service-requests/${r.id}/notes`, { token: u.token, body: { body: '看看' } })).statusCode).toBe(404);
      expect((await t.request('POST', `/api/v1/service-requests/${r.id}/escalate`, { token: u.token, body: {} })).statusCode).toBe(404);
    }
    for (const u of [otherSales, outsider]) {
      const list = await t.request('GET', '/api/v1/service-requests?limit=200', { token: u.token });
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual([]);
      const stats = await t.request('GET', '/api/v1/service-requests/statistics?groupBy=year', { token: u.token });
      expect(stats.json().total).toBe(0);
      const csv = await t.request('GET', '/api/v1/service-requests/export?format=csv', { token: u.token });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).not.toContain('宁波洁净设备');
    }
    // the owner, customer service, the gm see it; the team sees its own queue only
    for (const u of [owner, cs, csManager, gm]) expect((await get(u.token, r.id)).statusCode).toBe(200);
    const teamList = (await t.request('GET', '/api/v1/service-requests?limit=200', { token: techStaff.token })).json<{ items: Req[] }>().items;
    expect(teamList.length).toBeGreaterThan(0);
    expect(teamList.every((x) => x.teamDepartmentId === techDept)).toBe(true);
  });
  it('SVC-10 a customer above the reader\'s secrecy level shows no name (SEC-5), in the list and the export too', async () => {
    const r = await created(gm.token, { customerId: topSecretId, subject: '绝密客户报修' });
    const seen = (await get(techStaff.token, r.id)).json<Req>();
    expect(seen).toMatchObject({ customerName: null, customerHidden: true });
    const row = (await t.request('GET', '/api/v1/service-requests?limit=200', { token: techStaff.token })).json<{ items: Req[] }>().items.find((x) => x.id === r.id)!;
    expect(row).toMatchObject({ customerName: null, customerHidden: true });
    const csv = await t.request('GET', '/api/v1/service-requests/export?format=csv', { token: techStaff.token });
    expect(csv.body).toContain(r.requestNo);
    expect(csv.body).not.toContain('绝密服务客户集团');
    expect((await get(gm.token, r.id)).json<Req>().customerName).toBe('绝密服务客户集团');
  });
  it('SVC-10 SVC-7 the request shows on the customer\'s timeline for its owner (the same timeline as complaints)', async () => {
    const r = await created(cs.token, { subject: '时间线上的服务请求' });
    const tl = await t.request('GET', `/api/v1/customers/${customerId}/timeline?limit=200`, { token: owner.token });
    expect(tl.statusCode, tl.body).toBe(200);
    const item = tl.json<{ items: { kind: string; refId: string; title: string }[] }>().items.find((x) => x.kind === 'service_request' && x.refId === r.id);
    expect(item?.title).toBe(`${r.requestNo} 时间线上的服务请求`);
  });
});

describe('SVC-10 status changes and notes', () => {
  it('SVC-10 open → in_progress is the first response (the caller becomes the assignee); → resolved {resolution} → closed; the task is done', async () => {
    const r = await created(cs.token);
    const a = await move(techStaff.token, r.id, { to: 'in_progress', comment: '已联系客户' });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json<Req>()).toMatchObject({ status: 'in_progress', assigneeId: techStaff.id });
    expect(a.json<Req>().firstRespondedAt).not.toBeNull();
    const missing = await move(techStaff.token, r.id, { to: 'resolved' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('resolution');
    expect((await move(techStaff.token, r.id, { to: 'resolved', resolution: '上门更换电源模块' })).statusCode).toBe(200);
    const done = await t.database.db.selectFrom('tasks').select('completed_at').where('ref_type', '=', 'service_request').where('ref_id', '=', r.id).executeTakeFirstOrThrow();
    expect(done.completed_at).not.toBeNull();
    const c = (await move(cs.token, r.id, { to: 'closed' })).json<Req>();
    expect(c.status).toBe('closed');
    expect(c.transitions.map((x) => [x.from, x.to])).toEqual([['open', 'in_progress'], ['in_progress', 'resolved'], ['resolved', 'closed']]);
    expect(await audits('service_request.transitioned', r.id)).toBe(3);
  });
  it('SVC-10 a step the machine does not allow → 409; a caller who may not → 403; neither changes anything', async () => {
    const r = await created(cs.token);
    const before = await snapshotTables(t.database);
    expect((await move(cs.token, r.id, { to: 'closed' })).statusCode).toBe(409);
    expect((await move(cs.token, r.id, { to: 'escalated' })).statusCode).toBe(409);
    expect((await move(owner.token, r.id, { to: 'in_progress' })).statusCode).toBe(403);
    expect((await move(gm.token, r.id, { to: 'in_progress' })).statusCode).toBe(403);
    expect(await snapshotTables(t.database)).toEqual(before);
  });
  it('SVC-10 two simultaneous changes from one status: one applies, the other 409; one audit event', async () => {
    const r = await created(cs.token);
    const [a, b] = await Promise.all([move(cs.token, r.id, { to: 'in_progress' }), move(csManager.token, r.id, { to: 'resolved', resolution: '电话解答' })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(await audits('service_request.transitioned', r.id)).toBe(1);
  });
  it('SVC-10 conversation notes: the first reply is the first response and puts an open request in progress; a resolved one reopens with a comment', async () => {
    const r = await created(cs.token);
    const n1 = await t.request('POST', `/api/v1/service-requests/${r.id}/notes`, { token: cs.token, body: { kind: 'internal', body: '先查保修记录' } });
    expect(n1.statusCode, n1.body).toBe(201);
    expect(n1.json<Req>()).toMatchObject({ status: 'open', firstRespondedAt: null });
    const n2 = (await t.request('POST', `/api/v1/service-requests/${r.id}/notes`, { token: techStaff.token, body: { kind: 'reply', body: '您好，明天上午上门检修' } })).json<Req>();
    expect(n2).toMatchObject({ status: 'in_progress', assigneeId: techStaff.id });
    expect(n2.firstRespondedAt).not.toBeNull();
    expect(n2.notes.map((x) => [x.kind, x.body])).toEqual([['internal', '先查保修记录'], ['reply', '您好，明天上午上门检修']]);
    expect((await t.request('POST', `/api/v1/service-requests/${r.id}/notes`, { token: owner.token, body: { body: '我也看看' } })).statusCode).toBe(403);
    expect((await t.request('POST', `/api/v1/service-requests/${r.id}/notes`, { token: cs.token, body: { body: '' } })).statusCode).toBe(400);
    await move(techStaff.token, r.id, { to: 'resolved', resolution: '已检修' });
    const re = await move(cs.token, r.id, { to: 'in_progress' });
    expect(re.statusCode).toBe(400);
    expect(re.json().errors[0].path).toBe('comment');
    const back = await move(cs.token, r.id, { to: 'in_progress', comment: '客户反馈仍有异响' });
    expect(back.json<Req>()).toMatchObject({ status: 'in_progress' });
    expect(await audits('service_request.noted', r.id)).toBe(2);
  });
});

describe('SVC-10 escalation into a complaint', () => {
  it('SVC-10 POST /service-requests/{id}/escalate → 201 the new complaint keeping the request\'s customer, channel, time and a link; the request is escalated', async () => {
    const r = await created(cs.token, { receivedAt: new Date(Date.now() - 3 * H).toISOString() });
    await t.request('POST', `/api/v1/service-requests/${r.id}/notes`, { token: techStaff.token, body: { kind: 'reply', body: '已安排检修' } });
    const e = await t.request('POST', `/api/v1/service-requests/${r.id}/escalate`, { token: cs.token, body: { demand: '要求退货并赔偿', comment: '客户第三次来电，要求投诉' } });
    expect(e.statusCode, e.body).toBe(201);
    const k = e.json<{ id: string; complaintNo: string; state: string; customerId: string; channel: string; receivedAt: string; reason: string; demand: string; serviceRequestId: string; handlerId: string }>();
    expect(k).toMatchObject({ state: 'received', customerId, channel: 'phone', demand: '要求退货并赔偿', serviceRequestId: r.id, handlerId: techStaff.id });
    expect(k.complaintNo).toMatch(/^TS-\d{4}-\d{6}$/);
    expect(Date.parse(k.receivedAt)).toBe(Date.parse(r.receivedAt));
    expect(k.reason).toContain(r.requestNo);
    const after = (await get(cs.token, r.id)).json<Req>();
    expect(after).toMatchObject({ status: 'escalated', complaintId: k.id, complaintNo: k.complaintNo, nextStatuses: [] });
    expect(after.notes).toHaveLength(1); // the history stays with the request
    expect(after.transitions.at(-1)).toMatchObject({ from: 'in_progress', to: 'escalated', comment: '客户第三次来电，要求投诉' });
    expect(await audits('service_request.escalated', r.id)).toBe(1);
    expect(await audits('complaint.created', k.id)).toBe(1);
    const open = await t.database.db.selectFrom('tasks').select('id').where('ref_type', '=', 'service_request').where('ref_id', '=', r.id).where('completed_at', 'is', null).execute();
    expect(open).toEqual([]);
    expect((await t.request('POST', `/api/v1/service-requests/${r.id}/escalate`, { token: cs.token, body: {} })).statusCode).toBe(409);
    expect((await t.request('POST', `/api/v1/service-requests/${r.id}/notes`, { token: cs.token, body: { body: 'x' } })).statusCode).toBe(409);
  });
  it('SVC-10 only customer service (or the gm) escalates: the team → 403; a closed request → 409; two at once → one complaint', async () => {
    const r = await created(cs.token);
    expect((await t.request('POST', `/api/v1/service-requests/${r.id}/escalate`, { token: techStaff.token, body: {} })).statusCode).toBe(403);
    const [a, b] = await Promise.all([
      t.request('POST', `/api/v1/service-requests/${r.id}/escalate`, { token: cs.token, body: {} }),
      t.request('POST', `/api/v1/service-requests/${r.id}/escalate`, { token: csManager.token, body: {} }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const n = await t.database.db.selectFrom('complaints').select('id').where('service_request_id', '=', r.id).execute();
    expect(n).toHaveLength(1);
    const c = await created(cs.token);
    await move(cs.token, c.id, { to: 'resolved', resolution: '电话解答' });
    await move(cs.token, c.id, { to: 'closed' });
    expect((await t.request('POST', `/api/v1/service-requests/${c.id}/escalate`, { token: cs.token, body: {} })).statusCode).toBe(409);
  });
});

describe('SVC-10 list, SLA escalation and statistics', () => {
  it('SVC-10 the list shows overdue requests first and filters by status, category, team and overdue', async () => {
    const late = await created(cs.token, { urgency: 'urgent', receivedAt: new Date(Date.now() - 10 * H).toISOString(), subject: '超时未处理' });
    const fresh = await created(cs.token, { subject: '刚刚受理' });
    const items = (await t.request('GET', '/api/v1/service-requests?limit=200', { token: cs.token })).json<{ items: Req[] }>().items;
    const iLate = items.findIndex((x) => x.id === late.id);
    const iFresh = items.findIndex((x) => x.id === fresh.id);
    expect(items[iLate]!.overdue).toBe(true);
    expect(iLate).toBeLessThan(iFresh);
    const firstNotOverdue = items.findIndex((x) => !x.overdue);
    expect(items.slice(firstNotOverdue).every((x) => !x.overdue)).toBe(true);
    const only = (await t.request('GET', '/api/v1/service-requests?overdue=true&limit=200', { token: cs.token })).json<{ items: Req[] }>().items;
    expect(only.length).toBeGreaterThan(0);
    expect(only.every((x) => x.overdue)).toBe(true);
    const team = (await t.request('GET', `/api/v1/service-requests?teamDepartmentId=${techDept}&status=open&category=repair&limit=200`, { token: cs.token })).json<{ items: Req[] }>().items;
    expect(team.every((x) => x.teamDepartmentId === techDept && x.status === 'open')).toBe(true);
    // paging walks every row once, overdue ones first
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const pg: { items: Req[]; nextCursor: string | null } = (await t.request('GET', `/api/v1/service-requests?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: cs.token })).json();
      seen.push(...pg.items.map((x) => x.id));
      cursor = pg.nextCursor;
    } while (cursor);
    expect(seen).toEqual(items.map((x) => x.id));
    expect((await t.request('GET', '/api/v1/service-requests?cursor=zzz', { token: cs.token })).statusCode).toBe(400);
  });
  it('SVC-10 SLA escalation: a late first response tells the assignee\'s side once; a late resolution the cs managers too; reruns notify nobody again', async () => {
    const r = await created(cs.token, { urgency: 'normal' });
    const received = Date.parse(r.receivedAt);
    const count = async (uid: string, kind: string) => (await t.database.db.selectFrom('notifications').select('id').where('user_id', '=', uid).where('kind', '=', kind).where('link', '=', `/service-requests/${r.id}`).execute()).length;
    const at1 = new Date(Date.parse(r.firstResponseDueAt) + 60_000);
    const runs = await Promise.all([escalateLateServiceRequests(t.database.db, at1), escalateLateServiceRequests(t.database.db, at1)]);
    expect(runs.reduce((n, x) => n + x.level1, 0)).toBeGreaterThanOrEqual(1);
    expect(await count(techManager.id, 'service_request.first_response_late')).toBe(1);
    expect(await count(csManager.id, 'service_request.resolution_late')).toBe(0);
    const at2 = new Date(Date.parse(r.resolutionDueAt) + 60_000);
    await escalateLateServiceRequests(t.database.db, at2);
    await escalateLateServiceRequests(t.database.db, at2);
    expect(await count(csManager.id, 'service_request.resolution_late')).toBe(1);
    expect(await count(techManager.id, 'service_request.resolution_late')).toBe(1);
    expect(received).toBeLessThan(at1.getTime());
  });
  it('SVC-10 statistics count what the caller may see by category, urgency, status and team, with SLA rates', async () => {
    const s = (await t.request('GET', '/api/v1/service-requests/statistics?groupBy=year', { token: cs.token })).json();
    expect(s.total).toBeGreaterThan(5);
    expect(s.byCategory.repair).toBeGreaterThan(0);
    expect(Object.values(s.byStatus as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(s.total);
    expect(s.escalated).toBeGreaterThanOrEqual(2);
    expect(s.byTeam.find((x: { departmentId: string | null }) => x.departmentId === techDept).name).toBe('技术服务部');
    expect(s.resolutionOnTimeRate).toBeGreaterThanOrEqual(0);
    expect(s.resolutionOnTimeRate).toBeLessThanOrEqual(1);
    expect(s.periods).toHaveLength(1);
    const team = (await t.request('GET', '/api/v1/service-requests/statistics?groupBy=year', { token: techStaff.token })).json();
    expect(team.total).toBeLessThan(s.total);
    const bad = await t.request('GET', '/api/v1/service-requests/statistics?from=2026-05-01&to=2026-04-01', { token: cs.token });
    expect(bad.statusCode).toBe(400);
  });
});
