/** Customer composition (ANA-1). Keys mirror analytics.zh-CN.ts. */
import type { Widen } from './en-US.js';
import type { analyticsZhCN } from './analytics.zh-CN.js';

export const analyticsEnUS: Widen<typeof analyticsZhCN> = {
  title: 'Customer composition',
  description: 'Sales of the period and their share by credit grade, tier, ABC class, product, product category, province or city, against the previous period of the same length, with how many customers make 80 % of sales. Only customers whose financial information you may see.',
  by: { grade: 'Credit grade', tier: 'Tier', abcClass: 'ABC class', product: 'Product', productCategory: 'Product category', province: 'Province', city: 'City' },
  values: { tier: { big: 'Big', key: 'Key', normal: 'Normal', potential: 'Potential' }, abcClass: { A: 'Class A', B: 'Class B', C: 'Class C' } },
  none: 'Not given',
  amount: 'Sales',
  share: 'Share',
  previousAmount: 'Previous period',
  change: 'Change',
  customers: 'Customers',
  total: 'Total sales',
  pareto80: 'Customers making 80 % of sales',
  paretoTitle: '80/20 curve',
  previous: 'Previous period: {{from}} to {{to}}',
  chart: 'Composition',
};
