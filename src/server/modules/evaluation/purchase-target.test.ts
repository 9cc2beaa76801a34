/** EVA-1 (issue 17): the administrator edits the scorecard; a customer's own purchase target, the type's otherwise. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { systemActor } from '../audit/audit.types.js';
import { openRound } from './rounds.service.js';

let t: TestApp;
let gm: { id: string; token: string };
let rep: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  gm = await t.createUser('eva1.gm', ['gm']);
  rep = await t.createUser('eva1.rep', ['sales']);
});
afterAll(async () => t?.close());

describe('EVA-1 scorecard and purchase targets', () => {
  it('EVA-1 the administrator edits the scorecard: a new version, the old one kept; a sales rep may not', async () => {
    const current = (await t.request('GET', '/api/v1/scorecards/current', { token: t.adminToken })).json();
    const definition = { ...current.definition, quarterlyTarget: { ...current.definition.quarterlyTarget, dealer: '250000.00' } };
    expect((await t.request('PUT', '/api/v1/scorecards/current', { token: rep.token, body: { baseVersion: current.version, name: '业务员改', definition } })).statusCode).toBe(403);
    const r = await t.request('PUT', '/api/v1/scorecards/current', { token: t.adminToken, body: { baseVersion: current.version, name: '2027 版评定表', definition } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ version: current.version + 1, current: true, definition: { quarterlyTarget: { dealer: '250000.00' } } });
    expect((await t.request('GET', `/api/v1/scorecards/${current.version}`, { token: rep.token })).json().definition.quarterlyTarget.dealer).toBe(current.definition.quarterlyTarget.dealer);
  });

  it('EVA-1 a customer\'s own quarterly target is used where set, the type\'s otherwise; set by evaluation administrators only, audited', async () => {
    const make = async (name: string) => (await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name, customerType: 'dealer' } })).json().id as string;
    const own = await make('自有目标测试贸易有限公司');
    const typed = await make('类型目标测试贸易有限公司');
    expect((await t.request('GET', `/api/v1/customers/${own}/purchase-target`, { token: rep.token })).json()).toMatchObject({ quarterlyTarget: null, typeTarget: '250000.00', effectiveTarget: '250000.00', source: 'type' });

    const before = await snapshotTables(t.database);
    expect((await t.request('PUT', `/api/v1/customers/${own}/purchase-target`, { token: rep.token, body: { quarterlyTarget: '80000.00' } })).statusCode).toBe(403);
    expect((await t.request('PUT', `/api/v1/customers/${own}/purchase-target`, { token: gm.token, body: { quarterlyTarget: '-5' } })).statusCode).toBe(400);
    expect((await t.request('PUT', `/api/v1/customers/${own}/purchase-target`, { token: t.adminToken, body: { quarterlyTarget: '80000.00' } })).statusCode).toBe(404); // the admin sees no archive
    expect(await snapshotTables(t.database)).toEqual(before);

    const set = await t.request('PUT', `/api/v1/customers/${own}/purchase-target`, { token: gm.token, body: { quarterlyTarget: '80000' } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ quarterlyTarget: '80000.00', effectiveTarget: '80000.00', source: 'customer', setByName: 'eva1.gm' });

    await openRound(t.database.db, '2026Q3', systemActor, {}, new Date('2026-10-02T02:00:00+08:00'));
    const basis = async (id: string) => ((await t.database.db.selectFrom('evaluations').select('computed').where('customer_id', '=', id).executeTakeFirstOrThrow()).computed as { purchaseAmount: { basis: { target: string } } }).purchaseAmount.basis.target;
    expect(Number(await basis(own))).toBe(80000);
    expect(Number(await basis(typed))).toBe(250000);

    const cleared = await t.request('PUT', `/api/v1/customers/${own}/purchase-target`, { token: gm.token, body: { quarterlyTarget: null } });
    expect(cleared.json()).toMatchObject({ quarterlyTarget: null, source: 'type', effectiveTarget: '250000.00' });
    const audited = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'customer.purchase_target_set').where('entity_id', '=', own).orderBy('id').execute();
    expect(audited.map((a) => a.data)).toEqual([{ from: null, to: '80000' }, { from: '80000.00', to: null }]);
  });
});
