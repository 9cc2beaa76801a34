import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => t?.close());

describe('REL-9 survey results per question on the edge cases of answers', () => {
  it('REL-9 results per question count ratings, choices and text answers (repeated, unknown and empty ones too), follow an edit of the answers and a deletion, and leave out a customer the reader does not see', async () => {
    const db = t.database.db;
    const rep = await t.createUser('ratings.rep', ['sales']);
    const other = await t.createUser('ratings.other', ['sales']);
    const make = async (name: string, owner = rep) => (await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name, customerType: 'direct' } })).json<{ id: string }>().id;
    const c1 = await make('评分行甲有限公司');
    const c2 = await make('评分行乙有限公司');
    const unseen = await make('评分行他人有限公司', other);
    // a template with every kind of question
    const tpl = await db.insertInto('survey_templates').values({ name: '评分行问卷' }).returning('id').executeTakeFirstOrThrow();
    const questions = [
      { id: 'service', kind: 'rating', text: '服务' },
      { id: 'route', kind: 'choice', text: '渠道', options: ['电话', '上门', '微信'] },
      { id: 'note', kind: 'text', text: '意见' },
    ];
    const v = await db.insertInto('survey_template_versions').values({ template_id: tpl.id, number: 1, questions: JSON.stringify(questions) }).returning('id').executeTakeFirstOrThrow();
    const survey = async (customerId: string) => (await db.insertInto('surveys').values({ customer_id: customerId, template_id: tpl.id, template_version_id: v.id, channel: 'phone', owner_id: rep.id, state: 'answered' }).returning('id').executeTakeFirstOrThrow()).id;
    const at = '2026-11-10T12:00:00+08:00';
    const answers = [
      [{ questionId: 'service', rating: 5 }, { questionId: 'route', choice: '上门' }, { questionId: 'note', text: '很好' }],
      [{ questionId: 'service', rating: 1 }, { questionId: 'route', choice: '电话' }],
      [{ questionId: 'note', text: '只有意见' }],
      [],
      // an answer to a question the template no longer asks, and one repeated
      [{ questionId: 'gone', rating: 3 }, { questionId: 'service', rating: 4 }, { questionId: 'service', rating: 4 }],
    ];
    // one response alone, then several in one statement
    const first = await db.insertInto('survey_responses').values({ survey_id: await survey(c1), customer_id: c1, owner_id: rep.id, avg_rating: '5.00', answers: JSON.stringify(answers[0]), responded_at: at }).returning('id').executeTakeFirstOrThrow();
    const rows = [];
    for (const [i, a] of answers.slice(1).entries()) rows.push({ survey_id: await survey(i % 2 === 0 ? c2 : c1), customer_id: i % 2 === 0 ? c2 : c1, owner_id: rep.id, avg_rating: '3.00', answers: JSON.stringify(a), responded_at: at });
    await db.insertInto('survey_responses').values(rows).execute();
    // another rep's customer: stored, never counted for this rep
    await db.insertInto('survey_responses').values({ survey_id: await survey(unseen), customer_id: unseen, owner_id: other.id, avg_rating: '2.00', answers: JSON.stringify([{ questionId: 'service', rating: 2 }]), responded_at: at }).execute();

    const results = async () => {
      const r = await t.request('GET', `/api/v1/surveys/results?from=2026-11-01&to=2026-11-30&templateId=${tpl.id}`, { token: rep.token });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ count: number; byQuestion: { questionId: string; count: number; avg: number | null; distribution: number[] }[] }>();
    };
    let res = await results();
    expect(res.count).toBe(5);
    expect(res.byQuestion).toMatchObject([
      { questionId: 'service', count: 4, avg: 3.5, distribution: [1, 0, 0, 2, 1] },
      { questionId: 'route', count: 2, avg: null, distribution: [1, 1, 0] },
      { questionId: 'note', count: 2, avg: null, distribution: [] },
    ]);

    // an edit of the answers (a correction) and of another column
    await db.updateTable('survey_responses').set({ answers: JSON.stringify([{ questionId: 'service', rating: 2 }, { questionId: 'route', choice: '微信' }]) }).where('id', '=', first.id).execute();
    await db.updateTable('survey_responses').set({ avg_rating: '4.00' }).where('customer_id', '=', c2).execute();
    res = await results();
    expect(res.byQuestion).toMatchObject([
      { questionId: 'service', count: 4, avg: 2.75, distribution: [1, 1, 0, 2, 0] },
      { questionId: 'route', count: 2, distribution: [1, 0, 1] },
      { questionId: 'note', count: 1 },
    ]);

    // a deleted response no longer counts
    await db.deleteFrom('survey_responses').where('id', '=', first.id).execute();
    expect((await results()).byQuestion[0]).toMatchObject({ questionId: 'service', count: 3 });
  });
});
