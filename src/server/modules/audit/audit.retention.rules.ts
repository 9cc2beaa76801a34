/** Audit retention (SEC-10), pure: the months kept and the instant before which events go. */
import { DEFAULT_AUDIT_RETENTION_MONTHS } from '../../../contract/audit.js';

/** The spec's floor: events are kept at least 180 days, whatever is set. */
export const MIN_RETENTION_DAYS = 180;

/** A stored setting as the months in force: 6–120 whole months, else the default (36). */
export function retentionMonthsOf(stored: unknown): number {
  const n = Number((stored as { months?: unknown } | null | undefined)?.months);
  return Number.isInteger(n) && n >= 6 && n <= 120 ? n : DEFAULT_AUDIT_RETENTION_MONTHS;
}

/**
 * The instant `months` calendar months before `now` (UTC; a day missing in the target month is
 * its last day: 31 August − 6 months = 28/29 February), never later than 180 days before `now`.
 */
export function retentionCutoff(now: Date, months: number): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const cutoff = new Date(Date.UTC(y, m, Math.min(now.getUTCDate(), lastDay), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
  const floor = new Date(now.getTime() - MIN_RETENTION_DAYS * 86_400_000);
  return cutoff < floor ? cutoff : floor;
}
