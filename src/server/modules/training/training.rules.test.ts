import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestScore, effectPeriods, isCompleted, missingTrainings, trainerProblem } from './training.rules.js';

describe('REL-12 completion', () => {
  it.each([
    [[], 60, false],
    [[null], 60, false],
    [[59], 60, false],
    [[60], 60, true],
    [[null, 61], 60, true],
    [[0], 0, true],
    [[100], 100, true],
    [[99, null, 98], 100, false],
  ] as const)('REL-12 scores %j with pass score %i: completed %s', (scores, pass, done) => {
    expect(isCompleted(scores, pass)).toBe(done);
  });
  it('REL-12 completed exactly when the best score reaches the pass score', () => {
    fc.assert(fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: null })), fc.integer({ min: 0, max: 100 }), (scores, pass) => {
      const best = bestScore(scores);
      expect(isCompleted(scores, pass)).toBe(best !== null && best >= pass);
    }));
  });
});

describe('REL-12 trainer', () => {
  it.each([
    [{ trainerId: '1' }, null],
    [{ trainerName: '外聘讲师张老师' }, null],
    [{}, 'trainerId'],
    [{ trainerId: '1', trainerName: '张老师' }, 'trainerName'],
  ])('REL-12 %j → problem on %j', (t, field) => {
    expect(trainerProblem(t)?.field ?? null).toBe(field);
  });
});

describe('REL-12 who still has to train', () => {
  const plans = [
    { id: 'p1', role: 'sales' as const, required: true, passScore: 60 },
    { id: 'p2', role: 'cs_staff' as const, required: true, passScore: 80 },
    { id: 'p3', role: 'sales' as const, required: false, passScore: 60 },
  ];
  it('REL-12 required plans of each role held, less the passed ones; optional plans never missing', () => {
    const users = [{ id: 'u1', roles: ['sales' as const] }, { id: 'u2', roles: ['sales' as const, 'cs_staff' as const] }, { id: 'u3', roles: ['finance' as const] }];
    const scores = new Map([['u1:p1', [75]], ['u2:p2', [79, null]]]);
    expect(missingTrainings(users, plans, scores)).toEqual([
      { userId: 'u2', planId: 'p1', role: 'sales', best: null },
      { userId: 'u2', planId: 'p2', role: 'cs_staff', best: 79 },
    ]);
  });
});

describe('REL-12 effect periods', () => {
  it.each([
    ['2026-11-15', 'month', '2026-10', '2026-12'],
    ['2026-01-01', 'month', '2025-12', '2026-02'],
    ['2026-12-31', 'month', '2026-11', '2027-01'],
    ['2026-11-15', 'quarter', '2026-Q3', '2027-Q1'],
    ['2026-01-01', 'quarter', '2025-Q4', '2026-Q2'],
    ['2026-03-31', 'quarter', '2025-Q4', '2026-Q2'],
  ] as const)('REL-12 a session on %s compares %s periods %s and %s', (heldOn, kind, before, after) => {
    const p = effectPeriods(heldOn, kind);
    expect([p.before.key, p.after.key]).toEqual([before, after]);
  });
  it('REL-12 the session lies strictly between the two periods compared', () => {
    fc.assert(fc.property(fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2098-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('month' as const, 'quarter' as const), (d, kind) => {
      const day = d.toISOString().slice(0, 10);
      const { before, after } = effectPeriods(day, kind);
      expect(before.to < day).toBe(true);
      expect(after.from > day).toBe(true);
    }));
  });
});
