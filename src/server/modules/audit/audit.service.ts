/**
 * The audit trail (SEC-10): written inside the caller's transaction, chained by hash,
 * append-only (the run-time role cannot UPDATE/DELETE/TRUNCATE it).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { CHAIN_COUNT, chainBody, findChainBreak, GENESIS_HASH, type ChainBreak, type ChainRow } from './audit.chain.js';
import type { Actor, AuditEntry } from './audit.types.js';

const CHAIN_LOCK = 7_365_001;

/**
 * Appends one event: take the lock of this connection's chain (held to the end of the
 * transaction), then — in a second statement, whose snapshot is taken after the lock was
 * granted — read that chain's previous hash and store the row with sha256(previous ‖ content).
 * `tx` must be a transaction: the one of the change it records. (One statement doing both would
 * read the chain as it was before waiting for the lock, and two rows could link to the same
 * predecessor.) The trail is CHAIN_COUNT chains, chosen by the database session, so concurrent
 * requests do not queue behind one lock and one commit each; removing or altering any row still
 * breaks its chain.
 */
export async function recordAudit(db: Kysely<DB>, actor: Actor, entry: AuditEntry, now = new Date()): Promise<void> {
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
  const body = chainBody(content);
  if (!db.isTransaction) throw new Error('recordAudit needs the transaction of the change it records');
  await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK}, pg_backend_pid() % ${CHAIN_COUNT})`.execute(db);
  await sql`
    WITH me AS (SELECT (pg_backend_pid() % ${CHAIN_COUNT})::smallint AS chain),
         prev AS (SELECT me.chain, coalesce((SELECT hash FROM audit_events a WHERE a.chain = me.chain ORDER BY a.id DESC LIMIT 1), ${GENESIS_HASH}) AS hash FROM me)
    INSERT INTO audit_events (at, actor_id, action, entity_type, entity_id, data, ip, request_id, prev_hash, hash, chain)
    SELECT ${now}, ${content.actorId}, ${content.action}, ${content.entityType}, ${content.entityId}, ${JSON.stringify(content.data)}::jsonb,
           ${content.ip}, ${content.requestId}, prev.hash, encode(sha256(convert_to(prev.hash || ${body}, 'UTF8')), 'hex'), prev.chain
      FROM prev`.execute(db);
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
