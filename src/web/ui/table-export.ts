/**
 * Client-side export of rows a page has loaded, for lists that have no server export route:
 * CSV (UTF-8 with BOM, so Excel reads Chinese) through the one CSV writer the server uses too
 * (contract/csv.ts, csv-stringify), and XLSX written by exceljs (loaded on first use, so pages
 * that never export do not carry it). Cells a spreadsheet would run as a formula are prefixed with
 * an apostrophe, as the server's exports do.
 */
import { CSV_BOM, csvLines } from '../../contract/csv.js';

export type ExportColumn<T> = { header: string; value: (row: T) => string | number | null | undefined };

export const escapeCell = (v: string | number | null | undefined): string | number => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return v;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
};

export const toCsv = <T>(columns: ExportColumn<T>[], rows: readonly T[]): string =>
  CSV_BOM + csvLines([columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => escapeCell(c.value(r))))]);

export const toXlsx = async <T>(sheetName: string, columns: ExportColumn<T>[], rows: readonly T[]): Promise<Uint8Array> => {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  // sheet names: at most 31 characters, none of : \ / ? * [ ]
  const ws = wb.addWorksheet(sheetName.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31).trim() || 'Sheet1');
  ws.addRow(columns.map((c) => c.header));
  for (const r of rows) ws.addRow(columns.map((c) => escapeCell(c.value(r))));
  return new Uint8Array(await wb.xlsx.writeBuffer());
};

/** Saves bytes or text as a file through a temporary link. */
export const saveFile = (fileName: string, content: Uint8Array | string, type: string): void => {
  const blob = new Blob([typeof content === 'string' ? content : (content.slice().buffer as ArrayBuffer)], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

export const exportRows = async <T>(format: 'csv' | 'xlsx', baseName: string, sheetName: string, columns: ExportColumn<T>[], rows: readonly T[]): Promise<void> => {
  if (format === 'csv') saveFile(`${baseName}.csv`, toCsv(columns, rows), 'text/csv;charset=utf-8');
  else saveFile(`${baseName}.xlsx`, await toXlsx(sheetName, columns, rows), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
};
