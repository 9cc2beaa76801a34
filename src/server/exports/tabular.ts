/**
 * Streaming csv/xlsx writers for every export (xlsx through xlsx-writer.ts). Cells that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR) are prefixed with an apostrophe (CSV/formula injection).
 */
import { PassThrough, type Readable } from 'node:stream';
import { CSV_BOM, csvLines } from '../../contract/csv.js';
import { XlsxSheetWriter } from './xlsx-writer.js';

/**
 * A date or time for a spreadsheet: a real Excel date (not text) showing the wall-clock time of
 * the company's time zone (Asia/Shanghai by default), and the same text in a csv.
 */
export class SheetDate {
  /** The wall-clock time as if it were UTC (Excel dates carry no zone). */
  readonly wall: Date;
  constructor(at: Date, readonly dateOnly: boolean, timeZone = 'Asia/Shanghai') {
    if (dateOnly) this.wall = at;
    else {
      const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at).map((p) => [p.type, p.value]));
      this.wall = new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)));
    }
  }
  /** `2026-12-06` or `2026-12-06 23:17:29` in the company's zone. */
  text(): string {
    const iso = this.wall.toISOString();
    return this.dateOnly ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  /** A date-only value (`YYYY-MM-DD`) or an instant (ISO 8601) as a sheet date; anything else null. */
  static of(v: string, dateOnly: boolean, timeZone?: string): SheetDate | null {
    if (dateOnly) return /^\d{4}-\d{2}-\d{2}$/.test(v) ? new SheetDate(new Date(`${v}T00:00:00Z`), true) : null;
    const at = new Date(v);
    return Number.isNaN(at.getTime()) ? null : new SheetDate(at, false, timeZone);
  }
}

export type Column<T> = { header: string; value: (row: T) => string | number | SheetDate | null };

export function escapeCell(v: string | number | SheetDate | null): string | number {
  if (v === null) return '';
  if (v instanceof SheetDate) return v.text();
  if (typeof v === 'number') return v;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}


/** Writes rows from an async source; returns the stream to send and a promise of the row count. */
export function streamTable<T>(format: 'csv' | 'xlsx', sheet: string, columns: Column<T>[], rows: AsyncIterable<T[]>): { stream: Readable; done: Promise<number> } {
  const out = new PassThrough();
  const done = (async () => {
    let n = 0;
    try {
      if (format === 'csv') {
        out.write(CSV_BOM + csvLines([columns.map((c) => c.header)])); // BOM: Excel reads UTF-8
        for await (const batch of rows) {
          out.write(csvLines(batch.map((r) => columns.map((c) => escapeCell(c.value(r))))));
          n += batch.length;
        }
        out.end();
      } else {
        // the first batch is read before any byte is written: a source that refuses at once (a
        // record that does not exist, a bad cursor) still gets its 4xx answer, not a broken 200
        const it = rows[Symbol.asyncIterator]();
        let next = await it.next();
        const w = new XlsxSheetWriter(out, sheet);
        await w.row(columns.map((c) => c.header));
        while (!next.done) {
          for (const r of next.value) {
            await w.row(columns.map((c) => {
              const v = c.value(r);
              return v instanceof SheetDate ? { date: v.wall, dateOnly: v.dateOnly } : escapeCell(v);
            }));
          }
          n += next.value.length;
          next = await it.next();
        }
        await w.end();
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
