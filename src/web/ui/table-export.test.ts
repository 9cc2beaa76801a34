import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { toCsv, toXlsx, type ExportColumn } from './table-export.js';

type Row = { no: string; name: string; reads: number; note: string | null };
const columns: ExportColumn<Row>[] = [
  { header: '档案编号', value: (r) => r.no },
  { header: '客户名称', value: (r) => r.name },
  { header: '查阅次数', value: (r) => r.reads },
  { header: '备注', value: (r) => r.note },
];
const rows: Row[] = [
  { no: 'KH-2026-000001', name: '深圳市鹏程翼飞科技有限公司', reads: 3, note: '=HYPERLINK("http://x")' },
  { no: 'KH-2026-000002', name: 'A & B <Co> "Ltd"', reads: 0, note: null },
];

describe('client-side export of loaded rows (borrowing register, SEC-6)', () => {
  it('SEC-6 the xlsx opens in a spreadsheet reader with every header and cell, numbers as numbers and formulas escaped', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await toXlsx('查借阅登记', columns, rows)) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('查借阅登记');
    expect(ws.getRow(1).values).toEqual([undefined, '档案编号', '客户名称', '查阅次数', '备注']);
    expect(ws.getCell('B2').value).toBe('深圳市鹏程翼飞科技有限公司');
    expect(ws.getCell('C2').value).toBe(3);
    expect(ws.getCell('D2').value).toBe('\'=HYPERLINK("http://x")');
    expect(ws.getCell('B3').value).toBe('A & B <Co> "Ltd"');
    expect(ws.rowCount).toBe(3);
  });

  it('SEC-6 the csv has a BOM, quotes what needs quoting and escapes formulas', () => {
    const csv = toCsv(columns, rows);
    expect(csv.startsWith('\ufeff档案编号,客户名称,查阅次数,备注\r\n')).toBe(true);
    expect(csv).toContain('KH-2026-000001,深圳市鹏程翼飞科技有限公司,3,"\'=HYPERLINK(""http://x"")"\r\n');
    expect(csv).toContain('KH-2026-000002,"A & B <Co> ""Ltd""",0,\r\n');
  });
});
