/** Administrator-defined archive fields (ARC-1). */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { createCustomFieldBody, CustomField, updateCustomFieldBody } from '../../../contract/custom-fields.js';
import type { DB } from '../../db/schema.js';
import { AppError, notFound, staleVersion } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { checkCustomValues, type CustomValue } from './custom-fields.rules.js';

type Row = { id: string; key: string; label: string; type: string; options: string[]; required: boolean; disabled: boolean; created_at: Date; version: number };
const toField = (r: Row): CustomField => ({ id: r.id, key: r.key, label: r.label, type: r.type as CustomField['type'], options: r.options, required: r.required, disabled: r.disabled, createdAt: r.created_at.toISOString(), version: r.version });

export async function listCustomFields(db: Kysely<DB>): Promise<CustomField[]> {
  return ((await db.selectFrom('custom_fields').selectAll().orderBy('id').execute()) as Row[]).map(toField);
}

export async function createCustomField(db: Kysely<DB>, input: z.infer<typeof createCustomFieldBody>, actor: Actor): Promise<CustomField> {
  return db.transaction().execute(async (tx) => {
    if (await tx.selectFrom('custom_fields').select('id').where('key', '=', input.key).executeTakeFirst()) {
      throw new AppError('conflict', 'key: a custom field with this key exists', { errors: [{ path: 'key', message: 'is already used' }] });
    }
    const row = (await tx.insertInto('custom_fields').values({ key: input.key, label: input.label.trim(), type: input.type, options: input.options ?? [], required: input.required ?? false }).returningAll().executeTakeFirstOrThrow()) as Row;
    await recordAudit(tx, actor, { action: 'custom_field.created', entityType: 'custom_field', entityId: row.id, data: { key: row.key, type: row.type } });
    return toField(row);
  });
}

export async function updateCustomField(db: Kysely<DB>, id: string, input: z.infer<typeof updateCustomFieldBody>, actor: Actor): Promise<CustomField> {
  return db.transaction().execute(async (tx) => {
    const before = (await tx.selectFrom('custom_fields').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) as Row | undefined;
    if (!before) throw notFound('custom field');
    if (before.version !== input.version) throw staleVersion('field', input.version);
    const { version: _v, ...patch } = input;
    if (patch.options && (before.type === 'single' || before.type === 'multi') && patch.options.length === 0) throw new AppError('validation_failed', 'options: a choice field needs options', { errors: [{ path: 'options', message: 'must not be empty' }] });
    if (patch.options && before.type !== 'single' && before.type !== 'multi') throw new AppError('validation_failed', 'options: only choice fields take options', { errors: [{ path: 'options', message: 'only for choice fields' }] });
    const row = (await tx.updateTable('custom_fields').set({ ...patch, version: sql`version + 1` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()) as Row;
    await recordAudit(tx, actor, { action: 'custom_field.updated', entityType: 'custom_field', entityId: id, data: { fields: Object.keys(patch) } });
    return toField(row);
  });
}

/** Throws a 400 naming each bad `custom.<key>`. */
export async function validateCustomValues(db: Kysely<DB>, values: Record<string, CustomValue> | undefined, creating: boolean) {
  const defs = await listCustomFields(db);
  const errors = checkCustomValues(defs, values, creating);
  if (errors.length) throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
}
