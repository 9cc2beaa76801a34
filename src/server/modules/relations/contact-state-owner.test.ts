/**
 * REL-2 REL-4 (issue 13): contact_states keeps the customer's owner (migration 0176) so that a
 * sales rep's contact overview is read off one (owner, next due, customer) index. Every write that
 * changes an owner keeps the copy; the copy only finds rows, the access policy still decides.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../../contract/imports.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { waitForImport } from '../imports/imports.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { addDays } from './cadence.rules.js';

let t: TestApp;
let rep: { id: string; token: string };
let rep2: { id: string; token: string };
let manager: { id: string; token: string };
const today = chinaDate(new Date());
beforeAll(async () => {
  t = await createTestApp();
  await t.createUser('cso.gm', ['gm']);
  rep = await t.createUser('cso.rep', ['sales']);
  rep2 = await t.createUser('cso.rep2', ['sales']);
  manager = await t.createUser('cso.mgr', ['cs_manager']);
});
afterAll(async () => t?.close());

const newCustomer = async (name: string, extra: Record<string, unknown> = {}) => {
  const r = await t.request('POST', '/api/v1/customers', { token: manager.token, body: { name, customerType: 'direct', ownerId: rep.id, ...extra } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string; ownerId: string | null }>();
};
const stateOwner = async (id: string) => (await t.database.db.selectFrom('contact_states').select('owner_id').where('customer_id', '=', id).executeTakeFirstOrThrow()).owner_id;
const apiOwner = async (id: string) => (await t.request('GET', `/api/v1/customers/${id}`, { token: manager.token })).json<{ ownerId: string | null }>().ownerId;
/** rows whose kept owner is not the customer's: must always be none */
const drift = async () => (await t.database.ownerPool.query<{ n: number }>(`SELECT count(*)::int AS n FROM contact_states s JOIN customers c ON c.id = s.customer_id WHERE s.owner_id IS DISTINCT FROM c.owner_id`)).rows[0]!.n;
function multipart(fields: Record<string, string>, file: { name: string; data: Buffer }) {
  const boundary = '----kedangcso' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
const assign = (ids: string[], ownerId: string | null, reason = '区域调整') => t.request('POST', '/api/v1/owner-assignments', { token: manager.token, body: { customerIds: ids, ownerId, reason } });

describe('REL-2 REL-4 the owner kept beside the contact state', () => {
  it('REL-2 REL-4 it follows create, transfer, release to the open pool and claim from it', async () => {
    const c = await newCustomer('联络状态责任人创建有限公司');
    expect(await stateOwner(c.id)).toBe(rep.id);
    expect((await assign([c.id], rep2.id)).statusCode).toBe(200);
    expect(await apiOwner(c.id)).toBe(rep2.id);
    expect(await stateOwner(c.id)).toBe(rep2.id);
    expect((await assign([c.id], null, '业务员离职，客户退回公海')).statusCode).toBe(200);
    expect(await stateOwner(c.id)).toBeNull();
    const claimed = await t.request('POST', `/api/v1/customer-pool/${c.id}/claim`, { token: manager.token, body: { reason: '本人跟进' } });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(await apiOwner(c.id)).toBe(manager.id);
    expect(await stateOwner(c.id)).toBe(manager.id);
    expect(await drift()).toBe(0);
  });

  it('REL-2 REL-4 it follows bulk assignment by rule and the customer list’s bulk owner action', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await newCustomer(`联络状态规则分配${i}有限公司`, { region: '320500', industry: '电子元件' })).id);
    await assign(ids, null, '重新分配');
    const r = await t.request('POST', '/api/v1/owner-assignments/by-rule', { token: manager.token, body: { rule: { region: '3205', industry: '电子元件' }, ownerIds: [rep.id, rep2.id], reason: '苏州电子客户分配' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(await Promise.all(ids.map(stateOwner))).toEqual([rep.id, rep2.id, rep.id, rep2.id]);
    const bulk = await t.request('POST', '/api/v1/customers/bulk-actions', { token: manager.token, body: { customerIds: ids.slice(0, 2), action: 'assign_owner', ownerId: manager.id, reason: '主管接手' } });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(await Promise.all(ids.map(stateOwner))).toEqual([manager.id, manager.id, rep.id, rep2.id]);
    expect(await Promise.all(ids.map(apiOwner))).toEqual(await Promise.all(ids.map(stateOwner)));
    expect(await drift()).toBe(0);
  });

  it('REL-2 REL-4 ARC-12 an imported archive gets its owner from the 责任人 column (or the importer)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['name', 'customerType', 'owner']);
    ws.addRow(['联络状态导入甲有限公司', 'direct', 'cso.rep2']);
    ws.addRow(['联络状态导入乙有限公司', 'direct', '']);
    const { payload, contentType } = multipart({ entity: 'customers' }, { name: 'owners.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) });
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { authorization: `Bearer ${manager.token}`, 'content-type': contentType }, payload });
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json<ImportJob>().id;
    await waitForImport(id);
    expect((await t.request('POST', `/api/v1/imports/${id}/commit`, { token: manager.token, body: {} })).statusCode).toBe(200);
    await waitForImport(id);
    const rows = await t.database.db.selectFrom('customers').select(['id', 'name', 'owner_id']).where('name', 'like', '联络状态导入%').orderBy('id').execute();
    expect(rows.map((r) => r.owner_id)).toEqual([rep2.id, manager.id]);
    expect(await Promise.all(rows.map((r) => stateOwner(r.id)))).toEqual([rep2.id, manager.id]);
    expect(await drift()).toBe(0);
  });
});

type Item = { customerId: string; nextCallDue: string; nextVisitDue: string; callState: string; visitState: string };
async function overviewPages(token: string, query: string, limit: number): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 200; i++) {
    const r = await t.request('GET', `/api/v1/contact-overview?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<{ items: Item[]; nextCursor: string | null }>();
    out.push(...body.items);
    if (!body.nextCursor) return out;
    cursor = body.nextCursor;
  }
  throw new Error('no end');
}

describe('REL-4 SEC-2 a rep’s overview from the kept owner: order, cursor and visibility unchanged', () => {
  it('REL-4 SEC-2 owned, shared and granted customers in next due order (the earlier due, then the customer), page by page, also with state=overdue', async () => {
    const seller = await t.createUser('cso.seller', ['sales']);
    const other = await t.createUser('cso.other', ['sales']);
    const make = async (name: string, ownerId: string, filedAgo: number, extra: Record<string, unknown> = {}) => {
      const r = await t.request('POST', '/api/v1/customers', { token: manager.token, body: { name, customerType: 'direct', ownerId, filedOn: addDays(today, -filedAgo), ...extra } });
      expect(r.statusCode, r.body).toBe(201);
      return r.json<{ id: string }>().id;
    };
    // the same due dates several times, so the customer id decides within a date and the cursor crosses ties
    const own: string[] = [];
    for (const ago of [20, 3, 20, 0, 13, 20, 130, 3]) own.push(await make(`排序自有${own.length}有限公司`, seller.id, ago));
    const shared: string[] = [];
    for (const ago of [20, 13, 1]) shared.push(await make(`排序共享${shared.length}有限公司`, other.id, ago));
    for (const id of shared) expect((await t.request('POST', `/api/v1/customers/${id}/shares`, { token: manager.token, body: { userId: seller.id } })).statusCode).toBeLessThan(300);
    const granted = await make('排序授权有限公司', other.id, 20);
    const approval = await t.database.ownerPool.query<{ id: string }>(
      `INSERT INTO approvals (type, state, subject_type, subject_id, customer_id, summary, requester_id, approver_role, approver_rule, expires_at)
       VALUES ('access_request', 'approved', 'customer', $1::text, $1::bigint, 'test', $2, 'cs_manager', 'SEC-6', now() + interval '1 day') RETURNING id`, [granted, seller.id]);
    await t.database.ownerPool.query(
      `INSERT INTO access_requests (approval_id, customer_id, requester_id, groups, purpose, duration_minutes, secrecy_level, starts_at, ends_at)
       VALUES ($1, $2, $3, '{basic}', 'test', 120, 'none', now() - interval '1 hour', now() + interval '1 hour')`, [approval.rows[0]!.id, granted, seller.id]);
    const hidden = await make('排序他人有限公司', other.id, 20);
    const sharedAndOwned = own[0]!; // shared with its own owner too: listed once
    await t.database.ownerPool.query(`INSERT INTO customer_shares (customer_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [sharedAndOwned, seller.id]);

    // candidates of the owner branch that a condition turns away: a top-secret archive (SEC-5: not even its owner lists it) and a class filter
    await t.database.ownerPool.query(`UPDATE customers SET secrecy_level = 'top_secret' WHERE id = $1`, [own[1]]);
    await t.database.ownerPool.query(`UPDATE customers SET abc_class = 'B' WHERE id = ANY($1::bigint[])`, [[own[2], own[6], shared[0]]]);
    // what the customer list shows the rep, in the overview's order as the manager (who sees everyone) gets it
    const listed = new Set<string>();
    for (let cursor: string | null = null, i = 0; i < 50; i++) {
      const r: { items: { id: string }[]; nextCursor: string | null } = (await t.request('GET', `/api/v1/customers?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: seller.token })).json<{ items: { id: string }[]; nextCursor: string | null }>();
      for (const x of r.items) listed.add(x.id);
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect([...listed].sort()).toEqual([...own.filter((id) => id !== own[1]), ...shared, granted].sort());
    for (const q of ['', '&state=overdue', '&state=due_soon', '&state=ok', '&abcClass=B', '&abcClass=none&state=overdue']) {
      const expected = (await overviewPages(manager.token, q, 200)).filter((x) => listed.has(x.customerId));
      expect(expected.length).toBeGreaterThan(0);
      const dueOf = (x: Item) => (x.nextCallDue < x.nextVisitDue ? x.nextCallDue : x.nextVisitDue);
      for (let i = 1; i < expected.length; i++) {
        const [a, b] = [expected[i - 1]!, expected[i]!];
        expect(dueOf(a) < dueOf(b) || (dueOf(a) === dueOf(b) && BigInt(a.customerId) < BigInt(b.customerId)), `${q} ${i}`).toBe(true);
      }
      for (const limit of [1, 2, 3, 50]) expect((await overviewPages(seller.token, q, limit)).map((x) => x.customerId), `${q} limit ${limit}`).toEqual(expected.map((x) => x.customerId));
    }
    expect((await overviewPages(seller.token, '', 2)).map((x) => x.customerId)).not.toContain(hidden);
    // the home page's figures (ANA-2) count the rep's own customers through the same index
    const figures = await t.request('GET', '/api/v1/contact-overview?limit=200&state=overdue&ownerId=' + seller.id, { token: seller.token });
    expect(figures.json<{ items: Item[] }>().items.map((x) => x.customerId).sort()).toEqual((await overviewPages(seller.token, '&state=overdue', 50)).filter((x) => own.includes(x.customerId)).map((x) => x.customerId).sort());
  });

  it('REL-4 SEC-2 the kept owner only finds rows: a wrong copy opens nothing to the user it names', async () => {
    const c = await newCustomer('联络状态错位有限公司', { filedOn: addDays(today, -30) });
    const seenBy = async (token: string) => (await overviewPages(token, '', 200)).map((x) => x.customerId);
    expect(await seenBy(rep.token)).toContain(c.id);
    await t.database.ownerPool.query(`UPDATE contact_states SET owner_id = $2 WHERE customer_id = $1`, [c.id, rep2.id]);
    try {
      expect(await seenBy(rep2.token)).not.toContain(c.id);
      expect((await t.request('GET', `/api/v1/contact-overview?limit=200&ownerId=${rep2.id}`, { token: manager.token })).json<{ items: Item[] }>().items.map((x) => x.customerId)).not.toContain(c.id);
    } finally {
      await t.database.ownerPool.query(`UPDATE contact_states SET owner_id = $2 WHERE customer_id = $1`, [c.id, rep.id]);
    }
    expect(await drift()).toBe(0);
  });
});
