import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { escalateOverdueComplaints } from './complaints.escalation.js';

let t: TestApp;
type U = { id: string; token: string };
let cs: U, csManager: U, deptManager: U;
let dept: string;
const H = 3_600_000;

async function notes(userId: string, kind: string) {
  return (await t.database.db.selectFrom('notifications').select('id').where('user_id', '=', userId).where('kind', '=', kind).execute()).length;
}

beforeAll(async () => {
  t = await createTestApp();
  dept = (await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '生产部', parentId: t.rootDepartmentId } })).json<{ id: string }>().id;
  cs = await t.createUser('kefu.esc', ['cs_staff']);
  csManager = await t.createUser('kefujingli.esc', ['cs_manager']);
  deptManager = await t.createUser('shengchan.esc', ['dept_staff'], { departmentId: dept });
  await t.database.db.updateTable('departments').set({ manager_id: deptManager.id }).where('id', '=', dept).execute();
}, 120_000);
afterAll(async () => t?.close());

describe('SVC-6 escalation job', () => {
  it('SVC-6 at 1× the handler and cs_manager are told, at 2× the department manager too; each once, also with two runs at once', async () => {
    const receivedAt = new Date(Date.now() - 2 * H);
    const c = await t.request('POST', '/api/v1/complaints', { token: cs.token, body: { customerName: '赵先生', contactPhone: '13900000000', channel: 'onsite', receivedAt: receivedAt.toISOString(), reason: '设备异响', demand: '上门维修' } });
    expect(c.statusCode, c.body).toBe(201);
    const id = c.json<{ id: string }>().id;
    await t.request('POST', `/api/v1/complaints/${id}/transitions`, { token: cs.token, body: { to: 'analysing' } });
    const a = await t.request('POST', `/api/v1/complaints/${id}/transitions`, { token: cs.token, body: { to: 'assigned', responsibleDepartmentId: dept, severity: 'urgent' } });
    expect(a.statusCode, a.body).toBe(200);
    const deadline = Date.parse(a.json<{ deadlineAt: string }>().deadlineAt);
    expect(deadline - receivedAt.getTime()).toBe(24 * H);

    expect(await escalateOverdueComplaints(t.database.db, new Date(deadline - 1))).toEqual({ level1: 0, level2: 0 });
    const at1 = new Date(deadline + 60_000);
    const runs = await Promise.all([escalateOverdueComplaints(t.database.db, at1), escalateOverdueComplaints(t.database.db, at1)]);
    expect(runs.reduce((n, r) => n + r.level1, 0)).toBe(1);
    expect(await notes(cs.id, 'complaint.overdue')).toBe(1);
    expect(await notes(csManager.id, 'complaint.overdue')).toBe(1);
    expect(await notes(deptManager.id, 'complaint.escalated')).toBe(0);
    expect((await t.database.db.selectFrom('complaints').select('escalation_level').where('id', '=', id).executeTakeFirstOrThrow()).escalation_level).toBe(1);

    const at2 = new Date(receivedAt.getTime() + 48 * H + 60_000);
    expect(await escalateOverdueComplaints(t.database.db, at2)).toEqual({ level1: 0, level2: 1 });
    expect(await escalateOverdueComplaints(t.database.db, at2)).toEqual({ level1: 0, level2: 0 });
    expect(await notes(deptManager.id, 'complaint.escalated')).toBe(1);
    expect(await notes(cs.id, 'complaint.overdue')).toBe(1);
  });
  it('SVC-6 a resolved complaint is not escalated', async () => {
    await t.database.db.updateTable('complaints').set({ state: 'resolved', escalation_level: 0 }).execute();
    expect(await escalateOverdueComplaints(t.database.db, new Date(Date.now() + 400 * H))).toEqual({ level1: 0, level2: 0 });
  });
});
