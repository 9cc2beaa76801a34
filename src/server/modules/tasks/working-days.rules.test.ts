import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarOf, chinaDate, chinaDayEnd, chinaDayStart, defaultHolidays2026, defaultMakeUpWorkdays2026, isOverdue, isWorkingDay, officialCalendarOf, statutoryHolidays } from './working-days.rules.js';

const none = calendarOf([], []);
const cn2026 = calendarOf(defaultHolidays2026, defaultMakeUpWorkdays2026);

describe('ARC-8 working days', () => {
  it.each([
    // [received on, calendar, due on, why]
    ['2026-03-02', none, '2026-03-03', 'Monday → Tuesday'],
    ['2026-03-05', none, '2026-03-06', 'Thursday → Friday'],
    ['2026-03-06', none, '2026-03-09', 'Friday → Monday'],
    ['2026-03-07', none, '2026-03-09', 'Saturday → Monday'],
    ['2026-03-08', none, '2026-03-09', 'Sunday → Monday'],
    ['2026-12-31', none, '2027-01-01', 'across the year without holidays'],
    ['2028-02-28', none, '2028-02-29', 'leap day'],
    ['2026-09-30', cn2026, '2026-10-08', 'before 国庆 → the first day after the holiday week'],
    ['2026-09-18', cn2026, '2026-09-20', 'Friday before the 调休 Sunday → that Sunday'],
    ['2026-10-09', cn2026, '2026-10-10', 'Friday → the 调休 Saturday'],
    ['2026-02-13', cn2026, '2026-02-14', 'Friday before 春节 → the 调休 Saturday'],
    ['2026-02-14', cn2026, '2026-02-24', 'the 调休 Saturday → after 春节'],
    ['2025-12-31', cn2026, '2026-01-04', 'before 元旦 → the 调休 Sunday'],
    ['2026-04-03', cn2026, '2026-04-07', 'Friday before 清明 → Tuesday'],
  ] as [string, ReturnType<typeof calendarOf>, string, string][])('ARC-8 received %s → due %s (%s)', (received, cal, due) => {
    expect(addWorkingDays(received, 1, cal)).toBe(due);
  });

  it.each([
    ['2026-10-01', false],
    ['2026-10-10', true],
    ['2026-10-11', false],
    ['2026-10-12', true],
    ['2026-01-04', true],
  ] as const)('ARC-8 %s is a working day in 2026: %s', (d, expected) => {
    expect(isWorkingDay(d, cn2026)).toBe(expected);
  });

  it('ARC-8 invalid dates and counts are refused', () => {
    expect(() => addWorkingDays('2026-02-30', 1, none)).toThrow();
    expect(() => addWorkingDays('2026-3-1', 1, none)).toThrow();
    expect(() => addWorkingDays('2026-03-02', 0, none)).toThrow();
    // a calendar with no working day at all cannot loop forever
    const everything = calendarOf(Array.from({ length: 900 }, (_, i) => new Date(Date.UTC(2026, 0, 2 + i)).toISOString().slice(0, 10)), []);
    expect(() => addWorkingDays('2026-01-01', 1, everything)).toThrow(/working day/);
  });

  it('ARC-8 the due day is always a later working day, within 1…(holidays + 3) days, for any date and holiday list', () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.array(day, { maxLength: 40 }), fc.array(day, { maxLength: 10 }), (d, holidays, makeUp) => {
        const cal = calendarOf(holidays, makeUp);
        const due = addWorkingDays(d, 1, cal);
        expect(due > d).toBe(true);
        expect(isWorkingDay(due, cal)).toBe(true);
        // every day strictly between is not a working day
        for (let t = Date.parse(`${d}T00:00:00Z`) + 86_400_000; t < Date.parse(`${due}T00:00:00Z`); t += 86_400_000) {
          expect(isWorkingDay(new Date(t).toISOString().slice(0, 10), cal)).toBe(false);
        }
        expect((Date.parse(due) - Date.parse(d)) / 86_400_000).toBeLessThanOrEqual(new Set(holidays).size + 3);
      }),
      { numRuns: 300 },
    );
  });

  it('ARC-8 overdue only after the due day has passed in China (UTC+8)', () => {
    expect(chinaDate(new Date('2026-03-02T15:59:59Z'))).toBe('2026-03-02');
    expect(chinaDate(new Date('2026-03-02T16:00:00Z'))).toBe('2026-03-03');
    expect(isOverdue('2026-03-03', false, new Date('2026-03-03T15:59:59Z'))).toBe(false);
    expect(isOverdue('2026-03-03', false, new Date('2026-03-03T16:00:00Z'))).toBe(true);
    expect(isOverdue('2026-03-03', true, new Date('2026-03-10T00:00:00Z'))).toBe(false);
  });
});

describe('REL-5 the official calendar from chinese-days, with the administrator’s overrides', () => {
  const official = officialCalendarOf([], []);
  it.each([
    ['2026-10-01', false, '国庆 from the package'],
    ['2026-10-10', true, '调休 Saturday from the package'],
    ['2026-02-17', false, '春节 from the package'],
    ['2027-01-01', false, '元旦 2027 (statutory)'],
    ['2027-02-05', false, '除夕 2027'],
    ['2027-02-06', false, '春节 2027'],
    ['2027-02-08', false, '初三 2027'],
    ['2027-02-09', true, 'the Tuesday after 春节 2027'],
    ['2027-04-05', false, '清明 2027 (solar term)'],
    ['2027-05-03', true, 'Monday after 劳动节 2027'],
    ['2027-06-09', false, '端午 2027 (lunar 5/5)'],
    ['2027-09-15', false, '中秋 2027 (lunar 8/15)'],
    ['2027-10-01', false, '国庆 2027'],
    ['2027-10-04', true, 'Monday after 国庆 2027 (no 调休 published)'],
    ['2027-03-10', true, 'an ordinary Wednesday'],
    ['2027-03-13', false, 'an ordinary Saturday'],
  ] as const)('REL-5 %s is a working day: %s (%s)', (d, expected, _why) => {
    expect(isWorkingDay(d, official)).toBe(expected);
  });
  it('REL-5 the administrator’s overrides win: a listed make-up day is worked, a listed holiday is off', () => {
    const cal = officialCalendarOf(['2027-03-10'], ['2027-02-06', '2026-10-01']);
    expect(isWorkingDay('2027-03-10', cal)).toBe(false);
    expect(isWorkingDay('2027-02-06', cal)).toBe(true);
    expect(isWorkingDay('2026-10-01', cal)).toBe(true);
  });
  it('REL-5 due dates stay right in 2027: information received before 春节 is due after it', () => {
    expect(addWorkingDays('2027-02-04', 1, official)).toBe('2027-02-09');
    expect(addWorkingDays('2027-09-30', 1, official)).toBe('2027-10-04');
    expect(addWorkingDays('2026-09-30', 1, official)).toBe('2026-10-08');
  });
  it('REL-5 statutory holidays of any year are 13 days (12 when 中秋 falls within 国庆)', () => {
    for (const y of [2027, 2028, 2030, 2035]) expect(statutoryHolidays(y).size).toBeGreaterThanOrEqual(12);
    expect(statutoryHolidays(2027).size).toBe(13);
  });

  it('SVC-9 ARC-11 a day filter runs from 00:00 China time to the next day\'s 00:00, across month and year ends', () => {
    expect(chinaDayStart('2026-12-06').toISOString()).toBe('2026-12-05T16:00:00.000Z');
    expect(chinaDayEnd('2026-12-06').toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(chinaDayEnd('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(chinaDate(chinaDayStart('2027-01-01'))).toBe('2027-01-01');
    expect(chinaDate(new Date(chinaDayEnd('2027-01-01').getTime() - 1))).toBe('2027-01-01');
  });
});
