import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentCategories, documentKinds, type DocumentCategory, type DocumentKind } from '../../../contract/documents.js';
import { judgeUpload, looksLikeMarkup, missingDocuments, orderVolume, safeFileName, storageKeyOf, titleFromFileName, type VolumeDocument } from './documents.rules.js';

const doc = (id: string, kind: DocumentKind, extra: Partial<VolumeDocument> = {}): VolumeDocument => ({ id, kind, category: 'other', pages: 1, receivedOn: '2026-03-01', belongsTo: null, ...extra });
const order = (docs: VolumeDocument[]) => orderVolume(docs).items.map((d) => d.id);

describe('ARC-6 filing order of the volume (seed 000 四.1(3))', () => {
  it.each([
    ['批复在前、请示在后', [doc('req', 'request'), doc('rep', 'reply', { belongsTo: 'req' })], ['rep', 'req']],
    ['正件在前、附件在后', [doc('att', 'attachment', { belongsTo: 'org' }), doc('org', 'original')], ['org', 'att']],
    ['印件在前、定稿在后', [doc('drf', 'draft', { belongsTo: 'prt' }), doc('prt', 'print')], ['prt', 'drf']],
    ['转发件在前、原件在后', [doc('src', 'source', { belongsTo: 'fwd' }), doc('fwd', 'forwarded')], ['fwd', 'src']],
    ['a reply with its own attachment: reply, its attachment, then the request', [doc('req', 'request'), doc('rep', 'reply', { belongsTo: 'req' }), doc('att', 'attachment', { belongsTo: 'rep' })], ['rep', 'att', 'req']],
    ['two attachments by date received', [doc('org', 'original'), doc('a2', 'attachment', { belongsTo: 'org', receivedOn: '2026-03-05' }), doc('a1', 'attachment', { belongsTo: 'org', receivedOn: '2026-03-02' })], ['org', 'a1', 'a2']],
    ['sections by category: licence, ID copy, then contracts', [doc('c', 'original', { category: 'contract' }), doc('id', 'original', { category: 'legal_rep_id' }), doc('bl', 'original', { category: 'business_licence' })], ['bl', 'id', 'c']],
    ['groups by date received, undated last, then by id', [doc('10', 'other', { receivedOn: null }), doc('9', 'other', { receivedOn: '2026-05-01' }), doc('2', 'other', { receivedOn: '2026-01-01' }), doc('11', 'other', { receivedOn: '2026-01-01' })], ['2', '11', '9', '10']],
    ['a link to a missing document makes its own group', [doc('att', 'attachment', { belongsTo: 'gone' })], ['att']],
    ['a cycle does not loop', [doc('a', 'attachment', { belongsTo: 'b' }), doc('b', 'attachment', { belongsTo: 'a' })], ['a', 'b']],
  ] as const)('ARC-6 %s', (_why, docs, expected) => {
    expect(order([...docs])).toEqual(expected);
  });

  it('ARC-6 pages are numbered continuously across the volume (page N of M)', () => {
    const { items, totalPages } = orderVolume([doc('req', 'request', { pages: 3 }), doc('rep', 'reply', { belongsTo: 'req', pages: 2 }), doc('bl', 'original', { category: 'business_licence', pages: 1 })]);
    expect(items.map((d) => [d.id, d.seq, d.startPage, d.endPage, d.depth])).toEqual([
      ['bl', 1, 1, 1, 0],
      ['rep', 2, 2, 3, 1],
      ['req', 3, 4, 6, 0],
    ]);
    expect(totalPages).toBe(6);
    expect(orderVolume([])).toEqual({ items: [], totalPages: 0 });
  });

  it('ARC-6 for any volume: every document once, pages continuous from 1 to the total, each linked pair in rule order', () => {
    const arb = fc.array(fc.record({ kind: fc.constantFrom(...documentKinds), category: fc.constantFrom(...documentCategories), pages: fc.integer({ min: 1, max: 50 }), parent: fc.option(fc.nat(30), { nil: null }), day: fc.option(fc.integer({ min: 1, max: 28 }), { nil: null }) }), { maxLength: 30 });
    fc.assert(
      fc.property(arb, (raw) => {
        const docs = raw.map((r, i) => doc(String(i + 1), r.kind, { category: r.category as DocumentCategory, pages: r.pages, belongsTo: r.parent !== null && r.parent < raw.length ? String(r.parent + 1) : null, receivedOn: r.day ? `2026-03-${String(r.day).padStart(2, '0')}` : null }));
        const { items, totalPages } = orderVolume(docs);
        expect(items.map((d) => d.id).sort()).toEqual(docs.map((d) => d.id).sort());
        let next = 1;
        for (const [i, d] of items.entries()) {
          expect(d.seq).toBe(i + 1);
          expect(d.startPage).toBe(next);
          expect(d.endPage).toBe(d.startPage + d.pages - 1);
          next = d.endPage + 1;
        }
        expect(totalPages).toBe(next - 1);
        const pos = new Map(items.map((d, i) => [d.id, i]));
        for (const d of items) {
          const parent = d.belongsTo ? items.find((p) => p.id === d.belongsTo) : undefined;
          if (!parent || d.depth === 0) continue;
          if (d.kind === 'reply' && parent.kind === 'request') expect(pos.get(d.id)!).toBeLessThan(pos.get(parent.id)!);
          if (d.kind === 'attachment' && parent.kind === 'original') expect(pos.get(d.id)!).toBeGreaterThan(pos.get(parent.id)!);
          if (d.kind === 'draft' && parent.kind === 'print') expect(pos.get(d.id)!).toBeGreaterThan(pos.get(parent.id)!);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('ARC-6 completeness check', () => {
  it.each([
    [['business_licence', 'legal_rep_id'], [], ['business_licence', 'legal_rep_id']],
    [['business_licence', 'legal_rep_id'], ['legal_rep_id', 'contract'], ['business_licence']],
    [['business_licence', 'legal_rep_id'], ['business_licence', 'legal_rep_id'], []],
    [[], ['other'], []],
    [['contract', 'contract'], [], ['contract']],
  ] as const)('ARC-6 required %j, present %j → missing %j', (required, present, missing) => {
    expect(missingDocuments(required, present.map((category) => ({ category })))).toEqual(missing);
  });
});

describe('ARC-6 file names', () => {
  it.each([
    ['营业执照.pdf', '营业执照.pdf'],
    ['../../../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\cmd.exe', 'cmd.exe'],
    ['/abs/path/a.png', 'a.png'],
    ['..', 'document.bin'],
    ['', 'document.bin'],
    ['.htaccess', 'htaccess'],
    ['a\u0000b\r\n"c".txt', 'abc.txt'],
    ['名'.repeat(300) + '.pdf', '名'.repeat(116) + '.pdf'],
  ])('ARC-6 %j is stored as %j', (raw, safe) => {
    expect(safeFileName(raw)).toBe(safe);
  });
  it('ARC-6 any name becomes one safe segment', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (raw) => {
        const s = safeFileName(raw);
        expect(s.length).toBeGreaterThan(0);
        expect([...s].length).toBeLessThanOrEqual(120);
        expect(s).not.toMatch(/[/\\\u0000-\u001f"<>|?*:]/);
        expect(s.startsWith('.')).toBe(false);
      }),
    );
  });
  it('ARC-6 a title defaults to the name without extension; storage keys are content addresses', () => {
    expect(titleFromFileName('营业执照副本.pdf')).toBe('营业执照副本');
    expect(titleFromFileName('README')).toBe('README');
    expect(storageKeyOf('ab'.repeat(32))).toBe(`documents/ab/${'ab'.repeat(32)}`);
    expect(() => storageKeyOf('../x')).toThrow();
  });
});

describe('ARC-6 allowed types, judged by content', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it.each([
    [{ ext: 'pdf', mime: 'application/pdf' }, 'x.pdf', 'application/pdf'],
    [{ ext: 'png', mime: 'image/png' }, 'scan.pdf', 'image/png'],
    [{ ext: 'docx', mime: 'x' }, 'a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    [{ ext: 'cfb', mime: 'application/x-cfb' }, '合同.doc', 'application/msword'],
  ] as const)('ARC-6 %j named %s is accepted as %s', (detected, name, type) => {
    expect(judgeUpload({ detected, sample: new Uint8Array([1]) }, name)).toMatchObject({ ok: true, contentType: type });
  });
  it.each([
    [{ ext: 'exe', mime: 'application/x-msdownload' }, '营业执照.pdf'],
    [{ ext: 'elf', mime: 'application/x-elf' }, 'a.pdf'],
    [{ ext: 'zip', mime: 'application/zip' }, 'a.zip'],
    [{ ext: 'cfb', mime: 'application/x-cfb' }, 'setup.msi'],
    [{ ext: 'swf', mime: 'application/x-shockwave-flash' }, 'a.pdf'],
  ] as const)('ARC-6 %j named %s is refused', (detected, name) => {
    expect(judgeUpload({ detected, sample: new Uint8Array([1]) }, name).ok).toBe(false);
  });
  it('ARC-6 plain text is accepted (UTF-8 or GB18030); HTML, SVG, binary junk and empty files are not', () => {
    expect(judgeUpload({ detected: undefined, sample: bytes('客户来函\r\n第二行') }, 'a.txt')).toEqual({ ok: true, contentType: 'text/plain; charset=utf-8', ext: 'txt' });
    expect(judgeUpload({ detected: undefined, sample: new Uint8Array([0xbf, 0xcd, 0xbb, 0xa7]) }, 'a.csv')).toEqual({ ok: true, contentType: 'text/csv; charset=gb18030', ext: 'csv' });
    expect(judgeUpload({ detected: undefined, sample: bytes('<!DOCTYPE html><script>x</script>') }, 'a.txt').ok).toBe(false);
    expect(judgeUpload({ detected: undefined, sample: bytes('\uFEFF  <svg onload=alert(1)>') }, 'a.txt').ok).toBe(false);
    expect(judgeUpload({ detected: undefined, sample: new Uint8Array([0, 1, 2, 3]) }, 'a.txt').ok).toBe(false);
    expect(judgeUpload({ detected: undefined, sample: new Uint8Array([]) }, 'a.txt').ok).toBe(false);
    expect(looksLikeMarkup(bytes('hello <script>'))).toBe(true);
    expect(looksLikeMarkup(bytes('a < b and c > d'))).toBe(false);
  });
});
