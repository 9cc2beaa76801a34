/** Issue 17's web items: the call button, the header search, bulk actions, previews, regions, custom fields. */
export const newuiZhCN = {
  call: {
    reveal: '拨打电话（显示号码）',
    revealHint: '拨打前会显示完整号码，并记入查阅记录',
    number: '拨打 {{number}}',
  },
  region: { placeholder: '选择省 / 市 / 区县' },
  preview: { open: '预览' },
  search: {
    placeholder: '搜索客户、联系人、资料',
    open: '搜索（/ 或 Ctrl+K）',
    customers: '客户',
    contacts: '联系人',
    documents: '档案资料',
    empty: '没有找到匹配的结果',
    hint: '输入客户名称、拼音、档案编号、电话、联系人或资料题名',
    more: '在客户列表中查看全部',
  },
};
