/** Satisfaction survey routes (REL-9): parse → call → shape. */
import type { surveyRoutes } from '../../../contract/surveys.routes.js';
import type { HandlersOf } from '../../http/handler.js';
import * as query from './surveys.query.js';
import * as surveys from './surveys.service.js';

export const surveyHandlers: HandlersOf<keyof typeof surveyRoutes> = {
  listSurveyTemplates: ({ db }) => surveys.listTemplates(db),
  createSurveyTemplate: ({ db, principal, body, actor }) => surveys.createTemplate(db, principal, body, actor),
  updateSurveyTemplate: ({ db, principal, params, body, actor }) => surveys.updateTemplate(db, principal, params.id, body, actor),
  createSurvey: async ({ db, principal, body, actor, req }) => {
    const sent = await surveys.createSurvey(db, principal, body, actor);
    // the link as a full address the customer can open (the path alone when the host is unknown)
    return sent.link ? { ...sent, link: req.host ? `${req.protocol}://${req.host}${sent.link}` : sent.link } : sent;
  },
  listSurveys: ({ db, principal, query: q }) => query.listSurveys(db, principal, q),
  exportSurveys: ({ db, principal, query: q, actor }) => query.exportSurveys(db, principal, q, actor),
  surveyResults: ({ db, principal, query: q }) => query.surveyResults(db, principal, q),
  getSurveySchedule: ({ db }) => surveys.getSchedule(db),
  updateSurveySchedule: ({ db, principal, body, actor }) => surveys.updateSchedule(db, principal, body, actor),
  getSurvey: ({ db, principal, params }) => query.getSurvey(db, principal, params.id),
  recordSurveyResponse: ({ db, principal, params, body, actor }) => surveys.recordResponse(db, principal, params.id, body, actor),
  getPublicSurvey: ({ db, params }) => surveys.getPublicSurvey(db, params.token),
  submitPublicSurvey: ({ db, params, body, actor }) => surveys.submitPublicSurvey(db, params.token, body, actor),
};
