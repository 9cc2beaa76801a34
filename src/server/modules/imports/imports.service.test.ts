import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportIssue, ImportJob } from '../../../contract/imports.js';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { subjectOf } from '../access/access.service.js';
import { systemActor } from '../audit/audit.types.js';
import { openCustomerRow, openHistoryChanges, openSnapshot } from '../privacy/personal-fields.js';
import { executePass, limitsOf, waitForImport } from './imports.service.js';
import { sniffFile } from './imports.read.js';

let t: TestApp;
let archivist: { id: string; token: string };
let sales: { id: string; token: string };
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-imports-'));
  t = await createTestApp({ dataDir });
  archivist = await t.createUser('dang.an', ['cs_staff', 'archivist']);
  sales = await t.createUser('xiao.shou', ['sales']);
});
afterAll(async () => {
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

export function multipart(fields: Record<string, string>, file: { name: string; data: Buffer }) {
  const boundary = '----kedang' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(token: string, entity: string, name: string, data: Buffer, mapping?: Record<string, string | null>) {
  const { payload, contentType } = multipart({ entity, ...(mapping ? { mapping: JSON.stringify(mapping) } : {}) }, { name, data });
  return t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload });
}

async function settled(token: string, id: string): Promise<ImportJob> {
  await waitForImport(id);
  const r = await t.request('GET', `/api/v1/imports/${id}`, { token });
  expect(r.statusCode).toBe(200);
  return r.json<ImportJob>();
}

async function importFile(token: string, entity: string, name: string, data: Buffer) {
  const r = await upload(token, entity, name, data);
  expect(r.statusCode, r.body).toBe(201);
  return settled(token, r.json<ImportJob>().id);
}

const issuesOf = async (token: string, id: string) => (await t.request('GET', `/api/v1/imports/${id}/issues?limit=200`, { token })).json<{ items: ImportIssue[] }>().items;

async function commit(token: string, id: string, duplicates?: 'skip' | 'create') {
  const r = await t.request('POST', `/api/v1/imports/${id}/commit`, { token, body: duplicates ? { duplicates } : {} });
  expect(r.statusCode, r.body).toBe(200);
  return settled(token, id);
}

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const gbkCsv = (lines: string[]) => iconv.encode(lines.join('\r\n') + '\r\n', 'gbk');

describe('ARC-12 import of customers', () => {
  it('ARC-12 a GBK csv with the template headers: the bad row is named by row and column, nothing is written until it is fixed; then one commit with consecutive archive numbers', async () => {
    const header = '客户名称,客户类型,电话,电子邮件,地址,统一社会信用代码,注册资金,成立日期';
    const bad = gbkCsv([header, '杭州西湖茶业有限公司,分销商,0571-87001234,tea@xihu.example.cn,杭州市西湖区龙井路 1 号,,500万,2010/5/18', '宁波港联物流有限公司,批发商,0574-27001234,,宁波市北仑区,,,2011-13-01']);
    const job = await importFile(archivist.token, 'customers', '客户.csv', bad);
    expect(job.status).toBe('validated');
    expect(job.encoding).toBe('GB18030');
    expect(job.rowsTotal).toBe(2);
    expect(job.errorRows).toBe(1);
    expect(job.columns.map((c) => c.field)).toEqual(['name', 'customerType', 'phone', 'email', 'address', 'creditCode', 'registeredCapital', 'foundedOn']);
    const issues = await issuesOf(archivist.token, job.id);
    expect(issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 3, column: 'B', header: '客户类型', field: 'customerType', kind: 'error', value: '批发商' }),
      expect.objectContaining({ row: 3, column: 'H', header: '成立日期', field: 'foundedOn', kind: 'error', value: '2011-13-01' }),
    ]));
    const before = await snapshotTables(t.database);
    const refused = await t.request('POST', `/api/v1/imports/${job.id}/commit`, { token: archivist.token, body: {} });
    expect(refused.statusCode).toBe(422);
    expect(await snapshotTables(t.database)).toEqual(before);

    const report = await t.request('GET', `/api/v1/imports/${job.id}/report`, { token: archivist.token });
    expect(report.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as never);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getRow(3).getCell(1).value)).toContain('客户类型');
    expect(ws.getRow(3).getCell(3).value).toBe('批发商');
    expect(String(ws.getRow(2).getCell(1).value ?? '')).toBe('');

    const fixed = gbkCsv([header, '杭州西湖茶业有限公司,分销商,0571-87001234,tea@xihu.example.cn,杭州市西湖区龙井路 1 号,,500万,2010/5/18', '宁波港联物流有限公司,经销商,0574-27001234,,宁波市北仑区,,,2011-12-01']);
    const ok = await importFile(archivist.token, 'customers', '客户.csv', fixed);
    expect(ok.errorRows).toBe(0);
    const done = await commit(archivist.token, ok.id);
    expect(done.status).toBe('committed');
    expect(done.committedRows).toBe(2);
    const list = (await t.request('GET', '/api/v1/customers?q=xihu', { token: archivist.token })).json<{ items: { archiveNo: string; name: string; registeredCapital: string; foundedOn: string; customerType: string }[] }>().items;
    expect(list).toEqual([expect.objectContaining({ name: '杭州西湖茶业有限公司', registeredCapital: '5000000.00', foundedOn: '2010-05-18', customerType: 'distributor' })]);
    const nos = (await t.database.db.selectFrom('customers').select('archive_no').orderBy('archive_no').execute()).map((r) => Number(r.archive_no.slice(-6)));
    expect(nos).toEqual([nos[0], nos[0]! + 1]);
    const audit = await t.database.db.selectFrom('audit_events').select(['data']).where('action', '=', 'import.committed').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ entity: 'customers', rows: 2 });
    const history = await t.database.db.selectFrom('customer_history').select(['version', 'entity']).execute();
    expect(history).toEqual([{ version: 0, entity: 'customer' }, { version: 0, entity: 'customer' }]);
  });

  it('ARC-12 xlsx with API field keys; formulas and =cmd| cells are refused by cell', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(['name', 'customerType', 'phone', 'remarks', 'foundedOn']);
    ws.addRow(['成都蓉城机械制造有限公司', 'manufacturer', 2887001234, '老客户', new Date(Date.UTC(2008, 2, 5))]);
    ws.addRow(['重庆渝州电器有限公司', '制造商', '023-6300 1234', "=cmd|' /C calc'!A0", '2009-01-01']);
    ws.addRow([{ formula: 'CONCATENATE("a","b")', result: 'ab' }, '直销客户', null, null, null]);
    const job = await importFile(archivist.token, 'customers', 'keys.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(job.format).toBe('xlsx');
    expect(job.errorRows).toBe(2);
    const issues = await issuesOf(archivist.token, job.id);
    expect(issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 3, column: 'D', field: 'remarks', kind: 'error' }),
      expect.objectContaining({ row: 4, column: 'A', field: 'name', kind: 'error' }),
    ]));
    expect(issues.filter((i) => i.row === 2)).toEqual([]);
  });

  it('ARC-10 duplicates of a visible archive and of an earlier row are flagged and skipped by default', async () => {
    const job = await importFile(archivist.token, 'customers', 'dup.csv', Buffer.from(['客户名称,客户类型,电话', '杭州西湖茶业股份有限公司,分销商,', '广州珠江涂料有限公司,制造商,020-81234567', '广州珠江涂料（有限公司）,制造商,'].join('\n')));
    expect(job.errorRows).toBe(0);
    expect(job.duplicateRows).toBe(2);
    const issues = await issuesOf(archivist.token, job.id);
    expect(issues.map((i) => [i.row, i.kind])).toEqual([[2, 'duplicate'], [4, 'duplicate']]);
    expect(issues[0]!.message).toContain('KH-');
    const done = await commit(archivist.token, job.id);
    expect(done).toMatchObject({ status: 'committed', committedRows: 1, skippedRows: 2 });
  });

  it('ARC-12 bad files are refused with a clear message and nothing written: corrupt xlsx, old .xls, binary, zip bomb, too many rows, a traversal file name', async () => {
    const before = await snapshotTables(t.database);
    const good = await xlsx([['客户名称', '客户类型'], ['甲公司', '分销商']]);
    const corrupt = Buffer.concat([good.subarray(0, 200), Buffer.alloc(300, 7)]);
    const r1 = await upload(archivist.token, 'customers', 'broken.xlsx', corrupt);
    const j1 = r1.statusCode === 201 ? await settled(archivist.token, r1.json<ImportJob>().id) : null;
    expect(j1 ? j1.status : r1.statusCode).toBe(j1 ? 'failed' : 400);
    if (j1) expect(j1.message).toMatch(/damaged|损坏/);
    const r2 = await upload(archivist.token, 'customers', 'old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]));
    expect(r2.statusCode).toBe(400);
    expect(r2.json<{ detail: string }>().detail).toContain('.xlsx');
    const r3 = await upload(archivist.token, 'customers', 'x.bin', Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 9]));
    expect(r3.statusCode).toBe(400);
    // a zip bomb: 60 MB of zeros in one entry beside a workbook, with a 50 MB unzip limit
    const bombApp = await createTestApp({ dataDir, importMaxUnzippedBytes: 50 * 1024 * 1024, importMaxRows: 3 });
    try {
      const zip = new (await import('jszip')).default();
      await zip.loadAsync(good);
      zip.file('xl/media/padding.bin', Buffer.alloc(60 * 1024 * 1024));
      const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
      const u = await bombApp.createUser('bomb.tester', ['cs_staff']);
      const { payload, contentType } = multipart({ entity: 'customers' }, { name: 'bomb.xlsx', data: bomb });
      const rb = await bombApp.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { authorization: `Bearer ${u.token}`, 'content-type': contentType }, payload });
      await waitForImport(rb.json<ImportJob>().id);
      const jb = (await bombApp.request('GET', `/api/v1/imports/${rb.json<ImportJob>().id}`, { token: u.token })).json<ImportJob>();
      expect(jb.status).toBe('failed');
      expect(jb.message).toMatch(/unpack|炸弹/);
      const { payload: p2, contentType: c2 } = multipart({ entity: 'customers' }, { name: 'many.csv', data: Buffer.from(['客户名称,客户类型', ...Array.from({ length: 10 }, (_, i) => `公司${i},分销商`)].join('\n')) });
      const rr = await bombApp.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { authorization: `Bearer ${u.token}`, 'content-type': c2 }, payload: p2 });
      await waitForImport(rr.json<ImportJob>().id);
      const jr = (await bombApp.request('GET', `/api/v1/imports/${rr.json<ImportJob>().id}`, { token: u.token })).json<ImportJob>();
      expect(jr).toMatchObject({ status: 'failed' });
      expect(jr.message).toContain('more than 3 data rows');
    } finally {
      await bombApp.close();
    }
    const r4 = await upload(archivist.token, 'customers', '../../../../etc/passwd', Buffer.from('客户名称,客户类型\n乙公司,分销商\n'));
    expect(r4.statusCode).toBe(201);
    const j4 = await settled(archivist.token, r4.json<ImportJob>().id);
    expect(j4.fileName).toBe('passwd');
    await t.request('DELETE', `/api/v1/imports/${j4.id}`, { token: archivist.token });
    const after = await snapshotTables(t.database);
    for (const table of Object.keys(before).filter((k) => !k.startsWith('import'))) expect(after[table], table).toBe(before[table]);
  });

  it('ARC-12 imports are personal: another user cannot see or commit them (404)', async () => {
    const r = await upload(archivist.token, 'customers', 'mine.csv', Buffer.from('客户名称,客户类型\n丙公司,分销商\n'));
    const id = r.json<ImportJob>().id;
    await settled(archivist.token, id);
    expect((await t.request('GET', `/api/v1/imports/${id}`, { token: sales.token })).statusCode).toBe(404);
    expect((await t.request('POST', `/api/v1/imports/${id}/commit`, { token: sales.token, body: {} })).statusCode).toBe(404);
  });

  it('ARC-12 the template of each entity has the Chinese headers and a sheet of allowed values', async () => {
    const r = await t.request('GET', '/api/v1/imports/templates/customers', { token: sales.token });
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const headers = (wb.worksheets[0]!.getRow(1).values as string[]).slice(1);
    expect(headers.slice(0, 3)).toEqual(['客户名称', '简称', '客户类型']);
    expect(headers).toEqual(expect.arrayContaining(['电话', '电子邮件', '地址', '统一社会信用代码']));
    expect(JSON.stringify(wb.worksheets[1]!.getSheetValues())).toContain('分销商 / 直销客户 / 制造商 / 经销商');
    const csv = await t.request('GET', '/api/v1/imports/templates/transactions?format=csv', { token: sales.token });
    expect(csv.body.replace('\ufeff', '').split('\r\n')[0]).toContain('档案编号,客户名称,交易编号,交易日期');
  });
});

describe('ARC-12 import of contacts and transactions', () => {
  it('ARC-12 contacts and transactions are added to the archives named by number; an archive the importer cannot change is an error of that row', async () => {
    const own = (await t.request('POST', '/api/v1/customers', { token: sales.token, body: { name: '深圳鹏城电子有限公司', customerType: 'dealer' } })).json<{ id: string; archiveNo: string }>();
    const other = (await t.request('POST', '/api/v1/customers', { token: archivist.token, body: { name: '厦门鹭岛贸易有限公司', customerType: 'dealer' } })).json<{ archiveNo: string }>();
    const contacts = await importFile(sales.token, 'contacts', '联系人.csv', Buffer.from(['档案编号,联系人角色,姓名,职位,手机', `${own.archiveNo},主要联系人,王芳,采购经理,13800138000`, `${other.archiveNo},主要联系人,李雷,经理,13900139000`].join('\n')));
    expect(contacts.errorRows).toBe(1);
    expect((await issuesOf(sales.token, contacts.id))[0]).toMatchObject({ row: 3, column: 'A', field: 'archiveNo' });
    const txs = await importFile(sales.token, 'transactions', '交易.csv', Buffer.from(['档案编号,交易编号,交易日期,金额,产品,数量,单价,是否违约', `${own.archiveNo},HT001,2026/1/5,"12,800.00",贴片电容,1000,12.8,否`, `${own.archiveNo},HT002,2026-02-01,5000,,,,是`].join('\n')));
    expect(txs.errorRows).toBe(0);
    expect((await commit(sales.token, txs.id)).committedRows).toBe(2);
    const list = (await t.request('GET', `/api/v1/customers/${own.id}/transactions`, { token: sales.token })).json<{ items: { txNo: string; amount: string; breach: boolean; products: { product: string }[] }[] }>().items;
    expect(list.map((x) => [x.txNo, x.amount, x.breach, x.products.length])).toEqual([['HT002', '5000.00', true, 0], ['HT001', '12800.00', false, 1]]);
    const again = await importFile(sales.token, 'transactions', '交易.csv', Buffer.from(['档案编号,交易编号,交易日期,金额', `${own.archiveNo},HT001,2026-01-05,1`].join('\n')));
    expect((await issuesOf(sales.token, again.id))[0]).toMatchObject({ field: 'txNo', kind: 'error' });
  });
});

describe('ARC-12 a commit at scale stays one transaction and writes what one request writes', () => {
  it('ARC-12 a commit that fails half-way (after batches were written in its transaction) leaves nothing, and the archive numbers stay gap-free', async () => {
    const u = (await t.database.db.selectFrom('users').select(['id', 'roles']).where('username', '=', 'dang.an').executeTakeFirstOrThrow());
    const subject = await subjectOf(t.database.db, { userId: u.id, roles: u.roles as never });
    const file = path.join(dataDir, 'half-way.csv');
    // one phone for all: every row after the first is a possible duplicate, so each batch reports issues (and is created anyway)
    writeFileSync(file, ['客户名称,客户类型,电话', ...Array.from({ length: 8 }, (_, i) => `半途${i}号贸易有限公司,经销商,0571-86001234`)].join('\n'));
    const pass = async (onIssues: () => Promise<void>) =>
      executePass({ db: t.database.db, subject, importerId: u.id, defaultOwnerId: u.id, entity: 'customers', file, info: await sniffFile(file), mapping: {}, limits: limitsOf(t.config), commit: { duplicates: 'create', actor: { ...systemActor, userId: u.id, requestId: 'test' }, importId: null }, onIssues, batchSize: 1 });
    const before = await snapshotTables(t.database);
    let batches = 0;
    let counterLocked = false;
    await expect(pass(async () => {
      if (++batches < 5) return;
      // the first batches are written: the import holds the year's archive counter in its open transaction
      counterLocked = await t.database.ownerPool.query(`SELECT 1 FROM archive_counters FOR UPDATE NOWAIT`).then(() => false, (e: { code?: string }) => e.code === '55P03');
      throw new Error('the disk is full');
    })).rejects.toThrow('the disk is full');
    expect(counterLocked).toBe(true);
    expect(await snapshotTables(t.database)).toEqual(before);

    const last = await t.database.db.selectFrom('customers').select('archive_no').orderBy('archive_no', 'desc').executeTakeFirstOrThrow();
    const done = await pass(async () => {});
    expect(done).toMatchObject({ committed: true, result: { committedRows: 8, duplicateRows: 7 } });
    const nos = (await t.database.db.selectFrom('customers').select('archive_no').where('name', 'like', '半途%').orderBy('archive_no').execute()).map((r) => Number(r.archive_no.slice(-6)));
    expect(nos).toEqual(Array.from({ length: 8 }, (_, i) => Number(last.archive_no.slice(-6)) + 1 + i));
    expect(await t.database.db.selectFrom('customer_terms').select((eb) => eb.fn.countAll<string>().as('n')).where('customer_id', 'in', t.database.db.selectFrom('customers').select('id').where('name', 'like', '半途%')).executeTakeFirstOrThrow()).not.toEqual({ n: '0' });
  });

  it('ARC-12 SEC-12 an imported archive and contact are stored as one request stores them: columns, sealed values, derived search columns, search terms and history', async () => {
    const fields = { name: '苏州吴中精密机械股份有限公司', shortName: '吴中精机', customerType: 'manufacturer', phone: '0512-66001234', fax: '0512-66001235', email: 'Sales@WuZhong.example.cn', address: '江苏省苏州市吴中区东吴北路 1 号', registeredCapital: '8000000.00', foundedOn: '2006-04-18', bankName: '中国银行苏州分行', bankAccount: '6217 8566 0000 9876', employeeCount: 260, industry: '通用设备制造', remarks: '制表符\t与反斜杠\\都在' };
    const viaApi = await t.request('POST', '/api/v1/customers', { token: archivist.token, body: fields });
    expect(viaApi.statusCode, viaApi.body).toBe(201);
    const apiId = viaApi.json<{ id: string }>().id;
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    const job = await importFile(archivist.token, 'customers', 'same.xlsx', await xlsx([keys, keys.map((k) => fields[k])]));
    expect(job.errorRows).toBe(0);
    expect((await commit(archivist.token, job.id, 'create')).committedRows).toBe(1);
    const rows = await t.database.db.selectFrom('customers').selectAll().where('name', '=', fields.name).orderBy('id').execute();
    expect(rows).toHaveLength(2);
    const importedId = rows[1]!.id;
    expect(rows[0]!.id).toBe(apiId);
    const own = new Set(['id', 'archive_no', 'created_at', 'updated_at', 'bank_account']);
    const comparable = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !own.has(k)));
    expect(comparable(rows[1]!)).toEqual(comparable(rows[0]!));
    expect(rows[1]!.bank_account).not.toContain('9876'); // sealed at rest (SEC-12)
    expect(openCustomerRow(rows[1]!).bank_account).toBe(fields.bankAccount);
    const terms = async (id: string) => (await t.database.db.selectFrom('customer_terms').select(['term', 'rank', 'name_len']).where('customer_id', '=', id).orderBy('term').orderBy('rank').execute());
    const apiTerms = await terms(apiId);
    expect(apiTerms.length).toBeGreaterThan(20);
    expect(await terms(importedId)).toEqual(apiTerms);
    const history = async (id: string, entity: string) => {
      const h = await t.database.db.selectFrom('customer_history').selectAll().where('customer_id', '=', id).where('entity', '=', entity).execute();
      expect(h).toHaveLength(1);
      const { id: _i, customer_id: _c, entity_id: _e, at: _a, changes, snapshot, ...rest } = h[0]!;
      const { id: _s, archiveNo: _n, customerId: _ci, createdAt: _ca, updatedAt: _ua, ...snap } = openSnapshot(entity, snapshot as Record<string, unknown>);
      return { ...rest, changes: openHistoryChanges(entity, changes as never), snapshot: snap };
    };
    expect(await history(importedId, 'customer')).toEqual(await history(apiId, 'customer'));
    expect(JSON.stringify((await t.database.db.selectFrom('customer_history').select('snapshot').where('customer_id', '=', importedId).executeTakeFirstOrThrow()).snapshot)).not.toContain('9876');
    // every table (present or future) in which the API's creation leaves rows for its customer gets the same rows from the import (issue 12: customer_pinyin, contact_states …)
    const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => t.database.ownerPool.query<T>(text, params).then((r) => r.rows);
    const skip = new Set(['customer_terms', 'customer_history']); // compared above
    const differing: string[] = [];
    for (const { table_name } of await q<{ table_name: string }>(`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'customer_id' ORDER BY table_name`)) {
      if (skip.has(table_name)) continue;
      const rowsOf = async (id: string) => (await q<{ r: Record<string, unknown> }>(`SELECT to_jsonb(x) - 'id' - 'customer_id' - 'created_at' - 'updated_at' AS r FROM "${table_name}" x WHERE customer_id = $1`, [id])).map((x) => JSON.stringify(x.r)).sort();
      const [api, imported] = [await rowsOf(apiId), await rowsOf(importedId)];
      if (JSON.stringify(api) !== JSON.stringify(imported)) differing.push(`${table_name}: ${api.length} by the API, ${imported.length} by the import`);
    }
    expect(differing).toEqual([]);

    const contact = { role: 'primary', name: '顾晓梅', position: '采购部经理', mobile: '13912345678', birthDate: '1985-07-09', hobbies: '昆曲', email: 'gu@wuzhong.example.cn' };
    expect((await t.request('POST', `/api/v1/customers/${apiId}/contacts`, { token: archivist.token, body: contact })).statusCode).toBe(201);
    const importedNo = rows[1]!.archive_no;
    const contactKeys = Object.keys(contact) as (keyof typeof contact)[];
    const cjob = await importFile(archivist.token, 'contacts', 'contact.csv', Buffer.from([['archiveNo', ...contactKeys].join(','), [importedNo, ...contactKeys.map((k) => contact[k])].join(',')].join('\n')));
    expect(cjob.errorRows).toBe(0);
    expect((await commit(archivist.token, cjob.id)).committedRows).toBe(1);
    const contacts = await t.database.db.selectFrom('contacts').selectAll().where('name', '=', contact.name).orderBy('id').execute();
    expect(contacts.map((c) => c.customer_id)).toEqual([apiId, importedId]);
    const ownC = new Set(['id', 'customer_id', 'created_at', 'updated_at', 'mobile', 'birth_date', 'hobbies']);
    const comparableC = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !ownC.has(k)));
    expect(comparableC(contacts[1]!)).toEqual(comparableC(contacts[0]!));
    expect(contacts[1]!.mobile).not.toContain('13912345678');
    expect(await history(importedId, 'contact')).toEqual(await history(apiId, 'contact'));
  });
});

describe('PLT-7 ARC-12 a commit writes its archives set-based (issue 12)', () => {
  it('PLT-7 ARC-12 REL-4 archives committed several to a statement, in several batches, each get the rows a single create gives its twin: every table with a customer_id (contact states, pinyin, terms …) and the history', async () => {
    const u = await t.createUser('pi.liang', ['cs_staff', 'archivist']);
    const subject = await subjectOf(t.database.db, { userId: u.id, roles: ['cs_staff', 'archivist'] });
    const rows = [
      { name: '无锡太湖纺织机械有限公司', shortName: '太湖纺机', customerType: 'manufacturer', phone: '0510-82001234', email: 'sales@taihu.example.cn', foundedOn: '2001-03-05' },
      { name: '常州龙城电机股份有限公司', customerType: 'dealer', phone: '0519-86001234' },
      { name: '南通江海船舶配件厂', shortName: '江海船配', customerType: 'distributor', address: '江苏省南通市崇川区', employeeCount: 80 },
      { name: '扬州瘦西湖旅游用品有限公司', customerType: 'direct', fax: '0514-87001235', remarks: '批量导入' },
      { name: '镇江金山醋业有限公司', shortName: '金山醋业', customerType: 'dealer', registeredCapital: '3000000.00' },
    ];
    const apiIds: string[] = [];
    for (const body of rows) {
      const r = await t.request('POST', '/api/v1/customers', { token: u.token, body: { ...body, confirmDuplicate: true } });
      expect(r.statusCode, r.body).toBe(201);
      apiIds.push(r.json<{ id: string }>().id);
    }
    const keys = ['name', 'shortName', 'customerType', 'phone', 'email', 'foundedOn', 'address', 'employeeCount', 'fax', 'remarks', 'registeredCapital'] as const;
    const file = path.join(dataDir, 'set-based.xlsx');
    writeFileSync(file, await xlsx([[...keys], ...rows.map((r) => keys.map((k) => (r as Record<string, unknown>)[k] ?? null))]));
    const done = await executePass({ db: t.database.db, subject, importerId: u.id, defaultOwnerId: u.id, entity: 'customers', file, info: await sniffFile(file), mapping: {}, limits: limitsOf(t.config), commit: { duplicates: 'create', actor: { ...systemActor, userId: u.id, requestId: 'test' }, importId: null }, batchSize: 2 });
    expect(done).toMatchObject({ committed: true, result: { committedRows: 5, errorRows: 0 } });
    const q = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => t.database.ownerPool.query<T>(text, params).then((r) => r.rows);
    const imported = await q<{ id: string; name: string }>(`SELECT id, name FROM customers WHERE created_by = $1 AND NOT (id = ANY($2::bigint[])) ORDER BY id`, [u.id, apiIds]);
    expect(imported.map((r) => r.name)).toEqual(rows.map((r) => r.name));
    const tables = (await q<{ table_name: string }>(`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'customer_id' AND table_name <> 'customer_history' ORDER BY table_name`)).map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(['contact_states', 'customer_pinyin', 'customer_terms', 'customer_activity_months']));
    const rowsOf = async (table: string, id: string) => (await q<{ r: Record<string, unknown> }>(`SELECT to_jsonb(x) - 'id' - 'customer_id' - 'created_at' - 'updated_at' AS r FROM "${table}" x WHERE customer_id = $1`, [id])).map((x) => JSON.stringify(x.r)).sort();
    const customer = async (id: string) => (await q<{ r: Record<string, unknown> }>(`SELECT to_jsonb(c) - 'id' - 'archive_no' - 'created_at' - 'updated_at' AS r FROM customers c WHERE id = $1`, [id]))[0]!.r;
    const history = async (id: string) => {
      const h = await t.database.db.selectFrom('customer_history').selectAll().where('customer_id', '=', id).execute();
      return h.map(({ id: _i, customer_id: _c, entity_id: _e, at: _a, changes, snapshot, ...rest }) => {
        const { id: _s, archiveNo: _n, customerId: _ci, createdAt: _ca, updatedAt: _ua, ...snap } = openSnapshot(rest.entity, snapshot as Record<string, unknown>);
        return { ...rest, changes: openHistoryChanges(rest.entity, changes as never), snapshot: snap };
      });
    };
    const differing: string[] = [];
    for (let i = 0; i < rows.length; i++) {
      const [api, imp] = [apiIds[i]!, imported[i]!.id];
      if (JSON.stringify(await customer(api)) !== JSON.stringify(await customer(imp))) differing.push(`${rows[i]!.name}: customers`);
      for (const table of tables) {
        const [a, b] = [await rowsOf(table, api), await rowsOf(table, imp)];
        if (table === 'contact_states' || table === 'customer_pinyin' || table === 'customer_terms') expect(b.length, `${table} of ${rows[i]!.name}`).toBeGreaterThan(0);
        if (JSON.stringify(a) !== JSON.stringify(b)) differing.push(`${rows[i]!.name}: ${table} (${a.length} by the API, ${b.length} by the import)`);
      }
      expect(await history(imp)).toEqual(await history(api));
    }
    expect(differing).toEqual([]);
    // the audit: a single create is one customer.created event; the commit is one import.committed event naming its archives
    const audited = await q<{ data: { rows: number; archiveNos: string[] } }>(`SELECT data FROM audit_events WHERE action = 'import.committed' AND actor_id = $1`, [u.id]);
    const nos = (await q<{ archive_no: string }>(`SELECT archive_no FROM customers WHERE id = ANY($1::bigint[]) ORDER BY archive_no`, [imported.map((r) => r.id)])).map((r) => r.archive_no);
    expect(audited.map((a) => a.data)).toEqual([expect.objectContaining({ rows: 5, archiveNos: [nos[0], nos[4]] })]);
    expect(await q(`SELECT 1 FROM audit_events WHERE action = 'customer.created' AND entity_id = ANY($1::text[])`, [apiIds.map(String)])).toHaveLength(5);
  });
});

describe('SEC-3 SEC-4 imports check field groups like the API (issue 11 item 3)', () => {
  it('SEC-3 SEC-4 a user cut down to the basic card imports no contacts, personal fields or transactions, and the dry run reveals no contact names or transaction numbers', async () => {
    const owner = await t.createUser('imp.owner', ['sales']);
    const cs = await t.createUser('imp.cs', ['cs_staff']);
    const c = (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: 'A类导入保护有限公司', customerType: 'direct', confirmDuplicate: true } })).json<{ id: string; archiveNo: string }>();
    await t.request('POST', `/api/v1/customers/${c.id}/contacts`, { token: owner.token, body: { role: 'primary', name: '保密联系人甲', mobile: '13700009999' } });
    await t.request('POST', `/api/v1/customers/${c.id}/transactions`, { token: owner.token, body: { txNo: 'SECRET-TX-0001', date: '2026-01-05', amount: '100.00' } });
    await t.database.ownerPool.query(`UPDATE customers SET abc_class = 'A' WHERE id = $1`, [c.id]);
    // the API refuses: customer service reads an A-class archive's basic card only (SEC-3)
    expect((await t.request('POST', `/api/v1/customers/${c.id}/contacts`, { token: cs.token, body: { role: 'other', name: '新联系人' } })).statusCode).toBe(403);
    const before = await snapshotTables(t.database);
    const contacts = await importFile(cs.token, 'contacts', '联系人.csv', Buffer.from(['档案编号,联系人角色,姓名,手机', `${c.archiveNo},主要联系人,保密联系人甲,13800138000`].join('\n')));
    const txs = await importFile(cs.token, 'transactions', '交易.csv', Buffer.from(['档案编号,交易编号,交易日期,交易金额', `${c.archiveNo},SECRET-TX-0001,2026-01-05,100.00`].join('\n')));
    for (const job of [contacts, txs]) {
      const issues = await issuesOf(cs.token, job.id);
      expect(issues.some((i) => i.kind === 'error' && /withheld/.test(i.message)), JSON.stringify(issues)).toBe(true);
      expect(JSON.stringify(issues)).not.toMatch(/联系人已存在|交易编号已存在/);
      const committed = await t.request('POST', `/api/v1/imports/${job.id}/commit`, { token: cs.token, body: { duplicates: 'create' } });
      if (committed.statusCode === 200) await settled(cs.token, job.id);
    }
    const after = await snapshotTables(t.database);
    for (const table of ['contacts', 'transactions']) expect(after[table], table).toBe(before[table]);
    // an owner of an ordinary archive without the personal group does not exist; a grant of contacts without personal does
    const plain = (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '个人信息导入保护有限公司', customerType: 'direct', confirmDuplicate: true } })).json<{ id: string; archiveNo: string }>();
    await t.database.ownerPool.query(`UPDATE customers SET abc_class = 'A' WHERE id = $1`, [plain.id]);
    const personal = await importFile(cs.token, 'contacts', '联系人2.csv', Buffer.from(['档案编号,联系人角色,姓名,手机', `${plain.archiveNo},主要联系人,新人乙,13800138001`].join('\n')));
    expect((await issuesOf(cs.token, personal.id)).some((i) => i.kind === 'error')).toBe(true);
  });
});
