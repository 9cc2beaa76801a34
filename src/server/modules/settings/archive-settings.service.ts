/**
 * Company-wide archive settings kept in the settings table (key `archive`): the company name
 * printed on forms (ARC-13), the required documents (ARC-6 completeness), the working-day
 * calendar (ARC-8). Missing keys fall back to the defaults.
 */
import type { Kysely } from 'kysely';
import type { ArchiveSettings } from '../../../contract/documents.js';
import type { DocumentCategory } from '../../../contract/documents.js';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { officialCalendarOf, type WorkCalendar } from '../../shared/working-days.rules.js';

export type StoredArchiveSettings = Omit<ArchiveSettings, 'uploadLimitMb'>;

export const defaultArchiveSettings: StoredArchiveSettings = {
  companyName: '本公司',
  requiredDocuments: ['business_licence', 'legal_rep_id'] satisfies DocumentCategory[],
  // REL-5: the official calendar comes from the chinese-days package; these lists are the administrator's overrides
  holidays: [],
  makeUpWorkdays: [],
};

export async function getArchiveSettings(db: Kysely<DB>): Promise<StoredArchiveSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', ['archive', 'dormant_after_months']).execute();
  const archive = rows.find((r) => r.key === 'archive')?.value as Partial<StoredArchiveSettings> | undefined;
  // ARC-9: the dormant period is its own setting (read by the mark-dormant job)
  const months = Number((rows.find((r) => r.key === 'dormant_after_months')?.value as { months?: unknown } | undefined)?.months);
  const { dormantAfterMonths: _stale, ...stored } = archive ?? {};
  return { ...defaultArchiveSettings, ...stored, dormantAfterMonths: Number.isInteger(months) && months > 0 ? months : null };
}

export async function workCalendar(db: Kysely<DB>): Promise<WorkCalendar> {
  const s = await getArchiveSettings(db);
  return officialCalendarOf(s.holidays, s.makeUpWorkdays);
}

export async function updateArchiveSettings(db: Kysely<DB>, patch: Partial<StoredArchiveSettings>, actor: Actor): Promise<StoredArchiveSettings> {
  if (Object.values(patch).every((v) => v === undefined)) return getArchiveSettings(db); // nothing to change, nothing to audit
  return db.transaction().execute(async (tx) => {
    const before = await getArchiveSettings(tx);
    const next: StoredArchiveSettings = {
      ...before,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    };
    next.holidays = [...new Set(next.holidays)].sort();
    next.makeUpWorkdays = [...new Set(next.makeUpWorkdays)].sort();
    next.requiredDocuments = [...new Set(next.requiredDocuments)];
    if (patch.dormantAfterMonths !== undefined) {
      if (patch.dormantAfterMonths === null) await tx.deleteFrom('settings').where('key', '=', 'dormant_after_months').execute();
      else {
        const months = JSON.stringify({ months: patch.dormantAfterMonths });
        await tx.insertInto('settings').values({ key: 'dormant_after_months', value: months }).onConflict((oc) => oc.column('key').doUpdateSet({ value: months, updated_at: new Date() })).execute();
      }
    }
    const { dormantAfterMonths: _kept, ...archive } = next;
    const value = JSON.stringify(archive);
    await tx.insertInto('settings').values({ key: 'archive', value }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: new Date() })).execute();
    await recordAudit(tx, actor, { action: 'settings.archive_changed', entityType: 'settings', entityId: 'archive', data: { fields: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined) } });
    return next;
  });
}
