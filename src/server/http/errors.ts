/** One error type for the server, and the one exhaustive mapping of its codes to HTTP problems (PLT-3). */
import type { ErrorCode, FieldError, Problem } from '../../contract/errors.js';

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
