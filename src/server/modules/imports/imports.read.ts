/**
 * Reading an import file row by row without holding it in memory (ARC-12): .xlsx through exceljs'
 * streaming reader after a zip check (entry count, uncompressed size, real sizes — no zip bombs),
 * .csv through csv-parse after detecting UTF-8 / GB18030 (GBK) with chardet and decoding with
 * iconv-lite. Bad files end in an ImportFileError with a message an archivist can act on.
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { open, rename, rm, stat } from 'node:fs/promises';
import v8 from 'node:v8';
import { PassThrough, Transform } from 'node:stream';
import chardet from 'chardet';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import type { Cell } from './imports.fields.js';

export class ImportFileError extends Error {}

export type ReadLimits = { maxRows: number; maxUnzippedBytes: number; maxZipEntries: number };
export type FileInfo = { format: 'xlsx' | 'csv'; encoding: string | null; size: number };
export type RawRow = { rowNo: number; cells: Cell[] };

async function head(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const gbFamily = new Set(['GB18030', 'GBK', 'GB2312', 'GB-2312', 'EUC-CN', 'HZ-GB-2312']);

/** The text encoding of a csv: a BOM, else valid UTF-8, else what chardet says (GB family → GB18030). */
export function detectEncoding(sample: Buffer): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'UTF-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'UTF-16LE';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'UTF-16BE';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true }); // a cut-off last character is fine
    return 'UTF-8';
  } catch {
    /* not UTF-8 */
  }
  const guesses = chardet.analyse(sample);
  const gb = guesses.find((g) => gbFamily.has(g.name.toUpperCase()) && g.confidence >= 10);
  if (gb) return 'GB18030'; // a superset of GBK and GB2312, as Chinese Excel writes "CSV"
  if (guesses.find((g) => g.name === 'Big5' && g.confidence >= 50)) return 'Big5';
  throw new ImportFileError(`the file's text encoding could not be recognised (${guesses[0]?.name ?? 'unknown'}); save it as "CSV UTF-8" or as .xlsx (无法识别文件编码，请另存为 UTF-8 CSV 或 .xlsx)`);
}

/** What kind of file this is, by its content (never by its name). */
export async function sniffFile(path: string): Promise<FileInfo> {
  const size = (await stat(path)).size;
  if (size === 0) throw new ImportFileError('the file is empty (文件为空)');
  const sample = await head(path, 64 * 1024);
  if (sample.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return { format: 'xlsx', encoding: null, size };
  if (sample.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    throw new ImportFileError('this is an old Excel 97–2003 (.xls) file; save it as .xlsx (请另存为 .xlsx 格式)');
  }
  const encoding = detectEncoding(sample);
  if (!encoding.startsWith('UTF-16') && sample.includes(0)) throw new ImportFileError('the file is neither an .xlsx workbook nor a text (csv) file (文件既不是 xlsx 也不是 csv)');
  return { format: 'csv', encoding, size };
}

/**
 * Checks an .xlsx before it is parsed: a real zip, a workbook inside, at most `maxZipEntries`
 * entries and `maxUnzippedBytes` uncompressed — declared and actual (each entry is inflated
 * once with its size checked, so a lying header cannot smuggle a zip bomb past).
 */
export async function checkXlsx(path: string, limits: ReadLimits): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, z) => (err || !z ? reject(err) : resolve(z))),
  ).catch((e: Error) => {
    throw new ImportFileError(`the .xlsx file is damaged and cannot be opened (${e.message}) (文件已损坏)`);
  });
  let entries = 0;
  let declared = 0;
  let actual = 0;
  let hasWorkbook = false;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        entries++;
        declared += entry.uncompressedSize;
        if (entries > limits.maxZipEntries) return reject(new ImportFileError(`the .xlsx file holds more than ${limits.maxZipEntries} parts; it is not a normal workbook`));
        if (declared > limits.maxUnzippedBytes) return reject(new ImportFileError(`the .xlsx file would unpack to more than ${Math.round(limits.maxUnzippedBytes / 1048576)} MB; it is refused (疑似压缩炸弹)`));
        if (entry.fileName === 'xl/workbook.xml') hasWorkbook = true;
        if (/\/$/.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          stream.on('data', (c: Buffer) => {
            actual += c.length;
            if (actual > limits.maxUnzippedBytes) stream.destroy(new ImportFileError('the .xlsx file unpacks to more than allowed; it is refused (疑似压缩炸弹)'));
          });
          stream.on('error', reject);
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw new ImportFileError(`the .xlsx file is damaged (${(e as Error).message}) (文件已损坏)`);
  } finally {
    zip.close();
  }
  if (!hasWorkbook) throw new ImportFileError('the zip file is not an Excel workbook (.xlsx) (不是 Excel 工作簿)');
}

type ExcelValue = ExcelJS.CellValue;
function toCell(v: ExcelValue | undefined): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) return { formula: String((v as { formula?: string; sharedFormula?: string }).formula ?? (v as { sharedFormula?: string }).sharedFormula ?? '') };
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as { text: unknown }).text);
    if ('error' in v) return { formula: String((v as { error: unknown }).error) };
  }
  return String(v);
}

/** Counts bytes read from the file, for progress by position. */
function counter(onBytes: (n: number) => void) {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      onBytes(n);
      cb(null, chunk);
    },
  });
}

/**
 * A workbook's shared strings, packed: UTF-8 bytes end to end with their offsets. A 100,000-row
 * sheet has about a million of them; as JavaScript strings (each with its header, many still
 * pointing into the XML text they were cut from) they would hold several times the memory.
 */
class SharedStrings {
  private bytes = Buffer.allocUnsafe(1 << 20);
  private ends = new Uint32Array(1 << 14);
  private used = 0;
  private count = 0;

  add(index: number, text: string) {
    if (index !== this.count) throw new ImportFileError('the .xlsx file\'s shared strings are out of order (文件已损坏)');
    const need = Buffer.byteLength(text);
    if (this.used + need > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + need));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.used += this.bytes.write(text, this.used);
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.count++] = this.used;
  }

  get(index: number): string | null {
    if (!(index >= 0 && index < this.count)) return null;
    return this.bytes.toString('utf8', index === 0 ? 0 : this.ends[index - 1], this.ends[index]);
  }
}

type SharedText = string | { richText: { text: string }[] } | null;
const plainText = (t: SharedText) => (t === null ? '' : typeof t === 'string' ? t : t.richText.map((r) => r.text ?? '').join(''));

/** What sheetRows needs of exceljs' streaming worksheet reader: its XML and the workbook's styles and properties. */
type SheetReader = { iterator: AsyncIterable<unknown>; workbook: { styles?: { getStyleModel(id: number): { numFmt?: string } | null }; properties?: { model?: { date1904?: boolean } } } };
type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: { name: string; attributes: Record<string, string> } & string };
const requireCjs = createRequire(import.meta.url);
const exceljsLib = {
  parseSax: requireCjs('exceljs/lib/utils/parse-sax.js') as (xml: AsyncIterable<unknown>) => AsyncIterable<SaxEvent[]>,
  utils: requireCjs('exceljs/lib/utils/utils.js') as { isDateFmt(fmt: string | undefined): boolean; excelToDate(v: number, date1904?: boolean): Date; xmlDecode(s: string): string },
  colCache: requireCjs('exceljs/lib/utils/col-cache.js') as { decodeAddress(ref: string): { col: number }; encodeAddress(row: number, col: number): string; validateAddress(ref: string): boolean },
};

/**
 * The rows of a worksheet with the values exceljs' streaming reader gives `row.values` (PLT-7: its
 * own parse, in worksheet-reader.js, builds a Row, Cells, styles and value objects per cell — most
 * of the time of reading a 100,000-row file): the same XML events, read the same way — a cell's
 * number format from its own style, else its row's; a formula as { formula }, an error as
 * { error }, a shared string as { sharedString }, inline text decoded once more as exceljs does —
 * without the objects. `values[col]` for each cell with a value (1-based, holes for empty cells).
 */
export async function* sheetRows(ws: SheetReader): AsyncGenerator<{ number: number; values: ExcelValue[] }> {
  const { parseSax, utils, colCache } = exceljsLib;
  const styles = ws.workbook.styles;
  const date1904 = ws.workbook.properties?.model?.date1904;
  let inRows = false;
  let row: { number: number; values: ExcelValue[]; numFmt: string | undefined } | null = null;
  let c: { ref: string; s: number; t: string | undefined; f?: { text: string }; v?: { text: string } } | null = null;
  let current: { text: string } | null = null;
  for await (const events of parseSax(ws.iterator)) {
    const rows: { number: number; values: ExcelValue[] }[] = [];
    for (const { eventType, value } of events) {
      if (eventType === 'opentag') {
        switch (value.name) {
          case 'sheetData':
            inRows = true;
            break;
          case 'row':
            if (inRows) {
              const style = value.attributes.s ? styles?.getStyleModel(parseInt(value.attributes.s, 10)) : null;
              row = { number: parseInt(value.attributes.r!, 10), values: [], numFmt: style ? style.numFmt : undefined };
            }
            break;
          case 'c':
            if (row) c = { ref: value.attributes.r!, s: parseInt(value.attributes.s!, 10), t: value.attributes.t };
            break;
          case 'f':
            if (c) current = c.f = { text: '' };
            break;
          case 'v':
          case 'is':
          case 't':
            if (c) current = c.v = { text: '' };
            break;
          default:
            break;
        }
      } else if (eventType === 'text') {
        if (current) current.text += value;
      } else if (value.name === 'sheetData') inRows = false;
      else if (value.name === 'row') {
        if (row) rows.push({ number: row.number, values: row.values });
        row = null;
      } else if (value.name === 'c' && row && c) {
        const col = colCache.decodeAddress(c.ref).col;
        // exceljs refuses a cell it cannot address (a row without its number, a bad reference): so do we
        if (!(row.number >= 1) || !(col >= 1)) colCache.validateAddress(colCache.encodeAddress(row.number, col));
        let numFmt = row.numFmt;
        if (c.s) {
          const style = styles?.getStyleModel(c.s);
          if (style) numFmt = style.numFmt;
        }
        let v: ExcelValue | undefined;
        if (c.f) v = (c.v ? { formula: c.f.text, result: c.t === 'str' ? utils.xmlDecode(c.v.text) : parseFloat(c.v.text) } : { formula: c.f.text }) as ExcelValue;
        else if (c.v) {
          switch (c.t) {
            case 's':
              v = { sharedString: parseInt(c.v.text, 10) } as unknown as ExcelValue;
              break;
            case 'inlineStr':
            case 'str':
              v = utils.xmlDecode(c.v.text);
              break;
            case 'e':
              v = { error: c.v.text } as unknown as ExcelValue;
              break;
            case 'b':
              v = parseInt(c.v.text, 10) !== 0;
              break;
            default:
              v = utils.isDateFmt(numFmt) ? utils.excelToDate(parseFloat(c.v.text), date1904) : parseFloat(c.v.text);
          }
        }
        // a later cell of the same column replaces an earlier one's value; one without a value leaves it, as in exceljs
        if (v !== undefined) row.values[col] = v;
        c = null;
      }
    }
    for (const r of rows) {
      // exceljs' row.values ends at the last cell with a value
      let end = r.values.length;
      while (end > 1 && r.values[end - 1] === undefined) end--;
      r.values.length = end;
      yield r;
    }
  }
}

async function* xlsxRows(path: string, onBytes: (n: number) => void): AsyncGenerator<RawRow> {
  const input = createReadStream(path).pipe(counter(onBytes));
  // shared strings are emitted (and packed here) rather than cached by exceljs; the worksheet then
  // comes after them (exceljs keeps it in a temporary file until they are read), its string cells
  // as { sharedString: index }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input as unknown as PassThrough, { sharedStrings: 'emit', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' });
  const strings = new SharedStrings();
  const resolve = (v: ExcelValue | undefined): ExcelValue | undefined => {
    if (v && typeof v === 'object' && 'sharedString' in v) return strings.get((v as { sharedString: number }).sharedString) ?? '';
    return v;
  };
  try {
    // exceljs 4.4 yields each shared string as { index, text } without an eventType
    for await (const event of reader.parse() as unknown as AsyncIterable<{ eventType?: string; value?: unknown; index?: number; text?: SharedText }>) {
      if (event.eventType === 'shared-strings' || (event.eventType === undefined && typeof event.index === 'number')) {
        const item = (event.eventType ? event.value : event) as { index: number; text: SharedText };
        strings.add(item.index, plainText(item.text));
        continue;
      }
      if (event.eventType !== 'worksheet') continue;
      for await (const row of sheetRows(event.value as SheetReader)) {
        const values = row.values;
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(toCell(resolve(values[i])));
        yield { rowNo: row.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw new ImportFileError(`the .xlsx file could not be read (${(e as Error).message}) (文件无法读取)`);
  } finally {
    input.destroy();
  }
}

function delimiterOf(sample: string): string {
  const first = sample.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', '\t', ';', '，'].map((d) => [d, first.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

async function* csvRows(path: string, encoding: string, onBytes: (n: number) => void): AsyncGenerator<RawRow> {
  const sample = iconv.decode(await head(path, 16 * 1024), encoding);
  const parser = parseCsv({ delimiter: delimiterOf(sample), bom: true, relax_column_count: true, relax_quotes: true, max_record_size: 1024 * 1024, skip_records_with_empty_values: false });
  const source = createReadStream(path).pipe(counter(onBytes)).pipe(iconv.decodeStream(encoding)) as unknown as Transform;
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
  let rowNo = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNo++;
      if (record.some((c) => c.includes('\ufffd'))) throw new ImportFileError(`row ${rowNo} is not valid ${encoding} text: the file's encoding is mixed or wrong; save it as "CSV UTF-8" (第 ${rowNo} 行编码错误)`);
      yield { rowNo, cells: record.map((c) => (c === '' ? null : c)) };
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw new ImportFileError(`the csv file could not be read near row ${rowNo + 1} (${(e as Error).message}) (csv 文件格式错误)`);
  } finally {
    source.destroy();
  }
}

/**
 * The header and the data rows of a file (blank rows skipped), refusing past `maxRows` data rows
 * before reading further. `onBytes` reports how far into the file reading has come.
 */
export async function* readRows(path: string, info: FileInfo, limits: ReadLimits, onBytes: (n: number) => void = () => {}): AsyncGenerator<RawRow & { header: boolean }> {
  if (info.format === 'xlsx') await checkXlsx(path, limits);
  const rows = info.format === 'xlsx' ? xlsxRows(path, onBytes) : csvRows(path, info.encoding ?? 'UTF-8', onBytes);
  let seenHeader = false;
  let data = 0;
  for await (const r of rows) {
    if (r.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) continue;
    if (!seenHeader) {
      seenHeader = true;
      yield { ...r, header: true };
      continue;
    }
    if (++data > limits.maxRows) throw new ImportFileError(`the file has more than ${limits.maxRows.toLocaleString('en')} data rows; split it into smaller files (KEDANG_IMPORT_MAX_ROWS) (行数超过上限)`);
    yield { ...r, header: false };
  }
  if (!seenHeader) throw new ImportFileError('the file has no header row (文件没有表头)');
}

type ReadRow = RawRow & { header: boolean };
/** Rows a recording holds per frame (a frame: its byte length as 4 bytes, then the rows v8-serialised). */
const FRAME_ROWS = 1000;

/**
 * Passes `rows` through and records them to `file` (ARC-12, PLT-7): a dry run records what it
 * read, so that the commit replays the very same rows (replayRows) instead of parsing the workbook
 * again. Written to `file.partial` and renamed only when every row was read: an interrupted or
 * failed read leaves no recording behind.
 */
export async function* recordRows(rows: AsyncIterable<ReadRow>, file: string): AsyncGenerator<ReadRow> {
  const partial = `${file}.partial`;
  const fh = await open(partial, 'w', 0o600);
  let frame: ReadRow[] = [];
  const flush = async () => {
    if (!frame.length) return;
    const body = v8.serialize(frame);
    frame = [];
    const head = Buffer.allocUnsafe(4);
    head.writeUInt32LE(body.length, 0);
    await fh.write(head);
    await fh.write(body);
  };
  let complete = false;
  try {
    for await (const r of rows) {
      frame.push(r);
      if (frame.length >= FRAME_ROWS) await flush();
      yield r;
    }
    await flush();
    complete = true;
  } finally {
    await fh.close();
    if (complete) await rename(partial, file);
    else await rm(partial, { force: true });
  }
}

/**
 * The rows recordRows recorded, in order, with the same row limit as readRows. `onBytes` reports
 * progress scaled to `size` (the original file's size, which progress is measured against).
 */
export async function* replayRows(file: string, size: number, limits: ReadLimits, onBytes: (n: number) => void = () => {}): AsyncGenerator<ReadRow> {
  const fh = await open(file, 'r');
  try {
    const total = (await fh.stat()).size;
    const head = Buffer.alloc(4);
    let pos = 0;
    let data = 0;
    while (pos < total) {
      await fh.read(head, 0, 4, pos);
      const body = Buffer.allocUnsafe(head.readUInt32LE(0));
      const { bytesRead } = await fh.read(body, 0, body.length, pos + 4);
      if (bytesRead !== body.length) throw new ImportFileError('the checked rows of this import could not be read back; run the dry run again');
      pos += 4 + body.length;
      onBytes(Math.round((pos / total) * size));
      for (const r of v8.deserialize(body) as ReadRow[]) {
        if (!r.header && ++data > limits.maxRows) throw new ImportFileError(`the file has more than ${limits.maxRows.toLocaleString('en')} data rows; split it into smaller files (KEDANG_IMPORT_MAX_ROWS) (行数超过上限)`);
        yield r;
      }
    }
  } finally {
    await fh.close();
  }
}
