/** ARC-1: the vendored GB/T 4754—2017 table (门类 and 大类) and its lookups. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  industryDivisionCodes, industryDivisions, industryLabel, industrySections, industryTree, isIndustryDivision, isIndustryFilterCode, parseIndustry,
} from './industries.js';

const ranges: Record<string, [number, number]> = {
  A: [1, 5], B: [6, 12], C: [13, 43], D: [44, 46], E: [47, 50], F: [51, 52], G: [53, 60], H: [61, 62], I: [63, 65], J: [66, 69],
  K: [70, 70], L: [71, 72], M: [73, 75], N: [76, 79], O: [80, 82], P: [83, 83], Q: [84, 85], R: [86, 90], S: [91, 96], T: [97, 97],
};
const han = /\p{Script=Han}/u;

describe('ARC-1 GB/T 4754—2017 industry table', () => {
  it('ARC-1 has the 20 sections A–T and the 97 divisions 01–97, no code twice', () => {
    expect(industrySections.map((s) => s.code)).toEqual('ABCDEFGHIJKLMNOPQRST'.split(''));
    expect(industryDivisions).toHaveLength(97);
    expect(new Set(industryDivisions.map((v) => v.code)).size).toBe(97);
    expect(new Set(industrySections.map((s) => s.code)).size).toBe(20);
    expect(industryDivisions.map((v) => v.code)).toEqual(Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')));
  });

  it('ARC-1 every division lies in its section’s range, and each section’s range is the standard’s', () => {
    for (const s of industrySections) expect([Number(s.from), Number(s.to)], s.code).toEqual(ranges[s.code]);
    for (const v of industryDivisions) {
      const [from, to] = ranges[v.section]!;
      expect(Number(v.code), `${v.code} ${v.zh}`).toBeGreaterThanOrEqual(from);
      expect(Number(v.code), `${v.code} ${v.zh}`).toBeLessThanOrEqual(to);
    }
    for (const s of industrySections) expect(industryDivisionCodes(s.code)).toHaveLength(ranges[s.code]![1] - ranges[s.code]![0] + 1);
  });

  it('ARC-1 names: Chinese in Chinese, English in plain ASCII, none twice; spot checks against the standard', () => {
    for (const x of [...industrySections, ...industryDivisions]) {
      expect(x.zh).toMatch(han);
      expect(x.en).toMatch(/^[\x20-\x7e]+$/);
    }
    expect(new Set(industryDivisions.map((v) => v.zh)).size).toBe(97);
    expect(industryLabel('39')).toBe('C 制造业 / 39 计算机、通信和其他电子设备制造业');
    expect(industryLabel('11')).toBe('B 采矿业 / 11 开采专业及辅助性活动');
    expect(industryLabel('96')).toBe('S 公共管理、社会保障和社会组织 / 96 基层群众自治组织及其他组织');
    expect(industryLabel('39', 'en-US')).toBe('C Manufacturing / 39 Manufacture of computers, communication and other electronic equipment');
    expect(industryLabel('C')).toBe('C 制造业');
    expect(industryLabel('98')).toBe('98');
  });

  it('ARC-1 codes: divisions and sections are known, nothing else is', () => {
    expect(isIndustryDivision('39')).toBe(true);
    for (const bad of ['00', '98', '99', '3', '039', 'C', 'C39', '', ' 39']) expect(isIndustryDivision(bad), bad).toBe(false);
    expect(isIndustryFilterCode('C')).toBe(true);
    expect(isIndustryFilterCode('U')).toBe(false);
    expect(isIndustryFilterCode('c')).toBe(false);
    expect(industryDivisionCodes('K')).toEqual(['70']);
    expect(industryDivisionCodes('Z')).toEqual([]);
    fc.assert(fc.property(fc.string(), (s) => isIndustryDivision(s) === (/^\d\d$/.test(s) && Number(s) >= 1 && Number(s) <= 97)));
  });

  it('ARC-1 ARC-12 reading an industry: code, section+code, code+name, name, the exported label; disagreeing code and name are refused', () => {
    expect(parseIndustry('39')).toBe('39');
    expect(parseIndustry(39)).toBe('39');
    expect(parseIndustry(1)).toBe('01');
    expect(parseIndustry('C39')).toBe('39');
    expect(parseIndustry('c 39')).toBe('39');
    expect(parseIndustry('39 计算机、通信和其他电子设备制造业')).toBe('39');
    expect(parseIndustry('计算机、通信和其他电子设备制造业')).toBe('39');
    expect(parseIndustry(' 计算机、通信和其他电子设备制造业 ')).toBe('39');
    expect(parseIndustry('Software and information technology services')).toBe('65');
    expect(parseIndustry('C 制造业 / 39 计算机、通信和其他电子设备制造业')).toBe('39');
    for (const bad of ['98', '00', 'B39', '39 软件和信息技术服务业', 'A 农、林、牧、渔业 / 39 计算机、通信和其他电子设备制造业', '电子元器件制造', '制造业', 'C', '390', '']) {
      expect(parseIndustry(bad), bad).toBeNull();
    }
    for (const v of industryDivisions) {
      expect(parseIndustry(v.zh)).toBe(v.code);
      expect(parseIndustry(industryLabel(v.code))).toBe(v.code);
      expect(parseIndustry(industryLabel(v.code, 'en-US'))).toBe(v.code);
    }
  });

  it('ARC-1 the cascader tree: 20 sections holding all 97 divisions', () => {
    const tree = industryTree();
    expect(tree).toHaveLength(20);
    expect(tree.flatMap((s) => s.children ?? []).map((o) => o.value)).toEqual(industryDivisions.map((v) => v.code));
    expect(tree[2]!.label).toBe('C 制造业');
    expect(industryTree('en-US')[0]!.label).toBe('A Agriculture, forestry, animal husbandry and fishery');
  });
});
