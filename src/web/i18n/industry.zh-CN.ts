/** 所属行业 (GB/T 4754—2017, ARC-1): the picker's words. */
export const industryZhCN = {
  placeholder: '选择门类 / 大类，可输入名称或代码搜索',
  filterPlaceholder: '行业分类（门类或大类）',
  hint: '国民经济行业分类 GB/T 4754—2017',
};
