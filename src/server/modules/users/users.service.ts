/** Users (SEC-1): create, change, disable, unlock, passwords. Every change audited in its transaction. */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { RoleKey } from '../../../contract/roles.js';
import type { createUserBody, updateUserBody, User, userListQuery } from '../../../contract/users.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, encodeCursor, parseSort } from '../../http/cursor.js';
import { AppError, fieldError, notFound, staleVersion } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { checkPassword, PASSWORD_HISTORY_DEPTH, passwordViolationMessages } from './password.rules.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { getPasswordProfile } from '../settings/settings.service.js';
import { findUserRow, recentPasswordHashes, selectUsers, toUser } from './users.repository.js';

/** What sign-in (auth) reads: the user row by name with its hash, and the user's public shape. */
export { findUserRowByUsername, toUser } from './users.repository.js';

async function requireActiveDepartment(db: Kysely<DB>, departmentId: string) {
  const d = await db.selectFrom('departments').select(['id', 'disabled']).where('id', '=', departmentId).executeTakeFirst();
  if (!d) throw fieldError('departmentId', 'no such department');
  if (d.disabled) throw fieldError('departmentId', 'the department is disabled');
}

/** Checks the policy profile and the 5 previous passwords; returns the new hash. */
export async function preparePassword(db: Kysely<DB>, password: string, username: string, userId: string | null, field: string): Promise<string> {
  const profile = await getPasswordProfile(db);
  const violations = checkPassword(password, profile, username);
  if (violations.length > 0) {
    throw new AppError('validation_failed', `${field}: ${violations.map((v) => passwordViolationMessages[v]).join('; ')}`, {
      errors: violations.map((v) => ({ path: field, message: passwordViolationMessages[v] })),
    });
  }
  if (userId) {
    for (const old of await recentPasswordHashes(db, userId, PASSWORD_HISTORY_DEPTH)) {
      if (await verifyPassword(old, password)) throw fieldError(field, 'must differ from the 5 most recent passwords');
    }
  }
  return hashPassword(password);
}

/** Stores a new password hash and remembers it in the history. */
export async function storePassword(tx: Kysely<DB>, userId: string, hash: string, mustChange: boolean, now: Date) {
  await tx
    .updateTable('users')
    .set({ password_hash: hash, password_changed_at: now, must_change_password: mustChange, version: sql`version + 1` })
    .where('id', '=', userId)
    .execute();
  await tx.insertInto('password_history').values({ user_id: userId, hash, created_at: now }).execute();
}

export async function revokeUserSessions(tx: Kysely<DB>, userId: string, now: Date, exceptSessionId?: string) {
  let q = tx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

export async function getUser(db: Kysely<DB>, id: string, now = new Date()): Promise<User> {
  const row = await findUserRow(db, id);
  if (!row) throw notFound('user');
  return toUser(row, now);
}

export async function createUser(db: Kysely<DB>, input: z.infer<typeof createUserBody>, actor: Actor, now = new Date()): Promise<User> {
  await requireActiveDepartment(db, input.departmentId);
  const hash = await preparePassword(db, input.password, input.username, null, 'password');
  return db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('users').select('id').where(sql<string>`lower(username)`, '=', input.username.toLowerCase()).executeTakeFirst();
    if (taken) throw new AppError('conflict', 'username: is already taken', { errors: [{ path: 'username', message: 'is already taken' }] });
    const { id } = await tx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName.trim(),
        department_id: input.departmentId,
        roles: [...new Set(input.roles)],
        password_hash: hash,
        password_changed_at: now,
        must_change_password: input.mustChangePassword ?? true,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('password_history').values({ user_id: id, hash, created_at: now }).execute();
    await recordAudit(tx, actor, { action: 'user.created', entityType: 'user', entityId: id, data: { username: input.username, roles: input.roles, departmentId: input.departmentId } }, now);
    return getUser(tx, id, now);
  });
}

export async function updateUser(db: Kysely<DB>, id: string, input: z.infer<typeof updateUserBody>, actor: Actor, now = new Date()): Promise<User> {
  if (input.departmentId) await requireActiveDepartment(db, input.departmentId);
  return db.transaction().execute(async (tx) => {
    const before = await findUserRow(tx, id);
    if (!before) throw notFound('user');
    const set: Record<string, unknown> = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.displayName !== undefined && input.displayName.trim() !== before.display_name) {
      set.display_name = input.displayName.trim();
      changes.displayName = { from: before.display_name, to: set.display_name };
    }
    if (input.departmentId !== undefined && input.departmentId !== before.department_id) {
      set.department_id = input.departmentId;
      changes.departmentId = { from: before.department_id, to: input.departmentId };
    }
    if (input.roles !== undefined) {
      const roles = [...new Set(input.roles)];
      if (roles.join() !== before.roles.join()) {
        set.roles = roles;
        changes.roles = { from: before.roles, to: roles };
      }
    }
    const updated = await tx
      .updateTable('users')
      .set({ ...set, version: sql`version + 1` })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw staleVersion('user', input.version);
    await recordAudit(tx, actor, { action: 'user.updated', entityType: 'user', entityId: id, data: { changes } }, now);
    return getUser(tx, id, now);
  });
}

type UserAction = 'disable' | 'enable' | 'unlock' | 'force-password-change';

/** The administrator's one-click actions. Disabling ends sessions and tokens at once. */
export async function applyUserAction(db: Kysely<DB>, id: string, action: UserAction, actor: Actor, now = new Date()): Promise<User> {
  return db.transaction().execute(async (tx) => {
    const row = await findUserRow(tx, id);
    if (!row) throw notFound('user');
    if (action === 'disable' && actor.userId === id) throw new AppError('rule_violation', 'You cannot disable your own account.', { rule: 'SEC-1' });
    const bump = { version: sql<number>`version + 1` };
    switch (action) {
      case 'disable':
        await tx.updateTable('users').set({ disabled: true, ...bump }).where('id', '=', id).execute();
        await revokeUserSessions(tx, id, now);
        await tx.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
        await recordAudit(tx, actor, { action: 'user.disabled', entityType: 'user', entityId: id }, now);
        break;
      case 'enable':
        await tx.updateTable('users').set({ disabled: false, ...bump }).where('id', '=', id).execute();
        await recordAudit(tx, actor, { action: 'user.enabled', entityType: 'user', entityId: id }, now);
        break;
      case 'unlock':
        await tx.updateTable('users').set({ locked_until: null, ...bump }).where('id', '=', id).execute();
        await tx.deleteFrom('login_failures').where('user_id', '=', id).execute();
        await tx.deleteFrom('login_locks').where('user_id', '=', id).execute();
        await recordAudit(tx, actor, { action: 'user.unlocked', entityType: 'user', entityId: id }, now);
        break;
      case 'force-password-change':
        await tx.updateTable('users').set({ must_change_password: true, ...bump }).where('id', '=', id).execute();
        await recordAudit(tx, actor, { action: 'user.password_change_forced', entityType: 'user', entityId: id }, now);
        break;
    }
    return getUser(tx, id, now);
  });
}

export async function resetPassword(db: Kysely<DB>, id: string, password: string, actor: Actor, now = new Date()): Promise<User> {
  const row = await findUserRow(db, id);
  if (!row) throw notFound('user');
  const hash = await preparePassword(db, password, row.username, id, 'password');
  return db.transaction().execute(async (tx) => {
    await storePassword(tx, id, hash, true, now);
    await tx.updateTable('users').set({ locked_until: null }).where('id', '=', id).execute();
    await revokeUserSessions(tx, id, now);
    await recordAudit(tx, actor, { action: 'user.password_reset', entityType: 'user', entityId: id }, now);
    return getUser(tx, id, now);
  });
}

const userSortColumns = { username: 'u.username', displayName: 'u.display_name', createdAt: 'u.created_at' } as const;

export async function listUsers(db: Kysely<DB>, q: z.infer<typeof userListQuery>, now = new Date()) {
  const sort = parseSort(q.sort, { field: 'createdAt', dir: 'asc' });
  const col = userSortColumns[sort.field as keyof typeof userSortColumns];
  let query = selectUsers(db);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('u.username', 'ilike', like), eb('u.display_name', 'ilike', like)]));
  }
  if (q.departmentId) query = query.where('u.department_id', '=', q.departmentId);
  if (q.role) query = query.where(sql<boolean>`${q.role} = ANY(u.roles)`);
  if (q.status === 'disabled') query = query.where('u.disabled', '=', true);
  if (q.status === 'active') query = query.where('u.disabled', '=', false).where((eb) => eb.or([eb('u.locked_until', 'is', null), eb('u.locked_until', '<=', now)]));
  if (q.status === 'locked') query = query.where('u.disabled', '=', false).where('u.locked_until', '>', now);
  const after = decodeCursor(q.cursor, 2);
  if (after) {
    const cmp = sort.dir === 'asc' ? sql`>` : sql`<`;
    const key = sort.field === 'createdAt' ? sql`${new Date(String(after[0]))}::timestamptz` : sql`${String(after[0])}`;
    query = query.where(sql<boolean>`(${sql.ref(col)}, u.id) ${cmp} (${key}, ${String(after[1])}::bigint)`);
  }
  const rows = await query.orderBy(col, sort.dir).orderBy('u.id', sort.dir).limit(q.limit + 1).execute();
  const pageRows = rows.slice(0, q.limit);
  const last = pageRows[pageRows.length - 1];
  const lastKey = (r: (typeof rows)[number]) =>
    sort.field === 'createdAt' ? r.created_at.toISOString() : sort.field === 'username' ? r.username : r.display_name;
  return {
    items: pageRows.map((r) => toUser(r, now)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([lastKey(last), last.id]) : null,
  };
}

/**
 * The colleague directory every signed-in user may search (to name a deputy, a new owner, a
 * handler): active users' names, departments and roles — nothing else of their accounts.
 */
export async function userDirectory(db: Kysely<DB>, q: { q?: string | undefined; limit: number }) {
  const term = q.q?.trim();
  const like = term ? `%${term.replace(/[\\%_]/g, '\\$&')}%` : null;
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.roles', 'd.name as department_name'])
    .where('u.disabled', '=', false)
    .$if(like !== null, (b) => b.where((eb) => eb.or([eb('u.display_name', 'like', like!), eb('u.username', 'ilike', like!)])))
    .orderBy('u.display_name')
    .limit(q.limit)
    .execute();
  return { items: rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, departmentName: r.department_name, roles: r.roles as RoleKey[] })) };
}
