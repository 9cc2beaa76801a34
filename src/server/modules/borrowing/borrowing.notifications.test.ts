/** Found while building the web client (issue 5): the grant notification named the start time in UTC. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('SEC-6 the grant notification', () => {
  it('SEC-6 the access.granted notification gives the start time in China time', async () => {
    const owner = await t.createUser('n.owner', ['sales']);
    const other = await t.createUser('n.other', ['sales']);
    const csm = await t.createUser('n.csm', ['cs_manager']);
    const c = (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '通知时间测试有限公司', customerType: 'direct', confirmDuplicate: true } })).json<{ id: string }>();
    const no = (await t.database.ownerPool.query<{ archive_no: string }>('SELECT archive_no FROM customers WHERE id = $1', [c.id])).rows[0]!.archive_no;
    await t.request('GET', `/api/v1/access-requests/archive-number?archiveNo=${no}`, { token: other.token });
    const req = (await t.request('POST', '/api/v1/access-requests', { token: other.token, body: { customerId: c.id, groups: ['basic'], purpose: '核对地址', durationMinutes: 30 } })).json<{ approvalId: string }>();
    const decided = (await t.request('POST', `/api/v1/approvals/${req.approvalId}/approve`, { token: csm.token, body: {} })).json<{ decidedAt: string }>();
    const items = (await t.request('GET', '/api/v1/notifications', { token: other.token })).json<{ items: { kind: string; title: string }[] }>().items;
    const granted = items.find((n) => n.kind === 'access.granted');
    expect(granted).toBeDefined();
    const china = new Date(new Date(decided.decidedAt).getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
    expect(granted!.title).toContain(`${china} 起`);
  });
});
