/**
 * SVC-10 SLA escalation, run by the complaint job's singleton tick: a request without a first
 * response past its deadline notifies its assignee and its team's manager (level 1); past its
 * resolution deadline, the customer-service managers too (level 2). Each level is raised by a
 * conditional UPDATE, so two runs at once (or a rerun) notify once.
 */
import type { Kysely } from 'kysely';
import type { ServiceStatus } from '../../../contract/service-requests.js';
import type { DB } from '../../db/schema.js';
import { usersWithRole } from '../approvals/notifications.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { systemActor } from '../audit/audit.types.js';
import { runningStatuses, serviceEscalationLevel } from './service-requests.rules.js';
import { notifySlaBreach } from './service-requests.service.js';

export async function escalateLateServiceRequests(db: Kysely<DB>, now: Date): Promise<{ level1: number; level2: number }> {
  const due = await db.selectFrom('service_requests as s').leftJoin('departments as d', 'd.id', 's.team_department_id')
    .select(['s.id', 's.request_no', 's.status', 's.first_response_due_at', 's.first_responded_at', 's.resolution_due_at', 's.resolved_at', 's.escalation_level', 's.assignee_id', 'd.manager_id'])
    .where('s.status', 'in', [...runningStatuses]).where('s.escalation_level', '<', 2)
    .where((eb) => eb.or([eb('s.resolution_due_at', '<', now), eb.and([eb('s.first_responded_at', 'is', null), eb('s.first_response_due_at', '<', now)])]))
    .orderBy('s.resolution_due_at').limit(5000).execute();
  const counts = { level1: 0, level2: 0 };
  if (due.length === 0) return counts;
  const managers = await usersWithRole(db, ['cs_manager']);
  for (const r of due) {
    const level = serviceEscalationLevel({ status: r.status as ServiceStatus, firstResponseDueAt: r.first_response_due_at, firstRespondedAt: r.first_responded_at, resolutionDueAt: r.resolution_due_at, resolvedAt: r.resolved_at }, now);
    if (level <= r.escalation_level) continue;
    await db.transaction().execute(async (tx) => {
      const upd = await tx.updateTable('service_requests').set({ escalation_level: level }).where('id', '=', r.id).where('escalation_level', '<', level).where('status', 'in', [...runningStatuses]).returning('id').executeTakeFirst();
      if (!upd) return;
      await notifySlaBreach(tx, r, level as 1 | 2, managers);
      if (level === 1) counts.level1++;
      else counts.level2++;
      await recordAudit(tx, systemActor, { action: 'service_request.sla_escalated', entityType: 'service_request', entityId: r.id, data: { level } }, now);
    });
  }
  return counts;
}
