/** Satisfaction survey routes (REL-9): templates, sending, answers (staff and public link), list, export, results, schedule. */
import { z } from 'zod';
import { idParams, page } from './common.js';
import { def } from './route-def.js';
import {
  createdSurveySchema, createSurveyBody, createSurveyTemplateBody, publicSurveyParams, publicSurveySchema, responseBody, responseResultSchema,
  surveyDetailSchema, surveyExportQuery, surveyListItemSchema, surveyListQuery, surveyResultsQuery, surveyResultsSchema, surveyScheduleSchema,
  surveyTemplateSchema, updateSurveyScheduleBody, updateSurveyTemplateBody,
} from './surveys.js';

const senders = 'Customer service (cs_staff, cs_manager), the customer’s owner, the managers of its department and the marketing managers and gm may send and record; another reader of the archive gets 403, a caller who may not see the customer 404.';
const readers = 'Results: customer-service managers, marketing managers and the gm see every customer they may see; department managers their departments’ customers; everyone else only the customers they own. Lists and single surveys: the same, plus the surveys one sent or recorded, and customer-service staff see every visible survey (their worklist). Nothing about a customer the caller may not see appears, not even in counts.';

export const surveyRoutes = {
  listSurveyTemplates: def({
    method: 'GET', path: '/api/v1/survey-templates', tag: 'surveys', auth: 'signedIn',
    summary: 'Survey templates with the questions of their current version (the default first)',
    response: { status: 200, schema: z.object({ items: z.array(surveyTemplateSchema) }) },
  }),
  createSurveyTemplate: def({
    method: 'POST', path: '/api/v1/survey-templates', tag: 'surveys', auth: 'users.manage',
    summary: 'Create a template (administrator)', body: createSurveyTemplateBody, response: { status: 201, schema: surveyTemplateSchema },
  }),
  updateSurveyTemplate: def({
    method: 'PATCH', path: '/api/v1/survey-templates/:id', tag: 'surveys', auth: 'users.manage',
    summary: 'Edit a template (administrator)',
    description: 'When surveys were already sent with the current questions, new questions make a new version; the sent surveys and their answers stay bound to theirs. A stale `version` is 409.',
    params: idParams, body: updateSurveyTemplateBody, response: { status: 200, schema: surveyTemplateSchema },
  }),
  createSurvey: def({
    method: 'POST', path: '/api/v1/surveys', tag: 'surveys', auth: 'signedIn',
    summary: 'Send a survey to a customer: by a single-use public link or to be asked on the phone',
    description: `${senders} For \`link\` the answer holds \`link\` (/s/{token}), shown once: single use, expiring (default 14 days), rate-limited; only its SHA-256 is stored.`,
    body: createSurveyBody, response: { status: 201, schema: createdSurveySchema },
  }),
  listSurveys: def({
    method: 'GET', path: '/api/v1/surveys', tag: 'surveys', auth: 'signedIn',
    summary: 'Surveys, newest first, with their answer’s average', description: readers, query: surveyListQuery, response: { status: 200, schema: page(surveyListItemSchema) },
  }),
  exportSurveys: def({
    method: 'GET', path: '/api/v1/surveys/export', tag: 'surveys', auth: 'signedIn',
    summary: 'Export the filtered surveys as xlsx or csv (exportable archives only)', query: surveyExportQuery, response: { status: 200, schema: 'file' },
  }),
  surveyResults: def({
    method: 'GET', path: '/api/v1/surveys/results', tag: 'surveys', auth: 'signedIn',
    summary: 'Satisfaction results: count, average, per question (avg and distribution), per owner, per month, per customer',
    description: `${readers} \`distribution\` of a rating question counts the ratings 1..5 (five numbers, index 0 = rating 1). \`avgRating\` is the mean of the responses’ average ratings; responses without ratings count but do not move it.`,
    query: surveyResultsQuery, response: { status: 200, schema: surveyResultsSchema },
  }),
  getSurveySchedule: def({
    method: 'GET', path: '/api/v1/surveys/schedule', tag: 'surveys', auth: 'signedIn',
    summary: 'How often each ABC class is surveyed by the periodic job (default A quarterly, B half-yearly, C yearly)', response: { status: 200, schema: surveyScheduleSchema },
  }),
  updateSurveySchedule: def({
    method: 'PUT', path: '/api/v1/surveys/schedule', tag: 'surveys', auth: 'users.manage',
    summary: 'Change the periodic schedule (administrator)', body: updateSurveyScheduleBody, response: { status: 200, schema: surveyScheduleSchema },
  }),
  getSurvey: def({
    method: 'GET', path: '/api/v1/surveys/:id', tag: 'surveys', auth: 'signedIn',
    summary: 'One survey with its version’s questions and its answers', description: readers, params: idParams, response: { status: 200, schema: surveyDetailSchema },
  }),
  recordSurveyResponse: def({
    method: 'POST', path: '/api/v1/surveys/:id/responses', tag: 'surveys', auth: 'signedIn',
    summary: 'Record the customer’s answers given on the phone',
    description: `${senders} A rating outside 1–5 is 400 naming the field; a second response to the same survey 409. An average of 2 or lower creates a follow-up task for the customer’s owner.`,
    params: idParams, body: responseBody, response: { status: 201, schema: responseResultSchema },
  }),
  getPublicSurvey: def({
    method: 'GET', path: '/api/v1/public/surveys/:token', tag: 'surveys', auth: 'public',
    summary: 'The public survey page of a link: who asks, the customer’s short name and the questions',
    description: 'Rate-limited. An unknown token is 404; an answered survey 409 (rule REL-9.answered); an expired link 422 (rule REL-9.expired).',
    params: publicSurveyParams, rateLimit: { max: 30, timeWindow: '1 minute' }, response: { status: 200, schema: publicSurveySchema },
  }),
  submitPublicSurvey: def({
    method: 'POST', path: '/api/v1/public/surveys/:token', tag: 'surveys', auth: 'public',
    summary: 'The customer answers once, without signing in',
    description: 'Rate-limited, body at most 32 KiB. A rating outside 1–5 is 400 naming the field; a second answer 409; an expired link 422.',
    params: publicSurveyParams, body: responseBody, bodyLimit: 32 * 1024, rateLimit: { max: 10, timeWindow: '1 minute' },
    response: { status: 201, schema: z.object({ ok: z.literal(true), respondedAt: z.string() }) },
  }),
} as const;
