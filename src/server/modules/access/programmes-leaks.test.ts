/**
 * SEC-2 / SEC-5 from outside, over the relationship programmes merged in session 3: surveys (REL-9),
 * points and reward plans (REL-10), boards (REL-6), care (REL-8), targets (REL-11), revisit reports
 * (REL-7), the standard reports and the dashboard (ANA-3, ANA-2). Every operation that can name a
 * customer is tried by someone who may not see it: reads answer 404, writes answer 404 and change
 * nothing, and no list, count, result, export, print, task or notification carries its id, name,
 * archive number or amounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
type U = { id: string; token: string };
/** a: owner rep of X (sales department 1); b: a rep of department 2 who may not see X; cs, mm, gm see X but not top secret S. */
let a: U, b: U, cs: U, mm: U, gm: U, admin: U;
type Made = { id: string; archiveNo: string; name: string };
let x: Made, s: Made;
const AMOUNT = '987654.32';
const tomorrow = () => new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

let seq = 0;
async function archive(level: 'none' | 'confidential' | 'top_secret'): Promise<Made> {
  const name = `项目泄漏${++seq}号${{ none: '普通', confidential: '机密', top_secret: '绝密' }[level]}贸易有限公司`;
  const r = await t.request('POST', '/api/v1/customers', { token: a.token, body: { name, customerType: 'direct', confirmDuplicate: true } });
  expect(r.statusCode, r.body).toBe(201);
  const c = r.json<{ id: string; archiveNo: string }>();
  await t.database.ownerPool.query('UPDATE customers SET secrecy_level = $2 WHERE id = $1', [c.id, level]);
  return { id: c.id, archiveNo: c.archiveNo, name };
}
/** Which of X's (or S's) marks appear in a text. */
const marks = (body: string, ...cs: Made[]) => cs.flatMap((c) => [`"customerId":"${c.id}"`, c.name, c.archiveNo].filter((m) => body.includes(m)));

/** As `token`, the request answers 404, names nothing of the customers, and writes nothing. */
async function deniedAndUnwritten(token: string, method: string, url: string, body?: unknown, ...hidden: Made[]) {
  const before = await snapshotTables(t.database);
  const r = await t.request(method, url, { token, ...(body !== undefined ? { body } : {}) });
  expect(r.statusCode, `${method} ${url} ${r.body}`).toBe(404);
  expect(marks(r.body, ...hidden)).toEqual([]);
  const after = await snapshotTables(t.database);
  const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
  expect(changed, `${method} ${url} changed tables`).toEqual([]);
  return r;
}
async function bodyOf(token: string, url: string, status = 200) {
  const r = await t.request('GET', url, { token });
  expect(r.statusCode, `${url} ${r.body.slice(0, 300)}`).toBe(status);
  return r.rawPayload.toString('utf8');
}

beforeAll(async () => {
  t = await createTestApp();
  const dept = async (name: string) => {
    const r = await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name, parentId: t.rootDepartmentId } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  };
  const d1 = await dept('销售一部');
  const d2 = await dept('销售二部');
  a = await t.createUser('pl.a', ['sales'], { departmentId: d1 });
  b = await t.createUser('pl.b', ['sales'], { departmentId: d2 });
  cs = await t.createUser('pl.cs', ['cs_staff'], { departmentId: d2 });
  mm = await t.createUser('pl.mm', ['marketing_manager'], { departmentId: d2 });
  gm = await t.createUser('pl.gm', ['gm']);
  admin = { id: '', token: t.adminToken };
  x = await archive('none');
  s = await archive('top_secret');
  // X's books: one purchase of a distinctive amount this year
  for (const c of [x, s]) {
    const tx = await t.database.ownerPool.query<{ id: string }>(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, $2, $3, $4) RETURNING id`, [c.id, `PL-${c.id}`, today(), AMOUNT]);
    expect(tx.rows).toHaveLength(1);
  }
});
afterAll(async () => t?.close());

describe('SEC-2 REL-9 surveys of a customer one may not see', () => {
  let surveyId: string;
  let answers: { questionId: string; rating?: number; choice?: string; text?: string }[];
  let templateId: string;
  beforeAll(async () => {
    const tpl = (await t.request('GET', '/api/v1/survey-templates', { token: a.token })).json().items[0];
    templateId = tpl.id;
    answers = tpl.questions.map((q: { id: string; kind: string; options?: string[] }) => (q.kind === 'rating' ? { questionId: q.id, rating: 1 } : q.kind === 'choice' ? { questionId: q.id, choice: q.options![0] } : { questionId: q.id, text: '很差' }));
    const sent = await t.request('POST', '/api/v1/surveys', { token: a.token, body: { customerId: x.id, templateId, channel: 'phone' } });
    expect(sent.statusCode, sent.body).toBe(201);
    surveyId = sent.json().id;
    const answered = await t.request('POST', `/api/v1/surveys/${surveyId}/responses`, { token: a.token, body: { answers } });
    expect(answered.statusCode, answered.body).toBe(201);
  });

  it('SEC-2 REL-9 sending a survey to X, reading or answering its survey: 404, nothing written', async () => {
    await deniedAndUnwritten(b.token, 'POST', '/api/v1/surveys', { customerId: x.id, templateId, channel: 'link' }, x);
    await deniedAndUnwritten(b.token, 'GET', `/api/v1/surveys/${surveyId}`, undefined, x);
    await deniedAndUnwritten(b.token, 'POST', `/api/v1/surveys/${surveyId}/responses`, { answers }, x);
    // top secret: not even customer service
    await deniedAndUnwritten(cs.token, 'POST', '/api/v1/surveys', { customerId: s.id, templateId, channel: 'phone' }, s);
  });

  it('SEC-2 REL-9 list, export and results as B carry nothing of X', async () => {
    for (const url of ['/api/v1/surveys', '/api/v1/surveys?low=true', `/api/v1/surveys?customerId=${x.id}`, `/api/v1/surveys?ownerId=${a.id}`, `/api/v1/surveys/export?format=csv&customerId=${x.id}`, '/api/v1/surveys/export?format=csv', '/api/v1/surveys/results', `/api/v1/surveys/results?ownerId=${a.id}`]) {
      const body = await bodyOf(b.token, url);
      expect(marks(body, x), url).toEqual([]);
    }
    const results = (await t.request('GET', '/api/v1/surveys/results', { token: b.token })).json();
    expect(results).toMatchObject({ count: 0, avgRating: null, byOwner: [], byCustomer: [] });
    // the owner does see it (the check can fail)
    expect((await t.request('GET', '/api/v1/surveys/results', { token: a.token })).json().count).toBe(1);
  });
});

describe('SEC-2 REL-10 points and reward plans', () => {
  beforeAll(async () => {
    const e = await t.request('POST', `/api/v1/customers/${x.id}/points`, { token: a.token, body: { kind: 'earn', points: 4321, reason: '年度采购奖励' } });
    expect(e.statusCode, e.body).toBe(201);
  });

  it('SEC-2 REL-10 X’s ledger, its export and a new entry as B: 404, nothing written', async () => {
    await deniedAndUnwritten(b.token, 'GET', `/api/v1/customers/${x.id}/points`, undefined, x);
    await deniedAndUnwritten(b.token, 'GET', `/api/v1/customers/${x.id}/points/export?format=csv`, undefined, x);
    for (const kind of ['earn', 'redeem', 'adjust']) await deniedAndUnwritten(b.token, 'POST', `/api/v1/customers/${x.id}/points`, { kind, points: 1, reason: '试探' }, x);
    await deniedAndUnwritten(mm.token, 'POST', `/api/v1/customers/${s.id}/points`, { kind: 'earn', points: 1, reason: '试探' }, s);
    await deniedAndUnwritten(mm.token, 'GET', `/api/v1/customers/${s.id}/points`, undefined, s);
  });

  it('SEC-2 REL-10 a plan’s effect as B carries no amount of X', async () => {
    const plan = await t.request('POST', '/api/v1/reward-plans', { token: mm.token, body: { name: '年度积分计划', validFrom: `${today().slice(0, 4)}-01-01`, tiers: [{ from: '0', pointsPer100: '1' }] } });
    expect(plan.statusCode, plan.body).toBe(201);
    const url = `/api/v1/reward-plans/${plan.json().id}/effect`;
    const forB = await bodyOf(b.token, url);
    expect(forB).not.toContain('987654');
    expect(marks(forB, x, s)).toEqual([]);
    // the owner's effect does carry it (the check can fail)
    expect(await bodyOf(a.token, url)).toContain('987654');
    for (const u of ['/api/v1/reward-plans', '/api/v1/reward-plans/export?format=csv']) expect(marks(await bodyOf(b.token, u), x)).toEqual([]);
  });
});

describe('SEC-2 SEC-5 REL-6 boards', () => {
  let boardId: string;
  let cardId: string;
  beforeAll(async () => {
    const opened = await t.request('POST', '/api/v1/boards', { token: gm.token, body: { kind: 'week' } });
    expect(opened.statusCode, opened.body).toBe(200);
    boardId = opened.json().id;
    const card = await t.request('POST', `/api/v1/boards/${boardId}/cards`, { token: gm.token, body: { title: '绝密客户跟进', customerId: s.id } });
    expect(card.statusCode, card.body).toBe(201);
    cardId = card.json().id;
  });

  it('SEC-5 REL-6 customer service cannot put a top-secret customer on a card, new or changed: 404, nothing written', async () => {
    await deniedAndUnwritten(cs.token, 'POST', `/api/v1/boards/${boardId}/cards`, { title: '试探', customerId: s.id }, s);
    const own = await t.request('POST', `/api/v1/boards/${boardId}/cards`, { token: cs.token, body: { title: '普通客户跟进', customerId: x.id } });
    expect(own.statusCode, own.body).toBe(201);
    await deniedAndUnwritten(cs.token, 'PATCH', `/api/v1/board-cards/${own.json().id}`, { version: own.json().version, customerId: s.id }, s);
  });

  it('SEC-5 REL-6 the board and the card history as customer service show the gm’s card without its customer', async () => {
    const board = await bodyOf(cs.token, `/api/v1/boards/${boardId}`);
    expect(marks(board, s)).toEqual([]);
    expect(marks(await bodyOf(cs.token, `/api/v1/board-cards/${cardId}/history`), s)).toEqual([]);
    expect(marks(await bodyOf(cs.token, '/api/v1/boards'), s)).toEqual([]);
    // the gm does see it (the check can fail)
    expect(await bodyOf(gm.token, `/api/v1/boards/${boardId}`)).toContain(s.name);
  });

  it('REL-6 designed: a sales rep may not use boards at all (403 whatever the customer)', async () => {
    for (const [method, url, body] of [['GET', '/api/v1/boards'], ['GET', `/api/v1/boards/${boardId}`], ['POST', `/api/v1/boards/${boardId}/cards`, { title: '试探', customerId: x.id }]] as const) {
      const before = await snapshotTables(t.database);
      const r = await t.request(method, url, { token: b.token, ...(body ? { body } : {}) });
      expect(r.statusCode, url).toBe(403);
      expect(marks(r.body, x, s)).toEqual([]);
      expect(await snapshotTables(t.database)).toEqual(before);
    }
  });
});

describe('SEC-2 REL-8 care campaigns', () => {
  let campaignId: string;
  let targetId: string;
  beforeAll(async () => {
    const c = await t.request('POST', '/api/v1/care-campaigns', { token: a.token, body: { kind: 'holiday', name: '春节问候（一部）', holiday: 'spring_festival', filters: {} } });
    expect(c.statusCode, c.body).toBe(201);
    campaignId = c.json().id;
    const targets = (await t.request('GET', `/api/v1/care-campaigns/${campaignId}/targets`, { token: a.token })).json().items;
    targetId = targets.find((x0: { customerId: string }) => x0.customerId === x.id).id;
    expect(targets.map((x0: { customerId: string }) => x0.customerId)).not.toContain(s.id);
  });

  it('SEC-2 REL-8 X’s care records and recording a reach on X’s target as B: 404, nothing written', async () => {
    await deniedAndUnwritten(b.token, 'GET', `/api/v1/customers/${x.id}/care`, undefined, x);
    await deniedAndUnwritten(b.token, 'PATCH', `/api/v1/care-targets/${targetId}`, { version: 0, channel: 'phone', response: 'positive' }, x);
    await deniedAndUnwritten(cs.token, 'GET', `/api/v1/customers/${s.id}/care`, undefined, s);
  });

  it('SEC-2 REL-8 B’s own campaign never selects X; A’s campaign, its targets and stats as B count and list nothing of X', async () => {
    const mine = await t.request('POST', '/api/v1/care-campaigns', { token: b.token, body: { kind: 'other', name: '二部关怀', filters: {} } });
    expect(mine.statusCode, mine.body).toBe(201);
    const mineTargets = await bodyOf(b.token, `/api/v1/care-campaigns/${mine.json().id}/targets`);
    expect(marks(mineTargets, x, s)).toEqual([]);
    for (const url of ['/api/v1/care-campaigns', `/api/v1/care-campaigns/${campaignId}/targets`, `/api/v1/care-campaigns/${campaignId}/stats`]) {
      const r = await t.request('GET', url, { token: b.token });
      expect(r.statusCode, url).toBe(200);
      expect(marks(r.body, x, s), url).toEqual([]);
    }
    const stats = await t.request('GET', `/api/v1/care-campaigns/${campaignId}/stats`, { token: b.token });
    expect(stats.statusCode).toBe(200);
    expect(stats.json()).toMatchObject({ targets: 0, reached: 0 });
    const listed = (await t.request('GET', '/api/v1/care-campaigns', { token: b.token })).json().items.find((c: { id: string }) => c.id === campaignId);
    expect(listed).toMatchObject({ targets: 0, reached: 0 });
  });
});

describe('SEC-2 REL-7 revisit reports and plans', () => {
  let reportId: string;
  const report = (customerId: string) => ({ customerId, visitedOn: today(), method: 'visit', evaluation: '服务尚可', satisfaction: 4 });
  beforeAll(async () => {
    const r = await t.request('POST', '/api/v1/revisit-reports', { token: a.token, body: report(x.id) });
    expect(r.statusCode, r.body).toBe(201);
    reportId = r.json().id;
  });

  it('SEC-2 REL-7 filing a report or planning a revisit for X as B: 404, nothing written', async () => {
    await deniedAndUnwritten(b.token, 'POST', '/api/v1/revisit-reports', report(x.id), x);
    await deniedAndUnwritten(b.token, 'POST', '/api/v1/revisit-plans', { customerIds: [x.id], dueOn: tomorrow() }, x);
    await deniedAndUnwritten(cs.token, 'POST', '/api/v1/revisit-plans', { customerIds: [s.id], dueOn: tomorrow() }, s);
    await deniedAndUnwritten(cs.token, 'POST', '/api/v1/revisit-reports', report(s.id), s);
  });

  it('SEC-2 REL-7 X’s report, its print, the list and the export as B: 404 or nothing of X', async () => {
    await deniedAndUnwritten(b.token, 'GET', `/api/v1/revisit-reports/${reportId}`, undefined, x);
    await deniedAndUnwritten(b.token, 'GET', `/api/v1/revisit-reports/${reportId}/print`, undefined, x);
    for (const url of ['/api/v1/revisit-reports', `/api/v1/revisit-reports?customerId=${x.id}`, '/api/v1/revisit-reports/export?format=csv', `/api/v1/revisit-reports/export?format=csv&customerId=${x.id}`]) {
      expect(marks(await bodyOf(b.token, url), x), url).toEqual([]);
    }
    expect(await bodyOf(a.token, '/api/v1/revisit-reports')).toContain(x.name);
  });

  it('SEC-2 REL-7 a revisit of X is not planned onto someone who may not see X (no task or notification naming X reaches B)', async () => {
    const before = await snapshotTables(t.database);
    const r = await t.request('POST', '/api/v1/revisit-plans', { token: a.token, body: { customerIds: [x.id], dueOn: tomorrow(), assigneeId: b.id } });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors[0].path).toBe('assigneeId');
    expect(await snapshotTables(t.database)).toEqual(before);
    expect(marks(await bodyOf(b.token, '/api/v1/tasks?state=open'), x)).toEqual([]);
    expect(marks(await bodyOf(b.token, '/api/v1/notifications'), x)).toEqual([]);
    // onto someone who sees X it is planned (the check can fail)
    const ok = await t.request('POST', '/api/v1/revisit-plans', { token: a.token, body: { customerIds: [x.id], dueOn: tomorrow(), assigneeId: cs.id } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().planned).toHaveLength(1);
    expect(await bodyOf(cs.token, '/api/v1/tasks?state=open')).toContain(x.name);
  });
});

describe('SEC-2 REL-11 targets', () => {
  it('SEC-2 REL-11 B’s progress, board and export carry neither A’s figures nor X', async () => {
    const period = today().slice(0, 7);
    for (const url of [`/api/v1/targets/progress?period=${period}`, `/api/v1/targets/board?period=${period}`, `/api/v1/targets/progress/export?period=${period}&format=csv`, '/api/v1/targets/comments']) {
      const body = await bodyOf(b.token, url);
      expect(marks(body, x, s), url).toEqual([]);
      expect(body, url).not.toContain(`"ownerId":"${a.id}"`);
      expect(body, url).not.toContain('987654');
    }
    expect(await bodyOf(a.token, `/api/v1/targets/progress?period=${period}`)).toContain('987654');
  });

  it('REL-11 designed: another owner’s figures, targets and comments are 403 for a rep who does not manage them', async () => {
    const period = today().slice(0, 7);
    expect((await t.request('GET', `/api/v1/targets/progress?period=${period}&ownerId=${a.id}`, { token: b.token })).statusCode).toBe(403);
    const before = await snapshotTables(t.database);
    expect((await t.request('PUT', '/api/v1/targets', { token: b.token, body: { period, items: [{ ownerId: a.id, metric: 'sales', target: 1 }] } })).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/targets/comments', { token: b.token, body: { period, ownerId: a.id, text: '试探' } })).statusCode).toBe(403);
    expect(await snapshotTables(t.database)).toEqual(before);
  });
});

describe('SEC-2 SEC-5 ANA-3 ANA-2 reports and the dashboard', () => {
  const kinds = ['grade-migration', 'tier-changes', 'contact-compliance', 'complaint-statistics', 'satisfaction-trend', 'receivables-aging', 'archive-completeness', 'dormant-customers'];
  it('SEC-2 ANA-3 every report, its export and its print as B carry nothing of X (or S for customer service)', async () => {
    for (const kind of kinds) {
      for (const suffix of ['', '/export?format=csv', '/print']) {
        const url = `/api/v1/reports/${kind}${suffix}`;
        const forB = await t.request('GET', url, { token: b.token });
        expect(forB.statusCode, url).toBe(200);
        expect(marks(forB.rawPayload.toString('utf8'), x, s), url).toEqual([]);
        expect(forB.rawPayload.toString('utf8'), url).not.toContain('987654');
        const forCs = await t.request('GET', url, { token: cs.token });
        expect(marks(forCs.rawPayload.toString('utf8'), s), url).toEqual([]);
      }
    }
    // the owner's dormant/completeness reports do carry X (the check can fail)
    const forA = await bodyOf(a.token, '/api/v1/reports/dormant-customers');
    expect(marks(forA, x)).toEqual([x.name, x.archiveNo]);
    expect(marks(await bodyOf(gm.token, '/api/v1/reports/dormant-customers'), s)).toEqual([s.name, s.archiveNo]);
  });

  it('SEC-2 ANA-3 a report filtered by X’s owner as B shows nothing of X', async () => {
    for (const kind of kinds) {
      const r = await t.request('GET', `/api/v1/reports/${kind}?ownerId=${a.id}`, { token: b.token });
      expect(marks(r.body, x), kind).toEqual([]);
    }
  });

  it('SEC-2 ANA-2 B’s dashboard, tasks and notifications never mention X', async () => {
    for (const url of ['/api/v1/analytics/dashboard', '/api/v1/tasks?state=open', '/api/v1/tasks', '/api/v1/notifications']) {
      expect(marks(await bodyOf(b.token, url), x, s), url).toEqual([]);
    }
  });
});

describe('SEC-5 top-secret customers stay with the gm across the programmes', () => {
  it('SEC-5 REL-9 a survey of S sent and answered by the gm: customer service and marketing find nothing of it', async () => {
    const tpl = (await t.request('GET', '/api/v1/survey-templates', { token: gm.token })).json().items[0];
    const sent = await t.request('POST', '/api/v1/surveys', { token: gm.token, body: { customerId: s.id, templateId: tpl.id, channel: 'phone' } });
    expect(sent.statusCode, sent.body).toBe(201);
    const answers = tpl.questions.map((q: { id: string; kind: string; options?: string[] }) => (q.kind === 'rating' ? { questionId: q.id, rating: 5 } : q.kind === 'choice' ? { questionId: q.id, choice: q.options![0] } : { questionId: q.id, text: '满意' }));
    expect((await t.request('POST', `/api/v1/surveys/${sent.json().id}/responses`, { token: gm.token, body: { answers } })).statusCode).toBe(201);
    for (const u of [cs, mm]) {
      await deniedAndUnwritten(u.token, 'GET', `/api/v1/surveys/${sent.json().id}`, undefined, s);
      await deniedAndUnwritten(u.token, 'POST', `/api/v1/surveys/${sent.json().id}/responses`, { answers }, s);
      for (const url of ['/api/v1/surveys', '/api/v1/surveys/export?format=csv', '/api/v1/surveys/results']) expect(marks(await bodyOf(u.token, url), s), url).toEqual([]);
    }
    expect(await bodyOf(gm.token, '/api/v1/surveys/results')).toContain(s.name);
  });

  it('SEC-5 REL-8 the gm’s campaign reaches S; customer service neither lists, counts nor records it', async () => {
    const c = await t.request('POST', '/api/v1/care-campaigns', { token: gm.token, body: { kind: 'other', name: '总经理关怀', filters: {} } });
    expect(c.statusCode, c.body).toBe(201);
    const all = (await t.request('GET', `/api/v1/care-campaigns/${c.json().id}/targets?limit=200`, { token: gm.token })).json().items;
    const sTarget = all.find((x0: { customerId: string }) => x0.customerId === s.id);
    expect(sTarget).toBeDefined();
    const forCs = (await t.request('GET', `/api/v1/care-campaigns/${c.json().id}/targets?limit=200`, { token: cs.token }));
    expect(marks(forCs.body, s)).toEqual([]);
    expect(forCs.json().items.length).toBe(all.length - 1);
    const stats = (await t.request('GET', `/api/v1/care-campaigns/${c.json().id}/stats`, { token: cs.token })).json();
    expect(stats.targets).toBe(all.length - 1);
    await deniedAndUnwritten(cs.token, 'PATCH', `/api/v1/care-targets/${sTarget.id}`, { version: sTarget.version, channel: 'phone', response: 'positive' }, s);
    // a rep's campaign over another owner's customers selects none of them
    const byOwner = await t.request('POST', '/api/v1/care-campaigns', { token: b.token, body: { kind: 'other', name: '按负责人', filters: { ownerId: a.id } } });
    expect(byOwner.statusCode, byOwner.body).toBe(201);
    expect(byOwner.json().targets).toBe(0);
  });

  it('SEC-5 REL-6 customer service editing the gm’s card about S gets it back without S', async () => {
    const board = (await t.request('POST', '/api/v1/boards', { token: gm.token, body: { kind: 'month' } })).json();
    const card = (await t.request('POST', `/api/v1/boards/${board.id}/cards`, { token: gm.token, body: { title: '绝密客户月度', customerId: s.id } })).json();
    const edited = await t.request('PATCH', `/api/v1/board-cards/${card.id}`, { token: cs.token, body: { version: card.version, title: '改个标题' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(marks(edited.body, s)).toEqual([]);
    expect(edited.json()).toMatchObject({ customerId: null, customerWithheld: true });
    const moved = await t.request('POST', `/api/v1/board-cards/${card.id}/move`, { token: cs.token, body: { version: edited.json().version, column: 'doing', index: 0 } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(marks(moved.body, s)).toEqual([]);
    // the gm's card still names S
    expect(await bodyOf(gm.token, `/api/v1/boards/${board.id}`)).toContain(s.name);
  });

  it('SEC-5 REL-7 a revisit report on S by the gm: customer service gets 404 and finds it in no list or export', async () => {
    const r = await t.request('POST', '/api/v1/revisit-reports', { token: gm.token, body: { customerId: s.id, visitedOn: today(), evaluation: '绝密回访', satisfaction: 5 } });
    expect(r.statusCode, r.body).toBe(201);
    await deniedAndUnwritten(cs.token, 'GET', `/api/v1/revisit-reports/${r.json().id}`, undefined, s);
    await deniedAndUnwritten(cs.token, 'GET', `/api/v1/revisit-reports/${r.json().id}/print`, undefined, s);
    for (const url of ['/api/v1/revisit-reports', '/api/v1/revisit-reports/export?format=csv']) expect(marks(await bodyOf(cs.token, url), s), url).toEqual([]);
  });

  it('SEC-5 REL-10 REL-11 the owner’s own figures leave out the top-secret archive they own (only the gm reads it)', async () => {
    const period = today().slice(0, 7);
    const items = (await t.request('GET', `/api/v1/targets/progress?period=${period}`, { token: a.token })).json().items;
    expect(items.find((i: { metric: string }) => i.metric === 'sales').actual).toBe(987654.32);
    // nor does the gm's (targets count no top-secret archive, REL-11)
    const forGm = (await t.request('GET', `/api/v1/targets/progress?period=${period}&ownerId=${a.id}`, { token: gm.token })).json().items;
    expect(forGm.find((i: { metric: string }) => i.metric === 'sales').actual).toBe(987654.32);
    const plans = (await t.request('GET', '/api/v1/reward-plans', { token: a.token })).json().items;
    const effect = await bodyOf(a.token, `/api/v1/reward-plans/${plans[0].id}/effect`);
    expect(effect).not.toContain('1975308');
  });
});

describe('SEC-2 a customer one may not see answers exactly like one that does not exist', () => {
  it('SEC-2 REL-7 REL-8 REL-9 REL-10 the 404 for X as B is word for word the 404 for an id never given', async () => {
    const tpl = (await t.request('GET', '/api/v1/survey-templates', { token: b.token })).json().items[0];
    const probes: [string, (id: string) => string, ((id: string) => unknown) | undefined][] = [
      ['POST', () => '/api/v1/surveys', (id) => ({ customerId: id, templateId: tpl.id, channel: 'phone' })],
      ['GET', (id) => `/api/v1/customers/${id}/points`, undefined],
      ['GET', (id) => `/api/v1/customers/${id}/points/export?format=csv`, undefined],
      ['POST', (id) => `/api/v1/customers/${id}/points`, () => ({ kind: 'earn', points: 1, reason: '试探' })],
      ['GET', (id) => `/api/v1/customers/${id}/care`, undefined],
      ['POST', () => '/api/v1/revisit-reports', (id) => ({ customerId: id, visitedOn: today(), evaluation: '试探', satisfaction: 3 })],
      ['POST', () => '/api/v1/revisit-plans', (id) => ({ customerIds: [id], dueOn: tomorrow() })],
    ];
    for (const [method, url, body] of probes) {
      const hidden = await deniedAndUnwritten(b.token, method, url(x.id), body?.(x.id), x);
      const never = await t.request(method, url('999999999'), { token: b.token, ...(body ? { body: body('999999999') } : {}) });
      expect(never.statusCode).toBe(404);
      expect(hidden.json(), `${method} ${url(x.id)}`).toEqual(never.json());
    }
  });

  it('REL-11 designed: comments on another owner’s period are 403 for a rep who does not manage them, and list nothing of theirs', async () => {
    const period = today().slice(0, 7);
    const c = await t.request('POST', '/api/v1/targets/comments', { token: gm.token, body: { period, ownerId: a.id, text: '本月销售额 987654.32，继续保持' } });
    expect(c.statusCode, c.body).toBe(201);
    const r = await t.request('GET', `/api/v1/targets/comments?ownerId=${a.id}`, { token: b.token });
    expect(r.statusCode).toBe(200);
    expect(r.json().items).toEqual([]);
    expect(await bodyOf(b.token, '/api/v1/targets/comments')).not.toContain('987654');
    expect(await bodyOf(a.token, '/api/v1/targets/comments')).toContain('987654');
  });
});

describe('SEC-8 the recycle bin is not reachable through the list filters the programmes take', () => {
  it('SEC-8 SEC-9 ANA-3 REL-8 lifecycle=deleted|destroyed on a report, its export and print, and in a care campaign’s filters needs recycle.manage', async () => {
    const gone = await archive('none');
    await t.database.ownerPool.query(`UPDATE customers SET lifecycle = 'deleted' WHERE id = $1`, [gone.id]);
    for (const lifecycle of ['deleted', 'destroyed']) {
      for (const kind of ['dormant-customers', 'archive-completeness']) {
        for (const suffix of ['', '/export', '/print']) {
          const url = `/api/v1/reports/${kind}${suffix}?lifecycle=${lifecycle}`;
          const r = await t.request('GET', url, { token: a.token });
          expect(r.statusCode, url).toBe(403);
          expect(r.json().errors[0].path).toBe('lifecycle');
          expect(r.rawPayload.toString('utf8')).not.toContain(gone.name);
        }
      }
      const before = await snapshotTables(t.database);
      const c = await t.request('POST', '/api/v1/care-campaigns', { token: a.token, body: { kind: 'other', name: '回收站关怀', filters: { lifecycle } } });
      expect(c.statusCode, c.body).toBe(403);
      expect(c.json().errors[0].path).toMatch(/lifecycle/);
      expect(await snapshotTables(t.database)).toEqual(before);
    }
    // the keeper of the recycle bin may (the check can fail)
    expect(await bodyOf(gm.token, '/api/v1/reports/dormant-customers?lifecycle=deleted')).toContain(gone.name);
  });
});

describe('SEC-5 work that names a top-secret customer reaches nobody who may not see it, not even its recorded owner', () => {
  it('SEC-5 REL-9 a low answer the gm records for S makes a follow-up task, but its owner (who may not read a top-secret archive) is not told S’s name', async () => {
    const tpl = (await t.request('GET', '/api/v1/survey-templates', { token: gm.token })).json().items[0];
    const sent = await t.request('POST', '/api/v1/surveys', { token: gm.token, body: { customerId: s.id, templateId: tpl.id, channel: 'phone' } });
    expect(sent.statusCode, sent.body).toBe(201);
    const answers = tpl.questions.map((q: { id: string; kind: string; options?: string[] }) => (q.kind === 'rating' ? { questionId: q.id, rating: 1 } : q.kind === 'choice' ? { questionId: q.id, choice: q.options![0] } : { questionId: q.id, text: '不满意' }));
    const r = await t.request('POST', `/api/v1/surveys/${sent.json().id}/responses`, { token: gm.token, body: { answers } });
    expect(r.statusCode, r.body).toBe(201);
    const task = await t.database.db.selectFrom('tasks').select(['owner_id', 'title']).where('kind', '=', 'survey_follow_up').where('customer_id', '=', s.id).executeTakeFirst();
    expect(task).toMatchObject({ owner_id: a.id });
    for (const url of ['/api/v1/notifications', '/api/v1/tasks?state=open', '/api/v1/tasks/summary']) {
      const res = await t.request('GET', url, { token: a.token });
      expect(marks(res.body, s), url).toEqual([]);
    }
    // an owner who may read the archive is still told (the check can fail)
    const onX = await t.request('POST', '/api/v1/surveys', { token: cs.token, body: { customerId: x.id, templateId: tpl.id, channel: 'phone' } });
    expect(onX.statusCode, onX.body).toBe(201);
    expect((await t.request('POST', `/api/v1/surveys/${onX.json().id}/responses`, { token: cs.token, body: { answers } })).statusCode).toBe(201);
    expect(await bodyOf(a.token, '/api/v1/notifications')).toContain(x.name);
  });

  it('SEC-5 REL-7 a revisit the gm plans for S falls to its owner without naming S to them', async () => {
    const r = await t.request('POST', '/api/v1/revisit-plans', { token: gm.token, body: { customerIds: [s.id], dueOn: tomorrow() } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().planned).toHaveLength(1);
    expect(marks(await bodyOf(a.token, '/api/v1/notifications'), s)).toEqual([]);
    expect(marks(await bodyOf(a.token, '/api/v1/tasks?state=open'), s)).toEqual([]);
  });
});

describe('SEC-5 ANA-2 ANA-3 counts do not move for what one may not see', () => {
  it('SEC-2 SEC-5 ANA-2 ANA-3 X’s complaint leaves B’s dashboard and complaint statistics alone; a complaint on S is counted for customer service (designed: they handle every complaint) without naming S', async () => {
    const urls = ['/api/v1/analytics/dashboard', '/api/v1/reports/complaint-statistics', '/api/v1/reports/complaint-statistics/export?format=csv'];
    const read = async (token: string) => Promise.all(urls.map((u) => bodyOf(token, u)));
    const csBefore = await read(cs.token);
    const bBefore = await read(b.token);
    const file = (token: string, customerId: string) => t.request('POST', '/api/v1/complaints', { token, body: { customerId, channel: 'phone', receivedAt: new Date().toISOString(), reason: '产品质量问题', demand: '退换货' } });
    const onS = await file(gm.token, s.id);
    expect(onS.statusCode, onS.body).toBe(201);
    // designed (spec 05, complaint-access.rules.ts): customer service sees every complaint, the customer of one
    // on an archive above their level withheld, so the count moves but nothing names S
    const csAfter = await read(cs.token);
    expect(csAfter).not.toEqual(csBefore);
    expect(JSON.parse(csAfter[0]!).complaints.open).toBe(JSON.parse(csBefore[0]!).complaints.open + 1);
    for (const body of csAfter) expect(marks(body, s)).toEqual([]);
    const list = await t.request('GET', '/api/v1/complaints', { token: cs.token });
    // (the older complaints list keeps the bare customerId of such a complaint; its name and number are withheld)
    expect([s.name, s.archiveNo].filter((m) => list.body.includes(m))).toEqual([]);
    const onX = await file(cs.token, x.id);
    expect(onX.statusCode, onX.body).toBe(201);
    expect(await read(b.token)).toEqual(bBefore);
    expect(JSON.parse(bBefore[0]!).complaints).toBeNull();
    // customer service's statistics do move for X (the check can fail)
    expect(await bodyOf(cs.token, '/api/v1/reports/complaint-statistics/export?format=csv')).toMatch(/合计,2,/);
  });
});

describe('SEC-2 SEC-5 ANA-3 REL-9 satisfaction counts only the responses of visible customers', () => {
  it('SEC-2 SEC-5 ANA-3 REL-9 the satisfaction trend and survey results count X’s answers for its readers, S’s for the gm only, none for B', async () => {
    const responses = async (customerId: string) => Number((await t.database.ownerPool.query<{ n: string }>('SELECT count(*) AS n FROM survey_responses WHERE customer_id = $1 AND avg_rating IS NOT NULL', [customerId])).rows[0]!.n);
    const nx = await responses(x.id);
    const ns = await responses(s.id);
    expect(nx).toBeGreaterThan(0);
    expect(ns).toBeGreaterThan(0);
    const trend = async (token: string) => ((await t.request('GET', '/api/v1/reports/satisfaction-trend', { token })).json().rows as { surveys: number }[]).reduce((n, r) => n + r.surveys, 0);
    const results = async (token: string) => (await t.request('GET', '/api/v1/surveys/results', { token })).json().count as number;
    expect(await trend(b.token)).toBe(0);
    expect(await results(b.token)).toBe(0);
    expect(await trend(a.token)).toBe(nx);
    expect(await results(a.token)).toBe(nx);
    expect(await trend(mm.token)).toBe(nx);
    expect(await results(mm.token)).toBe(nx);
    expect(await trend(gm.token)).toBe(nx + ns);
    expect(await results(gm.token)).toBe(nx + ns);
  });
});

describe('SEC-2 REL-7 REL-9 REL-10 what one sent or filed stays hidden once the customer is no longer theirs', () => {
  it('SEC-2 REL-9 REL-7 REL-10 after Y passes to B, A (who sent its survey, filed its report and wrote its points) gets 404 and finds nothing of Y', async () => {
    const y = await archive('none');
    const tpl = (await t.request('GET', '/api/v1/survey-templates', { token: a.token })).json().items[0];
    const sent = await t.request('POST', '/api/v1/surveys', { token: a.token, body: { customerId: y.id, templateId: tpl.id, channel: 'link' } });
    expect(sent.statusCode, sent.body).toBe(201);
    const rep = await t.request('POST', '/api/v1/revisit-reports', { token: a.token, body: { customerId: y.id, visitedOn: today(), evaluation: '交接前回访', satisfaction: 4 } });
    expect(rep.statusCode, rep.body).toBe(201);
    expect((await t.request('POST', `/api/v1/customers/${y.id}/points`, { token: a.token, body: { kind: 'earn', points: 10, reason: '交接前' } })).statusCode).toBe(201);
    const dept2 = (await t.database.ownerPool.query<{ department_id: string }>('SELECT department_id FROM users WHERE id = $1', [b.id])).rows[0]!.department_id;
    await t.database.ownerPool.query('UPDATE customers SET owner_id = $2, department_id = $3 WHERE id = $1', [y.id, b.id, dept2]);
    await deniedAndUnwritten(a.token, 'GET', `/api/v1/surveys/${sent.json().id}`, undefined, y);
    await deniedAndUnwritten(a.token, 'GET', `/api/v1/revisit-reports/${rep.json().id}`, undefined, y);
    await deniedAndUnwritten(a.token, 'GET', `/api/v1/customers/${y.id}/points`, undefined, y);
    for (const url of ['/api/v1/surveys', '/api/v1/surveys/export?format=csv', '/api/v1/revisit-reports', '/api/v1/revisit-reports/export?format=csv', '/api/v1/reports/dormant-customers']) {
      expect(marks(await bodyOf(a.token, url), y), url).toEqual([]);
    }
    // B, the new owner, sees them (the check can fail)
    expect(await bodyOf(b.token, '/api/v1/surveys')).toContain(y.name);
    expect(await bodyOf(b.token, '/api/v1/revisit-reports')).toContain(y.name);
  });
});

describe('SEC-5 view-only archives are not exported or printed through the programmes', () => {
  it('SEC-5 REL-7 REL-9 REL-10 a confidential archive’s points export and report print are 403 even for its owner; the survey and revisit exports leave it out', async () => {
    const c = await archive('confidential');
    const tpl = (await t.request('GET', '/api/v1/survey-templates', { token: a.token })).json().items[0];
    expect((await t.request('POST', '/api/v1/surveys', { token: a.token, body: { customerId: c.id, templateId: tpl.id, channel: 'phone' } })).statusCode).toBe(201);
    const rep = await t.request('POST', '/api/v1/revisit-reports', { token: a.token, body: { customerId: c.id, visitedOn: today(), evaluation: '机密客户回访', satisfaction: 3 } });
    expect(rep.statusCode, rep.body).toBe(201);
    expect((await t.request('GET', `/api/v1/customers/${c.id}/points`, { token: a.token })).statusCode).toBe(200);
    const before = await snapshotTables(t.database);
    expect((await t.request('GET', `/api/v1/customers/${c.id}/points/export?format=csv`, { token: a.token })).statusCode).toBe(403);
    expect((await t.request('GET', `/api/v1/revisit-reports/${rep.json().id}/print`, { token: a.token })).statusCode).toBe(403);
    expect(await snapshotTables(t.database)).toEqual(before);
    for (const url of ['/api/v1/surveys/export?format=csv', '/api/v1/revisit-reports/export?format=csv', '/api/v1/reports/dormant-customers/export?format=csv', '/api/v1/reports/dormant-customers/print']) expect(marks(await bodyOf(a.token, url), c), url).toEqual([]);
    expect(await bodyOf(a.token, '/api/v1/reports/dormant-customers')).toContain(c.name);
    // but the lists show it (the check can fail)
    expect(await bodyOf(a.token, '/api/v1/revisit-reports')).toContain(c.name);
  });

  it('SEC-2 REL-7 planning revisits for one’s own customer and X together is 404 and plans neither', async () => {
    const own = await t.request('POST', '/api/v1/customers', { token: b.token, body: { name: '二部自有客户有限公司', customerType: 'direct', confirmDuplicate: true } });
    expect(own.statusCode, own.body).toBe(201);
    await deniedAndUnwritten(b.token, 'POST', '/api/v1/revisit-plans', { customerIds: [own.json().id, x.id], dueOn: tomorrow() }, x);
  });
});

describe('SEC-3 A-class books stay with the owner and marketing managers', () => {
  it('SEC-3 REL-10 a reward plan’s effect as customer service leaves out an A-class customer’s purchases; the marketing manager counts them', async () => {
    const z = await archive('none');
    await t.database.ownerPool.query(`UPDATE customers SET abc_class = 'A' WHERE id = $1`, [z.id]);
    await t.database.ownerPool.query(`INSERT INTO transactions (customer_id, tx_no, date, amount) VALUES ($1, $2, $3, '555555.55')`, [z.id, `PLA-${z.id}`, today()]);
    const plan = await t.request('POST', '/api/v1/reward-plans', { token: mm.token, body: { name: '直销积分计划', customerType: 'direct', validFrom: `${today().slice(0, 4)}-01-01`, tiers: [{ from: '0', pointsPer100: '1' }] } });
    expect(plan.statusCode, plan.body).toBe(201);
    const url = `/api/v1/reward-plans/${plan.json().id}/effect`;
    expect(await bodyOf(cs.token, url)).not.toContain('555555');
    expect(await bodyOf(b.token, url)).not.toContain('555555');
    expect(await bodyOf(mm.token, url)).toMatch(/555555|1543209/);
  });
});

describe('SEC-2 designed 403: a reader of X who may not change it', () => {
  it('SEC-2 REL-7 REL-9 REL-10 the office head reads X but may not send it a survey, write its points or file its revisit report (403, nothing written)', async () => {
    const oh = await t.createUser('pl.oh', ['office_head']);
    expect((await t.request('GET', `/api/v1/customers/${x.id}`, { token: oh.token })).statusCode).toBe(200);
    const tpl = (await t.request('GET', '/api/v1/survey-templates', { token: oh.token })).json().items[0];
    for (const [url, body] of [
      ['/api/v1/surveys', { customerId: x.id, templateId: tpl.id, channel: 'phone' }],
      [`/api/v1/customers/${x.id}/points`, { kind: 'earn', points: 1, reason: '试探' }],
      ['/api/v1/revisit-reports', { customerId: x.id, visitedOn: today(), evaluation: '试探', satisfaction: 3 }],
      ['/api/v1/revisit-plans', { customerIds: [x.id], dueOn: tomorrow() }],
    ] as const) {
      const before = await snapshotTables(t.database);
      const r = await t.request('POST', url, { token: oh.token, body });
      expect(r.statusCode, `${url} ${r.body}`).toBe(403);
      expect(await snapshotTables(t.database)).toEqual(before);
    }
    // and the top-secret S is 404 for them, like for everyone but the gm
    await deniedAndUnwritten(oh.token, 'POST', `/api/v1/customers/${s.id}/points`, { kind: 'earn', points: 1, reason: '试探' }, s);
  });
});

describe('SEC-1 the new routes authenticate before they validate', () => {
  it('SEC-1 REL-6 REL-7 REL-8 REL-9 REL-10 REL-11 ANA-3 without a token every new route is 401, even with a bad body, and writes nothing', async () => {
    const bad = { nonsense: 1, customerId: 'not-an-id' };
    const routes: [string, string][] = [
      ['GET', '/api/v1/survey-templates'], ['POST', '/api/v1/survey-templates'], ['PATCH', '/api/v1/survey-templates/1'], ['POST', '/api/v1/surveys'], ['GET', '/api/v1/surveys'],
      ['GET', '/api/v1/surveys/export'], ['GET', '/api/v1/surveys/results'], ['GET', '/api/v1/surveys/schedule'], ['PUT', '/api/v1/surveys/schedule'], ['GET', '/api/v1/surveys/1'],
      ['POST', '/api/v1/surveys/1/responses'],
      ['GET', `/api/v1/customers/${x.id}/points`], ['GET', `/api/v1/customers/${x.id}/points/export`], ['POST', `/api/v1/customers/${x.id}/points`], ['GET', '/api/v1/reward-plans'],
      ['GET', '/api/v1/reward-plans/export'], ['POST', '/api/v1/reward-plans'], ['GET', '/api/v1/reward-plans/1'], ['PATCH', '/api/v1/reward-plans/1'], ['GET', '/api/v1/reward-plans/1/effect'],
      ['GET', '/api/v1/boards'], ['POST', '/api/v1/boards'], ['GET', '/api/v1/boards/1'], ['POST', '/api/v1/boards/1/cards'], ['PATCH', '/api/v1/board-cards/1'],
      ['POST', '/api/v1/board-cards/1/move'], ['GET', '/api/v1/board-cards/1/history'],
      ['GET', '/api/v1/care/holidays'], ['GET', '/api/v1/care-campaigns'], ['POST', '/api/v1/care-campaigns'], ['GET', '/api/v1/care-campaigns/1'], ['GET', '/api/v1/care-campaigns/1/stats'],
      ['GET', '/api/v1/care-campaigns/1/targets'], ['PATCH', '/api/v1/care-targets/1'], ['GET', `/api/v1/customers/${x.id}/care`],
      ['GET', '/api/v1/targets/progress?period=x'], ['GET', '/api/v1/targets/progress/export'], ['GET', '/api/v1/targets/board'], ['PUT', '/api/v1/targets'], ['GET', '/api/v1/targets/comments?period=x'],
      ['POST', '/api/v1/targets/comments'],
      ['POST', '/api/v1/revisit-reports'], ['GET', '/api/v1/revisit-reports?limit=-1'], ['GET', '/api/v1/revisit-reports/export'], ['GET', '/api/v1/revisit-reports/1'], ['GET', '/api/v1/revisit-reports/1/print'],
      ['POST', '/api/v1/revisit-plans'],
      ['GET', '/api/v1/reports/nope'], ['GET', '/api/v1/reports/receivables-aging/export'], ['GET', '/api/v1/reports/receivables-aging/print'], ['GET', '/api/v1/analytics/dashboard'],
    ];
    const before = await snapshotTables(t.database);
    for (const [method, url] of routes) {
      const r = await t.request(method, url, method === 'GET' ? {} : { body: bad });
      expect(r.statusCode, `${method} ${url} ${r.body}`).toBe(401);
      expect(marks(r.body, x)).toEqual([]);
    }
    expect(await snapshotTables(t.database)).toEqual(before);
    void admin;
  });
});
