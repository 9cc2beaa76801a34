/**
 * Named prepared statements for the statements a process runs again and again (PLT-7).
 *
 * Planning dominated PostgreSQL's share of a request: the customer search statement spent about
 * 5× as long in the planner as in the executor, because `customers` carries many indexes and the
 * statement joins several tables. A named statement is parsed and planned once per connection;
 * after five executions PostgreSQL may keep a generic plan (plan_cache_mode = auto: only when it
 * costs no more than the custom plans did), and the statement's text is no longer sent.
 *
 * Which statements: a text becomes named the second time this process sees it, and at most
 * `maxNamed` texts are ever named (each pooled connection keeps the plans of those it ran: the
 * backend memory stays bounded). One-off statements (migrations, reports) stay unnamed.
 */
import type pg from 'pg';

export type StatementNamer = {
  /** The name to run `text` under, or undefined to run it unnamed. */
  nameFor(text: string): string | undefined;
  /** Stops naming `text` under its current name (its cached plan no longer fits the tables). */
  retire(text: string): void;
  readonly named: number;
};

/** Statements that must not be prepared: transaction control and session settings. */
const unpreparable = /^\s*(begin|commit|rollback|start|savepoint|release|set|reset|listen|unlisten|notify|copy|lock|show|discard|deallocate|prepare|execute|create|alter|drop|grant|revoke|vacuum|analyze|cluster|reindex|truncate|comment|do|checkpoint)\b/i;

export function createStatementNamer(opts: { maxNamed?: number; minUses?: number; maxTracked?: number } = {}): StatementNamer {
  const maxNamed = opts.maxNamed ?? 150;
  const minUses = opts.minUses ?? 2;
  const maxTracked = opts.maxTracked ?? 2000;
  const names = new Map<string, string>();
  const seen = new Map<string, number>();
  let next = 0;
  return {
    nameFor(text) {
      const name = names.get(text);
      if (name !== undefined) return name;
      if (names.size >= maxNamed || unpreparable.test(text)) return undefined;
      const uses = (seen.get(text) ?? 0) + 1;
      if (uses < minUses) {
        if (seen.size >= maxTracked) seen.clear(); // bounded: texts seen once a long while ago start over
        seen.set(text, uses);
        return undefined;
      }
      seen.delete(text);
      const given = `kedang_${process.pid}_${next++}`;
      names.set(text, given);
      return given;
    },
    retire(text) {
      // the text gets a new name when it is seen again: the old statement stays on the connections that made it
      if (names.delete(text)) next++;
    },
    get named() {
      return names.size;
    },
  };
}

/** PostgreSQL's answer when a prepared statement's plan would change its columns (a table changed under it). */
const isStalePlan = (e: unknown) => (e as { code?: string }).code === '0A000' && /cached plan must not change result type/.test(String((e as Error).message));

/**
 * Makes `client.query(text, values)` run as a named statement when the namer says so. Kysely and
 * raw `pool.query` calls both go through it; query objects and callbacks pass through unchanged.
 */
export function prepareRepeatedStatements(client: pg.Client | pg.PoolClient, namer: StatementNamer): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
    if (typeof text !== 'string' || rest.length > 0 || typeof values === 'function') return query(text, values, ...rest);
    // several statements in one message (db/inline-sql.ts) go by the simple protocol: never named, never tracked
    if ((values === undefined || (Array.isArray(values) && values.length === 0)) && text.includes(';')) return query(text, values);
    const name = namer.nameFor(text);
    if (name === undefined) return query(text, values);
    const run = query({ name, text, values: (values as unknown[] | undefined) ?? [] }) as Promise<unknown>;
    return run.catch((e: unknown) => {
      if (isStalePlan(e)) namer.retire(text); // the next run prepares it afresh; this one fails as any statement would
      throw e;
    });
  };
}
