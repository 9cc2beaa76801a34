/** The on-duty rota (轮班, SVC-6): 24-hour intake — who receives complaints at each hour of the week. */
import type { Kysely } from 'kysely';
import type { RotaEntry } from '../../../contract/complaints.js';
import type { DB } from '../../db/schema.js';
import { AppError, fieldError } from '../../http/errors.js';
import { rotaDutyRoles, rotaKeeperRoles } from '../access/complaint-access.rules.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { checkRotaEntry, onDutyAt, rotaGaps } from './complaints.rules.js';

export async function getRota(db: Kysely<DB>, now = new Date()) {
  const rows = await db.selectFrom('complaint_rota as r').innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.user_id', 'u.display_name', 'u.disabled', 'r.weekday', 'r.start_hour', 'r.end_hour']).orderBy('r.position').execute();
  const entries = rows.map((r) => ({ userId: r.user_id, userName: r.display_name, weekday: r.weekday, startHour: r.start_hour, endHour: r.end_hour, active: !r.disabled }));
  // a disabled user covers nothing: their hours show as gaps
  const active = entries.filter((e) => e.active);
  const duty = onDutyAt(active, now);
  return {
    entries: entries.map(({ active: _a, ...e }) => e),
    gaps: rotaGaps(active),
    onDutyNow: duty ? { userId: duty.userId, userName: duty.userName } : null,
  };
}

export async function updateRota(db: Kysely<DB>, p: Principal, entries: RotaEntry[], actor: Actor, now = new Date()) {
  if (!p.roles.some((r) => rotaKeeperRoles.includes(r))) throw new AppError('forbidden', 'The customer-service manager keeps the rota.', { rule: 'SVC-6' });
  for (const [i, e] of entries.entries()) {
    const problem = checkRotaEntry(e);
    if (problem) throw fieldError(`entries.${i}`, problem);
  }
  const ids = [...new Set(entries.map((e) => e.userId))];
  const users = ids.length ? await db.selectFrom('users').select(['id', 'roles', 'disabled']).where('id', 'in', ids).execute() : [];
  for (const [i, e] of entries.entries()) {
    const u = users.find((x) => x.id === e.userId);
    if (!u || u.disabled || !u.roles.some((r) => (rotaDutyRoles as readonly string[]).includes(r))) throw fieldError(`entries.${i}.userId`, 'must be an active customer-service user');
  }
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('complaint_rota').execute();
    if (entries.length) await tx.insertInto('complaint_rota').values(entries.map((e, i) => ({ position: i, user_id: e.userId, weekday: e.weekday, start_hour: e.startHour, end_hour: e.endHour }))).execute();
    await recordAudit(tx, actor, { action: 'complaint.rota_changed', entityType: 'complaint_rota', data: { entries: entries.length, gaps: rotaGaps(entries).length } }, now);
  });
  return getRota(db, now);
}
