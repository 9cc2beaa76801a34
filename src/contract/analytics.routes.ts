/** Routes of analyses (spec 07). */
import { compositionQuery, compositionSchema } from './analytics.js';
import { def } from './route-def.js';

export const analyticsRoutes = {
  getComposition: def({
    method: 'GET', path: '/api/v1/analytics/composition', tag: 'analytics', auth: 'signedIn',
    summary: 'Customer composition (客户构成分析) by grade, tier, class, product, category, province or city (ANA-1)',
    description: 'Sales in the period of the customers whose financial group the caller may read, with the customer list’s filters; the previous period of the same length beside it; the 80/20 (Pareto) count.',
    query: compositionQuery, response: { status: 200, schema: compositionSchema },
  }),
} as const;
