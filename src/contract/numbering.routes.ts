/** The archive-number prefix (ARC-2). */
import { z } from 'zod';
import { def } from './route-def.js';

export const archiveNumberingSchema = z.strictObject({
  prefix: z.string().regex(/^[A-Z]{1,5}$/, 'must be 1 to 5 capital letters').describe('Archive numbers read `<prefix>-YYYY-NNNNNN`; default `KH`. Numbers already given keep their prefix.'),
});

export const numberingRoutes = {
  getArchiveNumbering: def({
    method: 'GET', path: '/api/v1/settings/archive-numbering', tag: 'settings', auth: 'signedIn',
    summary: 'The archive-number prefix (ARC-2)', response: { status: 200, schema: archiveNumberingSchema },
  }),
  updateArchiveNumbering: def({
    method: 'PUT', path: '/api/v1/settings/archive-numbering', tag: 'settings', auth: 'users.manage',
    summary: 'Set the archive-number prefix for new archives (audited)', body: archiveNumberingSchema, response: { status: 200, schema: archiveNumberingSchema },
  }),
} as const;
