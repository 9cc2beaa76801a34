/**
 * Working days (ARC-8: new information is entered within 1 working day). Pure: dates are
 * `YYYY-MM-DD` strings in the company's calendar (China, UTC+8), no clock is read.
 * A day is a working day when it is a make-up working day (调休上班), or it is Monday to Friday
 * and not a public holiday.
 */

export type WorkCalendar = { holidays: ReadonlySet<string>; makeUpWorkdays: ReadonlySet<string> };

export const calendarOf = (holidays: readonly string[], makeUpWorkdays: readonly string[]): WorkCalendar => ({ holidays: new Set(holidays), makeUpWorkdays: new Set(makeUpWorkdays) });

/**
 * The State Council's 2026 holiday arrangement (放假安排), shipped as the default;
 * administrators keep the list current for later years in the archive settings.
 */
export const defaultHolidays2026 = [
  '2026-01-01', '2026-01-02', '2026-01-03', // 元旦
  '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23', // 春节
  '2026-04-04', '2026-04-05', '2026-04-06', // 清明节
  '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05', // 劳动节
  '2026-06-19', '2026-06-20', '2026-06-21', // 端午节
  '2026-09-25', '2026-09-26', '2026-09-27', // 中秋节
  '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07', // 国庆节
] as const;
export const defaultMakeUpWorkdays2026 = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'] as const;

const DAY_MS = 86_400_000;
const toUtc = (d: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a date: ${d}`);
  const t = Date.parse(`${d}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== d) throw new Error(`not a date: ${d}`);
  return t;
};
const fromUtc = (t: number) => new Date(t).toISOString().slice(0, 10);

export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  if (cal.makeUpWorkdays.has(date)) return true;
  const weekday = new Date(toUtc(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !cal.holidays.has(date);
}

/**
 * The date `n` working days after `date` (n ≥ 1): information received on a Friday is due on
 * Monday; on a Saturday, also Monday; before a holiday week, on the first working day after it.
 */
export function addWorkingDays(date: string, n: number, cal: WorkCalendar): string {
  if (!Number.isInteger(n) || n < 1 || n > 366) throw new Error('n must be 1…366 working days');
  let t = toUtc(date);
  let left = n;
  // a calendar cannot hold more than ~2 years of consecutive non-working days; stop runaway lists
  for (let guard = 0; guard < 800; guard++) {
    t += DAY_MS;
    if (isWorkingDay(fromUtc(t), cal) && --left === 0) return fromUtc(t);
  }
  throw new Error('no working day found within 800 days: check the holiday list');
}

/** The calendar date in China (UTC+8, no daylight saving) of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Overdue: the due day has passed in China without the task being done. */
export function isOverdue(dueOn: string, completed: boolean, now: Date): boolean {
  return !completed && chinaDate(now) > dueOn;
}
