/** SAL-4: every morning (07:00 China time) the overdue-instalment alerts; a singleton queue, so it runs once across instances. */
import type PgBoss from 'pg-boss';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { alertMissingContractDocuments, alertOverdueInstalments } from '../modules/sales/sales-alerts.service.js';

export const salesJobNames = { overdueInstalments: 'sales-overdue-instalments' } as const;

export async function registerSalesJobs(boss: PgBoss, db: Kysely<DB>, log: (m: string) => void, opts: { schedule?: boolean; pollingIntervalSeconds?: number }) {
  await boss.createQueue(salesJobNames.overdueInstalments, { name: salesJobNames.overdueInstalments, policy: 'singleton' });
  if (opts.schedule !== false) await boss.schedule(salesJobNames.overdueInstalments, '0 7 * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.work(salesJobNames.overdueInstalments, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 30 }, async () => {
    const r = await alertOverdueInstalments(db, new Date());
    if (r.alerted + r.completed > 0) log(`receivables: ${r.alerted} overdue instalments alerted, ${r.completed} collection tasks completed`);
    const d = await alertMissingContractDocuments(db, new Date());
    if (d.alerted + d.completed > 0) log(`contracts: ${d.alerted} missing-document alerts, ${d.completed} document tasks completed`);
  });
}
