/** Company settings kept in the settings table; the password-policy profile for now. */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { passwordPolicyProfiles } from '../../../contract/auth.js';
import { retentionMonthsOf } from '../audit/audit.retention.rules.js';

type PasswordProfile = (typeof passwordPolicyProfiles)[number];

/** Read on every signed-in request: kept per database for a few seconds (other instances see a change within that). */
const PROFILE_TTL_MS = 5_000;
const profileCache = new WeakMap<object, { profile: PasswordProfile; at: number }>();
const profileReads = new WeakMap<object, Promise<PasswordProfile>>();

export async function getPasswordProfile(db: Kysely<DB>): Promise<PasswordProfile> {
  const hit = profileCache.get(db);
  if (hit && Date.now() - hit.at < PROFILE_TTL_MS) return hit.profile;
  // requests arriving together when the entry expires share one read (PLT-7), not one each
  const pending = profileReads.get(db);
  if (pending) return pending;
  const read = (async () => {
    const row = await db.selectFrom('settings').select('value').where('key', '=', 'password_policy').executeTakeFirst();
    const profile: PasswordProfile = (row?.value as { profile?: string } | undefined)?.profile === 'dengbao' ? 'dengbao' : 'asvs';
    profileCache.set(db, { profile, at: Date.now() });
    return profile;
  })().finally(() => profileReads.delete(db));
  profileReads.set(db, read);
  return read;
}

export function forgetCachedSettings(db: Kysely<DB>) {
  profileCache.delete(db);
  profileReads.delete(db);
}

export async function setPasswordProfile(db: Kysely<DB>, profile: PasswordProfile, actor: Actor): Promise<PasswordProfile> {
  forgetCachedSettings(db);
  return db.transaction().execute(async (tx) => {
    const before = await getPasswordProfile(tx);
    await tx
      .insertInto('settings')
      .values({ key: 'password_policy', value: JSON.stringify({ profile }) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify({ profile }), updated_at: new Date() }))
      .execute();
    await recordAudit(tx, actor, { action: 'settings.password_policy_changed', entityType: 'settings', entityId: 'password_policy', data: { from: before, to: profile } });
    return profile;
  }).finally(() => forgetCachedSettings(db));
}

/** Display names of the secrecy levels (SEC-5): the company's own labels, e.g. 核心商密 / 普通商密. */
export type SecrecyLabels = { none: string; secret: string; confidential: string; top_secret: string };
export const defaultSecrecyLabels: SecrecyLabels = { none: '普通', secret: '秘密', confidential: '机密', top_secret: '绝密' };

export async function getSecrecyLabels(db: Kysely<DB>): Promise<SecrecyLabels> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'secrecy_labels').executeTakeFirst();
  return { ...defaultSecrecyLabels, ...((row?.value as Partial<SecrecyLabels> | undefined) ?? {}) };
}

export async function setSecrecyLabels(db: Kysely<DB>, labels: SecrecyLabels, actor: Actor): Promise<SecrecyLabels> {
  return db.transaction().execute(async (tx) => {
    const before = await getSecrecyLabels(tx);
    await tx
      .insertInto('settings')
      .values({ key: 'secrecy_labels', value: JSON.stringify(labels) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(labels), updated_at: new Date() }))
      .execute();
    await recordAudit(tx, actor, { action: 'settings.secrecy_labels_changed', entityType: 'settings', entityId: 'secrecy_labels', data: { from: before, to: labels } });
    return labels;
  });
}

/** The archive-number prefix (ARC-2): `KH` unless the company chose its own (1–5 capital letters). */
export const DEFAULT_ARCHIVE_NUMBER_PREFIX = 'KH';
/**
 * The prefix getArchivePrefix answers, as an SQL expression: a create reads it in the statement
 * that takes the number, one round trip less while the counter row is locked (PLT-7).
 */
export function archivePrefixSql(): RawBuilder<string> {
  return sql<string>`COALESCE((SELECT s.value #>> '{}' FROM settings s WHERE s.key = 'archive_prefix' AND jsonb_typeof(s.value) = 'string' AND (s.value #>> '{}') ~ '^[A-Z]{1,5}$'), ${sql.lit(DEFAULT_ARCHIVE_NUMBER_PREFIX)})`;
}

export async function getArchivePrefix(db: Kysely<DB>): Promise<string> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'archive_prefix').executeTakeFirst();
  const v = row?.value;
  return typeof v === 'string' && /^[A-Z]{1,5}$/.test(v) ? v : DEFAULT_ARCHIVE_NUMBER_PREFIX;
}

export async function setArchivePrefix(db: Kysely<DB>, prefix: string, actor: Actor): Promise<{ prefix: string }> {
  return db.transaction().execute(async (tx) => {
    const before = await getArchivePrefix(tx);
    await tx
      .insertInto('settings')
      .values({ key: 'archive_prefix', value: JSON.stringify(prefix) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(prefix), updated_at: new Date() }))
      .execute();
    await recordAudit(tx, actor, { action: 'settings.archive_prefix_changed', entityType: 'settings', entityId: 'archive_prefix', data: { from: before, to: prefix } });
    return { prefix };
  });
}

/** SEC-10: how many months audit events are kept (default 36); the nightly purge follows it. */
export async function getAuditRetentionSetting(db: Kysely<DB>): Promise<{ retentionMonths: number; isDefault: boolean }> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'audit_retention').executeTakeFirst();
  return { retentionMonths: retentionMonthsOf(row?.value), isDefault: !row };
}

export async function setAuditRetention(db: Kysely<DB>, months: number | null, actor: Actor): Promise<{ retentionMonths: number; isDefault: boolean }> {
  return db.transaction().execute(async (tx) => {
    const before = await getAuditRetentionSetting(tx);
    if (months === null) await tx.deleteFrom('settings').where('key', '=', 'audit_retention').execute();
    else {
      const value = JSON.stringify({ months });
      await tx.insertInto('settings').values({ key: 'audit_retention', value }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: new Date() })).execute();
    }
    const after = await getAuditRetentionSetting(tx);
    await recordAudit(tx, actor, { action: 'settings.audit_retention_changed', entityType: 'settings', entityId: 'audit_retention', data: { from: before.retentionMonths, to: after.retentionMonths } });
    return after;
  });
}
