/**
 * SVC-6 escalation, run by a scheduled job (singleton queue: once with several instances): a
 * complaint past its promised deadline notifies its handler and the customer-service managers; past
 * twice the promised time, the responsible department's manager too. Each level is raised by a
 * conditional UPDATE, so two runs at once (or a rerun) notify once.
 */
import type { Kysely } from 'kysely';
import type { ComplaintState } from '../../../contract/complaints.js';
import type { DB } from '../../db/schema.js';
import { notifyUsers, usersWithRole } from '../approvals/notifications.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { systemActor } from '../audit/audit.types.js';
import { escalationLevel, openStates } from './complaints.rules.js';

export async function escalateOverdueComplaints(db: Kysely<DB>, now: Date): Promise<{ level1: number; level2: number }> {
  const due = await db.selectFrom('complaints as k').leftJoin('departments as d', 'd.id', 'k.responsible_department_id')
    .select(['k.id', 'k.complaint_no', 'k.state', 'k.started_at', 'k.deadline_at', 'k.escalation_level', 'k.handler_id', 'd.manager_id'])
    .where('k.state', 'in', [...openStates]).where('k.deadline_at', '<', now).where('k.escalation_level', '<', 2)
    .orderBy('k.deadline_at').limit(5000).execute();
  const counts = { level1: 0, level2: 0 };
  if (due.length === 0) return counts;
  const managers = await usersWithRole(db, ['cs_manager']);
  for (const c of due) {
    const level = escalationLevel({ state: c.state as ComplaintState, startedAt: c.started_at, deadlineAt: c.deadline_at }, now);
    if (level <= c.escalation_level) continue;
    await db.transaction().execute(async (tx) => {
      const upd = await tx.updateTable('complaints').set({ escalation_level: level }).where('id', '=', c.id).where('escalation_level', '<', level).where('state', 'in', [...openStates]).returning('id').executeTakeFirst();
      if (!upd) return;
      const link = `/complaints/${c.id}`;
      if (c.escalation_level < 1) {
        await notifyUsers(tx, [...(c.handler_id ? [c.handler_id] : []), ...managers], { kind: 'complaint.overdue', title: `投诉 ${c.complaint_no} 已超过承诺处理期限`, link });
        counts.level1++;
      }
      if (level === 2) {
        await notifyUsers(tx, [...(c.manager_id ? [c.manager_id] : []), ...(c.escalation_level < 1 ? [] : [...(c.handler_id ? [c.handler_id] : []), ...managers])], { kind: 'complaint.escalated', title: `投诉 ${c.complaint_no} 已超期一倍，请部门经理督办`, link });
        counts.level2++;
      }
      await recordAudit(tx, systemActor, { action: 'complaint.escalated', entityType: 'complaint', entityId: c.id, data: { level, deadlineAt: c.deadline_at?.toISOString() ?? null } }, now);
    });
  }
  return counts;
}
