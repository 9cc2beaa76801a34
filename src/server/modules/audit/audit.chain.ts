/** The hash chain of the audit trail (SEC-10), pure: how a row's hash is computed from its content. */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so jsonb's key reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

export type ChainedContent = {
  at: Date;
  actorId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  data: unknown;
  ip: string | null;
  requestId: string | null;
  /** Version 2 (migration 0160) also hashes these two; version 1 rows have neither. */
  userAgent?: string | null;
  outcome?: string;
  /** Which hash input the row was written with; 1 when absent. */
  hashVersion?: number;
};

/** The hash input version of every new row. */
export const HASH_VERSION = 2;

/**
 * The canonical text of a row's content; the database appends it to the previous hash. Version 1
 * (rows before migration 0160) is kept as it was, so they verify unchanged; version 2 starts with
 * its number and adds the user agent and the outcome.
 */
export function chainBody(c: ChainedContent): string {
  if ((c.hashVersion ?? 1) === 1) return canonicalJson([c.at.toISOString(), c.actorId, c.action, c.entityType, c.entityId, c.data, c.ip, c.requestId]);
  return canonicalJson([2, c.at.toISOString(), c.actorId, c.action, c.entityType, c.entityId, c.data, c.ip, c.requestId, c.userAgent ?? null, c.outcome ?? 'success']);
}

/** sha256(previous hash ‖ canonical content), hex — computed the same way in SQL by recordAudit. */
export function chainHash(prevHash: string, c: ChainedContent): string {
  return createHash('sha256').update(prevHash + chainBody(c)).digest('hex');
}

export type ChainRow = ChainedContent & { id: string; prevHash: string; hash: string; chain?: number };
export type ChainBreak = { id: string; reason: 'altered' | 'gap' };

/** A version-1 hash does not cover user agent and outcome: such a row showing either was altered; an unknown version is too. */
function versionFits(r: ChainRow): boolean {
  const v = r.hashVersion ?? 1;
  if (v === 1) return (r.userAgent ?? null) === null && (r.outcome ?? 'success') === 'success';
  return v === HASH_VERSION;
}

/** How many chains the trail is written in: writers on different chains do not wait for each other. */
export const CHAIN_COUNT = 8;

/**
 * Finds the first row (in id order) whose link or content does not match. Rows belong to one of
 * several independent chains (`chain`, default 0); each row links to the previous row of its own
 * chain, and `prev` gives the last hash of each chain before these rows (a string: chain 0).
 */
export function findChainBreak(rows: readonly ChainRow[], prev: string | ReadonlyMap<number, string>): { break: ChainBreak | null; lastHashes: Map<number, string> } {
  const last = new Map<number, string>(typeof prev === 'string' ? [[0, prev]] : prev);
  for (const r of rows) {
    const chain = r.chain ?? 0;
    const expectedPrev = last.get(chain) ?? GENESIS_HASH;
    if (r.prevHash !== expectedPrev) return { break: { id: r.id, reason: 'gap' }, lastHashes: last };
    if (chainHash(r.prevHash, r) !== r.hash || !versionFits(r)) return { break: { id: r.id, reason: 'altered' }, lastHashes: last };
    last.set(chain, r.hash);
  }
  return { break: null, lastHashes: last };
}
