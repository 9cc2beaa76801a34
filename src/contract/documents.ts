/** Documents of an archive (ARC-6): kinds, categories, metadata, the volume catalogue, archive settings. */
import { z } from 'zod';
import { idSchema, requiredText, text, timestamp } from './common.js';
import { isoDate, secrecyLevels } from './customers.js';

/** 正本/附件, 印件/定稿, 批复/请示, 原件/转发件 (seed 000 四.1(2)), other. */
export const documentKinds = ['original', 'attachment', 'print', 'draft', 'reply', 'request', 'source', 'forwarded', 'other'] as const;
export type DocumentKind = (typeof documentKinds)[number];
/** What the document is, for the completeness check and the catalogue's sections. */
export const documentCategories = ['business_licence', 'legal_rep_id', 'agreement', 'contract', 'form', 'correspondence', 'other'] as const;
export type DocumentCategory = (typeof documentCategories)[number];
/** What the caller may do with a document: `download` its content, or only `view` its catalogue entry (SEC-5). */
export const documentAccessLevels = ['view', 'download'] as const;

/** Multipart text fields arrive as strings: empty means "not given". */
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(s: T) => z.preprocess(blankToUndefined, s.optional());

const metadataFields = {
  kind: z.enum(documentKinds),
  category: z.enum(documentCategories),
  title: requiredText(200),
  pages: z.number().int().min(1).max(100_000).describe('Pages of the paper document, for the catalogue’s continuous page numbers'),
  receivedOn: isoDate.nullable().optional().describe('收文日期'),
  secrecyLevel: z.enum(secrecyLevels).optional().describe('Default `none`'),
  belongsTo: idSchema.nullable().optional().describe('The document it belongs with (an attachment to its original, a reply to its request); same archive'),
  remarks: text(1000).nullable().optional(),
};

/** The text fields beside the `file` part of an upload (multipart/form-data). */
export const uploadDocumentFields = z.strictObject({
  kind: z.enum(documentKinds),
  category: z.preprocess(blankToUndefined, z.enum(documentCategories).default('other')),
  title: optional(requiredText(200)).describe('Default: the file name without its extension'),
  pages: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
  receivedOn: optional(isoDate),
  secrecyLevel: optional(z.enum(secrecyLevels)),
  belongsTo: optional(idSchema),
  remarks: optional(text(1000)),
});
export type UploadDocumentFields = z.infer<typeof uploadDocumentFields>;
/** A new version of the content: only the `file` part (and an optional note). */
export const replaceDocumentFields = z.strictObject({ note: optional(text(500)) });

const { kind, category, title, pages, ...rest } = metadataFields;
export const updateDocumentBody = z.strictObject({
  version: z.number().int().min(0),
  kind: kind.optional(),
  category: category.optional(),
  title: title.optional(),
  pages: pages.optional(),
  ...rest,
});
export type UpdateDocumentInput = z.infer<typeof updateDocumentBody>;

export const documentSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  kind: z.enum(documentKinds),
  category: z.enum(documentCategories),
  title: z.string(),
  pages: z.number().int(),
  receivedOn: isoDate.nullable(),
  secrecyLevel: z.enum(secrecyLevels),
  belongsTo: idSchema.nullable(),
  remarks: z.string().nullable(),
  version: z.number().int().describe('Metadata version (optimistic concurrency)'),
  fileVersion: z.number().int().describe('Version of the content; a replacement adds one'),
  sha256: z.string().describe('SHA-256 of the current content, hex'),
  size: z.number().int().describe('Bytes'),
  contentType: z.string().describe('Sniffed from the content, never taken from the name'),
  fileName: z.string(),
  uploadedAt: timestamp,
  uploadedByName: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  access: z.enum(documentAccessLevels).describe('`view`: listed, but the content may not be downloaded (SEC-5 view-only)'),
  deletionPending: z.boolean().describe('A deletion request waits for approval'),
});
export type DocumentRecord = z.infer<typeof documentSchema>;

export const catalogueEntrySchema = documentSchema.extend({
  seq: z.number().int().describe('序号 in the volume'),
  startPage: z.number().int(),
  endPage: z.number().int(),
  depth: z.number().int().describe('0 for a document that belongs with none; 1+ for its attachments, replies, …'),
});
export type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;
export const documentListSchema = z.object({
  items: z.array(catalogueEntrySchema).describe('In filing order (卷内目录): replies before requests, originals before attachments, prints before drafts'),
  nextCursor: z.null(),
  totalPages: z.number().int().describe('M of "page N of M"'),
  required: z.array(z.enum(documentCategories)),
  missing: z.array(z.enum(documentCategories)).describe('Required documents the archive lacks (completeness check)'),
});

export const documentFileSchema = z.object({
  fileVersion: z.number().int(),
  sha256: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  fileName: z.string(),
  uploadedAt: timestamp,
  uploadedByName: z.string().nullable(),
});
export const documentPathParams = z.strictObject({ id: idSchema });
export const documentContentQuery = z.strictObject({ version: z.coerce.number().int().min(1).max(100_000).optional().describe('Default: the current version') });
export const deleteDocumentBody = z.strictObject({ reason: requiredText(500) });
export const deletionRequestSchema = z.object({ approvalId: idSchema, state: z.literal('pending'), approverRole: z.string() });

/** Company-wide settings of the archive: print header, required documents, the working-day calendar. */
export const archiveSettingsSchema = z.object({
  companyName: z.string().describe('Printed in the header of every form; default 本公司'),
  requiredDocuments: z.array(z.enum(documentCategories)).describe('Categories every archive must hold (completeness check)'),
  holidays: z.array(isoDate).describe('Public holidays (non-working days), e.g. the State Council’s 放假安排'),
  makeUpWorkdays: z.array(isoDate).describe('调休: weekend days that are working days'),
  uploadLimitMb: z.number().int().describe('Largest upload, MiB (configuration KEDANG_UPLOAD_LIMIT_MB)'),
  dormantAfterMonths: z.number().int().nullable().optional().describe('ARC-9: months without a transaction after which an active archive becomes dormant; null: the default (18)'),
});
export type ArchiveSettings = z.infer<typeof archiveSettingsSchema>;
export const updateArchiveSettingsBody = z.strictObject({
  companyName: requiredText(100).optional(),
  requiredDocuments: z.array(z.enum(documentCategories)).max(documentCategories.length).optional(),
  holidays: z.array(isoDate).max(400).optional(),
  makeUpWorkdays: z.array(isoDate).max(100).optional(),
  dormantAfterMonths: z.number().int().min(1).max(120).nullable().optional().describe('ARC-9: the dormant period in months; null restores the default (18)'),
});
