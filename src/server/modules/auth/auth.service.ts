/** Sign-in, sessions and personal access tokens (SEC-1). */
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { createTokenBody } from '../../../contract/auth.js';
import type { RoleKey } from '../../../contract/roles.js';
import type { User } from '../../../contract/users.js';
import type { DB } from '../../db/schema.js';
import { AppError, fieldError, notFound } from '../../http/errors.js';
import type { TokenScope } from '../access/access.rules.js';
import { notifyUsers, usersWithRole } from '../approvals/notifications.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { getPasswordProfile } from '../settings/settings.service.js';
import { findUserRowByUsername, getUser, preparePassword, revokeUserSessions, storePassword, toUser } from '../users/users.service.js';
import { isLocked, locksAfterFailure, lockoutScope, lockoutWindowStart, passwordExpired, signInLocked, sessionExpiresAt, sessionState, shouldTouchSession } from './auth.rules.js';
import { dummyHash, verifyPassword } from './passwords.js';
import { principalCacheOf } from './principal-cache.js';
import type { Principal } from './principal.js';
import { hashToken, kindOf, newToken } from './tokens.js';

/**
 * One answer for every refused sign-in — unknown user, wrong password, locked or disabled account —
 * so that no answer tells which usernames exist (SEC-1); the lock itself is in the audit trail and
 * on the administrator's user list.
 */
const badCredentials = () => new AppError('not_authenticated', 'Wrong username or password, or the account is locked for a while after repeated failed sign-ins.');

export type LoginResult = { token: string; user: User; mustChangePassword: boolean; expiresAt: Date; deviceToken: string | null };

const deviceHash = (token: string) => createHash('sha256').update(`kedang-device:${token}`).digest();

/** The id of the known device this browser's device token names for this user, else null. */
async function knownDeviceOf(db: Kysely<DB>, userId: string, deviceToken: string | null | undefined): Promise<string | null> {
  if (!deviceToken || deviceToken.length > 100) return null;
  const d = await db.selectFrom('known_devices').select('id').where('user_id', '=', userId).where('token_hash', '=', deviceHash(deviceToken)).executeTakeFirst();
  return d?.id ?? null;
}

const lockedMessage = (until: Date) => `The account is locked after repeated failed sign-ins until ${until.toISOString()}.`;

export async function login(
  db: Kysely<DB>,
  input: { username: string; password: string },
  actor: Actor,
  client: { userAgent: string | null; deviceToken?: string | null },
  now = new Date(),
): Promise<LoginResult> {
  const row = await findUserRowByUsername(db, input.username.trim());
  if (!row) {
    await verifyPassword(await dummyHash(), input.password);
    await db.transaction().execute((tx) => recordAudit(tx, actor, { action: 'auth.login_failed', outcome: 'failed', entityType: 'user', data: { reason: 'unknown_user', username: input.username.trim().slice(0, 64) } }, now));
    throw badCredentials();
  }
  const userActor = { ...actor, userId: row.id };
  // the lockout counts per account and source (issue 11 item 19): a known device, else the address
  const device = await knownDeviceOf(db, row.id, client.deviceToken);
  const scope = lockoutScope(device, actor.ip);
  const sourceLock = (await db.selectFrom('login_locks').select('locked_until').where('user_id', '=', row.id).where('scope', '=', scope).executeTakeFirst())?.locked_until ?? null;
  const locked = signInLocked({ source: sourceLock, account: row.locked_until }, device !== null, now);
  if (locked) {
    await db.transaction().execute((tx) => recordAudit(tx, userActor, { action: 'auth.login_failed', outcome: 'failed', entityType: 'user', entityId: row.id, data: { reason: 'locked', scope } }, now));
    // the same answer as a wrong password: a refusal never tells which usernames exist or are locked (issue 11 item 9)
    throw badCredentials();
  }
  const ok = await verifyPassword(row.password_hash, input.password);
  if (!ok || row.disabled) {
    if (!ok) {
      const lockedUntil = await db.transaction().execute(async (tx) => {
        const current = await tx.selectFrom('users').select('locked_until').where('id', '=', row.id).forUpdate().executeTakeFirstOrThrow();
        await tx.insertInto('login_failures').values({ user_id: row.id, at: now, ip: actor.ip, scope }).execute();
        const counts = await tx
          .selectFrom('login_failures')
          .select((eb) => [eb.fn.countAll<string>().as('all'), sql<string>`count(*) FILTER (WHERE scope = ${scope})`.as('scoped')])
          .where('user_id', '=', row.id)
          .where('at', '>', lockoutWindowStart(now))
          .executeTakeFirstOrThrow();
        const locks = locksAfterFailure({ inScope: Number(counts.scoped), inAccount: Number(counts.all) }, now);
        await recordAudit(tx, userActor, { action: 'auth.login_failed', outcome: 'failed', entityType: 'user', entityId: row.id, data: { reason: 'bad_password', failuresInWindow: Number(counts.scoped), scope } }, now);
        const alerts: string[] = [];
        if (locks.source) {
          await tx.insertInto('login_locks').values({ user_id: row.id, scope, locked_until: locks.source }).onConflict((oc) => oc.columns(['user_id', 'scope']).doUpdateSet({ locked_until: locks.source! })).execute();
          // the failures stay: they still count towards the account's threshold until they age out
          await recordAudit(tx, userActor, { action: 'auth.locked', entityType: 'user', entityId: row.id, data: { until: locks.source.toISOString(), scope } }, now);
          alerts.push(scope);
        }
        if (locks.account && !isLocked(current.locked_until, now)) {
          await tx.updateTable('users').set({ locked_until: locks.account }).where('id', '=', row.id).execute();
          await tx.deleteFrom('login_failures').where('user_id', '=', row.id).execute();
          await recordAudit(tx, userActor, { action: 'auth.locked', entityType: 'user', entityId: row.id, data: { until: locks.account.toISOString(), scope: 'account' } }, now);
          alerts.push('account');
        }
        // the administrators learn of every lock (who, from where): an attack on an account shows at once
        if (alerts.length) {
          await notifyUsers(tx, await usersWithRole(tx, ['admin']), {
            kind: 'auth.locked',
            title: `${row.display_name}（${row.username}）连续登录失败，已锁定：${alerts.map((a) => (a === 'account' ? '整个账号（已登录过的设备除外）' : a.startsWith('ip:') ? `来自 ${a.slice(3)} 的登录` : '一台已登录过的设备')).join('；')}`,
            link: `/admin/users/${row.id}`,
            data: { userId: row.id, scopes: alerts },
          });
        }
        return signInLocked({ source: locks.source, account: locks.account }, device !== null, now);
      });
    } else {
      await db.transaction().execute((tx) => recordAudit(tx, userActor, { action: 'auth.login_failed', outcome: 'failed', entityType: 'user', entityId: row.id, data: { reason: 'disabled' } }, now));
    }
    throw badCredentials();
  }
  const profile = await getPasswordProfile(db);
  const mustChange = row.must_change_password || passwordExpired(profile, row.password_changed_at, now);
  const { token, hash } = newToken('session');
  const expiresAt = sessionExpiresAt(now);
  const newDevice = device ? null : randomBytes(24).toString('base64url');
  await db.transaction().execute(async (tx) => {
    // A wrong guess racing this sign-in may have locked the account meanwhile: decide under the row lock.
    const current = await tx.selectFrom('users').select(['locked_until', 'disabled']).where('id', '=', row.id).forUpdate().executeTakeFirstOrThrow();
    if (current.disabled || (device === null && isLocked(current.locked_until, now))) throw badCredentials();
    const s = await tx
      .insertInto('sessions')
      .values({ user_id: row.id, token_hash: hash, created_at: now, last_seen_at: now, expires_at: expiresAt, ip: actor.ip, user_agent: client.userAgent?.slice(0, 300) ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.deleteFrom('login_failures').where('user_id', '=', row.id).where('scope', '=', scope).execute();
    if (device) await tx.updateTable('known_devices').set({ last_used_at: now }).where('id', '=', device).execute();
    else {
      await tx.insertInto('known_devices').values({ user_id: row.id, token_hash: deviceHash(newDevice!), created_at: now, last_used_at: now }).execute();
      // the 20 most recently used devices are remembered (scripts that sign in each run must not grow the table)
      await sql`DELETE FROM known_devices WHERE user_id = ${row.id} AND id NOT IN (SELECT id FROM known_devices WHERE user_id = ${row.id} ORDER BY last_used_at DESC, id DESC LIMIT 20)`.execute(tx);
    }
    await recordAudit(tx, userActor, { action: 'auth.login', entityType: 'session', entityId: s.id, ...(device ? { data: { knownDevice: true } } : {}) }, now);
  });
  return { token, user: toUser(row, now), mustChangePassword: mustChange, expiresAt, deviceToken: newDevice };
}

const sessionRow = (db: Kysely<DB>, hash: Buffer) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.created_at', 's.last_seen_at', 's.revoked_at', 'u.id as user_id', 'u.username', 'u.display_name', 'u.department_id', 'u.roles', 'u.disabled', 'u.must_change_password', 'u.password_changed_at'])
    .select(sql<boolean>`EXISTS (SELECT 1 FROM departments d WHERE d.manager_id = u.id)`.as('manages'))
    .where('s.token_hash', '=', hash)
    .executeTakeFirst();
const tokenRow = (db: Kysely<DB>, hash: Buffer) =>
  db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.scopes', 't.expires_at', 't.revoked_at', 't.last_used_at', 'u.id as user_id', 'u.username', 'u.display_name', 'u.department_id', 'u.roles', 'u.disabled', 'u.must_change_password'])
    .select(sql<boolean>`EXISTS (SELECT 1 FROM departments d WHERE d.manager_id = u.id)`.as('manages'))
    .where('t.token_hash', '=', hash)
    .executeTakeFirst();
type SessionRow = NonNullable<Awaited<ReturnType<typeof sessionRow>>>;
type TokenRow_ = NonNullable<Awaited<ReturnType<typeof tokenRow>>>;

/**
 * Resolves a bearer or cookie token to the caller; null when it does not (or no longer) work.
 * The rows come from the principal cache when they are there and still say "valid, no touch
 * due" (principal-cache.ts: invalidated across instances); otherwise from the database.
 */
export async function authenticate(db: Kysely<DB>, token: string, cookie: boolean, now = new Date()): Promise<Principal | null> {
  const kind = kindOf(token);
  if (!kind || token.length > 200) return null;
  const hash = hashToken(token);
  const cache = principalCacheOf(db);
  const key = cache ? hash.toString('base64') : '';
  if (kind === 'session') {
    const cached = cache?.get<SessionRow>(key);
    let s = cached;
    const fresh = (r: SessionRow) => sessionState({ createdAt: r.created_at, lastSeenAt: r.last_seen_at, revokedAt: r.revoked_at }, now) === 'valid' && !shouldTouchSession(r.last_seen_at, now);
    if (!s || s.disabled || !fresh(s)) {
      // another instance may have touched (or ended) the session since: the database decides
      if (cached) cache!.delete(key);
      const readAt = cache?.generation ?? 0;
      s = await sessionRow(db, hash);
      if (!s || s.disabled) return null;
      if (sessionState({ createdAt: s.created_at, lastSeenAt: s.last_seen_at, revokedAt: s.revoked_at }, now) !== 'valid') return null;
      if (shouldTouchSession(s.last_seen_at, now)) {
        await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', s.id).execute();
        s = { ...s, last_seen_at: now };
      }
      cache?.set(key, s, readAt);
    }
    const profile = await getPasswordProfile(db);
    return {
      userId: s.user_id,
      username: s.username,
      displayName: s.display_name,
      departmentId: s.department_id,
      roles: s.roles as RoleKey[],
      mustChangePassword: s.must_change_password || passwordExpired(profile, s.password_changed_at, now),
      managesDepartments: s.manages,
      via: { kind: 'session', sessionId: s.id, cookie },
    };
  }
  const cached = cache?.get<TokenRow_>(key);
  let t = cached;
  const fresh = (r: TokenRow_) => !r.revoked_at && !(r.expires_at && r.expires_at <= now) && r.last_used_at !== null && !shouldTouchSession(r.last_used_at, now);
  if (!t || t.disabled || !fresh(t)) {
    if (cached) cache!.delete(key);
    const readAt = cache?.generation ?? 0;
    t = await tokenRow(db, hash);
    if (!t || t.disabled || t.revoked_at || (t.expires_at && t.expires_at <= now)) return null;
    if (!t.last_used_at || shouldTouchSession(t.last_used_at, now)) {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', t.id).execute();
      t = { ...t, last_used_at: now };
    }
    cache?.set(key, t, readAt);
  }
  return {
    userId: t.user_id,
    username: t.username,
    displayName: t.display_name,
    departmentId: t.department_id,
    roles: t.roles as RoleKey[],
    mustChangePassword: t.must_change_password,
    managesDepartments: t.manages,
    via: { kind: 'pat', tokenId: t.id, scopes: t.scopes as TokenScope[] },
  };
}

export async function logout(db: Kysely<DB>, p: Principal, actor: Actor, now = new Date()) {
  if (p.via.kind !== 'session') return;
  const sessionId = p.via.sessionId;
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('sessions').set({ revoked_at: now }).where('id', '=', sessionId).execute();
    await recordAudit(tx, actor, { action: 'auth.logout', entityType: 'session', entityId: sessionId }, now);
  });
}

export async function changeOwnPassword(db: Kysely<DB>, p: Principal, input: { currentPassword: string; newPassword: string; keepAccessTokens?: boolean }, actor: Actor, now = new Date()) {
  const row = await db.selectFrom('users').select(['password_hash', 'username']).where('id', '=', p.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) throw fieldError('currentPassword', 'is not your current password');
  const hash = await preparePassword(db, input.newPassword, row.username, p.userId, 'newPassword');
  await db.transaction().execute(async (tx) => {
    await storePassword(tx, p.userId, hash, false, now);
    await revokeUserSessions(tx, p.userId, now, p.via.kind === 'session' ? p.via.sessionId : undefined);
    // personal access tokens end too unless the user keeps them (SEC-1); the token making this call stays
    let tokens = 0;
    if (!input.keepAccessTokens) {
      let q = tx.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', p.userId).where('revoked_at', 'is', null);
      if (p.via.kind === 'pat') q = q.where('id', '!=', p.via.tokenId);
      tokens = (await q.returning('id').execute()).length;
    }
    await recordAudit(tx, actor, { action: 'auth.password_changed', entityType: 'user', entityId: p.userId, data: { accessTokensEnded: tokens } }, now);
  });
}

export async function listOwnSessions(db: Kysely<DB>, p: Principal, now = new Date()) {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent', 'revoked_at'])
    .where('user_id', '=', p.userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .limit(200)
    .execute();
  return rows
    .filter((r) => sessionState({ createdAt: r.created_at, lastSeenAt: r.last_seen_at, revokedAt: r.revoked_at }, now) === 'valid')
    .map((r) => ({
      id: r.id,
      createdAt: r.created_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      ip: r.ip,
      userAgent: r.user_agent,
      current: p.via.kind === 'session' && p.via.sessionId === r.id,
    }));
}

export async function revokeOwnSession(db: Kysely<DB>, p: Principal, id: string, actor: Actor, now = new Date()) {
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('sessions').set({ revoked_at: now }).where('id', '=', id).where('user_id', '=', p.userId).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
    if (!r) throw notFound('session');
    await recordAudit(tx, actor, { action: 'auth.session_revoked', entityType: 'session', entityId: id }, now);
  });
}

type TokenRow = { id: string; name: string; scopes: string[]; created_at: Date; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null };
const toToken = (r: TokenRow) => ({
  id: r.id,
  name: r.name,
  scopes: r.scopes as TokenScope[],
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at?.toISOString() ?? null,
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});
const tokenColumns = ['id', 'name', 'scopes', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'] as const;

export async function listOwnTokens(db: Kysely<DB>, p: Principal) {
  const rows = await db.selectFrom('api_tokens').select(tokenColumns).where('user_id', '=', p.userId).orderBy('id', 'desc').limit(200).execute();
  return rows.map(toToken);
}

export async function createOwnToken(db: Kysely<DB>, p: Principal, input: z.infer<typeof createTokenBody>, actor: Actor, now = new Date()) {
  const { token, hash } = newToken('pat');
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('api_tokens')
      .values({ user_id: p.userId, name: input.name.trim(), token_hash: hash, scopes: [...new Set(input.scopes)], created_at: now, expires_at: expiresAt })
      .returning(tokenColumns)
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'token.created', entityType: 'api_token', entityId: row.id, data: { name: row.name, scopes: row.scopes } }, now);
    return { ...toToken(row), token };
  });
}

export async function revokeOwnToken(db: Kysely<DB>, p: Principal, id: string, actor: Actor, now = new Date()) {
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).where('user_id', '=', p.userId).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
    if (!r) throw notFound('token');
    await recordAudit(tx, actor, { action: 'token.revoked', entityType: 'api_token', entityId: id }, now);
  });
}

export async function describeMe(db: Kysely<DB>, p: Principal) {
  return { user: await getUser(db, p.userId), profile: await getPasswordProfile(db) };
}
