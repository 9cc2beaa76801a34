/** Chinese labels of the printed forms (ARC-13: forms print in Chinese, whatever the screen language). */
export const enumLabels: Record<string, Record<string, string>> = {
  customerType: { distributor: '分销商', direct: '直销客户', manufacturer: '制造商', dealer: '经销商' },
  companyNature: { listed: '上市公司', private_ltd: '私人有限公司', sino_foreign_jv: '中外合资', wholly_foreign: '外商独资', state_owned: '国营公司', other: '其他' },
  industryPosition: { leader: '领导者', influential: '具影响力', medium: '中等', small: '小型厂商', other: '其他' },
  category: { initial: '初期联系', potential: '潜在客户', following: '跟单客户', partner: '合作伙伴', abandoned: '放弃客户', vip: 'VIP 客户' },
  status: { contacted: '已沟通', quoted: '已报价', proposal: '已做方案', contracted: '已签合同', closed_won: '已成交' },
  stage: { presales: '售前跟踪', contract: '合同执行', aftersales: '售后服务', expired: '合同期满' },
  importance: { normal: '普通', important: '重要', very_important: '非常重要' },
  tier: { big: '大客户', key: '重点客户', normal: '普通客户', potential: '潜力客户' },
  secrecyLevel: { none: '普通', secret: '秘密', confidential: '机密', top_secret: '绝密' },
  contactRole: { legal_person: '公司法人', principal: '主要负责人', primary: '主要联系人', first: '第一联系人', second: '第二联系人', key_person: '关键人物', other: '其他' },
  documentKind: { original: '正本', attachment: '附件', print: '印件', draft: '定稿', reply: '批复', request: '请示', source: '原件', forwarded: '转发件', other: '其他' },
  documentCategory: { business_licence: '营业执照', legal_rep_id: '法定代表人身份证复印件', agreement: '业务约定书', contract: '合同', form: '表单', correspondence: '往来函件', other: '其他' },
};
export const label = (kind: string, value: unknown): string => (value === null || value === undefined || value === '' ? '' : (enumLabels[kind]?.[String(value)] ?? String(value)));

export const formTitles = {
  archive: '客户档案表',
  collection: '客户资料搜集表',
  'basic-info': '客户基本信息档案表',
  personality: '客户个性档案表',
  'relationship-card': '客户关系卡',
  catalogue: '卷内目录',
} as const;
