import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineParameters, transactionCommittingWith, withoutLiterals } from './inline-sql.js';
import type { DB } from './schema.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';

describe('PLT-7 a statement with its parameters written in', () => {
  it('PLT-7 each parameter as node-postgres would send it, quoted; what it would not send as text is refused', () => {
    const at = new Date('2026-12-07T08:09:10.123Z');
    const out = inlineParameters('SELECT $1, $2::int, $3, $4, $10', ["it's", 42, at, null, 'x', 'x', 'x', 'x', 'x', 'tenth']);
    expect(out).toMatch(/^SELECT 'it''s', '42'::int, '2026-12-07T\d\d:\d\d:10\.123[+-]\d\d:\d\d', NULL, 'tenth'$/);
    expect(new Date(/'(2026[^']+)'/.exec(out)![1]!).getTime()).toBe(at.getTime());
    expect(inlineParameters('SELECT $1', ['a\\b'])).toBe("SELECT  E'a\\\\b'");
    expect(inlineParameters('SELECT $1::jsonb, $2', [{ a: "b'c" }, [1, 'x']])).toBe(`SELECT '{"a":"b''c"}'::jsonb, '{"1","x"}'`);
    expect(() => inlineParameters('SELECT $1', [Buffer.from('x')])).toThrow(/\$1 is binary/);
    expect(() => inlineParameters('SELECT $1', [Number.NaN])).toThrow(/\$1/);
    expect(() => inlineParameters('SELECT $1', [new Date('x')])).toThrow(/\$1 is an invalid date/);
    expect(() => inlineParameters('SELECT $1', ['a\u0000b'])).toThrow(/NUL/);
    expect(() => inlineParameters('SELECT $2', ['only one'])).toThrow(/\$2 has no parameter/);
  });

  it('PLT-7 placeholders inside quotes stay; dollar-quoted bodies and comments are refused', () => {
    expect(inlineParameters(`SELECT '$1 costs', "col$1", $1`, ['v'])).toBe(`SELECT '$1 costs', "col$1", 'v'`);
    expect(() => inlineParameters('DO $$ BEGIN PERFORM $1; END $$', ['v'])).toThrow(/dollar-quoted/);
    expect(() => inlineParameters('SELECT $1 -- note', ['v'])).toThrow(/comment/);
    expect(() => inlineParameters('SELECT /* $1 */ 1', ['v'])).toThrow(/comment/);
  });

  it('PLT-7 logs carry no literal, whatever the quoting, in linear time', () => {
    expect(withoutLiterals("INSERT INTO t VALUES ('张三', E'a\\\\b''c', '{\"x\":1}'::jsonb, 3)")).toBe("INSERT INTO t VALUES ('…', '…', '…'::jsonb, 3)");
    expect(withoutLiterals("SELECT 'C:\\', 'secret', 'x'")).toBe("SELECT '…', '…', '…'");
    const t0 = performance.now();
    withoutLiterals(`'${"\\'".repeat(40_000)}`);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  describe('against PostgreSQL', () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase();
    });
    afterAll(async () => {
      await t?.drop();
    });

    it('PLT-7 the written-in statement answers what the parameterised one answers, for awkward values', async () => {
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      try {
        const text = `SELECT $1::text AS s, $2::jsonb AS j, $3::timestamptz AS at, $4::bigint AS n, $5::text AS nothing, $6::bool AS b, length($7) AS len`;
        const values = ["引号' 反斜杠\\ $1 ;--", JSON.stringify({ name: "O'Brien \\ \"q\"", list: [1, '二'] }), new Date('2026-02-28T23:59:59.999Z'), '9007199254740993', null, true, '多字节文字'];
        const expected = (await client.query(text, values)).rows[0];
        const inlined = (await client.query(`${inlineParameters(text, values)}; SELECT 1 AS after`)) as unknown as pg.QueryResult[];
        expect(inlined).toHaveLength(2);
        expect(inlined[0]!.rows[0]).toEqual(expected);
        expect(inlined[1]!.rows[0]).toEqual({ after: 1 });
      } finally {
        await client.end();
      }
    });
    it('PLT-7 ARC-2 a transaction whose last statement travels with its COMMIT: one message, committed; a failing last statement rolls all back', async () => {
      const sent: string[] = [];
      const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: t.pool }), log: (e) => void sent.push(e.query.sql) });
      const counter = (prefix: string) => db.selectFrom('archive_counters').select('last').where('prefix', '=', prefix).executeTakeFirst();
      const done = await transactionCommittingWith(db, async (tx) => {
        await tx.insertInto('archive_counters').values({ prefix: 'ZZ', year: 2026, last: 1 }).execute();
        return { result: 'ok', last: sql`UPDATE archive_counters SET last = ${5} WHERE prefix = ${'ZZ'}` };
      });
      expect(done).toBe('ok');
      expect(sent).toHaveLength(3);
      expect(sent[0]).toBe('BEGIN');
      expect(sent[2]).toBe(`UPDATE archive_counters SET last = '5' WHERE prefix = 'ZZ'; COMMIT`);
      expect(await counter('ZZ')).toEqual({ last: 5 });
      await expect(
        transactionCommittingWith(db, async (tx) => {
          await tx.insertInto('archive_counters').values({ prefix: 'ZY', year: 2026, last: 1 }).execute();
          return { result: 'never', last: sql`UPDATE archive_counters SET last = ${1} / 0 WHERE prefix = ${'ZY'}` };
        }),
      ).rejects.toThrow(/division by zero/);
      expect(await counter('ZY')).toBeUndefined();
      // the connection went back outside any transaction: a statement after it is its own
      await db.insertInto('archive_counters').values({ prefix: 'ZX', year: 2026, last: 1 }).execute();
      expect(await counter('ZX')).toEqual({ last: 1 });
    });
  });
});
