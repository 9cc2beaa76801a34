import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { Kysely, PostgresDialect } from 'kysely';
import type { CustomerListQuery } from '../../../contract/customers.js';
import type { DB } from '../../db/schema.js';
import type { Principal } from '../auth/principal.js';
import { namePinyin } from './customers.rules.js';
import { listCustomers } from './customers.service.js';

let t: TestApp;
let cs: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  cs = await t.createUser('kefu.li', ['cs_staff']);
});
afterAll(async () => t?.close());

const huawei = { name: '深圳市华为技术有限公司', shortName: '华为', customerType: 'direct', phone: '0755-28780808', email: 'contact@huawei.example', address: '深圳市龙岗区坂田华为基地', registeredCapital: '40641000000.00', foundedOn: '1987-09-15', companyNature: 'private_ltd', industryPosition: 'leader', employeeCount: 207000, source: 'sales_visit', secrecyLevel: 'none', creditCode: '914403001922038216' };
const create = (body: unknown, token = cs.token) => t.request('POST', '/api/v1/customers', { token, body });

describe('ARC-1 / ARC-2 customer archives', () => {
  let id: string;
  it('ARC-1 ARC-2 create returns the customer JSON with a KH-YYYY-NNNNNN number', async () => {
    const r = await create(huawei);
    expect(r.statusCode, r.body).toBe(201);
    const c = r.json();
    id = c.id;
    expect(c.archiveNo).toMatch(new RegExp(`^KH-${new Date().getFullYear()}-\\d{6}$`));
    expect(c).toMatchObject({ name: huawei.name, customerType: 'direct', registeredCapital: '40641000000.00', foundedOn: '1987-09-15', version: 0, secrecyLevel: 'none', ownerId: cs.id, withheld: [] });
    expect((await t.request('GET', `/api/v1/customers/${id}`, { token: cs.token })).json().email).toBe(huawei.email);
  });

  it('ARC-2 the archive number is immutable: a PATCH naming it is refused with 400', async () => {
    const r = await t.request('PATCH', `/api/v1/customers/${id}`, { token: cs.token, body: { version: 0, archiveNo: 'KH-1999-000001' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].path).toBe('archiveNo');
  });

  it('ARC-2 200 concurrent creates get unique, gap-free numbers', async () => {
    const rs = await Promise.all(Array.from({ length: 200 }, (_, i) => create({ name: `并发测试公司${i}号`, customerType: 'dealer', confirmDuplicate: true })));
    expect(rs.every((r) => r.statusCode === 201)).toBe(true);
    const seqs = rs.map((r) => Number(r.json().archiveNo.slice(-6))).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(200);
    expect(seqs[199]! - seqs[0]!).toBe(199);
  });

  it('ARC-1 bad input: each a 400 problem naming the field, nothing written', async () => {
    const before = await snapshotTables(t.database);
    const cases: [unknown, string][] = [
      [{ customerType: 'direct' }, 'name'],
      [{ ...huawei, name: 'X', colour: 'red' }, 'colour'],
      [{ name: 'X', customerType: 'emperor' }, 'customerType'],
      [{ name: 'X', customerType: 'direct', foundedOn: '2023-02-30' }, 'foundedOn'],
      [{ name: 'X'.repeat(100_000), customerType: 'direct' }, 'name'],
      [{ name: 'X', customerType: 'direct', registeredCapital: '-5.00' }, 'registeredCapital'],
      [{ name: 'X', customerType: 'direct', registeredCapital: 12.5 }, 'registeredCapital'],
      [{ name: 'X', customerType: 'direct', creditCode: '91440300708461136X' }, 'creditCode'],
      [{ name: '   ', customerType: 'direct' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const r = await create(body);
      expect(r.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.json().errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    const tx = await t.request('POST', `/api/v1/customers/${id}/transactions`, { token: cs.token, body: { txNo: 'T-1', date: '2026-01-05', amount: '-100.00' } });
    expect(tx.json().errors[0].path).toBe('amount');
    expect(await snapshotTables(t.database)).toEqual(before);
  });

  it('ARC-10 a duplicate (name, credit code, phone or email) answers 409 with candidates unless confirmed', async () => {
    const dup = await create({ name: '深圳市华为技术股份有限公司', customerType: 'direct', phone: '0755 2878 0808' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().duplicates[0]).toMatchObject({ id, archiveNo: expect.stringMatching(/^KH-/), name: huawei.name });
    expect(dup.json().duplicates[0].matchedOn).toEqual(['name', 'phone']);
    const byEmail = await create({ name: '完全不同的名字', customerType: 'dealer', email: 'CONTACT@huawei.example' });
    expect(byEmail.json().duplicates[0].matchedOn).toEqual(['email']);
    const confirmed = await create({ name: '深圳市华为技术股份有限公司', customerType: 'direct', confirmDuplicate: true });
    expect(confirmed.statusCode).toBe(201);
  });

  it('ARC-7 PATCH with version; stale → 409 and nothing changes; history lists field, old, new, who, when; versions can be viewed', async () => {
    const v0 = (await t.request('GET', `/api/v1/customers/${id}`, { token: cs.token })).json();
    const r = await t.request('PATCH', `/api/v1/customers/${id}`, { token: cs.token, body: { version: v0.version, phone: '0755-28780000', importance: 'very_important' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ version: v0.version + 1, phone: '0755-28780000', importance: 'very_important', revisionCount: 1 });
    const stale = await t.request('PATCH', `/api/v1/customers/${id}`, { token: cs.token, body: { version: v0.version, phone: '0000' } });
    expect(stale.statusCode).toBe(409);
    expect((await t.request('GET', `/api/v1/customers/${id}`, { token: cs.token })).json().phone).toBe('0755-28780000');
    const history = (await t.request('GET', `/api/v1/customers/${id}/history`, { token: cs.token })).json().items;
    expect(history[0]).toMatchObject({ version: 1, entity: 'customer', actorId: cs.id, actorName: 'kefu.li' });
    expect(history[0].changes).toEqual([
      { field: 'phone', oldValue: '0755-28780808', newValue: '0755-28780000' },
      { field: 'importance', oldValue: null, newValue: 'very_important' },
    ]);
    const old = (await t.request('GET', `/api/v1/customers/${id}/versions/0`, { token: cs.token })).json();
    expect(old.customer.phone).toBe('0755-28780808');
    const now = (await t.request('GET', `/api/v1/customers/${id}/versions/1`, { token: cs.token })).json();
    expect(now.customer.phone).toBe('0755-28780000');
  });

  it('ARC-3 ARC-4 ARC-5 contacts, transactions with product lines as decimal strings, feedback, and the timeline', async () => {
    const contact = await t.request('POST', `/api/v1/customers/${id}/contacts`, { token: cs.token, body: { role: 'primary', name: '王经理', position: '采购总监', mobile: '13812345678', birthDate: '1980-02-29', anniversaries: [{ label: '合作纪念日', date: '2010-06-01' }] } });
    expect(contact.statusCode, contact.body).toBe(201);
    const c = contact.json();
    const upd = await t.request('PATCH', `/api/v1/customers/${id}/contacts/${c.id}`, { token: cs.token, body: { version: 0, position: '副总裁' } });
    expect(upd.json()).toMatchObject({ position: '副总裁', version: 1 });
    const tx = await t.request('POST', `/api/v1/customers/${id}/transactions`, { token: cs.token, body: { txNo: 'HT-2026-001', date: '2026-03-15', amount: '1200000.50', products: [{ product: '交换机', spec: 'S5700', quantity: '10', unit: '台', price: '120000.05' }] } });
    expect(tx.statusCode, tx.body).toBe(201);
    expect(tx.json()).toMatchObject({ amount: '1200000.50', products: [{ product: '交换机', quantity: '10.0000', price: '120000.0500' }] });
    expect((await t.request('POST', `/api/v1/customers/${id}/transactions`, { token: cs.token, body: { txNo: 'HT-2026-001', date: '2026-03-16', amount: '1.00' } })).statusCode).toBe(409);
    const fb = await t.request('POST', `/api/v1/customers/${id}/feedback`, { token: cs.token, body: { channel: 'phone', date: '2026-03-20', content: '交货及时，希望增加培训', category: 'delivery', sentiment: 'positive' } });
    expect(fb.statusCode).toBe(201);
    const timeline = (await t.request('GET', `/api/v1/customers/${id}/timeline`, { token: cs.token })).json().items;
    expect(timeline.map((e: { kind: string }) => e.kind).slice(0, 4)).toEqual(['feedback', 'transaction', 'contact', 'contact']);
    expect(timeline.at(-1).kind).toBe('created');
    const contacts = (await t.request('GET', `/api/v1/customers/${id}/contacts`, { token: cs.token })).json().items;
    expect(contacts[0].anniversaries).toEqual([{ label: '合作纪念日', date: '2010-06-01' }]);
  });

  it('ARC-11 search by Chinese (1 and 2 characters), pinyin, initials, phone digits, archive number, credit code, contact name; ranked', async () => {
    await create({ name: '华夏银行股份有限公司', customerType: 'direct', confirmDuplicate: true });
    await create({ name: '华为', customerType: 'dealer', confirmDuplicate: true });
    const find = async (q: string) => (await t.request('GET', `/api/v1/customers?q=${encodeURIComponent(q)}&limit=50`, { token: cs.token })).json().items.map((c: { name: string }) => c.name) as string[];
    expect(await find('为')).toContain(huawei.name);
    const two = await find('华为');
    expect(two[0]).toBe('华为'); // exact first
    expect(two).toContain(huawei.name);
    expect(two).not.toContain('华夏银行股份有限公司');
    expect(await find('华为技术')).toContain(huawei.name);
    expect(await find('huawei')).toContain(huawei.name);
    expect(await find('hwjs')).toContain(huawei.name);
    expect(await find('szshw')).toContain(huawei.name);
    expect(await find('hw')).toContain(huawei.name); // two initials in the middle of the name
    const hw = await find('hw');
    expect(hw.indexOf('华为')).toBeLessThan(hw.indexOf(huawei.name)); // a prefix before a substring
    expect(await find('js')).toContain(huawei.name);
    expect(await find('28780000')).toContain(huawei.name);
    expect(await find('13812345678')).toContain(huawei.name); // a contact's mobile
    expect(await find('王经理')).toContain(huawei.name);
    expect(await find(huawei.creditCode)).toEqual([huawei.name]);
    const archiveNo = (await t.request('GET', `/api/v1/customers?q=${encodeURIComponent('深圳市华为')}`, { token: cs.token })).json().items[0].archiveNo;
    expect(await find(archiveNo)).toEqual([huawei.name]);
    expect(await find('不存在的公司')).toEqual([]);
  });

  it('ARC-11 PLT-7 the 1–2 character search and the unfiltered list answer the same, page by page, planned once for any parameters (generic plan) as planned for each', async () => {
    // a Kysely over the same pool that was not opened by connectDatabase has no generic side: PostgreSQL's own plan choice
    const planned = new Kysely<DB>({ dialect: new PostgresDialect({ pool: t.database.pool }) });
    const p = { userId: cs.id, roles: ['cs_staff'], managesDepartments: false } as unknown as Principal;
    for (const q of ['华', '为', '华为', '技术', '王经', '并发', '公司', '测试', '不存']) {
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query = { q, limit: 7, ...(cursor ? { cursor } : {}) } as unknown as CustomerListQuery;
        const generic = await listCustomers(t.database.db, p, query);
        await listCustomers(t.database.db, p, query); // the second run of a text is a named statement
        const own = await listCustomers(planned, p, query);
        expect(generic.items.map((c) => c.id)).toEqual(own.items.map((c) => c.id));
        expect(generic.nextCursor).toBe(own.nextCursor);
        cursor = generic.nextCursor;
        pages++;
      } while (cursor);
      if (q === '公司') expect(pages).toBeGreaterThan(20); // 200 concurrent creates and more: many pages
    }
    // unfiltered list pages too (each sort, through the cursor)
    for (const sort of ['name:asc', 'updatedAt:desc', 'createdAt:desc', 'archiveNo:desc', 'name:desc']) {
      let cursor: string | null = null;
      let rows = 0;
      do {
        const query = { sort, limit: 37, ...(cursor ? { cursor } : {}) } as unknown as CustomerListQuery;
        const generic = await listCustomers(t.database.db, p, query);
        await listCustomers(t.database.db, p, query);
        const own = await listCustomers(planned, p, query);
        expect(generic.items.map((c) => c.id)).toEqual(own.items.map((c) => c.id));
        expect(generic.nextCursor).toBe(own.nextCursor);
        cursor = generic.nextCursor;
        rows += generic.items.length;
      } while (cursor);
      expect(rows).toBeGreaterThan(200);
    }
  });

  it('ARC-11 a renamed archive is found by its new pinyin anywhere in the name, no longer by the old', async () => {
    const made = (await create({ name: '杭州青山湖材料有限公司', customerType: 'direct', confirmDuplicate: true })).json();
    const find = async (q: string) => (await t.request('GET', `/api/v1/customers?q=${encodeURIComponent(q)}&limit=50`, { token: cs.token })).json().items.map((c: { id: string }) => c.id) as string[];
    expect(await find('qingshanhu')).toContain(made.id);
    const upd = await t.request('PATCH', `/api/v1/customers/${made.id}`, { token: cs.token, body: { version: made.version, name: '杭州碧水塘材料有限公司' } });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(await find('bishuitang')).toContain(made.id);
    expect(await find('bstcl')).toContain(made.id);
    expect(await find('qingshanhu')).not.toContain(made.id);
  });

  it('ARC-11 PLT-7 initials inside the name rank the shorter name first, by the length kept beside the initials (0210) through a rename that changes the length only', async () => {
    const short = (await create({ name: '杭州圆周率光电有限公司', customerType: 'direct', confirmDuplicate: true })).json();
    const long = (await create({ name: '杭州市圆周率光电科技有限公司', customerType: 'direct', confirmDuplicate: true })).json();
    const find = async (q: string) => ((await t.request('GET', `/api/v1/customers?q=${encodeURIComponent(q)}&limit=50`, { token: cs.token })).json().items as { id: string }[]).map((c) => c.id).filter((id) => id === short.id || id === long.id);
    expect(await find('yzlgd')).toEqual([short.id, long.id]); // both in the middle of the name: the shorter first
    // the same initials, a longer name (the separators are not part of the pinyin)
    const upd = await t.request('PATCH', `/api/v1/customers/${short.id}`, { token: cs.token, body: { version: short.version, name: '杭州-圆-周-率-光-电-有-限-公-司' } });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(await find('yzlgd')).toEqual([long.id, short.id]);
  });

  it('ARC-11 lists filter by classification and paginate with a cursor, each row once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string; customerType: string }[]; nextCursor: string | null } = (await t.request('GET', `/api/v1/customers?customerType=dealer&limit=37&sort=name:asc${cursor ? `&cursor=${cursor}` : ''}`, { token: cs.token })).json();
      expect(page.items.every((c) => c.customerType === 'dealer')).toBe(true);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(201); // 200 concurrent + 华为
    expect(new Set(seen).size).toBe(201);
  });
});

describe('ARC-11 SEC-2 a sales rep\'s list merges owned, shared and granted archives', () => {
  it('ARC-11 SEC-2 SEC-6 pages by name across the branches: every visible archive once, in order, nothing else', async () => {
    const rep = await t.createUser('list.rep', ['sales']);
    const peer = await t.createUser('list.peer', ['sales']);
    for (let i = 0; i < 17; i++) await create({ name: `分支甲${String.fromCharCode(0x4e00 + i * 7)}有限公司`, customerType: 'direct', confirmDuplicate: true }, rep.token);
    const theirs: string[] = [];
    for (let i = 0; i < 12; i++) theirs.push((await create({ name: `分支乙${String.fromCharCode(0x4e00 + i * 5)}有限公司`, customerType: 'direct', confirmDuplicate: true }, peer.token)).json().id);
    for (const id of theirs.slice(0, 5)) await t.database.db.insertInto('customer_shares').values({ customer_id: id, user_id: rep.id }).execute();
    for (const id of theirs.slice(5, 8)) {
      const a = await t.database.ownerPool.query<{ id: string }>(`INSERT INTO approvals (type, state, subject_type, subject_id, customer_id, summary, requester_id, approver_role, approver_rule, expires_at) VALUES ('access_request', 'approved', 'customer', $1::text, $1::bigint, 'x', $2, 'cs_manager', 'SEC-6', now() + interval '1 day') RETURNING id`, [id, rep.id]);
      await t.database.ownerPool.query(`INSERT INTO access_requests (approval_id, customer_id, requester_id, groups, purpose, duration_minutes, secrecy_level, starts_at, ends_at) VALUES ($1, $2, $3, '{basic}', 'x', 60, 'none', now() - interval '1 minute', now() + interval '1 hour')`, [a.rows[0]!.id, id, rep.id]);
    }
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { name: string }[]; nextCursor: string | null } = (await t.request('GET', `/api/v1/customers?q=&sort=name:asc&limit=4${cursor ? `&cursor=${cursor}` : ''}`, { token: rep.token })).json();
      names.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toHaveLength(17 + 5 + 3);
    expect(new Set(names).size).toBe(names.length);
    // 客户名称 order is pinyin, then the name (ARC-11, migration 0070)
    const key = (n: string) => `${namePinyin(n).full} ${n}`;
    expect(names).toEqual([...names].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)));
  });
});

describe('ARC-10 merge', () => {
  it('ARC-10 merging moves contacts, transactions, feedback and history to the survivor; the merged number leads to it', async () => {
    const a = (await create({ name: '合并测试甲有限公司', customerType: 'dealer', confirmDuplicate: true })).json();
    const b = (await create({ name: '合并测试甲（重复）有限公司', customerType: 'dealer', confirmDuplicate: true })).json();
    await t.request('POST', `/api/v1/customers/${b.id}/contacts`, { token: cs.token, body: { role: 'primary', name: '钱七' } });
    await t.request('POST', `/api/v1/customers/${b.id}/transactions`, { token: cs.token, body: { txNo: 'M-1', date: '2025-05-05', amount: '500.00' } });
    await t.request('POST', `/api/v1/customers/${b.id}/feedback`, { token: cs.token, body: { channel: 'visit', date: '2025-05-06', content: '满意', category: 'service', sentiment: 'positive' } });
    const stale = await t.request('POST', `/api/v1/customers/${b.id}/merge`, { token: cs.token, body: { intoId: a.id, version: 99 } });
    expect(stale.statusCode).toBe(409);
    const r = await t.request('POST', `/api/v1/customers/${b.id}/merge`, { token: cs.token, body: { intoId: a.id, version: b.version } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().id).toBe(a.id);
    const contacts = (await t.request('GET', `/api/v1/customers/${a.id}/contacts`, { token: cs.token })).json().items;
    expect(contacts.map((c: { name: string }) => c.name)).toContain('钱七');
    expect((await t.request('GET', `/api/v1/customers/${a.id}/transactions`, { token: cs.token })).json().items).toHaveLength(1);
    expect((await t.request('GET', `/api/v1/customers/${a.id}/feedback`, { token: cs.token })).json().items).toHaveLength(1);
    const history = (await t.request('GET', `/api/v1/customers/${a.id}/history`, { token: cs.token })).json().items;
    expect(history[0].changes).toEqual([{ field: 'mergedFrom', oldValue: null, newValue: b.archiveNo }]);
    expect(history.some((h: { entity: string }) => h.entity === 'contact')).toBe(true);
    // the merged number leads to the survivor: reading it, searching it; it cannot be changed
    expect((await t.request('GET', `/api/v1/customers/${b.id}`, { token: cs.token })).json().id).toBe(a.id);
    const found = (await t.request('GET', `/api/v1/customers?q=${b.archiveNo}`, { token: cs.token })).json().items;
    expect(found.map((c: { id: string }) => c.id)).toEqual([a.id]);
    expect((await t.request('PATCH', `/api/v1/customers/${b.id}`, { token: cs.token, body: { version: b.version + 1, remarks: 'x' } })).statusCode).toBe(409);
    expect((await t.request('POST', `/api/v1/customers/${b.id}/merge`, { token: cs.token, body: { intoId: a.id, version: b.version + 1 } })).statusCode).toBe(409);
    const list = (await t.request('GET', '/api/v1/customers?limit=200&q=合并测试', { token: cs.token })).json().items;
    expect(list.map((c: { id: string }) => c.id)).toEqual([a.id]);
  });
});

describe('ARC-1 custom fields', () => {
  it('ARC-1 an administrator adds fields; values are validated, stored, shown and filterable', async () => {
    const f = await t.request('POST', '/api/v1/custom-fields', { token: t.adminToken, body: { key: 'vipLevel', label: 'VIP 等级', type: 'single', options: ['金卡', '银卡'] } });
    expect(f.statusCode, f.body).toBe(201);
    await t.request('POST', '/api/v1/custom-fields', { token: t.adminToken, body: { key: 'channels', label: '渠道', type: 'multi', options: ['线上', '线下'] } });
    expect((await t.request('POST', '/api/v1/custom-fields', { token: t.adminToken, body: { key: 'bad', label: '坏', type: 'text', options: ['x'] } })).json().errors[0].path).toBe('options');
    expect((await t.request('POST', '/api/v1/custom-fields', { token: cs.token, body: { key: 'nope', label: '无权', type: 'text' } })).statusCode).toBe(403);
    const bad = await create({ name: '自定义字段测试公司', customerType: 'direct', custom: { vipLevel: '铜卡' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('custom.vipLevel');
    const ok = await create({ name: '自定义字段测试公司', customerType: 'direct', custom: { vipLevel: '金卡', channels: ['线上', '线下'] } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().custom).toEqual({ vipLevel: '金卡', channels: ['线上', '线下'] });
    const patched = await t.request('PATCH', `/api/v1/customers/${ok.json().id}`, { token: cs.token, body: { version: 0, custom: { vipLevel: '银卡' } } });
    expect(patched.json().custom).toEqual({ vipLevel: '银卡', channels: ['线上', '线下'] });
    const byChoice = (await t.request('GET', `/api/v1/customers?customField=vipLevel&customValue=${encodeURIComponent('银卡')}`, { token: cs.token })).json().items;
    expect(byChoice.map((c: { name: string }) => c.name)).toEqual(['自定义字段测试公司']);
    const byMulti = (await t.request('GET', `/api/v1/customers?customField=channels&customValue=${encodeURIComponent('线下')}`, { token: cs.token })).json().items;
    expect(byMulti).toHaveLength(1);
    expect((await t.request('GET', '/api/v1/custom-fields', { token: cs.token })).json().items.map((x: { key: string }) => x.key)).toEqual(['vipLevel', 'channels']);
  });
});
