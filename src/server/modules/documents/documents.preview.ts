/** 预览 (issue 17 item 17): a document shown inline — the download's access checks and audit, framed only by this site. */
import { isPreviewable } from '../../../contract/search.routes.js';
import type { HandlersOf } from '../../http/handler.js';
import { downloadDocument } from './documents.service.js';

export const previewHandlers: HandlersOf<'previewDocument'> = {
  previewDocument: async ({ db, config, principal, params, query, actor, reply }) => {
    const f = await downloadDocument(db, config, principal, params.id, query.version, actor, new Date(), isPreviewable);
    reply.header('cache-control', 'private, no-store');
    // the app's pages may frame it (the preview dialog); nothing in it may run or load from elsewhere
    reply.header('x-frame-options', 'SAMEORIGIN');
    reply.header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'");
    return f;
  },
};
