/** Building blocks shared by every resource schema (PLT-3). */
import { z } from 'zod';

export const idSchema = z.string().regex(/^[0-9]{1,18}$/, 'must be an id').describe('Opaque id');
export const idParams = z.strictObject({ id: idSchema });

/** Trimmed single-line text with a hard maximum. */
/** No control characters (tab, line feed, carriage return allowed): a pattern, so the OpenAPI document shows it. */
export const noControlCharacters = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/;
export const text = (max: number) => z.string().max(max).regex(noControlCharacters, 'must not contain control characters');
export const requiredText = (max: number) => text(max).regex(/\S/, 'must not be empty');

export const timestamp = z.string().describe('ISO 8601 timestamp');
export const isoDateTime = z.iso.datetime({ offset: true });

export const limitSchema = z.coerce.number().int().min(1).max(200).default(50);
export const cursorSchema = z.string().max(200).regex(/^[A-Za-z0-9_-]*$/, 'must be a cursor from nextCursor');
export const sortSchema = (fields: readonly [string, ...string[]]) =>
  z
    .string()
    .max(60)
    .regex(new RegExp(`^(${fields.join('|')}):(asc|desc)$`), `must be one of ${fields.join(', ')} with :asc or :desc`);

export const listQueryBase = { limit: limitSchema, cursor: cursorSchema.optional() };

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const okSchema = z.object({ ok: z.literal(true) });
