import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSteps } from '../../db/data-migrations.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { PINYIN_TERM_MARK, searchTerms } from './customers.rules.js';

let t: TestApp;
let cs: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  cs = await t.createUser('syllables.cs', ['cs_staff']);
});
afterAll(async () => t?.close());

const create = async (name: string, shortName?: string) => {
  const r = await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name, shortName, customerType: 'direct', confirmDuplicate: true } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string }>().id;
};
const find = async (q: string) => (await t.request('GET', `/api/v1/customers?q=${encodeURIComponent(q)}&limit=50`, { token: cs.token })).json<{ items: { id: string; name: string }[] }>().items;

describe('ARC-11 PLT-7 full pinyin through the syllable index (issue 12)', () => {
  it('ARC-11 PLT-7 an entry from any syllable finds the name, past the 24-letter cut too; the short name’s whole pinyin ranks first, then starts, then the rest', async () => {
    const inMiddle = await create('深圳市华为技术有限公司');
    const shortStart = await create('东莞市华为通信设备有限公司', '华为通信');
    const exact = await create('广州市华为电子科技有限公司', '华为');
    const other = await create('佛山市华夏陶瓷有限公司');
    const ids = (await find('huawei')).map((c) => c.id);
    expect(ids.slice(0, 3)).toEqual([exact, shortStart, inMiddle]);
    expect(ids).not.toContain(other);
    expect((await find('weijishu')).map((c) => c.id)).toEqual([inMiddle]);
    // 27 letters from the third syllable: read by the term's 24 letters, checked against the name
    expect((await find('shihuaweijishuyouxiangongsi')).map((c) => c.id)).toEqual([inMiddle]);
    expect(await find('shihuaweijishuyouxiangongsa')).toEqual([]);
    // an unfinished last syllable still finds it
    expect((await find('huaweitongx')).map((c) => c.id)).toEqual([shortStart]);
    expect(await find('huaweixyz')).toEqual([]);
  });

  it('ARC-11 PLT-7 migration 0190’s data step gives every archive with terms the syllable terms searchTerms derives, and an archive without terms none', async () => {
    const a = await create('杭州市西湖龙井茶业有限公司', '西湖龙井');
    const b = await create('西安先锋机械股份有限公司');
    const merged = await create('宁波市山兴物业管理有限公司');
    const pool = t.database.ownerPool;
    // the state before 0190: no syllable terms; a merged archive has no terms at all
    await pool.query(`DELETE FROM customer_terms WHERE term LIKE ':%'`);
    await pool.query(`DELETE FROM customer_terms WHERE customer_id = $1`, [merged]);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await dataSteps[190]!(client, () => {});
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const syllables = async (id: string) => (await pool.query<{ term: string; rank: number; name_len: number }>(`SELECT term, rank, name_len FROM customer_terms WHERE customer_id = $1 AND term LIKE ':%' ORDER BY term`, [id])).rows;
    const expected = (name: string, shortName?: string) => searchTerms(name, shortName).filter((x) => x.term.startsWith(PINYIN_TERM_MARK)).map((x) => ({ term: x.term, rank: x.rank, name_len: x.nameLen })).sort((x, y) => (x.term < y.term ? -1 : 1));
    expect(await syllables(a)).toEqual(expected('杭州市西湖龙井茶业有限公司', '西湖龙井'));
    expect(await syllables(b)).toEqual(expected('西安先锋机械股份有限公司'));
    expect((await syllables(b)).length).toBeGreaterThan(0);
    expect(await syllables(merged)).toEqual([]);
    expect((await find('xihulongjing')).map((c) => c.id)).toEqual([a]);
  });
});
