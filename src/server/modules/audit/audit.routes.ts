/** The audit log for admin and gm: parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { exportAuditEvents } from './audit.export.js';
import { selectAuditEvents, toAuditEvent } from './audit.repository.js';

export const auditHandlers: HandlersOf<'listAuditEvents' | 'exportAuditEvents'> = {
  listAuditEvents: async ({ db, query }) => {
    const { limit, cursor, ...filters } = query;
    const before = decodeCursor(cursor, 1);
    const rows = await selectAuditEvents(db, filters, before ? String(before[0]) : null).limit(limit + 1).execute();
    const items = rows.slice(0, limit).map(toAuditEvent);
    return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]!.id]) : null };
  },
  exportAuditEvents: async ({ db, query, actor }) => {
    const { format, ...filters } = query;
    const { stream } = await exportAuditEvents(db, format, filters, actor);
    const stamp = new Date().toISOString().slice(0, 10);
    return {
      file: stream,
      filename: `audit-${stamp}.${format}`,
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    };
  },
};
