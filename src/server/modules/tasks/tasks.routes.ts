/** Tasks (ARC-8): parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import * as tasks from './tasks.service.js';

export const taskHandlers: HandlersOf<'listTasks' | 'taskSummary' | 'createTask' | 'completeTask'> = {
  listTasks: ({ db, principal, query }) => tasks.listTasks(db, principal, query),
  taskSummary: ({ db, principal }) => tasks.taskSummary(db, principal),
  createTask: ({ db, principal, body, actor }) => tasks.createTask(db, principal, body, actor),
  completeTask: ({ db, principal, params, body, actor }) => tasks.completeTask(db, principal, params.id, body, actor),
};
