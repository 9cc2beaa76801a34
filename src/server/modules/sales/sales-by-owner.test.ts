import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { subjectOf } from '../access/access.service.js';
import { salesByOwner, salesByOwnerScan } from './sales-by-owner.service.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => t?.close());

describe('REL-11 issue 16: sales per owner from the sales_daily rollup', () => {
  it('REL-11 the rollup gives the same sums as the transactions for every reader and period, after edits, moves and deletions', async () => {
    const db = t.database.db;
    const dept = (await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '销售汇总对照部', parentId: t.rootDepartmentId } })).json<{ id: string }>().id;
    const rep = await t.createUser('sbo.rep', ['sales'], { departmentId: dept });
    const peer = await t.createUser('sbo.peer', ['sales'], { departmentId: dept });
    const mgr = await t.createUser('sbo.mgr', ['dept_staff'], { departmentId: dept });
    const gm = await t.createUser('sbo.gm', ['gm']);
    await db.updateTable('departments').set({ manager_id: mgr.id }).where('id', '=', dept).execute();
    const make = async (name: string, owner: { token: string }, set: Record<string, string> = {}) => {
      const id = (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name, customerType: 'direct' } })).json<{ id: string }>().id;
      if (Object.keys(set).length) await db.updateTable('customers').set(set).where('id', '=', id).execute();
      return id;
    };
    const plain = await make('汇总对照甲有限公司', rep);
    const aClass = await make('汇总对照乙有限公司', rep, { abc_class: 'A' });
    const secret = await make('汇总对照丙有限公司', peer, { secrecy_level: 'top_secret' });
    const other = await make('汇总对照丁有限公司', peer);
    let n = 0;
    const tx = (customerId: string, date: string, amount: string) => ({ customer_id: customerId, tx_no: `SBO-${++n}`, date, amount });
    // the quarter's bounds, the day before and after, a refund, two on one day, one statement of many rows
    await db.insertInto('transactions').values([
      tx(plain, '2026-09-30', '100.10'), tx(plain, '2026-10-01', '200.20'), tx(plain, '2026-10-01', '0.05'), tx(plain, '2026-12-31', '300.30'), tx(plain, '2027-01-01', '400.40'),
      tx(aClass, '2026-11-11', '1000.00'), tx(aClass, '2026-11-12', '-250.50'),
      tx(secret, '2026-11-11', '9999.99'), tx(other, '2026-10-15', '77.77'), tx(other, '2026-10-15', '-77.77'),
    ]).execute();
    const owners = [rep.id, peer.id, mgr.id];
    const periods = [{ from: '2026-10-01', to: '2026-12-31' }, { from: '2026-11-11', to: '2026-11-11' }, { from: '2026-01-01', to: '2027-12-31' }, { from: '2025-01-01', to: '2025-12-31' }];
    const readers = [[rep, ['sales']], [peer, ['sales']], [mgr, ['dept_staff']], [gm, ['gm']]] as const;
    const compare = async () => {
      for (const [u, roles] of readers) {
        const s = await subjectOf(db, { userId: u.id, roles: roles as never });
        for (const p of periods) {
          const q = { ownerIds: owners, ...p };
          expect([...(await salesByOwner(db, s, q)).entries()].sort()).toEqual([...(await salesByOwnerScan(db, s, q)).entries()].sort());
        }
      }
    };
    await compare();
    const gmSubject = await subjectOf(db, { userId: gm.id, roles: ['gm'] });
    expect([...(await salesByOwner(db, gmSubject, { ownerIds: owners, from: '2026-10-01', to: '2026-12-31' })).entries()].sort()).toEqual([[peer.id, 0], [rep.id, 1250.05]].sort());
    // an amount edited, a transaction moved to another day and to another customer, one deleted
    await db.updateTable('transactions').set({ amount: '123.45' }).where('tx_no', '=', 'SBO-2').execute();
    await db.updateTable('transactions').set({ date: '2026-12-01' }).where('tx_no', '=', 'SBO-1').execute();
    await db.updateTable('transactions').set({ customer_id: other }).where('tx_no', '=', 'SBO-6').execute();
    await db.deleteFrom('transactions').where('tx_no', '=', 'SBO-4').execute();
    await compare();
    expect([...(await salesByOwner(db, gmSubject, { ownerIds: owners, from: '2026-10-01', to: '2026-12-31' })).entries()].sort()).toEqual([[peer.id, 1000], [rep.id, -26.9]].sort());
  });
});
