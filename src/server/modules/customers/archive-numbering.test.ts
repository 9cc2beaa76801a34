import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let cs: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  cs = await t.createUser('kefu.prefix', ['cs_staff']);
});
afterAll(async () => t?.close());

describe('ARC-2 the archive-number prefix', () => {
  it('ARC-2 KH by default; the administrator sets another (audited), new archives carry it and are found by it; bad prefixes and other users refused', async () => {
    expect((await t.request('GET', '/api/v1/settings/archive-numbering', { token: cs.token })).json()).toEqual({ prefix: 'KH' });
    const first = await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '前缀测试一有限公司', customerType: 'direct' } });
    expect(first.json().archiveNo).toMatch(/^KH-\d{4}-\d{6}$/);
    expect((await t.request('PUT', '/api/v1/settings/archive-numbering', { token: cs.token, body: { prefix: 'HZ' } })).statusCode).toBe(403);
    for (const prefix of ['hz', 'HZ1', '', 'ABCDEF']) {
      const r = await t.request('PUT', '/api/v1/settings/archive-numbering', { token: t.adminToken, body: { prefix } });
      expect(r.statusCode, prefix).toBe(400);
      expect(r.json().errors[0].path).toBe('prefix');
    }
    const ok = await t.request('PUT', '/api/v1/settings/archive-numbering', { token: t.adminToken, body: { prefix: 'HZ' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ prefix: 'HZ' });
    const audit = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'settings.archive_prefix_changed').executeTakeFirstOrThrow();
    expect(audit.data).toEqual({ from: 'KH', to: 'HZ' });
    const second = await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '前缀测试二有限公司', customerType: 'direct' } });
    expect(second.json().archiveNo).toMatch(/^HZ-\d{4}-000001$/);
    const found = (await t.request('GET', `/api/v1/customers?q=${second.json().archiveNo}`, { token: cs.token })).json().items;
    expect(found.map((c: { id: string }) => c.id)).toEqual([second.json().id]);
    // numbers already given keep their prefix
    expect((await t.request('GET', `/api/v1/customers/${first.json().id}`, { token: cs.token })).json().archiveNo).toBe(first.json().archiveNo);
  });
});
