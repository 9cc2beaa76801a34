/** The header search (issue 17 item 15, ARC-11): one entry, results grouped by kind. */
import { z } from 'zod';
import { secrecyLevels } from './customers.js';
import { documentContentQuery, documentPathParams } from './documents.js';
import { def } from './route-def.js';

export const globalSearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(100).describe('What was typed: a customer name, pinyin, initials, archive number, phone; a contact\'s name (its start); a document title (any part)'),
  limit: z.coerce.number().int().min(1).max(20).default(5).describe('At most this many results in each group'),
});

export const globalSearchResult = z.object({
  customers: z.array(z.object({ id: z.string(), archiveNo: z.string(), name: z.string(), shortName: z.string().nullable(), customerType: z.string() })),
  contacts: z.array(z.object({ id: z.string(), name: z.string(), position: z.string().nullable(), role: z.string(), customerId: z.string(), customerName: z.string(), archiveNo: z.string() })),
  documents: z.array(z.object({ id: z.string(), title: z.string(), category: z.string(), secrecyLevel: z.enum(secrecyLevels), contentType: z.string(), customerId: z.string(), customerName: z.string(), archiveNo: z.string() })),
});
export type GlobalSearchResult = z.infer<typeof globalSearchResult>;

export const searchRoutes = {
  globalSearch: def({
    method: 'GET', path: '/api/v1/search', tag: 'customers', auth: 'signedIn',
    summary: 'Search customers, contacts and documents at once (the header search box)',
    description:
      'Each group holds only what the caller may read under the access policy: customers as in `GET /customers?q=`; contacts of archives whose `contacts` group the caller reads; documents of archives whose `documents` group the caller reads, at a document secrecy level the caller may see (SEC-2, SEC-4, SEC-5, SEC-6).',
    query: globalSearchQuery,
    response: { status: 200, schema: globalSearchResult },
  }),
  previewDocument: def({
    method: 'GET', path: '/api/v1/documents/:id/preview', tag: 'documents', auth: 'signedIn',
    summary: 'Show a PDF or an image in the browser (inline), audited like a download (issue 17 item 17)',
    description: 'The same access checks as `GET /documents/{id}/content` (view-only levels answer 403, SEC-5) and the same audit event (`document.downloaded` with `preview: true`); served `inline` so the browser shows it, framed only by this site. Other types answer 415.',
    params: documentPathParams, query: documentContentQuery, response: { status: 200, schema: 'file' },
  }),
} as const;

/** Content types a browser shows by itself without running anything (no SVG, no HTML). */
export const previewableTypes = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export const isPreviewable = (contentType: string): boolean => (previewableTypes as readonly string[]).includes(contentType.split(';')[0]!.trim().toLowerCase());
