import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { planDestruction, planProtectedChange, checkExecute, type ArchiveState } from './lifecycle.rules.js';

let t: TestApp;
type U = { id: string; token: string };
let owner: U, cs: U, csManager: U, gm: U, mm: U, archivist: U, sales2: U;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.createUser('l.owner', ['sales']);
  sales2 = await t.createUser('l.sales2', ['sales']);
  cs = await t.createUser('l.cs', ['cs_staff']);
  csManager = await t.createUser('l.csm', ['cs_manager']);
  gm = await t.createUser('l.gm', ['gm']);
  mm = await t.createUser('l.mm', ['marketing_manager']);
  archivist = await t.createUser('l.arch', ['archivist']);
});
afterAll(async () => t?.close());

const create = async (name: string, extra: Record<string, unknown> = {}) => {
  const r = await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name, customerType: 'direct', confirmDuplicate: true, phone: '0755-88886666', ...extra } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string; version: number; archiveNo: string }>();
};
const ask = (token: string, id: string, body: Record<string, unknown>) => t.request('POST', `/api/v1/customers/${id}/protected-changes`, { token, body });
const approve = (token: string, approvalId: string) => t.request('POST', `/api/v1/approvals/${approvalId}/approve`, { token, body: {} });

describe('SEC-8 protected changes, pure', () => {
  const a: ArchiveState = { lifecycle: 'active', secrecyLevel: 'secret', tier: 'key', ownerId: 'u1' };
  it('SEC-8 approvers: cs_manager deletes and restores, gm lowers a level, marketing_manager transfers a key customer', () => {
    expect(planProtectedChange('delete', a, {})).toEqual({ ok: true, approverRole: 'cs_manager', rule: 'SEC-8' });
    expect(planProtectedChange('restore', { ...a, lifecycle: 'deleted' }, {})).toMatchObject({ ok: true, approverRole: 'cs_manager' });
    expect(planProtectedChange('lower_secrecy', a, { secrecyLevel: 'none' })).toMatchObject({ ok: true, approverRole: 'gm' });
    expect(planProtectedChange('transfer_owner', a, { ownerId: 'u2' })).toMatchObject({ ok: true, approverRole: 'marketing_manager' });
    expect(planProtectedChange('transfer_owner', { ...a, tier: 'big' }, { ownerId: 'u2' })).toMatchObject({ ok: true });
  });
  it('SEC-8 what cannot be asked: raising through approval, a normal customer\'s transfer, restoring a live archive, anything destroyed', () => {
    expect(planProtectedChange('lower_secrecy', a, { secrecyLevel: 'confidential' })).toMatchObject({ ok: false, rule: 'SEC-5' });
    expect(planProtectedChange('lower_secrecy', a, { secrecyLevel: 'secret' })).toMatchObject({ ok: false });
    expect(planProtectedChange('transfer_owner', { ...a, tier: 'normal' }, { ownerId: 'u2' })).toMatchObject({ ok: false });
    expect(planProtectedChange('transfer_owner', a, { ownerId: 'u1' })).toMatchObject({ ok: false });
    expect(planProtectedChange('restore', a, {})).toMatchObject({ ok: false, code: 'conflict' });
    expect(planProtectedChange('delete', { ...a, lifecycle: 'deleted' }, {})).toMatchObject({ ok: false, code: 'conflict' });
    for (const c of ['delete', 'restore', 'lower_secrecy', 'transfer_owner'] as const) expect(planProtectedChange(c, { ...a, lifecycle: 'destroyed' }, { secrecyLevel: 'none', ownerId: 'u2' })).toMatchObject({ ok: false, rule: 'SEC-9' });
  });
  it('SEC-9 destruction: asked for deleted or dormant archives, approved by gm, executed once by an archivist', () => {
    expect(planDestruction({ ...a, lifecycle: 'deleted' })).toMatchObject({ ok: true, approverRole: 'gm' });
    expect(planDestruction({ ...a, lifecycle: 'dormant' })).toMatchObject({ ok: true });
    expect(planDestruction(a)).toMatchObject({ ok: false, rule: 'SEC-9' });
    expect(planDestruction({ ...a, lifecycle: 'destroyed' })).toMatchObject({ ok: false, code: 'conflict' });
    expect(checkExecute(['archivist'], { approved: true, executed: false })).toEqual({ ok: true });
    expect(checkExecute(['gm', 'cs_manager'], { approved: true, executed: false })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(checkExecute(['archivist'], { approved: false, executed: false })).toMatchObject({ ok: false, code: 'conflict' });
    expect(checkExecute(['archivist'], { approved: true, executed: true })).toMatchObject({ ok: false, code: 'conflict' });
  });
});

describe('SEC-8 protected changes through approvals', () => {
  it('SEC-8 deleting goes to the recycle bin after cs_manager approves; the archive disappears from everywhere; restoring brings it back', async () => {
    const c = await create('回收站测试有限公司');
    const r = await ask(owner.token, c.id, { change: 'delete', reason: '重复建档' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ state: 'pending', approverRole: 'cs_manager', change: 'delete' });
    expect((await ask(owner.token, c.id, { change: 'delete', reason: '再次' })).statusCode).toBe(409);
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: owner.token })).statusCode).toBe(200); // nothing yet
    expect((await approve(csManager.token, r.json().approvalId)).statusCode).toBe(200);
    for (const token of [owner.token, cs.token, gm.token]) {
      expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token })).statusCode).toBe(404);
      expect((await t.request('GET', `/api/v1/customers?q=${encodeURIComponent('回收站测试')}`, { token })).json().items).toEqual([]);
    }
    const bin = (await t.request('GET', '/api/v1/recycle-bin', { token: csManager.token })).json().items;
    expect(bin[0]).toMatchObject({ id: c.id, reason: '重复建档', deletedByName: 'l.owner' });
    expect((await t.request('GET', '/api/v1/recycle-bin', { token: owner.token })).statusCode).toBe(403);
    // the owner cannot reach it any more; the bin's keepers ask to restore it
    expect((await ask(owner.token, c.id, { change: 'restore', reason: '误删' })).statusCode).toBe(404);
    const back = await ask(archivist.token, c.id, { change: 'restore', reason: '误删' });
    expect(back.statusCode, back.body).toBe(201);
    expect((await approve(csManager.token, back.json().approvalId)).statusCode).toBe(200);
    const restored = (await t.request('GET', `/api/v1/customers/${c.id}`, { token: owner.token })).json();
    expect(restored.lifecycle).toBe('active');
    const history = (await t.request('GET', `/api/v1/customers/${c.id}/history`, { token: owner.token })).json().items;
    expect(history.slice(0, 2).map((h: { changes: { newValue: string }[] }) => h.changes[0]!.newValue)).toEqual(['active', 'deleted']);
  });

  it('SEC-5 SEC-8 raising a level applies at once; lowering it needs the gm', async () => {
    const c = await create('密级变更测试有限公司');
    const raised = await t.request('PATCH', `/api/v1/customers/${c.id}`, { token: owner.token, body: { version: c.version, secrecyLevel: 'secret' } });
    expect(raised.statusCode, raised.body).toBe(200);
    expect(raised.json().secrecyLevel).toBe('secret');
    const direct = await t.request('PATCH', `/api/v1/customers/${c.id}`, { token: owner.token, body: { version: raised.json().version, secrecyLevel: 'none' } });
    expect(direct.statusCode).toBe(422);
    expect(direct.json().rule).toBe('SEC-8');
    const r = (await ask(owner.token, c.id, { change: 'lower_secrecy', reason: '合作结束，降为普通', secrecyLevel: 'none' })).json();
    expect(r.approverRole).toBe('gm');
    expect((await approve(csManager.token, r.approvalId)).statusCode).toBe(404);
    expect((await approve(gm.token, r.approvalId)).statusCode).toBe(200);
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: owner.token })).json().secrecyLevel).toBe('none');
    const lowered = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'customer.secrecy_lowered').where('entity_id', '=', c.id).executeTakeFirstOrThrow();
    expect(lowered.data).toMatchObject({ from: 'secret', to: 'none' });
  });

  it('SEC-8 a key customer changes owner only with the marketing manager\'s approval; a normal one directly', async () => {
    const normal = await create('普通客户转移测试有限公司');
    const moved = await t.request('PATCH', `/api/v1/customers/${normal.id}`, { token: cs.token, body: { version: normal.version, ownerId: sales2.id } });
    expect(moved.statusCode, moved.body).toBe(200);
    const key = await create('重点客户转移测试有限公司');
    await t.database.ownerPool.query(`UPDATE customers SET tier = 'key' WHERE id = $1`, [key.id]);
    const refused = await t.request('PATCH', `/api/v1/customers/${key.id}`, { token: cs.token, body: { version: key.version, ownerId: sales2.id } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().rule).toBe('SEC-8');
    const r = (await ask(cs.token, key.id, { change: 'transfer_owner', reason: '调岗', ownerId: sales2.id })).json();
    expect(r.approverRole).toBe('marketing_manager');
    expect((await approve(mm.token, r.approvalId)).statusCode).toBe(200);
    expect((await t.request('GET', `/api/v1/customers/${key.id}`, { token: sales2.token })).json().ownerId).toBe(sales2.id);
    expect((await t.request('GET', `/api/v1/customers/${key.id}`, { token: owner.token })).statusCode).toBe(404);
  });

  it('SEC-8 bad requests change nothing: unknown change, missing reason, raising via approval, stranger', async () => {
    const c = await create('受保护变更坏输入有限公司');
    const before = await snapshotTables(t.database);
    for (const body of [{ change: 'explode', reason: 'x' }, { change: 'delete' }, { change: 'delete', reason: '' }, { change: 'lower_secrecy', reason: 'x' }, { change: 'delete', reason: 'x', extra: true }]) {
      const r = await ask(owner.token, c.id, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await ask(owner.token, c.id, { change: 'lower_secrecy', reason: 'x', secrecyLevel: 'secret' })).statusCode).toBe(422);
    expect((await ask(sales2.token, c.id, { change: 'delete', reason: 'x' })).statusCode).toBe(404);
    const after = await snapshotTables(t.database);
    for (const table of ['approvals', 'customers', 'customer_history']) expect(after[table], table).toBe(before[table]);
  });
});

describe('SEC-9 destruction', () => {
  it('SEC-9 no archive row can be deleted, not even by SQL through the application role: the row and its history stay', async () => {
    const c = await create('不可删除测试有限公司');
    await expect(sql`DELETE FROM customers WHERE id = ${c.id}::bigint`.execute(t.database.db)).rejects.toThrow(/never deleted/);
    expect(await t.database.db.selectFrom('customers').select('id').where('id', '=', c.id).executeTakeFirst()).toEqual({ id: c.id });
    expect((await t.database.db.selectFrom('customer_history').select('id').where('customer_id', '=', c.id).execute()).length).toBeGreaterThan(0);
  });

  it('SEC-9 requested from the recycle bin, approved by gm, executed by an archivist: content purged, number, name and record kept', async () => {
    const c = await create('销毁测试有限公司', { bankAccount: '6222021234567890', remarks: '要销毁的备注' });
    await t.request('POST', `/api/v1/customers/${c.id}/contacts`, { token: owner.token, body: { role: 'primary', name: '周联系', mobile: '13912345678', family: '已婚' } });
    await t.request('POST', `/api/v1/customers/${c.id}/transactions`, { token: owner.token, body: { txNo: 'XH-1', date: '2024-05-05', amount: '1200.00', place: '深圳', products: [{ product: '钢材', quantity: '2', price: '600.00' }] } });
    const call = await t.request('POST', '/api/v1/communications', { token: owner.token, body: { customerId: c.id, channel: 'phone', occurredAt: '2024-05-06T02:00:00Z', subject: '要销毁的通话主题', content: '要销毁的通话内容' } });
    expect(call.statusCode, call.body).toBe(201);
    const complaint = await t.request('POST', '/api/v1/complaints', { token: owner.token, body: { customerId: c.id, channel: 'phone', receivedAt: '2024-05-07T02:00:00Z', reason: '要销毁的投诉原因', demand: '要销毁的投诉要求', contactName: '要销毁的联系人' } });
    expect(complaint.statusCode, complaint.body).toBe(201);
    const deal = await t.request('POST', '/api/v1/opportunities', { token: owner.token, body: { customerId: c.id, title: '要销毁的商机名称', expectedAmount: '1000.00', expectedCloseOn: '2027-01-31' } });
    expect(deal.statusCode, deal.body).toBe(201);
    const { multipart, pdf } = await import('../documents/documents.fixtures.js');
    const upload = multipart({ kind: 'original', category: 'business_licence', title: '营业执照', pages: '1' }, { name: 'licence.pdf', type: 'application/pdf', content: pdf(`销毁测试${Date.now()}`) });
    const doc = await t.app.inject({ method: 'POST', url: `/api/v1/customers/${c.id}/documents`, headers: { authorization: `Bearer ${owner.token}`, ...upload.headers }, payload: upload.payload });
    expect(doc.statusCode, doc.body).toBe(201);
    const storedFile = path.join(t.config.storage, 'documents', doc.json().sha256.slice(0, 2), doc.json().sha256);
    expect(existsSync(storedFile)).toBe(true);
    // an active archive is not destroyed
    expect((await t.request('POST', `/api/v1/customers/${c.id}/destruction-requests`, { token: archivist.token, body: { reason: '无保存价值' } })).statusCode).toBe(422);
    const del = (await ask(owner.token, c.id, { change: 'delete', reason: '客户注销' })).json();
    await approve(csManager.token, del.approvalId);
    expect((await t.request('POST', `/api/v1/customers/${c.id}/destruction-requests`, { token: owner.token, body: { reason: '无保存价值' } })).statusCode).toBe(403);
    const req = await t.request('POST', `/api/v1/customers/${c.id}/destruction-requests`, { token: archivist.token, body: { reason: '客户注销满三年，无保存价值' } });
    expect(req.statusCode, req.body).toBe(201);
    expect(req.json().approverRole).toBe('gm');
    // not approved yet: the archivist cannot execute
    expect((await t.request('POST', `/api/v1/destructions/${req.json().id}/execute`, { token: archivist.token })).statusCode).toBe(409);
    expect((await approve(csManager.token, req.json().approvalId)).statusCode).toBe(404);
    expect((await approve(gm.token, req.json().approvalId)).statusCode).toBe(200);
    // nobody but an archivist executes it, not even the gm
    expect((await t.request('POST', `/api/v1/destructions/${req.json().id}/execute`, { token: gm.token })).statusCode).toBe(403);
    const done = await t.request('POST', `/api/v1/destructions/${req.json().id}/execute`, { token: archivist.token });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().purged).toMatchObject({ contacts: 1, transactionLines: 1, transactions: 1, documents: 1, communications: 1 });
    // SEC-9 REL-3 what was said is gone; that a call happened stays
    const said = JSON.stringify((await t.database.ownerPool.query('SELECT * FROM communications WHERE customer_id = $1', [c.id])).rows);
    expect(said).not.toContain('要销毁的通话');
    expect(said).toContain('"channel":"phone"');
    // SEC-9 SVC-1 SAL-2 … and of its complaints and opportunities: the words go, the records stay countable
    expect(done.json().purged).toMatchObject({ complaints: 1, opportunities: 1, contracts: 0 });
    const complained = JSON.stringify((await t.database.ownerPool.query('SELECT * FROM complaints WHERE customer_id = $1', [c.id])).rows);
    expect(complained).not.toContain('要销毁的');
    expect(complained).toContain(complaint.json().complaintNo);
    const deals = JSON.stringify((await t.database.ownerPool.query('SELECT * FROM opportunities WHERE customer_id = $1', [c.id])).rows);
    expect(deals).not.toContain('要销毁的');
    expect(deals).toContain('"expected_amount":"1000.00"');
    expect(existsSync(storedFile)).toBe(false);
    expect((await t.request('POST', `/api/v1/destructions/${req.json().id}/execute`, { token: archivist.token })).statusCode).toBe(409);
    const row = (await t.database.ownerPool.query('SELECT archive_no, name, lifecycle, bank_account, remarks, phone FROM customers WHERE id = $1', [c.id])).rows[0];
    expect(row).toEqual({ archive_no: c.archiveNo, name: '销毁测试有限公司', lifecycle: 'destroyed', bank_account: null, remarks: null, phone: null });
    const raw = JSON.stringify((await t.database.ownerPool.query('SELECT * FROM customer_history WHERE customer_id = $1', [c.id])).rows);
    expect(raw).not.toContain('要销毁的备注');
    expect((await t.database.ownerPool.query('SELECT count(*)::int AS n FROM contacts WHERE customer_id = $1', [c.id])).rows[0].n).toBe(0);
    const register = (await t.request('GET', '/api/v1/destructions', { token: gm.token })).json().items;
    expect(register[0]).toMatchObject({ archiveNo: c.archiveNo, name: '销毁测试有限公司', state: 'executed', requestedByName: 'l.arch', approvedByName: 'l.gm', executedByName: 'l.arch', reason: '客户注销满三年，无保存价值' });
    // a destroyed archive is gone for everyone and cannot be restored
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: gm.token })).statusCode).toBe(404);
    expect((await ask(archivist.token, c.id, { change: 'restore', reason: '想恢复' })).statusCode).toBe(409);
    // the run-time role cannot delete the destruction record
    await expect(t.database.pool.query('DELETE FROM destructions')).rejects.toThrow(/kept forever/);
    await expect(t.database.ownerPool.query('TRUNCATE destructions CASCADE')).rejects.toThrow(/kept forever/);
  });
});

describe('ARC-9 periodic review of dormant and invalid archives', () => {
  type Item = { id: string; reasons: string[] };
  const reviewList = async (token: string) => {
    const r = await t.request('GET', '/api/v1/archive-review?limit=200', { token });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ items: Item[] }>().items;
  };
  const decide = (token: string, id: string, body: Record<string, unknown>) => t.request('POST', `/api/v1/archive-review/${id}`, { token, body });
  it('ARC-9 proposes dormant, incomplete and unreachable archives to a reviewer who may read them; keep, invalid and destroy go through the lifecycle', async () => {
    const full = { address: '深圳市南山区科技园', region: '440305' };
    const fine = await create('复查完整有限公司', full);
    const noAddress = await create('复查缺地址有限公司', { region: '440305' });
    const unreachable = await create('复查无联系方式有限公司', { ...full, phone: null });
    const dormant = await create('复查休眠有限公司', full);
    await sql`UPDATE customers SET lifecycle = 'dormant' WHERE id = ${dormant.id}`.execute(t.database.db);
    const mine = (await reviewList(csManager.token)).filter((i) => [fine.id, noAddress.id, unreachable.id, dormant.id].includes(i.id));
    expect(Object.fromEntries(mine.map((i) => [i.id, i.reasons]))).toEqual({ [noAddress.id]: ['missing_address'], [unreachable.id]: ['unreachable'], [dormant.id]: ['dormant'] });
    // SEC-2: an archivist reads none of these archives, so none is proposed to them and none can be decided
    expect((await reviewList(archivist.token)).map((i) => i.id)).not.toContain(noAddress.id);
    expect((await decide(archivist.token, noAddress.id, { decision: 'keep' })).statusCode).toBe(404);
    expect((await t.request('GET', '/api/v1/archive-review', { token: owner.token })).statusCode).toBe(403);
    expect((await decide(csManager.token, fine.id, { decision: 'keep' })).statusCode).toBe(422);

    const kept = await decide(csManager.token, noAddress.id, { decision: 'keep', note: '客户搬迁中，地址待补' });
    expect(kept.statusCode, kept.body).toBe(201);
    expect(kept.json()).toMatchObject({ decision: 'keep', approvalId: null });
    const invalid = await decide(csManager.token, unreachable.id, { decision: 'invalid' });
    expect(invalid.statusCode, invalid.body).toBe(201);
    const destroy = await decide(csManager.token, dormant.id, { decision: 'destroy' });
    expect(destroy.statusCode, destroy.body).toBe(201);
    const approvals = await t.database.db.selectFrom('approvals').select(['id', 'type', 'payload']).where('id', 'in', [invalid.json().approvalId, destroy.json().approvalId]).orderBy('id').execute();
    expect(approvals.map((a) => a.type)).toEqual(['customer_delete', 'destruction']);
    expect(JSON.stringify(approvals[0]!.payload)).toContain('定期清理：无效档案（无可用联系方式）');
    const left = (await reviewList(csManager.token)).map((i) => i.id);
    for (const id of [noAddress.id, unreachable.id, dormant.id]) expect(left).not.toContain(id);
    const audited = await t.database.db.selectFrom('audit_events').select('entity_id').where('action', '=', 'customer.review_decided').execute();
    expect(audited.map((a) => a.entity_id).sort()).toEqual([noAddress.id, unreachable.id, dormant.id].sort());
  });

  it('ARC-9 SEC-3 SEC-4 a reviewer who may not read an archive\'s contacts learns nothing about them: "unreachable" is withheld, not judged', async () => {
    const full = { address: '深圳市宝安区', region: '440306', phone: null };
    const withMobile = await create('复查甲类有手机有限公司', full);
    const bare = await create('复查甲类无联系人有限公司', full);
    const withMobileNoAddress = await create('复查甲类有手机缺地址有限公司', { ...full, address: null });
    const bareNoAddress = await create('复查甲类无联系人缺地址有限公司', { ...full, address: null });
    for (const c of [withMobile, withMobileNoAddress]) {
      const k = await t.request('POST', `/api/v1/customers/${c.id}/contacts`, { token: owner.token, body: { role: 'primary', name: '赵采购', mobile: '13912345678' } });
      expect(k.statusCode, k.body).toBe(201);
    }
    const ids = [withMobile.id, bare.id, withMobileNoAddress.id, bareNoAddress.id];
    await sql`UPDATE customers SET abc_class = 'A' WHERE id = ANY(${ids.map(Number)}::bigint[])`.execute(t.database.db);
    const seen = async (token: string, reason = '') => {
      const r = await t.request('GET', `/api/v1/archive-review?limit=200${reason}`, { token });
      expect(r.statusCode, r.body).toBe(200);
      return Object.fromEntries(r.json<{ items: (Item & { withheld: string[] })[] }>().items.filter((i) => ids.includes(i.id)).map((i) => [i.id, { reasons: i.reasons, withheld: i.withheld }]));
    };
    // the customer-service manager reads these A-class archives as a basic card only: the two pairs look the same
    expect(await seen(csManager.token)).toEqual({
      [withMobileNoAddress.id]: { reasons: ['missing_address'], withheld: ['contacts'] },
      [bareNoAddress.id]: { reasons: ['missing_address'], withheld: ['contacts'] },
    });
    expect(await seen(csManager.token, '&reason=unreachable')).toEqual({});
    // a decision tells nothing either: the complete ones are "not on the list" alike, the others name only what the reviewer may know
    for (const c of [withMobile, bare]) expect((await decide(csManager.token, c.id, { decision: 'keep' })).statusCode).toBe(422);
    const d = await decide(csManager.token, bareNoAddress.id, { decision: 'invalid' });
    expect(d.statusCode, d.body).toBe(201);
    const payload = (await t.database.db.selectFrom('approvals').select('payload').where('id', '=', d.json().approvalId).executeTakeFirstOrThrow()).payload;
    expect(JSON.stringify(payload)).toContain('定期清理：无效档案（缺地址）');
    const recorded = await t.database.db.selectFrom('archive_reviews').select('reasons').where('customer_id', '=', bareNoAddress.id).executeTakeFirstOrThrow();
    expect(recorded.reasons).toEqual(['missing_address']);
    // a reviewer who reads A-class contacts (SEC-3: the general manager) sees the difference
    const gmSees = await seen(gm.token);
    expect(gmSees[bare.id]).toEqual({ reasons: ['unreachable'], withheld: [] });
    expect(gmSees[withMobile.id]).toBeUndefined();
    expect(gmSees[withMobileNoAddress.id]).toEqual({ reasons: ['missing_address'], withheld: [] });
  });

  it('ARC-9 a decision is one transaction: when recording it fails, the approval it asked for is not left behind', async () => {
    const c = await create('复查事务有限公司', { region: '440305' }); // no address: on the list
    await t.database.ownerPool.query(`CREATE FUNCTION test_refuse_review() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
      CREATE TRIGGER test_refuse_review BEFORE INSERT ON archive_reviews FOR EACH ROW EXECUTE FUNCTION test_refuse_review()`);
    try {
      const failed = await decide(csManager.token, c.id, { decision: 'invalid' });
      expect(failed.statusCode).toBeGreaterThanOrEqual(400);
      const failedKeep = await decide(csManager.token, c.id, { decision: 'keep' });
      expect(failedKeep.statusCode).toBeGreaterThanOrEqual(400);
    } finally {
      await t.database.ownerPool.query('DROP TRIGGER test_refuse_review ON archive_reviews; DROP FUNCTION test_refuse_review()');
    }
    const left = await t.database.db.selectFrom('approvals').select('id').where('customer_id', '=', c.id).where('type', '=', 'customer_delete').execute();
    expect(left).toEqual([]);
    expect(await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'customer.review_decided').where('entity_id', '=', c.id).execute()).toEqual([]);
    // and the decision can simply be taken again (no "already waiting" request in the way)
    const again = await decide(csManager.token, c.id, { decision: 'invalid' });
    expect(again.statusCode, again.body).toBe(201);
  });
});

