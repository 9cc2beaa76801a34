/**
 * SEC-10 retention: nightly, events older than the retention setting (default 36 months) are
 * removed from the audit trail, their anchors recorded in the chain (audit.service purgeAuditEvents),
 * so `kedang audit verify` keeps passing. A function of (db, now).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { purgeAuditEvents } from '../modules/audit/audit.service.js';
import { retentionCutoff } from '../modules/audit/audit.retention.rules.js';
import { getAuditRetentionSetting } from '../modules/settings/settings.service.js';

export async function purgeExpiredAuditEvents(db: Kysely<DB>, now: Date): Promise<{ deleted: number; before: Date }> {
  const { retentionMonths } = await getAuditRetentionSetting(db);
  const before = retentionCutoff(now, retentionMonths);
  const { deleted } = await purgeAuditEvents(db, before, { now });
  return { deleted, before };
}
