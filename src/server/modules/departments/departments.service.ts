/** Departments form a tree (SEC-1): create, rename, move, disable. */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { createDepartmentBody, Department, departmentListQuery, updateDepartmentBody } from '../../../contract/users.js';
import type { DB } from '../../db/schema.js';
import { decodeCursor, encodeCursor, parseSort } from '../../http/cursor.js';
import { AppError, fieldError, notFound, staleVersion } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { wouldCreateCycle } from './departments.rules.js';

type Row = { id: string; name: string; parent_id: string | null; disabled: boolean; created_at: Date; version: number; manager_id: string | null; manager_name: string | null };
const toDepartment = (r: Row): Department => ({
  id: r.id,
  name: r.name,
  parentId: r.parent_id,
  disabled: r.disabled,
  createdAt: r.created_at.toISOString(),
  version: r.version,
  managerId: r.manager_id,
  managerName: r.manager_name,
});
const columns = ['id', 'name', 'parent_id', 'disabled', 'created_at', 'version', 'manager_id', sql<string | null>`(SELECT m.display_name FROM users m WHERE m.id = departments.manager_id)`.as('manager_name')] as const;

export async function getDepartment(db: Kysely<DB>, id: string): Promise<Department> {
  const r = await db.selectFrom('departments').select(columns).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('department');
  return toDepartment(r);
}

const nameTaken = () => new AppError('conflict', 'name: a sibling department already has this name', { errors: [{ path: 'name', message: 'is already used by a sibling department' }] });

async function siblingNameExists(db: Kysely<DB>, name: string, parentId: string | null, exceptId?: string) {
  let q = db.selectFrom('departments').select('id').where(sql<string>`lower(name)`, '=', name.toLowerCase());
  q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function createDepartment(db: Kysely<DB>, input: z.infer<typeof createDepartmentBody>, actor: Actor): Promise<Department> {
  const parentId = input.parentId ?? null;
  const name = input.name.trim();
  return db.transaction().execute(async (tx) => {
    if (parentId !== null && !(await tx.selectFrom('departments').select('id').where('id', '=', parentId).executeTakeFirst())) {
      throw fieldError('parentId', 'no such department');
    }
    if (await siblingNameExists(tx, name, parentId)) throw nameTaken();
    const row = await tx.insertInto('departments').values({ name, parent_id: parentId }).returning(columns).executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'department.created', entityType: 'department', entityId: row.id, data: { name, parentId } });
    return toDepartment(row);
  });
}

export async function updateDepartment(db: Kysely<DB>, id: string, input: z.infer<typeof updateDepartmentBody>, actor: Actor): Promise<Department> {
  return db.transaction().execute(async (tx) => {
    // Lock the tree while moving, so two concurrent moves cannot form a cycle.
    await sql`LOCK TABLE departments IN SHARE ROW EXCLUSIVE MODE`.execute(tx);
    const before = await tx.selectFrom('departments').select(columns).where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound('department');
    if (before.version !== input.version) throw staleVersion('department', input.version);
    const name = input.name?.trim() ?? before.name;
    const parentId = input.parentId === undefined ? before.parent_id : input.parentId;
    if (parentId !== before.parent_id && parentId !== null) {
      const all = await tx.selectFrom('departments').select(['id', 'parent_id']).execute();
      if (!all.some((d) => d.id === parentId)) throw fieldError('parentId', 'no such department');
      if (wouldCreateCycle(id, parentId, new Map(all.map((d) => [d.id, d.parent_id])))) {
        throw new AppError('rule_violation', 'parentId: a department cannot move under itself or its own sub-department', { rule: 'SEC-1.department-tree', errors: [{ path: 'parentId', message: 'is inside this department' }] });
      }
    }
    if ((name !== before.name || parentId !== before.parent_id) && (await siblingNameExists(tx, name, parentId, id))) throw nameTaken();
    const managerId = input.managerId === undefined ? before.manager_id : input.managerId;
    if (managerId !== before.manager_id && managerId !== null) {
      const m = await tx.selectFrom('users').select(['id', 'disabled']).where('id', '=', managerId).executeTakeFirst();
      if (!m || m.disabled) throw fieldError('managerId', 'no such active user');
    }
    const row = await tx
      .updateTable('departments')
      .set({ name, parent_id: parentId, disabled: input.disabled ?? before.disabled, manager_id: managerId, version: sql`version + 1` })
      .where('id', '=', id)
      .returning(columns)
      .executeTakeFirstOrThrow();
    const changes: Record<string, unknown> = {};
    if (name !== before.name) changes.name = { from: before.name, to: name };
    if (parentId !== before.parent_id) changes.parentId = { from: before.parent_id, to: parentId };
    if (row.disabled !== before.disabled) changes.disabled = { from: before.disabled, to: row.disabled };
    if (row.manager_id !== before.manager_id) changes.managerId = { from: before.manager_id, to: row.manager_id };
    await recordAudit(tx, actor, { action: 'department.updated', entityType: 'department', entityId: id, data: { changes } });
    return toDepartment(row);
  });
}

const sortColumns = { name: 'name', createdAt: 'created_at' } as const;

export async function listDepartments(db: Kysely<DB>, q: z.infer<typeof departmentListQuery>) {
  const sort = parseSort(q.sort, { field: 'name', dir: 'asc' });
  const col = sortColumns[sort.field as keyof typeof sortColumns];
  let query = db.selectFrom('departments').select(columns);
  if (q.includeDisabled !== 'true') query = query.where('disabled', '=', false);
  if (q.parentId) query = query.where('parent_id', '=', q.parentId);
  if (q.q) query = query.where('name', 'ilike', `%${q.q.replace(/[\\%_]/g, '\\$&')}%`);
  const after = decodeCursor(q.cursor, 2);
  if (after) {
    const cmp = sort.dir === 'asc' ? sql`>` : sql`<`;
    const key = col === 'created_at' ? sql`${new Date(String(after[0]))}::timestamptz` : sql`${String(after[0])}`;
    query = query.where(sql<boolean>`(${sql.ref(col)}, id) ${cmp} (${key}, ${String(after[1])}::bigint)`);
  }
  const rows = await query.orderBy(col, sort.dir).orderBy('id', sort.dir).limit(q.limit + 1).execute();
  const pageRows = rows.slice(0, q.limit);
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(toDepartment),
    nextCursor: rows.length > q.limit && last ? encodeCursor([col === 'name' ? last.name : last.created_at.toISOString(), last.id]) : null,
  };
}
