import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { createPeriodicSurveys } from './surveys.service.js';

let t: TestApp;
type U = { id: string; token: string };
let csm: U, cs: U, repA: U, repB: U, head: U;
let custA: { id: string; archiveNo: string }, custB: { id: string };
let templateId: string;

beforeAll(async () => {
  t = await createTestApp();
  csm = await t.createUser('sv.csm', ['cs_manager']);
  cs = await t.createUser('sv.cs', ['cs_staff']);
  repA = await t.createUser('sv.repa', ['sales']);
  repB = await t.createUser('sv.repb', ['sales']);
  head = await t.createUser('sv.head', ['office_head']);
  custA = (await t.request('POST', '/api/v1/customers', { token: repA.token, body: { name: '满意度甲方科技有限公司', shortName: '甲方科技', customerType: 'direct', phone: '0755-26001234', address: '深圳市福田区深南大道1号', remarks: '内部备注：价格敏感' } })).json();
  custB = (await t.request('POST', '/api/v1/customers', { token: repB.token, body: { name: '同事乙方贸易有限公司', customerType: 'direct' } })).json();
  templateId = (await t.request('GET', '/api/v1/survey-templates', { token: cs.token })).json().items[0].id;
});
afterAll(async () => t?.close());
// each test starts with the public routes' rate-limit windows empty (one test proves the limit itself)
beforeEach(async () => { await sql`DELETE FROM rate_limits`.execute(t.database.db); });

const send = (token: string, body: Record<string, unknown>) => t.request('POST', '/api/v1/surveys', { token, body });
const tokenOf = (link: string) => link.slice(link.lastIndexOf('/s/') + 3);
const publicGet = (token: string) => t.request('GET', `/api/v1/public/surveys/${token}`);
const publicPost = (token: string, body: unknown) => t.request('POST', `/api/v1/public/surveys/${token}`, { body });
const good = { answers: [{ questionId: 'service', rating: 5 }, { questionId: 'product', rating: 4 }, { questionId: 'communication', rating: 4 }, { questionId: 'comments', text: '服务很及时' }] };
const low = { answers: [{ questionId: 'service', rating: 1 }, { questionId: 'product', rating: 2 }, { questionId: 'communication', rating: 2 }] };

describe('REL-9 survey templates', () => {
  it('REL-9 GET /survey-templates lists the default template with the exact contract fields', async () => {
    expect((await t.request('GET', '/api/v1/survey-templates')).statusCode).toBe(401);
    const r = await t.request('GET', '/api/v1/survey-templates', { token: repA.token });
    expect(r.statusCode).toBe(200);
    const [d] = r.json().items;
    expect(d).toMatchObject({ id: expect.any(String), name: expect.any(String), isDefault: true });
    expect(d.questions).toEqual([
      { id: 'service', kind: 'rating', text: '服务质量' },
      { id: 'product', kind: 'rating', text: '产品质量' },
      { id: 'communication', kind: 'rating', text: '沟通' },
      { id: 'comments', kind: 'text', text: '意见和建议' },
    ]);
  });

  it('REL-9 only administrators create templates; a choice question needs options (400 naming it)', async () => {
    expect((await t.request('POST', '/api/v1/survey-templates', { token: csm.token, body: { name: 'x', questions: [{ kind: 'text', text: 'x' }] } })).statusCode).toBe(403);
    const bad = await t.request('POST', '/api/v1/survey-templates', { token: t.adminToken, body: { name: '交付调查', questions: [{ kind: 'choice', text: '交付方式' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('questions.0.options');
    const ok = await t.request('POST', '/api/v1/survey-templates', { token: t.adminToken, body: { name: '交付调查', questions: [{ kind: 'rating', text: '准时' }, { kind: 'choice', text: '交付方式', options: ['自提', '物流'] }] } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ isDefault: false, versionNumber: 1, questions: [{ id: 'q_1', kind: 'rating' }, { id: 'q_2', kind: 'choice', options: ['自提', '物流'] }] });
  });
});

describe('REL-9 sending', () => {
  it('REL-9 a link survey is 201 {id, state: sent, link}; only the token’s hash is stored; the send is audited', async () => {
    const r = await send(cs.token, { customerId: custA.id, templateId, channel: 'link' });
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json();
    expect(body).toMatchObject({ id: expect.any(String), state: 'sent', link: expect.stringMatching(/\/s\/kds_[A-Za-z0-9_-]{43}$/) });
    const row = await t.database.db.selectFrom('surveys').select(['token_hash', 'link_expires_at']).where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.token_hash!.length).toBe(32);
    expect(row.token_hash!.toString('hex')).not.toContain(Buffer.from(tokenOf(body.link)).toString('hex'));
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'data']).where('entity_id', '=', body.id).where('action', '=', 'survey.sent').execute();
    expect(audit).toHaveLength(1);
  });

  it('REL-9 a phone survey has no link; the owner and managers may send', async () => {
    const r = await send(repA.token, { customerId: custA.id, templateId, channel: 'phone' });
    expect(r.statusCode, r.body).toBe(201);
    expect(Object.keys(r.json()).sort()).toEqual(['id', 'state']);
    expect((await send(csm.token, { customerId: custB.id, templateId, channel: 'phone' })).statusCode).toBe(201);
  });

  it('REL-9 a colleague’s customer is 404 on send and nothing is written; a reader who may not survey gets 403', async () => {
    const before = await snapshotTables(t.database);
    const r = await send(repB.token, { customerId: custA.id, templateId, channel: 'link' });
    expect(r.statusCode).toBe(404);
    expect(r.body).not.toContain('甲方');
    expect((await send(head.token, { customerId: custA.id, templateId, channel: 'phone' })).statusCode).toBe(403);
    expect(await snapshotTables(t.database)).toEqual(before);
  });

  it('REL-9 bad sends: 401 without sign-in, 400 naming an unknown template or channel', async () => {
    expect((await t.request('POST', '/api/v1/surveys', { body: { customerId: custA.id, templateId, channel: 'link' } })).statusCode).toBe(401);
    const noTemplate = await send(cs.token, { customerId: custA.id, templateId: '999999', channel: 'link' });
    expect(noTemplate.statusCode).toBe(400);
    expect(noTemplate.json().errors[0].path).toBe('templateId');
    const badChannel = await send(cs.token, { customerId: custA.id, templateId, channel: 'email' });
    expect(badChannel.statusCode).toBe(400);
    expect(badChannel.json().errors[0].path).toBe('channel');
  });
});

describe('REL-9 the public link', () => {
  it('REL-9 the public page shows the questions and the short name, nothing of the archive', async () => {
    const link = (await send(cs.token, { customerId: custA.id, templateId, channel: 'link' })).json().link;
    const r = await publicGet(tokenOf(link));
    expect(r.statusCode, r.body).toBe(200);
    expect(Object.keys(r.json()).sort()).toEqual(['companyName', 'customerName', 'expiresAt', 'questions', 'templateName']);
    expect(r.json().customerName).toBe('甲方科技');
    for (const secret of ['0755-26001234', '深南大道', '价格敏感', '满意度甲方科技有限公司', custA.archiveNo]) expect(r.body).not.toContain(secret);
  });

  it('REL-9 a rating outside 1–5 is 400 naming the field and changes nothing; an answer then 201; a second 409', async () => {
    const token = tokenOf((await send(cs.token, { customerId: custA.id, templateId, channel: 'link' })).json().link);
    const before = await snapshotTables(t.database);
    for (const rating of [0, 6, 2.5]) {
      const r = await publicPost(token, { answers: [{ questionId: 'service', rating }] });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors.map((e: { path: string }) => e.path)).toContain('answers.0.rating');
    }
    const unknown = await publicPost(token, { answers: [{ questionId: 'nope', rating: 3 }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe('answers.0.questionId');
    const wrongKind = await publicPost(token, { answers: [{ questionId: 'comments', rating: 3 }] });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().errors[0].path).toBe('answers.0.rating');
    expect(await snapshotTables(t.database)).toEqual(before);
    const ok = await publicPost(token, good);
    expect(ok.statusCode, ok.body).toBe(201);
    const again = await publicPost(token, good);
    expect(again.statusCode).toBe(409);
    expect((await publicGet(token)).statusCode).toBe(409);
  });

  it('REL-9 two parallel answers to one link: one 201, one 409, one response stored', async () => {
    const { id, link } = (await send(cs.token, { customerId: custA.id, templateId, channel: 'link' })).json();
    const token = tokenOf(link);
    const codes = (await Promise.all([publicPost(token, good), publicPost(token, good), publicPost(token, good)])).map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409]);
    expect((await t.database.db.selectFrom('survey_responses').select('id').where('survey_id', '=', id).execute()).length).toBe(1);
  });

  it('REL-9 the public routes are rate-limited per address (429 after 10 answers a minute)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await publicPost(`kds_${'B'.repeat(43)}`, good)).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 404)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('REL-9 an expired link is refused (422 REL-9.expired); an unknown token 404; a malformed one 400', async () => {
    const { id, link } = (await send(cs.token, { customerId: custA.id, templateId, channel: 'link', expiresInDays: 1 })).json();
    await t.database.db.updateTable('surveys').set({ link_expires_at: new Date(Date.now() - 1000) }).where('id', '=', id).execute();
    const g = await publicGet(tokenOf(link));
    expect(g.statusCode).toBe(422);
    expect(g.json().rule).toBe('REL-9.expired');
    expect((await publicPost(tokenOf(link), good)).statusCode).toBe(422);
    expect((await publicGet(`kds_${'A'.repeat(43)}`)).statusCode).toBe(404);
    expect((await publicGet('kds_short')).statusCode).toBe(400);
    const listed = (await t.request('GET', `/api/v1/surveys?state=expired&customerId=${custA.id}`, { token: csm.token })).json().items;
    expect(listed.map((s: { id: string }) => s.id)).toContain(id);
  });
});

describe('REL-9 answers on the phone and the low-score follow-up', () => {
  it('REL-9 staff record a phone answer (201); a low average creates the owner’s open task; a second answer 409', async () => {
    const { id } = (await send(cs.token, { customerId: custA.id, templateId, channel: 'phone' })).json();
    const r = await t.request('POST', `/api/v1/surveys/${id}/responses`, { token: cs.token, body: low });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ surveyId: id, avgRating: 1.67, followUpTaskId: expect.any(String) });
    const tasks = (await t.request('GET', '/api/v1/tasks?state=open&kind=survey_follow_up', { token: repA.token })).json().items;
    expect(tasks).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'survey_follow_up', ownerId: repA.id, customerId: custA.id, refId: id })]));
    expect((await t.request('POST', `/api/v1/surveys/${id}/responses`, { token: cs.token, body: good })).statusCode).toBe(409);
  });

  it('REL-9 an average just above 2 raises no task; exactly 2 does', async () => {
    const at = async (ratings: number[]) => {
      const { id } = (await send(cs.token, { customerId: custA.id, templateId, channel: 'phone' })).json();
      const qs = ['service', 'product', 'communication'];
      return (await t.request('POST', `/api/v1/surveys/${id}/responses`, { token: cs.token, body: { answers: ratings.map((rating, i) => ({ questionId: qs[i], rating })) } })).json();
    };
    expect(await at([2, 2, 3])).toMatchObject({ avgRating: 2.33, followUpTaskId: null });
    expect(await at([2, 2, 2])).toMatchObject({ avgRating: 2, followUpTaskId: expect.any(String) });
  });

  it('REL-9 parallel phone recordings of one survey: one 201, one 409', async () => {
    const { id } = (await send(cs.token, { customerId: custA.id, templateId, channel: 'phone' })).json();
    const codes = (await Promise.all([cs, csm].map((u) => t.request('POST', `/api/v1/surveys/${id}/responses`, { token: u.token, body: good })))).map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409]);
  });

  it('REL-9 a colleague cannot record on a survey of a customer they may not see (404); a stranger 401', async () => {
    const { id } = (await send(cs.token, { customerId: custA.id, templateId, channel: 'phone' })).json();
    expect((await t.request('POST', `/api/v1/surveys/${id}/responses`, { token: repB.token, body: good })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/surveys/${id}`, { token: repB.token })).statusCode).toBe(404);
    expect((await t.request('POST', `/api/v1/surveys/${id}/responses`, { body: good })).statusCode).toBe(401);
    expect((await t.request('POST', '/api/v1/surveys/999999/responses', { token: cs.token, body: good })).statusCode).toBe(404);
  });
});

describe('REL-9 results, lists and export under visibility', () => {
  it('REL-9 results: count, average, distribution of ratings 1..5 per question, per owner', async () => {
    // one answered survey for the colleague's customer
    const { id } = (await send(csm.token, { customerId: custB.id, templateId, channel: 'phone' })).json();
    expect((await t.request('POST', `/api/v1/surveys/${id}/responses`, { token: csm.token, body: { answers: [{ questionId: 'service', rating: 3 }] } })).statusCode).toBe(201);
    const res = await t.request('GET', '/api/v1/surveys/results', { token: csm.token });
    expect(res.statusCode, res.body).toBe(200);
    const all = res.json();
    const rows = await t.database.db.selectFrom('survey_responses').select(['customer_id', 'avg_rating']).execute();
    expect(all.count).toBe(rows.length);
    const mean = rows.reduce((s, r) => s + Number(r.avg_rating), 0) / rows.length;
    expect(all.avgRating).toBeCloseTo(mean, 2);
    const service = all.byQuestion.find((q: { questionId: string }) => q.questionId === 'service');
    expect(service.distribution).toHaveLength(5);
    expect(service.distribution.reduce((a: number, b: number) => a + b, 0)).toBe(service.count);
    expect(service.distribution[2]).toBeGreaterThanOrEqual(1); // the 3 of the colleague's customer
    expect(all.byOwner.map((o: { ownerId: string }) => o.ownerId).sort()).toEqual([repA.id, repB.id].sort());
    expect(Object.keys(all).sort()).toEqual(['avgRating', 'byCustomer', 'byMonth', 'byOwner', 'byQuestion', 'count']);
  });

  it('REL-9 an owner’s results hold only their customers: the colleague’s customer is absent from counts, owners and questions', async () => {
    const a = (await t.request('GET', '/api/v1/surveys/results', { token: repA.token })).json();
    const ownA = await t.database.db.selectFrom('survey_responses').select('id').where('customer_id', '=', custA.id).execute();
    expect(a.count).toBe(ownA.length);
    expect(a.byOwner.map((o: { ownerId: string }) => o.ownerId)).toEqual([repA.id]);
    expect(JSON.stringify(a)).not.toContain('乙方');
    const b = (await t.request('GET', '/api/v1/surveys/results', { token: repB.token })).json();
    expect(b.count).toBe(1);
    expect(JSON.stringify(b)).not.toContain('甲方');
    // filtering by the colleague as owner reveals nothing either
    expect((await t.request('GET', `/api/v1/surveys/results?ownerId=${repA.id}`, { token: repB.token })).json()).toMatchObject({ count: 0, avgRating: null, byOwner: [] });
    expect((await t.request('GET', '/api/v1/surveys/results?from=2026-12-31&to=2026-01-01', { token: csm.token })).statusCode).toBe(400);
    expect((await t.request('GET', '/api/v1/surveys/results?abcClass=D', { token: csm.token })).statusCode).toBe(400);
  });

  it('REL-9 the survey list pages by cursor, filters, and never shows a colleague’s customer; the export likewise', async () => {
    const mine = (await t.request('GET', '/api/v1/surveys?limit=200', { token: repB.token })).json().items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((s: { customerId: string }) => s.customerId === custB.id)).toBe(true);
    const p1 = (await t.request('GET', '/api/v1/surveys?limit=2', { token: csm.token })).json();
    expect(p1.items).toHaveLength(2);
    const p2 = (await t.request('GET', `/api/v1/surveys?limit=2&cursor=${p1.nextCursor}`, { token: csm.token })).json();
    expect(Number(p2.items[0].id)).toBeLessThan(Number(p1.items[1].id));
    const lowOnes = (await t.request('GET', '/api/v1/surveys?low=true', { token: csm.token })).json().items;
    expect(lowOnes.length).toBeGreaterThan(0);
    expect(lowOnes.every((s: { avgRating: number }) => s.avgRating <= 2)).toBe(true);
    const exp = await t.request('GET', '/api/v1/surveys/export?format=csv', { token: repB.token });
    expect(exp.statusCode).toBe(200);
    expect(exp.body).toContain('同事乙方贸易有限公司');
    expect(exp.body).not.toContain('甲方');
    expect((await t.request('GET', '/api/v1/surveys/export?format=csv', { token: csm.token })).body).toContain('满意度甲方科技有限公司');
  });
});

describe('REL-9 template versions stay under their answers', () => {
  it('REL-9 editing a template in use makes a new version; a survey sent before keeps and accepts its own questions', async () => {
    const { id } = (await send(cs.token, { customerId: custA.id, templateId, channel: 'phone' })).json();
    const tpl = (await t.request('GET', '/api/v1/survey-templates', { token: cs.token })).json().items.find((x: { id: string }) => x.id === templateId);
    expect((await t.request('PATCH', `/api/v1/survey-templates/${templateId}`, { token: csm.token, body: { version: tpl.version, name: 'x' } })).statusCode).toBe(403);
    const edited = await t.request('PATCH', `/api/v1/survey-templates/${templateId}`, {
      token: t.adminToken,
      body: { version: tpl.version, questions: [{ id: 'service', kind: 'rating', text: '服务质量' }, { id: 'delivery', kind: 'rating', text: '交货及时' }] },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ versionNumber: tpl.versionNumber + 1, questions: [{ id: 'service' }, { id: 'delivery' }] });
    expect((await t.request('PATCH', `/api/v1/survey-templates/${templateId}`, { token: t.adminToken, body: { version: tpl.version, name: 'y' } })).statusCode).toBe(409);
    const old = (await t.request('GET', `/api/v1/surveys/${id}`, { token: cs.token })).json();
    expect(old.questions.map((q: { id: string }) => q.id)).toEqual(['service', 'product', 'communication', 'comments']);
    expect((await t.request('POST', `/api/v1/surveys/${id}/responses`, { token: cs.token, body: { answers: [{ questionId: 'delivery', rating: 4 }] } })).statusCode).toBe(400);
    expect((await t.request('POST', `/api/v1/surveys/${id}/responses`, { token: cs.token, body: { answers: [{ questionId: 'product', rating: 4 }] } })).statusCode).toBe(201);
    const fresh = (await send(cs.token, { customerId: custA.id, templateId, channel: 'phone' })).json();
    expect((await t.request('GET', `/api/v1/surveys/${fresh.id}`, { token: cs.token })).json().questions.map((q: { id: string }) => q.id)).toEqual(['service', 'delivery']);
  });
});

describe('REL-9 periodic surveys per class', () => {
  it('REL-9 the job creates one survey per customer and period by class; a second or parallel run adds nothing', async () => {
    const db = t.database.db;
    await db.updateTable('customers').set({ abc_class: 'A' }).where('id', '=', custA.id).execute();
    const now = new Date('2026-11-20T03:00:00Z');
    const runs = await Promise.all([createPeriodicSurveys(db, now), createPeriodicSurveys(db, now)]);
    const periodic = await db.selectFrom('surveys').select(['customer_id', 'period', 'channel', 'state']).where('period', 'is not', null).orderBy('customer_id').execute();
    expect(periodic).toEqual([
      { customer_id: custA.id, period: '2026-Q4', channel: 'phone', state: 'sent' },
      { customer_id: custB.id, period: '2026', channel: 'phone', state: 'sent' },
    ]);
    expect(runs.flatMap((r) => Object.values(r)).reduce((a, b) => a + b, 0)).toBe(2);
    expect(Object.values(await createPeriodicSurveys(db, now)).reduce((a, b) => a + b, 0)).toBe(0);
    // the next quarter surveys A again, C not before next year
    expect(await createPeriodicSurveys(db, new Date('2027-01-05T03:00:00Z'))).toMatchObject({ A: 1, C: 1 });
    expect(await createPeriodicSurveys(db, new Date('2027-04-05T03:00:00Z'))).toMatchObject({ A: 1, C: 0 });
  });

  it('REL-9 customer service finds the periodic surveys in its list; an owner sees only their customers’ ones', async () => {
    const forCs = (await t.request('GET', '/api/v1/surveys?periodic=true&state=sent&limit=200', { token: cs.token })).json().items;
    expect(forCs.map((s: { customerId: string }) => s.customerId).sort()).toEqual(expect.arrayContaining([custA.id, custB.id]));
    const forB = (await t.request('GET', '/api/v1/surveys?periodic=true&limit=200', { token: repB.token })).json().items;
    expect(forB.length).toBeGreaterThan(0);
    expect(forB.every((s: { customerId: string; sentByName: string | null }) => s.customerId === custB.id && s.sentByName === null)).toBe(true);
    // cs staff read results of their own customers only (results are for cs managers and owners)
    expect((await t.request('GET', '/api/v1/surveys/results', { token: cs.token })).json().count).toBe(0);
  });

  it('REL-9 administrators change the schedule; a class switched off is not surveyed', async () => {
    const cur = (await t.request('GET', '/api/v1/surveys/schedule', { token: cs.token })).json();
    expect(cur.items.map((i: { abcClass: string; frequency: string }) => [i.abcClass, i.frequency])).toEqual([['A', 'quarter'], ['B', 'half'], ['C', 'year']]);
    expect((await t.request('PUT', '/api/v1/surveys/schedule', { token: csm.token, body: { items: [{ abcClass: 'A', frequency: 'off' }] } })).statusCode).toBe(403);
    const r = await t.request('PUT', '/api/v1/surveys/schedule', { token: t.adminToken, body: { items: [{ abcClass: 'A', frequency: 'off' }] } });
    expect(r.statusCode, r.body).toBe(200);
    expect(await createPeriodicSurveys(t.database.db, new Date('2027-07-05T03:00:00Z'))).not.toHaveProperty('A');
  });
});
