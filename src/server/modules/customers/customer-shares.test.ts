import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportIssue, ImportJob } from '../../../contract/imports.js';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { waitForImport } from '../imports/imports.service.js';

type U = { id: string; token: string };
let t: TestApp;
let dataDir: string;
let deptA: { id: string; version: number };
let repA: U, repB: U, repC: U, mgr: U, csm: U, fin: U;
let ordinary: { id: string; archiveNo: string };
let secret: { id: string; archiveNo: string };

const ordinaryBody = { name: '华南通信设备有限公司', customerType: 'direct', creditCode: '914403001922038216', phone: '0755-26540001', secrecyLevel: 'none' };
const secretBody = { name: '南岭精密电子有限公司', customerType: 'direct', phone: '0755-26540002', secrecyLevel: 'secret' };
const create = (token: string, body: unknown) => t.request('POST', '/api/v1/customers', { token, body });
const auditOf = (action: string, actorId: string, entityId: string) =>
  t.database.db.selectFrom('audit_events').select(['data']).where('action', '=', action).where('actor_id', '=', actorId).where('entity_id', '=', entityId).execute();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-shares-'));
  t = await createTestApp({ dataDir });
  const d = await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '华南销售部', parentId: t.rootDepartmentId } });
  deptA = d.json();
  repA = await t.createUser('li.na', ['sales'], { departmentId: deptA.id });
  mgr = await t.createUser('zhou.jingli', ['sales'], { departmentId: deptA.id });
  repB = await t.createUser('wang.qiang', ['sales']);
  repC = await t.createUser('zhao.min', ['sales']);
  csm = await t.createUser('kefu.zhang', ['cs_manager']);
  fin = await t.createUser('cai.wu', ['finance']);
  const o = await create(repA.token, ordinaryBody);
  expect(o.statusCode, o.body).toBe(201);
  ordinary = o.json();
  const s = await create(repA.token, secretBody);
  expect(s.statusCode, s.body).toBe(201);
  secret = s.json();
});
afterAll(async () => {
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('ARC-10 SEC-2 撞单: a colleague’s archive is named by number and owner only', () => {
  it('ARC-10 SEC-2 the same name, credit code or phone as a colleague’s none-level archive → 409 with { archiveNo, ownerName, visible: false } and nothing else, audited', async () => {
    expect((await t.request('GET', `/api/v1/customers/${ordinary.id}`, { token: repB.token })).statusCode).toBe(404);
    const before = await snapshotTables(t.database);
    for (const body of [
      { name: '华南通信设备有限公司', customerType: 'dealer' },
      { name: '完全不同的名字甲', customerType: 'dealer', creditCode: ordinaryBody.creditCode },
      { name: '完全不同的名字乙', customerType: 'dealer', phone: '0755 2654 0001' },
    ]) {
      const r = await create(repB.token, body);
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json().duplicates).toEqual([{ archiveNo: ordinary.archiveNo, ownerName: 'li.na', visible: false }]);
    }
    const after = await snapshotTables(t.database);
    // nothing but the disclosure's audit events was written
    expect(Object.keys(after).filter((k) => after[k] !== before[k])).toEqual(['audit_events']);
    expect(await auditOf('customer.duplicate_disclosed', repB.id, ordinary.id)).toHaveLength(3);
  });

  it('ARC-10 SEC-5 a colleague’s secret archive: exactly the answer with no such archive (201, nothing named)', async () => {
    const r = await create(repB.token, { name: secretBody.name, customerType: 'dealer', phone: secretBody.phone, secrecyLevel: 'secret' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().name).toBe(secretBody.name);
    expect(await auditOf('customer.duplicate_disclosed', repB.id, secret.id)).toHaveLength(0);
  });

  it('ARC-10 the owner still sees the full duplicate of their own archive; confirmDuplicate creates anyway', async () => {
    const own = await create(repA.token, { name: '华南通信设备有限公司', customerType: 'dealer' });
    expect(own.statusCode).toBe(409);
    expect(own.json().duplicates[0]).toMatchObject({ id: ordinary.id, archiveNo: ordinary.archiveNo, name: ordinaryBody.name, matchedOn: ['name'], visible: true });
    const confirmed = await create(repB.token, { name: '华南通信设备有限公司', customerType: 'dealer', confirmDuplicate: true });
    expect(confirmed.statusCode).toBe(201);
  });

  it('ARC-10 asking the owner for a share: the owner (and the department manager, once named) get a task; a number never disclosed → 404', async () => {
    const r = await t.request('POST', '/api/v1/customers/share-inquiries', { token: repB.token, body: { archiveNo: ordinary.archiveNo, kind: 'share', note: '我在跟进这家客户' } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toEqual({ sent: true, ownerName: 'li.na', recipients: 1 });
    const tasks = (await t.request('GET', '/api/v1/tasks?state=open', { token: repA.token })).json().items as { title: string; customerId: string | null }[];
    expect(tasks.some((x) => x.title.includes(ordinary.archiveNo) && x.title.includes('wang.qiang') && x.title.includes('共享'))).toBe(true);
    expect(await auditOf('customer.share_inquired', repB.id, ordinary.id)).toHaveLength(1);
    for (const archiveNo of [secret.archiveNo, 'KH-2000-000001']) {
      expect((await t.request('POST', '/api/v1/customers/share-inquiries', { token: repB.token, body: { archiveNo, kind: 'transfer' } })).statusCode).toBe(404);
    }
    // repC was never told of the archive: no probing archive numbers for owners
    expect((await t.request('POST', '/api/v1/customers/share-inquiries', { token: repC.token, body: { archiveNo: ordinary.archiveNo, kind: 'share' } })).statusCode).toBe(404);
    expect((await t.request('POST', '/api/v1/customers/share-inquiries', { token: repB.token, body: { archiveNo: ordinary.archiveNo, kind: 'steal' } })).json().errors[0].path).toBe('kind');
  });

  it('ARC-10 ARC-12 an import row matching a colleague’s archive is a duplicate naming number and owner only, audited; secret archives stay unnamed', async () => {
    const csv = iconv.encode(['客户名称,客户类型,电话', `${ordinaryBody.name},直销客户,`, `${secretBody.name}分公司,直销客户,0755-26540002`].join('\r\n') + '\r\n', 'gbk');
    const boundary = '----kedangshares';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\ncustomers\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="客户.csv"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      csv,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { authorization: `Bearer ${repC.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json<ImportJob>().id;
    await waitForImport(id);
    const issues = (await t.request('GET', `/api/v1/imports/${id}/issues?limit=200`, { token: repC.token })).json<{ items: ImportIssue[] }>().items;
    const dups = issues.filter((i) => i.kind === 'duplicate');
    expect([...new Set(dups.map((i) => i.row))]).toEqual([2]);
    expect(dups.some((d) => d.message.includes(ordinary.archiveNo) && d.message.includes('li.na'))).toBe(true);
    expect(JSON.stringify(issues)).not.toContain(secret.archiveNo);
    expect(await auditOf('customer.duplicate_disclosed', repC.id, ordinary.id)).toHaveLength(1);
  });
});

describe('SEC-2 shares and department managers', () => {
  it('SEC-2 only the owner, their department manager or cs_manager shares; a stranger gets 404, a shared colleague 403', async () => {
    expect((await t.request('POST', `/api/v1/customers/${ordinary.id}/shares`, { token: repC.token, body: { userId: repB.id } })).statusCode).toBe(404);
    expect((await t.request('POST', `/api/v1/customers/${ordinary.id}/shares`, { token: fin.token, body: { userId: repB.id } })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/customers/${ordinary.id}/shares`, { token: repC.token })).statusCode).toBe(404);
    const r = await t.request('POST', `/api/v1/customers/${ordinary.id}/shares`, { token: repA.token, body: { userId: repB.id } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ userId: repB.id, displayName: 'wang.qiang', sharedBy: 'li.na' });
    expect(await auditOf('customer.shared', repA.id, ordinary.id)).toHaveLength(1);
    const seen = await t.request('GET', `/api/v1/customers/${ordinary.id}`, { token: repB.token });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().accessVia).toBe('shared');
    // a colleague it is shared with reads it but may not pass it on
    expect((await t.request('POST', `/api/v1/customers/${ordinary.id}/shares`, { token: repB.token, body: { userId: repC.id } })).statusCode).toBe(403);
    expect((await t.request('POST', `/api/v1/customers/${ordinary.id}/shares`, { token: repA.token, body: { userId: repB.id } })).statusCode).toBe(409);
    const list = await t.request('GET', `/api/v1/customers/${ordinary.id}/shares`, { token: repA.token });
    expect(list.json().items.map((s: { userId: string }) => s.userId)).toEqual([repB.id]);
  });

  it('SEC-2 SEC-5 a share never opens what the colleague may not read: secret archives and non-sales colleagues → 422; bad input → 400', async () => {
    const before = await snapshotTables(t.database);
    const s = await t.request('POST', `/api/v1/customers/${secret.id}/shares`, { token: repA.token, body: { userId: repB.id } });
    expect(s.statusCode, s.body).toBe(422);
    expect(s.json().errors[0].path).toBe('userId');
    expect((await t.request('POST', `/api/v1/customers/${ordinary.id}/shares`, { token: repA.token, body: { userId: fin.id } })).statusCode).toBe(422);
    expect((await t.request('GET', `/api/v1/customers/${secret.id}`, { token: repB.token })).statusCode).toBe(404);
    for (const [body, field] of [[{ userId: '999999' }, 'userId'], [{ userId: 'abc' }, 'userId'], [{ userId: repC.id, level: 'x' }, 'level'], [{}, 'userId']] as const) {
      const r = await t.request('POST', `/api/v1/customers/${ordinary.id}/shares`, { token: repA.token, body });
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect((await t.request('POST', `/api/v1/customers/${ordinary.id}/shares`, { token: repA.token, body: { userId: repA.id } })).statusCode).toBe(400);
    const after = await snapshotTables(t.database);
    expect(Object.keys(after).filter((k) => after[k] !== before[k])).toEqual([]);
  });

  it('SEC-2 cs_manager shares any archive it sees', async () => {
    const r = await t.request('POST', `/api/v1/customers/${ordinary.id}/shares`, { token: csm.token, body: { userId: repC.id } });
    expect(r.statusCode, r.body).toBe(201);
    expect((await t.request('GET', `/api/v1/customers/${ordinary.id}`, { token: repC.token })).statusCode).toBe(200);
  });

  it('SEC-2 PATCH /departments/{id} names the manager (audited), who then sees and shares the department’s archives', async () => {
    expect((await t.request('GET', `/api/v1/customers/${ordinary.id}`, { token: mgr.token })).statusCode).toBe(404);
    expect((await t.request('PATCH', `/api/v1/departments/${deptA.id}`, { token: repA.token, body: { version: deptA.version, managerId: repA.id } })).statusCode).toBe(403);
    const bad = await t.request('PATCH', `/api/v1/departments/${deptA.id}`, { token: t.adminToken, body: { version: deptA.version, managerId: '999999' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('managerId');
    const r = await t.request('PATCH', `/api/v1/departments/${deptA.id}`, { token: t.adminToken, body: { version: deptA.version, managerId: mgr.id } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ managerId: mgr.id, managerName: 'zhou.jingli' });
    const audit = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'department.updated').where('entity_id', '=', deptA.id).execute();
    expect(audit.map((a) => (a.data as { changes: Record<string, unknown> }).changes.managerId)).toContainEqual({ from: null, to: mgr.id });
    expect((await t.request('GET', `/api/v1/departments/${deptA.id}`, { token: repA.token })).json().managerId).toBe(mgr.id);
    expect((await t.request('GET', `/api/v1/customers/${ordinary.id}`, { token: mgr.token })).json().accessVia).toBe('department_manager');
    const share = await t.request('POST', `/api/v1/customers/${ordinary.id}/shares`, { token: mgr.token, body: { userId: fin.id } });
    expect(share.statusCode).toBe(422); // allowed to share, but finance is not opened by a share
  });

  it('SEC-2 DELETE …/shares/{userId} → 204 (audited) and the colleague no longer sees it; again → 404', async () => {
    const r = await t.request('DELETE', `/api/v1/customers/${ordinary.id}/shares/${repB.id}`, { token: repA.token });
    expect(r.statusCode, r.body).toBe(204);
    expect(r.body).toBe('');
    expect(await auditOf('customer.unshared', repA.id, ordinary.id)).toHaveLength(1);
    expect((await t.request('GET', `/api/v1/customers/${ordinary.id}`, { token: repB.token })).statusCode).toBe(404);
    expect((await t.request('DELETE', `/api/v1/customers/${ordinary.id}/shares/${repB.id}`, { token: repA.token })).statusCode).toBe(404);
    // one who cannot see the archive learns nothing of its shares
    expect((await t.request('DELETE', `/api/v1/customers/${ordinary.id}/shares/${repC.id}`, { token: repB.token })).statusCode).toBe(404);
    // the colleague may end their own share
    expect((await t.request('DELETE', `/api/v1/customers/${ordinary.id}/shares/${repC.id}`, { token: repC.token })).statusCode).toBe(204);
  });
});

describe('SEC-6 the office head', () => {
  it('SEC-6 reads ordinary archives without a request (audited), in lists too; not secret ones; may not change them', async () => {
    const head = await t.createUser('ban.gongshi', ['office_head']);
    const r = await t.request('GET', `/api/v1/customers/${ordinary.id}`, { token: head.token });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().accessVia).toBe('role');
    const viewed = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'customer.viewed').where('actor_id', '=', head.id).where('entity_id', '=', ordinary.id).execute();
    expect(viewed).toHaveLength(1);
    const listed = (await t.request('GET', '/api/v1/customers?limit=200', { token: head.token })).json().items.map((c: { id: string }) => c.id);
    expect(listed).toContain(ordinary.id);
    expect(listed).not.toContain(secret.id);
    expect((await t.request('GET', `/api/v1/customers/${secret.id}`, { token: head.token })).statusCode).toBe(404);
    expect((await t.request('PATCH', `/api/v1/customers/${ordinary.id}`, { token: head.token, body: { version: 0, remarks: 'x' } })).statusCode).toBe(403);
  });
});
