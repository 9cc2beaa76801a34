/**
 * PLT-7 EVA-7 REL-2: the ABC run writes the contact states of the customers it reclassifies in one
 * statement (the row trigger customers_contact_state_updated skips them, migration 0216). The run
 * must leave exactly what the row-by-row path leaves: each run here happens in a transaction that
 * is rolled back, once through the row trigger and once in bulk, from the same state.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { systemActor } from '../audit/audit.types.js';
import { runAbcIn } from './abc.service.js';

let t: TestApp;
const ids: string[] = [];
const AT = new Date('2026-05-06T10:00:00+08:00');

class Rollback extends Error {}

/** Everything one run writes, read in its transaction before it is rolled back (ids of new rows left out: sequences do not roll back). */
async function outcome(db: Kysely<DB>, rowByRow: boolean) {
  let out: Record<string, unknown> | null = null;
  await db.transaction().execute(async (tx) => {
    const h0 = (await sql<{ m: string }>`SELECT coalesce(max(id), 0)::text AS m FROM customer_history`.execute(tx)).rows[0]!.m;
    const a0 = (await sql<{ m: string }>`SELECT coalesce(max(id), 0)::text AS m FROM audit_events`.execute(tx)).rows[0]!.m;
    const r = await runAbcIn(tx, systemActor, AT, { rowByRow });
    out = {
      result: { ...r, id: undefined },
      customers: (await sql`SELECT id, abc_class, version, updated_at FROM customers ORDER BY id`.execute(tx)).rows,
      contactStates: (await sql`SELECT * FROM contact_states ORDER BY customer_id`.execute(tx)).rows,
      history: (await sql`SELECT customer_id, version, entity, entity_id, changes, snapshot, actor_id, at FROM customer_history WHERE id > ${h0}::bigint ORDER BY customer_id, id`.execute(tx)).rows,
      audit: (await sql`SELECT action, entity_type, data - 'runId' AS data FROM audit_events WHERE id > ${a0}::bigint ORDER BY id`.execute(tx)).rows,
      writeLog: (await sql`SELECT domain FROM analytics_write_log WHERE xid = pg_current_xact_id() ORDER BY domain`.execute(tx)).rows,
      scores: (await sql`SELECT customer_id, composite, rank, computed_class FROM abc_scores ORDER BY customer_id`.execute(tx)).rows,
      tasks: (await sql`SELECT count(*)::int AS n FROM tasks`.execute(tx)).rows,
    };
    throw new Rollback();
  }).catch((e) => {
    if (!(e instanceof Rollback)) throw e;
  });
  return out!;
}

beforeAll(async () => {
  t = await createTestApp();
  const sales = await t.createUser('xiaoshou.abcbulk', ['sales']);
  for (let i = 0; i < 14; i++) {
    const r = await t.request('POST', '/api/v1/customers', { token: sales.token, body: { name: `分类批量测试${i}号有限公司`, customerType: 'direct', confirmDuplicate: true } });
    expect(r.statusCode, r.body).toBe(201);
    ids.push(r.json<{ id: string }>().id);
  }
}, 120_000);
afterAll(async () => t?.close());

describe('PLT-7 EVA-7 REL-2 ABC run in bulk', () => {
  it('PLT-7 EVA-7 REL-2 a bulk run leaves what the row-by-row run leaves: classes, contact states (cadence, next due, owner, tier), history, audit, write log', async () => {
    const db = t.database.db;
    // a first classification: every class is new (most become C, whose cadence is the unclassified one's)
    const first = [await outcome(db, true), await outcome(db, false)];
    expect(first[0]!.result).toMatchObject({ changed: 14 });
    expect(first[1]).toEqual(first[0]);

    // a reclassification with contact states of every kind: contacted (cadence from the last
    // contact), never contacted (from the filing day), missing (created), owner and tier out of date
    await sql`UPDATE customers SET abc_class = CASE WHEN id % 3 = 0 THEN 'A' WHEN id % 3 = 1 THEN 'B' ELSE 'C' END, tier = CASE WHEN id % 2 = 0 THEN 'key' END`.execute(db);
    // unclassified ones: the run changes them for sure
    await sql`UPDATE customers SET abc_class = NULL WHERE id = ANY(${ids.slice(5, 9)}::bigint[])`.execute(db);
    await sql`UPDATE contact_states SET last_call_at = '2026-04-20T03:00:00Z', last_visit_at = '2026-03-02T03:00:00Z' WHERE customer_id = ANY(${ids.slice(0, 5)}::bigint[])`.execute(db);
    await sql`DELETE FROM contact_states WHERE customer_id = ANY(${ids.slice(5, 7)}::bigint[])`.execute(db);
    await sql`UPDATE contact_states SET owner_id = NULL, tier = 'big' WHERE customer_id = ANY(${ids.slice(7, 9)}::bigint[])`.execute(db);
    const before = (await sql`SELECT * FROM contact_states ORDER BY customer_id`.execute(db)).rows;
    const [byRow, bulk] = [await outcome(db, true), await outcome(db, false)];
    expect(bulk).toEqual(byRow);
    // not vacuous: the run changed classes, their contact states and history
    expect((byRow.result as { changed: number }).changed).toBeGreaterThan(4);
    expect(byRow.contactStates).not.toEqual(before);
    expect((byRow.contactStates as unknown[]).length).toBe(ids.length);
    expect((byRow.history as unknown[]).length).toBe((byRow.result as { changed: number }).changed);
    expect(byRow.writeLog).toEqual([{ domain: 'attributes' }]);
    expect(byRow.audit).toEqual([expect.objectContaining({ action: 'abc.classified', entity_type: 'abc_run' })]);
  });

  it('PLT-7 REL-2 outside the run a class change still recomputes the contact state row by row', async () => {
    const db = t.database.db;
    const id = ids[10]!;
    await sql`UPDATE customers SET abc_class = 'C' WHERE id = ${id}::bigint`.execute(db);
    const c = await db.selectFrom('contact_states').select('next_visit_due').where('customer_id', '=', id).executeTakeFirstOrThrow();
    await sql`UPDATE customers SET abc_class = 'A' WHERE id = ${id}::bigint`.execute(db);
    const a = await db.selectFrom('contact_states').select('next_visit_due').where('customer_id', '=', id).executeTakeFirstOrThrow();
    // C visits every 120 days, A every 60 (migration 0080's policies)
    expect(Date.parse(c.next_visit_due as string) - Date.parse(a.next_visit_due as string)).toBe(60 * 86_400_000);
  });
});
