import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { activeKeyring, addKeyToFile, keyFromSecret, keyringOf, loadKeyring, openValue, sealValue, useKeyring } from './keyring.js';
import { reencryptPersonalData } from './privacy.service.js';

let t: TestApp;
type U = { id: string; token: string };
let owner: U, cs: U, admin2: U, gm: U;
const MOBILE = '13987654321';

/** Every value of every table as text, the way someone with a copy of the database would read it. */
async function rawDatabase(): Promise<string> {
  const tables = (await t.database.ownerPool.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows;
  let all = '';
  for (const { tablename } of tables) all += JSON.stringify((await t.database.ownerPool.query(`SELECT * FROM "${tablename}"`)).rows);
  return all;
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.createUser('p.owner', ['sales']);
  cs = await t.createUser('p.cs', ['cs_staff']);
  admin2 = await t.createUser('p.admin', ['admin']);
  gm = await t.createUser('p.gm', ['gm']);
});
afterAll(async () => t?.close());

describe('SEC-12 personal information encrypted at rest', () => {
  it('SEC-12 AES-256-GCM values: sealed and opened, tamper-evident, readable with a previous key only while it is in the keyring', () => {
    const k1 = keyringOf(randomBytes(32), [], 'file');
    const sealed = sealValue('13800138000', k1);
    expect(sealed).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    expect(sealed).not.toContain('13800138000');
    expect(sealValue('13800138000', k1)).not.toBe(sealed); // a fresh IV each time
    expect(openValue(sealed, k1)).toBe('13800138000');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(() => openValue(tampered, k1)).toThrow();
    const k2 = keyringOf(randomBytes(32), [k1.keys.get(k1.currentId)!], 'file');
    expect(openValue(sealed, k2)).toBe('13800138000');
    expect(() => openValue(sealed, keyringOf(randomBytes(32), [], 'file'))).toThrow(/not in the keyring/);
    expect(openValue('plain from before', k1)).toBe('plain from before');
    expect(keyFromSecret(Buffer.alloc(32, 7).toString('base64'))).toEqual(Buffer.alloc(32, 7));
  });

  it('SEC-12 without KEDANG_SECRET_KEY a key is generated into the data directory, private to the owner, and reused', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kedang-keys-'));
    try {
      const first = loadKeyring({ secretKey: undefined, dataDir: dir });
      const file = path.join(dir, 'secret-keys.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(loadKeyring({ secretKey: undefined, dataDir: dir }).currentId).toBe(first.currentId);
      const rotated = addKeyToFile(dir);
      expect(rotated.currentId).not.toBe(first.currentId);
      expect(rotated.keys.has(first.currentId)).toBe(true);
      expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).keys)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SEC-12 a scan of the raw database for a known mobile number or bank account finds nothing; the API still shows them to who may read them', async () => {
    const c = await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '加密测试有限公司', customerType: 'direct', bankName: '招商银行', bankAccount: '6225880123456789' } });
    expect(c.statusCode, c.body).toBe(201);
    const id = c.json().id;
    const ct = await t.request('POST', `/api/v1/customers/${id}/contacts`, { token: owner.token, body: { role: 'primary', name: '钱加密', mobile: MOBILE, birthDate: '1979-03-04', family: '独生子在读大学', hobbies: '围棋' } });
    expect(ct.statusCode, ct.body).toBe(201);
    await t.request('PATCH', `/api/v1/customers/${id}/contacts/${ct.json().id}`, { token: owner.token, body: { version: ct.json().version, mobile: '13911112222' } });
    const raw = await rawDatabase();
    for (const secret of [MOBILE, '13911112222', '6225880123456789', '独生子在读大学', '1979-03-04', '围棋']) expect(raw, secret).not.toContain(secret);
    // the owner reads them; a search by the whole number still finds the archive
    const masked = (await t.request('GET', `/api/v1/customers/${id}/contacts`, { token: owner.token })).json();
    expect(masked).toMatchObject({ canReveal: true, items: [{ mobile: '139****2222', withheld: ['personal'] }] });
    expect(masked.items[0].family).toBeUndefined();
    const contacts = (await t.request('GET', `/api/v1/customers/${id}/contacts?reveal=true`, { token: owner.token })).json().items;
    expect(contacts[0]).toMatchObject({ mobile: '13911112222', birthDate: '1979-03-04', family: '独生子在读大学' });
    expect((await t.request('GET', `/api/v1/customers/${id}`, { token: owner.token })).json().bankAccount).toBe('6225880123456789');
    const found = (await t.request('GET', '/api/v1/customers?q=13911112222', { token: cs.token })).json().items;
    expect(found.map((x: { id: string }) => x.id)).toContain(id);
    // history keeps the old and the new number, sealed at rest, open to who may read personal data
    const history = (await t.request('GET', `/api/v1/customers/${id}/history`, { token: owner.token })).json().items;
    expect(history[0].changes).toEqual([{ field: 'mobile', oldValue: MOBILE, newValue: '13911112222' }]);
    // reading personal data is audited
    const revealed = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'personal.revealed').where('entity_id', '=', id).execute();
    expect(revealed.length).toBeGreaterThan(0);
  });

  it('SEC-12 rotation re-encrypts everything to the new key, plain values from before included; a second run has nothing to do', async () => {
    const c = (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '轮换测试有限公司', customerType: 'dealer', bankAccount: '6222600000001111' } })).json();
    const ct = (await t.request('POST', `/api/v1/customers/${c.id}/contacts`, { token: owner.token, body: { role: 'first', name: '孙轮换', mobile: '13722223333' } })).json();
    // a row written before encryption existed
    await t.database.ownerPool.query(`UPDATE contacts SET hobbies = '登山' WHERE id = $1`, [ct.id]);
    const old = activeKeyring();
    const next = keyringOf(randomBytes(32), [...old.keys.values()], 'file');
    const counts = await reencryptPersonalData(t.database.db, next);
    expect(counts.contacts).toBeGreaterThan(0);
    expect(counts.customers).toBeGreaterThan(0);
    const stored = (await t.database.ownerPool.query(`SELECT mobile, hobbies FROM contacts WHERE id = $1`, [ct.id])).rows[0];
    expect(stored.mobile).toContain(`enc:v1:${next.currentId}:`);
    expect(stored.hobbies).toContain(`enc:v1:${next.currentId}:`);
    expect(await reencryptPersonalData(t.database.db, next)).toEqual({ contacts: 0, customers: 0, history: 0 });
    useKeyring(next);
    try {
      // readable and searchable under the new key alone
      useKeyring(keyringOf(next.keys.get(next.currentId)!, [], 'file'));
      expect((await t.request('GET', `/api/v1/customers/${c.id}/contacts?reveal=true`, { token: owner.token })).json().items[0]).toMatchObject({ mobile: '13722223333', hobbies: '登山' });
      expect((await t.request('GET', '/api/v1/customers?q=13722223333', { token: owner.token })).json().items.map((x: { id: string }) => x.id)).toContain(c.id);
      expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: owner.token })).json().bankAccount).toBe('6222600000001111');
    } finally {
      useKeyring(keyringOf(next.keys.get(next.currentId)!, [...old.keys.values()], 'file'));
    }
  });
});

describe('SEC-12 data-subject export and erasure, by admin with gm approval', () => {
  it('SEC-12 the admin finds the contact, the gm approves, the export holds everything about the contact; erasure removes the personal fields only', async () => {
    const c = (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '个人信息权利测试有限公司', customerType: 'direct' } })).json();
    const ct = (await t.request('POST', `/api/v1/customers/${c.id}/contacts`, { token: owner.token, body: { role: 'key_person', name: '李权利', position: '采购经理', mobile: '13655556666', family: '两个孩子' } })).json();
    await t.request('POST', `/api/v1/customers/${c.id}/transactions`, { token: owner.token, body: { txNo: 'PI-1', date: '2025-02-02', amount: '88.00' } });
    expect((await t.request('GET', '/api/v1/personal-data/contacts?mobile=13655556666', { token: owner.token })).statusCode).toBe(403);
    const found = (await t.request('GET', '/api/v1/personal-data/contacts?mobile=13655556666', { token: admin2.token })).json().items;
    expect(found).toEqual([{ contactId: ct.id, name: '李权利', position: '采购经理', customerId: c.id, archiveNo: c.archiveNo, customerName: '个人信息权利测试有限公司' }]);
    expect((await t.request('GET', '/api/v1/personal-data/contacts', { token: admin2.token })).statusCode).toBe(400);

    const exp = (await t.request('POST', '/api/v1/personal-data/requests', { token: admin2.token, body: { contactId: ct.id, kind: 'export', reason: '本人来函（2026-11-30）' } })).json();
    expect(exp).toMatchObject({ state: 'pending', approverRole: 'gm' });
    expect((await t.request('GET', `/api/v1/personal-data/requests/${exp.approvalId}/export`, { token: admin2.token })).statusCode).toBe(409);
    expect((await t.request('POST', `/api/v1/approvals/${exp.approvalId}/approve`, { token: gm.token, body: {} })).statusCode).toBe(200);
    const file = await t.request('GET', `/api/v1/personal-data/requests/${exp.approvalId}/export`, { token: admin2.token });
    expect(file.statusCode).toBe(200);
    const data = JSON.parse(file.body);
    expect(data.contact).toMatchObject({ name: '李权利', mobile: '13655556666', family: '两个孩子' });
    expect(data.heldIn).toEqual({ archiveNo: c.archiveNo, customerName: '个人信息权利测试有限公司' });
    expect(data.history[0].snapshot.mobile).toBe('13655556666');
    expect((await t.request('GET', `/api/v1/personal-data/requests/${exp.approvalId}/export`, { token: t.adminToken })).statusCode).toBe(404);

    const er = (await t.request('POST', '/api/v1/personal-data/requests', { token: admin2.token, body: { contactId: ct.id, kind: 'erasure', reason: '本人要求删除' } })).json();
    expect((await t.request('POST', `/api/v1/approvals/${er.approvalId}/approve`, { token: admin2.token, body: {} })).statusCode).toBe(403); // own request
    expect((await t.request('POST', `/api/v1/approvals/${er.approvalId}/approve`, { token: gm.token, body: {} })).statusCode).toBe(200);
    const after = (await t.request('GET', `/api/v1/customers/${c.id}/contacts?reveal=true`, { token: owner.token })).json().items[0];
    expect(after).toMatchObject({ name: '李权利', position: '采购经理', mobile: null, family: null });
    expect((await t.request('GET', `/api/v1/customers/${c.id}/transactions`, { token: owner.token })).json().items).toHaveLength(1);
    const history = JSON.stringify((await t.database.ownerPool.query(`SELECT changes, snapshot FROM customer_history WHERE entity = 'contact' AND entity_id = $1`, [ct.id])).rows);
    expect(history).not.toContain('enc:v1');
    expect((await t.request('GET', '/api/v1/personal-data/contacts?mobile=13655556666', { token: admin2.token })).json().items).toEqual([]);
    const events = (await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', ct.id).execute()).map((e) => e.action);
    expect(events).toEqual(expect.arrayContaining(['personal.exported', 'personal.erased']));
  });
});
