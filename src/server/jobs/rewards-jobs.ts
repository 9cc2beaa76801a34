/**
 * REL-10: every 15 minutes, credit the points of new transactions by the plan in force; every night,
 * expire points past their time (FIFO). Singleton queues, so with several instances each tick runs
 * once; both are idempotent anyway (points_credits claims a transaction once; expiry replays the ledger).
 */
import type PgBoss from 'pg-boss';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { creditTransactions, expirePoints } from '../modules/rewards/points.jobs.js';

export const rewardJobNames = { credit: 'rewards-credit-transactions', expire: 'rewards-expire-points' } as const;

export async function registerRewardJobs(boss: PgBoss, db: Kysely<DB>, log: (m: string) => void, opts: { schedule?: boolean; pollingIntervalSeconds?: number }) {
  await boss.createQueue(rewardJobNames.credit, { name: rewardJobNames.credit, policy: 'singleton' });
  await boss.createQueue(rewardJobNames.expire, { name: rewardJobNames.expire, policy: 'singleton' });
  if (opts.schedule !== false) {
    await boss.schedule(rewardJobNames.credit, '*/15 * * * *', {}, { tz: 'Asia/Shanghai' });
    await boss.schedule(rewardJobNames.expire, '10 1 * * *', {}, { tz: 'Asia/Shanghai' });
  }
  await boss.work(rewardJobNames.credit, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 30 }, async () => {
    const r = await creditTransactions(db, new Date());
    if (r.credited > 0) log(`rewards: ${r.points} points credited for ${r.credited} transactions`);
  });
  await boss.work(rewardJobNames.expire, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 30 }, async () => {
    const r = await expirePoints(db, new Date());
    if (r.points > 0) log(`rewards: ${r.points} points expired for ${r.customers} customers`);
  });
}
