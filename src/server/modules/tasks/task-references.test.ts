import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbProblemOf } from '../../http/errors.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

/**
 * Migration 0201: the references of tasks (customer, owner, creator, completer) are checked once per
 * statement instead of by four row-level foreign keys — the same refusals, for every row.
 */
let t: TestApp;
let rep: { id: string; token: string };
let customerId: string;
beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('ref.rep', ['sales']);
  customerId = (await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name: '任务引用测试有限公司', customerType: 'direct' } })).json<{ id: string }>().id;
});
afterAll(async () => t?.close());

const q = (text: string, values: unknown[] = []) => t.database.ownerPool.query(text, values);
const insertTask = (customer: string | null, owner: string, extra = '') =>
  q(`INSERT INTO tasks (kind, customer_id, owner_id, title, received_on, due_on, created_at${extra ? ', created_by' : ''}) VALUES ('next_step', $1, $2, '引用测试', '2026-01-05', '2026-01-06', now()${extra ? `, ${extra}` : ''}) RETURNING id`, [customer, owner]);
const failure = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (err: unknown) => err as { code: string; constraint: string; detail: string });
  expect(e).not.toBeNull();
  return { code: e!.code, constraint: e!.constraint, detail: e!.detail };
};
/** A user nothing but the test's tasks refers to. */
const bareUser = async (name: string) =>
  (await q(`INSERT INTO users (username, display_name, department_id, roles, password_hash) SELECT $1, $1, department_id, '{sales}', 'x' FROM users WHERE id = $2 RETURNING id::text`, [name, rep.id])).rows[0].id as string;

describe('REL-5 PLT-8 the references of tasks, checked per statement (migration 0201)', () => {
  it('REL-5 PLT-8 a task naming a missing customer or user is refused as the foreign keys refused it (23503, constraint, detail; a 400 naming the field), the whole statement with it', async () => {
    expect(await failure(insertTask('987654321', rep.id))).toEqual({ code: '23503', constraint: 'tasks_customer_id_fkey', detail: 'Key (customer_id)=(987654321) is not present in table "customers".' });
    expect(await failure(insertTask(customerId, '987654321'))).toEqual({ code: '23503', constraint: 'tasks_owner_id_fkey', detail: 'Key (owner_id)=(987654321) is not present in table "users".' });
    expect(await failure(insertTask(customerId, rep.id, '987654320'))).toEqual({ code: '23503', constraint: 'tasks_created_by_fkey', detail: 'Key (created_by)=(987654320) is not present in table "users".' });
    const problem = dbProblemOf(await insertTask(null, '987654321').catch((e: unknown) => e));
    expect(problem?.details).toMatchObject({ errors: [{ path: 'ownerId', code: 'dangling_reference' }] });
    // one good row beside a bad one: nothing is written
    const before = Number((await q('SELECT count(*) FROM tasks')).rows[0].count);
    await failure(q(`INSERT INTO tasks (kind, customer_id, owner_id, title, received_on, due_on, created_at) VALUES ('next_step', $1, $2, '好', '2026-01-05', '2026-01-06', now()), ('next_step', $1, 987654321, '坏', '2026-01-05', '2026-01-06', now())`, [customerId, rep.id]));
    expect(Number((await q('SELECT count(*) FROM tasks')).rows[0].count)).toBe(before);
    // existing references pass, a task about no customer too
    expect((await insertTask(customerId, rep.id, rep.id)).rowCount).toBe(1);
    expect((await insertTask(null, rep.id)).rowCount).toBe(1);
  });

  it('REL-5 PLT-8 an update is checked on the references it changes: a missing owner, completer or customer is refused, other changes pass', async () => {
    const id = (await insertTask(customerId, rep.id)).rows[0].id as string;
    expect(await failure(q('UPDATE tasks SET owner_id = 987654321 WHERE id = $1', [id]))).toMatchObject({ code: '23503', constraint: 'tasks_owner_id_fkey' });
    expect(await failure(q('UPDATE tasks SET completed_by = 987654321, completed_at = now() WHERE id = $1', [id]))).toMatchObject({ code: '23503', constraint: 'tasks_completed_by_fkey' });
    expect(await failure(q('UPDATE tasks SET customer_id = 987654321 WHERE id = $1', [id]))).toMatchObject({ code: '23503', constraint: 'tasks_customer_id_fkey' });
    expect((await q(`UPDATE tasks SET title = '改名', completed_by = $2, completed_at = now() WHERE id = $1`, [id, rep.id])).rowCount).toBe(1);
  });

  it('REL-5 PLT-8 a user a task refers to cannot be deleted (the task locks it while its transaction runs); without tasks it can', async () => {
    const owner = await bareUser('ref.bare.owner');
    const taskId = (await insertTask(customerId, owner)).rows[0].id as string;
    expect(await failure(q('DELETE FROM users WHERE id = $1', [owner]))).toEqual({ code: '23503', constraint: 'tasks_owner_id_fkey', detail: `Key (id)=(${owner}) is still referenced from table "tasks".` });
    const completer = await bareUser('ref.bare.completer');
    await q('UPDATE tasks SET completed_by = $2, completed_at = now() WHERE id = $1', [taskId, completer]);
    expect(await failure(q('DELETE FROM users WHERE id = $1', [completer]))).toMatchObject({ code: '23503', constraint: 'tasks_completed_by_fkey' });
    // a transaction writing a task for a user holds it: a concurrent delete waits
    const other = await bareUser('ref.bare.other');
    const a = await t.database.ownerPool.connect();
    const b = await t.database.ownerPool.connect();
    try {
      await a.query('BEGIN');
      await a.query(`INSERT INTO tasks (kind, owner_id, title, received_on, due_on, created_at) VALUES ('next_step', $1, '锁定测试', '2026-01-05', '2026-01-06', now())`, [other]);
      await b.query(`SET lock_timeout = '300ms'`);
      expect(await failure(b.query('DELETE FROM users WHERE id = $1', [other]))).toMatchObject({ code: '55P03' });
      await a.query('ROLLBACK');
      await b.query('RESET lock_timeout');
      expect((await b.query('DELETE FROM users WHERE id = $1', [other])).rowCount).toBe(1);
    } finally {
      a.release();
      b.release();
    }
  });
});
