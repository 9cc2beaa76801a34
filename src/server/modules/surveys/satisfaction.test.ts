import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { subjectOf } from '../access/access.service.js';
import { satisfactionByOwner } from './surveys.service.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => t?.close());

describe('REL-9 REL-11 satisfaction per owner', () => {
  it('REL-9 a fresh install has one default template with rating questions for service, product and communication', async () => {
    const rows = await t.database.db.selectFrom('survey_templates as t').innerJoin('survey_template_versions as v', 'v.template_id', 't.id').select(['t.is_default', 'v.questions']).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.is_default).toBe(true);
    expect((rows[0]!.questions as Array<{ id: string; kind: string }>).filter((q) => q.kind === 'rating').map((q) => q.id)).toEqual(['service', 'product', 'communication']);
  });

  it('REL-11 responses count per owner inside [from, to), and only rated ones move the mean', async () => {
    const rep = await t.createUser('sat.rep', ['sales']);
    const other = await t.createUser('sat.other', ['sales']);
    const c = (await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name: '满意度统计有限公司', customerType: 'direct' } })).json();
    const db = t.database.db;
    const tv = await db.selectFrom('survey_template_versions').select(['id', 'template_id']).executeTakeFirstOrThrow();
    const respond = async (at: string, avg: string | null, owner: string) => {
      const s = await db.insertInto('surveys').values({ customer_id: c.id, template_id: tv.template_id, template_version_id: tv.id, channel: 'phone', owner_id: owner, state: 'answered' }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('survey_responses').values({ survey_id: s.id, customer_id: c.id, owner_id: owner, avg_rating: avg, answers: '[]', responded_at: at }).execute();
    };
    await respond('2026-10-01T00:00:00+08:00', '4.00', rep.id);
    await respond('2026-11-15T12:00:00+08:00', '2.50', rep.id);
    await respond('2026-12-01T00:00:00+08:00', '1.00', rep.id); // the end is exclusive
    await respond('2026-11-02T00:00:00+08:00', null, rep.id);
    await respond('2026-11-03T00:00:00+08:00', '5.00', other.id);
    const asRep = { userId: rep.id, roles: ['sales'] as const, managedDepartmentIds: [] };
    const m = await satisfactionByOwner(db, asRep, { from: new Date('2026-10-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00'), ownerIds: [rep.id] });
    expect([...m.entries()]).toEqual([[rep.id, { count: 3, avgRating: 3.25 }]]);
    expect((await satisfactionByOwner(db, asRep, { from: new Date('2026-10-01'), to: new Date('2026-12-31'), ownerIds: [] })).size).toBe(0);
  });

  it('REL-11 REL-9 satisfaction counts only the responses of customers the reader may see now, never a top-secret one', async () => {
    const db = t.database.db;
    const dept = (await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '满意度可见部', parentId: t.rootDepartmentId } })).json<{ id: string }>().id;
    const rep = await t.createUser('satv.rep', ['sales'], { departmentId: dept });
    const peer = await t.createUser('satv.peer', ['sales'], { departmentId: dept });
    const manager = await t.createUser('satv.manager', ['dept_staff'], { departmentId: dept });
    const gm = await t.createUser('satv.gm', ['gm']);
    await db.updateTable('departments').set({ manager_id: manager.id }).where('id', '=', dept).execute();
    const make = async (name: string, owner: { token: string }) => (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name, customerType: 'direct' } })).json<{ id: string }>().id;
    const open = await make('满意度可见甲有限公司', rep);
    const secret = await make('满意度可见乙有限公司', rep);
    const moved = await make('满意度可见丙有限公司', rep);
    const tv = await db.selectFrom('survey_template_versions').select(['id', 'template_id']).executeTakeFirstOrThrow();
    const respond = async (customerId: string, avg: string) => {
      const sv = await db.insertInto('surveys').values({ customer_id: customerId, template_id: tv.template_id, template_version_id: tv.id, channel: 'phone', owner_id: rep.id, state: 'answered' }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('survey_responses').values({ survey_id: sv.id, customer_id: customerId, owner_id: rep.id, avg_rating: avg, answers: '[]', responded_at: '2026-11-10T12:00:00+08:00' }).execute();
    };
    await respond(open, '5.00');
    await respond(secret, '1.00');
    await respond(moved, '2.00');
    await db.updateTable('customers').set({ secrecy_level: 'top_secret' }).where('id', '=', secret).execute();
    // the third customer went to another department's rep after its answer: the response stays the rep's (owner at the time)
    const elsewhere = (await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '满意度他部', parentId: t.rootDepartmentId } })).json<{ id: string }>().id;
    const other = await t.createUser('satv.other', ['sales'], { departmentId: elsewhere });
    await db.updateTable('customers').set({ owner_id: other.id, department_id: elsewhere }).where('id', '=', moved).execute();
    const q = { from: new Date('2026-11-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00'), ownerIds: [rep.id] };
    const asOf = async (u: { id: string }, roles: string[]) => satisfactionByOwner(db, await subjectOf(db, { userId: u.id, roles: roles as never }), q);
    // the rep sees the open customer only (the moved one is no longer theirs, the secret one never counts)
    expect([...(await asOf(rep, ['sales'])).entries()]).toEqual([[rep.id, { count: 1, avgRating: 5 }]]);
    // the department manager: the same (the moved customer left the department)
    expect([...(await asOf(manager, ['dept_staff'])).entries()]).toEqual([[rep.id, { count: 1, avgRating: 5 }]]);
    // a peer of the same department sees none of the rep's customers: nothing counts
    expect((await asOf(peer, ['sales'])).size).toBe(0);
    // the gm sees the moved one too, the top-secret one still not
    expect([...(await asOf(gm, ['gm'])).entries()]).toEqual([[rep.id, { count: 2, avgRating: 3.5 }]]);
  });

  it('REL-9 a department manager’s results: their own and their departments’ customers they see — not one shared from elsewhere, not another department’s, not a top-secret one', async () => {
    const db = t.database.db;
    const dept = (await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '结果经理部', parentId: t.rootDepartmentId } })).json<{ id: string }>().id;
    const away = (await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '结果他部', parentId: t.rootDepartmentId } })).json<{ id: string }>().id;
    const mgr = await t.createUser('res.mgr', ['sales'], { departmentId: dept });
    const rep = await t.createUser('res.rep', ['sales'], { departmentId: dept });
    const far = await t.createUser('res.far', ['sales'], { departmentId: away });
    await db.updateTable('departments').set({ manager_id: mgr.id }).where('id', '=', dept).execute();
    const make = async (name: string, owner: { token: string }, set: { abc_class?: string; secrecy_level?: string } = {}) => {
      const id = (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name, customerType: 'direct' } })).json<{ id: string }>().id;
      if (Object.keys(set).length) await db.updateTable('customers').set(set).where('id', '=', id).execute();
      return id;
    };
    const own = await make('结果经理自有有限公司', mgr, { abc_class: 'A' });
    const team = await make('结果部门客户有限公司', rep, { abc_class: 'B' });
    const secret = await make('结果绝密客户有限公司', rep, { abc_class: 'B', secrecy_level: 'top_secret' });
    const shared = await make('结果共享客户有限公司', far);
    const hidden = await make('结果他部客户有限公司', far);
    await db.insertInto('customer_shares').values({ customer_id: shared, user_id: mgr.id }).execute();
    const tv = await db.selectFrom('survey_template_versions as v').innerJoin('survey_templates as t', 't.id', 'v.template_id').select(['v.id', 'v.template_id']).where('t.is_default', '=', true).orderBy('v.id', 'desc').executeTakeFirstOrThrow();
    const respond = async (customerId: string, owner: string, rating: number) => {
      const sv = await db.insertInto('surveys').values({ customer_id: customerId, template_id: tv.template_id, template_version_id: tv.id, channel: 'phone', owner_id: owner, state: 'answered' }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('survey_responses').values({ survey_id: sv.id, customer_id: customerId, owner_id: owner, avg_rating: String(rating), answers: JSON.stringify([{ questionId: 'service', rating }]) }).execute();
    };
    await respond(own, mgr.id, 5);
    await respond(team, rep.id, 2);
    await respond(secret, rep.id, 1);
    await respond(shared, far.id, 4);
    await respond(hidden, far.id, 3);
    const results = async (query = '') => {
      const r = await t.request('GET', `/api/v1/surveys/results${query}`, { token: mgr.token });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ count: number; avgRating: number | null; byOwner: { ownerId: string; count: number }[]; byQuestion: { questionId: string; distribution: number[] }[]; byCustomer: { customerId: string }[] }>();
    };
    const all = await results();
    expect(all).toMatchObject({ count: 2, avgRating: 3.5 });
    expect(all.byOwner.map((o) => [o.ownerId, o.count])).toEqual([[rep.id, 1], [mgr.id, 1]]);
    expect(all.byCustomer.map((c) => c.customerId).sort()).toEqual([own, team].sort());
    expect(all.byQuestion.find((q) => q.questionId === 'service')!.distribution).toEqual([0, 1, 0, 0, 1]);
    expect(await results('?abcClass=A')).toMatchObject({ count: 1, avgRating: 5 });
    expect(await results(`?ownerId=${rep.id}`)).toMatchObject({ count: 1, avgRating: 2 });
    expect(await results(`?ownerId=${far.id}`)).toMatchObject({ count: 0, avgRating: null });
  });
});
