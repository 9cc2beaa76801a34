/**
 * 档案登记簿 (the archive register, ANA-2 / SEC-4 / ARC-6): the archivist's list of the archives it
 * keeps — every archive below top secret by number, name, secrecy level, filing date and filed
 * documents, and who has it out on loan now. A duty over the register, never a field group.
 */
import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, page } from './common.js';
import { isoDate, secrecyLevels } from './customers.js';
import { documentCategories } from './documents.js';
import { def } from './route-def.js';

const filters = {
  q: z.string().trim().max(100).optional().describe('Archive number or customer name contains (case-insensitive)'),
  level: z.enum(['none', 'secret', 'confidential']).optional().describe('Only archives of this secrecy level (top secret is never listed)'),
  missingDocuments: z.enum(['true', 'false']).optional().describe('`true`: only archives lacking a required document (the completeness check of the archive settings)'),
};
export const archiveRegisterQuery = z.strictObject({ ...filters, limit: limitSchema, cursor: cursorSchema.optional() });
export type ArchiveRegisterQuery = z.infer<typeof archiveRegisterQuery>;
export const archiveRegisterExportQuery = z.strictObject({ ...filters, format: z.enum(['csv', 'xlsx']).default('xlsx') });
export type ArchiveRegisterExportQuery = z.infer<typeof archiveRegisterExportQuery>;

export const archiveRegisterItem = z.object({
  customerId: idSchema,
  archiveNo: z.string(),
  name: z.string(),
  secrecyLevel: z.enum(secrecyLevels),
  filedOn: isoDate,
  documentsFiled: z.number().int().describe('Documents filed on the archive (not deleted)'),
  documentsMissing: z.array(z.enum(documentCategories)).describe('Required document categories the archive lacks (labels: 营业执照, 法人身份证复印件, …)'),
  borrowedBy: z.object({ userId: idSchema, name: z.string(), until: z.string() }).nullable().describe('The current borrowing (an active SEC-6 grant), if any: who and until when'),
});
export type ArchiveRegisterItem = z.infer<typeof archiveRegisterItem>;

const description =
  'Archives in the caller\'s register, by archive number: for the register\'s keepers (档案管理员, `keepsRegisterOf`) every archive below top secret (`registerCustomers`), shown by its number, name, level, filing date and filed documents only — a duty over the register that opens no field group (SEC-4); for any other role the archives it may see, below top secret. Top secret is never listed. Deleted and destroyed archives are not in the register.';

export const archiveRegisterRoutes = {
  listArchiveRegister: def({
    method: 'GET', path: '/api/v1/archive-register', tag: 'archive-security', auth: 'signedIn',
    summary: '档案登记簿: the archive register (number, name, level, documents filed and missing, current borrowing)',
    description,
    query: archiveRegisterQuery, response: { status: 200, schema: page(archiveRegisterItem) },
  }),
  exportArchiveRegister: def({
    method: 'GET', path: '/api/v1/archive-register/export', tag: 'archive-security', auth: 'signedIn',
    summary: 'The archive register as xlsx (default) or csv, with the list\'s filters; audited (customer.exported)',
    description: `${description} The export leaves out confidential archives, as every export does (SEC-5: confidential is view-only).`,
    query: archiveRegisterExportQuery, response: { status: 200, schema: 'file' },
  }),
} as const;
