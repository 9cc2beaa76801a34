/** Routes of tasks (ARC-8). */
import { idParams, page } from './common.js';
import { def } from './route-def.js';
import { completeTaskBody, createTaskBody, taskListQuery, taskSchema, taskSummarySchema } from './tasks.js';

export const taskRoutes = {
  listTasks: def({
    method: 'GET', path: '/api/v1/tasks', tag: 'tasks', auth: 'signedIn',
    summary: 'Archive-update tasks, most urgent first',
    description: '`scope=all` (customer-service manager, general manager) lists every visible customer’s tasks, e.g. `state=overdue`.',
    query: taskListQuery, response: { status: 200, schema: page(taskSchema) },
  }),
  taskSummary: def({
    method: 'GET', path: '/api/v1/tasks/summary', tag: 'tasks', auth: 'signedIn',
    summary: 'Counts for the badge in the shell', response: { status: 200, schema: taskSummarySchema },
  }),
  createTask: def({
    method: 'POST', path: '/api/v1/tasks', tag: 'tasks', auth: 'signedIn',
    summary: 'Record that new information arrived: an archive-update task due in one working day',
    description: 'Feedback, visits and customer self-service submissions create these by themselves. The customer’s owner is given the task; one open task per archive.',
    body: createTaskBody, response: { status: 201, schema: taskSchema },
  }),
  completeTask: def({
    method: 'POST', path: '/api/v1/tasks/:id/complete', tag: 'tasks', auth: 'signedIn',
    summary: 'Mark a task done (it is also done by itself when the archive is next updated)',
    params: idParams, body: completeTaskBody, response: { status: 200, schema: taskSchema },
  }),
} as const;
