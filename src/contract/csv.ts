/**
 * The one CSV writer of server exports and browser exports (issue 17: csv-stringify instead of two
 * hand-written copies): CRLF lines, fields quoted where they hold a comma, a quote or a line break.
 * A UTF-8 BOM goes first so that Excel reads Chinese.
 */
// the browser build (its own small Buffer shim) runs in Node and in the browser alike
import { stringify } from 'csv-stringify/browser/esm/sync';

export const CSV_BOM = '\ufeff';

/** Rows of cells as CSV text, each line ending in CRLF. */
export const csvLines = (rows: readonly (readonly (string | number)[])[]): string =>
  rows.length === 0 ? '' : stringify(rows.map((r) => r.map((v) => (typeof v === 'number' ? String(v) : v))), { record_delimiter: 'windows' });
