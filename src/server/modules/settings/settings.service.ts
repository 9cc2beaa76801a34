/** Company settings kept in the settings table; the password-policy profile for now. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { PasswordProfile } from '../auth/auth.rules.js';

export async function getPasswordProfile(db: Kysely<DB>): Promise<PasswordProfile> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'password_policy').executeTakeFirst();
  const profile = (row?.value as { profile?: string } | undefined)?.profile;
  return profile === 'dengbao' ? 'dengbao' : 'asvs';
}

export async function setPasswordProfile(db: Kysely<DB>, profile: PasswordProfile, actor: Actor): Promise<PasswordProfile> {
  return db.transaction().execute(async (tx) => {
    const before = await getPasswordProfile(tx);
    await tx
      .insertInto('settings')
      .values({ key: 'password_policy', value: JSON.stringify({ profile }) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify({ profile }), updated_at: new Date() }))
      .execute();
    await recordAudit(tx, actor, { action: 'settings.password_policy_changed', entityType: 'settings', entityId: 'password_policy', data: { from: before, to: profile } });
    return profile;
  });
}
