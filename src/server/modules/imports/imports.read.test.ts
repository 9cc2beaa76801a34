import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRows, recordRows, replayRows, sheetRows } from './imports.read.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kedang-import-read-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every row of the first worksheet, through exceljs' own Row objects or through sheetRows. */
async function rowsOf(file: string, through: 'exceljs' | 'sheetRows') {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file) as unknown as PassThrough, { sharedStrings: 'emit', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' });
  const out: { number: number; values: unknown[] }[] = [];
  for await (const event of reader.parse() as unknown as AsyncIterable<{ eventType?: string; value?: unknown }>) {
    if (event.eventType !== 'worksheet') continue;
    if (through === 'exceljs') for await (const row of event.value as AsyncIterable<ExcelJS.Row>) out.push({ number: row.number, values: [...(row.values as unknown[])] });
    else for await (const row of sheetRows(event.value as never)) out.push({ number: row.number, values: [...row.values] });
    break;
  }
  return out;
}

describe('ARC-12 PLT-7 reading a workbook', () => {
  it('ARC-12 PLT-7 sheetRows gives each row the values exceljs’ Row objects give: strings, numbers, dates by cell and row format, booleans, formulas, errors, rich text, gaps, empty rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户档案');
    ws.addRow(['客户名称', '成立日期', '注册资金', '是否', '公式', '备注']);
    ws.addRow(['杭州西湖茶业有限公司', new Date(Date.UTC(2010, 4, 18)), 5000000, true, { formula: 'B2+1', result: 40317 }, 'a & b < c']);
    ws.addRow(['宁波港联物流有限公司', 40000.5, -0.25, false, { formula: 'CONCATENATE("a","b")', result: 'ab' }, { richText: [{ text: '富' }, { text: '文本' }] }]);
    const r4 = ws.addRow(['温州瓯江', 41000, null, null, { error: '#N/A' }, '  前后空格  ']);
    r4.getCell(2).numFmt = 'yyyy/mm/dd';
    ws.addRow([]);
    const r6 = ws.getRow(6);
    r6.numFmt = 'yyyy-mm-dd'; // a row's own format: cells without their own take it
    r6.getCell(1).value = '金华';
    r6.getCell(2).value = 42000;
    r6.getCell(8).value = 'H 列';
    r6.commit();
    ws.addRow(['0571-87001234', 1234567890123, '', 0, 'x\ty\nz', null]);
    const file = path.join(dir, 'kinds.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    const viaExceljs = await rowsOf(file, 'exceljs');
    expect(viaExceljs.length).toBeGreaterThanOrEqual(5);
    expect(await rowsOf(file, 'sheetRows')).toEqual(viaExceljs);
  });

  it('ARC-12 PLT-7 a dry run’s recording replays the very rows it read, header flag and row numbers included; an unfinished read leaves none', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['客户名称', '成立日期']);
    for (let i = 0; i < 2500; i++) ws.addRow([`公司${i}`, i % 3 ? new Date(Date.UTC(2000, 0, 1 + i)) : null]);
    ws.addRow([]);
    ws.addRow(['最后一家', { formula: 'A1' }]);
    const file = path.join(dir, 'record.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    const limits = { maxRows: 10_000, maxUnzippedBytes: 50 * 1048576, maxZipEntries: 1000 };
    const info = { format: 'xlsx' as const, encoding: null, size: 1 };
    const read: unknown[] = [];
    for await (const r of recordRows(readRows(file, info, limits), `${file}.rows`)) read.push(r);
    expect(read).toHaveLength(2502); // the header, 2,500 rows, the last one (the blank row is skipped)
    const replayed: unknown[] = [];
    for await (const r of replayRows(`${file}.rows`, 1, limits)) replayed.push(r);
    expect(replayed).toEqual(read);
    await expect((async () => {
      for await (const _ of replayRows(`${file}.rows`, 1, { ...limits, maxRows: 100 })) void _;
    })()).rejects.toThrow(/more than 100 data rows/);
    // a read that stops half-way records nothing
    for await (const r of recordRows(readRows(file, info, limits), `${file}.half`)) if ((r as { rowNo: number }).rowNo > 10) break;
    await expect(import('node:fs/promises').then((fs) => fs.stat(`${file}.half`))).rejects.toThrow();
    await expect(import('node:fs/promises').then((fs) => fs.stat(`${file}.half.partial`))).rejects.toThrow();
  });
});
