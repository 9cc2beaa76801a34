/** Staff training (REL-12): parse → call → shape. */
import type { TrainingRouteName } from '../../../contract/training.routes.js';
import type { HandlersOf } from '../../http/handler.js';
import { exportGaps } from './training.export.js';
import * as training from './training.service.js';

export const trainingHandlers: HandlersOf<TrainingRouteName> = {
  listTrainingPlans: ({ db, query }) => training.listPlans(db, query),
  createTrainingPlan: ({ db, principal, body, actor }) => training.createPlan(db, principal, body, actor),
  updateTrainingPlan: ({ db, principal, params, body, actor }) => training.updatePlan(db, principal, params.id, body, actor),
  listTrainingSessions: ({ db, query }) => training.listSessions(db, query),
  createTrainingSession: ({ db, principal, body, actor }) => training.createSession(db, principal, body, actor),
  getTrainingSession: ({ db, principal, params }) => training.getSession(db, principal, params.id),
  updateTrainingSession: ({ db, principal, params, body, actor }) => training.updateSession(db, principal, params.id, body, actor),
  assessTrainingSession: ({ db, principal, params, body, actor }) => training.assessSession(db, principal, params.id, body, actor),
  trainingEffect: ({ db, principal, params, query }) => training.trainingEffect(db, principal, params.id, query),
  trainingGaps: ({ db, principal, query }) => training.trainingGaps(db, principal, query),
  exportTrainingGaps: ({ db, principal, query, actor }) => exportGaps(db, principal, query, actor),
};
