/** Export of the filtered audit log (admin, gm), audited itself. */
import type { Kysely } from 'kysely';
import type { AuditEvent } from '../../../contract/audit.js';
import type { DB } from '../../db/schema.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { recordReadAudit } from './audit.service.js';
import { selectAuditEvents, toAuditEvent, type AuditFilters } from './audit.repository.js';
import type { Actor } from './audit.types.js';

const columns: Column<AuditEvent>[] = [
  { header: '编号 id', value: (e) => e.id },
  { header: '时间 at', value: (e) => e.at },
  { header: '操作人 actor', value: (e) => e.actorName ?? e.actorId },
  { header: '操作 action', value: (e) => e.action },
  { header: '对象类型 entityType', value: (e) => e.entityType },
  { header: '对象 entityId', value: (e) => e.entityId },
  { header: '详情 data', value: (e) => JSON.stringify(e.data) },
  { header: '结果 outcome', value: (e) => e.outcome },
  { header: 'IP', value: (e) => e.ip },
  { header: '浏览器 userAgent', value: (e) => e.userAgent },
];

async function* batches(db: Kysely<DB>, f: AuditFilters): AsyncIterable<AuditEvent[]> {
  let before: string | null = null;
  for (;;) {
    const rows = await selectAuditEvents(db, f, before).limit(2000).execute();
    if (rows.length === 0) return;
    yield rows.map(toAuditEvent);
    before = rows[rows.length - 1]!.id;
  }
}

export async function exportAuditEvents(db: Kysely<DB>, format: 'csv' | 'xlsx', f: AuditFilters, actor: Actor) {
  await recordReadAudit(db, actor, { action: 'audit.exported', entityType: 'audit', data: { format, filters: f } });
  return streamTable(format, 'audit', columns, batches(db, f));
}
