/** Routes of REL-7 revisits (客户回访报告表). */
import { idParams, page } from './common.js';
import { def } from './route-def.js';
import { checkInList, checkInListQuery, createRevisitReportBody, planRevisitsBody, planRevisitsResult, revisitExportQuery, revisitListQuery, revisitReportSchema } from './revisits.js';

export const revisitRoutes = {
  createRevisitReport: def({
    method: 'POST', path: '/api/v1/revisit-reports', tag: 'relations', auth: 'signedIn',
    summary: 'File a revisit report (客户回访报告表)',
    description: 'Only someone who may change the archive files one: 404 when the caller may not see the customer, 403 when they may see but not change it. `visitedOn` after today → 400. It completes the customer’s open `revisit` tasks (and the one named by `taskId`).',
    body: createRevisitReportBody, response: { status: 201, schema: revisitReportSchema },
  }),
  listRevisitReports: def({
    method: 'GET', path: '/api/v1/revisit-reports', tag: 'relations', auth: 'signedIn',
    summary: 'Revisit reports, newest visit first, of the customers the caller may see',
    query: revisitListQuery, response: { status: 200, schema: page(revisitReportSchema) },
  }),
  exportRevisitReports: def({
    method: 'GET', path: '/api/v1/revisit-reports/export', tag: 'relations', auth: 'signedIn',
    summary: 'Export the filtered revisit reports as xlsx or csv (view-only archives left out)',
    query: revisitExportQuery, response: { status: 200, schema: 'file' },
  }),
  getRevisitReport: def({
    method: 'GET', path: '/api/v1/revisit-reports/:id', tag: 'relations', auth: 'signedIn',
    summary: 'One revisit report (seen like its customer)', params: idParams, response: { status: 200, schema: revisitReportSchema },
  }),
  printRevisitReport: def({
    method: 'GET', path: '/api/v1/revisit-reports/:id/print', tag: 'relations', auth: 'signedIn',
    summary: 'The 客户回访报告表 as a print-ready A4 form (KD-REL-02)', params: idParams, response: { status: 200, schema: 'html' },
  }),
  planRevisits: def({
    method: 'POST', path: '/api/v1/revisit-plans', tag: 'relations', auth: 'signedIn',
    summary: 'Plan revisits: a `revisit` task per customer, due on the given day; a report filed for the customer completes it',
    description: 'Needs write access to each customer (404/403 otherwise). A customer who already has an open revisit task is skipped. Key and A-class customers are also planned by the daily job (every 90 days since their last report).',
    body: planRevisitsBody, response: { status: 200, schema: planRevisitsResult },
  }),
  listCheckIns: def({
    method: 'GET', path: '/api/v1/check-ins', tag: 'relations', auth: 'signedIn',
    summary: 'The day’s check-ins (外勤签到) of the customers the caller may see, each flagged when farther than `maxDistanceM` from the first check-in at that customer',
    query: checkInListQuery, response: { status: 200, schema: checkInList },
  }),
} as const;
