/**
 * pg-boss decides every 30 s (cronMonitorIntervalSeconds) for each schedule whether it is due:
 * `shouldSendIt` parses the cron expression in its time zone and walks back to the last time it
 * fired (cron-parser over luxon) — about a millisecond per schedule, for some fifteen schedules,
 * on the main thread: 2–7 % of a core all the time, under load too (PLT-7 profile). The answer
 * only changes when a schedule fires, so the last and next fire times are kept per (cron, zone)
 * and worked out again only once the next one has come: the same answer, from cron-parser itself,
 * once per firing instead of every 30 s.
 */
import { createRequire } from 'node:module';

type CronParser = { parseExpression: (cron: string, o: { tz?: string; currentDate?: Date }) => { prev: () => { getTime: () => number }; next: () => { getTime: () => number } } };
type TimekeeperLike = { clockSkew: number };
type ShouldSendIt = (this: TimekeeperLike, cron: string, tz?: string) => boolean;

const requireHere = createRequire(import.meta.url);
const timekeeperPath = requireHere.resolve('pg-boss/src/timekeeper.js');
/** pg-boss's own Timekeeper class and the cron-parser it uses (its dependency, resolved from it). */
const Timekeeper = requireHere(timekeeperPath) as { prototype: { shouldSendIt: ShouldSendIt } };
export const cronParser = createRequire(timekeeperPath)('cron-parser') as CronParser;

/** pg-boss's check as shipped, kept for the equivalence test. */
export const originalShouldSendIt: ShouldSendIt = Timekeeper.prototype.shouldSendIt;

/**
 * Per schedule: at `at`, the last fire time `prev` and the next `next`. Reused for `at <= now < next`
 * only when nothing fires between them (`next` is the fire time after `prev`): then the last fire
 * time before any such `now` is `prev`, whatever cron-parser does at the boundaries.
 */
const fireTimes = new Map<string, { at: number; prev: number; next: number; whole: boolean }>();

/** pg-boss's `shouldSendIt` (the last fire time less than 60 s before the database's clock), from cached fire times. */
export const cachedShouldSendIt: ShouldSendIt = function (this: TimekeeperLike, cron: string, tz?: string): boolean {
  const now = Date.now();
  const key = `${tz ?? ''}\u0000${cron}`;
  let t = fireTimes.get(key);
  if (!t || !t.whole || now < t.at || now >= t.next) {
    const parse = (at: number) => cronParser.parseExpression(cron, { tz, currentDate: new Date(at) });
    const prev = parse(now).prev().getTime();
    const next = parse(now).next().getTime();
    t = { at: now, prev, next, whole: parse(prev).next().getTime() === next };
    fireTimes.set(key, t);
  }
  return (now + this.clockSkew - t.prev) / 1000 < 60;
};

/** Installs the cached check on pg-boss's Timekeeper (idempotent; every PgBoss instance of this process). */
export function cacheCronChecks(): void {
  Timekeeper.prototype.shouldSendIt = cachedShouldSendIt;
}
