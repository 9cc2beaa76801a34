import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
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
    const m = await satisfactionByOwner(db, { from: new Date('2026-10-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00'), ownerIds: [rep.id] });
    expect([...m.entries()]).toEqual([[rep.id, { count: 3, avgRating: 3.25 }]]);
    expect((await satisfactionByOwner(db, { from: new Date('2026-10-01'), to: new Date('2026-12-31'), ownerIds: [] })).size).toBe(0);
  });
});
