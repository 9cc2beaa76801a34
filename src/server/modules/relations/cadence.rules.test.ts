import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channels } from '../../../contract/relations.js';
import {
  addDays,
  cadenceFor,
  cadenceTableOf,
  contactKindOf,
  contactStatus,
  daysBetween,
  defaultCadence,
  dueWindowOf,
  isInFuture,
  laterContact,
  needsReminder,
  nextDue,
  stateOfDue,
  statusOfDues,
} from './cadence.rules.js';

describe('REL-2 cadence policy', () => {
  it('REL-2 defaults from seed 000: A call 7 / visit 60, B 7 / 90, C 14 / 120', () => {
    expect(defaultCadence).toEqual({ A: { callDays: 7, visitDays: 60 }, B: { callDays: 7, visitDays: 90 }, C: { callDays: 14, visitDays: 120 } });
  });
  it.each([
    ['A', { callDays: 7, visitDays: 60 }],
    ['B', { callDays: 7, visitDays: 90 }],
    ['C', { callDays: 14, visitDays: 120 }],
    [null, { callDays: 14, visitDays: 120 }],
    ['X', { callDays: 14, visitDays: 120 }],
  ] as const)('REL-2 class %s follows %o (unclassified follows C)', (cls, expected) => {
    expect(cadenceFor(defaultCadence, cls)).toEqual(expected);
  });
  it('REL-2 an administrator’s policy replaces the default of its class only', () => {
    const t = cadenceTableOf([{ abcClass: 'C', callDays: 10, visitDays: 100 }]);
    expect(t.C).toEqual({ callDays: 10, visitDays: 100 });
    expect(cadenceFor(t, null)).toEqual({ callDays: 10, visitDays: 100 });
    expect(t.A).toEqual(defaultCadence.A);
  });
  it.each([
    ['phone', 'call'],
    ['email', 'call'],
    ['chat', 'call'],
    ['visit', 'visit'],
    ['meeting', 'visit'],
    ['other', null],
  ] as const)('REL-2 channel %s counts as %s', (channel, kind) => {
    expect(contactKindOf(channel)).toBe(kind);
  });
  it('REL-2 every channel of the contract has a kind (or none)', () => {
    for (const c of channels) expect([null, 'call', 'visit']).toContain(contactKindOf(c));
  });
});

describe('REL-2 due dates', () => {
  it('REL-2 never contacted: due counted from filedOn', () => {
    expect(nextDue(null, '2026-03-01', 14)).toBe('2026-03-15');
    expect(nextDue(null, '2026-12-25', 7)).toBe('2027-01-01');
    expect(nextDue(null, '2028-02-22', 7)).toBe('2028-02-29');
  });
  it('REL-2 contacted: due counted from the contact’s day in China (UTC+8)', () => {
    // 2026-03-01 15:59 UTC is 23:59 on the 1st in China; 16:00 UTC is already the 2nd
    expect(nextDue(new Date('2026-03-01T15:59:59Z'), '2020-01-01', 7)).toBe('2026-03-08');
    expect(nextDue(new Date('2026-03-01T16:00:00Z'), '2020-01-01', 7)).toBe('2026-03-09');
  });
  it.each([
    ['2026-03-10', '2026-03-13', 'ok', 0], // 3 days ahead
    ['2026-03-10', '2026-03-12', 'due_soon', 0], // 2 days ahead: inclusive
    ['2026-03-10', '2026-03-11', 'due_soon', 0],
    ['2026-03-10', '2026-03-10', 'due_soon', 0], // due today is not yet overdue
    ['2026-03-10', '2026-03-09', 'overdue', 1],
    ['2026-03-10', '2026-03-01', 'overdue', 9],
    ['2027-01-01', '2026-12-31', 'overdue', 1],
    ['2026-03-01', '2026-02-27', 'overdue', 2],
  ] as const)('REL-2 on %s a due date %s is %s, %i days overdue', (today, due, state, days) => {
    expect(stateOfDue(due, today)).toEqual({ state, overdueDays: days });
  });
  it('REL-2 the state agrees with the day distance for any pair of dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -400, max: 400 }), (base, delta) => {
        const today = addDays('2000-01-01', base);
        const due = addDays(today, delta);
        const s = stateOfDue(due, today);
        expect(daysBetween(today, due)).toBe(delta);
        if (delta < 0) expect(s).toEqual({ state: 'overdue', overdueDays: -delta });
        else if (delta <= 2) expect(s).toEqual({ state: 'due_soon', overdueDays: 0 });
        else expect(s).toEqual({ state: 'ok', overdueDays: 0 });
      }),
    );
  });
  it('REL-2 overdueDays is the more overdue kind’s; 0 when neither is overdue', () => {
    expect(statusOfDues('2026-03-01', '2026-03-05', '2026-03-10')).toEqual({ nextCallDue: '2026-03-01', nextVisitDue: '2026-03-05', callState: 'overdue', visitState: 'overdue', overdueDays: 9 });
    expect(statusOfDues('2026-03-20', '2026-03-08', '2026-03-10')).toMatchObject({ callState: 'ok', visitState: 'overdue', overdueDays: 2 });
    expect(statusOfDues('2026-03-11', '2026-03-30', '2026-03-10')).toMatchObject({ callState: 'due_soon', visitState: 'ok', overdueDays: 0 });
  });
  it('REL-2 a customer’s status: class B filed 2026-01-01, called 2026-03-01, never visited, seen on 2026-04-01', () => {
    const s = contactStatus({ abcClass: 'B', filedOn: '2026-01-01', lastCallAt: new Date('2026-03-01T02:00:00Z'), lastVisitAt: null }, defaultCadence, new Date('2026-04-01T02:00:00Z'));
    expect(s).toEqual({ nextCallDue: '2026-03-08', nextVisitDue: '2026-04-01', callState: 'overdue', visitState: 'due_soon', overdueDays: 24 });
  });
  it('REL-2 a class change changes the dues: the same facts as A, B, C and unclassified', () => {
    const facts = { filedOn: '2026-01-01', lastCallAt: null, lastVisitAt: null };
    const at = new Date('2026-01-05T00:00:00Z');
    expect(contactStatus({ ...facts, abcClass: 'A' }, defaultCadence, at)).toMatchObject({ nextCallDue: '2026-01-08', nextVisitDue: '2026-03-02' });
    expect(contactStatus({ ...facts, abcClass: 'B' }, defaultCadence, at)).toMatchObject({ nextCallDue: '2026-01-08', nextVisitDue: '2026-04-01' });
    expect(contactStatus({ ...facts, abcClass: 'C' }, defaultCadence, at)).toMatchObject({ nextCallDue: '2026-01-15', nextVisitDue: '2026-05-01' });
    expect(contactStatus({ ...facts, abcClass: null }, defaultCadence, at)).toMatchObject({ nextCallDue: '2026-01-15', nextVisitDue: '2026-05-01' });
  });
  it('REL-2 a contact logged late never moves the last contact back', () => {
    const newer = new Date('2026-03-05T00:00:00Z');
    const older = new Date('2026-03-01T00:00:00Z');
    expect(laterContact(newer, older)).toBe(newer);
    expect(laterContact(older, newer)).toBe(newer);
    expect(laterContact(null, older)).toBe(older);
  });
  it.each([
    ['overdue', { from: null, to: '2026-03-09' }],
    ['due_soon', { from: '2026-03-10', to: '2026-03-12' }],
    ['ok', { from: '2026-03-13', to: null }],
  ] as const)('REL-4 the %s filter is the due-date window %o', (state, w) => {
    expect(dueWindowOf(state, '2026-03-10')).toEqual(w);
  });
  it('REL-4 the filter windows agree with stateOfDue on every date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30, max: 30 }), (delta) => {
        const today = '2026-03-10';
        const due = addDays(today, delta);
        const { state } = stateOfDue(due, today);
        for (const s of ['ok', 'due_soon', 'overdue'] as const) {
          const w = dueWindowOf(s, today);
          const inside = (w.from === null || due >= w.from) && (w.to === null || due <= w.to);
          expect(inside).toBe(s === state);
        }
      }),
    );
  });
});

describe('REL-3 REL-5 timing rules', () => {
  it.each([
    ['2026-03-10T02:00:00Z', false],
    ['2026-03-10T03:00:00Z', false], // now
    ['2026-03-10T03:01:00Z', false], // a minute of clock skew
    ['2026-03-10T03:01:01Z', true],
    ['2026-03-11T03:00:00Z', true],
  ] as const)('REL-3 occurredAt %s is in the future: %s', (at, future) => {
    expect(isInFuture(new Date(at), new Date('2026-03-10T03:00:00Z'))).toBe(future);
  });
  it.each([
    ['2026-03-13', null, false], // 3 days ahead: not yet
    ['2026-03-12', null, true], // enters due soon
    ['2026-03-12', '2026-03-12', false], // already reminded for this date
    ['2026-03-12', '2026-02-20', true], // reminded for an earlier due date
    ['2026-03-01', null, true], // overdue and never reminded
  ] as const)('REL-5 due %s, reminded for %s, on 2026-03-10: reminder %s', (due, reminded, expected) => {
    expect(needsReminder(due, reminded, '2026-03-10')).toBe(expected);
  });
});
