/**
 * The audit trail (SEC-10): written inside the caller's transaction, chained by hash,
 * append-only (the run-time role cannot UPDATE/DELETE/TRUNCATE it).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { CHAIN_COUNT, chainBody, findChainBreak, type ChainBreak, type ChainRow } from './audit.chain.js';
import type { Actor, AuditEntry } from './audit.types.js';

function append(db: Kysely<DB>, actor: Actor, entry: AuditEntry, now: Date) {
  const content = {
    at: now,
    actorId: actor.userId,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    data: entry.data ?? {},
    ip: actor.ip,
    requestId: actor.requestId,
  };
  // kedang_audit_append (migration 0011): the chain lock, then the chain's last hash read after the
  // lock was granted, then the row with sha256(previous ‖ content) — one round trip
  return sql`SELECT kedang_audit_append(${now}, ${content.actorId}, ${content.action}, ${content.entityType}, ${content.entityId},
    ${JSON.stringify(content.data)}::jsonb, ${content.ip}, ${content.requestId}, ${chainBody(content)}, ${CHAIN_COUNT})`.execute(db);
}

/**
 * Appends one event in the transaction of the change it records (`tx` must be that transaction).
 * The trail is CHAIN_COUNT chains, chosen by the database session, so concurrent requests do not
 * queue behind one lock; removing or altering any row still breaks its chain.
 */
export async function recordAudit(db: Kysely<DB>, actor: Actor, entry: AuditEntry, now = new Date()): Promise<void> {
  if (!db.isTransaction) throw new Error('recordAudit needs the transaction of the change it records');
  await append(db, actor, entry, now);
}

/**
 * Appends an event with nothing else to commit with it — a read, an export, a print, a download:
 * one statement, its own transaction (no BEGIN/COMMIT round trips around it).
 */
export async function recordReadAudit(db: Kysely<DB>, actor: Actor, entry: AuditEntry, now = new Date()): Promise<void> {
  await append(db, actor, entry, now);
}

/** Walks the whole chain in id order; returns the first broken row, if any. */
export async function verifyAuditChain(db: Kysely<DB>, onProgress?: (checked: number) => void): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
  let prev = new Map<number, string>();
  let afterId = '0';
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where(sql<boolean>`id > ${afterId}::bigint`)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (rows.length === 0) return { checked, firstBreak: null };
    const chain: ChainRow[] = rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      data: r.data,
      ip: r.ip,
      requestId: r.request_id,
      prevHash: r.prev_hash,
      hash: r.hash,
      chain: r.chain,
    }));
    const result = findChainBreak(chain, prev);
    if (result.break) return { checked: checked + chain.findIndex((r) => r.id === result.break!.id), firstBreak: result.break };
    checked += rows.length;
    onProgress?.(checked);
    prev = result.lastHashes;
    afterId = rows[rows.length - 1]!.id;
  }
}
