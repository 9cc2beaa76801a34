import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode } from '../../../contract/credit-code.js';
import { checkCustomValues } from './custom-fields.rules.js';
import { pinyin } from 'pinyin-pro';
import { company, seededRng } from '../../seed/generate.js';
import { classifyQuery, diffFields, dormantCutoff, formatArchiveNo, initialsOf, namePinyin, normalizeName, phoneDigits, PINYIN_TERM_LETTERS, PINYIN_TERM_MARK, searchTerms, syllableLookup, syllableTermMatches } from './customers.rules.js';

describe('ARC-2 archive numbers', () => {
  it('ARC-2 KH-YYYY-NNNNNN with six zero-padded digits', () => {
    expect(formatArchiveNo('KH', 2026, 123)).toBe('KH-2026-000123');
    expect(formatArchiveNo('KH', 2026, 999999)).toBe('KH-2026-999999');
  });
});

describe('ARC-10 duplicate matching', () => {
  it.each([
    ['深圳市华为技术有限公司', '深圳市华为技术'],
    ['深圳市华为技术 有限责任公司', '深圳市华为技术'],
    ['（深圳）华为技术股份有限公司', '深圳华为技术'],
    ['ＡＢＣ贸易有限公司', 'abc贸易'],
    ['华为', '华为'],
  ])('ARC-10 normalises %s → %s', (name, norm) => {
    expect(normalizeName(name)).toBe(norm);
  });
  it('ARC-10 a bare suffix is kept as the name', () => {
    expect(normalizeName('有限公司')).toBe('有限公司');
  });
  it('ARC-10 credit codes: GB 32100 check character', () => {
    expect(isValidCreditCode('91440300708461136T')).toBe(true);
    expect(isValidCreditCode('91440300708461136X')).toBe(false);
    expect(isValidCreditCode('91440300708461136')).toBe(false);
    expect(isValidCreditCode('9144030070846113IT')).toBe(false); // I is not in the charset
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{17}$/), (first17) => {
        expect(isValidCreditCode(first17 + creditCodeCheckChar(first17)!)).toBe(true);
      }),
    );
  });
});

describe('ARC-11 derived search columns', () => {
  it('ARC-11 every 1- and 2-character term of name and short name, with its best rank', () => {
    const t = Object.fromEntries(searchTerms('华为技术', '华为').filter((x) => !x.term.startsWith(PINYIN_TERM_MARK)).map((x) => [x.term, x.rank]));
    expect(t).toEqual({ 华: 1, 华为: 0, 为: 2, 为技: 2, 技: 2, 技术: 2, 术: 2, hw: 0, wj: 2, js: 2 }); // hw: the short name's initials exactly
    expect(searchTerms('华为技术').every((x) => x.nameLen === 4)).toBe(true);
  });
  it('ARC-11 two pinyin initials are terms wherever they stand in the name', () => {
    const t = Object.fromEntries(searchTerms('宁波市山兴物业管理有限公司').filter((x) => /^[a-z]+$/.test(x.term)).map((x) => [x.term, x.rank]));
    expect(t).toMatchObject({ nb: 1, sx: 2, wy: 2, gs: 2 });
    expect(t['bs']).toBe(2);
    expect(Object.keys(t)).not.toContain('nbs');
    expect(searchTerms('华为').find((x) => x.term === 'hw')?.rank).toBe(0);
  });
  it('ARC-11 full pinyin and initials', () => {
    expect(namePinyin('深圳市华为技术有限公司')).toEqual({ full: 'shenzhenshihuaweijishuyouxiangongsi', initials: 'szshwjsyxgs', syllables: ['shen', 'zhen', 'shi', 'hua', 'wei', 'ji', 'shu', 'you', 'xian', 'gong', 'si'] });
  });
  it('ARC-11 PLT-7 syllable terms: the pinyin from each syllable before the legal suffix, cut at 24 letters; the short name\'s start; ranked', () => {
    const t = Object.fromEntries(searchTerms('深圳市华为技术有限公司', '华为').filter((x) => x.term.startsWith(PINYIN_TERM_MARK)).map((x) => [x.term, x.rank]));
    expect(t).toEqual({
      ':shenzhenshihuaweijishuyo': 1, // the name's start, cut
      ':zhenshihuaweijishuyouxia': 2,
      ':shihuaweijishuyouxiangon': 2,
      ':huaweijishuyouxiangongsi': 2,
      ':weijishuyouxiangongsi': 2,
      ':jishuyouxiangongsi': 2,
      ':shuyouxiangongsi': 2, // none from you/xian/gong/si: nobody searches for the legal form
      ':huawei': 0, // the short name's whole pinyin
    });
    expect(PINYIN_TERM_LETTERS).toBe(24);
    // a short name whose pinyin the name does not hold has all its syllables; one without a legal suffix has terms to its end
    expect(searchTerms('比亚迪汽车', '迪比').filter((x) => x.term.startsWith(PINYIN_TERM_MARK)).map((x) => [x.term, x.rank])).toEqual([
      [':biyadiqiche', 0], [':yadiqiche', 2], [':diqiche', 2], [':qiche', 2], [':che', 2], [':dibi', 0], [':bi', 2],
    ]);
    // the name is only a legal form: its start is still a term
    expect(searchTerms('有限公司').some((x) => x.term === ':youxiangongsi')).toBe(true);
  });
  it('ARC-11 PLT-7 every full-pinyin entry that starts on a syllable before the legal suffix finds its name through the syllable terms (any length, across the 24-letter cut)', () => {
    const chars = [...'华为深圳西安先锋长安银行重庆股份科技龙腾翔春'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 14 }), fc.constantFrom('', '有限公司', '股份有限公司'), fc.nat(), fc.nat(), (body, suffix, a, b) => {
        const name = body.join('') + suffix;
        const { syllables, full } = namePinyin(name);
        const i = a % body.length;
        const j = i + 1 + (b % (syllables.length - i));
        const entry = syllables.slice(i, j).join('');
        const terms = searchTerms(name).map((x) => x.term).filter((x) => x.startsWith(PINYIN_TERM_MARK));
        expect(terms.some((x) => syllableTermMatches(x, entry)), `${name} / ${entry}`).toBe(true);
        // what a term answers is in the name's pinyin (the longer entry's check is the search's)
        for (const x of terms) if (syllableTermMatches(x, entry) && entry.length <= PINYIN_TERM_LETTERS) expect(full).toContain(entry);
      }),
    );
    expect(syllableLookup('huawei')).toEqual({ exact: false, term: ':huawei%' });
    expect(syllableLookup('shenzhenshihuaweijishuyouxian')).toEqual({ exact: true, term: ':shenzhenshihuaweijishuyo' });
  });
  it('ARC-11 phone digits keep numbers apart', () => {
    expect(phoneDigits(['0755-28780808', null, '(010) 8888 1234'])).toBe('075528780808|01088881234');
  });
  it.each([
    ['KH-2026-000123', 'archiveNo'],
    ['kh-2026', 'archiveNo'],
    ['91440300708461136T', 'creditCode'],
    ['28780808', 'digits'],
    ['0755-2878', 'digits'],
    ['sales@huawei.com', 'email'],
    ['华为', 'chinese'],
    ['华', 'chinese'],
    ['hwjs', 'latin'],
    ['huawei', 'latin'],
    ['ABC-Trading!', 'text'],
  ])('ARC-11 classifies %s as %s', (q, kind) => {
    expect(classifyQuery(q).kind).toBe(kind);
  });
});

describe('ARC-7 field-by-field changes', () => {
  it('ARC-7 lists only changed fields with old and new values', () => {
    expect(diffFields({ name: 'A', phone: '1', tags: ['x'] }, { name: 'A', phone: '2', tags: ['x'], email: undefined })).toEqual([{ field: 'phone', oldValue: '1', newValue: '2' }]);
    expect(diffFields({ tags: ['x'] }, { tags: ['x', 'y'] })).toEqual([{ field: 'tags', oldValue: ['x'], newValue: ['x', 'y'] }]);
    expect(diffFields({ remarks: 'a' }, { remarks: null })).toEqual([{ field: 'remarks', oldValue: 'a', newValue: null }]);
  });
});

describe('ARC-9 dormancy cut-off', () => {
  it.each([
    ['2026-11-25', 18, '2025-05-25'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2024-03-31', 1, '2024-02-29'],
    ['2026-01-15', 12, '2025-01-15'],
  ])('ARC-9 %s minus %i months → %s', (now, months, cutoff) => {
    expect(dormantCutoff(new Date(`${now}T12:00:00Z`), months)).toBe(cutoff);
  });
});

describe('ARC-1 custom field values', () => {
  const defs = [
    { id: '1', key: 'vipLevel', label: 'VIP', type: 'single', options: ['金', '银'], required: true, disabled: false, createdAt: '', version: 0 },
    { id: '2', key: 'channels', label: '渠道', type: 'multi', options: ['线上', '线下'], required: false, disabled: false, createdAt: '', version: 0 },
    { id: '3', key: 'visits', label: '拜访次数', type: 'number', options: [], required: false, disabled: false, createdAt: '', version: 0 },
    { id: '4', key: 'signedOn', label: '签约日', type: 'date', options: [], required: false, disabled: false, createdAt: '', version: 0 },
    { id: '5', key: 'old', label: '旧字段', type: 'text', options: [], required: false, disabled: true, createdAt: '', version: 0 },
  ] as const;
  const check = (v: Record<string, unknown>, creating = false) => checkCustomValues(defs as never, v as never, creating).map((e) => e.path);
  it('ARC-1 valid values pass', () => {
    expect(check({ vipLevel: '金', channels: ['线上'], visits: 3, signedOn: '2024-02-29' }, true)).toEqual([]);
  });
  it('ARC-1 each wrong value is named', () => {
    expect(check({ vipLevel: '铜' })).toEqual(['custom.vipLevel']);
    expect(check({ channels: ['电话'] })).toEqual(['custom.channels']);
    expect(check({ visits: '3' })).toEqual(['custom.visits']);
    expect(check({ signedOn: '2023-02-29' })).toEqual(['custom.signedOn']);
    expect(check({ unknown: 'x' })).toEqual(['custom.unknown']);
    expect(check({ old: 'x' })).toEqual(['custom.old']);
  });
  it('ARC-1 required fields are required on create, not on a partial update', () => {
    expect(check({}, true)).toEqual(['custom.vipLevel']);
    expect(check({})).toEqual([]);
    expect(check({ vipLevel: null })).toEqual(['custom.vipLevel']);
  });
});

describe('PLT-7 ARC-11 initials from the one pinyin reading', () => {
  const byPattern = (s: string) => pinyin(s, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('');
  const items = (s: string) => pinyin(s, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
  it('PLT-7 ARC-11 initialsOf equals pinyin-pro\'s pattern "first" for generated company names and any mix of polyphones, rare Han, latin, digits and punctuation', () => {
    const rng = seededRng(20261207);
    for (let i = 0; i < 2000; i++) {
      const name = company(rng, i).name + i;
      expect(initialsOf(name, items(name))).toBe(byPattern(name));
    }
    const pool = [...'行长重乐的了和华为科技有限公司东莞市银调传单朝着㐀𠀀〇abcXYZ019 ＡＢＣ·（）-_.,，、/ü女绿吕'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pool), { maxLength: 16 }), (a) => {
      const s = a.join('');
      expect(initialsOf(s, items(s))).toBe(byPattern(s));
    }), { numRuns: 3000 });
    expect(namePinyin('深圳市华为技术有限公司').initials).toBe('szshwjsyxgs');
    expect(namePinyin('abc银行99').initials).toBe('abcyh99');
  });
});
