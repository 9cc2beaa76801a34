import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let cs: { id: string; token: string };
let customer: { id: string; version: number };
beforeAll(async () => {
  t = await createTestApp();
  cs = await t.createUser('ss.cs', ['cs_staff']);
  customer = (await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '自助填表测试有限公司', customerType: 'dealer', phone: '0755-26001234', address: '深圳市福田区', bankName: '招商银行', remarks: '内部备注：价格敏感' } })).json();
});
afterAll(async () => t?.close());

const link = async (body: Record<string, unknown> = {}) => {
  const r = await t.request('POST', `/api/v1/customers/${customer.id}/self-service-links`, { token: cs.token, body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
};
const publicGet = (token: string) => t.request('GET', `/api/v1/public/forms/${token}`);
const publicPost = (token: string, body: unknown) => t.request('POST', `/api/v1/public/forms/${token}`, { body });

describe('ARC-14 customer self-service form', () => {
  it('ARC-14 a single-use link shows only its fields; the token is stored hashed', async () => {
    const l = await link({ fields: ['name', 'phone', 'address', 'email'] });
    expect(l).toMatchObject({ state: 'pending', path: `/f/${l.token}`, fields: ['name', 'phone', 'address', 'email'] });
    expect(new Date(l.expiresAt).getTime() - new Date(l.createdAt).getTime()).toBe(14 * 86_400_000);
    const stored = await t.database.db.selectFrom('self_service_links').select('token_hash').where('id', '=', l.id).executeTakeFirstOrThrow();
    expect(stored.token_hash.toString('hex')).not.toContain(Buffer.from(l.token).toString('hex'));
    const form = await publicGet(l.token);
    expect(form.statusCode, form.body).toBe(200);
    expect(form.json()).toEqual({ companyName: '本公司', expiresAt: l.expiresAt, fields: [{ key: 'name', value: '自助填表测试有限公司' }, { key: 'phone', value: '0755-26001234' }, { key: 'address', value: '深圳市福田区' }, { key: 'email', value: null }] });
    expect(form.body).not.toContain('招商银行');
    expect(form.body).not.toContain('价格敏感');
    expect(Object.keys(form.json()).sort()).toEqual(['companyName', 'expiresAt', 'fields']);
  });

  it('ARC-14 a submission waits for review; the specialist accepts two fields and rejects one; accepted ones are one versioned update', async () => {
    const l = await link({ fields: ['name', 'phone', 'address', 'email'] });
    const before = (await t.request('GET', `/api/v1/customers/${customer.id}`, { token: cs.token })).json();
    const r = await publicPost(l.token, { values: { phone: '0755-26009999', address: '深圳市南山区科技园', email: 'info@example.cn', name: '自助填表测试有限公司' }, submitterName: '王经理', submitterPhone: '13800138000' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ ok: true, changed: 3 });
    // the archive is untouched until the review
    expect((await t.request('GET', `/api/v1/customers/${customer.id}`, { token: cs.token })).json()).toMatchObject({ phone: '0755-26001234', version: before.version });
    // used: a second submission and a second look get the clear answer
    const again = await publicPost(l.token, { values: { phone: '1' }, submitterName: 'x' });
    expect(again.statusCode).toBe(422);
    expect(again.json().rule).toBe('ARC-14.used');
    expect((await publicGet(l.token)).json().rule).toBe('ARC-14.used');
    // an archive-update task arrived with it (ARC-8), for the customer's owner
    const tasks = (await t.request('GET', `/api/v1/tasks?customerId=${customer.id}&state=pending`, { token: cs.token })).json().items;
    expect(tasks).toEqual([expect.objectContaining({ source: 'customer_form', ownerId: cs.id })]);
    const pending = (await t.request('GET', `/api/v1/self-service-submissions?state=pending&customerId=${customer.id}`, { token: cs.token })).json().items;
    expect(pending).toHaveLength(1);
    const sub = pending[0];
    expect(sub.changes.map((c: { field: string; oldValue: unknown; newValue: unknown }) => [c.field, c.oldValue, c.newValue])).toEqual([
      ['phone', '0755-26001234', '0755-26009999'],
      ['address', '深圳市福田区', '深圳市南山区科技园'],
      ['email', null, 'info@example.cn'],
    ]);
    const incomplete = await t.request('POST', `/api/v1/self-service-submissions/${sub.id}/review`, { token: cs.token, body: { version: sub.version, customerVersion: before.version, decisions: { phone: 'accept' } } });
    expect(incomplete.statusCode).toBe(400);
    const reviewed = await t.request('POST', `/api/v1/self-service-submissions/${sub.id}/review`, { token: cs.token, body: { version: sub.version, customerVersion: before.version, decisions: { phone: 'accept', address: 'accept', email: 'reject' } } });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ state: 'reviewed', reviewedByName: 'ss.cs' });
    expect(reviewed.json().changes.map((c: { field: string; decision: string }) => `${c.field}:${c.decision}`)).toEqual(['phone:accepted', 'address:accepted', 'email:rejected']);
    const after = (await t.request('GET', `/api/v1/customers/${customer.id}`, { token: cs.token })).json();
    expect(after).toMatchObject({ phone: '0755-26009999', address: '深圳市南山区科技园', version: before.version + 1, revisionCount: before.revisionCount + 1 });
    expect(after.email ?? null).toBeNull();
    const history = (await t.request('GET', `/api/v1/customers/${customer.id}/history`, { token: cs.token })).json().items[0];
    expect(history.changes.map((c: { field: string }) => c.field).sort()).toEqual(['address', 'phone']);
    expect((await t.request('POST', `/api/v1/self-service-submissions/${sub.id}/review`, { token: cs.token, body: { version: reviewed.json().version, customerVersion: after.version, decisions: {} } })).statusCode).toBe(409);
    const open = (await t.database.db.selectFrom('tasks').select(['completed_at']).where('customer_id', '=', customer.id).where('source', '=', 'customer_form').execute());
    expect(open.length).toBe(1);
    expect(open[0]!.completed_at).not.toBeNull();
  });

  it('ARC-14 bad links and bad submissions: clear 4xx, nothing written', async () => {
    const l = await link({ fields: ['phone', 'email', 'employeeCount'] });
    const before = await snapshotTables(t.database);
    const unknown = await publicGet(`kdf_${'A'.repeat(43)}`);
    expect(unknown.statusCode).toBe(404);
    expect((await publicGet('not-a-token')).statusCode).toBe(400);
    for (const [body, path] of [
      [{ values: { bankName: '某银行' }, submitterName: '王' }, 'values.bankName'],
      [{ values: { email: 'not-an-email' }, submitterName: '王' }, 'values.email'],
      [{ values: { employeeCount: -5 }, submitterName: '王' }, 'values.employeeCount'],
      [{ values: { phone: '1' }, submitterName: '' }, 'submitterName'],
      [{ values: { phone: '1' }, submitterName: '王', isAdmin: true }, 'isAdmin'],
    ] as const) {
      const r = await publicPost(l.token, body);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const huge = await t.app.inject({ method: 'POST', url: `/api/v1/public/forms/${l.token}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ values: { phone: '1'.repeat(40_000) }, submitterName: '王' }) });
    expect(huge.statusCode).toBe(413);
    expect(await snapshotTables(t.database)).toEqual(before);
    // expired and revoked links
    await t.database.db.updateTable('self_service_links').set({ expires_at: new Date(Date.now() - 1000), created_at: new Date(Date.now() - 2000) }).where('id', '=', l.id).execute();
    expect((await publicGet(l.token)).json()).toMatchObject({ status: 422, rule: 'ARC-14.expired' });
    const l2 = await link();
    expect((await t.request('POST', `/api/v1/self-service-links/${l2.id}/revoke`, { token: cs.token })).json().state).toBe('revoked');
    expect((await publicPost(l2.token, { values: {}, submitterName: '王' })).json().rule).toBe('ARC-14.revoked');
  });

  it('ARC-14 SEC-11 the public form is rate-limited', async () => {
    const l = await link();
    const codes: number[] = [];
    for (let i = 0; i < 35; i++) codes.push((await publicGet(l.token)).statusCode);
    expect(codes).toContain(429);
  });
});
