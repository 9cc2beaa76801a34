/** Which documents' history a reader sees: part of the access policy (src/server/modules/access/document-access.sql.ts; PLT-2). */
export * from '../access/document-access.sql.js';
