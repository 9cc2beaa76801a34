/** Routes of analyses (spec 07). */
import { compositionQuery, compositionSchema, dashboardSchema, reportExportQuery, reportParams, reportQuery, reportSchema } from './analytics.js';
import { def } from './route-def.js';

const reportDescription = 'Reports: `grade-migration` (grade distribution and migration matrix between two quarters), `tier-changes`, `contact-compliance` (per owner: contacts done vs. required by cadence), `complaint-statistics`, `satisfaction-trend` (per month), `receivables-aging` (per owner), `archive-completeness` (per owner: fields and required documents missing), `dormant-customers`. Aggregate SQL over the customers the caller may see (financial figures: those whose financial group it reads; grades: those whose evaluation it reads); the customer list’s filters apply.';

export const analyticsRoutes = {
  getComposition: def({
    method: 'GET', path: '/api/v1/analytics/composition', tag: 'analytics', auth: 'signedIn',
    summary: 'Customer composition (客户构成分析) by grade, tier, class, product, category, province or city (ANA-1)',
    description: 'Sales in the period of the customers whose financial group the caller may read, with the customer list’s filters; the previous period of the same length beside it; the 80/20 (Pareto) count.',
    query: compositionQuery, response: { status: 200, schema: compositionSchema },
  }),
  getReport: def({
    method: 'GET', path: '/api/v1/reports/:report', tag: 'analytics', auth: 'signedIn',
    summary: 'A standard report (ANA-3) as columns and rows', description: reportDescription,
    params: reportParams, query: reportQuery, response: { status: 200, schema: reportSchema },
  }),
  exportReport: def({
    method: 'GET', path: '/api/v1/reports/:report/export', tag: 'analytics', auth: 'signedIn',
    summary: 'A standard report (ANA-3) as xlsx (default) or csv; audited', description: reportDescription,
    params: reportParams, query: reportExportQuery, response: { status: 200, schema: 'file' },
  }),
  printReport: def({
    method: 'GET', path: '/api/v1/reports/:report/print', tag: 'analytics', auth: 'signedIn',
    summary: 'A standard report (ANA-3) as a printable A4 page; audited', description: reportDescription,
    params: reportParams, query: reportQuery, response: { status: 200, schema: 'html' },
  }),
  getDashboard: def({
    method: 'GET', path: '/api/v1/analytics/dashboard', tag: 'analytics', auth: 'signedIn',
    summary: 'The home page’s figures for the caller (ANA-2): complaints, contact dues, this month’s sales, the archivist’s register — counts and sums, not whole reports',
    response: { status: 200, schema: dashboardSchema },
  }),
} as const;
