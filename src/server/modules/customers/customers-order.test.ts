import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { searchTerms } from './customers.rules.js';
import { customerSortKeys } from './customers.sort.js';

let t: TestApp;
let cs: { id: string; token: string };
let rep: { id: string; token: string };
const create = async (token: string, body: Record<string, unknown>) => {
  const r = await t.request('POST', '/api/v1/customers', { token, body: { customerType: 'direct', confirmDuplicate: true, ...body } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string; name: string }>();
};
const names = async (token: string, query: string) => {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const r = await t.request('GET', `/api/v1/customers?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(r.statusCode, r.body).toBe(200);
    out.push(...r.json().items.map((c: { name: string }) => c.name));
    cursor = r.json().nextCursor;
  } while (cursor);
  return out;
};

beforeAll(async () => {
  t = await createTestApp();
  cs = await t.createUser('kefu.order', ['cs_staff']);
  rep = await t.createUser('xiaoshou.order', ['sales']);
  for (const name of ['上海浦江贸易有限公司', '东莞长安电子有限公司', '佛山南海陶瓷有限公司', '阿克苏果业有限公司', '重庆山城火锅有限公司']) await create(rep.token, { name });
});
afterAll(async () => t?.close());

describe('ARC-11 Chinese order', () => {
  const pinyinOrder = ['阿克苏果业有限公司', '重庆山城火锅有限公司', '东莞长安电子有限公司', '佛山南海陶瓷有限公司', '上海浦江贸易有限公司'];
  it('ARC-11 客户名称 sorts by pinyin (东莞 → 佛山 → 上海, 重庆 as chongqing), both ways, page by page', async () => {
    expect(await names(cs.token, 'sort=name:asc&limit=2')).toEqual(pinyinOrder);
    expect(await names(cs.token, 'sort=name:desc&limit=3')).toEqual([...pinyinOrder].reverse());
  });
  it('ARC-11 the same order for a sales rep, whose list merges visibility branches', async () => {
    expect(await names(rep.token, 'sort=name:asc&limit=2')).toEqual(pinyinOrder);
  });
});

describe('ARC-11 sort on any column', () => {
  const seed = [['甲重要', 'important', 'B', null], ['乙普通', 'normal', 'AAA', '440305'], ['丙未定', null, null, '110101'], ['丁非常重要', 'very_important', 'AA', null], ['戊普通', 'normal', null, '440304']] as const;
  beforeAll(async () => {
    for (const [name, importance, , region] of seed) await create(rep.token, { name: `${name}排序公司`, importance, region, tags: ['sorttest'] });
  });
  const byImportance = ['乙普通', '戊普通', '甲重要', '丁非常重要', '丙未定'].map((n) => `${n}排序公司`);
  it('ARC-11 客户级别 sorts in business order, empty last, both ways, page by page (see-all and merged branches)', async () => {
    expect(await names(cs.token, 'tag=sorttest&sort=importance:asc&limit=2')).toEqual(byImportance);
    expect(await names(cs.token, 'tag=sorttest&sort=importance:desc&limit=2')).toEqual([...byImportance].reverse());
    expect(await names(rep.token, 'tag=sorttest&sort=importance:asc&limit=3')).toEqual(byImportance);
  });
  it('ARC-11 地区 sorts by GB/T 2260 code, none last', async () => {
    expect((await names(cs.token, 'tag=sorttest&sort=region:asc&limit=2')).slice(0, 3)).toEqual(['丙未定', '戊普通', '乙普通'].map((n) => `${n}排序公司`));
  });
  it('ARC-11 a sort outside the whitelist, or a cursor of another sort, is a 400 naming the field', async () => {
    const bad = await t.request('GET', '/api/v1/customers?sort=registeredCapital:asc', { token: cs.token });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('sort');
    const first = await t.request('GET', '/api/v1/customers?tag=sorttest&sort=importance:asc&limit=1', { token: cs.token });
    const other = await t.request('GET', `/api/v1/customers?tag=sorttest&sort=name:asc&limit=1&cursor=${first.json().nextCursor}`, { token: cs.token });
    expect(other.statusCode).toBe(400);
    expect(other.body).toContain('cursor');
  });
  it('ARC-11 each classification key is read off its own index (the query\'s expression matches 0165)', async () => {
    const client = await t.database.ownerPool.connect();
    try {
      await client.query('BEGIN; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off');
      for (const field of ['importance', 'creditGrade', 'region', 'phone', 'industryCode'] as const) {
        const plan = (await client.query(`EXPLAIN SELECT c.id FROM customers c ORDER BY ${customerSortKeys[field].expr} DESC, c.id DESC LIMIT 51`)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
        expect(plan, field).toMatch(/Index Scan Backward using customers_\w+_sort_idx/);
        expect(plan, field).not.toContain('Sort');
      }
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});

describe('ARC-11 ranking of initials', () => {
  it('ARC-11 the short name’s initials are search terms: exactly (rank 0) and at the start (rank 1)', () => {
    const terms = new Map(searchTerms('深圳市华为通信技术有限公司', '华为通信').map((x) => [x.term, x.rank]));
    expect(terms.get('hw')).toBe(1);
    expect(terms.get('tx')).toBe(2);
    expect(new Map(searchTerms('深圳市华为通信技术有限公司', '华为').map((x) => [x.term, x.rank])).get('hw')).toBe(0);
  });
  it('ARC-11 searching `hw` puts 华为通信 first, before 24 names with `hw` elsewhere that are shorter', async () => {
    for (let i = 0; i < 24; i++) await create(cs.token, { name: `深圳海湾${i}号公司` });
    await create(cs.token, { name: '深圳市华为通信技术股份有限公司', shortName: '华为通信' });
    const r = await t.request('GET', '/api/v1/customers?q=hw&limit=25', { token: cs.token });
    expect(r.statusCode).toBe(200);
    const items = r.json().items as { name: string; shortName: string | null }[];
    expect(items.length).toBe(25);
    expect(items[0]!.shortName).toBe('华为通信');
  });
});

describe('ARC-3 important customers\' relationship cards on their own', () => {
  it('ARC-3 SEC-2 SEC-12 lists important archives the caller may read, each with its contacts, mobiles masked; others and colleagues\' archives not at all', async () => {
    const rep2 = await t.createUser('xiaoshou.cards', ['sales']);
    const vip = await create(rep.token, { name: '关系卡重要客户有限公司', importance: 'very_important' });
    const plain = await create(rep.token, { name: '关系卡普通客户有限公司', importance: 'normal' });
    const other = await create(rep2.token, { name: '关系卡同事客户有限公司', importance: 'important' });
    for (const c of [vip, plain, other]) {
      const r = await t.request('POST', `/api/v1/customers/${c.id}/contacts`, { token: cs.token, body: { role: 'primary', name: `联系人${c.name.slice(3, 5)}`, mobile: '13812345678', position: '采购经理' } });
      expect(r.statusCode, r.body).toBe(201);
    }
    const cards = async (token: string) => {
      const r = await t.request('GET', '/api/v1/relationship-cards?limit=200', { token });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ items: { customer: { id: string }; contacts: { name: string; mobile: string; position: string }[] }[] }>().items;
    };
    const ours = [vip.id, plain.id, other.id];
    const mine = (await cards(rep.token)).filter((i) => ours.includes(i.customer.id));
    expect(mine.map((i) => i.customer.id)).toEqual([vip.id]);
    expect(mine[0]!.contacts).toEqual([expect.objectContaining({ name: '联系人重要', position: '采购经理', mobile: '138****5678' })]);
    expect((await cards(cs.token)).map((i) => i.customer.id)).toEqual(expect.arrayContaining([vip.id, other.id]));
    expect((await cards(cs.token)).map((i) => i.customer.id)).not.toContain(plain.id);
  });
});

describe('ARC-1 related companies as links', () => {
  it('ARC-1 SEC-2 a related company links to its archive where the reader may see it; a colleague\'s hidden archive gives no link, number or name', async () => {
    const rep3 = await t.createUser('xiaoshou.related', ['sales']);
    const own = await create(rep.token, { name: '关联方甲有限公司' });
    await create(rep3.token, { name: '关联方乙有限公司' });
    const main = await create(rep.token, { name: '关联主体有限公司', relatedCompanies: ['关联方甲有限公司', '关联方乙有限公司', '未建档的公司'] });
    const links = async (token: string) => {
      const r = await t.request('GET', `/api/v1/customers/${main.id}/related-companies`, { token });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ items: { name: string; customerId: string | null; archiveNo: string | null }[] }>().items;
    };
    const mine = await links(rep.token);
    expect(mine.map((l) => [l.name, l.customerId])).toEqual([['关联方甲有限公司', own.id], ['关联方乙有限公司', null], ['未建档的公司', null]]);
    expect(mine[1]).toEqual({ name: '关联方乙有限公司', customerId: null, archiveNo: null });
    expect((await links(cs.token))[1]!.customerId).not.toBeNull(); // customer service sees the colleague's archive
    expect((await t.request('GET', `/api/v1/customers/${main.id}/related-companies`, { token: rep3.token })).statusCode).toBe(404);
  });
});
