import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checklistItems, opportunityStages } from '../../../contract/sales.js';
import { agingBucket, cents, changeStage, daysOverdue, defaultStageProbabilities, fromCents, instalmentsMatch, mayWaive, receivableState, unmetChecklist } from './sales.rules.js';

const today = '2026-12-06';

describe('SAL-1 receivable state', () => {
  it.each([
    [{ dueOn: '2026-12-05', paidOn: null, badDebt: false }, 'overdue', 1],
    [{ dueOn: '2026-12-06', paidOn: null, badDebt: false }, 'open', 0],
    [{ dueOn: '2026-12-07', paidOn: null, badDebt: false }, 'open', 0],
    [{ dueOn: '2026-11-01', paidOn: '2026-11-01', badDebt: false }, 'paid', 0],
    [{ dueOn: '2026-11-01', paidOn: '2026-11-11', badDebt: false }, 'paid', 10],
    [{ dueOn: '2026-11-01', paidOn: '2026-10-20', badDebt: false }, 'paid', 0],
    [{ dueOn: '2026-01-01', paidOn: null, badDebt: true }, 'bad_debt', 339],
    [{ dueOn: '2026-01-01', paidOn: '2026-02-01', badDebt: true }, 'bad_debt', 31],
  ] as const)('SAL-1 %o is %s, %i days overdue', (p, state, days) => {
    expect(receivableState(p, today)).toBe(state);
    expect(daysOverdue(p, today)).toBe(days);
  });
  it('SAL-1 an unpaid instalment is overdue exactly when it has days overdue', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), (offset) => {
        const due = new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
        const p = { dueOn: due, paidOn: null, badDebt: false };
        expect(receivableState(p, today) === 'overdue').toBe(daysOverdue(p, today) > 0);
        expect(daysOverdue(p, today)).toBe(Math.max(0, -offset));
      }),
    );
  });
});

describe('SAL-4 aging buckets', () => {
  it.each([
    [-5, null], [0, null], [1, '0-30'], [30, '0-30'], [31, '31-60'], [60, '31-60'], [61, '61-90'], [90, '61-90'], [91, 'over_90'], [5000, 'over_90'],
  ] as const)('SAL-4 %i days past due → %s', (days, bucket) => {
    expect(agingBucket(days)).toBe(bucket);
  });
});

describe('SAL-2 stages', () => {
  it('SAL-2 default probabilities are 10/25/50/75/90/100/0', () => {
    expect(opportunityStages.map((s) => defaultStageProbabilities[s])).toEqual([10, 25, 50, 75, 90, 100, 0]);
  });
  it.each(opportunityStages)('SAL-2 moving to %s takes its probability from the table', (to) => {
    const table = { ...defaultStageProbabilities, needs: 33 };
    const r = changeStage('initial', to, 'price', table);
    expect(r).toEqual({ ok: true, probability: table[to], closed: to === 'won' || to === 'lost' });
  });
  it.each([undefined, null, '', '   '])('SAL-2 lost without a reason (%o) is refused naming lostReason', (reason) => {
    expect(changeStage('proposal', 'lost', reason, defaultStageProbabilities)).toMatchObject({ ok: false, field: 'lostReason' });
  });
  it('SAL-2 a won opportunity stays won; a lost one may be reopened', () => {
    expect(changeStage('won', 'negotiation', null, defaultStageProbabilities)).toMatchObject({ ok: false, field: 'stage' });
    expect(changeStage('lost', 'needs', null, defaultStageProbabilities)).toMatchObject({ ok: true, probability: 25 });
  });
});

describe('SAL-3 contracts', () => {
  const none = Object.fromEntries(checklistItems.map((k) => [k, false])) as Record<(typeof checklistItems)[number], boolean>;
  it('SAL-3 every unchecked, unwaived item is named, in checklist order', () => {
    expect(unmetChecklist(none, [])).toEqual([...checklistItems]);
    expect(unmetChecklist({ ...none, credit: true }, ['legalStatus'])).toEqual(['businessScope', 'capacity', 'signatoryAuthority']);
    expect(unmetChecklist(Object.fromEntries(checklistItems.map((k) => [k, true])) as typeof none, [])).toEqual([]);
  });
  it('SAL-3 each item alone blocks signing until checked or waived', () => {
    for (const item of checklistItems) {
      const all = { ...Object.fromEntries(checklistItems.map((k) => [k, true])), [item]: false } as typeof none;
      expect(unmetChecklist(all, [])).toEqual([item]);
      expect(unmetChecklist(all, [item])).toEqual([]);
    }
  });
  it('SAL-3 instalments must add up to the amount to the cent', () => {
    expect(instalmentsMatch('100.00', [{ amount: '33.33' }, { amount: '33.33' }, { amount: '33.34' }])).toBe(true);
    expect(instalmentsMatch('100', [{ amount: '99.99' }])).toBe(false);
    expect(instalmentsMatch('0.3', [{ amount: '0.1' }, { amount: '0.2' }])).toBe(true);
    fc.assert(fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n ** 14n }), { minLength: 1, maxLength: 12 }), (parts) => {
      const total = parts.reduce((a, b) => a + b, 0n);
      expect(instalmentsMatch(fromCents(total), parts.map((c) => ({ amount: fromCents(c) })))).toBe(true);
      expect(cents(fromCents(total))).toBe(total);
    }));
  });
  it('SAL-3 managers waive; a sales rep does not', () => {
    expect(mayWaive(['sales'], false)).toBe(false);
    expect(mayWaive(['sales'], true)).toBe(true);
    expect(mayWaive(['finance', 'cs_manager'], false)).toBe(false);
    for (const r of ['marketing_manager', 'marketing_director', 'gm'] as const) expect(mayWaive([r], false)).toBe(true);
  });
});
