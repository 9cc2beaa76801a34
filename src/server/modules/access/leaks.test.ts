/**
 * Issue 11 items 1–9: leaks and bypasses found from outside, each closed at the policy or the
 * service. Every test here failed on the code before its fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../audit/audit.types.js';
import { openRound } from '../evaluation/rounds.service.js';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
type U = { id: string; token: string };
let owner: U, other: U, cs: U, csManager: U, gm: U, fin: U, admin: U, mm: U;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.createUser('lk.owner', ['sales']);
  other = await t.createUser('lk.other', ['sales']);
  cs = await t.createUser('lk.cs', ['cs_staff']);
  csManager = await t.createUser('lk.csm', ['cs_manager']);
  gm = await t.createUser('lk.gm', ['gm']);
  fin = await t.createUser('lk.fin', ['finance']);
  admin = await t.createUser('lk.admin', ['admin']);
  mm = await t.createUser('lk.mm', ['marketing_manager']);
});
afterAll(async () => t?.close());

type Made = { id: string; archiveNo: string; name: string; version: number };
let seq = 0;
async function archive(level: 'none' | 'secret' | 'confidential' | 'top_secret' = 'none', opts: { abc?: 'A' | 'B' | 'C' | null; token?: string; contact?: string; mobile?: string } = {}): Promise<Made> {
  const name = `泄漏测试${++seq}号${level}有限公司`;
  const r = await t.request('POST', '/api/v1/customers', { token: opts.token ?? owner.token, body: { name, customerType: 'direct', confirmDuplicate: true } });
  expect(r.statusCode, r.body).toBe(201);
  const c = r.json<{ id: string; archiveNo: string }>();
  if (opts.contact) {
    const k = await t.request('POST', `/api/v1/customers/${c.id}/contacts`, { token: opts.token ?? owner.token, body: { role: 'primary', name: opts.contact, ...(opts.mobile ? { mobile: opts.mobile } : {}) } });
    expect(k.statusCode, k.body).toBe(201);
  }
  await t.database.ownerPool.query('UPDATE customers SET secrecy_level = $2, abc_class = $3 WHERE id = $1', [c.id, level, opts.abc ?? null]);
  const version = (await t.database.ownerPool.query<{ version: number }>('SELECT version FROM customers WHERE id = $1', [c.id])).rows[0]!.version;
  return { id: c.id, archiveNo: c.archiveNo, name, version };
}
const ask = (token: string, customerId: string, groups = ['basic'], durationMinutes = 60) =>
  t.request('POST', '/api/v1/access-requests', { token, body: { customerId, groups, purpose: '核对', durationMinutes } });
const lookup = (token: string, archiveNo: string) => t.request('GET', `/api/v1/access-requests/archive-number?archiveNo=${archiveNo}`, { token });
const without = (body: string, ...secrets: string[]) => secrets.filter((s) => body.includes(s));

describe('SEC-6 item 1: access requests reveal nothing of unseen archives', () => {
  it('SEC-6 a request for an unseen archive by a bare id answers exactly as a non-existent archive, and writes nothing', async () => {
    const hidden = await archive('none');
    const before = await snapshotTables(t.database);
    const r = await ask(other.token, hidden.id);
    const none = await ask(other.token, '999999999');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual(none.json());
    const after = await snapshotTables(t.database);
    for (const table of ['approvals', 'access_requests', 'notifications']) expect(after[table], table).toBe(before[table]);
  });

  it('SEC-6 through the archive-number lookup a request can be filed; the list shows neither name, number nor level until it is granted', async () => {
    const hidden = await archive('secret');
    const found = await lookup(other.token, hidden.archiveNo);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toEqual({ customerId: hidden.id });
    const r = await ask(other.token, hidden.id);
    expect(r.statusCode, r.body).toBe(201);
    const list = await t.request('GET', '/api/v1/access-requests', { token: other.token });
    const mine = list.json().items.find((x: { customerId: string }) => x.customerId === hidden.id);
    expect(mine).toMatchObject({ customerName: null, archiveNo: null, secrecyLevel: null });
    expect(without(list.body, hidden.name)).toEqual([]);
    // the register's keeper sees everything
    const register = (await t.request('GET', `/api/v1/access-requests?customerId=${hidden.id}`, { token: csManager.token })).json().items;
    expect(register[0]).toMatchObject({ customerName: hidden.name, archiveNo: hidden.archiveNo, secrecyLevel: 'secret' });
    // granted: now the requester sees the name
    expect((await t.request('POST', `/api/v1/approvals/${r.json().approvalId}/approve`, { token: gm.token, body: {} })).statusCode).toBe(200);
    const after = (await t.request('GET', '/api/v1/access-requests', { token: other.token })).json().items.find((x: { customerId: string }) => x.customerId === hidden.id);
    expect(after).toMatchObject({ customerName: hidden.name, archiveNo: hidden.archiveNo });
  });

  it('SEC-6 SEC-7 the approvals and notifications of a requester never name an archive they cannot see', async () => {
    const hidden = await archive('none');
    expect((await lookup(other.token, hidden.archiveNo)).statusCode).toBe(200);
    const r = await ask(other.token, hidden.id);
    expect(r.statusCode, r.body).toBe(201);
    expect((await t.request('POST', `/api/v1/approvals/${r.json().approvalId}/reject`, { token: csManager.token, body: { comment: '不同意' } })).statusCode).toBe(200);
    const approvalId = r.json().approvalId as string;
    const mine = (await t.request('GET', '/api/v1/approvals?box=mine', { token: other.token })).json().items.find((a: { id: string }) => a.id === approvalId);
    const one = (await t.request('GET', `/api/v1/approvals/${approvalId}`, { token: other.token })).json();
    for (const shown of [mine, one]) {
      expect(without(JSON.stringify(shown), hidden.name, hidden.archiveNo, '"secrecyLevel"')).toEqual([]);
      expect(shown).toMatchObject({ customerName: null, payload: { groups: ['basic'], purpose: '核对', durationMinutes: 60 } });
    }
    const notes = (await t.request('GET', '/api/v1/notifications', { token: other.token })).body;
    expect(without(notes, hidden.name, hidden.archiveNo)).toEqual([]);
    // the approver reads it whole
    const forApprover = (await t.request('GET', `/api/v1/approvals/${approvalId}`, { token: csManager.token })).json();
    expect(forApprover.summary).toContain(hidden.archiveNo);
  });
});

describe('SEC-6 item 9: the archive-number lookup', () => {
  it('SEC-5 SEC-6 confidential and top-secret numbers one cannot see look exactly like numbers never given; every lookup is audited', async () => {
    const top = await archive('top_secret');
    const conf = await archive('confidential');
    const none = await lookup(other.token, 'KH-1999-000001');
    expect(none.statusCode).toBe(404);
    for (const a of [top, conf]) {
      const r = await lookup(other.token, a.archiveNo);
      expect(r.statusCode).toBe(404);
      expect(r.json()).toEqual(none.json());
      // and a request by the id: the same 404, not the 422 that names the level
      const q = await ask(other.token, a.id);
      expect(q.statusCode).toBe(404);
      expect(q.json()).toEqual((await ask(other.token, '999999999')).json());
    }
    // who may see a confidential archive still learns its id and why it cannot be lent
    expect((await lookup(cs.token, conf.archiveNo)).statusCode).toBe(200);
    const ordinary = await archive('none');
    await lookup(other.token, ordinary.archiveNo);
    const events = await t.database.db.selectFrom('audit_events').select(['actor_id', 'entity_id']).where('action', '=', 'access.looked_up').execute();
    expect(events).toContainEqual({ actor_id: other.id, entity_id: ordinary.id });
  });
});

describe('SEC-8 item 2: the recycle bin and destroyed archives are not reachable through a filter', () => {
  it('SEC-8 SEC-9 lifecycle=deleted|destroyed on the list, count and export needs recycle.manage', async () => {
    const gone = await archive('none');
    await t.database.ownerPool.query(`UPDATE customers SET lifecycle = 'deleted' WHERE id = $1`, [gone.id]);
    for (const lifecycle of ['deleted', 'destroyed']) {
      for (const path of [`/api/v1/customers?lifecycle=${lifecycle}`, `/api/v1/customers/count?lifecycle=${lifecycle}`, `/api/v1/exports/customers?format=csv&lifecycle=${lifecycle}`]) {
        const r = await t.request('GET', path, { token: owner.token });
        expect(r.statusCode, path).toBe(403);
        expect(r.json().errors[0].path).toBe('lifecycle');
        expect(r.body).not.toContain(gone.name);
      }
    }
    const keeper = await t.request('GET', '/api/v1/customers?lifecycle=deleted', { token: csManager.token });
    expect(keeper.statusCode).toBe(200);
    expect(keeper.json().items.map((c: { id: string }) => c.id)).toContain(gone.id);
    expect((await t.request('GET', '/api/v1/customers?lifecycle=active', { token: owner.token })).statusCode).toBe(200);
  });
});

describe('EVA-1 SEC-7 item 4: payments are recorded by finance, checked, and bad debts need an approval', () => {
  it('EVA-1 SEC-2 finance opens the books of ordinary archives by duty (not the archive), and only finance records payments', async () => {
    const c = await archive('none');
    const tx = await t.request('POST', `/api/v1/customers/${c.id}/transactions`, { token: owner.token, body: { txNo: `PAY-${c.id}`, date: '2026-01-10', amount: '1000.00' } });
    expect(tx.statusCode, tx.body).toBe(201);
    const txId = tx.json().id as string;
    const pay = (token: string, body: Record<string, unknown>) => t.request('POST', `/api/v1/customers/${c.id}/transactions/${txId}/payments`, { token, body });
    // the owner may read the books but does not record payments
    const byOwner = await pay(owner.token, { dueOn: '2026-02-10', amount: '100.00' });
    expect(byOwner.statusCode).toBe(403);
    // finance: not the archive, but its transactions and payments
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: fin.token })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/customers/${c.id}/transactions`, { token: fin.token })).statusCode).toBe(200);
    const ok = await pay(fin.token, { dueOn: '2026-02-10', amount: '600.00', paidOn: '2026-02-09' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ badDebt: false, badDebtApprovalId: null });
    // A-class, secret and higher are not finance's by duty
    for (const hidden of [await archive('none', { abc: 'A' }), await archive('secret')]) {
      const htx = (await t.database.ownerPool.query<{ id: string }>(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, $2, '2026-01-10', 10) RETURNING id`, [hidden.id, `H-${hidden.id}`])).rows[0]!.id;
      expect((await t.request('GET', `/api/v1/customers/${hidden.id}/transactions`, { token: fin.token })).statusCode).toBe(404);
      expect((await t.request('POST', `/api/v1/customers/${hidden.id}/transactions/${htx}/payments`, { token: fin.token, body: { dueOn: '2026-02-10', amount: '1.00' } })).statusCode).toBe(404);
    }
  });

  it('EVA-1 payment dates and amounts are checked: not paid in the future, not before the transaction, never above its amount', async () => {
    const c = await archive('none');
    const txId = (await t.request('POST', `/api/v1/customers/${c.id}/transactions`, { token: owner.token, body: { txNo: `CHK-${c.id}`, date: '2026-01-10', amount: '1000.00' } })).json().id as string;
    const url = `/api/v1/customers/${c.id}/transactions/${txId}/payments`;
    const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    const before = await snapshotTables(t.database);
    for (const [body, field] of [
      [{ dueOn: '2026-02-10', amount: '100.00', paidOn: tomorrow }, 'paidOn'],
      [{ dueOn: '2026-02-10', amount: '100.00', paidOn: '2026-01-09' }, 'paidOn'],
      [{ dueOn: '2026-01-09', amount: '100.00' }, 'dueOn'],
      [{ dueOn: '2026-02-10', amount: '1000.01' }, 'amount'],
    ] as const) {
      const r = await t.request('POST', url, { token: fin.token, body });
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect(await snapshotTables(t.database)).toEqual(before);
    expect((await t.request('POST', url, { token: fin.token, body: { dueOn: '2026-02-10', amount: '1000.00' } })).statusCode).toBe(201);
    const over = await t.request('POST', url, { token: fin.token, body: { dueOn: '2026-03-10', amount: '0.01' } });
    expect(over.statusCode).toBe(400);
    const first = (await t.request('GET', url, { token: fin.token })).json().items[0];
    const future = await t.request('PATCH', `${url}/${first.id}`, { token: fin.token, body: { version: first.version, paidOn: tomorrow } });
    expect(future.statusCode).toBe(400);
  });

  it('SEC-7 EVA-5 a bad-debt write-off and its reversal take effect only on the gm approval', async () => {
    const c = await archive('none');
    await t.database.ownerPool.query(`UPDATE customers SET tier = 'key', credit_grade = 'AA' WHERE id = $1`, [c.id]);
    const txId = (await t.request('POST', `/api/v1/customers/${c.id}/transactions`, { token: owner.token, body: { txNo: `BD-${c.id}`, date: '2026-01-10', amount: '1000.00' } })).json().id as string;
    const url = `/api/v1/customers/${c.id}/transactions/${txId}/payments`;
    const created = await t.request('POST', url, { token: fin.token, body: { dueOn: '2026-02-10', amount: '1000.00', badDebt: true } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().badDebt).toBe(false);
    const approvalId = created.json().badDebtApprovalId as string;
    expect(approvalId).toEqual(expect.any(String));
    // nothing moved yet
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: owner.token })).json()).toMatchObject({ tier: 'key', creditGrade: 'AA' });
    // the owner cannot set it directly
    const direct = await t.request('PATCH', `${url}/${created.json().id}`, { token: owner.token, body: { version: created.json().version, badDebt: true } });
    expect(direct.statusCode).toBe(403);
    const approved = await t.request('POST', `/api/v1/approvals/${approvalId}/approve`, { token: gm.token, body: {} });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: owner.token })).json()).toMatchObject({ tier: 'normal', creditGrade: 'D' });
    const paid = (await t.request('GET', url, { token: fin.token })).json().items[0];
    expect(paid).toMatchObject({ badDebt: true, badDebtApprovalId: null });
    // reversal: also an approval
    const back = await t.request('PATCH', `${url}/${paid.id}`, { token: fin.token, body: { version: paid.version, badDebt: false } });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ badDebt: true, badDebtApprovalId: expect.any(String) });
    const again = await t.request('PATCH', `${url}/${paid.id}`, { token: fin.token, body: { version: back.json().version, badDebt: false } });
    expect(again.statusCode).toBe(409);
    await t.request('POST', `/api/v1/approvals/${back.json().badDebtApprovalId}/approve`, { token: gm.token, body: {} });
    expect((await t.request('GET', url, { token: fin.token })).json().items[0].badDebt).toBe(false);
  });
});

describe('SEC-5 item 5: a merge never lowers a secrecy level', () => {
  it('SEC-5 ARC-10 merging a confidential archive into an ordinary one makes the survivor confidential, versioned and audited', async () => {
    const secretOne = await archive('confidential', { contact: '机密联系人' });
    const plain = await archive('none');
    const r = await t.request('POST', `/api/v1/customers/${secretOne.id}/merge`, { token: owner.token, body: { intoId: plain.id, version: secretOne.version } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().secrecyLevel).toBe('confidential');
    // the moved contact is no more readable than before: another sales rep with a share could read the survivor, not now
    const level = (await t.database.ownerPool.query<{ secrecy_level: string }>('SELECT secrecy_level FROM customers WHERE id = $1', [plain.id])).rows[0]!.secrecy_level;
    expect(level).toBe('confidential');
    const history = (await t.request('GET', `/api/v1/customers/${plain.id}/history`, { token: owner.token })).json().items;
    expect(history[0].changes).toEqual(expect.arrayContaining([{ field: 'secrecyLevel', oldValue: 'none', newValue: 'confidential' }]));
    const raised = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'customer.secrecy_raised').where('entity_id', '=', plain.id).execute();
    expect(raised).toHaveLength(1);
    // the other way round keeps the survivor's higher level
    const a = await archive('none');
    const b = await archive('secret');
    const m = await t.request('POST', `/api/v1/customers/${a.id}/merge`, { token: owner.token, body: { intoId: b.id, version: a.version } });
    expect(m.json().secrecyLevel).toBe('secret');
  });
});

describe('SEC-12 item 6: the personal-data search follows SEC-5 and is audited', () => {
  it('SEC-5 SEC-12 contacts of secret, confidential and top-secret archives are not found by the data-subject search; each search is audited', async () => {
    const levels = ['none', 'secret', 'confidential', 'top_secret'] as const;
    const made: Record<string, Made> = {};
    for (const [i, level] of levels.entries()) made[level] = await archive(level, { contact: `数据主体${i}号`, mobile: `1390000000${i}` });
    const byName = await t.request('GET', `/api/v1/personal-data/contacts?name=${encodeURIComponent('数据主体')}`, { token: admin.token });
    expect(byName.statusCode, byName.body).toBe(200);
    expect(byName.json().items.map((c: { customerId: string }) => c.customerId)).toEqual([made.none!.id]);
    for (const level of ['secret', 'confidential', 'top_secret']) {
      expect(without(byName.body, made[level]!.name, made[level]!.archiveNo), level).toEqual([]);
      const byMobile = await t.request('GET', `/api/v1/personal-data/contacts?mobile=1390000000${levels.indexOf(level as never)}`, { token: admin.token });
      expect(byMobile.json().items, level).toEqual([]);
    }
    // nor can a request be filed for such a contact by its id
    const hiddenContact = (await t.database.ownerPool.query<{ id: string }>('SELECT id FROM contacts WHERE customer_id = $1', [made.top_secret!.id])).rows[0]!.id;
    const req = await t.request('POST', '/api/v1/personal-data/requests', { token: admin.token, body: { contactId: hiddenContact, kind: 'export', reason: '函 2026-01' } });
    expect(req.statusCode).toBe(404);
    const audited = await t.database.db.selectFrom('audit_events').select(['action', 'data']).where('actor_id', '=', admin.id).where('action', '=', 'personal.searched').execute();
    expect(audited.length).toBe(4);
    expect(JSON.stringify(audited)).not.toContain('13900000001');
  });
});

describe('SEC-7 item 7: approval delegation is bounded', () => {
  it('SEC-5 SEC-7 only secret-level borrowing is delegable, and only to a deputy of a senior role', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const types of [['destruction'], ['secrecy_lower'], ['personal_data_export'], ['access_request', 'customer_restore']]) {
      const r = await t.request('POST', '/api/v1/approval-delegations', { token: gm.token, body: { deputyId: mm.id, types, startsOn: today, endsOn: today } });
      expect(r.statusCode, JSON.stringify(types)).toBe(400);
      expect(r.json().errors[0].path).toMatch(/^types/);
    }
    const toSales = await t.request('POST', '/api/v1/approval-delegations', { token: gm.token, body: { deputyId: other.id, startsOn: today, endsOn: today } });
    expect(toSales.statusCode).toBe(400);
    expect(toSales.json().errors[0].path).toBe('deputyId');
    const ok = await t.request('POST', '/api/v1/approval-delegations', { token: gm.token, body: { deputyId: mm.id, types: ['access_request'], startsOn: today, endsOn: today } });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('SEC-7 a delegation row of a type outside the list (made before the rule) does not let the deputy decide', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const deputy = await t.createUser('lk.deputy.old', ['sales']);
    await t.database.ownerPool.query(`INSERT INTO approval_delegations (from_role, deputy_id, types, starts_on, ends_on, created_by) VALUES ('gm', $1, '{destruction,secrecy_lower}', $2, $2, $3)`, [deputy.id, today, gm.id]);
    const c = await archive('secret');
    const lowered = await t.request('POST', `/api/v1/customers/${c.id}/protected-changes`, { token: owner.token, body: { change: 'lower_secrecy', secrecyLevel: 'none', reason: '降密' } });
    expect([201, 200], lowered.body).toContain(lowered.statusCode);
    const queue = (await t.request('GET', '/api/v1/approvals?state=pending', { token: deputy.token })).json().items;
    expect(queue.filter((a: { type: string }) => a.type === 'secrecy_lower').every((a: { canDecide: boolean }) => !a.canDecide)).toBe(true);
    const id = lowered.json().approvalId as string;
    expect((await t.request('POST', `/api/v1/approvals/${id}/approve`, { token: deputy.token, body: {} })).statusCode).toBe(404);
  });
});

describe('SEC-3 item 8: finance does not read A-class evaluations', () => {
  it('SEC-3 EVA-4 finance reads evaluations by duty on ordinary archives, never on A-class ones (list, detail, grade changes, grade history)', async () => {
    const aClass = await archive('none', { abc: 'A' });
    const ordinary = await archive('none', { abc: 'B' });
    await openRound(t.database.db, '2026Q1', systemActor, {}, new Date('2026-04-01T02:00:00+08:00'));
    await t.database.ownerPool.query(`INSERT INTO grade_changes (customer_id, kind, from_value, to_value, cause, reason, at) SELECT id, 'grade', 'B', 'A', 'evaluation', '季度评定', now() FROM customers WHERE id IN ($1, $2)`, [aClass.id, ordinary.id]);
    const list = await t.request('GET', '/api/v1/evaluations?limit=200', { token: fin.token });
    expect(list.statusCode, list.body).toBe(200);
    const ids = list.json().items.map((e: { customerId: string }) => e.customerId);
    expect(ids).toContain(ordinary.id);
    expect(ids).not.toContain(aClass.id);
    const evalId = (await t.database.ownerPool.query<{ id: string }>('SELECT id FROM evaluations WHERE customer_id = $1', [aClass.id])).rows[0]!.id;
    expect((await t.request('GET', `/api/v1/evaluations/${evalId}`, { token: fin.token })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/customers/${aClass.id}/grade-history`, { token: fin.token })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/customers/${ordinary.id}/grade-history`, { token: fin.token })).statusCode).toBe(200);
    const changes = await t.request('GET', '/api/v1/grade-changes?limit=200', { token: fin.token });
    expect(changes.statusCode).toBe(200);
    expect(without(changes.body, aClass.name, aClass.archiveNo)).toEqual([]);
    // the marketing manager still reads it
    expect((await t.request('GET', `/api/v1/evaluations/${evalId}`, { token: mm.token })).statusCode).toBe(200);
  });
});

describe('SEC-2 SEC-10 SEC-1 item 9: counts and details that leaked sideways', () => {
  it('SEC-2 evaluation rounds and the ABC distribution count only what the caller may see', async () => {
    const solo = await t.createUser('lk.solo', ['sales']);
    const r = await t.request('GET', '/api/v1/evaluation-rounds', { token: solo.token });
    expect(r.statusCode).toBe(200);
    for (const round of r.json().items) expect(round, round.quarter).toMatchObject({ opened: 0, expected: null });
    const progress = await t.request('GET', '/api/v1/evaluation-rounds/2026Q1', { token: solo.token });
    expect(progress.json().round.opened).toBe(0);
    // the gm sees the whole company
    const all = (await t.request('GET', '/api/v1/evaluation-rounds', { token: gm.token })).json().items[0];
    expect(all.opened).toBeGreaterThan(0);
    await t.request('POST', '/api/v1/abc/run', { token: gm.token, body: {} });
    const abc = (await t.request('GET', '/api/v1/abc', { token: solo.token })).json();
    expect(abc.counts).toEqual({ A: 0, B: 0, C: 0, none: 0 });
    expect(abc.lastRun).toMatchObject({ total: 0, counts: { A: 0, B: 0, C: 0 }, changed: 0, overridden: 0 });
  });

  it('SEC-10 the viewers of an archive show IP addresses only to readers of the audit trail', async () => {
    const c = await archive('none');
    await t.request('GET', `/api/v1/customers/${c.id}`, { token: cs.token });
    const seen = (await t.request('GET', `/api/v1/customers/${c.id}/viewers`, { token: owner.token })).json().items;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((v: { ip: string | null }) => v.ip === null)).toBe(true);
    const forGm = (await t.request('GET', `/api/v1/customers/${c.id}/viewers`, { token: gm.token })).json().items;
    expect(forGm.some((v: { ip: string | null }) => v.ip !== null)).toBe(true);
  });

  it('SEC-1 a locked account and an unknown username answer the same, word for word', async () => {
    await t.createUser('lk.locked', ['sales'], { password: 'Locked-pass-2026!' });
    const answers: string[] = [];
    for (let i = 0; i < 7; i++) {
      const known = await t.request('POST', '/api/v1/auth/login', { body: { username: 'lk.locked', password: `wrong-${i}-xxxxxx` } });
      const unknown = await t.request('POST', '/api/v1/auth/login', { body: { username: 'lk.nobody', password: `wrong-${i}-xxxxxx` } });
      expect(known.statusCode).toBe(401);
      expect(known.json()).toEqual(unknown.json());
      answers.push(known.body);
    }
    const right = await t.request('POST', '/api/v1/auth/login', { body: { username: 'lk.locked', password: 'Locked-pass-2026!' } });
    expect(right.statusCode).toBe(401);
    expect(right.json()).toEqual((await t.request('POST', '/api/v1/auth/login', { body: { username: 'lk.nobody', password: 'Locked-pass-2026!' } })).json());
  });
});

