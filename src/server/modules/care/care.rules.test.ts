import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { careRates, checkDates, holidaysOf, mayRunCare, monthDaysAhead, responded, upcomingHolidays } from './care.rules.js';

describe('REL-8 statutory holidays from the calendar package', () => {
  it('REL-8 the 2026 holidays: 春节 17 Feb, 清明 5 Apr, 端午 19 Jun, 中秋 25 Sep, 国庆 1 Oct', () => {
    const byKey = Object.fromEntries(holidaysOf(2026).map((h) => [h.key, h]));
    expect(byKey['spring_festival']).toMatchObject({ name: '春节', date: '2026-02-17' });
    expect(byKey['qingming']!.date).toBe('2026-04-05');
    expect(byKey['dragon_boat']!.date).toBe('2026-06-19');
    expect(byKey['mid_autumn']).toMatchObject({ name: '中秋节', date: '2026-09-25' });
    expect(byKey['national_day']!.date).toBe('2026-10-01');
    expect(byKey['new_year']!.date).toBe('2026-01-01');
    expect(holidaysOf(2026)).toHaveLength(7);
  });

  it('REL-8 2027: 春节 6 Feb, 中秋 15 Sep', () => {
    const byKey = Object.fromEntries(holidaysOf(2027).map((h) => [h.key, h.date]));
    expect(byKey['spring_festival']).toBe('2027-02-06');
    expect(byKey['mid_autumn']).toBe('2027-09-15');
  });

  it('REL-8 upcoming holidays cross the year end, soonest first, with days away (boundaries inclusive)', () => {
    const up = upcomingHolidays('2026-12-06', 80);
    expect(up.map((h) => [h.key, h.date, h.daysAway])).toEqual([
      ['new_year', '2027-01-01', 26],
      ['spring_festival', '2027-02-06', 62],
    ]);
    expect(upcomingHolidays('2026-10-01', 0).map((h) => h.key)).toEqual(['national_day']);
    expect(upcomingHolidays('2026-09-24', 1).map((h) => h.key)).toEqual(['mid_autumn']);
    expect(upcomingHolidays('2026-09-23', 1)).toEqual([]);
  });

  it('REL-8 every year holds seven holidays in date order (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2001, max: 2098 }), (year) => {
        const hs = holidaysOf(year);
        expect(hs).toHaveLength(7);
        expect(hs.every((h) => h.date.startsWith(String(year)))).toBe(true);
        expect([...hs].map((h) => h.date).sort()).toEqual(hs.map((h) => h.date));
      }),
      { numRuns: 60 },
    );
  });
});

describe('REL-8 reach and response rates', () => {
  it.each([
    [{ targets: 0, reached: 0, responded: 0 }, 0, 0],
    [{ targets: 10, reached: 0, responded: 0 }, 0, 0],
    [{ targets: 10, reached: 5, responded: 0 }, 0.5, 0],
    [{ targets: 10, reached: 10, responded: 10 }, 1, 1],
    [{ targets: 3, reached: 1, responded: 1 }, 0.3333, 1],
    [{ targets: 3, reached: 2, responded: 1 }, 0.6667, 0.5],
  ])('REL-8 %j: reach %d, response %d', (c, reach, response) => {
    expect(careRates(c)).toEqual({ reachRate: reach, responseRate: response });
  });

  it('REL-8 rates stay within 0–1 (property)', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000), (a, b, c) => {
        const [responded_, reached, targets] = [a, b, c].sort((x, y) => x - y);
        const r = careRates({ targets: targets!, reached: reached!, responded: responded_! });
        for (const v of [r.reachRate, r.responseRate]) expect(v >= 0 && v <= 1).toBe(true);
      }),
    );
  });

  it.each([
    ['pending', false],
    ['no_response', false],
    ['positive', true],
    ['negative', true],
    ['accepted', true],
    ['declined', true],
  ] as const)('REL-8 response %s counts as responded: %s', (r, ok) => {
    expect(responded(r)).toBe(ok);
  });

  it('REL-8 a reminder after the event is refused; on the event day or without dates it is fine', () => {
    expect(checkDates('2026-09-25', '2026-09-26')).toEqual({ ok: false, field: 'remindOn', message: 'must not be after eventOn' });
    expect(checkDates('2026-09-25', '2026-09-25')).toEqual({ ok: true });
    expect(checkDates(undefined, '2026-09-26')).toEqual({ ok: true });
    expect(checkDates('2026-09-25', undefined)).toEqual({ ok: true });
  });

  it.each([
    [['sales'], true],
    [['cs_staff'], true],
    [['finance'], false],
    [['archivist'], false],
    [['admin'], false],
  ])('REL-8 roles %j run campaigns: %s', (roles, ok) => {
    expect(mayRunCare(roles)).toBe(ok);
  });
});

describe('REL-8 birthdays and anniversaries ahead', () => {
  it('REL-8 the month-days ahead cross the year end, inclusive at both ends', () => {
    const m = monthDaysAhead('2026-12-30', 3);
    expect([...m.entries()]).toEqual([
      ['12-30', { date: '2026-12-30', daysAway: 0 }],
      ['12-31', { date: '2026-12-31', daysAway: 1 }],
      ['01-01', { date: '2027-01-01', daysAway: 2 }],
      ['01-02', { date: '2027-01-02', daysAway: 3 }],
    ]);
    expect(monthDaysAhead('2026-12-30', 0).size).toBe(1);
  });

  it('REL-8 a 29 February birthday falls on 28 February in a common year, on its day in a leap year', () => {
    expect(monthDaysAhead('2027-02-27', 2).get('02-29')).toEqual({ date: '2027-02-28', daysAway: 1 });
    expect(monthDaysAhead('2028-02-27', 2).get('02-29')).toEqual({ date: '2028-02-29', daysAway: 2 });
    expect(monthDaysAhead('2028-02-27', 1).get('02-29')).toBeUndefined();
  });

  it('REL-8 a year ahead covers every month-day once (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2001, 0, 1), max: Date.UTC(2098, 0, 1) }), (ms) => {
        const today = new Date(Math.floor(ms / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
        const m = monthDaysAhead(today, 365);
        expect(m.size).toBe(366);
        for (const v of m.values()) expect(v.daysAway >= 0 && v.daysAway <= 365).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
