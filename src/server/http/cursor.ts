/** Opaque keyset cursors for list endpoints (PLT-3): base64url of the last row's sort key and id. */
import { AppError } from './errors.js';

export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number | null)[] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === arity && v.every((x) => x === null || typeof x === 'string' || typeof x === 'number')) return v;
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', 'cursor: must be a value taken from nextCursor', { errors: [{ path: 'cursor', message: 'must be a value taken from nextCursor' }] });
}

/** A cursor holding one row id (lists ordered by id): the id must look like one, or the query would fail. */
export function decodeIdCursor(cursor: string | undefined): string | null {
  const v = decodeCursor(cursor, 1);
  if (!v) return null;
  const id = String(v[0]);
  if (!/^[0-9]{1,18}$/.test(id)) throw new AppError('validation_failed', 'cursor: must be a value taken from nextCursor', { errors: [{ path: 'cursor', message: 'must be a value taken from nextCursor' }] });
  return id;
}

export type SortSpec = { field: string; dir: 'asc' | 'desc' };
export function parseSort(sort: string | undefined, fallback: SortSpec): SortSpec {
  if (!sort) return fallback;
  const [field, dir] = sort.split(':');
  return { field: field!, dir: dir === 'desc' ? 'desc' : 'asc' };
}
