/**
 * Scheduled work on a PostgreSQL-backed queue (pg-boss), so that with several instances each
 * scheduled run happens once: pg-boss keeps one job per cron tick and hands it to one worker.
 */
import PgBoss from 'pg-boss';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { markDormantCustomers } from './mark-dormant.js';
import { purgeExpiredAuditEvents } from './purge-audit.js';
import type { Config } from '../config.js';
import { registerBackupJob } from './backup-job.js';
import { registerEvaluationJobs } from './evaluation-jobs.js';
import { registerSalesJobs } from './sales-jobs.js';
import { registerAnalyticsJobs } from './analytics-jobs.js';
import { registerRelationJobs } from './relations-jobs.js';
import { registerComplaintJobs } from './complaint-jobs.js';
import { registerRewardJobs } from './rewards-jobs.js';
import { registerSurveyJobs } from './survey-jobs.js';
import { cacheCronChecks } from './cron-check-cache.js';

// the schedules' due check works from cached fire times (PLT-7: it parsed every cron every 30 s)
cacheCronChecks();

export const jobNames = { markDormant: 'customers-mark-dormant', purgeAudit: 'audit-purge-expired' } as const;

export type Scheduler = { boss: PgBoss; stop: () => Promise<void> };

/** Registers the queues and workers; with `schedule`, also the cron entries (every instance may, it is idempotent). */
export async function startScheduler(url: string, db: Kysely<DB>, log: (m: string) => void, opts: { schedule?: boolean; pollingIntervalSeconds?: number; backup?: Config; cronMonitorIntervalSeconds?: number } = {}): Promise<Scheduler> {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 3, application_name: 'kedang-jobs', ...(opts.cronMonitorIntervalSeconds ? { cronMonitorIntervalSeconds: opts.cronMonitorIntervalSeconds, cronWorkerIntervalSeconds: opts.cronMonitorIntervalSeconds } : {}) });
  boss.on('error', (e) => log(`job queue: ${e.message}`));
  await boss.start();
  await boss.createQueue(jobNames.markDormant, { name: jobNames.markDormant, policy: 'singleton' });
  if (opts.schedule !== false) await boss.schedule(jobNames.markDormant, '30 2 * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.work(jobNames.markDormant, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 30 }, async () => {
    const n = await markDormantCustomers(db, new Date());
    if (n > 0) log(`marked ${n} customers dormant`);
  });
  // SEC-10 retention: once a night, by one instance (singleton queue; the purge also takes a lock)
  await boss.createQueue(jobNames.purgeAudit, { name: jobNames.purgeAudit, policy: 'singleton' });
  if (opts.schedule !== false) await boss.schedule(jobNames.purgeAudit, '45 3 * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.work(jobNames.purgeAudit, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 30 }, async () => {
    const r = await purgeExpiredAuditEvents(db, new Date());
    if (r.deleted > 0) log(`audit retention: removed ${r.deleted} events before ${r.before.toISOString()}`);
  });
  await registerEvaluationJobs(boss, db, log, opts);
  await registerSalesJobs(boss, db, log, opts);
  await registerAnalyticsJobs(boss, db, log, opts);
  await registerRelationJobs(boss, db, log, opts);
  await registerComplaintJobs(boss, db, log, opts);
  await registerRewardJobs(boss, db, log, opts);
  await registerSurveyJobs(boss, db, log, opts);
  if (opts.backup) await registerBackupJob(boss, url, db, opts.backup, log, opts);
  return { boss, stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }) };
}
