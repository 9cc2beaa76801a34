/** ARC-1 PLT-1: generated (demo and benchmark) archives carry a GB/T 4754—2017 大类 code. */
import { describe, expect, it } from 'vitest';
import { industryDivisionCodes, isIndustryDivision } from '../../contract/industries.js';
import { company, industries, seededRng } from './generate.js';

describe('ARC-1 PLT-1 generated industries', () => {
  it('ARC-1 PLT-1 the demo and benchmark archives carry a 大类 inside the 门类 of their free text', () => {
    const rng = seededRng(7);
    const sections = new Set<string>(industries.map(([code]) => code));
    for (let i = 0; i < 500; i++) {
      const g = company(rng, i);
      expect(isIndustryDivision(g.industryCode), g.name).toBe(true);
      const section = g.industry.split(' ')[0]!;
      expect(sections.has(section)).toBe(true);
      expect(industryDivisionCodes(section)).toContain(g.industryCode);
    }
  });
});
