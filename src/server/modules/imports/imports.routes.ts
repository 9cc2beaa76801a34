/** Imports (ARC-12): parse → call → shape. The upload is multipart; its file is streamed to disk. */
import type { HandlersOf } from '../../http/handler.js';
import { AppError } from '../../http/errors.js';
import * as imports from './imports.service.js';
import { limitsOf } from './imports.service.js';
import { reportFile, templateFile } from './imports.sheets.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const importHandlers: HandlersOf<'importTemplate' | 'createImport' | 'listImports' | 'getImport' | 'importIssues' | 'importReport' | 'dryRunImport' | 'commitImport' | 'discardImport'> = {
  importTemplate: async ({ params, query }) => {
    const { stream, filename } = templateFile(params.entity, query.format);
    return { file: stream, filename, contentType: query.format === 'csv' ? 'text/csv; charset=utf-8' : xlsxType };
  },
  createImport: async ({ db, config, principal, req, actor }) => imports.createImport(db, config, principal, await imports.receiveImport(req, config), actor),
  listImports: ({ db, principal, query }) => imports.listImports(db, principal, query),
  getImport: ({ db, principal, params }) => imports.getImport(db, principal, params.id),
  importIssues: ({ db, principal, params, query }) => imports.listIssues(db, principal, params.id, query),
  importReport: async ({ db, config, principal, params, query }) => {
    const r = await imports.issuesForReport(db, config, principal, params.id, query.lang);
    if (r.job.status === 'validating') throw new AppError('conflict', 'The dry run is still running.');
    const base = r.job.fileName.replace(/\.(xlsx|csv)$/i, '');
    const rejected = query.rows === 'rejected';
    return { file: reportFile(r.file, r.info, limitsOf(config), r.byRow, rejected), filename: `${base}-${rejected ? '未导入的行' : '检查结果'}.xlsx`, contentType: xlsxType };
  },
  dryRunImport: ({ db, config, principal, params, body, actor }) => imports.dryRunImport(db, config, principal, params.id, body, actor),
  commitImport: ({ db, config, principal, params, body, actor }) => imports.commitImport(db, config, principal, params.id, body, actor),
  discardImport: ({ db, config, principal, params }) => imports.discardImport(db, config, principal, params.id),
};
