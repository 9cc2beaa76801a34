/**
 * A statement with its parameters written in as literals, so that it can travel in one simple-query
 * message with the statement after it: `…; COMMIT` reaches PostgreSQL at once, and a lock taken
 * earlier in the transaction ends without waiting for this process to read one more answer under
 * load (a create's archive-number counter, PLT-7).
 *
 * Each parameter becomes the text node-postgres would send for it (its own prepareValue), quoted as a
 * literal of type unknown, as the untyped parameter it replaces, so PostgreSQL resolves it the same
 * way. Binary values, non-finite numbers, invalid dates and NUL characters are refused.
 * PostgreSQL logs the text of a failed statement (log_min_error_statement): such a line then holds the
 * values, as the statement's own parameters are not logged.
 */
import { createRequire } from 'node:module';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

/** node-postgres's own conversion of a parameter to the text it sends (dates in local time with their offset, arrays, JSON). */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (v: unknown) => unknown };

const literal = (v: unknown, n: number): string => {
  if (v === null || v === undefined) return 'NULL';
  if (Buffer.isBuffer(v) || ArrayBuffer.isView(v)) throw new Error(`inlineParameters: parameter $${n} is binary and cannot be written as a literal`);
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`inlineParameters: parameter $${n} is ${v}`);
  if (v instanceof Date && Number.isNaN(v.getTime())) throw new Error(`inlineParameters: parameter $${n} is an invalid date`);
  const text = prepareValue(v);
  if (text === null) return 'NULL';
  if (typeof text !== 'string') throw new Error(`inlineParameters: parameter $${n} (${Object.prototype.toString.call(v)}) cannot be written as a literal`);
  if (text.includes('\0')) throw new Error(`inlineParameters: parameter $${n} holds a NUL character, which PostgreSQL's text cannot`);
  return pg.escapeLiteral(text);
};

/**
 * `text` with `$1`, `$2`… replaced by the literals of `parameters` (every placeholder must have one).
 * Placeholders inside quoted literals or identifiers are left alone; a text with a dollar-quoted
 * body or a comment is refused (it is meant for the statements Kysely compiles from code).
 */
export function inlineParameters(text: string, parameters: readonly unknown[]): string {
  if (/\$[A-Za-z_]*\$|--|\/\*/.test(text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, ''))) throw new Error('inlineParameters: a dollar-quoted body or a comment in the statement');
  return text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (whole, d: string | undefined) => {
    if (d === undefined) return whole;
    const n = Number(d);
    if (n < 1 || n > parameters.length) throw new Error(`inlineParameters: $${n} has no parameter (${parameters.length} given)`);
    return literal(parameters[n - 1], n);
  });
}

/** A statement's text with its string literals blanked, for logs (a slow-query line carries no data). */
export const withoutLiterals = (text: string): string => text.replace(/\bE'(?:[^'\\]|''|\\.)*'|'(?:[^']|'')*'/g, "'…'");

/**
 * A transaction on one held connection whose last statement travels with its COMMIT in one message.
 * `work` runs the statements before it on `tx` and returns its result and that last statement; a
 * failure of `work`, of the last statement or of the COMMIT rolls everything back (PostgreSQL skips
 * the COMMIT of a message whose statement failed).
 */
export function transactionCommittingWith<T>(db: Kysely<DB>, work: (tx: Kysely<DB>) => Promise<{ result: T; last: RawBuilder<unknown> }>): Promise<T> {
  return db.connection().execute(async (tx) => {
    await sql`BEGIN`.execute(tx);
    try {
      const { result, last } = await work(tx);
      const q = last.compile(tx);
      await sql.raw(`${inlineParameters(q.sql, q.parameters)}; COMMIT`).execute(tx);
      return result;
    } catch (e) {
      await sql`ROLLBACK`.execute(tx).catch(() => undefined); // after a failed COMMIT there is nothing left to roll back
      throw e;
    }
  });
}
