/** One error type for the server, and the one exhaustive mapping of its codes to HTTP problems (PLT-3). */
import type { ErrorCode, FieldError, FieldErrorCode, Problem } from '../../contract/errors.js';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { errors?: FieldError[]; rule?: string; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
  }
}

export const notFound = (what = 'resource') => new AppError('not_found', `The ${what} does not exist or is not visible to you.`);
/** 409 for an optimistic-concurrency miss (PLT-3): the record changed since `version`. */
export const staleVersion = (what: string, version: number) =>
  new AppError('stale_version', `version: the ${what} was changed since version ${version}; reload and try again`, { errors: [{ path: 'version', message: 'is stale' }] });
export const fieldError = (path: string, message: string) =>
  new AppError('validation_failed', `${path}: ${message}`, { errors: [{ path, message }] });

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'validation_failed':
    case 'malformed_request':
      return 400;
    case 'not_authenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'stale_version':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'rule_violation':
      return 422;
    case 'rate_limited':
      return 429;
    case 'internal':
      return 500;
    case 'timed_out':
      return 503;
  }
}

const titles: Record<ErrorCode, string> = {
  validation_failed: 'The request has invalid fields',
  malformed_request: 'The request could not be read',
  not_authenticated: 'Sign-in required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  stale_version: 'The record was changed by someone else',
  payload_too_large: 'The request is too large',
  unsupported_media_type: 'Unsupported content type',
  rule_violation: 'A business rule refused the request',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  timed_out: 'The request took too long',
};

export function problemOf(err: AppError): Problem {
  return {
    type: `https://kedang.dev/problems/${err.code.replace(/_/g, '-')}`,
    title: titles[err.code],
    status: statusOf(err.code),
    detail: err.message,
    code: err.code,
    ...(err.details.rule ? { rule: err.details.rule } : {}),
    ...(err.details.errors ? { errors: err.details.errors } : {}),
    ...(err.details.extra ?? {}),
  };
}

/** The fields of a PostgreSQL error that say what was refused (node-postgres' DatabaseError). */
type PgError = { code?: string; constraint?: string; column?: string; table?: string; detail?: string };

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
/** `Key (handled_by)=(999) is not present …` / `Key (lower(name), company_id)=(…) already exists.` → the first column. */
function keyColumnOf(detail: string | undefined): string | null {
  const m = detail ? /^Key \(([^)]*?)\)=/.exec(detail) : null;
  if (!m?.[1]) return null;
  const first = m[1].split(',')[0]!.trim().replace(/^\w+\((\w+)\)$/, '$1');
  return /^\w+$/.test(first) ? first : null;
}
/** `customers_credit_limit_check` → `credit_limit` (the table's name and the suffix removed). */
function constraintColumnOf(constraint: string | undefined, table: string | undefined): string | null {
  if (!constraint) return null;
  let c = constraint;
  if (table && c.startsWith(`${table}_`)) c = c.slice(table.length + 1);
  c = c.replace(/_(check|fkey|key|pkey|excl)$/, '');
  return /^[a-z][a-z0-9_]*$/.test(c) ? c : null;
}

/**
 * Maps a PostgreSQL constraint or data error to the 4xx problem it stands for, naming the field
 * where the error says which one (PLT-3, PLT-8): a dangling reference, a duplicate, a refused check,
 * a missing value, a malformed or out-of-range value. Null for errors that are really ours (500).
 * Values are never echoed: a duplicate key's value may belong to a record the caller cannot see.
 */
export function dbProblemOf(err: unknown): AppError | null {
  const e = err as PgError;
  const code = typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : null;
  if (!code) return null;
  const field = (column: string | null, message: string, status: 'validation_failed' | 'conflict' = 'validation_failed', fieldCode: FieldErrorCode = 'invalid') => {
    const path = column ? camel(column) : 'body';
    return new AppError(status, `${path}: ${message}`, { errors: [{ path, message, code: fieldCode }] });
  };
  switch (code) {
    case '23503': // foreign_key_violation
      if (e.detail?.includes('is still referenced')) return new AppError('conflict', 'The record is still referred to by other records.');
      return field(keyColumnOf(e.detail) ?? e.column ?? constraintColumnOf(e.constraint, e.table), 'refers to a record that does not exist', 'validation_failed', 'dangling_reference');
    case '23505': // unique_violation
      return field(keyColumnOf(e.detail) ?? constraintColumnOf(e.constraint, e.table), 'is already taken by another record', 'conflict', 'duplicate');
    case '23P01': // exclusion_violation
      return field(constraintColumnOf(e.constraint, e.table), 'overlaps an existing record', 'conflict', 'duplicate');
    case '23514': // check_violation
      return field(e.column ?? constraintColumnOf(e.constraint, e.table), 'is not an allowed value', 'validation_failed', 'not_allowed_value');
    case '23502': // not_null_violation
      return field(e.column ?? null, 'is required', 'validation_failed', 'required');
    case '22001': // string_data_right_truncation
      return field(e.column ?? null, 'is too long', 'validation_failed', 'too_big');
    case '22003': // numeric_value_out_of_range
      return field(e.column ?? null, 'is out of range');
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
      return new AppError('conflict', 'The request collided with another change; try again.');
    case '57014': // query_canceled: the statement timeout (30 s) cut it off — not the caller's input, nor a fault
      return new AppError('timed_out', 'The request needed more than the database allows for one statement; narrow the period or the filters, or try again later.');
    case '54000': // program_limit_exceeded
      return new AppError('validation_failed', 'A value is too large to be processed.');
  }
  // class 22, data exceptions: malformed text, dates, numbers, characters
  if (code.startsWith('22')) return field(e.column ?? null, 'is malformed or out of range', 'validation_failed', 'invalid_format');
  return null;
}
