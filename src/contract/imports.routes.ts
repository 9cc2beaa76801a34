/** Routes of imports (ARC-12, PLT-3 `/imports`): upload → dry-run report → commit, with progress. */
import { idParams, page } from './common.js';
import { commitImportBody, createImportFields, dryRunImportBody, importIssueSchema, importIssuesQuery, importListQuery, importReportQuery, importSchema, templateParams, templateQuery } from './imports.js';
import { def } from './route-def.js';

export const importRoutes = {
  importTemplate: def({
    method: 'GET', path: '/api/v1/imports/templates/:entity', tag: 'imports', auth: 'signedIn',
    summary: 'Download the import template of an entity (Chinese headers, a sample row, allowed values)',
    params: templateParams, query: templateQuery, response: { status: 200, schema: 'file' },
  }),
  createImport: def({
    method: 'POST', path: '/api/v1/imports', tag: 'imports', auth: 'signedIn',
    summary: 'Upload a .xlsx or .csv file to import; the dry run starts at once',
    description: 'multipart/form-data: the file as part `file` (at most KEDANG_IMPORT_MAX_MB), `entity` (customers, contacts, transactions) and optionally `mapping` (JSON: header → field key). Its name is kept for display only. Columns are mapped by header: the template\'s Chinese labels, English labels or the API field keys. csv may be UTF-8 or GB18030/GBK (detected). Answers 201 with the import; poll `GET /imports/{id}` for progress (rows done, ETA). Nothing is written to the archive before `commit`.',
    multipart: createImportFields, response: { status: 201, schema: importSchema },
  }),
  listImports: def({
    method: 'GET', path: '/api/v1/imports', tag: 'imports', auth: 'signedIn',
    summary: 'Own imports, newest first', query: importListQuery, response: { status: 200, schema: page(importSchema) },
  }),
  getImport: def({
    method: 'GET', path: '/api/v1/imports/:id', tag: 'imports', auth: 'signedIn',
    summary: 'One import with its progress and counts', params: idParams, response: { status: 200, schema: importSchema },
  }),
  importIssues: def({
    method: 'GET', path: '/api/v1/imports/:id/issues', tag: 'imports', auth: 'signedIn',
    summary: 'Errors and duplicates of the dry run, by row and column', params: idParams, query: importIssuesQuery,
    response: { status: 200, schema: page(importIssueSchema) },
  }),
  importReport: def({
    method: 'GET', path: '/api/v1/imports/:id/report', tag: 'imports', auth: 'signedIn',
    summary: 'The file annotated with its errors (xlsx: an error column per row, bad cells marked red)', params: idParams,
    query: importReportQuery, response: { status: 200, schema: 'file' },
  }),
  dryRunImport: def({
    method: 'POST', path: '/api/v1/imports/:id/dry-run', tag: 'imports', auth: 'signedIn',
    summary: 'Validate the file again, optionally with a different column mapping', params: idParams, body: dryRunImportBody,
    response: { status: 200, schema: importSchema },
  }),
  commitImport: def({
    method: 'POST', path: '/api/v1/imports/:id/commit', tag: 'imports', auth: 'signedIn',
    summary: 'Write every row in one transaction (or none)',
    description: 'Only after a dry run without errors. The rows are validated again as they are written; any error rolls everything back. Archive numbers are consecutive. Poll `GET /imports/{id}` until `committed` or `failed`.',
    params: idParams, body: commitImportBody, response: { status: 200, schema: importSchema },
  }),
  discardImport: def({
    method: 'DELETE', path: '/api/v1/imports/:id', tag: 'imports', auth: 'signedIn',
    summary: 'Discard an import that was not committed (its file is deleted)', params: idParams, response: { status: 200, schema: importSchema },
  }),
} as const;

export const importRouteNames = Object.keys(importRoutes) as (keyof typeof importRoutes)[];
