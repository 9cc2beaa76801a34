/**
 * Issue 17 item 16 (ARC-11, SEC-2, SEC-8): bulk actions on the customer list decide each archive
 * through the access policy and answer one result per archive; nothing is told about an archive
 * the caller may not see; a protected owner transfer files an approval; the selection exports.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkCustomerResult, BulkRun } from '../../../contract/bulk-actions.routes.js';
import { waitForBulkRun } from './bulk-actions.service.js';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let rep: { id: string; token: string };
let rep2: { id: string; token: string };
let manager: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  await t.createUser('bulk.gm', ['gm']);
  rep = await t.createUser('bulk.rep', ['sales']);
  rep2 = await t.createUser('bulk.rep2', ['sales']);
  manager = await t.createUser('bulk.mgr', ['cs_manager']);
});
afterAll(async () => t?.close());

const newCustomer = async (name: string, ownerId: string) => {
  const r = await t.request('POST', '/api/v1/customers', { token: manager.token, body: { name, customerType: 'direct', ownerId } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string; archiveNo: string; version: number }>();
};
const bulk = (token: string, body: Record<string, unknown>) => t.request('POST', '/api/v1/customers/bulk-actions', { token, body });

describe('ARC-11 bulk actions on the customer list (issue 17 item 16)', () => {
  it('ARC-11 SEC-2 a rep sets the category of many: own archives change, a colleague\'s is not_found with nothing told, an unknown id the same', async () => {
    const a = await newCustomer('批量甲科技有限公司', rep.id);
    const b = await newCustomer('批量乙科技有限公司', rep.id);
    const hidden = await newCustomer('批量丙科技有限公司', rep2.id);
    const hiddenBefore = (await t.request('GET', `/api/v1/customers/${hidden.id}`, { token: manager.token })).json();
    const r = await bulk(rep.token, { customerIds: [a.id, hidden.id, b.id, '999999999', a.id], action: 'set_category', category: 'partner' });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<BulkCustomerResult>();
    expect(body.results.map((x) => [x.customerId, x.outcome])).toEqual([[a.id, 'done'], [hidden.id, 'not_found'], [b.id, 'done'], ['999999999', 'not_found']]);
    expect(body.results[1]).toEqual(body.results[3] && { ...body.results[3], customerId: hidden.id });
    expect(JSON.stringify(body.results[1])).not.toContain('批量丙');
    expect(body.results[0]).toMatchObject({ archiveNo: a.archiveNo, name: '批量甲科技有限公司' });
    expect(body.summary).toEqual({ done: 2, unchanged: 0, approvalRequested: 0, refused: 0, notFound: 2 });
    expect((await t.request('GET', `/api/v1/customers/${a.id}`, { token: rep.token })).json().category).toBe('partner');
    expect((await t.request('GET', `/api/v1/customers/${hidden.id}`, { token: manager.token })).json()).toEqual(hiddenBefore);
    const audited = await t.database.db.selectFrom('audit_events').select('entity_id').where('action', '=', 'customer.updated').where('entity_id', 'in', [a.id, b.id, hidden.id]).execute();
    expect(audited.map((e) => e.entity_id).sort()).toEqual([a.id, b.id].sort());
    const again = (await bulk(rep.token, { customerIds: [a.id], action: 'set_category', category: 'partner' })).json<BulkCustomerResult>();
    expect(again.results[0]!.outcome).toBe('unchanged');
  });

  it('ARC-11 a tag is added once; sharing with a colleague opens the archive to them (SEC-2), a second time is unchanged', async () => {
    const a = await newCustomer('批量标签甲有限公司', rep.id);
    const tagged = (await bulk(rep.token, { customerIds: [a.id], action: 'add_tag', tag: '展会' })).json<BulkCustomerResult>();
    expect(tagged.results[0]!.outcome).toBe('done');
    expect((await bulk(rep.token, { customerIds: [a.id], action: 'add_tag', tag: '展会' })).json<BulkCustomerResult>().results[0]!.outcome).toBe('unchanged');
    expect((await t.request('GET', `/api/v1/customers/${a.id}`, { token: rep.token })).json().tags).toEqual(['展会']);
    expect((await t.request('GET', `/api/v1/customers/${a.id}`, { token: rep2.token })).statusCode).toBe(404);
    const shared = (await bulk(rep.token, { customerIds: [a.id], action: 'share', userId: rep2.id })).json<BulkCustomerResult>();
    expect(shared.results[0]!.outcome).toBe('done');
    expect((await t.request('GET', `/api/v1/customers/${a.id}`, { token: rep2.token })).statusCode).toBe(200);
    expect((await bulk(rep.token, { customerIds: [a.id], action: 'share', userId: rep2.id })).json<BulkCustomerResult>().results[0]!.outcome).toBe('unchanged');
  });

  it('ARC-11 SEC-8 a manager assigns an owner: a normal archive moves, an A-class one files a protected change; a rep is refused row by row', async () => {
    const normal = await newCustomer('批量转移普通有限公司', rep.id);
    const aClass = await newCustomer('批量转移甲类有限公司', rep.id);
    await t.database.db.updateTable('customers').set({ abc_class: 'A' }).where('id', '=', aClass.id).execute();
    const r = (await bulk(manager.token, { customerIds: [normal.id, aClass.id], action: 'assign_owner', ownerId: rep2.id, reason: '区域调整' })).json<BulkCustomerResult>();
    expect(r.results).toEqual([
      expect.objectContaining({ customerId: normal.id, outcome: 'done' }),
      expect.objectContaining({ customerId: aClass.id, outcome: 'approval_requested', approvalId: expect.any(String) }),
    ]);
    expect((await t.request('GET', `/api/v1/customers/${normal.id}`, { token: manager.token })).json().ownerId).toBe(rep2.id);
    expect((await t.request('GET', `/api/v1/customers/${aClass.id}`, { token: manager.token })).json().ownerId).toBe(rep.id);

    const mine = await newCustomer('批量转移业务员有限公司', rep.id);
    const before = await snapshotTables(t.database);
    const refused = (await bulk(rep.token, { customerIds: [mine.id], action: 'assign_owner', ownerId: rep2.id, reason: '想给同事' })).json<BulkCustomerResult>();
    expect(refused.results[0]).toMatchObject({ outcome: 'refused', code: 'forbidden', archiveNo: mine.archiveNo });
    expect(await snapshotTables(t.database)).toEqual(before);
  });

  it('ARC-11 bad input is a 400 naming the field and changes nothing; a stranger gets 401', async () => {
    const a = await newCustomer('批量校验有限公司', rep.id);
    const before = await snapshotTables(t.database);
    const missing = await bulk(rep.token, { customerIds: [a.id], action: 'set_category' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([expect.objectContaining({ path: 'category' })]);
    expect((await bulk(rep.token, { customerIds: [], action: 'add_tag', tag: 'x' })).statusCode).toBe(400);
    expect((await bulk(rep.token, { customerIds: [a.id], action: 'delete_all' })).statusCode).toBe(400);
    expect((await t.request('POST', '/api/v1/customers/bulk-actions', { body: { customerIds: [a.id], action: 'add_tag', tag: 'x' } })).statusCode).toBe(401);
    expect(await snapshotTables(t.database)).toEqual(before);
  });

  it('ARC-12 the selection exports: only the selected archives the caller may export', async () => {
    const a = await newCustomer('批量导出甲有限公司', rep.id);
    await newCustomer('批量导出乙有限公司', rep.id);
    const hidden = await newCustomer('批量导出丙有限公司', rep2.id);
    const r = await t.request('GET', `/api/v1/exports/customers?format=xlsx&columns=archiveNo,name&ids=${a.id},${hidden.id}`, { token: rep.token });
    expect(r.statusCode, r.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    const names = wb.worksheets[0]!.getColumn(2).values.filter((v) => typeof v === 'string' && v.startsWith('批量导出'));
    expect(names).toEqual(['批量导出甲有限公司']);
    expect((await t.request('GET', '/api/v1/exports/customers?ids=abc', { token: rep.token })).statusCode).toBe(400);
  });

  it('ARC-11 SEC-2 all matching the filter: the server resolves the caller\'s matches, previews the count, runs only on the previewed count, reports progress to its starter only', async () => {
    const mine = [await newCustomer('全选甲有限公司', rep.id), await newCustomer('全选乙有限公司', rep.id)];
    const hidden = await newCustomer('全选丙有限公司', rep2.id);
    for (const c of [...mine, hidden]) expect((await t.request('PATCH', `/api/v1/customers/${c.id}`, { token: manager.token, body: { version: c.version, tags: ['全选'] } })).statusCode).toBe(200);
    const filter = { tag: '全选' };
    const preview = (await bulk(rep.token, { filter, preview: true, action: 'set_category' })).json<BulkCustomerResult>();
    expect(preview.matched).toEqual({ count: 2, cap: 5000, overCap: false }); // the colleague's archive is not counted
    const stale = await bulk(rep.token, { filter, expectedCount: 3, action: 'set_category', category: 'vip' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().errors[0].path).toBe('expectedCount');
    expect((await bulk(rep.token, { filter, action: 'set_category', category: 'vip' })).json().errors[0].path).toBe('expectedCount');
    expect((await bulk(rep.token, { filter, customerIds: [hidden.id], expectedCount: 2, action: 'set_category', category: 'vip' })).statusCode).toBe(400);
    const started = await bulk(rep.token, { filter, expectedCount: 2, action: 'set_category', category: 'vip' });
    expect(started.statusCode, started.body).toBe(200);
    const run = started.json<BulkCustomerResult>().run!;
    expect(run).toMatchObject({ status: 'running', total: 2 });
    await waitForBulkRun(run.id);
    const done = (await t.request('GET', `/api/v1/customers/bulk-actions/${run.id}`, { token: rep.token })).json<BulkRun>();
    expect(done).toMatchObject({ status: 'finished', total: 2, processed: 2, summary: { done: 2, unchanged: 0, approvalRequested: 0, refused: 0, notFound: 0 } });
    expect(done.results.map((r) => r.name).sort()).toEqual(['全选乙有限公司', '全选甲有限公司']);
    expect((await t.request('GET', `/api/v1/customers/bulk-actions/${run.id}`, { token: rep2.token })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/customers/${hidden.id}`, { token: manager.token })).json().category).toBeNull();
  });
});
