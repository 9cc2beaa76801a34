/** Analyses (spec 07): parse → call → shape. */
import type { analyticsRoutes } from '../../../contract/analytics.routes.js';
import type { HandlersOf } from '../../http/handler.js';
import { getComposition } from './composition.service.js';
import { getDashboard } from './dashboard.service.js';
import { exportReport, getReport, printReport } from './reports.service.js';

export const analyticsHandlers: HandlersOf<keyof typeof analyticsRoutes> = {
  getComposition: ({ db, principal, query }) => getComposition(db, principal, query),
  getReport: ({ db, principal, params, query }) => getReport(db, principal, params.report, query),
  exportReport: ({ db, principal, params, query, actor }) => exportReport(db, principal, params.report, query, actor),
  printReport: ({ db, principal, params, query, actor }) => printReport(db, principal, params.report, query, actor),
  getDashboard: ({ db, principal }) => getDashboard(db, principal),
};
