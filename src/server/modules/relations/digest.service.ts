/**
 * REL-5 the daily digest e-mail: once a day (07:30 China) each user with an address who has not
 * turned it off gets their overdue and today's open tasks, through the company's SMTP server
 * (nodemailer). No server set → nothing is sent. A day's run is claimed in digest_runs and each
 * user's send in digest_preferences.last_sent_on, so two instances never send one twice.
 */
import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type { DB } from '../../db/schema.js';
import { fieldError } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import { recordAudit } from '../audit/audit.service.js';
import { systemActor, type Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import type { RoleKey } from '../../../contract/roles.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { composeDigest, maskSmtpUrl, mergeSmtpUrl } from './digest.rules.js';

type Stored = { smtpUrl: string | null; from: string | null };
const KEY = 'mail';

async function storedMail(db: Kysely<DB>): Promise<Stored> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  const v = (row?.value ?? {}) as Partial<Stored>;
  return { smtpUrl: typeof v.smtpUrl === 'string' ? v.smtpUrl : null, from: typeof v.from === 'string' ? v.from : null };
}

const shown = (s: Stored, fallbackUrl: string | undefined) => ({ smtpUrl: maskSmtpUrl(s.smtpUrl), from: s.from, configured: Boolean(s.smtpUrl ?? fallbackUrl), digestHour: 7 });

export async function getMailSettings(db: Kysely<DB>, fallbackUrl?: string) {
  return shown(await storedMail(db), fallbackUrl);
}

export async function updateMailSettings(db: Kysely<DB>, input: { smtpUrl: string | null; from: string | null }, actor: Actor, fallbackUrl?: string) {
  return db.transaction().execute(async (tx) => {
    const before = await storedMail(tx);
    let smtpUrl: string | null;
    try {
      smtpUrl = mergeSmtpUrl(input.smtpUrl, before.smtpUrl);
    } catch {
      throw fieldError('smtpUrl', 'must be an smtp:// or smtps:// URL');
    }
    const value = { smtpUrl, from: input.from?.trim() || null };
    await tx.insertInto('settings').values({ key: KEY, value: JSON.stringify(value) }).onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() })).execute();
    await recordAudit(tx, actor, { action: 'mail.settings_changed', entityType: 'settings', data: { smtpHost: smtpUrl ? new URL(smtpUrl).host : null, from: value.from } });
    return shown(value, fallbackUrl);
  });
}

const toPref = (r: { email: string | null; enabled: boolean; last_sent_on: string | null; updated_at: Date } | undefined) =>
  r ? { email: r.email, enabled: r.enabled, lastSentOn: r.last_sent_on ? String(r.last_sent_on) : null, updatedAt: r.updated_at.toISOString() } : { email: null, enabled: true, lastSentOn: null, updatedAt: null };

export async function getMyDigest(db: Kysely<DB>, p: Principal) {
  return toPref(await db.selectFrom('digest_preferences').select(['email', 'enabled', 'last_sent_on', 'updated_at']).where('user_id', '=', p.userId).executeTakeFirst());
}

export async function updateMyDigest(db: Kysely<DB>, p: Principal, input: { email: string | null; enabled: boolean }, actor: Actor, now = new Date()) {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('digest_preferences')
      .values({ user_id: p.userId, email: input.email, enabled: input.enabled, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ email: input.email, enabled: input.enabled, updated_at: now }))
      .returning(['email', 'enabled', 'last_sent_on', 'updated_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'digest.preference_changed', entityType: 'user', entityId: p.userId, data: { enabled: input.enabled, email: input.email !== null } }, now);
    return toPref(row);
  });
}

export type DigestOptions = { fallbackSmtpUrl?: string | undefined; baseUrl?: string | undefined };

/**
 * One day's digest run. Returns how many mails went out (0 when no SMTP server is set, when the day
 * already ran on another instance, or when nobody has anything due).
 */
export async function sendDailyDigests(db: Kysely<DB>, now = new Date(), opts: DigestOptions = {}): Promise<{ sent: number; failed: number; skipped: 'no_smtp' | 'already_ran' | null }> {
  const mail = await storedMail(db);
  const url = mail.smtpUrl ?? opts.fallbackSmtpUrl;
  if (!url) return { sent: 0, failed: 0, skipped: 'no_smtp' };
  const today = chinaDate(now);
  const claimed = await db.insertInto('digest_runs').values({ day: today, started_at: now }).onConflict((oc) => oc.column('day').doNothing()).returning('day').executeTakeFirst();
  if (!claimed) return { sent: 0, failed: 0, skipped: 'already_ran' };
  const transport = nodemailer.createTransport(url);
  const from = mail.from ?? `客档 <kedang@${new URL(url).hostname || 'localhost'}>`;
  const users = await db
    .selectFrom('digest_preferences as d')
    .innerJoin('users as u', 'u.id', 'd.user_id')
    .select(['u.id', 'u.display_name', 'u.roles', 'd.email'])
    .where('d.enabled', '=', true)
    .where('d.email', 'is not', null)
    .where('u.disabled', '=', false)
    .where((eb) => eb.or([eb('d.last_sent_on', 'is', null), eb('d.last_sent_on', '<', today)]))
    .orderBy('u.id')
    .execute();
  let sent = 0;
  let failed = 0;
  for (const u of users) {
    const subject = await subjectOf(db, { userId: u.id, roles: u.roles as RoleKey[] });
    // the user's own open tasks due by today, about customers they may still see (or about none)
    const tasks = await db
      .selectFrom('tasks as t')
      .leftJoin('customers as c', 'c.id', 't.customer_id')
      .select(['t.title', 't.due_on', 't.kind', 'c.name'])
      .where('t.owner_id', '=', u.id)
      .where('t.completed_at', 'is', null)
      .where('t.due_on', '<=', today)
      .where((eb) => eb.or([eb('t.customer_id', 'is', null), visibleCustomers(subject)]))
      .orderBy('t.due_on')
      .limit(200)
      .execute();
    const message = composeDigest(u.display_name, today, tasks.map((t) => ({ title: t.title, dueOn: String(t.due_on), kind: t.kind, customerName: t.name })), opts.baseUrl ? `${opts.baseUrl}/tasks` : null);
    if (!message) continue;
    // claim this user's send first: another instance (or a retry) skips them
    const mine = await db.updateTable('digest_preferences').set({ last_sent_on: today }).where('user_id', '=', u.id).where((eb) => eb.or([eb('last_sent_on', 'is', null), eb('last_sent_on', '<', today)])).returning('user_id').executeTakeFirst();
    if (!mine) continue;
    try {
      await transport.sendMail({ from, to: u.email!, subject: message.subject, text: message.text, html: message.html });
      sent++;
    } catch {
      failed++;
      await db.updateTable('digest_preferences').set({ last_sent_on: null }).where('user_id', '=', u.id).execute();
    }
  }
  transport.close();
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('digest_runs').set({ sent }).where('day', '=', today).execute();
    await recordAudit(tx, systemActor, { action: 'digest.sent', entityType: 'digest', data: { day: today, sent, failed } }, now);
  });
  return { sent, failed, skipped: null };
}
