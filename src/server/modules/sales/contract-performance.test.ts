import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { alertMissingContractDocuments } from './sales-alerts.service.js';
import { checkDelivery, contractDocumentsDueOn, missingContractDocuments } from './sales.rules.js';

let t: TestApp;
let owner: { id: string; token: string };
let head: { id: string; token: string };
let other: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const dept = await db.insertInto('departments').values({ name: '履约部', parent_id: t.rootDepartmentId }).returning('id').executeTakeFirstOrThrow();
  head = await t.createUser('perf.head', ['sales'], { departmentId: dept.id });
  owner = await t.createUser('perf.owner', ['sales'], { departmentId: dept.id });
  other = await t.createUser('perf.other', ['sales']);
  await db.updateTable('departments').set({ manager_id: head.id }).where('id', '=', dept.id).execute();
});
afterAll(async () => t?.close());

async function signedContract(name: string, signedOn: string) {
  const c = (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name, customerType: 'direct' } })).json();
  const k = (await t.request('POST', '/api/v1/contracts', { token: owner.token, body: { customerId: c.id, title: '阀门采购', amount: '1000.00', signatory: '王经理', lines: [{ product: '阀门', quantity: '10', unit: '个', price: '100' }], instalments: [{ dueOn: '2099-12-31', amount: '1000.00' }] } })).json();
  await t.request('PATCH', `/api/v1/contracts/${k.id}/checklist`, { token: owner.token, body: { version: 0, legalStatus: true, businessScope: true, capacity: true, credit: true, signatoryAuthority: true } });
  const s = await t.request('POST', `/api/v1/contracts/${k.id}/sign`, { token: owner.token, body: { signedOn } });
  expect(s.statusCode, s.body).toBe(200);
  return { customerId: c.id as string, contract: s.json() as { id: string; contractNo: string; version: number } };
}

describe('SAL-3 deliveries against contract lines', () => {
  it.each([
    [{ quantity: '10', delivered: '0' }, '4', '4'],
    [{ quantity: '10', delivered: '4' }, '6', '10'],
    [{ quantity: '10', delivered: '4' }, '6.0001', null],
    [{ quantity: '2.5', delivered: '0.25' }, '0.25', '0.5'],
    [{ quantity: '10', delivered: '0' }, '0', null],
  ])('SAL-3 delivering against %o %s gives %s', (line, q, total) => {
    const r = checkDelivery(line, q);
    if (total === null) expect(r.ok).toBe(false);
    else expect(r).toEqual({ ok: true, delivered: total });
  });

  it('SAL-3 a delivery is recorded against a line of a signed contract, audited; beyond the quantity is 422 and changes nothing', async () => {
    const { contract } = await signedContract('发货测试有限公司', '2026-11-01');
    const r = await t.request('POST', `/api/v1/contracts/${contract.id}/deliveries`, { token: owner.token, body: { lineNo: 1, quantity: '4', deliveredOn: '2026-11-10' } });
    expect(r.statusCode, r.body).toBe(201);
    const line = r.json().lines[0];
    expect([line.lineNo, Number(line.quantity), Number(line.delivered)]).toEqual([1, 10, 4]);
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'entity_id']).where('action', '=', 'contract.delivered').execute();
    expect(audit).toEqual([{ action: 'contract.delivered', entity_id: contract.id }]);
    const before = await snapshotTables(t.database);
    const over = await t.request('POST', `/api/v1/contracts/${contract.id}/deliveries`, { token: owner.token, body: { lineNo: 1, quantity: '7', deliveredOn: '2026-11-11' } });
    expect(over.statusCode).toBe(422);
    expect(over.json().errors).toEqual([expect.objectContaining({ path: 'quantity' })]);
    expect((await t.request('POST', `/api/v1/contracts/${contract.id}/deliveries`, { token: owner.token, body: { lineNo: 9, quantity: '1', deliveredOn: '2026-11-11' } })).json().errors).toEqual([expect.objectContaining({ path: 'lineNo' })]);
    expect((await t.request('POST', `/api/v1/contracts/${contract.id}/deliveries`, { token: owner.token, body: { lineNo: 1, quantity: '1', deliveredOn: '2099-01-01' } })).statusCode).toBe(400);
    expect((await t.request('POST', `/api/v1/contracts/${contract.id}/deliveries`, { token: other.token, body: { lineNo: 1, quantity: '1', deliveredOn: '2026-11-11' } })).statusCode).toBe(404);
    expect(await snapshotTables(t.database)).toEqual(before);
  });

  it('SAL-3 a draft contract takes no delivery (409)', async () => {
    const c = (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name: '草稿发货有限公司', customerType: 'direct' } })).json();
    const k = (await t.request('POST', '/api/v1/contracts', { token: owner.token, body: { customerId: c.id, title: '草稿', amount: '10.00', signatory: '李', lines: [{ product: '阀门', quantity: '1', unit: '个', price: '10' }], instalments: [{ dueOn: '2099-12-31', amount: '10.00' }] } })).json();
    expect((await t.request('POST', `/api/v1/contracts/${k.id}/deliveries`, { token: owner.token, body: { lineNo: 1, quantity: '1', deliveredOn: '2026-11-11' } })).statusCode).toBe(409);
  });
});

describe('SAL-4 required contract documents', () => {
  it('SAL-4 the required documents and their due day', () => {
    expect(missingContractDocuments([])).toEqual(['contract', 'legal_rep_id']);
    expect(missingContractDocuments(['legal_rep_id'])).toEqual(['contract']);
    expect(missingContractDocuments(['contract', 'legal_rep_id', 'other'])).toEqual([]);
    expect(contractDocumentsDueOn('2026-12-28')).toBe('2027-01-04');
  });

  it('SAL-4 a contract missing a required document gives its owner one contract_document task and tells the department head; filing them completes it', async () => {
    const db = t.database.db;
    const { customerId, contract } = await signedContract('缺件测试有限公司', '2026-11-20');
    const recent = await signedContract('新签测试有限公司', '2026-12-01');
    // 7 days after signing is 2026-11-27: on the 27th nothing yet, on the 28th the alert
    await alertMissingContractDocuments(db, new Date('2026-11-27T02:00:00Z'));
    const early = await db.selectFrom('tasks').select('id').where('kind', '=', 'contract_document').where('ref_id', '=', contract.id).execute();
    expect(early).toEqual([]);
    const now = new Date('2026-12-06T02:00:00Z');
    const first = await alertMissingContractDocuments(db, now);
    expect(first.alerted).toBeGreaterThanOrEqual(1);
    const tasks = await db.selectFrom('tasks').select(['kind', 'owner_id', 'ref_type', 'ref_id', 'title', 'customer_id', 'completed_at']).where('kind', '=', 'contract_document').where('ref_id', '=', contract.id).execute();
    expect(tasks).toEqual([expect.objectContaining({ kind: 'contract_document', owner_id: owner.id, ref_type: 'contract', customer_id: customerId, completed_at: null })]);
    expect(tasks[0]!.title).toContain(contract.contractNo);
    expect(tasks[0]!.title).toContain('合同原件扫描件');
    expect(await db.selectFrom('tasks').select('id').where('ref_id', '=', recent.contract.id).where('kind', '=', 'contract_document').execute()).toEqual([]);
    const told = await db.selectFrom('notifications').select(['kind', 'link']).where('user_id', '=', head.id).where('kind', '=', 'contract.documents_missing').execute();
    expect(told).toContainEqual({ kind: 'contract.documents_missing', link: `/sales/contracts/${contract.id}` });
    // once: a second run creates nothing new
    expect((await alertMissingContractDocuments(db, now)).alerted).toBe(0);
    const doc = (category: string) => ({ customer_id: customerId, kind: 'original', category, title: category, pages: 1, created_by: owner.id });
    await db.insertInto('documents').values([doc('contract'), doc('legal_rep_id')]).execute();
    const second = await alertMissingContractDocuments(db, now);
    expect(second.completed).toBe(1);
    const done = await db.selectFrom('tasks').select('completed_at').where('ref_id', '=', contract.id).where('kind', '=', 'contract_document').executeTakeFirstOrThrow();
    expect(done.completed_at).not.toBeNull();
    const last = await db.selectFrom('audit_events').select('data').where('action', '=', 'contract.documents_alerted').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last.data).toMatchObject({ alerted: 0, completed: 1 });
  });
});
