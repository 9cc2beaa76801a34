/**
 * Service boards (看板管理, REL-6): opening a period's board (carrying over the unfinished cards
 * of the latest earlier board, each with a history row), cards and their moves. Every write locks
 * the board row, checks the card's version and appends a card event and an audit event in one
 * transaction. A card's customer is read through the access policy: a reader who may not see it
 * gets the card without its customer (customerWithheld), never its name or number.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { Board, BoardCard, BoardColumn, BoardKind, BoardSummary, createBoardCardBody, moveBoardCardBody, updateBoardCardBody } from '../../../contract/boards.js';
import type { DB } from '../../db/schema.js';
import { AppError, fieldError, notFound, staleVersion } from '../../http/errors.js';
import { subjectOf } from '../access/access.service.js';
import type { AccessSubject } from '../access/customer-access.rules.js';
import { visibleCustomers } from '../access/customer-access.sql.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { openCustomer } from '../customers/customers.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { cardsToCarry, mayOpen, mayRemoveCard, mayUseBoards, orderCards, periodOf, periodRange, positionAt, renumber, STEP } from './boards.rules.js';

function assertBoardUser(p: Principal) {
  if (!mayUseBoards(p.roles)) throw new AppError('forbidden', 'The boards are kept by customer service and its managers.', { rule: 'REL-6' });
}

// ---- reading -------------------------------------------------------------------------------------

function selectCards(db: Kysely<DB>, s: AccessSubject) {
  return db
    .selectFrom('board_cards as k')
    .leftJoin('customers as c', 'c.id', 'k.customer_id')
    .leftJoin('users as a', 'a.id', 'k.assignee_id')
    .leftJoin('boards as f', 'f.id', 'k.carried_from_board_id')
    .selectAll('k')
    .select([
      // the policy's SQL form decides per card; a deleted or destroyed archive is named to nobody
      sql<boolean>`coalesce((${visibleCustomers(s)}) AND c.lifecycle NOT IN ('deleted', 'destroyed'), false)`.as('customer_visible'),
      'c.name as customer_name',
      'c.archive_no',
      'a.display_name as assignee_name',
      'f.period as from_period',
    ]);
}
type CardRow = Awaited<ReturnType<ReturnType<typeof selectCards>['executeTakeFirstOrThrow']>>;

const toCard = (r: CardRow): BoardCard => {
  const shown = r.customer_id !== null && r.customer_visible;
  return {
    id: r.id,
    boardId: r.board_id,
    title: r.title,
    customerId: shown ? r.customer_id : null,
    customerName: shown ? r.customer_name : null,
    archiveNo: shown ? r.archive_no : null,
    customerWithheld: r.customer_id !== null && !r.customer_visible,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    dueOn: r.due_on ? String(r.due_on) : null,
    column: r.column as BoardColumn,
    position: Number(r.position),
    carriedFrom: r.carried_from_board_id ? { boardId: r.carried_from_board_id, period: r.from_period ?? '' } : null,
    carryCount: r.carry_count,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
};

function selectSummaries(db: Kysely<DB>) {
  return db
    .selectFrom('boards as b')
    .leftJoin('users as u', 'u.id', 'b.opened_by')
    .selectAll('b')
    .select([
      'u.display_name as opened_by_name',
      sql<number>`(SELECT count(*)::int FROM board_cards k WHERE k.board_id = b.id AND k.removed_at IS NULL AND k."column" <> 'done')`.as('open_cards'),
      sql<number>`(SELECT count(*)::int FROM board_cards k WHERE k.board_id = b.id AND k.removed_at IS NULL AND k."column" = 'done')`.as('done_cards'),
      sql<number>`(SELECT count(*)::int FROM board_card_events e WHERE e.to_board_id = b.id AND e.kind = 'carried_over')`.as('carried_in'),
      sql<number>`(SELECT count(*)::int FROM board_card_events e WHERE e.from_board_id = b.id AND e.kind = 'carried_over')`.as('carried_out'),
    ]);
}
type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectSummaries>['executeTakeFirstOrThrow']>>;
const toSummary = (r: SummaryRow): BoardSummary => ({
  id: r.id,
  kind: r.kind as BoardKind,
  period: r.period,
  startsOn: String(r.starts_on),
  endsOn: String(r.ends_on),
  openedAt: r.opened_at.toISOString(),
  openedByName: r.opened_by_name,
  openCards: r.open_cards,
  doneCards: r.done_cards,
  carriedIn: r.carried_in,
  carriedOut: r.carried_out,
});

export async function listBoards(db: Kysely<DB>, p: Principal, q: { kind?: BoardKind | undefined }) {
  assertBoardUser(p);
  let query = selectSummaries(db);
  if (q.kind) query = query.where('b.kind', '=', q.kind);
  const rows = await query.orderBy('b.kind', 'desc').orderBy('b.period', 'desc').limit(500).execute();
  return { items: rows.map(toSummary) };
}

async function loadBoard(db: Kysely<DB>, s: AccessSubject, id: string): Promise<Board> {
  const row = await selectSummaries(db).where('b.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('board');
  const cards = (await selectCards(db, s).where('k.board_id', '=', id).where('k.removed_at', 'is', null).execute()).map(toCard);
  const away = await db
    .selectFrom('board_card_events as e')
    .innerJoin('board_cards as k', 'k.id', 'e.card_id')
    .innerJoin('boards as t', 't.id', 'e.to_board_id')
    .select(['e.card_id', 'k.title', 'e.to_board_id', 't.period', 'e.from_column'])
    .where('e.from_board_id', '=', id)
    .where('e.kind', '=', 'carried_over')
    .orderBy('e.id')
    .execute();
  return {
    ...toSummary(row),
    cards: orderCards(cards),
    carriedAway: away.map((a) => ({ cardId: a.card_id, title: a.title, toBoardId: a.to_board_id!, toPeriod: a.period, column: (a.from_column ?? 'todo') as BoardColumn })),
  };
}

export async function getBoard(db: Kysely<DB>, p: Principal, id: string) {
  assertBoardUser(p);
  return loadBoard(db, await subjectOf(db, p), id);
}

// ---- opening a period ----------------------------------------------------------------------------

/**
 * Opens the board of a period (the current one by default), once: the first opener carries over
 * the unfinished cards of the latest earlier board of that kind; later calls return the board.
 */
export async function openBoard(db: Kysely<DB>, p: Principal, input: { kind: BoardKind; period?: string | undefined }, actor: Actor, now = new Date()) {
  assertBoardUser(p);
  const today = chinaDate(now);
  const period = input.period ?? periodOf(input.kind, today);
  const may = mayOpen(input.kind, period, today);
  if (!may.ok && may.reason === 'invalid') throw fieldError('period', input.kind === 'week' ? 'is not an ISO week of 2000–2099' : 'is not a month of 2000–2099');
  if (!may.ok) throw new AppError('rule_violation', 'period: a later period cannot be opened yet; its board opens when it begins', { rule: 'REL-6', errors: [{ path: 'period', message: 'is later than the current period' }] });
  const subject = await subjectOf(db, p);
  const existing = await db.selectFrom('boards').select('id').where('kind', '=', input.kind).where('period', '=', period).executeTakeFirst();
  if (existing) return loadBoard(db, subject, existing.id);
  const { startsOn, endsOn } = periodRange(input.kind, period);
  const id = await db.transaction().execute(async (tx) => {
    const created = await tx
      .insertInto('boards')
      .values({ kind: input.kind, period, starts_on: startsOn, ends_on: endsOn, opened_at: now, opened_by: p.userId })
      .onConflict((oc) => oc.columns(['kind', 'period']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!created) return null; // opened by someone else a moment ago: theirs carried the cards
    const previous = await tx.selectFrom('boards').select(['id', 'period']).where('kind', '=', input.kind).where('period', '<', period).orderBy('period', 'desc').limit(1).forUpdate().executeTakeFirst();
    let carried = 0;
    if (previous) {
      const rows = await tx.selectFrom('board_cards').select(['id', 'column', 'position']).where('board_id', '=', previous.id).where('column', '<>', 'done').where('removed_at', 'is', null).forUpdate().execute();
      const carry = cardsToCarry(rows.map((r) => ({ id: r.id, column: r.column as BoardColumn, position: Number(r.position) })));
      if (carry.length > 0) {
        const ids = carry.map((c) => c.id);
        await tx
          .updateTable('board_cards')
          .set({ board_id: created.id, carried_from_board_id: previous.id, carry_count: sql`carry_count + 1`, version: sql`version + 1`, updated_at: now })
          .where('id', 'in', ids)
          .execute();
        await tx
          .insertInto('board_card_events')
          .values(carry.map((c) => ({ card_id: c.id, kind: 'carried_over', from_board_id: previous.id, to_board_id: created.id, from_column: c.column, to_column: c.column, actor_id: p.userId, at: now })))
          .execute();
        carried = carry.length;
      }
    }
    await recordAudit(tx, actor, { action: 'board.opened', entityType: 'board', entityId: created.id, data: { kind: input.kind, period, carriedFrom: previous?.period ?? null, carriedCards: carried } }, now);
    return created.id;
  });
  const boardId = id ?? (await db.selectFrom('boards').select('id').where('kind', '=', input.kind).where('period', '=', period).executeTakeFirstOrThrow()).id;
  return loadBoard(db, subject, boardId);
}

// ---- cards ---------------------------------------------------------------------------------------

async function checkAssignee(db: Kysely<DB>, id: string) {
  const u = await db.selectFrom('users').select(['id', 'disabled']).where('id', '=', id).executeTakeFirst();
  if (!u || u.disabled) throw fieldError('assigneeId', 'is not an active user');
}

/** A customer named on a card must be one the writer may see (404 otherwise, as everywhere). */
async function checkCustomer(db: Kysely<DB>, s: AccessSubject, id: string) {
  await openCustomer(db, s, id, 'read');
}

async function cardById(db: Kysely<DB>, s: AccessSubject, id: string) {
  const row = await selectCards(db, s).where('k.id', '=', id).where('k.removed_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound('card');
  return row;
}

export async function createCard(db: Kysely<DB>, p: Principal, boardId: string, input: z.infer<typeof createBoardCardBody>, actor: Actor, now = new Date()) {
  assertBoardUser(p);
  const s = await subjectOf(db, p);
  const board = await db.selectFrom('boards').select('id').where('id', '=', boardId).executeTakeFirst();
  if (!board) throw notFound('board');
  if (input.customerId) await checkCustomer(db, s, input.customerId);
  const assigneeId = input.assigneeId ?? p.userId;
  if (input.assigneeId) await checkAssignee(db, input.assigneeId);
  const column = input.column ?? 'todo';
  const id = await db.transaction().execute(async (tx) => {
    await tx.selectFrom('boards').select('id').where('id', '=', boardId).forUpdate().executeTakeFirstOrThrow();
    const last = await tx.selectFrom('board_cards').select(sql<number | null>`max(position)`.as('max')).where('board_id', '=', boardId).where('column', '=', column).executeTakeFirst();
    const position = last?.max != null ? Number(last.max) + STEP : STEP;
    const { id } = await tx
      .insertInto('board_cards')
      .values({ board_id: boardId, title: input.title.trim(), customer_id: input.customerId ?? null, assignee_id: assigneeId, due_on: input.dueOn ?? null, column, position, created_at: now, created_by: p.userId, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('board_card_events').values({ card_id: id, kind: 'created', to_board_id: boardId, to_column: column, actor_id: p.userId, at: now }).execute();
    await recordAudit(tx, actor, { action: 'board.card_created', entityType: 'board_card', entityId: id, data: { boardId, column, customerId: input.customerId ?? null, assigneeId } }, now);
    return id;
  });
  return toCard(await cardById(db, s, id));
}

export async function updateCard(db: Kysely<DB>, p: Principal, id: string, input: z.infer<typeof updateBoardCardBody>, actor: Actor, now = new Date()) {
  assertBoardUser(p);
  const s = await subjectOf(db, p);
  const cur = await cardById(db, s, id);
  if (input.customerId) await checkCustomer(db, s, input.customerId);
  if (input.assigneeId) await checkAssignee(db, input.assigneeId);
  const set: Record<string, unknown> = { updated_at: now, version: sql`version + 1` };
  if (input.title !== undefined) set.title = input.title.trim();
  if (input.customerId !== undefined) set.customer_id = input.customerId;
  if (input.assigneeId !== undefined) set.assignee_id = input.assigneeId;
  if (input.dueOn !== undefined) set.due_on = input.dueOn;
  const fields = Object.keys(input).filter((k) => k !== 'version');
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('board_cards').set(set).where('id', '=', id).where('version', '=', input.version).where('removed_at', 'is', null).returning('id').executeTakeFirst();
    if (!r) throw staleVersion('card', input.version);
    await tx.insertInto('board_card_events').values({ card_id: id, kind: 'updated', to_board_id: cur.board_id, actor_id: p.userId, at: now }).execute();
    await recordAudit(tx, actor, { action: 'board.card_updated', entityType: 'board_card', entityId: id, data: { boardId: cur.board_id, fields } }, now);
  });
  return toCard(await cardById(db, s, id));
}

/**
 * Moves a card to a column and place. The board row is locked so places are counted against a
 * settled column; the card's version decides between two moves of the same card (409 for the later).
 */
export async function moveCard(db: Kysely<DB>, p: Principal, id: string, input: z.infer<typeof moveBoardCardBody>, actor: Actor, now = new Date()) {
  assertBoardUser(p);
  const s = await subjectOf(db, p);
  const cur = await db.selectFrom('board_cards').select(['board_id', 'column', 'version']).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
  if (!cur) throw notFound('card');
  await db.transaction().execute(async (tx) => {
    await tx.selectFrom('boards').select('id').where('id', '=', cur.board_id).forUpdate().executeTakeFirstOrThrow();
    const mine = await tx.selectFrom('board_cards').select(['board_id', 'column', 'version', 'removed_at']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (mine.removed_at !== null) throw notFound('card');
    if (mine.version !== input.version || mine.board_id !== cur.board_id) throw staleVersion('card', input.version);
    const others = await tx
      .selectFrom('board_cards')
      .select(['id', 'position'])
      .where('board_id', '=', mine.board_id)
      .where('column', '=', input.column)
      .where('id', '<>', id)
      .orderBy('position')
      .orderBy('id')
      .execute();
    let positions = others.map((o) => Number(o.position));
    let placed = positionAt(positions, input.index);
    if (placed.rebalance) {
      positions = renumber(others.length);
      for (const [i, o] of others.entries()) await tx.updateTable('board_cards').set({ position: positions[i]! }).where('id', '=', o.id).execute();
      placed = positionAt(positions, input.index);
    }
    await tx.updateTable('board_cards').set({ column: input.column, position: placed.position, version: sql`version + 1`, updated_at: now }).where('id', '=', id).execute();
    await tx.insertInto('board_card_events').values({ card_id: id, kind: 'moved', from_board_id: mine.board_id, to_board_id: mine.board_id, from_column: mine.column, to_column: input.column, actor_id: p.userId, at: now }).execute();
    await recordAudit(tx, actor, { action: 'board.card_moved', entityType: 'board_card', entityId: id, data: { boardId: mine.board_id, from: mine.column, to: input.column, index: input.index } }, now);
  });
  return toCard(await cardById(db, s, id));
}

/** Takes a card off its board (REL-6): marked removed with a history row and an audit event, never deleted. */
export async function removeCard(db: Kysely<DB>, p: Principal, id: string, actor: Actor, now = new Date()) {
  assertBoardUser(p);
  await db.transaction().execute(async (tx) => {
    const card = await tx.selectFrom('board_cards').select(['board_id', 'column', 'created_by', 'assignee_id', 'removed_at']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!card || card.removed_at !== null) throw notFound('card');
    if (!mayRemoveCard({ id: p.userId, roles: p.roles }, { createdBy: card.created_by, assigneeId: card.assignee_id })) {
      throw new AppError('forbidden', 'A card is taken off the board by its creator, its assignee or a manager of the boards.', { rule: 'REL-6' });
    }
    await tx.updateTable('board_cards').set({ removed_at: now, removed_by: p.userId, version: sql`version + 1`, updated_at: now }).where('id', '=', id).execute();
    await tx.insertInto('board_card_events').values({ card_id: id, kind: 'removed', from_board_id: card.board_id, from_column: card.column, actor_id: p.userId, at: now }).execute();
    await recordAudit(tx, actor, { action: 'board.card_removed', entityType: 'board_card', entityId: id, data: { boardId: card.board_id, column: card.column } }, now);
  });
  return { ok: true as const };
}

export async function cardHistory(db: Kysely<DB>, p: Principal, id: string) {
  assertBoardUser(p);
  const card = await db.selectFrom('board_cards').select('id').where('id', '=', id).executeTakeFirst();
  if (!card) throw notFound('card');
  const rows = await db
    .selectFrom('board_card_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .leftJoin('boards as f', 'f.id', 'e.from_board_id')
    .leftJoin('boards as t', 't.id', 'e.to_board_id')
    .select(['e.id', 'e.kind', 'e.from_column', 'e.to_column', 'f.period as from_period', 't.period as to_period', 'u.display_name', 'e.at'])
    .where('e.card_id', '=', id)
    .orderBy('e.id')
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind as 'created' | 'moved' | 'updated' | 'carried_over' | 'removed',
      fromColumn: r.from_column as BoardColumn | null,
      toColumn: r.to_column as BoardColumn | null,
      fromPeriod: r.from_period,
      toPeriod: r.to_period,
      byName: r.display_name,
      at: r.at.toISOString(),
    })),
  };
}
