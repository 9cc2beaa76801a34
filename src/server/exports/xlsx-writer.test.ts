import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeCell, SheetDate, streamTable } from './tabular.js';
import { sheetName, XlsxSheetWriter, xmlText } from './xlsx-writer.js';

type V = string | number | SheetDate | null;
const collect = (s: NodeJS.ReadableStream) => new Promise<Buffer>((resolve, reject) => {
  const c: Buffer[] = [];
  s.on('data', (d: Buffer) => c.push(d)).on('end', () => resolve(Buffer.concat(c))).on('error', reject);
});

/** The workbook exceljs' streaming writer made before (the reference). */
async function byExcelJs(sheet: string, rows: V[][]): Promise<Buffer> {
  const out = new PassThrough();
  const bytes = collect(out);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheet);
  for (const values of rows) {
    const row = ws.addRow(values.map((v) => (v instanceof SheetDate ? v.wall : escapeCell(v))));
    values.forEach((v, i) => {
      if (v instanceof SheetDate) row.getCell(i + 1).numFmt = v.dateOnly ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss';
    });
    row.commit();
  }
  ws.commit();
  await wb.commit();
  return bytes;
}

async function byWriter(sheet: string, rows: V[][]): Promise<Buffer> {
  const out = new PassThrough();
  const bytes = collect(out);
  const w = new XlsxSheetWriter(out, sheet);
  for (const values of rows) await w.row(values.map((v) => (v instanceof SheetDate ? { date: v.wall, dateOnly: v.dateOnly } : escapeCell(v))));
  await w.end();
  return bytes;
}

async function cells(b: Buffer, width: number) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(b as never);
  const ws = wb.worksheets[0]!;
  const out: unknown[] = [ws.name, ws.rowCount];
  ws.eachRow({ includeEmpty: true }, (r, n) => {
    for (let i = 1; i <= width; i++) out.push([n, i, r.getCell(i).value, r.getCell(i).numFmt ?? null]);
  });
  return out;
}

describe('PLT-7 ARC-12 the streaming xlsx writer', () => {
  it('PLT-7 ARC-12 reads back as what exceljs wrote: text (escaped, formula-guarded, spaces kept), numbers, dates with their formats, empty cells', async () => {
    const rows: V[][] = [
      ['客户名称', '金额', '成立日期', '建档时间', '备注'],
      ['A&B <c> "q" \'x\'', 12.5, SheetDate.of('2026-03-01', true), SheetDate.of('2026-12-06T15:17:29.938Z', false), null],
      ['  leading and trailing  ', -3, null, null, '=HYPERLINK("x")'],
      ['bad\u0001char\u001f', 0, null, null, 'two\nlines'],
      ['', 1234567.891, SheetDate.of('1999-12-31', true), null, '中文 テキスト 😀'],
    ];
    expect(await cells(await byWriter('客户档案', rows), 5)).toEqual(await cells(await byExcelJs('客户档案', rows), 5));
    const back = await cells(await byWriter('客户档案', rows), 5);
    expect(back).toContainEqual([3, 5, "'=HYPERLINK(\"x\")", null]);
    expect(back).toContainEqual([4, 1, 'badchar', null]);
  });

  it('PLT-7 ARC-12 any text and number reads back unchanged (property)', async () => {
    const text = fc.string({ maxLength: 20 }).map((s) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/g, ''));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }))), { minLength: 1, maxLength: 20 }), async (pairs) => {
        const rows: V[][] = [['t', 'n'], ...pairs.map(([t, n]) => [t, Object.is(n, -0) ? 0 : n] as V[])];
        expect(await cells(await byWriter('s', rows), 2)).toEqual(await cells(await byExcelJs('s', rows), 2));
      }),
      { numRuns: 25 },
    );
  });

  it('PLT-7 ARC-12 an export with no rows is a valid workbook with its header; streamTable writes it', async () => {
    const t = streamTable<{ a: string }>('xlsx', '空', [{ header: '甲', value: (r) => r.a }], (async function* () {})());
    const b = await collect(t.stream);
    expect(await t.done).toBe(0);
    expect(await cells(b, 1)).toEqual(['空', 1, [1, 1, '甲', null]]);
  });

  it('PLT-7 ARC-12 sheet names Excel refuses are made acceptable; XML text escapes', () => {
    expect(sheetName('a/b:c*d?[e]\\f')).toBe('a_b_c_d__e__f');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
    expect(sheetName('')).toBe('Sheet1');
    expect(xmlText('a<b>&"c"\u0000')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(xmlText('plain 中文')).toBe('plain 中文');
  });

  it('PLT-7 ARC-12 a slow reader holds the writer back and gets every row; a reader that goes away ends the export with an error, not a hang', async () => {
    const many = (async function* () {
      for (let b = 0; b < 20; b++) yield Array.from({ length: 1000 }, (_, i) => ({ a: `行 ${b * 1000 + i} ${'x'.repeat(b)}`, n: b * 1000 + i }));
    })();
    const t = streamTable<{ a: string; n: number }>('xlsx', 's', [{ header: 'a', value: (r) => r.a }, { header: 'n', value: (r) => r.n }], many);
    const chunks: Buffer[] = [];
    for await (const c of t.stream) {
      chunks.push(c as Buffer);
      await new Promise((r) => setImmediate(r));
    }
    expect(await t.done).toBe(20_000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as never);
    expect(wb.worksheets[0]!.rowCount).toBe(20_001);
    expect(wb.worksheets[0]!.getRow(20_001).getCell(2).value).toBe(19_999);

    const endless = (async function* () {
      for (;;) yield Array.from({ length: 1000 }, (_, i) => ({ a: 'y'.repeat(50) + i, n: i }));
    })();
    const gone = streamTable<{ a: string; n: number }>('xlsx', 's', [{ header: 'a', value: (r) => r.a }], endless);
    await new Promise((r) => gone.stream.once('readable', r));
    gone.stream.destroy();
    await expect(gone.done).rejects.toThrow();
  });

  it('PLT-7 PLT-8 a source that refuses at once writes no byte: the stream ends in its error, so the route still answers 4xx', async () => {
    const refused = Object.assign(new Error('no such record'), { statusCode: 404 });
    const t = streamTable<{ a: string }>('xlsx', 's', [{ header: 'a', value: (r) => r.a }], (async function* () {
      yield* [];
      throw refused;
    })());
    let bytes = 0;
    t.stream.on('data', (d: Buffer) => (bytes += d.length));
    await expect(new Promise((_, reject) => t.stream.once('error', reject))).rejects.toBe(refused);
    await expect(t.done).rejects.toBe(refused);
    expect(bytes).toBe(0);
  });
});
