import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proposeRecommendation, relationshipTotal, type RelationshipTemplate } from '../../../server/modules/evaluation/relationship.rules.js';
import { liveRelationshipTotal, proposeLive } from './relationship-total.js';

/** Weights that sum to 100 over 1–8 indicators. */
const weights = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }).map((ws) => {
  const out = ws.map((w) => Math.max(1, Math.floor((w * 100) / ws.reduce((a, b) => a + b, 0))));
  out[0]! += 100 - out.reduce((a, b) => a + b, 0);
  return out;
}).filter((ws) => ws.every((w) => w >= 1));

describe('EVA-8 the live total of the relationship form', () => {
  it('EVA-8 equals the total the server saves and proposes the same recommendation, for generated templates and scores', () => {
    fc.assert(
      fc.property(weights, fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (ws, tenths, a, b) => {
        const t: RelationshipTemplate = { indicators: ws.map((weight, i) => ({ key: `k${i}`, label: `k${i}`, weight })), thresholds: { maintain: Math.max(a, b) / 10, improve: Math.min(a, b) / 10 } };
        const items = ws.map((_w, i) => ({ key: `k${i}`, score: tenths[i]! / 10 }));
        const server = relationshipTotal(t, items);
        const live = liveRelationshipTotal(t.indicators, Object.fromEntries(items.map((x) => [x.key, { score: x.score }])));
        expect(Math.round(live * 10)).toBe(server);
        expect(proposeLive(live, t.thresholds)).toBe(proposeRecommendation(t, server));
      }),
      { numRuns: 500 },
    );
  });

  it('EVA-8 the seed-style example: 25×85 + 15×70 + 20×80 + 20×90 + 10×60 + 10×75 = 79.25 → 79.3, maintain at ≥ 75', () => {
    const rows = [25, 15, 20, 20, 10, 10].map((weight, i) => ({ key: `k${i}`, weight }));
    const total = liveRelationshipTotal(rows, Object.fromEntries([85, 70, 80, 90, 60, 75].map((score, i) => [`k${i}`, { score }])));
    expect(total).toBe(79.3);
    expect(proposeLive(total, { maintain: 75, improve: 50 })).toBe('maintain');
    expect(proposeLive(74.9, { maintain: 75, improve: 50 })).toBe('improve');
    expect(proposeLive(49.9, { maintain: 75, improve: 50 })).toBe('terminate');
  });
});
