/**
 * The audit trail (SEC-10): written inside the caller's transaction, chained by hash,
 * append-only (the run-time role cannot UPDATE/DELETE/TRUNCATE it).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { CHAIN_COUNT, chainBody, findChainBreak, type ChainBreak, type ChainRow } from './audit.chain.js';
import type { Actor, AuditEntry } from './audit.types.js';

function append(db: Kysely<DB>, actor: Actor, entry: AuditEntry, now: Date): Promise<unknown>;
function append(db: Kysely<DB>, actor: Actor, entry: AuditEntry, now: Date, asSql: true): RawBuilder<unknown>;
function append(db: Kysely<DB>, actor: Actor, entry: AuditEntry, now: Date, asSql = false): Promise<unknown> | RawBuilder<unknown> {
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
  const statement = sql`SELECT kedang_audit_append(${now}, ${content.actorId}, ${content.action}, ${content.entityType}, ${content.entityId},
    ${JSON.stringify(content.data)}::jsonb, ${content.ip}, ${content.requestId}, ${chainBody(content)}, ${CHAIN_COUNT})`;
  return asSql ? statement : statement.execute(db);
}

/**
 * Appends one event in the transaction of the change it records, in the same statement as one
 * more write of that change (`write`, a data-modifying statement run as a CTE): one round trip
 * less where a lock is held until COMMIT (a create's archive number, PLT-7).
 */
export async function recordAuditWith(db: Kysely<DB>, write: RawBuilder<unknown>, actor: Actor, entry: AuditEntry, now = new Date()): Promise<void> {
  if (!db.isTransaction) throw new Error('recordAudit needs the transaction of the change it records');
  await sql`WITH w AS (${write}) ${append(db, actor, entry, now, true)}`.execute(db);
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

type Waiting = { actor: Actor; entry: AuditEntry; now: Date; done: (e?: unknown) => void };
type ReadQueue = { flushing: number; waiting: Waiting[] };
const readQueues = new WeakMap<Kysely<DB>, ReadQueue>();
/** Appends in flight at once per database; whatever arrives meanwhile waits and goes in the next one. */
const MAX_FLUSHING = 3;
const MAX_BATCH = 500;

function appendMany(db: Kysely<DB>, batch: readonly Waiting[]) {
  const rows = batch.map((w) => ({
    at: w.now, actorId: w.actor.userId, action: w.entry.action, entityType: w.entry.entityType ?? null, entityId: w.entry.entityId ?? null,
    data: w.entry.data ?? {}, ip: w.actor.ip, requestId: w.actor.requestId,
  }));
  return sql`SELECT kedang_audit_append_many(${rows.map((r) => r.at)}::timestamptz[], ${rows.map((r) => r.actorId)}::bigint[], ${rows.map((r) => r.action)}::text[],
    ${rows.map((r) => r.entityType)}::text[], ${rows.map((r) => r.entityId)}::text[], ${rows.map((r) => JSON.stringify(r.data))}::jsonb[],
    ${rows.map((r) => r.ip)}::text[], ${rows.map((r) => r.requestId)}::text[], ${rows.map((r) => chainBody(r))}::text[], ${CHAIN_COUNT})`.execute(db);
}

async function flushReads(db: Kysely<DB>, q: ReadQueue) {
  q.flushing++;
  try {
    while (q.waiting.length > 0) {
      const batch = q.waiting.splice(0, MAX_BATCH);
      try {
        if (batch.length === 1) await append(db, batch[0]!.actor, batch[0]!.entry, batch[0]!.now);
        else await appendMany(db, batch);
        for (const w of batch) w.done();
      } catch {
        // one bad event must not fail the others: each on its own
        for (const w of batch) await append(db, w.actor, w.entry, w.now).then(() => w.done(), (e) => w.done(e ?? new Error('audit append failed')));
      }
    }
  } finally {
    q.flushing--;
  }
}

/**
 * Appends an event with nothing else to commit with it — a read, an export, a print, a download —
 * and resolves once it is committed (the caller answers only then: nothing is lost on a crash,
 * SEC-10). Events that arrive while earlier ones are being written are written together, in one
 * statement (group commit, PLT-7): under load one round trip serves many reads.
 */
export async function recordReadAudit(db: Kysely<DB>, actor: Actor, entry: AuditEntry, now = new Date()): Promise<void> {
  if (db.isTransaction) {
    await append(db, actor, entry, now);
    return;
  }
  let q = readQueues.get(db);
  if (!q) readQueues.set(db, (q = { flushing: 0, waiting: [] }));
  const queue = q;
  await new Promise<void>((resolve, reject) => {
    queue.waiting.push({ actor, entry, now, done: (e) => (e ? reject(e) : resolve()) });
    if (queue.flushing < MAX_FLUSHING) void flushReads(db, queue);
  });
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
