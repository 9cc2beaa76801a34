/** Imports of customers, contacts and transactions from .xlsx / .csv (ARC-12): upload → dry run → commit. */
import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, timestamp } from './common.js';
import { importIssueCodes } from './import-issues.js';

export const importEntities = ['customers', 'contacts', 'transactions'] as const;
export type ImportEntity = (typeof importEntities)[number];
export const importFormats = ['xlsx', 'csv'] as const;
export const importStatuses = ['validating', 'validated', 'committing', 'committed', 'failed', 'discarded'] as const;
export type ImportStatus = (typeof importStatuses)[number];
/** What to do with rows that look like an existing archive (ARC-10): leave them out, or create them anyway. */
export const duplicatePolicies = ['skip', 'create'] as const;

/** Header → field key; `null` ignores the column. Keys are API field keys (e.g. `name`, `customerType`, `custom.<key>`). */
export const importMappingSchema = z.record(z.string().min(1).max(200), z.string().max(60).regex(/^[a-zA-Z][a-zA-Z0-9_.]{0,59}$/, 'must be a field key').nullable()).refine((m) => Object.keys(m).length <= 200, 'at most 200 columns');

/** The text fields of the multipart upload beside its one `file` part. */
export const createImportFields = z.strictObject({
  entity: z.enum(importEntities),
  mapping: z.string().max(20_000).optional().describe('Optional JSON object: header → field key (or null to ignore the column)'),
});

export const dryRunImportBody = z.strictObject({
  mapping: importMappingSchema.optional().describe('Columns to map differently from their headers'),
});
export const commitImportBody = z.strictObject({
  duplicates: z.enum(duplicatePolicies).default('skip').describe('Rows that look like an existing archive or an earlier row: `skip` (default) or `create` anyway'),
  rows: z.enum(['all', 'valid']).default('all').describe('`all` (default): all or nothing — any row with an error refuses the commit; `valid`: import the valid rows and keep the rest to download from `GET /imports/{id}/report?rows=rejected`'),
});
export const importReportQuery = z.strictObject({
  rows: z.enum(['all', 'rejected']).optional().describe('`rejected`: only the rows that were not imported (with the reason), to fix and import again'),
  lang: z.enum(['zh-CN', 'en-US']).optional().describe('Language of the findings in the report (default zh-CN)'),
});

export const importColumnSchema = z.object({ column: z.string(), header: z.string(), field: z.string().nullable() });

export const importSchema = z.object({
  id: idSchema,
  entity: z.enum(importEntities),
  fileName: z.string(),
  format: z.enum(importFormats),
  encoding: z.string().nullable().describe('Detected text encoding of a csv (UTF-8, GB18030)'),
  status: z.enum(importStatuses),
  phase: z.enum(['dry_run', 'commit']).nullable(),
  columns: z.array(importColumnSchema).describe('Each column of the file and the field it maps to'),
  mapping: z.record(z.string(), z.string().nullable()),
  rowsTotal: z.number().int().nullable().describe('Known once the file was read through'),
  rowsDone: z.number().int(),
  progress: z.number().min(0).max(1),
  etaSeconds: z.number().int().nullable(),
  validRows: z.number().int(),
  errorRows: z.number().int(),
  duplicateRows: z.number().int(),
  committedRows: z.number().int(),
  skippedRows: z.number().int(),
  message: z.string().nullable(),
  createdBy: idSchema,
  createdAt: timestamp,
  updatedAt: timestamp,
  finishedAt: timestamp.nullable(),
});
export type ImportJob = z.infer<typeof importSchema>;

export const importIssueSchema = z.object({
  row: z.number().int().describe('Row number as the spreadsheet shows it (the header is row 1)'),
  column: z.string().nullable().describe('Column letter, e.g. C'),
  header: z.string().nullable(),
  field: z.string().nullable(),
  kind: z.enum(['error', 'duplicate']),
  message: z.string().describe('English text for logs and scripts; clients render `code` with `params` (contract/import-issues.ts)'),
  code: z.enum(importIssueCodes).nullable().optional().describe('Stable code of the finding, rendered in the reader\'s language (issue 17 item 5)'),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).nullable().optional().describe('Parameters of the code (a row number, an archive number, the allowed values…)'),
  value: z.string().nullable(),
});
export type ImportIssue = z.infer<typeof importIssueSchema>;

export const importIssuesQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema.optional(), kind: z.enum(['error', 'duplicate']).optional() });
export const importListQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema.optional() });
export const templateParams = z.strictObject({ entity: z.enum(importEntities) });
export const templateQuery = z.strictObject({ format: z.enum(importFormats).default('xlsx') });
