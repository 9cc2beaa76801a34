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
});
