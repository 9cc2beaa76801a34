import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardsToCarry, focusOf, isoWeeksIn, isPeriod, mayOpen, mayRemoveCard, mayUseBoards, MIN_GAP, nextPeriod, orderCards, periodOf, periodRange, positionAt, previousPeriod, renumber, STEP } from './boards.rules.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dateArb = fc.integer({ min: Date.UTC(2000, 0, 3), max: Date.UTC(2099, 11, 25) }).map((ms) => iso(Math.floor(ms / DAY) * DAY));

describe('REL-6 periods of a date', () => {
  it.each([
    ['2026-12-07', '2026-W50'], // Monday
    ['2026-12-06', '2026-W49'], // Sunday ends the week
    ['2026-01-01', '2026-W01'], // Thursday: week 1 of 2026
    ['2025-12-29', '2026-W01'], // Monday of 2026-W01 lies in 2025
    ['2027-01-01', '2026-W53'], // Friday: 2026 has 53 weeks
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2021-01-03', '2020-W53'],
    ['2024-12-30', '2025-W01'],
    ['2024-02-29', '2024-W09'],
  ])('REL-6 the ISO week of %s is %s', (date, week) => {
    expect(periodOf('week', date)).toBe(week);
  });

  it.each([
    ['2026-12-31', '2026-12'],
    ['2027-01-01', '2027-01'],
    ['2024-02-29', '2024-02'],
  ])('REL-6 the month of %s is %s', (date, month) => {
    expect(periodOf('month', date)).toBe(month);
  });

  it.each([
    ['week', '2026-W50', '2026-12-07', '2026-12-13'],
    ['week', '2026-W01', '2025-12-29', '2026-01-04'],
    ['week', '2026-W53', '2026-12-28', '2027-01-03'],
    ['month', '2024-02', '2024-02-01', '2024-02-29'],
    ['month', '2026-02', '2026-02-01', '2026-02-28'],
    ['month', '2026-12', '2026-12-01', '2026-12-31'],
  ] as const)('REL-6 %s %s runs from %s to %s', (kind, period, startsOn, endsOn) => {
    expect(periodRange(kind, period)).toEqual({ startsOn, endsOn });
  });

  it.each([
    ['week', '2026-W49', true],
    ['week', '2026-W53', true],
    ['week', '2025-W53', false], // 2025 has 52 weeks
    ['week', '2026-W00', false],
    ['week', '2026-W54', false],
    ['week', '2026-12', false],
    ['month', '2026-12', true],
    ['month', '2026-13', false],
    ['month', '2026-00', false],
    ['month', '1999-12', false],
    ['month', '2026-W01', false],
  ] as const)('REL-6 %s period %s is valid: %s', (kind, period, ok) => {
    expect(isPeriod(kind, period)).toBe(ok);
  });

  it('REL-6 years have 52 or 53 ISO weeks (2026, 2020 and 2032 have 53)', () => {
    expect([2025, 2026, 2020, 2032, 2027].map(isoWeeksIn)).toEqual([52, 53, 53, 53, 52]);
  });

  it.each([
    ['week', '2026-W52', '2026-W53'],
    ['week', '2026-W53', '2027-W01'],
    ['week', '2025-W52', '2026-W01'],
    ['month', '2026-12', '2027-01'],
    ['month', '2026-01', '2026-02'],
  ] as const)('REL-6 after %s %s comes %s', (kind, period, next) => {
    expect(nextPeriod(kind, period)).toBe(next);
    expect(previousPeriod(kind, next)).toBe(period);
  });

  it('REL-6 every date lies in its period, and next/previous periods are adjacent (property)', () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom('week' as const, 'month' as const), (date, kind) => {
        const period = periodOf(kind, date);
        expect(isPeriod(kind, period)).toBe(true);
        const { startsOn, endsOn } = periodRange(kind, period);
        expect(startsOn <= date && date <= endsOn).toBe(true);
        const next = nextPeriod(kind, period);
        expect(periodRange(kind, next).startsOn).toBe(iso(Date.parse(`${endsOn}T00:00:00Z`) + DAY));
        expect(next > period).toBe(true);
        expect(previousPeriod(kind, next)).toBe(period);
        if (kind === 'week') expect((Date.parse(`${endsOn}T00:00:00Z`) - Date.parse(`${startsOn}T00:00:00Z`)) / DAY).toBe(6);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['week', '2026-W49', '2026-12-06', true], // the current week (Sunday)
    ['week', '2026-W50', '2026-12-06', false], // next week: not yet
    ['week', '2026-W50', '2026-12-07', true], // Monday: it began
    ['week', '2026-W40', '2026-12-06', true], // an earlier week
    ['month', '2027-01', '2026-12-31', false],
    ['month', '2027-01', '2027-01-01', true],
  ] as const)('REL-6 %s board %s may be opened on %s: %s', (kind, period, today, ok) => {
    expect(mayOpen(kind, period, today).ok).toBe(ok);
  });

  it('REL-6 an invalid period is refused as invalid, not future', () => {
    expect(mayOpen('week', '2026-W60', '2026-12-06')).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('REL-6 carry-over and order', () => {
  it('REL-6 every unfinished card carries over in its column order; done cards stay', () => {
    const cards = [
      { id: '1', column: 'done' as const, position: 1 },
      { id: '2', column: 'doing' as const, position: 2048 },
      { id: '3', column: 'todo' as const, position: 1024 },
      { id: '4', column: 'todo' as const, position: 512 },
      { id: '5', column: 'done' as const, position: 4 },
    ];
    expect(cardsToCarry(cards).map((c) => c.id)).toEqual(['4', '3', '2']);
    expect(cardsToCarry([])).toEqual([]);
    expect(cardsToCarry(cards.filter((c) => c.column === 'done'))).toEqual([]);
  });

  it('REL-6 carry-over keeps exactly the cards not done (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ column: fc.constantFrom('todo' as const, 'doing' as const, 'done' as const), position: fc.double({ min: -1e6, max: 1e6, noNaN: true }) })), (raw) => {
        const cards = raw.map((c, i) => ({ ...c, id: String(i + 1) }));
        const carried = cardsToCarry(cards);
        expect(carried.length).toBe(cards.filter((c) => c.column !== 'done').length);
        expect(carried.every((c) => c.column !== 'done')).toBe(true);
      }),
    );
  });

  it.each([
    [[], 0, STEP],
    [[1024], 0, 0],
    [[1024], 1, 2048],
    [[1024], 7, 2048], // past the end: the end
    [[1024, 2048], 1, 1536],
    [[1024, 2048, 3072], 0, 0],
    [[1024, 2048, 3072], 3, 4096],
  ])('REL-6 placing in %j at index %i gives %d', (others, index, position) => {
    expect(positionAt(others, index)).toEqual({ position, rebalance: false });
  });

  it('REL-6 neighbours closer than the minimum gap ask for renumbering, then the place fits', () => {
    const others = [1, 1 + MIN_GAP / 2];
    expect(positionAt(others, 1).rebalance).toBe(true);
    const renumbered = renumber(others.length);
    expect(renumbered).toEqual([STEP, 2 * STEP]);
    expect(positionAt(renumbered, 1)).toEqual({ position: 1.5 * STEP, rebalance: false });
  });

  it('REL-6 a placed card lands exactly at its index in the column (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -1e6, max: 1e6 }), { maxLength: 30 }), fc.nat(40), (raw, index) => {
        const others = [...raw].sort((a, b) => a - b);
        const { position, rebalance } = positionAt(others, index);
        expect(rebalance).toBe(false);
        const column = [...others, position].sort((a, b) => a - b);
        expect(column.indexOf(position)).toBe(Math.min(index, others.length));
      }),
    );
  });

  it('REL-6 cards order by column, then position, then id', () => {
    const ordered = orderCards([
      { id: '3', column: 'done' as const, position: 1 },
      { id: '2', column: 'todo' as const, position: 5 },
      { id: '1', column: 'todo' as const, position: 5 },
      { id: '4', column: 'doing' as const, position: -3 },
      { id: '5', column: 'todo' as const, position: 2 },
    ]);
    expect(ordered.map((c) => c.id)).toEqual(['5', '1', '2', '4', '3']);
  });

  it("REL-6 today's focus: unfinished cards due today or earlier; tomorrow's: due tomorrow", () => {
    const cards = [
      { id: 'a', column: 'todo' as const, dueOn: '2026-12-06' },
      { id: 'b', column: 'doing' as const, dueOn: '2026-12-05' },
      { id: 'c', column: 'done' as const, dueOn: '2026-12-06' },
      { id: 'd', column: 'todo' as const, dueOn: '2026-12-07' },
      { id: 'e', column: 'todo' as const, dueOn: '2026-12-08' },
      { id: 'f', column: 'todo' as const, dueOn: null },
    ];
    const f = focusOf(cards, '2026-12-06');
    expect(f.today.map((c) => c.id)).toEqual(['a', 'b']);
    expect(f.tomorrow.map((c) => c.id)).toEqual(['d']);
    expect(focusOf(cards, '2026-12-31').tomorrow).toEqual([]); // across the month end
    expect(focusOf([{ id: 'x', column: 'todo' as const, dueOn: '2027-01-01' }], '2026-12-31').tomorrow.map((c) => c.id)).toEqual(['x']);
  });

  it.each([
    [['cs_staff'], true],
    [['cs_manager'], true],
    [['gm'], true],
    [['sales'], false],
    [['finance', 'archivist'], false],
    [['admin'], false],
  ])('REL-6 roles %j keep the boards: %s', (roles, ok) => {
    expect(mayUseBoards(roles)).toBe(ok);
  });

  it.each([
    ['creator', { id: '1', roles: ['cs_staff'] }, { createdBy: '1', assigneeId: '2' }, true],
    ['assignee', { id: '2', roles: ['cs_staff'] }, { createdBy: '1', assigneeId: '2' }, true],
    ['another clerk', { id: '3', roles: ['cs_staff'] }, { createdBy: '1', assigneeId: '2' }, false],
    ['a clerk, card without creator or assignee', { id: '3', roles: ['cs_staff'] }, { createdBy: null, assigneeId: null }, false],
    ['cs manager', { id: '4', roles: ['cs_manager'] }, { createdBy: '1', assigneeId: '2' }, true],
    ['gm', { id: '5', roles: ['gm'] }, { createdBy: null, assigneeId: null }, true],
    ['office head', { id: '6', roles: ['office_head'] }, { createdBy: '1', assigneeId: null }, true],
    ['a sales rep who created it', { id: '1', roles: ['sales'] }, { createdBy: '1', assigneeId: '1' }, false],
  ] as const)('REL-6 %s may remove the card: %s', (_who, user, card, ok) => {
    expect(mayRemoveCard(user, card)).toBe(ok);
  });
});
