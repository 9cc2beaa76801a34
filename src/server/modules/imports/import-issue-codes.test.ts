/**
 * Issue 17 item 5 (ARC-12, ARC-6, I18N-1): import findings and upload refusals carry a stable code
 * and parameters, so a zh-CN reader gets them in Chinese — on the import page and in the
 * downloaded report — and an en-US reader in English.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIssueCodes, importIssueText, importIssueTexts, type ImportIssueCode } from '../../../contract/import-issues.js';
import type { ImportIssue, ImportJob } from '../../../contract/imports.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { multipart as documentMultipart } from '../documents/documents.fixtures.js';
import { waitForImport } from './imports.service.js';

const han = /\p{Script=Han}/u;
/** English words a Chinese reader should not meet (allowing archive numbers, values and codes). */
const english = /\b(must|should|possible|duplicate|not|is|are|of|the|same|row|user|owned|Invalid|email|one)\b/;

let t: TestApp;
let archivist: { id: string; token: string };
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-import-codes-'));
  t = await createTestApp({ dataDir });
  archivist = await t.createUser('dang.an2', ['cs_staff', 'archivist']);
});
afterAll(async () => {
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function multipart(fields: Record<string, string>, file: { name: string; data: Buffer }) {
  const boundary = '----kedang' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function dryRun(csv: string): Promise<{ job: ImportJob; issues: ImportIssue[] }> {
  const { payload, contentType } = multipart({ entity: 'customers' }, { name: '客户.csv', data: Buffer.from(csv) });
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { authorization: `Bearer ${archivist.token}`, 'content-type': contentType }, payload });
  expect(r.statusCode, r.body).toBe(201);
  const id = r.json<ImportJob>().id;
  await waitForImport(id);
  const job = (await t.request('GET', `/api/v1/imports/${id}`, { token: archivist.token })).json<ImportJob>();
  const issues = (await t.request('GET', `/api/v1/imports/${id}/issues?limit=200`, { token: archivist.token })).json<{ items: ImportIssue[] }>().items;
  return { job, issues };
}

describe('I18N-1 import findings by code (issue 17 item 5)', () => {
  it.each(importIssueCodes)('I18N-1 ARC-12 finding code %s reads in Chinese (zh-CN) and in English (en-US), parameters filled in', (code: ImportIssueCode) => {
    const params = { values: ['分销商', '制造商'], minimum: 2, maximum: 200, format: 'email', expected: 'string', row: 3, kind: 'creditCode', archiveNo: 'KH-2026-000001', name: '甲公司', matchedOn: ['name', 'phone'], ownerName: '王五', user: 'li.si', archiveNos: ['KH-2026-000001', 'KH-2026-000002'], group: 'financial', header: '客户', field: 'name', first: '名称', second: '客户名称', label: '客户名称' };
    const zh = importIssueText({ message: 'english', code, params }, 'zh-CN');
    const en = importIssueText({ message: 'english', code, params }, 'en-US');
    expect(zh).toMatch(han);
    expect(zh).not.toMatch(/[{}]/);
    expect(zh).not.toMatch(english);
    expect(en).not.toMatch(/[{}]/);
    expect(en).toMatch(/[a-z]{3}/);
    expect(importIssueTexts['zh-CN'][code]).not.toBe(importIssueTexts['en-US'][code]);
  });

  it('I18N-1 parameter values that are codes are translated; an uncoded (older) finding keeps its message', () => {
    expect(importIssueText({ message: '', code: 'same_in_file', params: { kind: 'creditCode', row: 4 } }, 'zh-CN')).toBe('与本文件第 4 行的统一社会信用代码重复');
    expect(importIssueText({ message: '', code: 'possible_duplicate', params: { archiveNo: 'KH-2026-000009', name: '乙公司', matchedOn: ['name', 'phone'] } }, 'zh-CN')).toBe('疑似重复档案：KH-2026-000009 乙公司（客户名称、电话相同）');
    expect(importIssueText({ message: '', code: 'invalid_value', params: { values: ['a', 'b'] } }, 'en-US')).toBe('must be one of: a, b');
    expect(importIssueText({ message: 'possible duplicate of X', code: null }, 'zh-CN')).toBe('possible duplicate of X');
    expect(importIssueText({ message: 'kept', code: 'no_such_code' }, 'zh-CN')).toBe('kept');
  });

  it('I18N-1 ARC-12 a dry run codes every finding: bad choice, date, e-mail, formula, same row twice, unknown owner — all Chinese for zh-CN, in the report too', async () => {
    const csv = [
      '客户名称,客户类型,电子邮件,成立日期,责任人,电话',
      '杭州甲茶业有限公司,批发商,a@b.cn,2020-01-01,,0571-87001111',
      '杭州乙茶业有限公司,分销商,not-an-email,2011-13-01,,0571-87002222',
      '杭州丙茶业有限公司,分销商,,=1+1,nobody.here,0571-87003333',
      '杭州丁茶业有限公司,分销商,,,,0571-87003333',
    ].join('\n');
    const { job, issues } = await dryRun(csv);
    expect(job.status).toBe('validated');
    const byField = (f: string) => issues.find((i) => i.field === f && i.row === issues.find((x) => x.field === f)!.row)!;
    expect(byField('customerType')).toMatchObject({ row: 2, code: 'invalid_value', params: { values: expect.arrayContaining(['分销商']) } });
    expect(issues.find((i) => i.field === 'email')).toMatchObject({ row: 3, code: 'invalid_format', params: { format: 'email' } });
    expect(issues.find((i) => i.field === 'foundedOn' && i.row === 3)).toMatchObject({ code: 'invalid_date' });
    expect(issues.find((i) => i.field === 'foundedOn' && i.row === 4)).toMatchObject({ code: 'formula_like' });
    expect(issues.find((i) => i.field === 'owner')).toMatchObject({ row: 4, code: 'unknown_user', params: { user: 'nobody.here' } });
    expect(issues.find((i) => i.kind === 'duplicate' && i.row === 5)).toMatchObject({ code: 'same_in_file', params: { kind: 'phone', row: 4 } });
    for (const i of issues) {
      expect(i.code, i.message).toBeTruthy();
      const zh = importIssueText(i, 'zh-CN');
      expect(zh, i.message).toMatch(han);
      expect(zh, i.message).not.toMatch(english);
    }

    const zhReport = await t.request('GET', `/api/v1/imports/${job.id}/report`, { token: archivist.token });
    expect(zhReport.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(zhReport.rawPayload as never);
    const findings = wb.worksheets[0]!.getRow(2).getCell(1).value;
    expect(String(findings)).toContain('只能是以下之一');
    expect(String(findings)).not.toMatch(/must be/);
    const enReport = await t.request('GET', `/api/v1/imports/${job.id}/report?lang=en-US`, { token: archivist.token });
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.load(enReport.rawPayload as never);
    expect(String(wbEn.worksheets[0]!.getRow(2).getCell(1).value)).toContain('must be one of');
    const bad = await t.request('GET', `/api/v1/imports/${job.id}/report?lang=fr`, { token: archivist.token });
    expect(bad.statusCode).toBe(400);
  });

  it('I18N-1 ARC-6 an upload refusal carries its code and the refused type, so the client says it in Chinese', async () => {
    const c = await t.request('POST', '/api/v1/customers', { token: archivist.token, body: { name: '上传拒绝测试有限公司', customerType: 'direct' } });
    expect(c.statusCode, c.body).toBe(201);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0'), Buffer.alloc(200)]);
    const send = async (content: Buffer, name: string) => {
      const body = documentMultipart({ kind: 'original' }, { name, content });
      return t.app.inject({ method: 'POST', url: `/api/v1/customers/${c.json().id}/documents`, headers: { authorization: `Bearer ${archivist.token}`, ...body.headers }, payload: body.payload });
    };
    const r = await send(exe, '营业执照.pdf');
    expect(r.statusCode).toBe(415);
    expect(r.json().errors).toEqual([expect.objectContaining({ path: 'file', code: 'file_type_refused', params: { type: 'exe' } })]);
    const html = await send(Buffer.from('<html><script>alert(1)</script></html>'), 'note.txt');
    expect(html.statusCode).toBe(415);
    expect(html.json().errors).toEqual([expect.objectContaining({ path: 'file', code: 'markup_refused' })]);
  });
});

describe('I18N-1 request validation keeps its codes (issue 17 item 5)', () => {
  it('I18N-1 a 400 from a body schema carries code and params for every field, so the client can say it in Chinese', async () => {
    const r = await t.request('POST', '/api/v1/customers', { token: archivist.token, body: { name: '甲'.repeat(300), customerType: 'wholesale', email: 'not-an-email' } });
    expect(r.statusCode).toBe(400);
    const errors = r.json().errors as { path: string; code?: string; params?: Record<string, unknown> }[];
    expect(errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'name', code: 'too_big', params: expect.objectContaining({ maximum: expect.any(Number) }) }),
      expect.objectContaining({ path: 'customerType', code: 'invalid_value', params: { values: expect.arrayContaining(['direct']) } }),
      expect.objectContaining({ path: 'email', code: 'invalid_format' }),
    ]));
    for (const e of errors) expect(e.code, e.path).toBeTruthy();
  });
});
