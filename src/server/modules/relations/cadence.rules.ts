/**
 * Contact cadence (REL-2, 分类管理措施): how often a customer of each ABC class must be called and
 * visited, when the next call and visit are due, and whether that is ok, due soon or overdue.
 * Pure: dates are `YYYY-MM-DD` in China (UTC+8); `now` is a parameter.
 */
import type { CadencePolicy, Channel, ContactState } from '../../../contract/relations.js';
import { chinaDate } from '../tasks/working-days.rules.js';

export type AbcClass = 'A' | 'B' | 'C';
export type ContactKind = 'call' | 'visit';
export type Cadence = { callDays: number; visitDays: number };
export type CadenceTable = Record<AbcClass, Cadence>;

/** Seed 000's table: A call 7 / visit 60 days, B 7 / 90, C 14 / 120. */
export const defaultCadence: CadenceTable = { A: { callDays: 7, visitDays: 60 }, B: { callDays: 7, visitDays: 90 }, C: { callDays: 14, visitDays: 120 } };

/** A due date is "due soon" from this many days before it, inclusive (today … today + 2). */
export const DUE_SOON_DAYS = 2;

const kindOfChannel: Record<Channel, ContactKind | null> = { phone: 'call', email: 'call', chat: 'call', visit: 'visit', meeting: 'visit', other: null };

/** `phone`, `email`, `chat` count as calls; `visit`, `meeting` as visits; `other` as neither. */
export const contactKindOf = (channel: Channel): ContactKind | null => kindOfChannel[channel];

/** The policy a customer follows: its class's, an unclassified customer C's. */
export const cadenceFor = (table: CadenceTable, abcClass: string | null): Cadence => table[abcClass === 'A' || abcClass === 'B' ? abcClass : 'C'];

export const cadenceTableOf = (policies: readonly Pick<CadencePolicy, 'abcClass' | 'callDays' | 'visitDays'>[]): CadenceTable => {
  const table: CadenceTable = { ...defaultCadence };
  for (const p of policies) table[p.abcClass] = { callDays: p.callDays, visitDays: p.visitDays };
  return table;
};

const DAY_MS = 86_400_000;
const dayNumber = (d: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a date: ${d}`);
  const t = Date.parse(`${d}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== d) throw new Error(`not a date: ${d}`);
  return t / DAY_MS;
};
export const addDays = (date: string, n: number): string => new Date((dayNumber(date) + n) * DAY_MS).toISOString().slice(0, 10);
/** Whole days from `a` to `b` (positive when b is later). */
export const daysBetween = (a: string, b: string): number => dayNumber(b) - dayNumber(a);

/** The next due date of one kind: the day (China) of the last such contact plus the interval, or the filing day plus it when there was none. */
export function nextDue(lastAt: Date | null, filedOn: string, days: number): string {
  return addDays(lastAt ? chinaDate(lastAt) : filedOn, days);
}

/** ok / due_soon (due within 2 days, inclusive; due today is still due soon) / overdue (the due day has passed), with whole days overdue. */
export function stateOfDue(dueOn: string, today: string): { state: ContactState; overdueDays: number } {
  const left = daysBetween(today, dueOn);
  if (left < 0) return { state: 'overdue', overdueDays: -left };
  return { state: left <= DUE_SOON_DAYS ? 'due_soon' : 'ok', overdueDays: 0 };
}

export type ContactFacts = { abcClass: string | null; filedOn: string; lastCallAt: Date | null; lastVisitAt: Date | null };
export type ContactStatus = { nextCallDue: string; nextVisitDue: string; callState: ContactState; visitState: ContactState; overdueDays: number };

/** A customer's state for both kinds, as the overview shows it. */
export function contactStatus(f: ContactFacts, table: CadenceTable, now: Date): ContactStatus {
  const c = cadenceFor(table, f.abcClass);
  return statusOfDues(nextDue(f.lastCallAt, f.filedOn, c.callDays), nextDue(f.lastVisitAt, f.filedOn, c.visitDays), chinaDate(now));
}

/** The state of two stored due dates on a day. overdueDays: the more overdue kind's days, 0 when neither is. */
export function statusOfDues(nextCallDue: string, nextVisitDue: string, today: string): ContactStatus {
  const call = stateOfDue(nextCallDue, today);
  const visit = stateOfDue(nextVisitDue, today);
  return { nextCallDue, nextVisitDue, callState: call.state, visitState: visit.state, overdueDays: Math.max(call.overdueDays, visit.overdueDays) };
}

/** After a contact of its kind: the later of the stored last contact and this one (a call logged for last week leaves a newer call standing). */
export const laterContact = (stored: Date | null, occurredAt: Date): Date => (stored && stored.getTime() >= occurredAt.getTime() ? stored : occurredAt);

/** The date window of a state filter on one due date: [from, to] inclusive, open ends null. */
export function dueWindowOf(state: ContactState, today: string): { from: string | null; to: string | null } {
  if (state === 'overdue') return { from: null, to: addDays(today, -1) };
  if (state === 'due_soon') return { from: today, to: addDays(today, DUE_SOON_DAYS) };
  return { from: addDays(today, DUE_SOON_DAYS + 1), to: null };
}

/** REL-3: a communication may have happened in the past, never in the future (a minute's clock skew allowed). */
export const isInFuture = (occurredAt: Date, now: Date): boolean => occurredAt.getTime() > now.getTime() + 60_000;

/** REL-5: a reminder (cadence task) is due for a kind once its due date is within the due-soon window and none was made for that date yet. */
export const needsReminder = (dueOn: string, remindedFor: string | null, today: string): boolean => daysBetween(today, dueOn) <= DUE_SOON_DAYS && remindedFor !== dueOn;
