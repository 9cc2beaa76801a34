/**
 * Care activities (客户关怀, REL-8): pure rules. The statutory holidays to greet customers on come
 * from the maintained calendar package (chinese-days, as the working-day calendar uses); reach and
 * response rates of a campaign; who may run campaigns.
 */
import chineseDays from 'chinese-days';
import type { CareResponse, HolidayKey } from '../../../contract/care.js';

const DAY = 86_400_000;
const utc = (d: string) => Date.parse(`${d}T00:00:00Z`);

const holidayNames: Record<HolidayKey, string> = {
  new_year: '元旦',
  spring_festival: '春节',
  qingming: '清明节',
  labour_day: '劳动节',
  dragon_boat: '端午节',
  mid_autumn: '中秋节',
  national_day: '国庆节',
};

/** The first day of each statutory holiday of a year (全国年节及纪念日放假办法): solar, lunar and solar-term dates. */
export function holidaysOf(year: number): { key: HolidayKey; name: string; date: string }[] {
  const lunar = (md: string) => chineseDays.getSolarDateFromLunar(`${year}-${md}`).date;
  const dates: Record<HolidayKey, string> = {
    new_year: `${year}-01-01`,
    spring_festival: lunar('01-01'),
    qingming: chineseDays.getSolarTermDate(year, 4, 'pure_brightness'),
    labour_day: `${year}-05-01`,
    dragon_boat: lunar('05-05'),
    mid_autumn: lunar('08-15'),
    national_day: `${year}-10-01`,
  };
  return (Object.keys(dates) as HolidayKey[]).map((key) => ({ key, name: holidayNames[key], date: dates[key] })).sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** Holidays from today (inclusive) within `within` days, soonest first, with how many days away. */
export function upcomingHolidays(today: string, within: number) {
  const year = Number(today.slice(0, 4));
  const until = utc(today) + within * DAY;
  return [...holidaysOf(year), ...holidaysOf(year + 1), ...(within > 366 ? holidaysOf(year + 2) : [])]
    .filter((h) => h.date >= today && utc(h.date) <= until)
    .map((h) => ({ ...h, daysAway: Math.round((utc(h.date) - utc(today)) / DAY) }));
}

/** A reached customer responded unless they gave no response; pending means not reached. */
export const responded = (r: CareResponse) => r !== 'pending' && r !== 'no_response';

/** Reach rate = reached / targets; response rate = responded / reached; 0 where the divisor is 0. Rounded to 4 places. */
export function careRates(c: { targets: number; reached: number; responded: number }): { reachRate: number; responseRate: number } {
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return { reachRate: c.targets > 0 ? round(c.reached / c.targets) : 0, responseRate: c.reached > 0 ? round(c.responded / c.reached) : 0 };
}

/** Who runs care campaigns: customer service, marketing, sales reps (over their own customers) and the general manager. */
export const careRoles = ['cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director', 'sales', 'office_head', 'gm'] as const;
export const mayRunCare = (roles: readonly string[]) => roles.some((r) => (careRoles as readonly string[]).includes(r));

/** How many customers one campaign may select at once (a larger selection is refused, narrow the filters). */
export const MAX_TARGETS = 5000;

/** A reminder must not fall after the event it reminds of. */
export function checkDates(eventOn: string | undefined, remindOn: string | undefined): { ok: true } | { ok: false; field: 'remindOn'; message: string } {
  if (eventOn && remindOn && remindOn > eventOn) return { ok: false, field: 'remindOn', message: 'must not be after eventOn' };
  return { ok: true };
}

/**
 * The month-days (`MM-DD`) of the next `within` days from today (inclusive), each with its date and
 * distance. A 29 February birthday is kept on 28 February in a common year.
 */
export function monthDaysAhead(today: string, within: number): Map<string, { date: string; daysAway: number }> {
  const out = new Map<string, { date: string; daysAway: number }>();
  for (let i = 0; i <= within; i++) {
    const date = new Date(utc(today) + i * DAY).toISOString().slice(0, 10);
    const md = date.slice(5);
    if (!out.has(md)) out.set(md, { date, daysAway: i });
    const year = Number(date.slice(0, 4));
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    if (md === '02-28' && !leap && !out.has('02-29')) out.set('02-29', { date, daysAway: i });
  }
  return out;
}
