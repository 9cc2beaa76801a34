/**
 * REL-5 scheduled work: every morning (06:00 China time) cadence reminders for customers becoming
 * due, and at 07:30 the daily digest e-mails. Singleton queues, so with several instances each tick
 * runs once; the reminder run is also idempotent (a second run finds nothing to claim).
 */
import type PgBoss from 'pg-boss';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { createCadenceReminders } from '../modules/relations/reminders.service.js';
import { planKeyCustomerRevisits } from '../modules/relations/revisits.service.js';
import { sendDailyDigests } from '../modules/relations/digest.service.js';

export const relationJobNames = { reminders: 'relations-cadence-reminders', digest: 'relations-daily-digest' } as const;

export async function registerRelationJobs(boss: PgBoss, db: Kysely<DB>, log: (m: string) => void, opts: { schedule?: boolean; pollingIntervalSeconds?: number; backup?: { smtpUrl?: string | undefined } | undefined }) {
  for (const name of Object.values(relationJobNames)) await boss.createQueue(name, { name, policy: 'singleton' });
  if (opts.schedule !== false) await boss.schedule(relationJobNames.reminders, '0 6 * * *', {}, { tz: 'Asia/Shanghai' });
  if (opts.schedule !== false) await boss.schedule(relationJobNames.digest, '30 7 * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.work(relationJobNames.digest, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 30 }, async () => {
    // once a day across instances: the singleton queue, and the day's row in digest_runs
    const r = await sendDailyDigests(db, new Date(), { fallbackSmtpUrl: opts.backup?.smtpUrl });
    if (r.sent + r.failed > 0) log(`daily digest: ${r.sent} sent, ${r.failed} failed`);
  });
  await boss.work(relationJobNames.reminders, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 30 }, async () => {
    const r = await createCadenceReminders(db, new Date());
    log(`cadence reminders: ${r.calls} calls, ${r.visits} visits`);
    // REL-7: key customers' scheduled revisits ride on the same daily run
    const revisits = await planKeyCustomerRevisits(db, new Date());
    if (revisits > 0) log(`revisits planned for ${revisits} key customers`);
  });
}
