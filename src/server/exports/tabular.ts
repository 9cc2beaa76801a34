/**
 * Streaming csv/xlsx writers for every export. Cells that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR) are prefixed with an apostrophe (CSV/formula injection).
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export type Column<T> = { header: string; value: (row: T) => string | number | null };

export function escapeCell(v: string | number | null): string | number {
  if (v === null) return '';
  if (typeof v === 'number') return v;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

const csvQuote = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Writes rows from an async source; returns the stream to send and a promise of the row count. */
export function streamTable<T>(format: 'csv' | 'xlsx', sheet: string, columns: Column<T>[], rows: AsyncIterable<T[]>): { stream: Readable; done: Promise<number> } {
  const out = new PassThrough();
  const done = (async () => {
    let n = 0;
    try {
      if (format === 'csv') {
        out.write('\ufeff' + columns.map((c) => csvQuote(c.header)).join(',') + '\r\n'); // BOM: Excel reads UTF-8
        for await (const batch of rows) {
          out.write(batch.map((r) => columns.map((c) => csvQuote(escapeCell(c.value(r)))).join(',')).join('\r\n') + '\r\n');
          n += batch.length;
        }
        out.end();
      } else {
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
        const ws = wb.addWorksheet(sheet);
        ws.addRow(columns.map((c) => c.header)).commit();
        for await (const batch of rows) {
          for (const r of batch) ws.addRow(columns.map((c) => escapeCell(c.value(r)))).commit();
          n += batch.length;
        }
        ws.commit();
        await wb.commit();
      }
      return n;
    } catch (e) {
      out.destroy(e as Error);
      throw e;
    }
  })();
  done.catch(() => {});
  return { stream: out, done };
}
