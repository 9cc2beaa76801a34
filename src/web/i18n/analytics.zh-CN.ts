/** 客户构成分析 (ANA-1). */
export const analyticsZhCN = {
  title: '客户构成分析',
  description: '按信用等级、客户层级、ABC 类别、商品、商品类别、省份或城市统计本期销售额及占比，与上一同长期间比较，并标出贡献 80% 销售额的客户数（80/20）。只统计您可以查看财务信息的客户。',
  by: { grade: '信用等级', tier: '客户层级', abcClass: 'ABC 类别', product: '商品', productCategory: '商品类别', province: '省份', city: '城市' },
  values: { tier: { big: '大客户', key: '重点客户', normal: '普通客户', potential: '潜在客户' }, abcClass: { A: 'A 类', B: 'B 类', C: 'C 类' } },
  none: '未注明',
  amount: '本期销售额',
  share: '占比',
  previousAmount: '上期销售额',
  change: '增减',
  customers: '客户数',
  total: '本期销售合计',
  pareto80: '贡献 80% 销售额的客户',
  paretoTitle: '80/20 曲线',
  previous: '上期：{{from}} 至 {{to}}',
  chart: '构成图',
};
