import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { SheetDate } from '../../exports/tabular.js';

let t: TestApp;
let cs: { id: string; token: string };
let createdAt: string;
beforeAll(async () => {
  t = await createTestApp();
  cs = await t.createUser('kefu.export', ['cs_staff']);
  const r = await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '日期导出测试有限公司', customerType: 'direct', phone: '0571-87001234', address: '杭州市西湖区', filedOn: '2026-03-01' } });
  expect(r.statusCode, r.body).toBe(201);
  createdAt = r.json().createdAt;
});
afterAll(async () => t?.close());

const shanghai = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString(); // China has no daylight saving

describe('ARC-12 exports write real dates in the company time zone', () => {
  it('ARC-12 SheetDate: an instant becomes Shanghai wall time; a date stays the date', () => {
    expect(new SheetDate(new Date('2026-12-06T15:17:29.938Z'), false).text()).toBe('2026-12-06 23:17:29');
    expect(new SheetDate(new Date('2026-12-06T17:00:00Z'), false).text()).toBe('2026-12-07 01:00:00');
    expect(SheetDate.of('2026-03-01', true)!.text()).toBe('2026-03-01');
    expect(SheetDate.of('not a date', false)).toBeNull();
  });

  it('ARC-12 xlsx: created time and filing date are Excel dates (with a date format) in Asia/Shanghai', async () => {
    const r = await t.request('GET', '/api/v1/exports/customers?format=xlsx&columns=archiveNo,name,createdAt,filedOn', { token: cs.token });
    expect(r.statusCode, r.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const row = wb.worksheets[0]!.getRow(2);
    const created = row.getCell(3).value;
    expect(created).toBeInstanceOf(Date);
    expect((created as Date).toISOString().slice(0, 19)).toBe(shanghai(createdAt).slice(0, 19));
    expect(row.getCell(3).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect((row.getCell(4).value as Date).toISOString().slice(0, 10)).toBe('2026-03-01');
    expect(row.getCell(4).numFmt).toBe('yyyy-mm-dd');
  });

  it('ARC-12 csv: the same times as Shanghai text; the default columns carry phone and address', async () => {
    const csv = (await t.request('GET', '/api/v1/exports/customers?format=csv&columns=name,createdAt', { token: cs.token })).body;
    expect(csv).toContain(`日期导出测试有限公司,${shanghai(createdAt).slice(0, 10)} ${shanghai(createdAt).slice(11, 19)}`);
    const all = (await t.request('GET', '/api/v1/exports/customers?format=csv', { token: cs.token })).body;
    const header = all.replace(/^\ufeff/, '').split('\r\n')[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['电话', '地址']));
    expect(all).toContain('0571-87001234');
    expect(all).toContain('杭州市西湖区');
  });
});
