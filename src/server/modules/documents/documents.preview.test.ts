import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { multipart, pdf } from './documents.fixtures.js';

let t: TestApp;
let cs: { id: string; token: string };
let gm: { id: string; token: string };
let sales: { id: string; token: string };
let customerId: string;

const upload = async (token: string, fields: Record<string, string>, file: { name: string; content: Buffer; type: string }) => {
  const body = multipart(fields, file);
  const r = await t.app.inject({ method: 'POST', url: `/api/v1/customers/${customerId}/documents`, headers: { authorization: `Bearer ${token}`, ...body.headers }, payload: body.payload });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string };
};
const previews = () => t.database.db.selectFrom('audit_events').select(['action', 'entity_id', 'data']).where('action', '=', 'document.downloaded').execute();

beforeAll(async () => {
  t = await createTestApp();
  cs = await t.createUser('pv.cs', ['cs_staff']);
  gm = await t.createUser('pv.gm', ['gm']);
  sales = await t.createUser('pv.sales', ['sales']);
  customerId = (await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '预览测试贸易有限公司', customerType: 'direct' } })).json().id;
});
afterAll(async () => t?.close());

describe('issue 17 item 17: document preview', () => {
  it('ARC-6 SEC-10 a PDF is served inline for the browser to show, framed only by this site, and audited like a download', async () => {
    const content = pdf('预览');
    const doc = await upload(cs.token, { kind: 'original', category: 'contract', title: '购销合同', pages: '3' }, { name: '购销合同.pdf', content, type: 'application/pdf' });
    const r = await t.request('GET', `/api/v1/documents/${doc.id}/preview`, { token: cs.token });
    expect(r.statusCode).toBe(200);
    expect(r.rawPayload.equals(content)).toBe(true);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(String(r.headers['content-disposition'])).toMatch(/^inline; filename=/);
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
    expect(String(r.headers['content-security-policy'])).not.toContain('script-src');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(await previews()).toEqual([{ action: 'document.downloaded', entity_id: doc.id, data: expect.objectContaining({ customerId, preview: true }) }]);
    // the download itself stays an attachment
    expect(String((await t.request('GET', `/api/v1/documents/${doc.id}/content`, { token: cs.token })).headers['content-disposition'])).toMatch(/^attachment;/);
  });

  it('SEC-2 SEC-5 the download\'s access rules: not visible → 404, view-only → 403, a type a browser would not just show → 415; nothing audited', async () => {
    const before = (await previews()).length;
    const plain = await upload(cs.token, { kind: 'other', category: 'correspondence', title: '来函' }, { name: '来函.txt', content: Buffer.from('来函内容'), type: 'text/plain' });
    const confidential = await upload(gm.token, { kind: 'original', category: 'contract', title: '机密合同', secrecyLevel: 'confidential' }, { name: '机密合同.pdf', content: pdf('机密'), type: 'application/pdf' });
    const visible = (await t.request('GET', `/api/v1/customers/${customerId}/documents`, { token: cs.token })).json().items.map((d: { id: string }) => d.id);
    expect(visible).toContain(confidential.id);
    expect((await t.request('GET', `/api/v1/documents/${plain.id}/preview`, { token: sales.token })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/documents/${confidential.id}/preview`, { token: cs.token })).statusCode).toBe(403);
    const txt = await t.request('GET', `/api/v1/documents/${plain.id}/preview`, { token: cs.token });
    expect(txt.statusCode).toBe(415);
    expect(txt.json().code).toBe('unsupported_media_type');
    expect((await t.request('GET', '/api/v1/documents/999999/preview', { token: cs.token })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/documents/${plain.id}/preview` })).statusCode).toBe(401);
    expect((await previews()).length).toBe(before);
  });
});
