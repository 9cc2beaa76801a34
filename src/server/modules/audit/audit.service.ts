/**
 * The audit trail (SEC-10): written inside the caller's transaction, chained by hash,
 * append-only (the run-time role cannot UPDATE/DELETE/TRUNCATE it).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { chainHash, findChainBreak, GENESIS_HASH, type ChainBreak, type ChainRow } from './audit.chain.js';
import type { Actor, AuditEntry } from './audit.types.js';

const CHAIN_LOCK = 7_365_001;

/** Appends one event. `tx` must be the transaction of the change it records. */
export async function recordAudit(tx: Kysely<DB>, actor: Actor, entry: AuditEntry, now = new Date()): Promise<void> {
  // Serialises chain appends until this transaction ends, so each row links to the committed previous one.
  await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(tx);
  const last = await tx.selectFrom('audit_events').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
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
  await tx
    .insertInto('audit_events')
    .values({
      at: now,
      actor_id: content.actorId,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      data: JSON.stringify(content.data),
      ip: content.ip,
      request_id: content.requestId,
      prev_hash: prevHash,
      hash: chainHash(prevHash, content),
    })
    .execute();
}

/** Walks the whole chain in id order; returns the first broken row, if any. */
export async function verifyAuditChain(db: Kysely<DB>, onProgress?: (checked: number) => void): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
  let prev = GENESIS_HASH;
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
    }));
    const result = findChainBreak(chain, prev);
    if (result.break) return { checked: checked + chain.findIndex((r) => r.id === result.break!.id), firstBreak: result.break };
    checked += rows.length;
    onProgress?.(checked);
    prev = result.lastHash;
    afterId = rows[rows.length - 1]!.id;
  }
}
