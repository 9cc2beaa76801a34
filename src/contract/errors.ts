/** Closed set of error codes; the server maps each to one HTTP status (server/http/errors.ts). */
import { z } from 'zod';

export const errorCodes = [
  'validation_failed', // 400
  'malformed_request', // 400
  'not_authenticated', // 401
  'forbidden', // 403
  'not_found', // 404 (also: not visible)
  'conflict', // 409
  'stale_version', // 409
  'payload_too_large', // 413
  'unsupported_media_type', // 415
  'rule_violation', // 422
  'rate_limited', // 429
  'timed_out', // 503: the database cut the statement off at its time limit
  'internal', // 500
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * Stable codes of field errors (issue 17 item 5): clients render `code` with `params` in the
 * user's language; `message` stays the English text for logs and scripts.
 */
export const fieldErrorCodes = [
  'required', // a required value is missing
  'invalid_type', // wrong JSON type
  'too_small', // params.minimum (length, count or value)
  'too_big', // params.maximum
  'invalid_format', // does not match the expected form (date, id, pattern, e-mail)
  'invalid_value', // not one of params.values
  'unknown_field', // a field the endpoint does not take
  'control_characters', // text holds control characters
  'invalid_unicode', // broken Unicode (unpaired surrogate)
  'invalid_utf8', // the body is not valid UTF-8 here
  'blank_name', // a name made only of invisible characters
  'direction_override', // a name with text-direction control characters
  'dangling_reference', // names a record that does not exist
  'duplicate', // already taken by another record
  'not_allowed_value', // refused by a check of the database
  'invalid', // any other rule; the message says which
  'file_type_refused', // an upload of a type that is not accepted: params.type (ARC-6)
  'markup_refused', // an upload of HTML, SVG or XML
  'file_type_unknown', // an upload whose type its content does not reveal
  'file_too_large', // an upload over the limit: params.maximum in MB when known
  'unknown_industry', // not a GB/T 4754—2017 大类 code (or, where a filter allows it, 门类 letter): ARC-1
] as const;
export type FieldErrorCode = (typeof fieldErrorCodes)[number];

export const fieldErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
  code: z.enum(fieldErrorCodes).optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).optional(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem document. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.enum(errorCodes),
    rule: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .passthrough();
export type Problem = z.infer<typeof problemSchema>;
