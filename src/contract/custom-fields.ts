/** Custom fields an administrator adds to the archive (ARC-1): text, number, date, single or multiple choice. */
import { z } from 'zod';
import { idSchema, requiredText, timestamp } from './common.js';

export const customFieldTypes = ['text', 'number', 'date', 'single', 'multi'] as const;
export const customFieldKey = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/, 'must start with a lower-case letter: letters, digits, underscore, at most 40');

export const customFieldSchema = z.object({
  id: idSchema,
  key: z.string(),
  label: z.string(),
  type: z.enum(customFieldTypes),
  options: z.array(z.string()),
  required: z.boolean(),
  disabled: z.boolean(),
  createdAt: timestamp,
  version: z.number().int(),
});
export type CustomField = z.infer<typeof customFieldSchema>;

const options = z.array(requiredText(100)).max(100);
export const createCustomFieldBody = z
  .strictObject({
    key: customFieldKey,
    label: requiredText(60),
    type: z.enum(customFieldTypes),
    options: options.optional(),
    required: z.boolean().optional(),
  })
  .refine((b) => (b.type === 'single' || b.type === 'multi' ? (b.options?.length ?? 0) > 0 : !b.options?.length), { path: ['options'], message: 'choice fields need options; other types take none' });
export const updateCustomFieldBody = z.strictObject({
  version: z.number().int().min(0),
  label: requiredText(60).optional(),
  options: options.optional(),
  required: z.boolean().optional(),
  disabled: z.boolean().optional(),
});
