/** Builds the access subject of a signed-in user (their managed department subtrees). */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Principal } from '../auth/principal.js';
import { subtreeOf } from '../departments/departments.rules.js';
import type { AccessSubject } from './customer-access.rules.js';

export async function subjectOf(db: Kysely<DB>, p: Pick<Principal, 'userId' | 'roles'>): Promise<AccessSubject> {
  const managed = await db.selectFrom('departments').select('id').where('manager_id', '=', p.userId).execute();
  let managedDepartmentIds: string[] = [];
  if (managed.length > 0) {
    const all = await db.selectFrom('departments').select(['id', 'parent_id']).execute();
    const parentOf = new Map(all.map((d) => [d.id, d.parent_id]));
    managedDepartmentIds = [...new Set(managed.flatMap((m) => [...subtreeOf(m.id, parentOf)]))];
  }
  return { userId: p.userId, roles: p.roles, managedDepartmentIds };
}
