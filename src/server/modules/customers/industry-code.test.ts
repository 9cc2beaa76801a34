/**
 * ARC-1 / ARC-11 / ARC-12 / REL-1 (issue 17): the customer's industry as a GB/T 4754—2017 大类
 * code beside the free text — written and validated, filtered by 门类 or 大类, imported (code or
 * name, the template passing its own dry run) and exported, named in assignment rules; the
 * migration that gave existing free-text industries their code.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIssueText } from '../../../contract/import-issues.js';
import type { ImportIssue, ImportJob } from '../../../contract/imports.js';
import { migrationsDir } from '../../db/migrate.js';
import { fieldErrorText } from '../../../web/i18n/server-text.js';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { waitForImport } from '../imports/imports.service.js';

let t: TestApp;
let dataDir: string;
let cs: { id: string; token: string };
let manager: { id: string; token: string };
let rep: { id: string; token: string };
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'kedang-industry-'));
  t = await createTestApp({ dataDir });
  cs = await t.createUser('hangye.cs', ['cs_staff', 'archivist']);
  manager = await t.createUser('hangye.mgr', ['cs_manager']);
  rep = await t.createUser('hangye.rep', ['sales']);
});
afterAll(async () => {
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Problem = { errors: { path: string; code?: string; message: string }[] };
const create = (body: Record<string, unknown>, token = cs.token) => t.request('POST', '/api/v1/customers', { token, body: { customerType: 'direct', ...body } });
const list = async (query: string) => {
  const r = await t.request('GET', `/api/v1/customers?limit=100&${query}`, { token: cs.token });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<{ items: { name: string; industryCode?: string | null }[] }>().items.map((c) => c.name).sort();
};

describe('ARC-1 industryCode on the archive', () => {
  let id: string;
  it('ARC-1 create with a 大类 code keeps the free text beside it; PATCH changes and clears it, with history', async () => {
    const r = await create({ name: '深圳市行业甲电子有限公司', industryCode: '39', industry: '电子元器件制造' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ industryCode: '39', industry: '电子元器件制造' });
    id = r.json().id;
    const p = await t.request('PATCH', `/api/v1/customers/${id}`, { token: cs.token, body: { version: 0, industryCode: '65' } });
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json()).toMatchObject({ industryCode: '65', industry: '电子元器件制造', version: 1 });
    const cleared = await t.request('PATCH', `/api/v1/customers/${id}`, { token: cs.token, body: { version: 1, industryCode: null } });
    expect(cleared.json().industryCode).toBeNull();
    const history = await t.database.db.selectFrom('customer_history').select('changes').where('customer_id', '=', id).where('version', '=', 1).executeTakeFirstOrThrow();
    expect(JSON.stringify(history.changes)).toContain('industryCode');
  });

  it('ARC-1 an unknown code is a 400 naming industryCode with the code unknown_industry, read in Chinese and English; nothing written', async () => {
    const before = await snapshotTables(t.database);
    for (const bad of ['98', '00', 'C', 'C39', '390', '3', 39]) {
      const r = await create({ name: '行业代码错误有限公司', industryCode: bad });
      expect(r.statusCode, String(bad)).toBe(400);
      const e = r.json<Problem>().errors.find((x) => x.path === 'industryCode');
      expect(e, r.body).toBeDefined();
      if (typeof bad === 'string') {
        expect(e!.code).toBe('unknown_industry');
        expect(fieldErrorText(e!, 'zh-CN')).toBe('不是 GB/T 4754—2017 国民经济行业分类中的行业代码');
        expect(fieldErrorText(e!, 'en-US')).toMatch(/GB\/T 4754-2017/);
      }
    }
    const patch = await t.request('PATCH', `/api/v1/customers/${id}`, { token: cs.token, body: { version: 2, industryCode: '99' } });
    expect(patch.statusCode).toBe(400);
    expect(patch.json<Problem>().errors[0]).toMatchObject({ path: 'industryCode', code: 'unknown_industry' });
    expect(await snapshotTables(t.database)).toEqual(before);
  });
});

describe('ARC-1 OpenAPI', () => {
  it('ARC-1 ARC-11 the document describes industryCode on the archive and as a list filter', async () => {
    const doc = (await t.request('GET', '/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, { parameters?: { name: string; description?: string; schema?: { description?: string } }[] }>> }>();
    const param = doc.paths['/api/v1/customers']!['get']!.parameters!.find((p) => p.name === 'industryCode')!;
    expect(param.description ?? param.schema?.description).toMatch(/GB\/T 4754—2017: a 门类 letter \(A–T/);
    expect(JSON.stringify(doc.paths['/api/v1/customers']!['post'])).toContain('所属行业: a GB/T 4754—2017 大类 code');
  });
});

describe('ARC-11 list filter by industry code', () => {
  it('ARC-11 a 门类 letter finds every 大类 in it, a 大类 only itself; the count agrees; it sorts by code, none last; an unknown code is a 400 naming the field', async () => {
    for (const [name, code] of [['行业筛选电子有限公司', '39'], ['行业筛选机械有限公司', '34'], ['行业筛选软件有限公司', '65'], ['行业筛选无代码有限公司', null]] as const) {
      expect((await create({ name, industryCode: code, tags: ['行业筛选'] })).statusCode).toBe(201);
    }
    expect(await list('tag=行业筛选&industryCode=C')).toEqual(['行业筛选机械有限公司', '行业筛选电子有限公司'].sort());
    expect(await list('tag=行业筛选&industryCode=39')).toEqual(['行业筛选电子有限公司']);
    expect(await list('tag=行业筛选&industryCode=I')).toEqual(['行业筛选软件有限公司']);
    expect(await list('tag=行业筛选&industryCode=K')).toEqual([]);
    const count = await t.request('GET', '/api/v1/customers/count?tag=行业筛选&industryCode=C', { token: cs.token });
    expect(count.json()).toMatchObject({ count: 2 });
    const sorted = async (dir: string) => (await t.request('GET', `/api/v1/customers?tag=行业筛选&sort=industryCode:${dir}&limit=10`, { token: cs.token })).json<{ items: { name: string }[] }>().items.map((c) => c.name);
    expect(await sorted('asc')).toEqual(['行业筛选机械有限公司', '行业筛选电子有限公司', '行业筛选软件有限公司', '行业筛选无代码有限公司']);
    expect(await sorted('desc')).toEqual(['行业筛选无代码有限公司', '行业筛选软件有限公司', '行业筛选电子有限公司', '行业筛选机械有限公司']);
    for (const bad of ['U', '98', 'c', 'C39']) {
      const r = await t.request('GET', `/api/v1/customers?industryCode=${bad}`, { token: cs.token });
      expect(r.statusCode, bad).toBe(400);
      expect(r.json<Problem>().errors[0]).toMatchObject({ path: 'industryCode', code: 'unknown_industry' });
    }
  });
});

describe('ARC-1 migration 0188: free-text industries that are exactly a 大类 name get its code', () => {
  it('ARC-1 exact names (spaces ignored) are mapped, other text is kept without a code, the text itself never changes', async () => {
    const names = { 精确: '计算机、通信和其他电子设备制造业', 空格: ' 软件和信息 技术服务业 ', 门类: 'C 制造业', 自由: '电子元器件制造' } as const;
    const ids: Record<string, string> = {};
    for (const [k, industry] of Object.entries(names)) ids[k] = (await create({ name: `迁移测试${k}有限公司`, industry })).json().id;
    const file = readFileSync(path.join(migrationsDir, '0188_add_customer_industry_code.sql'), 'utf8');
    const update = /UPDATE customers[\s\S]*?;\n/.exec(file)![0];
    await sql.raw(update).execute(t.database.db);
    const rows = await t.database.db.selectFrom('customers').select(['id', 'industry', 'industry_code']).where('id', 'in', Object.values(ids)).execute();
    const by = (k: string) => rows.find((r) => r.id === ids[k])!;
    expect(by('精确')).toMatchObject({ industry_code: '39', industry: names.精确 });
    expect(by('空格')).toMatchObject({ industry_code: '65', industry: names.空格 });
    expect(by('门类')).toMatchObject({ industry_code: null, industry: 'C 制造业' });
    expect(by('自由')).toMatchObject({ industry_code: null, industry: '电子元器件制造' });
  });
});

async function upload(name: string, data: Buffer): Promise<{ job: ImportJob; issues: ImportIssue[] }> {
  const boundary = '----kedangindustry';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\ncustomers\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { authorization: `Bearer ${cs.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  expect(r.statusCode, r.body).toBe(201);
  const id = r.json<ImportJob>().id;
  await waitForImport(id);
  const job = (await t.request('GET', `/api/v1/imports/${id}`, { token: cs.token })).json<ImportJob>();
  const issues = (await t.request('GET', `/api/v1/imports/${id}/issues?limit=100`, { token: cs.token })).json<{ items: ImportIssue[] }>().items;
  return { job, issues };
}

describe('ARC-12 industry code in import and export', () => {
  it('ARC-12 the template has the 行业代码 column and a sheet of the 97 大类, and passes its own dry run', async () => {
    const tpl = await t.request('GET', '/api/v1/imports/templates/customers', { token: cs.token });
    expect(tpl.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('行业代码');
    expect(header).toContain('所属行业');
    const codes = wb.getWorksheet('行业代码')!;
    expect(codes.rowCount).toBe(98);
    expect((codes.getRow(40).values as unknown[]).slice(1)).toEqual(['C', '制造业', '39', '计算机、通信和其他电子设备制造业']);
    const { job, issues } = await upload('客户导入模板.xlsx', tpl.rawPayload);
    expect(issues).toEqual([]);
    expect(job).toMatchObject({ status: 'validated', errorRows: 0, validRows: 1 });
  });

  it('ARC-12 code, section+code, name or the exported label are read; an unknown one is a coded finding in both languages; committed rows carry the code', async () => {
    const csv = [
      '客户名称,客户类型,行业代码,所属行业',
      '杭州行业导入一有限公司,直销客户,39,电子',
      '杭州行业导入二有限公司,直销客户,软件和信息技术服务业,',
      '杭州行业导入三有限公司,直销客户,C 制造业 / 34 通用设备制造业,',
      '杭州行业导入四有限公司,直销客户,3,',
      '杭州行业导入五有限公司,直销客户,电子元器件制造,',
      '杭州行业导入六有限公司,直销客户,98,',
    ].join('\r\n') + '\r\n';
    const { job, issues } = await upload('行业.csv', Buffer.from(csv, 'utf8'));
    expect(job).toMatchObject({ status: 'validated', validRows: 4, errorRows: 2 });
    expect(issues.map((i) => [i.row, i.field, i.code])).toEqual([[6, 'industryCode', 'unknown_industry'], [7, 'industryCode', 'unknown_industry']]);
    expect(importIssueText(issues[0]!, 'zh-CN')).toBe('“电子元器件制造”不是 GB/T 4754—2017 国民经济行业分类中的大类代码或名称（例如 39 或 计算机、通信和其他电子设备制造业）');
    expect(importIssueText(issues[1]!, 'en-US')).toMatch(/^"98" is neither a division code of GB\/T 4754-2017/);
    const ok = await t.request('POST', `/api/v1/imports/${job.id}/commit`, { token: cs.token, body: { rows: 'valid' } });
    expect(ok.statusCode, ok.body).toBe(200);
    await waitForImport(job.id);
    const rows = await t.database.db.selectFrom('customers').select(['name', 'industry_code', 'industry']).where('name', 'like', '杭州行业导入%').orderBy('name').execute();
    expect(Object.fromEntries(rows.map((r) => [r.name, r.industry_code]))).toEqual({
      杭州行业导入一有限公司: '39', 杭州行业导入二有限公司: '65', 杭州行业导入三有限公司: '34', 杭州行业导入四有限公司: '03',
    });
  });

  it('ARC-12 the export writes 门类 / 大类 with names, which an import reads back', async () => {
    const r = await t.request('GET', `/api/v1/exports/customers?format=xlsx&columns=name,industryCode,industry&q=${encodeURIComponent('杭州行业导入一')}`, { token: cs.token });
    expect(r.statusCode, r.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]!.getSheetValues().slice(1).map((x) => (x as unknown[]).slice(1));
    expect(rows[0]).toEqual(['客户名称', '行业代码', '所属行业']);
    expect(rows[1]).toEqual(['杭州行业导入一有限公司', 'C 制造业 / 39 计算机、通信和其他电子设备制造业', '电子']);
  });
});

describe('REL-1 assignment by rule names the industry code', () => {
  it('REL-1 the open pool and the by-rule assignment filter by 门类 or 大类; an unknown code is a 400 naming rule.industryCode', async () => {
    const ids: string[] = [];
    for (const [i, code] of (['39', '39', '65'] as const).entries()) {
      const r = await t.request('POST', '/api/v1/customers', { token: manager.token, body: { name: `行业规则${i}有限公司`, customerType: 'direct', ownerId: rep.id, industryCode: code, region: '330106' } });
      expect(r.statusCode, r.body).toBe(201);
      ids.push(r.json().id);
    }
    const released = await t.request('POST', '/api/v1/owner-assignments', { token: manager.token, body: { customerIds: ids, ownerId: null, reason: '退回公海' } });
    expect(released.statusCode, released.body).toBe(200);
    const pool = (await t.request('GET', '/api/v1/customer-pool?region=330106&industryCode=C', { token: manager.token })).json().items;
    expect(pool.map((x: { customerId: string; industryCode: string }) => [x.customerId, x.industryCode]).sort()).toEqual([[ids[0], '39'], [ids[1], '39']].sort());
    const body = { rule: { region: '330106', industryCode: '39' }, ownerIds: [rep.id], reason: '电子行业客户分配' };
    const preview = await t.request('POST', '/api/v1/owner-assignments/preview', { token: manager.token, body });
    expect(preview.json()).toMatchObject({ total: 2 });
    const r = await t.request('POST', '/api/v1/owner-assignments/by-rule', { token: manager.token, body });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().assigned.map((a: { customerId: string }) => a.customerId).sort()).toEqual([ids[0], ids[1]].sort());
    const bad = await t.request('POST', '/api/v1/owner-assignments/preview', { token: manager.token, body: { ...body, rule: { industryCode: 'Z' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().errors[0]).toMatchObject({ path: 'rule.industryCode', code: 'unknown_industry' });
  });
});
