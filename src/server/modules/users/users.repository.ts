/** SQL for users and their password history; returns contract types. */
import { sql, type Kysely } from 'kysely';
import type { User } from '../../../contract/users.js';
import type { RoleKey } from '../../../contract/roles.js';
import type { DB } from '../../db/schema.js';

export const userColumns = [
  'u.id',
  'u.username',
  'u.display_name',
  'u.department_id',
  'u.roles',
  'u.disabled',
  'u.locked_until',
  'u.must_change_password',
  'u.password_changed_at',
  'u.created_at',
  'u.version',
  'd.name as department_name',
] as const;

export type UserRow = {
  id: string;
  username: string;
  display_name: string;
  department_id: string;
  roles: string[];
  disabled: boolean;
  locked_until: Date | null;
  must_change_password: boolean;
  password_changed_at: Date;
  created_at: Date;
  version: number;
  department_name: string | null;
};

export function selectUsers(db: Kysely<DB>) {
  return db.selectFrom('users as u').leftJoin('departments as d', 'd.id', 'u.department_id').select(userColumns);
}

export function toUser(r: UserRow, now: Date): User {
  const locked = r.locked_until !== null && r.locked_until.getTime() > now.getTime();
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    roles: r.roles as RoleKey[],
    status: r.disabled ? 'disabled' : locked ? 'locked' : 'active',
    lockedUntil: locked ? r.locked_until!.toISOString() : null,
    mustChangePassword: r.must_change_password,
    createdAt: r.created_at.toISOString(),
    version: r.version,
  };
}

export async function findUserRow(db: Kysely<DB>, id: string): Promise<UserRow | undefined> {
  return selectUsers(db).where('u.id', '=', id).executeTakeFirst();
}

export async function findUserRowByUsername(db: Kysely<DB>, username: string) {
  return selectUsers(db)
    .select('u.password_hash')
    .where(sql<string>`lower(u.username)`, '=', username.toLowerCase())
    .executeTakeFirst();
}

export async function recentPasswordHashes(db: Kysely<DB>, userId: string, depth: number): Promise<string[]> {
  const rows = await db.selectFrom('password_history').select('hash').where('user_id', '=', userId).orderBy('id', 'desc').limit(depth).execute();
  return rows.map((r) => r.hash);
}
