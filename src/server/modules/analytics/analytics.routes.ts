/** Analyses (spec 07): parse → call → shape. */
import type { analyticsRoutes } from '../../../contract/analytics.routes.js';
import type { archiveRegisterRoutes } from '../../../contract/archive-register.routes.js';
import { exportArchiveRegister, listArchiveRegister } from './archive-register.service.js';
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

/** 档案登记簿 (ANA-2, SEC-4): the register and its export. */
export const archiveRegisterHandlers: HandlersOf<keyof typeof archiveRegisterRoutes> = {
  listArchiveRegister: ({ db, principal, query }) => listArchiveRegister(db, principal, query),
  exportArchiveRegister: ({ db, principal, query, actor }) => exportArchiveRegister(db, principal, query, actor),
};
