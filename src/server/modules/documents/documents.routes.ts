/** Documents (ARC-6), archive settings: parse → call → shape (printable forms: forms.routes.ts). */
import type { HandlersOf } from '../../http/handler.js';
import { getArchiveSettings, updateArchiveSettings } from './archive-settings.service.js';
import * as documents from './documents.service.js';
import './documents.purge.js'; // documents are purged with the archive they belong to (SEC-9): registered with lifecycle here

const withLimit = async (config: { uploadLimitBytes: number }, s: Promise<Awaited<ReturnType<typeof getArchiveSettings>>>) => ({ ...(await s), uploadLimitMb: Math.round(config.uploadLimitBytes / 1048576) });

export const documentHandlers: HandlersOf<
  'listDocuments' | 'uploadDocument' | 'getDocument' | 'updateDocument' | 'replaceDocument' | 'listDocumentVersions' | 'downloadDocument' | 'requestDocumentDeletion' | 'getArchiveSettings' | 'updateArchiveSettings'
> = {
  listDocuments: ({ db, principal, params }) => documents.listDocuments(db, principal, params.id),
  uploadDocument: ({ db, config, principal, params, req, actor }) => documents.uploadDocument(db, config, principal, params.id, req, actor),
  getDocument: ({ db, principal, params }) => documents.getDocument(db, principal, params.id),
  updateDocument: ({ db, principal, params, body, actor }) => documents.updateDocument(db, principal, params.id, body, actor),
  replaceDocument: ({ db, config, principal, params, req, actor }) => documents.replaceDocumentContent(db, config, principal, params.id, req, actor),
  listDocumentVersions: ({ db, principal, params }) => documents.listDocumentFiles(db, principal, params.id),
  downloadDocument: async ({ db, config, principal, params, query, actor, reply }) => {
    const f = await documents.downloadDocument(db, config, principal, params.id, query.version, actor);
    // RFC 9530: the client can check what it received against the stored checksum
    reply.header('repr-digest', `sha-256=:${Buffer.from(f.sha256, 'hex').toString('base64')}:`);
    reply.header('cache-control', 'private, no-store');
    reply.header('content-security-policy', "default-src 'none'; sandbox");
    return f;
  },
  requestDocumentDeletion: ({ db, principal, params, body, actor }) => documents.requestDocumentDeletion(db, principal, params.id, body.reason, actor),
  getArchiveSettings: ({ db, config }) => withLimit(config, getArchiveSettings(db)),
  updateArchiveSettings: ({ db, config, body, actor }) => withLimit(config, updateArchiveSettings(db, body, actor)),
};
