/** zod validation for Fastify: one error that names every bad field (PLT-3, SEC-11). */
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { fieldErrorCodes, type FieldError, type FieldErrorCode } from '../../contract/errors.js';
import { textFieldErrors } from './text-rules.js';

export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(readonly part: string, readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.path || part}: ${e.message}`).join('; '));
  }
}

/** Flattens zod issues into `{ path, message }`; unknown keys become one entry each, named by the key. */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const base = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...base, key].map(String).join('.'), message: 'is not a known field', code: 'unknown_field' });
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0 && issue.errors[0]) {
      out.push(...fieldErrorsOf(issue.errors[0], base));
    } else {
      out.push({ path: base.map(String).join('.'), message: issue.message, ...fieldErrorCodeOf(issue) });
    }
  }
  return out;
}

/** The stable code and parameters of a zod issue (issue 17 item 5; imports code their findings with it too). */
export function fieldErrorCodeOf(issue: z.core.$ZodIssue): Pick<FieldError, 'code' | 'params'> {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? { code: 'required' } : { code: 'invalid_type', params: { expected: String(issue.expected) } };
    case 'too_small':
      return { code: 'too_small', params: { minimum: Number(issue.minimum), origin: String(issue.origin) } };
    case 'too_big':
      return { code: 'too_big', params: { maximum: Number(issue.maximum), origin: String(issue.origin) } };
    case 'invalid_format':
      if (issue.format === 'regex' && /control characters/.test(issue.message)) return { code: 'control_characters' };
      if (issue.format === 'regex' && /must not be empty/.test(issue.message)) return { code: 'required' };
      return { code: 'invalid_format', params: { format: String(issue.format) } };
    case 'invalid_value':
      return { code: 'invalid_value', params: { values: issue.values.map(String) } };
    case 'custom': {
      // a refinement may name its stable code (e.g. `unknown_industry`, ARC-1) in its params
      const named = issue.params?.['fieldErrorCode'];
      return typeof named === 'string' && (fieldErrorCodes as readonly string[]).includes(named) ? { code: named as FieldErrorCode } : { code: 'invalid' };
    }
    default:
      return { code: 'invalid' };
  }
}

export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    // the server-wide text rules first (control characters, broken Unicode, invisible names): they
    // hold for every route whatever its schema says
    const textErrors = textFieldErrors(data, '', httpPart === 'body');
    if (textErrors.length > 0) return { error: new RequestValidationError(httpPart ?? 'request', textErrors) };
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const errors = fieldErrorsOf(result.error.issues);
    return { error: new RequestValidationError(httpPart ?? 'request', errors.map((e) => ({ ...e, path: e.path || httpPart || 'body' })) /* code and params kept: the client renders them (issue 17 item 5) */) };
  };
