/**
 * A statement with its parameters written in as literals, so that it can travel in one simple-query
 * message with the statement after it: `…; COMMIT` reaches PostgreSQL at once, and a lock taken
 * earlier in the transaction ends without waiting for this process to read one more answer under
 * load (a create's archive-number counter, PLT-7).
 *
 * Each parameter becomes a quoted literal of type unknown, as the untyped parameter it replaces
 * (node-postgres sends every parameter as text with no type), so PostgreSQL resolves it the same way.
 * Only strings, finite numbers, bigints, booleans, valid dates and null are written in; anything
 * else throws, so nothing is rendered in a way the driver would not have sent.
 */
import pg from 'pg';

const literal = (v: unknown, n: number): string => {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return pg.escapeLiteral(v);
  if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'bigint' || typeof v === 'boolean') return `'${String(v)}'`;
  if (v instanceof Date && !Number.isNaN(v.getTime())) return `'${v.toISOString()}'`;
  throw new Error(`inlineParameters: parameter $${n} (${Object.prototype.toString.call(v)}) cannot be written as a literal`);
};

/** `text` with `$1`, `$2`… replaced by the literals of `parameters` (every placeholder must have one). */
export function inlineParameters(text: string, parameters: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, d: string) => {
    const n = Number(d);
    if (n < 1 || n > parameters.length) throw new Error(`inlineParameters: $${n} has no parameter (${parameters.length} given)`);
    return literal(parameters[n - 1], n);
  });
}

/** A statement's text with its string literals blanked, for logs (a slow-query line carries no data). */
export const withoutLiterals = (text: string): string => text.replace(/(?:\bE)?'(?:[^'\\]|''|\\.)*'/g, "'…'");
