/**
 * The access policy's I/O side: builds the subject of a signed-in user (their managed department
 * subtrees) and turns a decision into a refusal where a route needs a group or a use.
 */
import type { Kysely } from 'kysely';
import type { CustomerUse, FieldGroup } from '../../../contract/access.js';
import { AppError } from '../../http/errors.js';
import type { DB } from '../../db/schema.js';
import { principalCacheOf } from '../../shared/principal-cache.js';
import type { Principal } from '../../shared/principal.js';
import type { RoleKey } from '../../../contract/roles.js';
import { visibleCustomers } from './customer-access.sql.js';
import { subtreeOf } from '../departments/departments.rules.js';
import { mayUse, type AccessSubject, type AllowDecision } from './customer-access.rules.js';

export async function subjectOf(db: Kysely<DB>, p: Pick<Principal, 'userId' | 'roles'> & { managesDepartments?: boolean | undefined }): Promise<AccessSubject> {
  // sign-in already said whether the user manages a department: most do not, and need no query
  if (p.managesDepartments === false) return { userId: p.userId, roles: p.roles, managedDepartmentIds: [] };
  // a manager's subtrees change only with the departments, which every instance's cache hears of
  const cache = principalCacheOf(db);
  const key = `subtrees:${p.userId}`;
  const hit = cache?.get<string[]>(key);
  if (hit) return { userId: p.userId, roles: p.roles, managedDepartmentIds: hit };
  const readAt = cache?.generation ?? 0;
  const managed = await db.selectFrom('departments').select('id').where('manager_id', '=', p.userId).execute();
  let managedDepartmentIds: string[] = [];
  if (managed.length > 0) {
    const all = await db.selectFrom('departments').select(['id', 'parent_id']).execute();
    const parentOf = new Map(all.map((d) => [d.id, d.parent_id]));
    managedDepartmentIds = [...new Set(managed.flatMap((m) => [...subtreeOf(m.id, parentOf)]))];
  }
  cache?.set(key, managedDepartmentIds, readAt);
  return { userId: p.userId, roles: p.roles, managedDepartmentIds };
}

/**
 * Of these users, those who may read the customer now (SEC-2…SEC-6): for notifications and other
 * messages that name an archive, which must reach nobody who may not see it.
 */
export async function readersOf(db: Kysely<DB>, userIds: readonly string[], customerId: string): Promise<Set<string>> {
  const users = userIds.length ? await db.selectFrom('users').select(['id', 'roles']).where('id', 'in', [...new Set(userIds)]).execute() : [];
  const out = new Set<string>();
  for (const u of users) {
    const subject = await subjectOf(db, { userId: u.id, roles: u.roles as RoleKey[] });
    const seen = await db.selectFrom('customers as c').select('c.id').where('c.id', '=', customerId).where(visibleCustomers(subject)).executeTakeFirst();
    if (seen) out.add(u.id);
  }
  return out;
}

/** The 403 of a visible archive whose field group is withheld (SEC-3, SEC-4), naming the group. */
export function withheldError(decision: Pick<AllowDecision, 'restrictedBy'>, group: FieldGroup): AppError {
  return new AppError('forbidden', `The ${group} part of this archive is withheld from you; request access to read it.`, { rule: decision.restrictedBy ?? 'SEC-4', extra: { withheld: [group] } });
}

/** 403 unless the decision opens the field group (SEC-3, SEC-4): the record is visible, this part is not. */
export function assertGroup(decision: AllowDecision, group: FieldGroup): void {
  if (!decision.groups.includes(group)) throw withheldError(decision, group);
}

/** 403 unless the archive may be exported, printed or have documents downloaded (SEC-5 view-only levels). */
export function assertUse(decision: AllowDecision, use: CustomerUse): void {
  if (!mayUse(decision, use)) {
    throw new AppError('forbidden', `This archive is view-only at its secrecy level: no ${use}.`, { rule: 'SEC-5' });
  }
}
