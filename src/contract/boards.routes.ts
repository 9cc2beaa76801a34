/** Routes of the service boards (看板管理, REL-6). */
import { z } from 'zod';
import { idParams } from './common.js';
import { def } from './route-def.js';
import {
  boardCardEventSchema,
  boardCardSchema,
  boardListQuery,
  boardSchema,
  boardSummarySchema,
  createBoardCardBody,
  moveBoardCardBody,
  openBoardBody,
  updateBoardCardBody,
} from './boards.js';

const who = 'Customer service staff and managers, marketing managers and directors, the office head and the general manager (403 for others).';

export const boardRoutes = {
  listBoards: def({
    method: 'GET', path: '/api/v1/boards', tag: 'boards', auth: 'signedIn',
    summary: 'Boards opened so far, latest period first (REL-6)', description: who,
    query: boardListQuery, response: { status: 200, schema: z.object({ items: z.array(boardSummarySchema) }) },
  }),
  openBoard: def({
    method: 'POST', path: '/api/v1/boards', tag: 'boards', auth: 'signedIn',
    summary: 'Open the board of a week or month (idempotent); opening carries over the unfinished cards of the latest earlier board',
    description: `${who} Each carried card keeps its column and order and gets a \`carried_over\` history row (nothing is copied). A period after the current one is 422 naming \`period\`.`,
    body: openBoardBody, response: { status: 200, schema: boardSchema },
  }),
  getBoard: def({
    method: 'GET', path: '/api/v1/boards/:id', tag: 'boards', auth: 'signedIn',
    summary: 'One board with its cards; a card naming a customer the caller may not see shows no customer',
    params: idParams, response: { status: 200, schema: boardSchema },
  }),
  createBoardCard: def({
    method: 'POST', path: '/api/v1/boards/:id/cards', tag: 'boards', auth: 'signedIn',
    summary: 'Add a card at the end of a column', params: idParams, body: createBoardCardBody, response: { status: 201, schema: boardCardSchema },
  }),
  updateBoardCard: def({
    method: 'PATCH', path: '/api/v1/board-cards/:id', tag: 'boards', auth: 'signedIn',
    summary: 'Change a card\'s title, customer, assignee or due date', description: 'A stale `version` answers 409.',
    params: idParams, body: updateBoardCardBody, response: { status: 200, schema: boardCardSchema },
  }),
  moveBoardCard: def({
    method: 'POST', path: '/api/v1/board-cards/:id/move', tag: 'boards', auth: 'signedIn',
    summary: 'Move a card to a column and place (drag and drop)',
    description: 'Only the moved card is written; a stale `version` answers 409 naming `version`, so two concurrent moves never lose a card.',
    params: idParams, body: moveBoardCardBody, response: { status: 200, schema: boardCardSchema },
  }),
  removeBoardCard: def({
    method: 'DELETE', path: '/api/v1/board-cards/:id', tag: 'boards', auth: 'signedIn',
    summary: 'Take a card off its board',
    description: 'By the card\'s creator or assignee, or a manager of the boards (403 for others). The card is no longer shown, counted or carried over; it and its history stay, with a `removed` row. A removed card answers 404.',
    params: idParams, response: { status: 200, schema: z.object({ ok: z.literal(true) }) },
  }),
  boardCardHistory: def({
    method: 'GET', path: '/api/v1/board-cards/:id/history', tag: 'boards', auth: 'signedIn',
    summary: 'A card\'s history: created, moved, updated, carried over', params: idParams,
    response: { status: 200, schema: z.object({ items: z.array(boardCardEventSchema) }) },
  }),
} as const;

export type BoardRouteName = keyof typeof boardRoutes;
