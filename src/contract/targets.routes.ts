/** Routes of targets and accountability (REL-11). */
import { def } from './route-def.js';
import { boardQuery, boardSchema, commentListSchema, commentQuery, createCommentBody, progressExportQuery, progressQuery, progressSchema, setTargetsBody, setTargetsResult, targetCommentSchema } from './targets.js';

const visibility = 'An owner sees their own figures; a department manager those of the owners in the departments they manage; the gm everyone. Figures count only customers the caller may see (sales: their financial group), never top-secret archives.';

export const targetRoutes = {
  getTargetProgress: def({
    method: 'GET', path: '/api/v1/targets/progress', tag: 'targets', auth: 'signedIn',
    summary: 'Target progress per owner and metric for a period (REL-11)',
    description: `${visibility} Five items per owner: sales, satisfaction, retention, calls, visits. A period that is not a month, quarter or year is 400 naming \`period\`; an \`ownerId\` outside the caller's reach is 403.`,
    query: progressQuery, response: { status: 200, schema: progressSchema },
  }),
  exportTargetProgress: def({
    method: 'GET', path: '/api/v1/targets/progress/export', tag: 'targets', auth: 'signedIn',
    summary: 'Export target progress as xlsx or csv (REL-11)', description: visibility, query: progressExportQuery, response: { status: 200, schema: 'file' },
  }),
  getTargetBoard: def({
    method: 'GET', path: '/api/v1/targets/board', tag: 'targets', auth: 'signedIn',
    summary: 'Actual vs target per owner and per department for a period (REL-11 dashboard)', description: visibility, query: boardQuery, response: { status: 200, schema: boardSchema },
  }),
  setTargets: def({
    method: 'PUT', path: '/api/v1/targets', tag: 'targets', auth: 'signedIn',
    summary: 'Set owners’ targets for a period (department managers for their departments’ owners, the gm for anyone; never one’s own)',
    description: 'All items or none; each change audited with the value before. `target: null` removes one.', body: setTargetsBody, response: { status: 200, schema: setTargetsResult },
  }),
  listTargetComments: def({
    method: 'GET', path: '/api/v1/targets/comments', tag: 'targets', auth: 'signedIn',
    summary: 'Managers’ comments on owners’ periods (责任追踪与反馈), newest first, each with the figures of its moment', query: commentQuery, response: { status: 200, schema: commentListSchema },
  }),
  createTargetComment: def({
    method: 'POST', path: '/api/v1/targets/comments', tag: 'targets', auth: 'signedIn',
    summary: 'Comment on an owner’s period (managers of the owner’s department, the gm); the figures of the moment are kept with it',
    body: createCommentBody, response: { status: 201, schema: targetCommentSchema },
  }),
} as const;

export type TargetRouteName = keyof typeof targetRoutes;
