import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
type U = { id: string; token: string };
let cs: U, csManager: U, gm: U, owner: U, otherSales: U, deptStaff: U, deptManager: U, admin: string;
let qualityDept: string;
let customerId: string;
let topSecretId: string;

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

async function createComplaint(token: string, body: Record<string, unknown> = {}) {
  const r = await t.request('POST', '/api/v1/complaints', { token, body: { customerId, channel: 'phone', receivedAt: hoursAgo(1), reason: '收到的货物包装破损，部分产品受潮', demand: '退换受潮产品', products: [{ product: '清洁剂A型', quantity: '20', unit: '箱' }], ...body } });
  return r;
}
async function created(token: string, body: Record<string, unknown> = {}) {
  const r = await createComplaint(token, body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string; complaintNo: string; state: string; deadlineAt: string | null; receivedAt: string }>();
}
const move = (token: string, id: string, body: Record<string, unknown>) => t.request('POST', `/api/v1/complaints/${id}/transitions`, { token, body });
async function moved(token: string, id: string, body: Record<string, unknown>) {
  const r = await move(token, id, body);
  expect(r.statusCode, r.body).toBe(200);
  return r.json<Record<string, unknown> & { state: string; approvalId: string | null; transitions: { from: string; to: string; by: string; byName: string; at: string; comment: string | null }[] }>();
}
async function toInvestigating(id: string, severity = 'high') {
  await moved(cs.token, id, { to: 'analysing' });
  await moved(cs.token, id, { to: 'assigned', responsibleDepartmentId: qualityDept, severity });
  await moved(deptStaff.token, id, { to: 'investigating', cause: '运输途中挤压，包装强度不足' });
}

beforeAll(async () => {
  t = await createTestApp();
  admin = t.adminToken;
  const d = await t.request('POST', '/api/v1/departments', { token: admin, body: { name: '质量管理部', parentId: t.rootDepartmentId } });
  expect(d.statusCode, d.body).toBe(201);
  qualityDept = d.json<{ id: string }>().id;
  cs = await t.createUser('kefu.svc', ['cs_staff']);
  csManager = await t.createUser('kefujingli.svc', ['cs_manager']);
  gm = await t.createUser('zongjingli.svc', ['gm']);
  owner = await t.createUser('xiaoshou.svc', ['sales']);
  otherSales = await t.createUser('xiaoshou.other', ['sales']);
  deptStaff = await t.createUser('zhiliang.svc', ['dept_staff'], { departmentId: qualityDept });
  deptManager = await t.createUser('zhiliangjingli.svc', ['dept_staff'], { departmentId: qualityDept });
  await t.database.db.updateTable('departments').set({ manager_id: deptManager.id }).where('id', '=', qualityDept).execute();
  const c = await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '杭州顺达日化有限公司', customerType: 'direct', confirmDuplicate: true } });
  expect(c.statusCode, c.body).toBe(201);
  customerId = c.json<{ id: string }>().id;
  const s = await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '绝密战略客户集团', customerType: 'direct', confirmDuplicate: true } });
  topSecretId = s.json<{ id: string }>().id;
  await t.database.db.updateTable('customers').set({ secrecy_level: 'top_secret' }).where('id', '=', topSecretId).execute();
}, 120_000);
afterAll(async () => t?.close());

describe('SVC-1 intake', () => {
  it('SVC-1 POST /complaints → 201 with TS-YYYY-NNNNNN, state received, deadline null until assigned', async () => {
    const a = await created(cs.token);
    const b = await created(cs.token);
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    expect(a.complaintNo).toMatch(new RegExp(`^TS-${year}-\\d{6}$`));
    expect(Number(b.complaintNo.slice(-6))).toBe(Number(a.complaintNo.slice(-6)) + 1);
    expect(a).toMatchObject({ state: 'received', deadlineAt: null, customerId, customerName: '杭州顺达日化有限公司', channel: 'phone', products: [{ product: '清洁剂A型', quantity: '20', unit: '箱' }], transitions: [] });
  });
  it('SVC-1 numbers stay gap-free under concurrent intake and refused requests', async () => {
    const first = await created(cs.token);
    const bad = await createComplaint(cs.token, { receivedAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(bad.statusCode).toBe(400);
    const rs = await Promise.all(Array.from({ length: 8 }, () => createComplaint(cs.token)));
    const nos = rs.map((r) => Number(r.json<{ complaintNo: string }>().complaintNo.slice(-6))).sort((x, y) => x - y);
    expect(nos).toEqual(Array.from({ length: 8 }, (_, i) => Number(first.complaintNo.slice(-6)) + 1 + i));
  });
  it('SVC-1 someone not yet filed: a name and a contact, linkable to an archive later', async () => {
    const missing = await createComplaint(cs.token, { customerId: undefined });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toContain('customerName');
    const u = await created(cs.token, { customerId: undefined, customerName: '李女士', contactPhone: '13800001111' });
    expect(u).toMatchObject({ customerId: null, customerName: '李女士' });
    expect((await t.request('GET', `/api/v1/complaints/${u.id}`, { token: owner.token })).statusCode).toBe(404);
    const l = await t.request('POST', `/api/v1/complaints/${u.id}/link-customer`, { token: cs.token, body: { customerId } });
    expect(l.statusCode, l.body).toBe(200);
    expect(l.json()).toMatchObject({ customerId, customerName: '杭州顺达日化有限公司' });
    expect((await t.request('GET', `/api/v1/complaints/${u.id}`, { token: owner.token })).statusCode).toBe(200);
  });
  it('SVC-1 an archive the caller cannot see cannot be named; a sales rep records only their own customers\'', async () => {
    const before = await snapshotTables(t.database);
    const r = await createComplaint(otherSales.token);
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].path).toBe('customerId');
    expect((await createComplaint(otherSales.token, { customerId: undefined, customerName: '某人', contactPhone: '1' })).statusCode).toBe(403);
    expect(await snapshotTables(t.database)).toEqual(before);
    expect((await createComplaint(owner.token)).statusCode).toBe(201);
  });
});

describe('SVC-2 … SVC-5, SVC-8 the whole path', () => {
  it('SVC-2 intake → analysing → assigned → investigating → plan → approval → implementing → resolved → followed_up → closed', async () => {
    const c = await created(cs.token, { receivedAt: hoursAgo(2) });
    expect((await t.request('GET', `/api/v1/complaints/${c.id}`, { token: deptStaff.token })).statusCode).toBe(404);
    await moved(cs.token, c.id, { to: 'analysing', comment: '核实中' });
    const noSeverity = await move(cs.token, c.id, { to: 'assigned', responsibleDepartmentId: qualityDept });
    expect(noSeverity.statusCode).toBe(400);
    expect(noSeverity.json().errors[0].path).toBe('severity');
    const badDept = await move(cs.token, c.id, { to: 'assigned', responsibleDepartmentId: '999999', severity: 'high' });
    expect(badDept.statusCode).toBe(400);
    expect(badDept.json().errors[0].path).toBe('responsibleDepartmentId');
    const a = await moved(cs.token, c.id, { to: 'assigned', responsibleDepartmentId: qualityDept, severity: 'high' });
    // SVC-3 deadline = receivedAt + 3 days; the customer was told (recorded)
    expect(Date.parse(a.deadlineAt as string) - Date.parse(c.receivedAt)).toBe(72 * 3_600_000);
    expect(a.deadlineToldAt).not.toBeNull();
    expect(a.responsibleDepartmentId).toBe(qualityDept);
    expect(a.handlingNo).toBe(c.complaintNo.replace('TS-', 'CL-'));
    // SVC-4 the department got a task and now sees the complaint
    const tasks = await t.request('GET', '/api/v1/tasks?kind=complaint_deadline', { token: deptManager.token });
    expect(tasks.json().items.some((x: { refId: string }) => x.refId === c.id)).toBe(true);
    expect((await t.request('GET', `/api/v1/complaints/${c.id}`, { token: deptStaff.token })).statusCode).toBe(200);
    // the cause is the department's to record
    expect((await move(cs.token, c.id, { to: 'investigating', cause: 'x' })).statusCode).toBe(403);
    await moved(deptStaff.token, c.id, { to: 'investigating', cause: '运输途中挤压' });
    const p = await moved(deptStaff.token, c.id, { to: 'plan_proposed', plan: '补发20箱并承担运费' });
    expect(p.approvalId).toMatch(/^\d+$/);
    expect((await move(csManager.token, c.id, { to: 'plan_approved' })).statusCode).toBe(409);
    const ap = await t.request('POST', `/api/v1/approvals/${p.approvalId}/approve`, { token: csManager.token, body: { comment: '同意' } });
    expect(ap.statusCode, ap.body).toBe(200);
    const approved = (await t.request('GET', `/api/v1/complaints/${c.id}`, { token: cs.token })).json();
    expect(approved).toMatchObject({ state: 'plan_approved', approvalId: null });
    await moved(cs.token, c.id, { to: 'implementing' });
    const noSign = await move(cs.token, c.id, { to: 'resolved', resolution: { kind: 'return', lossAmount: '1200.50' } });
    expect(noSign.statusCode).toBe(400);
    expect(noSign.json().errors[0].path).toBe('customerSignOff');
    const drawnNoDoc = await move(cs.token, c.id, { to: 'resolved', resolution: { kind: 'return', lossAmount: '1200.50' }, customerSignOff: { name: '王经理', date: '2026-03-02', kind: 'drawn' } });
    expect(drawnNoDoc.statusCode).toBe(400);
    expect(drawnNoDoc.json().errors[0].path).toBe('customerSignOff.documentId');
    const r = await moved(cs.token, c.id, {
      to: 'resolved', resolution: { kind: 'return', lossAmount: '1200.50' }, customerSignOff: { name: '王经理', date: '2026-03-02' },
      receiverOpinion: '已按方案退货', managerOpinion: '同意', customerOpinion: '满意',
    });
    expect(r).toMatchObject({ state: 'resolved', resolution: { kind: 'return', lossAmount: '1200.50' }, customerSignOff: { name: '王经理', date: '2026-03-02', kind: 'typed', documentId: null }, receiverOpinion: '已按方案退货', managerOpinion: '同意', customerOpinion: '满意' });
    // SVC-8 a follow-up task due in 7 days; the deadline task is done
    const mine = await t.request('GET', '/api/v1/tasks?kind=complaint_follow_up&scope=all', { token: csManager.token });
    const fu = mine.json().items.find((x: { refId: string }) => x.refId === c.id);
    expect(fu).toBeDefined();
    expect(Date.parse(fu.dueOn) - Date.parse(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10))).toBe(7 * 86_400_000);
    const bad = await move(cs.token, c.id, { to: 'followed_up', satisfaction: 6, comments: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('satisfaction');
    const f = await moved(cs.token, c.id, { to: 'followed_up', satisfaction: 4, comments: '对处理态度满意' });
    expect(f.followUp).toMatchObject({ satisfaction: 4, comments: '对处理态度满意' });
    // REL-7 the follow-up is the customer's revisit report, seen by its owner like any other
    const report = await t.request('GET', `/api/v1/revisit-reports/${(f.followUp as { revisitReportId: string }).revisitReportId}`, { token: owner.token });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({ customerId, satisfaction: 4, method: 'phone', visitorId: cs.id, sourceType: 'complaint', sourceId: c.id, evaluation: `投诉 ${c.complaintNo} 回访：对处理态度满意` });
    const done = await t.request('GET', '/api/v1/tasks?kind=complaint_follow_up&scope=all&state=done', { token: csManager.token });
    expect(done.json().items.some((x: { refId: string }) => x.refId === c.id)).toBe(true);
    const closed = await moved(cs.token, c.id, { to: 'closed' });
    expect(closed.state).toBe('closed');
    expect(closed.transitions.map((x) => `${x.from}>${x.to}`)).toEqual([
      'received>analysing', 'analysing>assigned', 'assigned>investigating', 'investigating>plan_proposed', 'plan_proposed>plan_approved', 'plan_approved>implementing',
      'implementing>resolved', 'resolved>followed_up', 'followed_up>closed',
    ]);
    expect(closed.transitions[0]).toMatchObject({ by: cs.id, byName: 'kefu.svc', comment: '核实中' });
    expect(closed.transitions[4]).toMatchObject({ by: csManager.id, comment: '同意' });
  });
  it('SVC-4 a rejected plan goes back to investigating', async () => {
    const c = await created(cs.token);
    await toInvestigating(c.id);
    const p = await moved(cs.token, c.id, { to: 'plan_proposed', plan: '只道歉' });
    const rj = await t.request('POST', `/api/v1/approvals/${p.approvalId}/reject`, { token: csManager.token, body: { comment: '方案不足' } });
    expect(rj.statusCode, rj.body).toBe(200);
    const after = (await t.request('GET', `/api/v1/complaints/${c.id}`, { token: cs.token })).json();
    expect(after).toMatchObject({ state: 'investigating', approvalId: null });
    expect(after.transitions.at(-1)).toMatchObject({ from: 'plan_proposed', to: 'investigating', comment: '方案不足' });
  });
  it('SVC-2 not our responsibility: explained then closed; reopened within 30 days lands in investigating, later 409', async () => {
    const c = await created(cs.token);
    await moved(cs.token, c.id, { to: 'analysing' });
    expect((await move(cs.token, c.id, { to: 'explained' })).json().errors[0].path).toBe('explanation');
    await moved(cs.token, c.id, { to: 'explained', explanation: '产品使用不当所致，已向客户说明', customerAcknowledged: true });
    await moved(cs.token, c.id, { to: 'closed' });
    expect((await move(cs.token, c.id, { to: 'reopened' })).json().errors[0].path).toBe('comment');
    expect((await move(owner.token, c.id, { to: 'reopened', comment: 'x' })).statusCode).toBe(403);
    const re = await moved(cs.token, c.id, { to: 'reopened', comment: '客户再次反映同一问题' });
    expect(re.state).toBe('investigating');
    expect(re.transitions.at(-1)).toMatchObject({ from: 'closed', to: 'reopened', comment: '客户再次反映同一问题' });
    const old = await created(cs.token);
    await moved(cs.token, old.id, { to: 'analysing' });
    await moved(cs.token, old.id, { to: 'explained', explanation: '说明' });
    await moved(cs.token, old.id, { to: 'closed' });
    await t.database.db.updateTable('complaints').set({ closed_at: new Date(Date.now() - 31 * 86_400_000) }).where('id', '=', old.id).execute();
    const late = await move(cs.token, old.id, { to: 'reopened', comment: '太晚了' });
    expect(late.statusCode).toBe(409);
  });
  it('SVC-2 a step the machine does not allow → 409, and nothing changes', async () => {
    const c = await created(cs.token);
    const before = await snapshotTables(t.database);
    expect((await move(cs.token, c.id, { to: 'closed' })).statusCode).toBe(409);
    expect((await move(cs.token, c.id, { to: 'resolved', resolution: { kind: 'other', lossAmount: '0' }, customerSignOff: { name: 'a', date: '2026-01-01' } })).statusCode).toBe(409);
    expect((await move(gm.token, c.id, { to: 'analysing' })).statusCode).toBe(403);
    expect(await snapshotTables(t.database)).toEqual(before);
  });
  it('SVC-2 two simultaneous transitions from the same state: one applies, the other answers 409; one audit event', async () => {
    const c = await created(cs.token);
    const [a, b] = await Promise.all([move(cs.token, c.id, { to: 'analysing' }), move(csManager.token, c.id, { to: 'analysing' })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const got = (await t.request('GET', `/api/v1/complaints/${c.id}`, { token: cs.token })).json();
    expect(got.transitions).toHaveLength(1);
    const audits = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'complaint.transitioned').where('entity_id', '=', c.id).execute();
    expect(audits).toHaveLength(1);
  });
});

describe('SVC visibility', () => {
  it('SVC nobody else sees a complaint: 404 on read and transition, absent from lists', async () => {
    const c = await created(cs.token);
    for (const u of [otherSales, deptStaff]) {
      expect((await t.request('GET', `/api/v1/complaints/${c.id}`, { token: u.token })).statusCode).toBe(404);
      expect((await move(u.token, c.id, { to: 'analysing' })).statusCode).toBe(404);
      const list = await t.request('GET', '/api/v1/complaints?limit=200', { token: u.token });
      expect(list.json().items.some((x: { id: string }) => x.id === c.id)).toBe(false);
    }
    for (const u of [cs, csManager, gm, owner]) expect((await t.request('GET', `/api/v1/complaints/${c.id}`, { token: u.token })).statusCode).toBe(200);
  });
  it('SVC SEC-5 a top-secret customer\'s name is withheld from customer service, shown to the gm', async () => {
    const c = await created(gm.token, { customerId: topSecretId, contactName: '张总' });
    const seen = (await t.request('GET', `/api/v1/complaints/${c.id}`, { token: cs.token })).json();
    expect(seen).toMatchObject({ customerName: null, customerHidden: true, archiveNo: null, contactName: null });
    expect(JSON.stringify(seen)).not.toContain('绝密战略客户集团');
    const list = await t.request('GET', '/api/v1/complaints?limit=200', { token: cs.token });
    expect(list.body).not.toContain('绝密战略客户集团');
    const exp = await t.request('GET', '/api/v1/complaints/export?format=csv', { token: cs.token });
    expect(exp.statusCode).toBe(200);
    expect(exp.body).not.toContain('绝密战略客户集团');
    expect((await t.request('GET', `/api/v1/complaints/${c.id}`, { token: gm.token })).json().customerName).toBe('绝密战略客户集团');
  });
});

describe('SVC-6 list overdue first, deadline table, rota', () => {
  it('SVC-6 overdue complaints sort first and show overdue; overdue=true lists only them', async () => {
    const late = await created(cs.token, { receivedAt: hoursAgo(48) });
    await moved(cs.token, late.id, { to: 'analysing' });
    await moved(cs.token, late.id, { to: 'assigned', responsibleDepartmentId: qualityDept, severity: 'urgent' });
    const fresh = await created(cs.token);
    const list = (await t.request('GET', '/api/v1/complaints?limit=5', { token: csManager.token })).json();
    expect(list.items[0]).toMatchObject({ id: late.id, overdue: true });
    expect(list.items.some((x: { id: string }) => x.id === fresh.id)).toBe(true);
    const only = (await t.request('GET', '/api/v1/complaints?overdue=true', { token: csManager.token })).json();
    expect(only.items.every((x: { overdue: boolean }) => x.overdue)).toBe(true);
    expect(only.items.map((x: { id: string }) => x.id)).toContain(late.id);
    // paging walks every visible complaint exactly once
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await t.request('GET', `/api/v1/complaints?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: csManager.token })).json();
      seen.push(...page.items.map((x: { id: string }) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    const total = await t.database.db.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(new Set(seen).size).toBe(Number(total.n));
    expect(seen.length).toBe(Number(total.n));
  });
  it('SVC-3 the deadline table: the administrator changes it, others may not; assignment uses it', async () => {
    expect((await t.request('GET', '/api/v1/complaints/deadline-table', { token: cs.token })).json()).toEqual({ urgent: 24, high: 72, normal: 168 });
    expect((await t.request('PUT', '/api/v1/complaints/deadline-table', { token: csManager.token, body: { urgent: 12, high: 48, normal: 120 } })).statusCode).toBe(403);
    const bad = await t.request('PUT', '/api/v1/complaints/deadline-table', { token: admin, body: { urgent: 72, high: 48, normal: 120 } });
    expect(bad.statusCode).toBe(400);
    expect((await t.request('PUT', '/api/v1/complaints/deadline-table', { token: admin, body: { urgent: 12, high: 48, normal: 120 } })).statusCode).toBe(200);
    const c = await created(cs.token);
    await moved(cs.token, c.id, { to: 'analysing' });
    const a = await moved(cs.token, c.id, { to: 'assigned', responsibleDepartmentId: qualityDept, severity: 'normal' });
    expect(Date.parse(a.deadlineAt as string) - Date.parse(c.receivedAt)).toBe(120 * 3_600_000);
    await t.request('PUT', '/api/v1/complaints/deadline-table', { token: admin, body: { urgent: 24, high: 72, normal: 168 } });
  });
  it('SVC-6 the rota names who is on duty; a new complaint is routed to them; gaps are listed', async () => {
    const entries = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ userId: cs.id, weekday, startHour: 0, endHour: 24 }));
    expect((await t.request('PUT', '/api/v1/complaints/rota', { token: cs.token, body: { entries } })).statusCode).toBe(403);
    const notCs = await t.request('PUT', '/api/v1/complaints/rota', { token: csManager.token, body: { entries: [{ userId: owner.id, weekday: 1, startHour: 0, endHour: 8 }] } });
    expect(notCs.statusCode).toBe(400);
    const r = await t.request('PUT', '/api/v1/complaints/rota', { token: csManager.token, body: { entries: entries.slice(0, 6) } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().gaps).toEqual([{ weekday: 7, startHour: 0, endHour: 24 }]);
    await t.request('PUT', '/api/v1/complaints/rota', { token: csManager.token, body: { entries } });
    const rota = (await t.request('GET', '/api/v1/complaints/rota', { token: cs.token })).json();
    expect(rota).toMatchObject({ gaps: [], onDutyNow: { userId: cs.id } });
    const c = await created(csManager.token);
    expect(c).toMatchObject({ handlerId: cs.id });
    const notes = await t.database.db.selectFrom('notifications').select('kind').where('user_id', '=', cs.id).where('kind', '=', 'complaint.received').execute();
    expect(notes.length).toBeGreaterThan(0);
    await t.request('PUT', '/api/v1/complaints/rota', { token: csManager.token, body: { entries: [] } });
  });
});

describe('SVC-9 statistics, SVC-7 on the archive', () => {
  it('SVC-9 GET /complaints/statistics answers every field of the 统计表', async () => {
    const r = await t.request('GET', '/api/v1/complaints/statistics?groupBy=year', { token: csManager.token });
    expect(r.statusCode, r.body).toBe(200);
    const s = r.json();
    for (const k of ['total', 'byChannel', 'byDepartment', 'byCategory', 'byProduct', 'byResolution', 'avgHoursToResolve', 'onTimeRate', 'avgSatisfaction']) expect(s).toHaveProperty(k);
    const total = await t.database.db.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(s.total).toBe(Number(total.n));
    expect(s.byChannel.phone).toBe(s.total);
    expect(s.byResolution.return).toEqual({ count: 1, lossAmount: '1200.50' });
    expect(s.byProduct[0]).toMatchObject({ product: '清洁剂A型' });
    expect(s.avgSatisfaction).toBe(4);
    expect(s.onTimeRate).toBe(1);
    expect(s.byDepartment.find((x: { departmentId: string }) => x.departmentId === qualityDept)?.name).toBe('质量管理部');
    // a sales rep counts only what they see
    const mine = (await t.request('GET', '/api/v1/complaints/statistics?groupBy=year', { token: otherSales.token })).json();
    expect(mine.total).toBe(0);
    const bad = await t.request('GET', '/api/v1/complaints/statistics?groupBy=week', { token: csManager.token });
    expect(bad.statusCode).toBe(400);
  });
  it('SVC-9 the printable 统计表 and the printable 记录单 / 处理单', async () => {
    const p = await t.request('GET', '/api/v1/complaints/statistics/print?groupBy=year', { token: csManager.token });
    expect(p.statusCode).toBe(200);
    expect(p.body).toContain('客户投诉（年）分析统计表');
    expect(p.body).toContain('折价');
    const c = await created(cs.token);
    const f = await t.request('GET', `/api/v1/complaints/${c.id}/print`, { token: cs.token });
    expect(f.body).toContain('客户投诉记录单');
    expect(f.body).toContain('客户投诉处理单');
  });
  it('SVC-7 the archive shows complaints of the last 12 months and unresolved ones; the timeline shows them', async () => {
    const r = await t.request('GET', `/api/v1/customers/${customerId}/complaints`, { token: owner.token });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().last12Months).toBeGreaterThan(0);
    expect(r.json().unresolved).toBeGreaterThan(0);
    expect((await t.request('GET', `/api/v1/customers/${customerId}/complaints`, { token: otherSales.token })).statusCode).toBe(404);
    const tl = await t.request('GET', `/api/v1/customers/${customerId}/timeline?limit=200`, { token: owner.token });
    expect(tl.json().items.some((x: { kind: string }) => x.kind === 'complaint')).toBe(true);
  });
  it('SVC-7 complaints feed the relationship evaluation and the satisfaction trend: follow-up satisfaction per month and suggested indicator scores', async () => {
    const r = (await t.request('GET', `/api/v1/customers/${customerId}/complaints`, { token: owner.token })).json<{
      last12Months: number; unresolved: number; avgSatisfaction: number | null; satisfactionTrend: { month: string; count: number; avgSatisfaction: number }[]; suggestedScores: { complaints: number; satisfaction: number | null };
    }>();
    // the full journey above followed one up with satisfaction 4
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    expect(r.satisfactionTrend).toEqual([{ month, count: 1, avgSatisfaction: 4 }]);
    expect(r.avgSatisfaction).toBe(4);
    expect(r.suggestedScores).toEqual({ complaints: Math.max(0, 100 - 15 * r.last12Months - 10 * r.unresolved), satisfaction: 75 });
  });
});

describe('SVC-8 the follow-up as a revisit report', () => {
  it('SVC-8 REL-7 a complaint without an archive keeps its follow-up and files the revisit report when it is linked', async () => {
    // (last in the file: the statistics and the trend above count the follow-ups of this month)
    const later = await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '温州后建档贸易商行', customerType: 'direct', confirmDuplicate: true } });
    const laterId = later.json<{ id: string }>().id;
    const u = await created(cs.token, { customerId: undefined, customerName: '赵先生', contactName: '赵先生', contactPhone: '13900002222' });
    await t.database.db.updateTable('complaints').set({ state: 'resolved', resolved_at: new Date() }).where('id', '=', u.id).execute();
    const f = await moved(cs.token, u.id, { to: 'followed_up', satisfaction: 2, comments: '补发太慢' });
    expect(f.followUp).toMatchObject({ satisfaction: 2, revisitReportId: null });
    const l = await t.request('POST', `/api/v1/complaints/${u.id}/link-customer`, { token: csManager.token, body: { customerId: laterId } });
    expect(l.statusCode, l.body).toBe(200);
    const reportId = l.json().followUp.revisitReportId as string;
    expect(reportId).toMatch(/^\d+$/);
    const report = (await t.request('GET', `/api/v1/revisit-reports/${reportId}`, { token: owner.token })).json();
    // the visitor is who made the follow-up, not who linked it
    expect(report).toMatchObject({ customerId: laterId, satisfaction: 2, visitorId: cs.id, contactsMet: '赵先生', sourceType: 'complaint', sourceId: u.id });
  });

  const toResolved = async () => {
    const c = await created(cs.token);
    await t.database.db.updateTable('complaints').set({ state: 'implementing' }).where('id', '=', c.id).execute();
    await moved(cs.token, c.id, { to: 'resolved', resolution: { kind: 'return', lossAmount: '10' }, customerSignOff: { name: '王经理', date: '2026-03-02' } });
    const task = await t.database.db.selectFrom('tasks').select('id').where('kind', '=', 'complaint_follow_up').where('ref_type', '=', 'complaint').where('ref_id', '=', c.id).executeTakeFirstOrThrow();
    return { ...c, taskId: task.id };
  };
  const fileByHand = (taskId: string, satisfaction = 5) => t.request('POST', '/api/v1/revisit-reports', {
    token: cs.token, body: { customerId, taskId, visitedOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), method: 'visit', evaluation: '上门回访：对补发满意', satisfaction },
  });
  const reportsOf = async (complaintId: string) => (await t.database.db.selectFrom('revisit_reports').select(['id', 'satisfaction', 'task_id']).where('source_type', '=', 'complaint').where('source_id', '=', complaintId).execute());

  it('SVC-8 REL-7 a revisit report filed by hand for the follow-up task is the follow-up\'s report: the transition files no second one', async () => {
    const c = await toResolved();
    const byHand = await fileByHand(c.taskId);
    expect(byHand.statusCode, byHand.body).toBe(201);
    expect(byHand.json()).toMatchObject({ sourceType: 'complaint', sourceId: c.id, taskId: c.taskId });
    // a second report for the same follow-up task is refused, naming the field
    const twice = await fileByHand(c.taskId, 3);
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors[0].path).toBe('taskId');
    const f = await moved(cs.token, c.id, { to: 'followed_up', satisfaction: 5, comments: '客户满意' });
    expect(f.followUp).toMatchObject({ satisfaction: 5, revisitReportId: byHand.json().id });
    expect((await reportsOf(c.id)).map((r) => r.id)).toEqual([byHand.json().id]);
    const task = await t.database.db.selectFrom('tasks').select('completed_at').where('id', '=', c.taskId).executeTakeFirstOrThrow();
    expect(task.completed_at).not.toBeNull();
  });

  it('SVC-8 REL-7 after the follow-up filed its report, a report by hand for the same task is refused: one report per follow-up', async () => {
    const c = await toResolved();
    const f = await moved(cs.token, c.id, { to: 'followed_up', satisfaction: 4, comments: '电话回访' });
    const filed = (f.followUp as { revisitReportId: string }).revisitReportId;
    expect(filed).toMatch(/^\d+$/);
    const byHand = await fileByHand(c.taskId);
    expect(byHand.statusCode).toBe(400);
    expect(byHand.json().errors[0].path).toBe('taskId');
    expect((await reportsOf(c.id)).map((r) => r.id)).toEqual([filed]);
  });

  it('SVC-8 REL-7 a follow-up task that names the customer itself (older tasks did) is recognised the same way: still one report', async () => {
    const c = await toResolved();
    await t.database.db.updateTable('tasks').set({ customer_id: customerId }).where('id', '=', c.taskId).execute();
    const byHand = await fileByHand(c.taskId);
    expect(byHand.statusCode, byHand.body).toBe(201);
    const f = await moved(cs.token, c.id, { to: 'followed_up', satisfaction: 5, comments: '客户满意' });
    expect(f.followUp).toMatchObject({ revisitReportId: byHand.json().id });
    expect((await reportsOf(c.id)).map((r) => r.id)).toEqual([byHand.json().id]);
  });
});
