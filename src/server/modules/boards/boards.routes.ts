/** Service boards (REL-6): parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import type { BoardRouteName } from '../../../contract/boards.routes.js';
import * as boards from './boards.service.js';

export const boardHandlers: HandlersOf<BoardRouteName> = {
  listBoards: ({ db, principal, query }) => boards.listBoards(db, principal, query),
  openBoard: ({ db, principal, body, actor }) => boards.openBoard(db, principal, body, actor),
  getBoard: ({ db, principal, params }) => boards.getBoard(db, principal, params.id),
  createBoardCard: ({ db, principal, params, body, actor }) => boards.createCard(db, principal, params.id, body, actor),
  updateBoardCard: ({ db, principal, params, body, actor }) => boards.updateCard(db, principal, params.id, body, actor),
  moveBoardCard: ({ db, principal, params, body, actor }) => boards.moveCard(db, principal, params.id, body, actor),
  removeBoardCard: ({ db, principal, params, actor }) => boards.removeCard(db, principal, params.id, actor),
  boardCardHistory: ({ db, principal, params }) => boards.cardHistory(db, principal, params.id),
};
