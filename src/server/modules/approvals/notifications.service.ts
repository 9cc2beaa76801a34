/** In-app notifications: something waits for you, a decision on your request, a tier change (EVA-5). */
import { sql, type Kysely } from 'kysely';
import type { RoleKey } from '../../../contract/roles.js';
import type { DB } from '../../db/schema.js';
import { decodeIdCursor, encodeCursor } from '../../http/cursor.js';
import { notFound } from '../../http/errors.js';
import type { Principal } from '../../shared/principal.js';
import { readersOf } from '../access/access.service.js';

export type NewNotification = {
  kind: string;
  title: string;
  link?: string;
  data?: Record<string, unknown>;
  /**
   * The archive the title names: recipients who may not read it (SEC-2…SEC-6) get `hiddenTitle`
   * instead, without the link — or no notification at all when there is no `hiddenTitle`.
   */
  about?: { customerId: string; hiddenTitle?: string };
};

/** Writes one notification per user, in the caller's transaction. */
export async function notifyUsers(tx: Kysely<DB>, userIds: readonly string[], n: NewNotification): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  const readers = n.about ? await readersOf(tx, unique, n.about.customerId) : null;
  const rows = unique.flatMap((user_id) => {
    if (!readers || readers.has(user_id)) return [{ user_id, kind: n.kind, title: n.title, link: n.link ?? null, data: JSON.stringify(n.data ?? {}) }];
    return n.about?.hiddenTitle ? [{ user_id, kind: n.kind, title: n.about.hiddenTitle, link: null, data: JSON.stringify(n.data ?? {}) }] : [];
  });
  if (rows.length === 0) return;
  await tx.insertInto('notifications').values(rows).execute();
}

/** Active users holding any of the roles. */
export async function usersWithRole(tx: Kysely<DB>, roles: readonly RoleKey[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await tx.selectFrom('users').select('id').where('disabled', '=', false).where(sql<boolean>`roles && ${[...roles]}::text[]`).execute();
  return rows.map((r) => r.id);
}

/** The outcome a notification kind reports (SEC-7): approved, rejected, or none (not a decision). */
export function outcomeOfKind(kind: string): 'approved' | 'rejected' | null {
  if (kind === 'approval.approved' || kind === 'destruction.approved' || kind === 'access.granted') return 'approved';
  if (kind === 'approval.rejected') return 'rejected';
  return null;
}

export async function listNotifications(db: Kysely<DB>, p: Principal, q: { unread?: 'true' | 'false' | undefined; limit: number; cursor?: string | undefined }) {
  const after = decodeIdCursor(q.cursor);
  const rows = await db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', p.userId)
    .$if(q.unread === 'true', (b) => b.where('read_at', 'is', null))
    .$if(after !== null, (b) => b.where('id', '<', after!))
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const unread = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', p.userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  // a decided request says how it was decided and why (the approver's comment), read from the approval itself
  const approvalIdOf = (r: (typeof page)[number]) => {
    const id = (r.data as { approvalId?: unknown } | null)?.approvalId;
    return typeof id === 'string' && /^[0-9]{1,18}$/.test(id) ? id : null;
  };
  const decidedIds = [...new Set(page.filter((r) => outcomeOfKind(r.kind) !== null).map(approvalIdOf).filter((id): id is string => id !== null))];
  const comments = new Map(
    decidedIds.length === 0 ? [] : (await db.selectFrom('approvals').select(['id', 'decision_comment']).where('id', 'in', decidedIds).execute()).map((a) => [a.id, a.decision_comment]),
  );
  return {
    items: page.map((r) => {
      const approvalId = approvalIdOf(r);
      return { id: r.id, kind: r.kind, title: r.title, link: r.link, createdAt: r.created_at.toISOString(), readAt: r.read_at?.toISOString() ?? null, outcome: outcomeOfKind(r.kind), reason: (approvalId && comments.get(approvalId)) || null };
    }),
    nextCursor: rows.length > q.limit ? encodeCursor([page[page.length - 1]!.id]) : null,
    unread: Number(unread.n),
  };
}

export async function markNotificationRead(db: Kysely<DB>, p: Principal, id: string | 'all', now = new Date()) {
  const r = await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', p.userId)
    .where('read_at', 'is', null)
    .$if(id !== 'all', (b) => b.where('id', '=', id))
    .executeTakeFirst();
  if (id !== 'all' && Number(r.numUpdatedRows) === 0) {
    const exists = await db.selectFrom('notifications').select('id').where('id', '=', id).where('user_id', '=', p.userId).executeTakeFirst();
    if (!exists) throw notFound('notification');
  }
  return { ok: true as const };
}
