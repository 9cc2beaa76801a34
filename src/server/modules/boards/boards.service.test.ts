import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { nextPeriod, periodOf, previousPeriod } from './boards.rules.js';

let t: TestApp;
let cs: { id: string; token: string };
let cs2: { id: string; token: string };
let gm: { id: string; token: string };
let sales: { id: string; token: string };
const today = chinaDate(new Date());
const thisWeek = periodOf('week', today);
const thisMonth = periodOf('month', today);

beforeAll(async () => {
  t = await createTestApp();
  cs = await t.createUser('brd.cs', ['cs_staff']);
  cs2 = await t.createUser('brd.cs2', ['cs_staff']);
  gm = await t.createUser('brd.gm', ['gm']);
  sales = await t.createUser('brd.sales', ['sales']);
});
afterAll(async () => t?.close());

type Card = { id: string; column: string; position: number; version: number; title: string; customerId: string | null; customerName: string | null; archiveNo: string | null; customerWithheld: boolean; carriedFrom: { period: string } | null; carryCount: number };
type Board = { id: string; period: string; cards: Card[]; carriedIn: number; carriedOut: number; carriedAway: { cardId: string; toPeriod: string }[] };

const open = async (kind: 'week' | 'month', period?: string, token = cs.token) => {
  const r = await t.request('POST', '/api/v1/boards', { token, body: { kind, ...(period ? { period } : {}) } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Board;
};
const addCard = async (boardId: string, body: Record<string, unknown>, token = cs.token) => {
  const r = await t.request('POST', `/api/v1/boards/${boardId}/cards`, { token, body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as Card;
};
const board = async (id: string, token = cs.token) => (await t.request('GET', `/api/v1/boards/${id}`, { token })).json() as Board;

describe('REL-6 boards', () => {
  it('REL-6 the current week and month open once (idempotent); a later period is 422 naming period; a bad one 400', async () => {
    const w = await open('week');
    expect(w.period).toBe(thisWeek);
    expect((await open('week')).id).toBe(w.id);
    const m = await open('month');
    expect(m.period).toBe(thisMonth);
    const future = await t.request('POST', '/api/v1/boards', { token: cs.token, body: { kind: 'week', period: nextPeriod('week', thisWeek) } });
    expect(future.statusCode).toBe(422);
    expect(future.json().errors).toEqual([expect.objectContaining({ path: 'period' })]);
    const bad = await t.request('POST', '/api/v1/boards', { token: cs.token, body: { kind: 'week', period: '2026-W60' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ path: 'period' })]);
    const wrongKind = await t.request('POST', '/api/v1/boards', { token: cs.token, body: { kind: 'month', period: '2026-W01' } });
    expect(wrongKind.statusCode).toBe(400);
    const list = (await t.request('GET', '/api/v1/boards?kind=week', { token: cs.token })).json().items as { id: string; kind: string }[];
    expect(list.map((b) => b.id)).toContain(w.id);
    expect(list.every((b) => b.kind === 'week')).toBe(true);
  });

  it('REL-6 a sales rep may not use the boards (403); an unknown board or card is 404', async () => {
    expect((await t.request('GET', '/api/v1/boards', { token: sales.token })).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/boards', { token: sales.token, body: { kind: 'week' } })).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/boards/999999', { token: cs.token })).statusCode).toBe(404);
    expect((await t.request('POST', '/api/v1/board-cards/999999/move', { token: cs.token, body: { version: 0, column: 'done', index: 0 } })).statusCode).toBe(404);
    expect((await t.request('POST', '/api/v1/boards/999999/cards', { token: cs.token, body: { title: 'x' } })).statusCode).toBe(404);
  });

  it('REL-6 cards are added at the end of a column, moved to a place, and bad input names its field', async () => {
    const w = await open('week');
    const a = await addCard(w.id, { title: '回访华东阀门', dueOn: today });
    const b = await addCard(w.id, { title: '准备中秋礼品清单' });
    expect(a).toMatchObject({ column: 'todo', version: 0, customerId: null, customerWithheld: false });
    expect(b.position).toBeGreaterThan(a.position);
    const moved = await t.request('POST', `/api/v1/board-cards/${b.id}/move`, { token: cs.token, body: { version: 0, column: 'todo', index: 0 } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().position).toBeLessThan(a.position);
    const ids = (await board(w.id)).cards.filter((c) => c.column === 'todo').map((c) => c.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    const noTitle = await t.request('POST', `/api/v1/boards/${w.id}/cards`, { token: cs.token, body: { title: '  ' } });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().errors[0].path).toBe('title');
    const badAssignee = await t.request('POST', `/api/v1/boards/${w.id}/cards`, { token: cs.token, body: { title: 'x', assigneeId: '987654' } });
    expect(badAssignee.statusCode).toBe(400);
    expect(badAssignee.json().errors[0].path).toBe('assigneeId');
    const badColumn = await t.request('POST', `/api/v1/board-cards/${a.id}/move`, { token: cs.token, body: { version: 0, column: 'later', index: 0 } });
    expect(badColumn.statusCode).toBe(400);
    const upd = await t.request('PATCH', `/api/v1/board-cards/${a.id}`, { token: cs.token, body: { version: 0, title: '回访华东阀门（改期）', assigneeId: cs2.id, dueOn: null } });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json()).toMatchObject({ title: '回访华东阀门（改期）', assigneeId: cs2.id, dueOn: null, version: 1 });
    const hist = (await t.request('GET', `/api/v1/board-cards/${b.id}/history`, { token: cs.token })).json().items as { kind: string; fromColumn: string | null; toColumn: string | null }[];
    expect(hist.map((h) => h.kind)).toEqual(['created', 'moved']);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', b.id).where('entity_type', '=', 'board_card').execute();
    expect(audit.map((e) => e.action).sort()).toEqual(['board.card_created', 'board.card_moved']);
  });

  it('REL-6 two parallel moves of one card: one wins, the other is 409 naming version, and the card is there once', async () => {
    const w = await open('week');
    const c = await addCard(w.id, { title: '并发移动' });
    const [r1, r2] = await Promise.all([
      t.request('POST', `/api/v1/board-cards/${c.id}/move`, { token: cs.token, body: { version: 0, column: 'doing', index: 0 } }),
      t.request('POST', `/api/v1/board-cards/${c.id}/move`, { token: cs2.token, body: { version: 0, column: 'done', index: 0 } }),
    ]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 409]);
    const loser = r1.statusCode === 409 ? r1 : r2;
    expect(loser.json().errors).toEqual([expect.objectContaining({ path: 'version' })]);
    const winner = (r1.statusCode === 200 ? r1 : r2).json() as Card;
    const after = (await board(w.id)).cards.filter((x) => x.id === c.id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ column: winner.column, version: 1 });
  });

  it('REL-6 parallel moves of different cards into one column both land; no card is lost', async () => {
    const w = await open('week');
    const cards = await Promise.all(['甲', '乙', '丙', '丁'].map((n) => addCard(w.id, { title: `并发卡片${n}` })));
    const before = (await board(w.id)).cards.length;
    const results = await Promise.all(cards.map((c, i) => t.request('POST', `/api/v1/board-cards/${c.id}/move`, { token: i % 2 ? cs.token : cs2.token, body: { version: 0, column: 'doing', index: 0 } })));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const after = await board(w.id);
    expect(after.cards).toHaveLength(before);
    for (const c of cards) expect(after.cards.filter((x) => x.id === c.id).map((x) => x.column)).toEqual(['doing']);
  });

  it('REL-6 opening the next period carries the unfinished cards over, recorded per card; done cards stay; never twice', async () => {
    // an earlier month's board stands for "last period" (the current one may already exist)
    const earlier = previousPeriod('month', previousPeriod('month', thisMonth));
    const old = await open('month', earlier);
    const todo = await addCard(old.id, { title: '年度客户大会场地' });
    const doing = await addCard(old.id, { title: '春节礼品采购', column: 'doing' });
    const done = await addCard(old.id, { title: '十月回访汇总', column: 'done' });
    // the month between them opens now, with the current one still later
    const between = await open('month', previousPeriod('month', thisMonth));
    const carried = between.cards.filter((c) => [todo.id, doing.id, done.id].includes(c.id));
    expect(carried.map((c) => [c.id, c.column]).sort()).toEqual([[todo.id, 'todo'], [doing.id, 'doing']].sort());
    expect(carried.every((c) => c.carriedFrom?.period === earlier && c.carryCount === 1)).toBe(true);
    expect(between.carriedIn).toBeGreaterThanOrEqual(2);
    const oldAfter = await board(old.id);
    expect(oldAfter.cards.map((c) => c.id)).toEqual([done.id]);
    expect(oldAfter.carriedAway.map((a) => a.cardId).sort()).toEqual([todo.id, doing.id].sort());
    expect(oldAfter.carriedOut).toBe(2);
    const hist = (await t.request('GET', `/api/v1/board-cards/${todo.id}/history`, { token: cs.token })).json().items as { kind: string; fromPeriod: string; toPeriod: string }[];
    expect(hist.at(-1)).toMatchObject({ kind: 'carried_over', fromPeriod: earlier, toPeriod: between.period });
    // opening again carries nothing more
    expect((await open('month', between.period)).carriedIn).toBe(between.carriedIn);
  });

  it('REL-6 two people opening the same new period at once get one board, the cards carried once', async () => {
    const base = previousPeriod('week', previousPeriod('week', previousPeriod('week', thisWeek)));
    const old = await open('week', previousPeriod('week', base));
    const c = await addCard(old.id, { title: '同时打开' });
    const [a, b] = await Promise.all([open('week', base, cs.token), open('week', base, cs2.token)]);
    expect(a.id).toBe(b.id);
    const rows = await t.database.db.selectFrom('board_card_events').select('kind').where('card_id', '=', c.id).where('kind', '=', 'carried_over').execute();
    expect(rows).toHaveLength(1);
    expect((await board(a.id)).cards.filter((x) => x.id === c.id)).toHaveLength(1);
  });

  it('REL-6 SEC-2 a card naming a customer the reader may not see shows no customer; naming one on a card needs sight of it', async () => {
    const customer = (await t.request('POST', '/api/v1/customers', { token: gm.token, body: { name: '绝密看板测试有限公司', customerType: 'direct' } })).json() as { id: string; archiveNo: string };
    const w = await open('week', undefined, gm.token);
    const card = await addCard(w.id, { title: '重点客户拜访准备', customerId: customer.id }, gm.token);
    expect(card).toMatchObject({ customerId: customer.id, customerName: '绝密看板测试有限公司', customerWithheld: false });
    await t.database.db.updateTable('customers').set({ secrecy_level: 'top_secret' }).where('id', '=', customer.id).execute();
    const seen = (await board(w.id, cs.token)).cards.find((c) => c.id === card.id)!;
    expect(seen).toMatchObject({ customerId: null, customerName: null, archiveNo: null, customerWithheld: true, title: '重点客户拜访准备' });
    const raw = (await t.request('GET', `/api/v1/boards/${w.id}`, { token: cs.token })).body;
    expect(raw).not.toContain('绝密看板测试有限公司');
    expect(raw).not.toContain(customer.archiveNo);
    expect((await board(w.id, gm.token)).cards.find((c) => c.id === card.id)).toMatchObject({ customerName: '绝密看板测试有限公司' });
    // moving it is fine (the card is the team's); the answer still withholds the customer
    const moved = await t.request('POST', `/api/v1/board-cards/${card.id}/move`, { token: cs.token, body: { version: 0, column: 'doing', index: 0 } });
    expect(moved.statusCode).toBe(200);
    expect(moved.body).not.toContain('绝密看板测试有限公司');
    // naming it on a new or changed card is 404, as the archive itself
    expect((await t.request('POST', `/api/v1/boards/${w.id}/cards`, { token: cs.token, body: { title: 'x', customerId: customer.id } })).statusCode).toBe(404);
    const other = await addCard(w.id, { title: 'y' });
    expect((await t.request('PATCH', `/api/v1/board-cards/${other.id}`, { token: cs.token, body: { version: 0, customerId: customer.id } })).statusCode).toBe(404);
    expect((await t.request('POST', `/api/v1/boards/${w.id}/cards`, { token: cs.token, body: { title: 'x', customerId: '99999999' } })).statusCode).toBe(404);
  });

  it('REL-6 a card is taken off by its creator or a manager (history row, audit); another clerk 403; it is then gone from the board, counts and carry-over', async () => {
    const w = await open('week');
    const card = await addCard(w.id, { title: '撤下的卡片', assigneeId: cs.id });
    const before = await board(w.id);
    expect((await t.request('DELETE', `/api/v1/board-cards/${card.id}`, { token: cs2.token })).statusCode).toBe(403);
    expect((await t.request('DELETE', `/api/v1/board-cards/${card.id}`, { token: sales.token })).statusCode).toBe(403);
    const r = await t.request('DELETE', `/api/v1/board-cards/${card.id}`, { token: cs.token });
    expect(r.statusCode, r.body).toBe(200);
    const after = await board(w.id);
    expect(after.cards.map((c) => c.id)).not.toContain(card.id);
    expect(after.cards).toHaveLength(before.cards.length - 1);
    expect((await t.request('DELETE', `/api/v1/board-cards/${card.id}`, { token: gm.token })).statusCode).toBe(404);
    expect((await t.request('POST', `/api/v1/board-cards/${card.id}/move`, { token: cs.token, body: { version: card.version + 1, column: 'doing', index: 0 } })).statusCode).toBe(404);
    expect((await t.request('PATCH', `/api/v1/board-cards/${card.id}`, { token: cs.token, body: { version: card.version + 1, title: 'x' } })).statusCode).toBe(404);
    const history = (await t.request('GET', `/api/v1/board-cards/${card.id}/history`, { token: cs.token })).json().items as { kind: string; fromColumn: string | null }[];
    expect(history.map((h) => h.kind)).toEqual(['created', 'removed']);
    expect(history[1]!.fromColumn).toBe('todo');
    const audit = await t.database.db.selectFrom('audit_events').select('data').where('action', '=', 'board.card_removed').where('entity_id', '=', card.id).execute();
    expect(audit).toHaveLength(1);
    const gmCard = await addCard(w.id, { title: '经理撤下' });
    expect((await t.request('DELETE', `/api/v1/board-cards/${gmCard.id}`, { token: gm.token })).statusCode).toBe(200);
  });
});
