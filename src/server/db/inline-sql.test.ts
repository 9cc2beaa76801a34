import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineParameters, withoutLiterals } from './inline-sql.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';

describe('PLT-7 a statement with its parameters written in', () => {
  it('PLT-7 quotes strings, numbers, dates and null; refuses what the driver would send otherwise', () => {
    const at = new Date('2026-12-07T08:09:10.123Z');
    expect(inlineParameters('SELECT $1, $2::int, $3, $4, $10', ["it's", 42, at, null, 'x', 'x', 'x', 'x', 'x', 'tenth'])).toBe(
      "SELECT 'it''s', '42'::int, '2026-12-07T08:09:10.123Z', NULL, 'tenth'",
    );
    expect(inlineParameters('SELECT $1', ['a\\b'])).toBe("SELECT  E'a\\\\b'");
    expect(() => inlineParameters('SELECT $1', [{ a: 1 }])).toThrow(/\$1/);
    expect(() => inlineParameters('SELECT $1', [Buffer.from('x')])).toThrow(/\$1/);
    expect(() => inlineParameters('SELECT $1', [Number.NaN])).toThrow(/\$1/);
    expect(() => inlineParameters('SELECT $2', ['only one'])).toThrow(/\$2 has no parameter/);
  });

  it('PLT-7 logs carry no literal', () => {
    expect(withoutLiterals("INSERT INTO t VALUES ('张三', E'a\\\\b''c', '{\"x\":1}'::jsonb, 3)")).toBe("INSERT INTO t VALUES ('…', '…', '…'::jsonb, 3)");
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
  });
});
