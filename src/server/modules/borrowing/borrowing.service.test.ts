import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
type U = { id: string; token: string };
let owner: U, other: U, csManager: U, gm: U, deputy: U, cs: U, fin: U;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.createUser('b.owner', ['sales']);
  other = await t.createUser('b.other', ['sales']);
  csManager = await t.createUser('b.csm', ['cs_manager']);
  gm = await t.createUser('b.gm', ['gm']);
  deputy = await t.createUser('b.deputy', ['office_head']);
  cs = await t.createUser('b.cs', ['cs_staff']);
  fin = await t.createUser('b.fin', ['finance']);
});
afterAll(async () => t?.close());

const createCustomer = async (name: string, extra: Record<string, unknown> = {}) => {
  const r = await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name, customerType: 'direct', confirmDuplicate: true, ...extra } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string; version: number }>();
};
/** As the web does for an archive one cannot see: the archive number given (e.g. on a complaint) is looked up first (SEC-6). */
const ask = async (token: string, body: Record<string, unknown>) => {
  const no = (await t.database.ownerPool.query<{ archive_no: string }>('SELECT archive_no FROM customers WHERE id = $1', [String(body['customerId']).replace(/\D/g, '') || '0'])).rows[0]?.archive_no;
  if (no) await t.request('GET', `/api/v1/access-requests/archive-number?archiveNo=${no}`, { token });
  return t.request('POST', '/api/v1/access-requests', { token, body });
};
const setGrantWindow = (requestId: string, startsAt: Date, endsAt: Date) =>
  t.database.ownerPool.query('UPDATE access_requests SET starts_at = $2, ends_at = $3 WHERE id = $1', [requestId, startsAt, endsAt]);

describe('SEC-6 access requests and grants', () => {
  it('SEC-6 a request to read an ordinary archive goes to cs_manager; approval opens the groups until expiry, with no job', async () => {
    const c = await createCustomer('借阅测试一号有限公司');
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: other.token })).statusCode).toBe(404);
    const r = await ask(other.token, { customerId: c.id, groups: ['basic', 'contacts'], purpose: '处理投诉需要联系人', durationMinutes: 60 });
    expect(r.statusCode, r.body).toBe(201);
    const created = r.json();
    expect(created).toMatchObject({ state: 'pending', approverRole: 'cs_manager' });
    expect(created.id).toEqual(expect.any(String));
    expect(created.approvalId).toEqual(expect.any(String));
    // still pending: nothing opens
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: other.token })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/access-requests/${created.id}`, { token: other.token })).json()).toMatchObject({ state: 'pending', startsAt: null, expiresAt: null });
    // the approver sees it in the queue
    const queue = (await t.request('GET', '/api/v1/approvals?state=pending', { token: csManager.token })).json().items;
    expect(queue.map((a: { id: string }) => a.id)).toContain(created.approvalId);
    const ok = await t.request('POST', `/api/v1/approvals/${created.approvalId}/approve`, { token: csManager.token, body: { comment: '同意，限一小时' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state).toBe('approved');
    const granted = (await t.request('GET', `/api/v1/access-requests/${created.id}`, { token: other.token })).json();
    expect(granted.state).toBe('active');
    expect(new Date(granted.expiresAt).getTime() - new Date(granted.startsAt).getTime()).toBe(60 * 60_000);
    const seen = await t.request('GET', `/api/v1/customers/${c.id}`, { token: other.token });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().withheld).toEqual(expect.arrayContaining(['financial', 'personal', 'documents', 'evaluation']));
    expect(seen.json().withheld).not.toContain('contacts');
    expect((await t.request('GET', `/api/v1/customers/${c.id}/contacts`, { token: other.token })).statusCode).toBe(200);
    expect((await t.request('GET', `/api/v1/customers/${c.id}/transactions`, { token: other.token })).statusCode).toBe(403);
    // a grant is for reading only
    expect((await t.request('PATCH', `/api/v1/customers/${c.id}`, { token: other.token, body: { version: c.version, remarks: '改' } })).statusCode).toBe(403);
    // the list and search show it while the grant runs
    expect((await t.request('GET', `/api/v1/customers?q=${encodeURIComponent('借阅测试一号')}`, { token: other.token })).json().items).toHaveLength(1);
    // time passes: the grant stops working at once, no job involved
    await setGrantWindow(created.id, new Date(Date.now() - 2 * 3_600_000), new Date(Date.now() - 1000));
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: other.token })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/customers?q=${encodeURIComponent('借阅测试一号')}`, { token: other.token })).json().items).toHaveLength(0);
    expect((await t.request('GET', `/api/v1/access-requests/${created.id}`, { token: other.token })).json().state).toBe('ended');
  });

  it('SEC-6 the borrowing register lists request, approver, decision, times and every read under the grant; early return ends it', async () => {
    const c = await createCustomer('借阅登记测试有限公司');
    const created = (await ask(other.token, { customerId: c.id, groups: ['basic'], purpose: '核对地址', durationMinutes: 30 })).json();
    await t.request('POST', `/api/v1/approvals/${created.approvalId}/approve`, { token: csManager.token, body: {} });
    await t.request('GET', `/api/v1/customers/${c.id}`, { token: other.token });
    await t.request('GET', `/api/v1/customers/${c.id}`, { token: other.token });
    const back = await t.request('POST', `/api/v1/access-requests/${created.id}/return`, { token: other.token });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().state).toBe('returned');
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: other.token })).statusCode).toBe(404);
    expect((await t.request('POST', `/api/v1/access-requests/${created.id}/return`, { token: other.token })).statusCode).toBe(409);
    expect((await t.request('GET', '/api/v1/borrowing-register', { token: other.token })).statusCode).toBe(403);
    const register = (await t.request('GET', `/api/v1/borrowing-register?customerId=${c.id}`, { token: csManager.token })).json().items;
    expect(register).toHaveLength(1);
    expect(register[0]).toMatchObject({ requesterName: 'b.other', approverRole: 'cs_manager', decidedByName: 'b.csm', state: 'returned', purpose: '核对地址' });
    expect(register[0].reads.filter((e: { action: string }) => e.action === 'customer.viewed')).toHaveLength(2);
    // SEC-10 the archive shows who looked at it, and why they could
    const viewers = (await t.request('GET', `/api/v1/customers/${c.id}/viewers`, { token: owner.token })).json().items;
    expect(viewers.filter((v: { actorName: string; via: string }) => v.actorName === 'b.other' && v.via === 'grant')).toHaveLength(2);
    expect((await t.request('GET', `/api/v1/customers/${c.id}/viewers`, { token: other.token })).statusCode).toBe(404);
  });

  it('SEC-5 SEC-6 a secret archive: others need a gm-approved grant of at most 240 minutes; cs_manager cannot approve it', async () => {
    const c = await createCustomer('秘密级借阅测试有限公司', { secrecyLevel: 'secret' });
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: cs.token })).statusCode).toBe(200); // by role
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: fin.token })).statusCode).toBe(404);
    const tooLong = await ask(fin.token, { customerId: c.id, groups: ['basic'], purpose: '年度复核', durationMinutes: 241 });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().rule).toBe('SEC-5');
    const r = (await ask(fin.token, { customerId: c.id, groups: ['basic', 'financial'], purpose: '年度复核', durationMinutes: 240 })).json();
    expect(r.approverRole).toBe('gm');
    const wrong = await t.request('POST', `/api/v1/approvals/${r.approvalId}/approve`, { token: csManager.token, body: {} });
    expect(wrong.statusCode).toBe(404); // not theirs to see at all
    const ok = await t.request('POST', `/api/v1/approvals/${r.approvalId}/approve`, { token: gm.token, body: {} });
    expect(ok.statusCode, ok.body).toBe(200);
    const seen = (await t.request('GET', `/api/v1/customers/${c.id}`, { token: fin.token })).json();
    expect(seen.withheld).not.toContain('financial');
    expect(seen.withheld).toContain('contacts');
  });

  it('SEC-5 top-secret and confidential archives are never lent: 422 naming the rule to who may see them, 404 to anyone else; nothing written', async () => {
    const top = await createCustomer('绝密级借阅测试有限公司', { secrecyLevel: 'top_secret' });
    const conf = await createCustomer('机密级借阅测试有限公司', { secrecyLevel: 'confidential' });
    await t.database.ownerPool.query(`UPDATE customers SET abc_class = 'A' WHERE id = $1`, [conf.id]);
    const before = await snapshotTables(t.database);
    for (const id of [top.id, conf.id]) {
      const r = await ask(other.token, { customerId: id, groups: ['basic'], purpose: '查看', durationMinutes: 10 });
      expect(r.statusCode).toBe(404);
    }
    // customer service sees the A-class confidential archive's card by role: asking for its books is refused with the rule
    const seen = await ask(cs.token, { customerId: conf.id, groups: ['financial'], purpose: '查看', durationMinutes: 10 });
    expect(seen.statusCode).toBe(422);
    expect(seen.json().rule).toBe('SEC-5');
    const tooLong = await ask(other.token, { customerId: (await createCustomer('普通借阅超时测试有限公司')).id, groups: ['basic'], purpose: '查看', durationMinutes: 7 * 24 * 60 + 1 });
    expect(tooLong.statusCode).toBe(422);
    const after = await snapshotTables(t.database);
    for (const table of ['approvals', 'access_requests', 'notifications']) expect(after[table], table).toBe(before[table]);
  });

  it('SEC-6 bad requests: unknown groups, zero or negative durations, unknown customers, nothing to open', async () => {
    const c = await createCustomer('借阅坏输入测试有限公司');
    for (const body of [
      { customerId: c.id, groups: ['everything'], purpose: '查看', durationMinutes: 10 },
      { customerId: c.id, groups: ['basic'], purpose: '查看', durationMinutes: 0 },
      { customerId: c.id, groups: ['basic'], purpose: '查看', durationMinutes: -5 },
      { customerId: c.id, groups: [], purpose: '查看', durationMinutes: 10 },
      { customerId: c.id, groups: ['basic'], purpose: '查看', durationMinutes: 10, extra: 1 },
    ]) {
      const r = await ask(other.token, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().errors.length).toBeGreaterThan(0);
    }
    expect((await ask(other.token, { customerId: '999999999', groups: ['basic'], purpose: '查看', durationMinutes: 10 })).statusCode).toBe(404);
    // someone given only the archive number (e.g. on a complaint) finds the id to ask for, nothing more
    const number = (await t.request('GET', `/api/v1/customers/${c.id}`, { token: owner.token })).json().archiveNo;
    expect((await t.request('GET', `/api/v1/access-requests/archive-number?archiveNo=${number}`, { token: other.token })).json()).toEqual({ customerId: c.id });
    expect((await t.request('GET', '/api/v1/access-requests/archive-number?archiveNo=KH-1999-000001', { token: other.token })).statusCode).toBe(404);
    expect((await t.request('GET', '/api/v1/access-requests/archive-number?archiveNo=bad', { token: other.token })).statusCode).toBe(400);
    // SEC-6 a colleague directory for naming deputies and owners: names, departments, roles only
    const dir = (await t.request('GET', '/api/v1/users/directory?q=b.cs', { token: other.token })).json().items;
    expect(dir.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['b.cs', 'b.csm']));
    expect(Object.keys(dir[0]).sort()).toEqual(['departmentName', 'displayName', 'id', 'roles', 'username']);
    const mine = await ask(owner.token, { customerId: c.id, groups: ['financial'], purpose: '查看', durationMinutes: 10 });
    expect(mine.statusCode).toBe(422);
    expect(mine.json().rule).toBe('SEC-6');
  });
});

describe('SEC-7 one approval mechanism', () => {
  it('SEC-7 two concurrent approvals: the effect applies exactly once, the other answers 409', async () => {
    const c = await createCustomer('并发审批测试有限公司');
    const second = await t.createUser('b.csm2', ['cs_manager']);
    const r = (await ask(other.token, { customerId: c.id, groups: ['basic'], purpose: '并发', durationMinutes: 15 })).json();
    const [a, b] = await Promise.all([
      t.request('POST', `/api/v1/approvals/${r.approvalId}/approve`, { token: csManager.token, body: {} }),
      t.request('POST', `/api/v1/approvals/${r.approvalId}/approve`, { token: second.token, body: {} }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const events = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'approval.approved').where('entity_id', '=', r.approvalId).execute();
    expect(events).toHaveLength(1);
    const again = await t.request('POST', `/api/v1/approvals/${r.approvalId}/reject`, { token: csManager.token, body: {} });
    expect(again.statusCode).toBe(409);
  });

  it('SEC-7 nobody approves their own request; withdrawn and expired requests cannot be decided', async () => {
    const c = await createCustomer('自审测试有限公司');
    // the gm's deputy asks for a secret archive: their own request, which they would otherwise decide
    const selfish = await t.createUser('b.selfish', ['office_head']);
    const secret = await createCustomer('自审秘密测试有限公司', { secrecyLevel: 'secret' });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await t.request('POST', '/api/v1/approval-delegations', { token: gm.token, body: { deputyId: selfish.id, startsOn: today, endsOn: today } })).statusCode).toBe(201);
    const own = (await ask(selfish.token, { customerId: secret.id, groups: ['basic'], purpose: '自审', durationMinutes: 10 })).json();
    expect(own.approverRole).toBe('gm');
    const r1 = (await ask(other.token, { customerId: c.id, groups: ['basic'], purpose: '撤回', durationMinutes: 10 })).json();
    const withdrawn = await t.request('POST', `/api/v1/approvals/${r1.approvalId}/withdraw`, { token: other.token });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().state).toBe('withdrawn');
    expect((await t.request('POST', `/api/v1/approvals/${r1.approvalId}/approve`, { token: csManager.token, body: {} })).statusCode).toBe(409);
    expect((await t.request('POST', `/api/v1/approvals/${r1.approvalId}/withdraw`, { token: other.token })).statusCode).toBe(409);
    expect((await t.request('POST', `/api/v1/approvals/${r1.approvalId}/withdraw`, { token: csManager.token })).statusCode).toBe(403);
    const r2 = (await ask(other.token, { customerId: c.id, groups: ['basic'], purpose: '过期', durationMinutes: 10 })).json();
    await t.database.ownerPool.query(`UPDATE approvals SET expires_at = now() - interval '1 minute' WHERE id = $1`, [r2.approvalId]);
    const expired = await t.request('POST', `/api/v1/approvals/${r2.approvalId}/approve`, { token: csManager.token, body: {} });
    expect(expired.statusCode).toBe(409);
    expect((await t.request('GET', `/api/v1/approvals/${r2.approvalId}`, { token: other.token })).json().state).toBe('expired');
    // a gm already reads everything: nothing to grant
    const gmSelf = await t.createUser('b.gmself', ['gm', 'sales']);
    expect((await ask(gmSelf.token, { customerId: secret.id, groups: ['financial'], purpose: '自批', durationMinutes: 10 })).statusCode).toBe(422);
    const ownDecision = await t.request('POST', `/api/v1/approvals/${own.approvalId}/approve`, { token: selfish.token, body: {} });
    expect(ownDecision.statusCode).toBe(403);
    expect(ownDecision.json().rule).toBe('SEC-7');
  });

  it('SEC-7 the requester sees their requests, comments go on the record, strangers get 404', async () => {
    const c = await createCustomer('审批评论测试有限公司');
    const r = (await ask(other.token, { customerId: c.id, groups: ['basic'], purpose: '评论', durationMinutes: 10 })).json();
    const mine = (await t.request('GET', '/api/v1/approvals?box=mine', { token: other.token })).json().items;
    expect(mine.map((a: { id: string }) => a.id)).toContain(r.approvalId);
    expect(mine.find((a: { id: string }) => a.id === r.approvalId)).toMatchObject({ canDecide: false, canWithdraw: true, customerName: null });
    const commented = await t.request('POST', `/api/v1/approvals/${r.approvalId}/comments`, { token: csManager.token, body: { body: '请说明用途' } });
    expect(commented.statusCode).toBe(201);
    expect(commented.json().comments[0]).toMatchObject({ body: '请说明用途', authorName: 'b.csm' });
    expect((await t.request('GET', `/api/v1/approvals/${r.approvalId}`, { token: cs.token })).statusCode).toBe(404);
    expect((await t.request('POST', `/api/v1/approvals/${r.approvalId}/comments`, { token: cs.token, body: { body: '插话' } })).statusCode).toBe(404);
    // notifications: the approver was told, the requester hears of the decision
    const waiting = (await t.request('GET', '/api/v1/notifications?unread=true', { token: csManager.token })).json();
    expect(waiting.unread).toBeGreaterThan(0);
    expect(waiting.items.some((n: { link: string }) => n.link === `/approvals/${r.approvalId}`)).toBe(true);
    await t.request('POST', `/api/v1/approvals/${r.approvalId}/reject`, { token: csManager.token, body: { comment: '用途不明' } });
    const told = (await t.request('GET', '/api/v1/notifications', { token: other.token })).json().items;
    expect(told.some((n: { kind: string }) => n.kind === 'approval.rejected')).toBe(true);
    expect((await t.request('GET', `/api/v1/access-requests/${r.id}`, { token: other.token })).json().state).toBe('rejected');
    expect((await t.request('POST', '/api/v1/notifications/read-all', { token: other.token })).statusCode).toBe(200);
    expect((await t.request('GET', '/api/v1/notifications?unread=true', { token: other.token })).json().unread).toBe(0);
  });

  it('SEC-5 SEC-7 the gm delegates secret-level borrowing to a deputy for a date range', async () => {
    const c = await createCustomer('代批测试有限公司', { secrecyLevel: 'secret' });
    const r = (await ask(fin.token, { customerId: c.id, groups: ['basic'], purpose: '代批', durationMinutes: 60 })).json();
    expect((await t.request('POST', `/api/v1/approvals/${r.approvalId}/approve`, { token: deputy.token, body: {} })).statusCode).toBe(404);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await t.request('POST', '/api/v1/approval-delegations', { token: deputy.token, body: { deputyId: deputy.id, startsOn: today, endsOn: today } })).statusCode).toBe(403);
    const bad = await t.request('POST', '/api/v1/approval-delegations', { token: gm.token, body: { deputyId: deputy.id, startsOn: today, endsOn: '2020-01-01' } });
    expect(bad.statusCode).toBe(400);
    const d = await t.request('POST', '/api/v1/approval-delegations', { token: gm.token, body: { deputyId: deputy.id, startsOn: today, endsOn: today } });
    expect(d.statusCode, d.body).toBe(201);
    const queue = (await t.request('GET', '/api/v1/approvals?state=pending', { token: deputy.token })).json().items;
    expect(queue.map((a: { id: string }) => a.id)).toContain(r.approvalId);
    const ok = await t.request('POST', `/api/v1/approvals/${r.approvalId}/approve`, { token: deputy.token, body: {} });
    expect(ok.statusCode, ok.body).toBe(200);
    const event = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'approval.approved').where('entity_id', '=', r.approvalId).executeTakeFirstOrThrow();
    expect(event.data).toMatchObject({ as: 'delegate' });
    await t.request('POST', `/api/v1/approval-delegations/${d.json().id}/revoke`, { token: gm.token });
    const r2 = (await ask(fin.token, { customerId: c.id, groups: ['contacts'], purpose: '代批二', durationMinutes: 60 })).json();
    expect((await t.request('POST', `/api/v1/approvals/${r2.approvalId}/approve`, { token: deputy.token, body: {} })).statusCode).toBe(404);
  });
});
