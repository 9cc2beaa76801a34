/**
 * EVA-4 / EVA-7 scheduled work: at each quarter's start (1 January, April, July, October, 01:00
 * China time) open the previous quarter's evaluations; on the 1st of each month recompute the ABC
 * classes. Singleton queues, so with several instances each tick runs once; the quarter job is
 * resumable, so a run cut short by a restart is completed by the next one.
 */
import type PgBoss from 'pg-boss';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { runAbcJob } from '../modules/evaluation/abc.service.js';
import { openPreviousQuarter } from '../modules/evaluation/rounds.service.js';

export const evaluationJobNames = { openQuarter: 'evaluation-open-quarter', classify: 'evaluation-abc-classify' } as const;

export async function registerEvaluationJobs(boss: PgBoss, db: Kysely<DB>, log: (m: string) => void, opts: { schedule?: boolean; pollingIntervalSeconds?: number }) {
  for (const name of Object.values(evaluationJobNames)) await boss.createQueue(name, { name, policy: 'singleton' });
  if (opts.schedule !== false) {
    await boss.schedule(evaluationJobNames.openQuarter, '0 1 1 1,4,7,10 *', {}, { tz: 'Asia/Shanghai' });
    await boss.schedule(evaluationJobNames.classify, '0 3 1 * *', {}, { tz: 'Asia/Shanghai' });
  }
  const polling = { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 30 };
  await boss.work(evaluationJobNames.openQuarter, polling, async () => {
    const r = await openPreviousQuarter(db, new Date());
    log(`evaluation ${r.quarter}: ${r.opened} opened, ${r.total} in the round`);
  });
  await boss.work(evaluationJobNames.classify, polling, async () => {
    const r = await runAbcJob(db, new Date());
    log(`ABC: ${r.total} classified, ${r.changed} changed`);
  });
}
