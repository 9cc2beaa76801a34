import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../../contract/imports.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { waitForImport } from './imports.service.js';

let t: TestApp;
let dataDir: string;
let cs: { id: string; token: string };
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-import-options-'));
  t = await createTestApp({ dataDir });
  cs = await t.createUser('kefu.import', ['cs_staff']);
});
afterAll(async () => {
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function upload(name: string, data: Buffer): Promise<ImportJob> {
  const boundary = '----kedangopts';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\ncustomers\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { authorization: `Bearer ${cs.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  expect(r.statusCode, r.body).toBe(201);
  return settled(r.json<ImportJob>().id);
}
async function settled(id: string): Promise<ImportJob> {
  await waitForImport(id);
  return (await t.request('GET', `/api/v1/imports/${id}`, { token: cs.token })).json<ImportJob>();
}

describe('ARC-12 import options', () => {
  it('ARC-12 the downloaded template passes its own dry run', async () => {
    const tpl = await t.request('GET', '/api/v1/imports/templates/customers', { token: cs.token });
    expect(tpl.statusCode).toBe(200);
    const job = await upload('客户导入模板.xlsx', tpl.rawPayload);
    expect(job.status).toBe('validated');
    const issues = (await t.request('GET', `/api/v1/imports/${job.id}/issues?limit=50`, { token: cs.token })).json().items;
    expect(issues).toEqual([]);
    expect(job.errorRows).toBe(0);
    expect(job.validRows).toBeGreaterThan(0);
  });

  it('ARC-12 all or nothing by default; rows: "valid" imports the four good rows and gives the bad one back as a file', async () => {
    const csv = ['客户名称,客户类型,成立日期', '杭州甲茶业有限公司,直销客户,2010-05-18', '杭州乙茶业有限公司,直销客户,2011-05-18', '杭州丙茶业有限公司,直销客户,2011-02-30', '杭州丁茶业有限公司,直销客户,', '杭州戊茶业有限公司,直销客户,2012-01-01'].join('\r\n') + '\r\n';
    const job = await upload('五行.csv', Buffer.from(csv, 'utf8'));
    expect(job).toMatchObject({ status: 'validated', validRows: 4, errorRows: 1 });
    const refused = await t.request('POST', `/api/v1/imports/${job.id}/commit`, { token: cs.token, body: {} });
    expect(refused.statusCode).toBe(422);
    const bad = await t.request('POST', `/api/v1/imports/${job.id}/commit`, { token: cs.token, body: { rows: 'some' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('rows');
    const ok = await t.request('POST', `/api/v1/imports/${job.id}/commit`, { token: cs.token, body: { rows: 'valid' } });
    expect(ok.statusCode, ok.body).toBe(200);
    const done = await settled(job.id);
    expect(done).toMatchObject({ status: 'committed', committedRows: 4, errorRows: 1 });
    const names = (await t.request('GET', `/api/v1/customers?q=${encodeURIComponent('茶业')}&limit=20`, { token: cs.token })).json().items.map((c: { name: string }) => c.name).sort();
    expect(names).toEqual(['杭州丁茶业有限公司', '杭州戊茶业有限公司', '杭州乙茶业有限公司', '杭州甲茶业有限公司'].sort());
    const file = await t.request('GET', `/api/v1/imports/${job.id}/report?rows=rejected`, { token: cs.token });
    expect(file.statusCode, file.body).toBe(200);
    expect(decodeURIComponent(String(file.headers['content-disposition']))).toContain('未导入的行');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows).toHaveLength(2);
    expect(rows[1]![1]).toBe('杭州丙茶业有限公司');
    expect(String(rows[1]![0])).toContain('成立日期');
    const audit = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'import.committed').where('entity_id', '=', job.id).executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({ rows: 4, rejected: 1 });
  });
});
