/**
 * The signed-in caller's rows (session or token joined with the user, the departments they
 * manage), kept between requests so a request does not re-read them (PLT-7). Correct across
 * instances: triggers (migration 0065) NOTIFY `kedang_principals` whenever a session or token is
 * revoked, a user or a department changes; every instance LISTENs and forgets everything it
 * holds. In this process the write itself already forgets (connect.ts `onWrite`).
 *
 * Bounds (SEC-1): a change made on another instance takes effect here when its notification
 * arrives (milliseconds after its commit). Without a working LISTEN connection nothing is cached.
 * An entry is never used after MAX_AGE_MS, so even a silently stalled listener leaves at most
 * MAX_AGE_MS of staleness. Session idle/absolute expiry is decided on every request from the
 * cached times; an entry that says "expired" or "touch now" is re-read from the database.
 */
import type { Kysely } from 'kysely';
import { listen, onWrite, type WriteEvent } from '../db/connect.js';
import type { DB } from '../db/schema.js';

export const PRINCIPAL_CHANNEL = 'kedang_principals';
export const MAX_AGE_MS = 30_000;
const MAX_ENTRIES = 10_000;

type Entry<T> = { at: number; value: T };

export class PrincipalCache {
  listening = false;
  /** Bumped by every invalidation: a read that started before one is not stored. */
  generation = 0;
  readonly #entries = new Map<string, Entry<unknown>>();

  get<T>(key: string): T | undefined {
    if (!this.listening) return undefined;
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (Date.now() - e.at > MAX_AGE_MS) {
      this.#entries.delete(key);
      return undefined;
    }
    return e.value as T;
  }

  /** Stores a value read while `generation` was `readAt` (dropped if anything changed since). */
  set(key: string, value: unknown, readAt: number): void {
    if (!this.listening || readAt !== this.generation) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(key, { at: Date.now(), value });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  forgetAll(): void {
    this.generation++;
    this.#entries.clear();
  }

  get size() {
    return this.#entries.size;
  }
}

const caches = new WeakMap<Kysely<DB>, PrincipalCache>();

/** The cache of a database opened by the server (null for transactions and databases that never started one). */
export function principalCacheOf(db: Kysely<DB>): PrincipalCache | null {
  return caches.get(db) ?? null;
}

/** Writes that can change who a principal is or what they may do (a session's touch does not). */
export function changesPrincipals(w: WriteEvent): boolean {
  switch (w.table) {
    case 'users':
    case 'departments':
      return w.op !== 'insert' || w.table === 'departments';
    case 'sessions':
    case 'api_tokens':
      return w.op === 'delete' || (w.op === 'update' && w.columns.some((c) => c !== 'last_seen_at' && c !== 'last_used_at'));
    default:
      return false;
  }
}

/** Starts caching principals for `db` (the server's database): listens for changes from every instance. */
export function startPrincipalCache(db: Kysely<DB>): PrincipalCache {
  const existing = caches.get(db);
  if (existing) return existing;
  const cache = new PrincipalCache();
  caches.set(db, cache);
  onWrite(db, (w) => {
    if (changesPrincipals(w)) cache.forgetAll();
  });
  listen(
    db,
    PRINCIPAL_CHANNEL,
    () => cache.forgetAll(),
    (on) => {
      cache.forgetAll();
      cache.listening = on;
    },
  );
  return cache;
}
