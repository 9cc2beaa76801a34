/**
 * Service boards (看板管理, REL-6): pure rules. A board belongs to one period — an ISO week
 * (`2026-W49`, Monday to Sunday) or a calendar month (`2026-12`) — reckoned on China's calendar
 * (dates come in as `YYYY-MM-DD` already converted with chinaDate). Cards are ordered within a
 * column by a fractional `position`, so a move writes only the moved card: two people moving two
 * cards never touch the same row, and the same card moved twice is caught by its version.
 */
import type { BoardColumn, BoardKind } from '../../../contract/boards.js';

const DAY = 86_400_000;
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const weekPattern = /^(\d{4})-W(\d{2})$/;
export const monthPattern = /^(\d{4})-(\d{2})$/;

/** Monday of ISO week 1 of an ISO year: the week holding 4 January. */
function isoWeekOneMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return jan4 - dow * DAY;
}

/** Number of ISO weeks in a year (52 or 53). */
export function isoWeeksIn(year: number): number {
  return (isoWeekOneMonday(year + 1) - isoWeekOneMonday(year)) / (7 * DAY);
}

/** The period of a date: `YYYY-Www` (ISO week, the ISO year may differ from the calendar year) or `YYYY-MM`. */
export function periodOf(kind: BoardKind, date: string): string {
  if (kind === 'month') return date.slice(0, 7);
  const t = utc(date);
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  const thursday = t + (3 - dow) * DAY; // the ISO year is the year of the week's Thursday
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - isoWeekOneMonday(year)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Whether a period string names a real week or month (years 2000–2099). */
export function isPeriod(kind: BoardKind, period: string): boolean {
  const m = (kind === 'week' ? weekPattern : monthPattern).exec(period);
  if (!m) return false;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (year < 2000 || year > 2099) return false;
  return kind === 'week' ? n >= 1 && n <= isoWeeksIn(year) : n >= 1 && n <= 12;
}

/** First and last day of a period (inclusive). The period must satisfy isPeriod. */
export function periodRange(kind: BoardKind, period: string): { startsOn: string; endsOn: string } {
  if (kind === 'week') {
    const [, y, w] = weekPattern.exec(period)!;
    const monday = isoWeekOneMonday(Number(y)) + (Number(w) - 1) * 7 * DAY;
    return { startsOn: iso(monday), endsOn: iso(monday + 6 * DAY) };
  }
  const [, y, m] = monthPattern.exec(period)!;
  const first = Date.UTC(Number(y), Number(m) - 1, 1);
  const last = Date.UTC(Number(y), Number(m), 0);
  return { startsOn: iso(first), endsOn: iso(last) };
}

/** The period after this one. */
export function nextPeriod(kind: BoardKind, period: string): string {
  const { endsOn } = periodRange(kind, period);
  return periodOf(kind, iso(utc(endsOn) + DAY));
}

/** The period before this one. */
export function previousPeriod(kind: BoardKind, period: string): string {
  const { startsOn } = periodRange(kind, period);
  return periodOf(kind, iso(utc(startsOn) - DAY));
}

/** Periods of one kind compare as strings (zero-padded, same shape): negative when a is earlier. */
export const comparePeriods = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Whether a board may be opened for this period today: the current period or an earlier one.
 * A later period would carry over cards still being worked on this period.
 */
export function mayOpen(kind: BoardKind, period: string, today: string): { ok: true } | { ok: false; reason: 'invalid' | 'future' } {
  if (!isPeriod(kind, period)) return { ok: false, reason: 'invalid' };
  return comparePeriods(period, periodOf(kind, today)) > 0 ? { ok: false, reason: 'future' } : { ok: true };
}

export type CarryCandidate = { id: string; column: BoardColumn; position: number };

/**
 * Of the previous board's cards, those that carry over to the next board: every card not done,
 * keeping their column and their order. Done cards stay where they were finished.
 */
export function cardsToCarry<T extends CarryCandidate>(cards: readonly T[]): T[] {
  return cards.filter((c) => c.column !== 'done').sort((a, b) => a.position - b.position || Number(a.id) - Number(b.id));
}

/** The gap below which positions are renumbered (doubles keep ~50 halvings between two integers). */
export const MIN_GAP = 1e-6;
export const STEP = 1024;

/**
 * The position a card gets when placed at `index` in a column whose other cards have these
 * positions (sorted ascending, the moved card not among them). `rebalance` says the neighbours
 * are too close: the column is then renumbered by renumber() first and the position asked again.
 */
export function positionAt(others: readonly number[], index: number): { position: number; rebalance: boolean } {
  const i = Math.max(0, Math.min(Math.trunc(index), others.length));
  const before = i > 0 ? others[i - 1]! : null;
  const after = i < others.length ? others[i]! : null;
  if (before === null && after === null) return { position: STEP, rebalance: false };
  if (before === null) return { position: after! - STEP, rebalance: false };
  if (after === null) return { position: before + STEP, rebalance: false };
  if (after - before < MIN_GAP) return { position: before, rebalance: true };
  return { position: before + (after - before) / 2, rebalance: false };
}

/** Even positions for a column in its current order: STEP, 2·STEP, … */
export function renumber(count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i + 1) * STEP);
}

/** Order of cards on a board: by column order, then position, then id (ties are deterministic). */
export const boardColumns: readonly BoardColumn[] = ['todo', 'doing', 'done'];
export function orderCards<T extends { id: string; column: BoardColumn; position: number }>(cards: readonly T[]): T[] {
  return [...cards].sort((a, b) => boardColumns.indexOf(a.column) - boardColumns.indexOf(b.column) || a.position - b.position || Number(a.id) - Number(b.id));
}

/** Today's and tomorrow's focus of a weekly board (今日重点 / 明日重点): unfinished cards due then, or overdue for today. */
export function focusOf<T extends { column: BoardColumn; dueOn: string | null }>(cards: readonly T[], today: string): { today: T[]; tomorrow: T[] } {
  const tomorrow = iso(utc(today) + DAY);
  const open = cards.filter((c) => c.column !== 'done' && c.dueOn !== null);
  return { today: open.filter((c) => c.dueOn! <= today), tomorrow: open.filter((c) => c.dueOn === tomorrow) };
}

/** Who keeps the boards: customer service and the managers above it (REL-6, seed 000 看板管理). */
export const boardRoles = ['cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director', 'office_head', 'gm'] as const;
export const mayUseBoards = (roles: readonly string[]) => roles.some((r) => (boardRoles as readonly string[]).includes(r));

/** Managers who may take any card off a board; others only a card they created or are assigned. */
export const boardManagerRoles = ['cs_manager', 'marketing_manager', 'marketing_director', 'office_head', 'gm'] as const;
/** Whether a user may remove a card (REL-6): its creator, its assignee, or a manager of the boards. */
export function mayRemoveCard(user: { id: string; roles: readonly string[] }, card: { createdBy: string | null; assigneeId: string | null }): boolean {
  if (!mayUseBoards(user.roles)) return false;
  if (user.roles.some((r) => (boardManagerRoles as readonly string[]).includes(r))) return true;
  return card.createdBy === user.id || card.assigneeId === user.id;
}
