import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { withGenericPlans } from './connect.js';
import { createStatementNamer } from './prepared.js';

describe('PLT-7 named prepared statements for repeated statements', () => {
  it('PLT-7 a text is named from its second run on, transaction control never, and at most maxNamed texts', () => {
    const n = createStatementNamer({ maxNamed: 2 });
    expect(n.nameFor('select 1')).toBeUndefined();
    const a = n.nameFor('select 1');
    expect(a).toMatch(/^kedang_/);
    expect(n.nameFor('select 1')).toBe(a);
    for (const t of ['begin', 'COMMIT', 'rollback', 'SET LOCAL work_mem = 1', 'savepoint x', 'LISTEN x']) {
      expect(n.nameFor(t)).toBeUndefined();
      expect(n.nameFor(t)).toBeUndefined();
    }
    n.nameFor('select 2');
    const b = n.nameFor('select 2');
    expect(b).toBeDefined();
    expect(b).not.toBe(a);
    n.nameFor('select 3');
    expect(n.nameFor('select 3')).toBeUndefined(); // the cap: 2 texts
    expect(n.named).toBe(2);
  });

  it('PLT-7 a retired text gets a new name, never its old one', () => {
    const n = createStatementNamer();
    n.nameFor('select 1');
    const a = n.nameFor('select 1');
    n.retire('select 1');
    n.nameFor('select 1');
    const b = n.nameFor('select 1');
    expect(b).toBeDefined();
    expect(b).not.toBe(a);
  });

  describe('on a real pool', () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase();
    });
    afterAll(async () => t?.drop());

    it('PLT-7 repeated statements run prepared on their connection with the same answers; transactions still work', async () => {
      const client = await t.pool.connect();
      try {
        for (let i = 0; i < 4; i++) expect((await client.query('SELECT $1::int + 1 AS n', [i])).rows).toEqual([{ n: i + 1 }]);
        const named = await client.query<{ name: string; statement: string }>(`SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'kedang!_%' ESCAPE '!'`);
        expect(named.rows.map((r) => r.statement)).toContain('SELECT $1::int + 1 AS n');
      } finally {
        client.release();
      }
      const ok = await t.db.transaction().execute(async (tx) => {
        for (let i = 0; i < 3; i++) await sql`SELECT ${i}::int AS n`.execute(tx);
        return (await sql<{ n: number }>`SELECT ${1}::int + 1 AS n`.execute(tx)).rows[0]!.n;
      });
      expect(ok).toBe(2);
    });

    it('PLT-7 a table changed under a prepared statement fails that run only; the next runs prepare it afresh', async () => {
      const client = await t.pool.connect();
      try {
        await client.query('CREATE TEMP TABLE prep_probe (a int)');
        await client.query('INSERT INTO prep_probe VALUES (1)');
        const q = 'SELECT * FROM prep_probe WHERE a = $1';
        expect((await client.query(q, [1])).rows).toEqual([{ a: 1 }]);
        expect((await client.query(q, [1])).rows).toEqual([{ a: 1 }]); // named from here on
        await client.query('ALTER TABLE prep_probe ADD COLUMN b int');
        await expect(client.query(q, [1])).rejects.toThrow(/cached plan must not change result type/);
        await client.query(q, [1]); // seen once more under no name
        expect((await client.query(q, [1])).rows).toEqual([{ a: 1, b: null }]);
      } finally {
        client.release(true);
      }
    });

    it('PLT-7 withGenericPlans: its statements run planned once for any parameters (force_generic_plan) as the app role; other statements and transactions keep PostgreSQL’s own choice', async () => {
      const mode = async (db: typeof t.db) => (await sql<{ mode: string; role: string }>`SELECT current_setting('plan_cache_mode') AS mode, current_user AS role`.execute(db)).rows[0];
      expect(await mode(withGenericPlans(t.db))).toEqual({ mode: 'force_generic_plan', role: 'kedang_app' });
      expect(withGenericPlans(withGenericPlans(t.db))).toBe(withGenericPlans(t.db));
      expect(await mode(t.db)).toEqual({ mode: 'auto', role: 'kedang_app' });
      await t.db.transaction().execute(async (tx) => {
        expect(withGenericPlans(tx)).toBe(tx); // a transaction's statements stay on its own connection
        expect(await mode(withGenericPlans(tx))).toEqual({ mode: 'auto', role: 'kedang_app' });
      });
      // repeated, it is a named statement there too, and answers as the same statement does elsewhere
      for (let i = 0; i < 7; i++) {
        const q = (db: typeof t.db) => sql<{ n: number }>`SELECT count(*)::int AS n FROM generate_series(1, 10) g WHERE g > ${i}`.execute(db);
        expect((await q(withGenericPlans(t.db))).rows).toEqual((await q(t.db)).rows);
      }
    });
  });
});
