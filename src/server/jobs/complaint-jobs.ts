/**
 * SVC-6: every 10 minutes, escalate complaints past their deadline (handler and cs_manager at 1×,
 * the responsible department's manager at 2×). A singleton queue, so with several instances each
 * tick runs once (service requests past their SLA deadlines, SVC-10, in the same tick); the escalation itself is idempotent (conditional UPDATE per level).
 */
import type PgBoss from 'pg-boss';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { escalateOverdueComplaints } from '../modules/complaints/complaints.escalation.js';
import { escalateLateServiceRequests } from '../modules/service-requests/service-requests.escalation.js';

export const complaintJobNames = { escalate: 'complaints-escalate-overdue' } as const;

export async function registerComplaintJobs(boss: PgBoss, db: Kysely<DB>, log: (m: string) => void, opts: { schedule?: boolean; pollingIntervalSeconds?: number }) {
  await boss.createQueue(complaintJobNames.escalate, { name: complaintJobNames.escalate, policy: 'singleton' });
  if (opts.schedule !== false) await boss.schedule(complaintJobNames.escalate, '*/10 * * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.work(complaintJobNames.escalate, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 30 }, async () => {
    const r = await escalateOverdueComplaints(db, new Date());
    if (r.level1 + r.level2 > 0) log(`complaints: ${r.level1} overdue, ${r.level2} escalated to department managers`);
    // SVC-10: service requests past their SLA deadlines, in the same singleton tick
    const s = await escalateLateServiceRequests(db, new Date());
    if (s.level1 + s.level2 > 0) log(`service requests: ${s.level1} late first responses, ${s.level2} late resolutions`);
  });
}
