/**
 * Issue 12 / PLT-8 "documents on a storage every instance reaches": with KEDANG_DOCUMENT_STORE=postgres
 * the content lives in PostgreSQL (document_contents, 1 MiB chunks), so a second instance with an
 * empty storage directory of its own serves what the first received; destruction removes the content
 * in its own transaction.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { connectDatabase, type Database } from '../../db/connect.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { multipart, pdf } from './documents.fixtures.js';

let t: TestApp;
let second: { app: FastifyInstance; database: Database; storage: string };
let owner: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp({ documentStore: 'postgres' });
  const storage = mkdtempSync(path.join(os.tmpdir(), 'kedang-storage-b-'));
  const database = connectDatabase(t.database.url, { max: 4 });
  second = { app: await buildApp({ config: { ...t.config, storage }, database }), database, storage };
  await second.app.ready();
  owner = await t.createUser('store.rep', ['sales']);
});
afterAll(async () => {
  await second?.app.close();
  await second?.database.close();
  if (second) rmSync(second.storage, { recursive: true, force: true });
  await t?.close();
});

/** A valid PDF of about `mib` MiB (a comment line pads it), unique per call. */
const bigPdf = (mib: number, tag: string) => Buffer.concat([pdf(tag), Buffer.from(`%${'x'.repeat(Math.round(mib * 1024 * 1024))}\n%%EOF\n`)]);

const upload = (app: FastifyInstance, customerId: string, content: Buffer) => {
  const body = multipart({ kind: 'original', category: 'business_licence', title: '营业执照', pages: '1' }, { name: 'licence.pdf', type: 'application/pdf', content });
  return app.inject({ method: 'POST', url: `/api/v1/customers/${customerId}/documents`, headers: { authorization: `Bearer ${owner.token}`, ...body.headers }, payload: body.payload });
};

describe('PLT-8 document content in PostgreSQL', () => {
  it('PLT-8 a 2.5 MiB upload to one instance is stored in 3 chunks and downloaded byte for byte from another with an empty storage directory', async () => {
    const c = (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '文档存储测试有限公司', customerType: 'direct' } })).json();
    const content = bigPdf(2.5, `store-${Date.now()}`);
    const r = await upload(t.app, c.id, content);
    expect(r.statusCode, r.body).toBe(201);
    const key = `documents/${r.json().sha256.slice(0, 2)}/${r.json().sha256}`;
    const chunks = await t.database.db.selectFrom('document_contents').select(['chunk']).where('storage_key', '=', key).orderBy('chunk').execute();
    expect(chunks.map((x) => x.chunk)).toEqual([0, 1, 2]);
    expect(existsSync(path.join(t.config.storage, 'documents'))).toBe(false);
    const got = await second.app.inject({ method: 'GET', url: `/api/v1/documents/${r.json().id}/content`, headers: { authorization: `Bearer ${owner.token}` } });
    expect(got.statusCode, got.body.slice(0, 200)).toBe(200);
    expect(Number(got.headers['content-length'])).toBe(content.length);
    expect(Buffer.compare(got.rawPayload, content)).toBe(0);
    expect(readdirSync(second.storage).filter((n) => n !== 'tmp')).toEqual([]);
  });

  it('PLT-8 equal content uploaded twice, also at once, is stored once', async () => {
    const c = (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '文档去重测试有限公司', customerType: 'direct' } })).json();
    const content = bigPdf(1.2, `twin-${Date.now()}`);
    const [a, b] = await Promise.all([upload(t.app, c.id, content), upload(second.app, c.id, content)]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().sha256).toBe(b.json().sha256);
    const key = `documents/${a.json().sha256.slice(0, 2)}/${a.json().sha256}`;
    const n = await t.database.db.selectFrom('document_contents').select((e) => e.fn.countAll<string>().as('n')).where('storage_key', '=', key).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2);
  });

  it('SEC-9 PLT-8 destroying the archive removes its content from PostgreSQL in the destruction\'s transaction', async () => {
    const [cs, gm, archivist] = [await t.createUser('store.cs', ['cs_manager']), await t.createUser('store.gm', ['gm']), await t.createUser('store.arch', ['archivist'])];
    const c = (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '文档销毁存储测试有限公司', customerType: 'direct' } })).json();
    const r = await upload(t.app, c.id, bigPdf(1.5, `gone-${Date.now()}`));
    expect(r.statusCode, r.body).toBe(201);
    const key = `documents/${r.json().sha256.slice(0, 2)}/${r.json().sha256}`;
    const approve = (token: string, id: string) => t.request('POST', `/api/v1/approvals/${id}/approve`, { token, body: {} });
    const del = await t.request('POST', `/api/v1/customers/${c.id}/protected-changes`, { token: owner.token, body: { change: 'delete', reason: '客户注销' } });
    expect((await approve(cs.token, del.json().approvalId)).statusCode).toBe(200);
    const req = await t.request('POST', `/api/v1/customers/${c.id}/destruction-requests`, { token: archivist.token, body: { reason: '客户注销满三年，无保存价值' } });
    expect(req.statusCode, req.body).toBe(201);
    expect((await approve(gm.token, req.json().approvalId)).statusCode).toBe(200);
    const countOf = async () => Number((await t.database.db.selectFrom('document_contents').select((e) => e.fn.countAll<string>().as('n')).where('storage_key', '=', key).executeTakeFirstOrThrow()).n);
    expect(await countOf()).toBe(2);
    const done = await t.request('POST', `/api/v1/destructions/${req.json().id}/execute`, { token: archivist.token });
    expect(done.statusCode, done.body).toBe(200);
    expect(await countOf()).toBe(0);
  });
});
