import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { multipart, pdf } from './documents.fixtures.js';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.alloc(17)]);
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0'), Buffer.alloc(200)]);

let t: TestApp;
let cs: { id: string; token: string };
let manager: { id: string; token: string };
let customerId: string;

const upload = (token: string, id: string, fields: Record<string, string>, file?: Parameters<typeof multipart>[1]) => {
  const body = multipart(fields, file);
  return t.app.inject({ method: 'POST', url: `/api/v1/customers/${id}/documents`, headers: { authorization: `Bearer ${token}`, ...body.headers }, payload: body.payload });
};
const storedFiles = () => {
  const root = path.join(t.config.storage, 'documents');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((d) => readdirSync(path.join(root, d)).map((f) => `${d}/${f}`));
};
const tmpFiles = () => (existsSync(path.join(t.config.storage, 'tmp')) ? readdirSync(path.join(t.config.storage, 'tmp')) : []);

beforeAll(async () => {
  t = await createTestApp({ uploadLimitBytes: 256 * 1024 });
  cs = await t.createUser('doc.cs', ['cs_staff']);
  manager = await t.createUser('doc.mgr', ['cs_manager']);
  const c = await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '资料测试科技有限公司', customerType: 'direct' } });
  customerId = c.json().id;
});
afterAll(async () => t?.close());

describe('ARC-6 documents', () => {
  it('ARC-6 a PDF is uploaded, checksummed, stored outside the database and downloaded as an attachment (audited)', async () => {
    const content = pdf('营业执照');
    const r = await upload(cs.token, customerId, { kind: 'original', category: 'business_licence', title: '营业执照副本', pages: '2', receivedOn: '2026-03-02' }, { name: '营业执照.pdf', content, type: 'application/pdf' });
    expect(r.statusCode, r.body).toBe(201);
    const doc = r.json();
    const sha = createHash('sha256').update(content).digest('hex');
    expect(doc).toMatchObject({ sha256: sha, size: content.length, contentType: 'application/pdf', kind: 'original', category: 'business_licence', pages: 2, fileVersion: 1, access: 'download', fileName: '营业执照.pdf' });
    expect(storedFiles()).toContain(`${sha.slice(0, 2)}/${sha}`);
    expect(tmpFiles()).toEqual([]);

    const d = await t.request('GET', `/api/v1/documents/${doc.id}/content`, { token: cs.token });
    expect(d.statusCode).toBe(200);
    expect(d.rawPayload.equals(content)).toBe(true);
    expect(d.headers['content-type']).toBe('application/pdf');
    expect(d.headers['x-content-type-options']).toBe('nosniff');
    expect(String(d.headers['content-disposition'])).toMatch(/^attachment; filename="_+\.pdf"; filename\*=UTF-8''%E8%90%A5/);
    expect(d.headers['repr-digest']).toBe(`sha-256=:${Buffer.from(sha, 'hex').toString('base64')}:`);
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'entity_id']).where('action', '=', 'document.downloaded').execute();
    expect(audit).toEqual([{ action: 'document.downloaded', entity_id: doc.id }]);
  });

  it('ARC-6 bad uploads are refused with a clear 4xx and leave no file and no row', async () => {
    const before = await snapshotTables(t.database);
    const files = storedFiles();
    const cases: [string, Parameters<typeof upload>[2], Parameters<typeof upload>[3], number, string][] = [
      ['a .pdf that is really an executable', { kind: 'original' }, { name: '营业执照.pdf', content: exe, type: 'application/pdf' }, 415, 'exe'],
      ['a zero-byte file', { kind: 'original' }, { name: 'empty.pdf', content: Buffer.alloc(0) }, 400, 'empty'],
      ['an oversized file', { kind: 'original' }, { name: 'big.pdf', content: Buffer.concat([pdf(), Buffer.alloc(300 * 1024, 0x20)]) }, 413, 'too large'],
      ['HTML disguised as text', { kind: 'other' }, { name: 'note.txt', content: Buffer.from('<html><script>alert(1)</script></html>') }, 415, 'HTML'],
      ['an unknown kind', { kind: 'secretly' }, { name: 'a.pdf', content: pdf() }, 400, 'kind'],
      ['an unknown field', { kind: 'original', isAdmin: 'true' }, { name: 'a.pdf', content: pdf() }, 400, 'isAdmin'],
      ['a bad date', { kind: 'original', receivedOn: '2026-02-30' }, { name: 'a.pdf', content: pdf() }, 400, 'receivedOn'],
      ['no file part', { kind: 'original' }, undefined, 400, 'file'],
      ['a file under another name', { kind: 'original' }, { name: 'a.pdf', content: pdf(), field: 'upload' }, 400, 'upload'],
      ['a link to another archive’s or no document', { kind: 'attachment', belongsTo: '999999' }, { name: 'a.pdf', content: pdf() }, 400, 'belongsTo'],
      ['a level the uploader could not read', { kind: 'original', secrecyLevel: 'top_secret' }, { name: 'a.pdf', content: pdf() }, 400, 'secrecyLevel'],
    ];
    for (const [why, fields, file, status, mention] of cases) {
      const r = await upload(cs.token, customerId, fields, file);
      expect(r.statusCode, `${why}: ${r.body}`).toBe(status);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.body, why).toContain(mention);
    }
    // not multipart at all
    const json = await t.request('POST', `/api/v1/customers/${customerId}/documents`, { token: cs.token, body: { kind: 'original' } });
    expect(json.statusCode).toBe(415);
    expect(await snapshotTables(t.database)).toEqual(before);
    expect(storedFiles()).toEqual(files);
    expect(tmpFiles()).toEqual([]);
  });

  it('ARC-6 a path-traversal file name is stored as a plain name; the file lives only at its content address', async () => {
    const r = await upload(cs.token, customerId, { kind: 'other', category: 'correspondence' }, { name: '../../../../etc/passwd.png', content: png, type: 'image/png' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ fileName: 'passwd.png', title: 'passwd', contentType: 'image/png' });
    expect(existsSync(path.join(t.config.storage, '..', 'etc'))).toBe(false);
    expect(storedFiles().every((f) => /^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(f))).toBe(true);
  });

  it('ARC-6 the catalogue follows the filing order with continuous pages and shows what is missing', async () => {
    const c = (await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '卷内目录测试有限公司', customerType: 'dealer' } })).json().id;
    const empty = (await t.request('GET', `/api/v1/customers/${c}/documents`, { token: cs.token })).json();
    expect(empty).toMatchObject({ items: [], totalPages: 0, required: ['business_licence', 'legal_rep_id'], missing: ['business_licence', 'legal_rep_id'] });
    const up = async (fields: Record<string, string>) => {
      const r = await upload(cs.token, c, fields, { name: `${fields.title}.pdf`, content: pdf(fields.title) });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    const request = await up({ kind: 'request', category: 'correspondence', title: '合作请示', pages: '3', receivedOn: '2026-03-01' });
    await up({ kind: 'reply', category: 'correspondence', title: '合作批复', pages: '1', receivedOn: '2026-03-05', belongsTo: request });
    const contract = await up({ kind: 'original', category: 'contract', title: '购销合同', pages: '4', receivedOn: '2026-02-01' });
    await up({ kind: 'attachment', category: 'contract', title: '合同附件', pages: '2', belongsTo: contract });
    await up({ kind: 'original', category: 'legal_rep_id', title: '法人身份证复印件', pages: '1' });
    const list = (await t.request('GET', `/api/v1/customers/${c}/documents`, { token: cs.token })).json();
    expect(list.items.map((d: { title: string; startPage: number; endPage: number }) => [d.title, d.startPage, d.endPage])).toEqual([
      ['法人身份证复印件', 1, 1],
      ['购销合同', 2, 5],
      ['合同附件', 6, 7],
      ['合作批复', 8, 8],
      ['合作请示', 9, 11],
    ]);
    expect(list.totalPages).toBe(11);
    expect(list.missing).toEqual(['business_licence']);
  });

  it('ARC-6 ARC-7 metadata changes are versioned in the history and the timeline; a stale version is 409', async () => {
    const doc = (await upload(cs.token, customerId, { kind: 'draft', title: '业务约定书（草）' }, { name: 'a.pdf', content: pdf('draft') })).json();
    const r = await t.request('PATCH', `/api/v1/documents/${doc.id}`, { token: cs.token, body: { version: doc.version, title: '业务约定书', category: 'agreement', pages: 5 } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ title: '业务约定书', category: 'agreement', pages: 5, version: doc.version + 1 });
    expect((await t.request('PATCH', `/api/v1/documents/${doc.id}`, { token: cs.token, body: { version: doc.version, title: 'x' } })).statusCode).toBe(409);
    const history = (await t.request('GET', `/api/v1/customers/${customerId}/history`, { token: cs.token })).json().items;
    const entry = history.find((h: { entity: string; entityId: string; version: number }) => h.entity === 'document' && h.entityId === doc.id && h.version === doc.version + 1);
    expect(entry.changes).toEqual(expect.arrayContaining([{ field: 'title', oldValue: '业务约定书（草）', newValue: '业务约定书' }, { field: 'pages', oldValue: 1, newValue: 5 }]));
    const timeline = (await t.request('GET', `/api/v1/customers/${customerId}/timeline`, { token: cs.token })).json().items;
    expect(timeline.filter((e: { kind: string; refId: string }) => e.kind === 'document' && e.refId === doc.id).map((e: { title: string }) => e.title)).toEqual(['业务约定书', '业务约定书（草）']);
  });

  it('ARC-6 a replacement is a new version; the earlier content stays downloadable', async () => {
    const doc = (await upload(cs.token, customerId, { kind: 'original', category: 'contract', title: '年度合同' }, { name: 'v1.pdf', content: pdf('v1') })).json();
    const body = multipart({}, { name: 'v2.pdf', content: pdf('v2') });
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/versions`, headers: { authorization: `Bearer ${cs.token}`, ...body.headers }, payload: body.payload });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ fileVersion: 2, fileName: 'v2.pdf', sha256: createHash('sha256').update(pdf('v2')).digest('hex') });
    expect((await t.request('GET', `/api/v1/documents/${doc.id}/content`, { token: cs.token })).rawPayload.equals(pdf('v2'))).toBe(true);
    expect((await t.request('GET', `/api/v1/documents/${doc.id}/content?version=1`, { token: cs.token })).rawPayload.equals(pdf('v1'))).toBe(true);
    expect((await t.request('GET', `/api/v1/documents/${doc.id}/versions`, { token: cs.token })).json().items.map((v: { fileVersion: number }) => v.fileVersion)).toEqual([2, 1]);
  });

  it('SEC-5 ARC-6 a document’s level restricts it: hidden from a share, view-only when confidential; downloads of view-only archives refused', async () => {
    const owner = await t.createUser('doc.owner', ['sales']);
    const buddy = await t.createUser('doc.buddy', ['sales']);
    const c = (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '密级资料测试有限公司', customerType: 'direct' } })).json().id;
    await t.database.db.insertInto('customer_shares').values({ customer_id: c, user_id: buddy.id }).execute();
    const open = (await upload(owner.token, c, { kind: 'original', title: '普通资料' }, { name: 'a.pdf', content: pdf('open') })).json();
    const secret = (await upload(owner.token, c, { kind: 'original', title: '秘密资料', secrecyLevel: 'secret' }, { name: 'b.pdf', content: pdf('secret') })).json();
    const conf = (await upload(owner.token, c, { kind: 'original', title: '机密资料', secrecyLevel: 'confidential' }, { name: 'c.pdf', content: pdf('conf') })).json();
    const titles = async (token: string) => (await t.request('GET', `/api/v1/customers/${c}/documents`, { token })).json().items.map((d: { title: string; access: string }) => `${d.title}:${d.access}`);
    expect(await titles(owner.token)).toEqual(expect.arrayContaining(['普通资料:download', '秘密资料:download', '机密资料:view']));
    expect(await titles(buddy.token)).toEqual(['普通资料:download']);
    for (const id of [secret.id, conf.id]) {
      expect((await t.request('GET', `/api/v1/documents/${id}`, { token: buddy.token })).statusCode).toBe(404);
      expect((await t.request('GET', `/api/v1/documents/${id}/content`, { token: buddy.token })).statusCode).toBe(404);
    }
    expect((await t.request('GET', `/api/v1/documents/${conf.id}/content`, { token: owner.token })).statusCode).toBe(403);
    expect((await t.request('GET', `/api/v1/documents/${open.id}/content`, { token: buddy.token })).statusCode).toBe(200);
    // the history and the timeline of the share do not mention the hidden documents
    const timeline = JSON.stringify((await t.request('GET', `/api/v1/customers/${c}/timeline`, { token: buddy.token })).json());
    const history = JSON.stringify((await t.request('GET', `/api/v1/customers/${c}/history`, { token: buddy.token })).json());
    for (const s of [timeline, history]) {
      expect(s).toContain('普通资料');
      expect(s).not.toContain('秘密资料');
      expect(s).not.toContain('机密资料');
    }
    // lowering a level needs the general manager
    expect((await t.request('PATCH', `/api/v1/documents/${secret.id}`, { token: owner.token, body: { version: secret.version, secrecyLevel: 'none' } })).statusCode).toBe(403);
    // someone who cannot see the archive learns nothing
    const stranger = await t.createUser('doc.stranger', ['sales']);
    expect((await t.request('GET', `/api/v1/documents/${open.id}`, { token: stranger.token })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/customers/${c}/documents`, { token: stranger.token })).statusCode).toBe(404);
  });

  it('ARC-6 SEC-7 deleting a document goes through an approval and takes effect once, when approved', async () => {
    const doc = (await upload(cs.token, customerId, { kind: 'other', title: '待删除资料' }, { name: 'x.pdf', content: pdf('delete me') })).json();
    const r = await t.request('POST', `/api/v1/documents/${doc.id}/deletion-requests`, { token: cs.token, body: { reason: '重复上传' } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ state: 'pending', approverRole: 'cs_manager' });
    expect((await t.request('GET', `/api/v1/documents/${doc.id}`, { token: cs.token })).json().deletionPending).toBe(true);
    expect((await t.request('POST', `/api/v1/documents/${doc.id}/deletion-requests`, { token: cs.token, body: { reason: 'again' } })).statusCode).toBe(409);
    // the requester cannot approve it; the customer-service manager can
    expect((await t.request('POST', `/api/v1/approvals/${r.json().approvalId}/approve`, { token: cs.token, body: {} })).statusCode).toBeGreaterThanOrEqual(403);
    const ok = await t.request('POST', `/api/v1/approvals/${r.json().approvalId}/approve`, { token: manager.token, body: {} });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await t.request('GET', `/api/v1/documents/${doc.id}`, { token: cs.token })).statusCode).toBe(404);
    const list = (await t.request('GET', `/api/v1/customers/${customerId}/documents`, { token: cs.token })).json().items;
    expect(list.map((d: { id: string }) => d.id)).not.toContain(doc.id);
    const deleted = await t.database.db.selectFrom('audit_events').select('entity_id').where('action', '=', 'document.deleted').execute();
    expect(deleted).toEqual([{ entity_id: doc.id }]);
  });

  it('PLT-2 ARC-6 the OpenAPI document describes the upload as multipart with a binary file part', async () => {
    const spec = (await t.request('GET', '/api/v1/openapi.json')).json();
    const body = spec.paths['/api/v1/customers/{id}/documents'].post.requestBody.content['multipart/form-data'].schema;
    expect(body.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(body.required).toEqual(expect.arrayContaining(['file', 'kind']));
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['category', 'title', 'pages', 'receivedOn', 'secrecyLevel', 'belongsTo']));
  });

  it('ARC-10 ARC-6 merging archives moves the documents to the survivor', async () => {
    const a = (await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '合并资料甲有限公司', customerType: 'direct' } })).json();
    const b = (await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '合并资料乙有限公司', customerType: 'direct' } })).json();
    const doc = (await upload(cs.token, a.id, { kind: 'original', title: '甲的合同' }, { name: 'a.pdf', content: pdf('merge') })).json();
    const m = await t.request('POST', `/api/v1/customers/${a.id}/merge`, { token: cs.token, body: { intoId: b.id, version: a.version } });
    expect(m.statusCode, m.body).toBe(200);
    const list = (await t.request('GET', `/api/v1/customers/${b.id}/documents`, { token: cs.token })).json().items;
    expect(list.map((d: { id: string }) => d.id)).toContain(doc.id);
    expect((await t.request('GET', `/api/v1/documents/${doc.id}`, { token: cs.token })).json().customerId).toBe(b.id);
  });
});
