/** Targets and accountability (REL-11): parse → call → shape. */
import type { TargetRouteName } from '../../../contract/targets.routes.js';
import type { HandlersOf } from '../../http/handler.js';
import { exportTargetProgress } from './targets.export.js';
import * as targets from './targets.service.js';

export const targetHandlers: HandlersOf<TargetRouteName> = {
  getTargetProgress: ({ db, principal, query }) => targets.targetProgress(db, principal, query),
  exportTargetProgress: ({ db, principal, query, actor }) => exportTargetProgress(db, principal, query, actor),
  getTargetBoard: ({ db, principal, query }) => targets.targetBoard(db, principal, query),
  setTargets: ({ db, principal, body, actor }) => targets.setTargets(db, principal, body, actor),
  listTargetComments: ({ db, principal, query }) => targets.listComments(db, principal, query),
  createTargetComment: ({ db, principal, body, actor }) => targets.commentOnPeriod(db, principal, body, actor),
};
