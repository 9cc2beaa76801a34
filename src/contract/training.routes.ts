/** Routes of staff training (REL-12). */
import { idParams, page } from './common.js';
import { def } from './route-def.js';
import { assessBody, createSessionBody, updateSessionBody, updateTrainingPlanBody, effectQuery, effectSchema, gapExportQuery, gapQuery, gapSchema, sessionListItem, sessionListQuery, sessionSchema, trainingPlanBody, trainingPlanList, trainingPlanQuery, trainingPlanSchema } from './training.js';

const organisers = 'Organised by department managers, customer-service and marketing managers, the office head and the gm.';

export const trainingRoutes = {
  listTrainingPlans: def({ method: 'GET', path: '/api/v1/training/plans', tag: 'training', auth: 'signedIn', summary: 'Training plans per role (REL-12)', query: trainingPlanQuery, response: { status: 200, schema: trainingPlanList } }),
  createTrainingPlan: def({ method: 'POST', path: '/api/v1/training/plans', tag: 'training', auth: 'signedIn', summary: 'Add a training plan for a role', description: organisers, body: trainingPlanBody, response: { status: 201, schema: trainingPlanSchema } }),
  updateTrainingPlan: def({ method: 'PATCH', path: '/api/v1/training/plans/:id', tag: 'training', auth: 'signedIn', summary: 'Change a plan\u2019s title, description, whether it is required, or its pass score', description: `${organisers} The role and topic stay (a new plan for another role). Audited with before and after.`, params: idParams, body: updateTrainingPlanBody, response: { status: 200, schema: trainingPlanSchema } }),
  listTrainingSessions: def({ method: 'GET', path: '/api/v1/training/sessions', tag: 'training', auth: 'signedIn', summary: 'Training sessions, newest first', query: sessionListQuery, response: { status: 200, schema: page(sessionListItem) } }),
  createTrainingSession: def({ method: 'POST', path: '/api/v1/training/sessions', tag: 'training', auth: 'signedIn', summary: 'Record a session: date, trainer (internal or external), attendees, materials, case studies', description: organisers, body: createSessionBody, response: { status: 201, schema: sessionSchema } }),
  getTrainingSession: def({ method: 'GET', path: '/api/v1/training/sessions/:id', tag: 'training', auth: 'signedIn', summary: 'One session with its attendees; scores shown to organisers reaching the attendee and to the attendee', params: idParams, response: { status: 200, schema: sessionSchema } }),
  updateTrainingSession: def({ method: 'PATCH', path: '/api/v1/training/sessions/:id', tag: 'training', auth: 'signedIn', summary: 'Correct a session: date, trainer, attendees, materials, case studies', description: `${organisers} Attendees already assessed stay (409 naming attendeeIds). Audited with the fields changed.`, params: idParams, body: updateSessionBody, response: { status: 200, schema: sessionSchema } }),
  assessTrainingSession: def({ method: 'PUT', path: '/api/v1/training/sessions/:id/assessments', tag: 'training', auth: 'signedIn', summary: 'Record each attendee’s score (0–100) and comments', description: organisers, params: idParams, body: assessBody, response: { status: 200, schema: sessionSchema } }),
  trainingEffect: def({ method: 'GET', path: '/api/v1/training/sessions/:id/effect', tag: 'training', auth: 'signedIn', summary: 'Each trainee’s REL-11 indicators in the period before and after the session', description: 'Figures only for trainees whose figures the caller may read (REL-11); null otherwise.', params: idParams, query: effectQuery, response: { status: 200, schema: effectSchema } }),
  trainingGaps: def({ method: 'GET', path: '/api/v1/training/gaps', tag: 'training', auth: 'signedIn', summary: 'Who in the caller’s departments has not completed a training their role requires', description: 'Department managers for their departments, the gm for everyone; others 403.', query: gapQuery, response: { status: 200, schema: gapSchema } }),
  exportTrainingGaps: def({ method: 'GET', path: '/api/v1/training/gaps/export', tag: 'training', auth: 'signedIn', summary: 'The missing trainings as xlsx or csv', query: gapExportQuery, response: { status: 200, schema: 'file' } }),
} as const;

export type TrainingRouteName = keyof typeof trainingRoutes;
