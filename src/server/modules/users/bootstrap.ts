/** First start: the root department and the administrator with a one-time password (SEC-1). */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.service.js';
import { systemActor } from '../audit/audit.types.js';
import { hashPassword } from './passwords.js';

export type BootstrapResult = { created: false } | { created: true; username: string; password: string; generated: boolean };

/** Creates the administrator when there is no user at all; idempotent and safe with two instances. */
export async function ensureAdministrator(db: Kysely<DB>, givenPassword: string | undefined): Promise<BootstrapResult> {
  const password = givenPassword ?? randomBytes(12).toString('base64url');
  const hash = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    await sql`LOCK TABLE users IN EXCLUSIVE MODE`.execute(tx);
    const any = await tx.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (any) return { created: false } as const;
    let dept = await tx.selectFrom('departments').select('id').where('parent_id', 'is', null).orderBy('id').limit(1).executeTakeFirst();
    dept ??= await tx.insertInto('departments').values({ name: '总公司' }).returning('id').executeTakeFirstOrThrow();
    const now = new Date();
    const user = await tx
      .insertInto('users')
      .values({ username: 'admin', display_name: '系统管理员', department_id: dept.id, roles: ['admin'], password_hash: hash, must_change_password: givenPassword === undefined, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('password_history').values({ user_id: user.id, hash, created_at: now }).execute();
    await recordAudit(tx, systemActor, { action: 'system.admin_created', entityType: 'user', entityId: user.id, data: { generated: givenPassword === undefined } });
    return { created: true, username: 'admin', password, generated: givenPassword === undefined } as const;
  });
}
