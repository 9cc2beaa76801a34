/**
 * Customer archive rules, pure: archive numbers (ARC-2), name normalisation and duplicate
 * matching (ARC-10), derived search columns (ARC-11), field-by-field change lists (ARC-7).
 */
import { pinyin } from 'pinyin-pro';
import { isValidCreditCode } from '../../../contract/credit-code.js';
import { digitsOf } from '../../shared/digits.js';

export const DEFAULT_ARCHIVE_PREFIX = 'KH';

export function formatArchiveNo(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

const legalSuffixes = ['股份有限公司', '有限责任公司', '有限公司', '集团公司', '公司'];

/** Full-width → half-width, no spaces or brackets, no legal-form suffix, lower case (ARC-10). */
export function normalizeName(name: string): string {
  let s = name.normalize('NFKC').toLowerCase().replace(/[\s()（）[\]【】·.,，、\-_]/g, '');
  for (const suffix of legalSuffixes) {
    if (s.endsWith(suffix)) {
      if (s.length > suffix.length) s = s.slice(0, -suffix.length);
      break;
    }
  }
  return s;
}

export { digitsOf };
export const normalizeEmail = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();

/** Digits of every phone, joined so no match spans two numbers. */
export function phoneDigits(phones: readonly (string | null | undefined)[]): string {
  return phones.map(digitsOf).filter((d) => d.length > 0).join('|');
}

const searchable = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s()（）[\]【】·.,，、\-_/]/g, '');

export type SearchTerm = { term: string; rank: 0 | 1 | 2; nameLen: number };

/**
 * Distinct 1- and 2-character terms of the name and short name, for 1–2 character queries,
 * each with its best rank: 0 the whole name or short name, 1 a prefix, 2 elsewhere; and every
 * 2-letter run of the name's and the short name's pinyin initials (`hw` in `szshwjsyxgs`), so two
 * initials find a name anywhere, which no trigram index can serve; and the syllable terms of the
 * full pinyin (`:huaweijishu…`, see pinyinSuffixes). Every writer of an archive stores exactly these.
 */
export function searchTerms(name: string, shortName?: string | null): SearchTerm[] {
  const best = new Map<string, 0 | 1 | 2>();
  const note = (term: string, rank: 0 | 1 | 2) => {
    const prior = best.get(term);
    if (prior === undefined || rank < prior) best.set(term, rank);
  };
  for (const part of [name, shortName ?? '']) {
    const s = searchable(part);
    const chars = [...s];
    for (let i = 0; i < chars.length; i++) {
      const one = chars[i]!;
      note(one, one === s ? 0 : i === 0 ? 1 : 2);
      if (i + 1 < chars.length) {
        const two = one + chars[i + 1]!;
        note(two, two === s ? 0 : i === 0 ? 1 : 2);
      }
    }
  }
  const py = namePinyin(name);
  for (let i = 0; i + 1 < py.initials.length; i++) note(py.initials.slice(i, i + 2), py.initials.length === 2 ? 0 : i === 0 ? 1 : 2);
  // the short name's initials too (华为通信 → `hw` at its start): people type what they call the customer
  const sp = shortName ? pinyinOf(shortName) : null;
  const short = sp?.initials ?? '';
  for (let i = 0; i + 1 < short.length; i++) note(short.slice(i, i + 2), short.length === 2 ? 0 : i === 0 ? 1 : 2);
  // full pinyin from every syllable on (the syllable index, PLT-7): `huawei` is the prefix of a term
  for (const [term, rank] of syllableTerms(name, shortName, sp)) note(term, rank);
  const nameLen = Math.min([...name].length, 32767);
  return [...best].map(([term, rank]) => ({ term, rank, nameLen }));
}

/**
 * The syllable terms of an archive (part of searchTerms): the name's (pinyinSuffixes) and the
 * short name's start — all of the short name's syllables when the name's pinyin does not hold it.
 */
export function syllableTerms(name: string, shortName?: string | null, shortPinyin?: { full: string; syllables: readonly string[] } | null): [string, 0 | 1 | 2][] {
  const out = new Map<string, 0 | 1 | 2>();
  const note = (term: string, rank: 0 | 1 | 2) => out.set(term, Math.min(rank, out.get(term) ?? 2) as 0 | 1 | 2);
  const py = lastPinyin?.name === name ? lastPinyin.result : pinyinOf(name, false); // the initials are not needed here
  for (const [, term, rank] of pinyinSuffixes(py.syllables, stemLength(name, py.syllables.length))) note(term, rank);
  const sp = shortName ? (shortPinyin ?? pinyinOf(shortName, false)) : null;
  if (sp && shortName) {
    const inName = py.full.includes(sp.full);
    for (const [i, term, rank] of pinyinSuffixes(sp.syllables, stemLength(shortName, sp.syllables.length))) if (i === 0 || !inName) note(term, rank);
  }
  return [...out];
}

/** Marks a full-pinyin syllable term (`:huaweijishu…`), apart from Chinese terms and two-letter initials. */
export const PINYIN_TERM_MARK = ':';
/** Letters of pinyin a syllable term keeps: a longer entry is looked up by its first letters and checked against the name. */
export const PINYIN_TERM_LETTERS = 24;

/**
 * How an entry of latin letters reads the syllable terms: the terms starting with it (a LIKE
 * pattern), or, for an entry longer than a term, the one term equal to its first letters (`exact`;
 * the match is then checked against the name's pinyin).
 */
export function syllableLookup(value: string): { exact: boolean; term: string } {
  return value.length > PINYIN_TERM_LETTERS
    ? { exact: true, term: PINYIN_TERM_MARK + value.slice(0, PINYIN_TERM_LETTERS) }
    : { exact: false, term: `${PINYIN_TERM_MARK}${value.replace(/[\\%_]/g, '\\$&')}%` };
}

/** Whether a syllable term answers an entry under syllableLookup (the SQL's LIKE or =, for tests). */
export function syllableTermMatches(term: string, value: string): boolean {
  const l = syllableLookup(value);
  return l.exact ? term === l.term : term.startsWith(PINYIN_TERM_MARK + value);
}

/**
 * The syllable terms of one name: from each syllable that starts before its legal-form suffix
 * (有限公司 …: nobody searches for `gongsi`) to the end, cut at PINYIN_TERM_LETTERS letters;
 * rank 0 the whole pinyin (uncut), 1 from the first syllable, 2 from a later one.
 */
function* pinyinSuffixes(syllables: readonly string[], stem: number): Generator<[number, string, 0 | 1 | 2]> {
  for (let i = 0; i < Math.max(1, stem) && i < syllables.length; i++) {
    if (!syllables[i]) continue;
    const rest = syllables.slice(i).join('');
    const term = rest.slice(0, PINYIN_TERM_LETTERS);
    yield [i, PINYIN_TERM_MARK + term, i > 0 ? 2 : term === rest ? 0 : 1];
  }
}

/** How many of a name's syllables come before its legal-form suffix (each suffix character is one syllable). */
function stemLength(name: string, syllables: number): number {
  const s = searchable(name);
  const suffix = legalSuffixes.find((x) => s.endsWith(x) && s.length > x.length);
  return syllables - (suffix ? suffix.length : 0);
}

/** The last name's pinyin: an archive's derived columns and its search terms both need it, one after the other. */
let lastPinyin: { name: string; result: ReturnType<typeof namePinyin> } | null = null;

/** Full pinyin (`shenzhenshihuaweijishuyouxiangongsi`) and initials (`szshwjsyxgs`) of a name. */
export function namePinyin(name: string): { readonly full: string; readonly initials: string; readonly syllables: readonly string[] } {
  if (lastPinyin?.name === name) return lastPinyin.result;
  const result = Object.freeze(pinyinOf(name));
  lastPinyin = { name, result };
  return result;
}

function pinyinOf(name: string, withInitials = true): { full: string; initials: string; syllables: string[] } {
  const s = searchable(name);
  // one element per Chinese character (a run of other characters is one): the syllables of the syllable index
  const items = pinyin(s, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
  const syllables = items.map((x) => x.toLowerCase().replace(/[^a-z0-9]/g, ''));
  const full = syllables.join('');
  const initials = withInitials ? initialsOf(s, items).toLowerCase().replace(/[^a-z0-9]/g, '') : '';
  return { full, initials, syllables };
}

/**
 * The initials pinyin-pro's `pattern: 'first'` gives, from the syllables already read (PLT-7: one
 * segmentation per name instead of two): a run of other characters is returned as it stands and
 * kept whole, a Chinese character's syllable gives its first letter. Tested equal to the second
 * call (customers.rules.test.ts).
 */
export function initialsOf(s: string, items: readonly string[]): string {
  const cps = [...s];
  let pos = 0;
  let out = '';
  for (const it of items) {
    const n = [...it].length;
    if (cps.slice(pos, pos + n).join('') === it) {
      out += it;
      pos += n;
    } else {
      out += it.slice(0, 1);
      pos += 1;
    }
  }
  return out;
}

/** The stored derived search columns of an archive (ARC-10 duplicates, ARC-11 search). */
export function derivedSearchColumns(name: string, phone: string | null | undefined, fax: string | null | undefined) {
  const py = namePinyin(name);
  return { name_norm: normalizeName(name), name_pinyin: py.full, name_initials: py.initials, phone_digits: phoneDigits([phone, fax]) };
}

export type SearchKind = 'archiveNo' | 'creditCode' | 'digits' | 'email' | 'chinese' | 'latin' | 'text';

/** What a search box entry most likely is; the repository searches the matching columns. */
export function classifyQuery(raw: string): { kind: SearchKind; value: string } {
  const q = raw.normalize('NFKC').trim();
  if (/^[a-z]{1,5}-\d{4}(-\d{0,6})?$/i.test(q)) return { kind: 'archiveNo', value: q.toUpperCase() };
  if (isValidCreditCode(q.toUpperCase())) return { kind: 'creditCode', value: q.toUpperCase() };
  if (/^[\d\s()+-]+$/.test(q) && digitsOf(q).length >= 3) return { kind: 'digits', value: digitsOf(q) };
  if (q.includes('@')) return { kind: 'email', value: q.toLowerCase() };
  if (/\p{Script=Han}/u.test(q)) return { kind: 'chinese', value: searchable(q) };
  if (/^[a-z]+$/i.test(q.replace(/\s/g, ''))) return { kind: 'latin', value: q.replace(/\s/g, '').toLowerCase() };
  return { kind: 'text', value: q };
}

export type FieldChange = { field: string; oldValue: unknown; newValue: unknown };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of `patch` whose value differs from `before` (ARC-7). */
export function diffFields(before: Record<string, unknown>, patch: Record<string, unknown>): FieldChange[] {
  return Object.keys(patch)
    .filter((k) => patch[k] !== undefined && !same(before[k], patch[k]))
    .map((field) => ({ field, oldValue: before[field] ?? null, newValue: patch[field] ?? null }));
}

export const DEFAULT_DORMANT_MONTHS = 18;

/** The last day an archive may have had a transaction and still count as active (ARC-9). */
export function dormantCutoff(now: Date, months: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, now.getUTCDate()));
  // 31 March − 1 month is 3 March in JS; clamp to the month's last day instead
  if (d.getUTCDate() !== now.getUTCDate()) d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}
