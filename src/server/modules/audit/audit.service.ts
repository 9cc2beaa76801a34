/**
 * The audit trail (SEC-10): written inside the caller's transaction, chained by hash,
 * append-only (the run-time role cannot UPDATE/DELETE/TRUNCATE it).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { CHAIN_COUNT, chainBody, findChainBreak, HASH_VERSION, type ChainBreak, type ChainRow } from './audit.chain.js';
import { systemActor, type Actor, type AuditEntry } from './audit.types.js';

/** User agents are kept to this many characters (a header can be long; the trail need not be). */
export const USER_AGENT_MAX = 300;

const contentOf = (actor: Actor, entry: AuditEntry, now: Date) => ({
  at: now,
  actorId: actor.userId,
  action: entry.action,
  entityType: entry.entityType ?? null,
  entityId: entry.entityId ?? null,
  data: entry.data ?? {},
  ip: actor.ip,
  requestId: actor.requestId,
  userAgent: actor.userAgent ? actor.userAgent.slice(0, USER_AGENT_MAX) : null,
  outcome: entry.outcome ?? 'success',
  hashVersion: HASH_VERSION,
});

function append(db: Kysely<DB>, actor: Actor, entry: AuditEntry, now: Date): Promise<unknown>;
function append(db: Kysely<DB>, actor: Actor, entry: AuditEntry, now: Date, asSql: true): RawBuilder<unknown>;
function append(db: Kysely<DB>, actor: Actor, entry: AuditEntry, now: Date, asSql = false): Promise<unknown> | RawBuilder<unknown> {
  const c = contentOf(actor, entry, now);
  // kedang_audit_append_v2 (migrations 0011, 0160): the chain lock, then the chain's last hash read
  // after the lock was granted, then the row with sha256(previous ‖ content) — one round trip
  const statement = sql`SELECT kedang_audit_append_v2(${now}, ${c.actorId}, ${c.action}, ${c.entityType}, ${c.entityId},
    ${JSON.stringify(c.data)}::jsonb, ${c.ip}, ${c.requestId}, ${c.userAgent}, ${c.outcome}, ${chainBody(c)}, ${CHAIN_COUNT})`;
  return asSql ? statement : statement.execute(db);
}

/**
 * One event in the same statement as one more write of the change it records (`write`, a
 * data-modifying statement run as a CTE): one round trip less where a lock is held until COMMIT.
 * Not run here: the caller runs it in the transaction of that change, on a connection it holds, and
 * may send it together with its COMMIT (customers' create and its archive number, PLT-7).
 */
export function auditedWriteSql(db: Kysely<DB>, write: RawBuilder<unknown>, actor: Actor, entry: AuditEntry, now = new Date()): RawBuilder<unknown> {
  return sql`WITH w AS (${write}) ${append(db, actor, entry, now, true)}`;
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
  const rows = batch.map((w) => contentOf(w.actor, w.entry, w.now));
  return sql`SELECT kedang_audit_append_many_v2(${rows.map((r) => r.at)}::timestamptz[], ${rows.map((r) => r.actorId)}::bigint[], ${rows.map((r) => r.action)}::text[],
    ${rows.map((r) => r.entityType)}::text[], ${rows.map((r) => r.entityId)}::text[], ${rows.map((r) => JSON.stringify(r.data))}::jsonb[],
    ${rows.map((r) => r.ip)}::text[], ${rows.map((r) => r.requestId)}::text[], ${rows.map((r) => r.userAgent)}::text[], ${rows.map((r) => r.outcome)}::text[],
    ${rows.map((r) => chainBody(r))}::text[], ${CHAIN_COUNT})`.execute(db);
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

/** The anchors of the latest retention purge: per chain, the hash its first kept row links to. */
export async function latestPurgeAnchors(db: Kysely<DB>): Promise<Map<number, string>> {
  const row = await db.selectFrom('audit_events').select('data').where('action', '=', 'audit.purged').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const anchors = ((row?.data ?? {}) as { anchors?: Record<string, unknown> }).anchors ?? {};
  return new Map(Object.entries(anchors).filter(([, h]) => typeof h === 'string').map(([c, h]) => [Number(c), h as string]));
}

/**
 * Walks the whole chain in id order; returns the first broken row, if any. After a retention
 * purge each chain starts from the anchor recorded in the latest `audit.purged` event (itself a
 * chained row, checked like any other), so removing old events by retention verifies, while
 * removing or altering any kept row still breaks. One snapshot: a purge running meanwhile does
 * not show as a gap.
 */
export async function verifyAuditChain(db: Kysely<DB>, onProgress?: (checked: number) => void): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (tx) => {
    let prev = await latestPurgeAnchors(tx);
    let afterId = '0';
    let checked = 0;
    for (;;) {
      const rows = await tx
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
        userAgent: r.user_agent,
        outcome: r.outcome,
        hashVersion: r.hash_version,
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
  });
}

/** Rows removed per transaction by a retention purge (each batch records its own anchors). */
export const PURGE_BATCH = 20_000;

/**
 * Retention (SEC-10): removes the events before `before` (a prefix of the trail in id order; the
 * database function refuses anything younger than 180 days and keeps each chain's last event) in
 * batches, each in one transaction with its `audit.purged` event: how many went and, per chain,
 * the hash the first kept row links to (merged with the previous purge's anchors). Verification
 * starts from those anchors, so it keeps passing. One purge at a time across instances
 * (advisory lock, besides the job queue's singleton).
 */
export async function purgeAuditEvents(db: Kysely<DB>, before: Date, opts: { batch?: number; now?: Date } = {}): Promise<{ deleted: number; batches: number }> {
  const batch = opts.batch ?? PURGE_BATCH;
  let deleted = 0;
  let batches = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(7365002)`.execute(tx);
      const prior = await latestPurgeAnchors(tx);
      const { rows } = await sql<{ r: { deleted: number; throughId: string | null; anchors: Record<string, string> } }>`SELECT kedang_audit_purge(${before}, ${batch}, ${CHAIN_COUNT}) AS r`.execute(tx);
      const r = rows[0]!.r;
      if (r.deleted === 0) return 0;
      const anchors = Object.fromEntries([...prior].map(([c, h]) => [String(c), h]));
      Object.assign(anchors, r.anchors);
      await recordAudit(tx, systemActor, { action: 'audit.purged', entityType: 'audit', data: { before: before.toISOString(), deleted: r.deleted, throughId: r.throughId, anchors } }, opts.now ?? new Date());
      return r.deleted;
    });
    if (n === 0) break;
    deleted += n;
    batches++;
    if (n < batch) break;
  }
  return { deleted, batches };
}

/** The oldest event still kept and the last purge that removed any (the retention setting's page). */
export async function auditRetentionState(db: Kysely<DB>): Promise<{ oldestEventAt: string | null; lastPurge: { at: string; deleted: number } | null }> {
  const oldest = await db.selectFrom('audit_events').select('at').orderBy('id').limit(1).executeTakeFirst();
  const last = await db.selectFrom('audit_events').select(['at', 'data']).where('action', '=', 'audit.purged').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return {
    oldestEventAt: oldest ? oldest.at.toISOString() : null,
    lastPurge: last ? { at: last.at.toISOString(), deleted: Number((last.data as { deleted?: unknown }).deleted ?? 0) } : null,
  };
}
