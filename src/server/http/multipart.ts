/**
 * Reading a multipart/form-data upload (routes with `multipart` in the route table): the text
 * fields are collected and validated against the route's schema, the one `file` part is handed
 * to `receive` as a stream while it arrives — whatever the order of the parts. Whatever goes
 * wrong (a bad field, a second file, a truncated value, a broken body) comes out as an AppError,
 * after `discard` has removed what was received.
 */
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { AppError } from './errors.js';
import { textFieldErrors } from './text-rules.js';
import { fieldErrorsOf } from './validation.js';

export type UploadedPart = { stream: Readable & { truncated?: boolean }; filename: string; mimetype: string };

export async function readUpload<S extends z.ZodObject, R>(
  req: FastifyRequest,
  schema: S,
  receive: (file: UploadedPart) => Promise<R>,
  discard: (received: R) => Promise<void>,
  /** A route's own file size limit, when it differs from KEDANG_UPLOAD_LIMIT_MB (imports). */
  limits?: { fileSize: number },
): Promise<{ fields: z.infer<S>; file: R }> {
  const raw: Record<string, string> = {};
  let received: { value: R } | null = null;
  try {
    for await (const part of req.parts(limits ? { limits } : undefined)) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw fieldProblem(part.fieldname, 'is not a known field (send the file as `file`)');
        if (received) throw fieldProblem('file', 'send one file per upload');
        received = { value: await receive({ stream: part.file, filename: part.filename, mimetype: part.mimetype }) };
      } else {
        if (part.fieldnameTruncated || part.valueTruncated) throw new AppError('payload_too_large', `${part.fieldname}: the value is too long`, { errors: [{ path: part.fieldname, message: 'is too long' }] });
        if (Object.hasOwn(raw, part.fieldname)) throw fieldProblem(part.fieldname, 'is given twice');
        raw[part.fieldname] = String(part.value);
      }
    }
    if (!received) throw fieldProblem('file', 'is required (a multipart part named `file`)');
    const textErrors = textFieldErrors(raw);
    if (textErrors.length > 0) throw new AppError('validation_failed', textErrors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors: textErrors });
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const errors = fieldErrorsOf(parsed.error.issues);
      throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
    }
    return { fields: parsed.data, file: received.value };
  } catch (e) {
    if (received) await discard(received.value);
    throw asUploadError(e);
  }
}

const fieldProblem = (path: string, message: string) => new AppError('validation_failed', `${path}: ${message}`, { errors: [{ path, message }] });

/** Errors of the multipart parser carry a status (413 limits, 400 prototype names); busboy's own do not. */
function asUploadError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const err = e as { statusCode?: number; code?: string; message?: string };
  if (err.statusCode === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE') return new AppError('payload_too_large', 'file: larger than the upload limit', { errors: [{ path: 'file', message: 'is too large', code: 'file_too_large' }] });
  if (err.statusCode !== undefined && err.statusCode >= 500) return e;
  return new AppError('malformed_request', `The multipart body could not be read${err.message ? ` (${err.message})` : ''}.`);
}
