/**
 * REL-9: every morning (05:30 China time) the periodic satisfaction surveys per ABC class (default A
 * quarterly, B half-yearly, C yearly). A singleton queue, so with several instances each tick runs
 * once; the run is also idempotent (the unique index on surveys (customer_id, period) adds nothing twice).
 */
import type PgBoss from 'pg-boss';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { createPeriodicSurveys } from '../modules/surveys/surveys.service.js';

export const surveyJobNames = { periodic: 'surveys-periodic' } as const;

export async function registerSurveyJobs(boss: PgBoss, db: Kysely<DB>, log: (m: string) => void, opts: { schedule?: boolean; pollingIntervalSeconds?: number }) {
  await boss.createQueue(surveyJobNames.periodic, { name: surveyJobNames.periodic, policy: 'singleton' });
  if (opts.schedule !== false) await boss.schedule(surveyJobNames.periodic, '30 5 * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.work(surveyJobNames.periodic, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 30 }, async () => {
    const created = await createPeriodicSurveys(db, new Date());
    const total = Object.values(created).reduce((a, b) => a + b, 0);
    if (total > 0) log(`periodic surveys: ${JSON.stringify(created)}`);
  });
}
