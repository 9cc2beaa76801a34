/**
 * ANA-4: every quarter of an hour, the gm's year-to-date compositions are recomputed if a sale, a product line or
 * a composition's customer attribute was written since they were cached (composition_cache, migration
 * 0194) — so the home page's sales by grade and the first click on the composition page are answered
 * from the cache. A stately queue: one run at a time across instances, at most one more waiting (a run
 * longer than the period does not pile up ticks); a period with no write costs a few lookups. Not every
 * minute: at 1M customers a cold pass costs 15–60 s of database time, and with sales written all day a
 * minutely warm-up would keep one of two cores busy recomputing.
 */
import type PgBoss from 'pg-boss';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { warmCompositions } from '../modules/analytics/composition.service.js';

export const analyticsJobNames = { warmCompositions: 'analytics-warm-compositions' } as const;

export async function registerAnalyticsJobs(boss: PgBoss, db: Kysely<DB>, log: (m: string) => void, opts: { schedule?: boolean; pollingIntervalSeconds?: number }) {
  await boss.createQueue(analyticsJobNames.warmCompositions, { name: analyticsJobNames.warmCompositions, policy: 'stately' });
  if (opts.schedule !== false) await boss.schedule(analyticsJobNames.warmCompositions, '*/15 * * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.work(analyticsJobNames.warmCompositions, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 30 }, async () => {
    const t0 = Date.now();
    const r = await warmCompositions(db, new Date(), log);
    if (r.computed.length > 0) log(`compositions: year to date by ${r.computed.join(', ')} recomputed after writes in ${Date.now() - t0} ms`);
  });
}
