import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { multipart, pdf } from '../documents/documents.fixtures.js';

let t: TestApp;
let cs: { id: string; token: string };
let csm: { id: string; token: string };
let gm: { id: string; token: string };
let finance: { id: string; token: string };
let sales: { id: string; token: string };
let customerId: string;

const search = (token: string, q: string) => t.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token });
const upload = async (token: string, id: string, fields: Record<string, string>) => {
  const body = multipart(fields, { name: `${fields['title']}.pdf`, content: pdf(fields['title']!), type: 'application/pdf' });
  const r = await t.app.inject({ method: 'POST', url: `/api/v1/customers/${id}/documents`, headers: { authorization: `Bearer ${token}`, ...body.headers }, payload: body.payload });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string };
};

beforeAll(async () => {
  t = await createTestApp();
  cs = await t.createUser('gs.cs', ['cs_staff']);
  csm = await t.createUser('gs.csm', ['cs_manager']);
  gm = await t.createUser('gs.gm', ['gm']);
  finance = await t.createUser('gs.fin', ['finance']);
  sales = await t.createUser('gs.sales', ['sales']);
  const c = await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '苏州金鸡湖光电科技有限公司', customerType: 'direct' } });
  customerId = c.json().id;
  await t.request('POST', `/api/v1/customers/${customerId}/contacts`, { token: cs.token, body: { role: 'primary', name: '欧阳明远', position: '总经理', mobile: '13912345678' } });
});
afterAll(async () => t?.close());

describe('issue 17 item 15: the header search', () => {
  it('ARC-11 one entry finds customers, contacts and documents, grouped', async () => {
    const doc = await upload(cs.token, customerId, { kind: 'original', category: 'business_licence', title: '金鸡湖光电营业执照副本', pages: '1' });
    const byName = await search(cs.token, '金鸡湖');
    expect(byName.statusCode, byName.body).toBe(200);
    expect(byName.json().customers).toEqual([expect.objectContaining({ id: customerId, name: '苏州金鸡湖光电科技有限公司' })]);
    expect(byName.json().documents).toEqual([expect.objectContaining({ id: doc.id, title: '金鸡湖光电营业执照副本', customerId, contentType: 'application/pdf' })]);
    const byContact = (await search(cs.token, '欧阳')).json();
    expect(byContact.contacts).toEqual([expect.objectContaining({ name: '欧阳明远', position: '总经理', customerId, customerName: '苏州金鸡湖光电科技有限公司' })]);
    // contacts' personal information never travels in search results
    expect(JSON.stringify(byContact)).not.toContain('1391');
  });

  it('SEC-2 SEC-5 a user who may not see the archive finds nothing of it; a top-secret document only the gm finds', async () => {
    await upload(gm.token, customerId, { kind: 'original', category: 'other', title: '光电保密协议扫描件', pages: '1', secrecyLevel: 'top_secret' });
    for (const user of [sales, finance]) {
      const r = (await search(user.token, '金鸡湖')).json();
      expect(r).toEqual({ customers: [], contacts: [], documents: [] });
      expect((await search(user.token, '欧阳')).json().contacts).toEqual([]);
    }
    expect((await search(cs.token, '保密协议')).json().documents).toEqual([]);
    expect((await search(gm.token, '保密协议')).json().documents).toEqual([expect.objectContaining({ title: '光电保密协议扫描件', secrecyLevel: 'top_secret' })]);
  });

  it('SEC-4 SEC-6 a grant of the documents group shows documents and not contacts', async () => {
    // an archive one cannot see is asked for by the number one was given (issue 11 item 1)
    const archiveNo = (await t.database.db.selectFrom('customers').select('archive_no').where('id', '=', customerId).executeTakeFirstOrThrow()).archive_no;
    expect((await t.request('GET', `/api/v1/access-requests/archive-number?archiveNo=${archiveNo}`, { token: finance.token })).json()).toEqual({ customerId });
    const asked = await t.request('POST', '/api/v1/access-requests', { token: finance.token, body: { customerId, groups: ['documents'], purpose: '核对营业执照', durationMinutes: 60 } });
    expect(asked.statusCode, asked.body).toBe(201);
    const approved = await t.request('POST', `/api/v1/approvals/${asked.json().approvalId}/approve`, { token: csm.token, body: {} });
    expect(approved.statusCode, approved.body).toBe(200);
    const r = (await search(finance.token, '金鸡湖')).json();
    expect(r.customers.map((c: { id: string }) => c.id)).toEqual([customerId]);
    expect(r.documents.map((d: { title: string }) => d.title)).toEqual(['金鸡湖光电营业执照副本']);
    expect((await search(finance.token, '欧阳')).json().contacts).toEqual([]);
  });

  it('ARC-11 bad input is a 400 naming the field; no sign-in is a 401', async () => {
    const empty = await search(cs.token, '');
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json().errors)).toContain('q');
    expect((await t.request('GET', '/api/v1/search?q=x&limit=99', { token: cs.token })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/search?q=x' })).statusCode).toBe(401);
  });
});
