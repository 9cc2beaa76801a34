/**
 * Working days (ARC-8: new information is entered within 1 working day). Pure: dates are
 * `YYYY-MM-DD` strings in the company's calendar (China, UTC+8), no clock is read.
 * A day is a working day when it is a make-up working day (调休上班), or it is Monday to Friday
 * and not a public holiday.
 */
import chineseDays from 'chinese-days';

export type WorkCalendar = { holidays: ReadonlySet<string>; makeUpWorkdays: ReadonlySet<string>; official?: boolean };

/** Weekends plus the given lists only. */
export const calendarOf = (holidays: readonly string[], makeUpWorkdays: readonly string[]): WorkCalendar => ({ holidays: new Set(holidays), makeUpWorkdays: new Set(makeUpWorkdays) });

/**
 * REL-5: the official calendar (maintained by the `chinese-days` package: each year's State
 * Council arrangement with its 调休) with the administrator's lists as overrides on top — a listed
 * holiday is off, a listed make-up day is worked, whatever the package says. For a year the package
 * does not have yet, the statutory holidays are computed (see statutoryHolidays) and the
 * administrator adds that year's 调休 when it is published.
 */
export const officialCalendarOf = (holidays: readonly string[], makeUpWorkdays: readonly string[]): WorkCalendar => ({ ...calendarOf(holidays, makeUpWorkdays), official: true });

const coveredYears = new Map<string, boolean>();
/** The package has a year's arrangement when 1–3 October are all holidays in it (no weekend rule alone makes three days in a row off). */
const isOfficialYear = (year: string): boolean => {
  let hit = coveredYears.get(year);
  if (hit === undefined) coveredYears.set(year, (hit = ['01', '02', '03'].every((d) => chineseDays.isHoliday(`${year}-10-${d}`))));
  return hit;
};
const statutoryCache = new Map<number, Set<string>>();
/**
 * The statutory holidays of a year (全国年节及纪念日放假办法, 2025): 元旦 1 Jan; 春节 除夕 to 初三;
 * 清明 (solar term); 劳动节 1–2 May; 端午 (5/5 lunar); 中秋 (8/15 lunar); 国庆 1–3 Oct.
 */
export function statutoryHolidays(year: number): ReadonlySet<string> {
  const hit = statutoryCache.get(year);
  if (hit) return hit;
  const lunar = (md: string) => chineseDays.getSolarDateFromLunar(`${year}-${md}`).date;
  const springFestival = lunar('01-01');
  const days = [`${year}-01-01`, addCalendarDays(springFestival, -1), springFestival, addCalendarDays(springFestival, 1), addCalendarDays(springFestival, 2),
    chineseDays.getSolarTermDate(year, 4, 'pure_brightness'), `${year}-05-01`, `${year}-05-02`, lunar('05-05'), lunar('08-15'), `${year}-10-01`, `${year}-10-02`, `${year}-10-03`];
  const set = new Set(days);
  statutoryCache.set(year, set);
  return set;
}

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
const addCalendarDays = (d: string, n: number) => fromUtc(toUtc(d) + n * DAY_MS);

export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  if (cal.makeUpWorkdays.has(date)) return true;
  const weekday = new Date(toUtc(date)).getUTCDay();
  if (cal.holidays.has(date)) return false;
  if (cal.official) {
    if (isOfficialYear(date.slice(0, 4))) return chineseDays.isWorkday(date);
    if (statutoryHolidays(Number(date.slice(0, 4))).has(date)) return false;
  }
  return weekday !== 0 && weekday !== 6;
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

/** The instant a China calendar day begins (00:00 at UTC+8): the inclusive start of a `from` day filter. */
export const chinaDayStart = (day: string): Date => new Date(`${day}T00:00:00+08:00`);
/** The instant the next China day begins: the exclusive end of a `to` day filter that includes `day`. */
export const chinaDayEnd = (day: string): Date => new Date(chinaDayStart(day).getTime() + 86_400_000);

/** Overdue: the due day has passed in China without the task being done. */
export function isOverdue(dueOn: string, completed: boolean, now: Date): boolean {
  return !completed && chinaDate(now) > dueOn;
}
