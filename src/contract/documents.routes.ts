/** Routes of documents (ARC-6), printable forms (ARC-13) and the archive settings. */
import { z } from 'zod';
import { idParams } from './common.js';
import {
  archiveSettingsSchema,
  deleteDocumentBody,
  deletionRequestSchema,
  documentContentQuery,
  documentFileSchema,
  documentListSchema,
  documentPathParams,
  documentSchema,
  replaceDocumentFields,
  updateArchiveSettingsBody,
  updateDocumentBody,
  uploadDocumentFields,
} from './documents.js';
import { formParams } from './forms.js';
import { def } from './route-def.js';

export const documentRoutes = {
  listDocuments: def({
    method: 'GET', path: '/api/v1/customers/:id/documents', tag: 'documents', auth: 'signedIn',
    summary: 'The archive’s documents in filing order (卷内目录) with continuous page numbers and the completeness check',
    description: 'Replies before requests, originals before attachments, prints before drafts (seed 000). Documents above the caller’s clearance are not listed (SEC-5); `access: view` entries may not be downloaded.',
    params: idParams, response: { status: 200, schema: documentListSchema },
  }),
  uploadDocument: def({
    method: 'POST', path: '/api/v1/customers/:id/documents', tag: 'documents', auth: 'signedIn',
    summary: 'Upload a document (multipart/form-data: `file` plus the metadata fields)',
    description: 'Streamed to the storage directory, SHA-256 checksummed, the type sniffed from the content (PDF, images, Office documents, plain text; anything else 415). Empty files 400, larger than the upload limit (default 20 MiB) 413; nothing is kept of a refused upload.',
    params: idParams, multipart: uploadDocumentFields, response: { status: 201, schema: documentSchema },
  }),
  getDocument: def({
    method: 'GET', path: '/api/v1/documents/:id', tag: 'documents', auth: 'signedIn',
    summary: 'One document’s metadata', params: documentPathParams, response: { status: 200, schema: documentSchema },
  }),
  updateDocument: def({
    method: 'PATCH', path: '/api/v1/documents/:id', tag: 'documents', auth: 'signedIn',
    summary: 'Change a document’s metadata (carries `version`; versioned in the archive history, ARC-7)',
    description: 'Lowering the secrecy level needs the general manager (SEC-8).',
    params: documentPathParams, body: updateDocumentBody, response: { status: 200, schema: documentSchema },
  }),
  replaceDocument: def({
    method: 'POST', path: '/api/v1/documents/:id/versions', tag: 'documents', auth: 'signedIn',
    summary: 'Replace the content with a new version (multipart/form-data: `file`); earlier versions stay downloadable',
    params: documentPathParams, multipart: replaceDocumentFields, response: { status: 201, schema: documentSchema },
  }),
  listDocumentVersions: def({
    method: 'GET', path: '/api/v1/documents/:id/versions', tag: 'documents', auth: 'signedIn',
    summary: 'The content versions of a document, newest first', params: documentPathParams,
    response: { status: 200, schema: z.object({ items: z.array(documentFileSchema) }) },
  }),
  downloadDocument: def({
    method: 'GET', path: '/api/v1/documents/:id/content', tag: 'documents', auth: 'signedIn',
    summary: 'Download the content (audited)',
    description: 'Served as an attachment with its sniffed type, `X-Content-Type-Options: nosniff` and `Repr-Digest: sha-256=…`. View-only levels answer 403 (SEC-5).',
    params: documentPathParams, query: documentContentQuery, response: { status: 200, schema: 'file' },
  }),
  requestDocumentDeletion: def({
    method: 'POST', path: '/api/v1/documents/:id/deletion-requests', tag: 'documents', auth: 'signedIn',
    summary: 'Ask to delete a document; it is removed when the approval is granted (SEC-7)',
    description: 'Approved by the customer-service manager, or by the general manager for confidential and top-secret documents.',
    params: documentPathParams, body: deleteDocumentBody, response: { status: 201, schema: deletionRequestSchema },
  }),
  printForm: def({
    method: 'GET', path: '/api/v1/customers/:id/forms/:form', tag: 'forms', auth: 'signedIn',
    summary: 'A print-ready A4 form of the archive (HTML with print CSS; audited as a print)',
    description: '`archive` 客户档案表, `collection` 客户资料搜集表, `basic-info` 客户基本信息档案表, `personality` 客户个性档案表, `relationship-card` 客户关系卡, `catalogue` 卷内目录. View-only secrecy levels answer 403; field groups the caller may not read are left out.',
    params: formParams, response: { status: 200, schema: 'html' },
  }),
  getArchiveSettings: def({
    method: 'GET', path: '/api/v1/settings/archive', tag: 'settings', auth: 'signedIn',
    summary: 'Company name for printed forms, required documents, holidays and make-up working days', response: { status: 200, schema: archiveSettingsSchema },
  }),
  updateArchiveSettings: def({
    method: 'PUT', path: '/api/v1/settings/archive', tag: 'settings', auth: 'users.manage',
    summary: 'Change the archive settings', body: updateArchiveSettingsBody, response: { status: 200, schema: archiveSettingsSchema },
  }),
} as const;
