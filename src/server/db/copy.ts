/**
 * COPY … FROM STDIN in PostgreSQL's text format, for writers of many rows (the demo and benchmark
 * loaders, an import's commit). Rows are produced lazily and sent in chunks, so a large load never
 * sits in memory as one string. It runs on the client it is given, so inside that client's open
 * transaction if there is one.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One value in COPY's text format: \N for null, backslash, tab and line breaks escaped. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : Array.isArray(v) ? `{${v.join(',')}}` : String(v);
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const CHUNK_CHARS = 32 * 1024;

/** COPYs `rows` into `table (columns)`; returns the number of rows written. */
export function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number> {
  return copyLines(client, table, columns, (function* () {
    for (const row of rows) yield row.map(copyValue).join('\t') + '\n';
  })());
}

/**
 * COPYs lines already in COPY's text format (values through copyValue or known to need no
 * escaping, tab-separated, each ending in a line feed): for writers of millions of narrow rows
 * (an import's search terms), which then build no array per row. Returns the number of lines.
 */
export async function copyLines(client: pg.ClientBase, table: string, columns: readonly string[], lines: Iterable<string>): Promise<number> {
  const it = lines[Symbol.iterator]();
  let n = 0;
  const source = new Readable({
    read() {
      // chunks of about 64 KB: big enough for few writes, small enough to be short-lived young
      // objects (a multi-megabyte string would go to the old generation and wait for a full GC)
      let chunk = '';
      while (chunk.length < CHUNK_CHARS) {
        const next = it.next();
        if (next.done) {
          if (chunk) this.push(chunk);
          this.push(null);
          return;
        }
        n++;
        chunk += next.value;
      }
      this.push(chunk);
    },
  });
  await pipeline(source, client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
  return n;
}
