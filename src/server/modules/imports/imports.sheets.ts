/**
 * Files handed to the archivist (ARC-12): the import template of each entity (Chinese headers, a
 * sample row, a sheet of allowed values) and the dry-run report — the uploaded rows again with an
 * error column and the bad cells marked red, so the file can be fixed in place and uploaded again.
 * Streamed with exceljs' writer; every cell escaped against formula injection.
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ImportEntity } from '../../../contract/imports.js';
import { industryDivisions, industrySection } from '../../../contract/industries.js';
import { escapeCell, streamTable } from '../../exports/tabular.js';
import { cellText, entityFields, entityLabels, type Cell } from './imports.fields.js';
import { readRows, type FileInfo, type ReadLimits } from './imports.read.js';

export function templateFile(entity: ImportEntity, format: 'xlsx' | 'csv'): { stream: Readable; filename: string } {
  const fields = entityFields[entity];
  const filename = `${entityLabels[entity]}导入模板.${format}`;
  if (format === 'csv') {
    const { stream } = streamTable('csv', 'template', fields.map((f) => ({ header: f.label, value: () => f.example })), (async function* () {
      yield [{}];
    })());
    return { stream, filename };
  }
  const out = new PassThrough();
  void (async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet(entityLabels[entity]);
    ws.columns = fields.map((f) => ({ width: Math.max(12, f.label.length * 2 + 4) }));
    const header = ws.addRow(fields.map((f) => f.label));
    header.font = { bold: true };
    fields.forEach((f, i) => {
      if (f.required) header.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE58F' } };
    });
    header.commit();
    ws.addRow(fields.map((f) => escapeCell(f.example))).commit();
    ws.commit();
    const help = wb.addWorksheet('填写说明');
    help.columns = [{ width: 22 }, { width: 18 }, { width: 8 }, { width: 60 }];
    const h = help.addRow(['列名 (header)', '字段 (field key)', '必填', '可填写的值 / 说明']);
    h.font = { bold: true };
    h.commit();
    for (const f of fields) {
      const allowed = f.values ? Object.values(f.values).join(' / ') : '';
      help.addRow([f.label, f.key, f.required ? '是' : '', [allowed, f.note ?? '', f.kind === 'date' ? '日期：2026-03-01 或 2026/3/1' : ''].filter(Boolean).join('；')]).commit();
    }
    help.addRow([]).commit();
    help.addRow(['表头可使用中文列名、英文列名或字段名（如 name、customerType）；第一张工作表的第一行为表头。']).commit();
    help.commit();
    if (fields.some((f) => f.kind === 'industry')) {
      // the GB/T 4754—2017 大类 a 行业代码 cell may name (ARC-1)
      const codes = wb.addWorksheet('行业代码');
      codes.columns = [{ width: 8 }, { width: 34 }, { width: 10 }, { width: 44 }];
      const ch = codes.addRow(['门类', '门类名称', '大类代码', '大类名称']);
      ch.font = { bold: true };
      ch.commit();
      for (const v of industryDivisions) codes.addRow([v.section, industrySection(v.section)?.zh ?? '', v.code, v.zh]).commit();
      codes.commit();
    }
    await wb.commit();
  })().catch((e: Error) => out.destroy(e));
  return { stream: out, filename };
}

type RowIssues = Map<number, { column: string | null; message: string; kind: string; header: string | null }[]>;

/** The uploaded rows with a 「错误说明」 column first and each bad cell filled red (duplicates yellow). */
export function reportFile(path: string, info: FileInfo, limits: ReadLimits, byRow: RowIssues, rejectedOnly = false): Readable {
  const out = new PassThrough();
  void (async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('导入检查结果');
    const red = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFCCC7' } } as const;
    const yellow = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF1B8' } } as const;
    const letters = (cells: number) => Array.from({ length: cells }, (_, i) => i);
    for await (const r of readRows(path, info, limits)) {
      const issues = byRow.get(r.rowNo) ?? [];
      // the rows that were not imported, with their reasons, to fix and import again (ARC-12)
      if (rejectedOnly && !r.header && !issues.some((i) => i.kind === 'error')) continue;
      const text = issues.map((i) => `${i.header ?? i.column ?? ''}${i.header || i.column ? '：' : ''}${i.message}`).join('\n');
      const row = ws.addRow([r.header ? (text ? `错误说明 (errors)：${text}` : '错误说明 (errors)') : text, ...r.cells.map((c: Cell) => escapeCell(c === null ? null : c instanceof Date ? cellText(c) : typeof c === 'object' ? cellText(c) : typeof c === 'number' ? c : cellText(c)))]);
      if (r.header) row.font = { bold: true };
      for (const i of issues) {
        const idx = i.column ? letters(r.cells.length).find((k) => columnIndex(i.column!) === k) : undefined;
        if (idx !== undefined) row.getCell(idx + 2).fill = i.kind === 'error' ? red : yellow;
      }
      if (issues.some((i) => i.kind === 'error')) row.getCell(1).fill = red;
      else if (issues.length) row.getCell(1).fill = yellow;
      row.commit();
    }
    ws.commit();
    await wb.commit();
  })().catch((e: Error) => out.destroy(e));
  return out;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
