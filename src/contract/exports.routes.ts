/** Exports of list views (ARC-12, PLT-3 `/exports`): streamed .xlsx / .csv, visibility and secrecy respected, audited. */
import { z } from 'zod';
import { idParams } from './common.js';
import { customerListQuery } from './customers.js';
import { def } from './route-def.js';

export const exportFormats = ['xlsx', 'csv'] as const;

export const customerExportQuery = customerListQuery.omit({ limit: true, cursor: true }).extend({
  format: z.enum(exportFormats).default('xlsx'),
  columns: z
    .string()
    .max(2000)
    .regex(/^[a-zA-Z][a-zA-Z0-9_.]*(,[a-zA-Z][a-zA-Z0-9_.]*)*$/, 'must be comma-separated field keys, e.g. archiveNo,name,phone')
    .optional()
    .describe('The list\'s chosen columns, in order (field keys; `custom.<key>` for custom fields). Default: the list\'s default columns'),
  ids: z.string().max(8000).regex(/^[1-9]\d{0,18}(,[1-9]\d{0,18})*$/, 'must be comma-separated archive ids').optional().describe('Only these archives (the list\'s selection, issue 17 item 16), still through the filters and the export policy'),
});
export type CustomerExportQuery = z.infer<typeof customerExportQuery>;
export const recordsExportQuery = z.strictObject({ format: z.enum(exportFormats).default('xlsx') });

export const exportRoutes = {
  exportCustomers: def({
    method: 'GET', path: '/api/v1/exports/customers', tag: 'exports', auth: 'signedIn',
    summary: 'Export the customer list (its filters, search and columns) as xlsx or csv, streamed',
    description: 'Takes every filter of `GET /customers` plus `q`, `sort`, `format` and `columns`. Only archives the caller may export are included: confidential and top-secret archives are view-only and never exported (SEC-5); field groups the policy withholds (SEC-4) are left empty. Cells are escaped against formula injection. Audited as `customer.exported` with the filters and the row count.',
    query: customerExportQuery, response: { status: 200, schema: 'file' },
  }),
  exportContacts: def({
    method: 'GET', path: '/api/v1/exports/customers/:id/contacts', tag: 'exports', auth: 'signedIn',
    summary: 'Export one customer\'s contacts (personal fields only where the policy grants them)', params: idParams, query: recordsExportQuery,
    response: { status: 200, schema: 'file' },
  }),
  exportTransactions: def({
    method: 'GET', path: '/api/v1/exports/customers/:id/transactions', tag: 'exports', auth: 'signedIn',
    summary: 'Export one customer\'s transactions (needs the financial group)', params: idParams, query: recordsExportQuery,
    response: { status: 200, schema: 'file' },
  }),
} as const;
