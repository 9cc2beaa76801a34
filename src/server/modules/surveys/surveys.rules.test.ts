import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SurveyQuestion } from '../../../contract/surveys.js';
import {
  averageRating, effectiveState, maySendSurvey, needsFollowUp, normaliseQuestions, periodicSurveyDue, periodOf, periodStart, questionsDiffer, ratingDistribution, resultsScope, validateAnswers,
} from './surveys.rules.js';

const questions: SurveyQuestion[] = [
  { id: 'service', kind: 'rating', text: '服务质量' },
  { id: 'channel', kind: 'choice', text: '联系方式', options: ['电话', '微信'] },
  { id: 'comments', kind: 'text', text: '意见和建议' },
];

describe('REL-9 answers against the version sent', () => {
  it.each([
    [0, 'answers.0.rating'], [6, 'answers.0.rating'], [2.5, 'answers.0.rating'], [-1, 'answers.0.rating'],
  ])('REL-9 a rating of %s is refused naming %s', (rating, path) => {
    const r = validateAnswers(questions, [{ questionId: 'service', rating }]);
    expect(r).toMatchObject({ ok: false, errors: [{ path }] });
  });

  it('REL-9 every whole rating 1..5 is accepted (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), (rating) => validateAnswers(questions, [{ questionId: 'service', rating }]).ok));
    fc.assert(fc.property(fc.integer().filter((n) => n < 1 || n > 5), (rating) => !validateAnswers(questions, [{ questionId: 'service', rating }]).ok));
  });

  it.each([
    [[{ questionId: 'nope', rating: 3 }], 'answers.0.questionId'],
    [[{ questionId: 'service', rating: 3 }, { questionId: 'service', rating: 4 }], 'answers.1.questionId'],
    [[{ questionId: 'service' }], 'answers.0.rating'],
    [[{ questionId: 'service', rating: 3, text: 'x' }], 'answers.0.text'],
    [[{ questionId: 'channel', choice: '邮件' }], 'answers.0.choice'],
    [[{ questionId: 'channel' }], 'answers.0.choice'],
    [[{ questionId: 'comments', rating: 2 }], 'answers.0.rating'],
    [[{ questionId: 'comments', text: '   ' }], 'answers'],
  ])('REL-9 %j is refused naming %s', (answers, path) => {
    const r = validateAnswers(questions, answers);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path);
  });

  it('REL-9 valid answers are kept trimmed; questions may be skipped', () => {
    expect(validateAnswers(questions, [{ questionId: 'channel', choice: ' 微信 ' }, { questionId: 'comments', text: ' 很好 ' }])).toEqual({ ok: true, answers: [{ questionId: 'channel', choice: '微信' }, { questionId: 'comments', text: '很好' }] });
  });
});

describe('REL-9 average and follow-up', () => {
  it.each([
    [[], null], [[5], 5], [[1, 2], 1.5], [[1, 2, 2], 1.67], [[2, 2, 3], 2.33], [[4, 4, 5], 4.33],
  ])('REL-9 the average of %j is %s', (ratings, avg) => {
    expect(averageRating([...ratings.map((rating, i) => ({ questionId: `q${i}`, rating })), { questionId: 'x', text: 't' }])).toBe(avg);
  });

  it.each([[null, false], [1, true], [2, true], [2.01, false], [5, false]])('REL-9 an average of %s needs a follow-up: %s', (avg, yes) => {
    expect(needsFollowUp(avg)).toBe(yes);
  });

  it('REL-9 the average stays within 1..5 and between the lowest and highest rating (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 30 }), (rs) => {
      const avg = averageRating(rs.map((rating, i) => ({ questionId: `q${i}`, rating })))!;
      return avg >= Math.min(...rs) && avg <= Math.max(...rs) && avg >= 1 && avg <= 5;
    }));
  });

  it('REL-9 the distribution counts ratings 1..5 and ignores anything else', () => {
    expect(ratingDistribution([{ rating: 1, count: 2 }, { rating: 5, count: 3 }, { rating: 1, count: 1 }, { rating: 0, count: 9 }, { rating: 6, count: 9 }])).toEqual([3, 0, 0, 0, 3]);
  });
});

describe('REL-9 periods per class, in China time', () => {
  it.each([
    ['2026-03-31T15:59:59Z', 'quarter', '2026-Q1'], ['2026-03-31T16:00:00Z', 'quarter', '2026-Q2'],
    ['2026-06-30T15:59:59Z', 'half', '2026-H1'], ['2026-06-30T16:00:00Z', 'half', '2026-H2'],
    ['2026-12-31T15:59:59Z', 'year', '2026'], ['2026-12-31T16:00:00Z', 'year', '2027'],
    ['2026-12-31T16:00:00Z', 'quarter', '2027-Q1'], ['2026-05-01T00:00:00Z', 'off', null],
  ] as const)('REL-9 %s in a %s schedule is period %s', (at, f, period) => {
    expect(periodOf(new Date(at), f)).toBe(period);
  });

  it('REL-9 a period starts on its first China day, and that day falls in it (property)', () => {
    fc.assert(fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), fc.constantFrom('quarter' as const, 'half' as const, 'year' as const), (d, f) => {
      const p = periodOf(d, f)!;
      return periodOf(new Date(`${periodStart(p)}T00:00:00+08:00`), f) === p && periodOf(new Date(new Date(`${periodStart(p)}T00:00:00+08:00`).getTime() - 1), f) !== p;
    }));
  });

  it('REL-9 a periodic survey is due once per period, never when the class is off', () => {
    const now = new Date('2026-11-20T03:00:00Z');
    expect(periodicSurveyDue({ frequency: 'quarter', periodsSurveyed: [], now })).toBe('2026-Q4');
    expect(periodicSurveyDue({ frequency: 'quarter', periodsSurveyed: ['2026-Q3'], now })).toBe('2026-Q4');
    expect(periodicSurveyDue({ frequency: 'quarter', periodsSurveyed: ['2026-Q4'], now })).toBeNull();
    expect(periodicSurveyDue({ frequency: 'half', periodsSurveyed: ['2026-H1'], now })).toBe('2026-H2');
    expect(periodicSurveyDue({ frequency: 'year', periodsSurveyed: ['2026'], now })).toBeNull();
    expect(periodicSurveyDue({ frequency: 'off', periodsSurveyed: [], now })).toBeNull();
  });
});

describe('REL-9 links, templates and who may do what', () => {
  it.each([
    ['sent', '2026-01-02T00:00:00Z', 'sent'], ['sent', '2026-01-01T00:00:00Z', 'expired'], ['answered', '2025-01-01T00:00:00Z', 'answered'], ['sent', null, 'sent'],
  ] as const)('REL-9 a %s survey whose link expires at %s reads %s at 2026-01-01T00:00Z', (state, exp, out) => {
    expect(effectiveState({ state, linkExpiresAt: exp ? new Date(exp) : null }, new Date('2026-01-01T00:00:00Z'))).toBe(out);
  });

  it('REL-9 question ids are generated around those kept; duplicates and misplaced options are refused', () => {
    expect(normaliseQuestions([{ kind: 'rating', text: 'a' }, { id: 'q_1', kind: 'text', text: 'b' }])).toEqual({ ok: true, questions: [{ id: 'q_2', kind: 'rating', text: 'a' }, { id: 'q_1', kind: 'text', text: 'b' }] });
    expect(normaliseQuestions([{ id: 'a', kind: 'rating', text: 'a' }, { id: 'a', kind: 'rating', text: 'b' }])).toMatchObject({ ok: false, errors: [{ path: 'questions.1.id' }] });
    expect(normaliseQuestions([{ kind: 'rating', text: 'a', options: ['x', 'y'] }])).toMatchObject({ ok: false, errors: [{ path: 'questions.0.options' }] });
    expect(normaliseQuestions([{ kind: 'choice', text: 'a', options: ['x', 'x '] }])).toMatchObject({ ok: false, errors: [{ path: 'questions.0.options' }] });
    expect(questionsDiffer(questions, [...questions])).toBe(false);
    expect(questionsDiffer(questions, [{ ...questions[0]!, text: '服务' }, ...questions.slice(1)])).toBe(true);
  });

  it.each([
    [['cs_staff'], null, [], true], [['sales'], '7', [], true], [['sales'], '8', [], false], [['sales'], '8', ['3'], true], [['office_head'], '8', [], false], [['gm'], null, [], true],
  ] as const)('REL-9 roles %j, owner %s, managing %j may send: %s', (roles, ownerId, managed, yes) => {
    expect(maySendSurvey({ userId: '7', roles: [...roles], managedDepartmentIds: [...managed] }, { ownerId, departmentId: '3' })).toBe(yes);
  });

  it.each([[['cs_manager'], [], 'all'], [['cs_staff'], [], 'own'], [['sales'], ['3'], 'departments'], [['sales'], [], 'own']] as const)('REL-9 roles %j managing %j read results: %s', (roles, managed, scope) => {
    expect(resultsScope({ userId: '7', roles: [...roles], managedDepartmentIds: [...managed] })).toBe(scope);
  });
});
