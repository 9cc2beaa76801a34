/**
 * Pure rules of the documents of an archive (ARC-6): the filing order of the volume catalogue
 * (卷内目录) with continuous page numbers, the completeness check, the upload allow-list, and
 * file names that cannot walk out of a directory or break a header.
 */
import { documentCategories, type DocumentCategory, type DocumentKind } from '../../../contract/documents.js';

/**
 * Seed 000 四.1(3): 批复在前、请示在后；正件在前、附件在后；印件在前、定稿在后. For 原件/转发件 the
 * filing convention (文书立卷) is 转发件在前、原件在后. A document that belongs with another goes
 * before it when its rank is lower (a reply before its request), otherwise after it (an
 * attachment after its original).
 */
export const kindRank: Record<DocumentKind, number> = {
  reply: 0,
  request: 1,
  original: 0,
  attachment: 1,
  print: 0,
  draft: 1,
  forwarded: 0,
  source: 1,
  other: 1,
};

export type VolumeDocument = { id: string; kind: DocumentKind; category: DocumentCategory; pages: number; receivedOn: string | null; belongsTo: string | null };
export type VolumePlace = { seq: number; startPage: number; endPage: number; depth: number };

const idOrder = (a: string, b: string) => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0);
const byDateThenId = (a: VolumeDocument, b: VolumeDocument) => {
  if (a.receivedOn !== b.receivedOn) {
    if (a.receivedOn === null) return 1;
    if (b.receivedOn === null) return -1;
    return a.receivedOn < b.receivedOn ? -1 : 1;
  }
  return idOrder(a.id, b.id);
};
const categoryIndex = (c: DocumentCategory) => documentCategories.indexOf(c);

/**
 * The volume in filing order, each with its place: sequence number, first and last page
 * (continuous across the volume) and depth under the document it belongs with. Sections follow
 * the category order (licence, ID copy, agreements, contracts, forms, correspondence, other);
 * within a section, groups by date received; within a group, the three 前后 rules.
 * A link to a document outside the list (deleted, hidden) or a cycle makes a document its own group.
 */
export function orderVolume<T extends VolumeDocument>(docs: readonly T[]): { items: (T & VolumePlace)[]; totalPages: number } {
  const byId = new Map(docs.map((d) => [d.id, d]));
  // the usable link of each document: to a listed document, cycles cut at their smallest id
  const parent = new Map<string, string | null>(docs.map((d) => [d.id, d.belongsTo !== null && byId.has(d.belongsTo) && d.belongsTo !== d.id ? d.belongsTo : null]));
  for (const d of docs) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let cur: string | null = d.id;
    while (cur !== null && !onPath.has(cur)) {
      path.push(cur);
      onPath.add(cur);
      cur = parent.get(cur) ?? null;
    }
    if (cur !== null) {
      const cycle = path.slice(path.indexOf(cur));
      parent.set(cycle.reduce((a, b) => (idOrder(a, b) <= 0 ? a : b)), null);
    }
  }
  const children = new Map<string, T[]>();
  const roots: T[] = [];
  for (const d of docs) {
    const p = parent.get(d.id) ?? null;
    if (p === null) roots.push(d);
    else children.set(p, [...(children.get(p) ?? []), d]);
  }
  const ordered: { doc: T; depth: number }[] = [];
  const place = (d: T, depth: number) => {
    const kids = [...(children.get(d.id) ?? [])].sort((a, b) => kindRank[a.kind] - kindRank[b.kind] || byDateThenId(a, b));
    for (const k of kids) if (kindRank[k.kind] < kindRank[d.kind]) place(k, depth + 1);
    ordered.push({ doc: d, depth });
    for (const k of kids) if (kindRank[k.kind] >= kindRank[d.kind]) place(k, depth + 1);
  };
  roots.sort((a, b) => categoryIndex(a.category) - categoryIndex(b.category) || byDateThenId(a, b));
  for (const r of roots) place(r, 0);
  let page = 0;
  const items = ordered.map(({ doc, depth }, i) => {
    const startPage = page + 1;
    page += doc.pages;
    return { ...doc, seq: i + 1, startPage, endPage: page, depth };
  });
  return { items, totalPages: page };
}

/** Required categories the archive has no document of, in the order they are required. */
export function missingDocuments(required: readonly DocumentCategory[], present: readonly { category: DocumentCategory }[]): DocumentCategory[] {
  const have = new Set(present.map((d) => d.category));
  return [...new Set(required)].filter((c) => !have.has(c));
}

/**
 * A file name safe to store and to send in Content-Disposition: the last path segment only,
 * no control or reserved characters, no leading dots, at most 120 characters (extension kept).
 */
export function safeFileName(raw: string | undefined | null, fallbackExt = 'bin'): string {
  const last = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let name = last
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"|?*\u2028\u2029]/g, '')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .trim();
  if (!name) return `document.${fallbackExt}`;
  const chars = [...name];
  if (chars.length > 120) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = chars.slice(0, 120 - [...ext].length).join('') + ext;
  }
  return name;
}

/** The title a document gets when none is given: the file name without its extension. */
export function titleFromFileName(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).slice(0, 200) || name;
}

/** What sniffing found: file-type's result (undefined for text and unknown data) and a look at the first bytes. */
export type SniffResult = { detected: { ext: string; mime: string } | undefined; sample: Uint8Array };
export type UploadVerdict = { ok: true; contentType: string; ext: string } | { ok: false; reason: string; code: 'file_type_refused' | 'markup_refused' | 'file_type_unknown'; params?: { type: string } };

/** Allowed types (ARC-6): PDF, images, office documents, plain text. Everything else is refused. */
const allowed: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  tif: 'image/tiff',
  bmp: 'image/bmp',
  heic: 'image/heic',
  avif: 'image/avif',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  rtf: 'application/rtf',
};
/** Legacy Office files are OLE compound files (as are .msi installers): accepted only under an Office name. */
const legacyOffice: Record<string, string> = { doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint', wps: 'application/vnd.ms-works', et: 'application/vnd.ms-excel' };

const extOf = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

/** Text is valid UTF-8 (or GB18030 bytes without NUL) with no control characters but tab, CR, LF, FF. */
export function looksLikeText(sample: Uint8Array): boolean {
  if (sample.length === 0) return false;
  for (const b of sample) if (b === 0 || (b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13) || b === 0x7f) return false;
  return true;
}

/** Valid UTF-8, allowing the sample to end inside a character. */
function isUtf8(sample: Uint8Array): boolean {
  for (let cut = 0; cut <= 3 && cut < sample.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut));
      return true;
    } catch {
      // try again without a possibly cut last character
    }
  }
  return false;
}

/** Markup that a browser would run if it were ever rendered (HTML, SVG, XML with scripts). */
export function looksLikeMarkup(sample: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(sample.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return /^<(\?xml|!doctype|html|head|body|script|svg|iframe|meta|object|embed)\b/.test(head) || /<script\b/.test(head);
}

/** Decides from the content (never the name alone) whether an upload is allowed and what type it is served as. */
export function judgeUpload(sniff: SniffResult, fileName: string): UploadVerdict {
  const d = sniff.detected;
  if (d) {
    if (allowed[d.ext]) return { ok: true, contentType: allowed[d.ext]!, ext: d.ext };
    const ext = extOf(fileName);
    if (d.ext === 'cfb' && legacyOffice[ext]) return { ok: true, contentType: legacyOffice[ext]!, ext };
    return { ok: false, reason: `files of type ${d.ext} (${d.mime}) are not accepted; allowed are PDF, images, Office documents and plain text`, code: 'file_type_refused', params: { type: d.ext } };
  }
  if (looksLikeText(sniff.sample)) {
    if (looksLikeMarkup(sniff.sample)) return { ok: false, reason: 'HTML, SVG and XML files are not accepted', code: 'markup_refused' };
    const ext = extOf(fileName) === 'csv' ? 'csv' : 'txt';
    // Chinese Excel and Notepad also write GB18030; say so rather than mislabel it UTF-8
    const charset = isUtf8(sniff.sample) ? 'utf-8' : 'gb18030';
    return { ok: true, contentType: `${ext === 'csv' ? 'text/csv' : 'text/plain'}; charset=${charset}`, ext };
  }
  return { ok: false, reason: 'the file type could not be recognised from its content; allowed are PDF, images, Office documents and plain text', code: 'file_type_unknown' };
}

/** Where a content-addressed file lives below the storage root (a plain directory tree). */
export function storageKeyOf(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
  return `documents/${sha256.slice(0, 2)}/${sha256}`;
}
