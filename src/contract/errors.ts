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
  'internal', // 500
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
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
