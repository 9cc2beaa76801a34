/** Chinese for what the archive-security routes say in `detail` (borrowing, approvals, protected changes, destruction, personal data). */
type DetailRule = { pattern: RegExp; zh: (m: RegExpMatchArray) => string };

const roleZh: Record<string, string> = { gm: '总经理', cs_manager: '客服主管', marketing_manager: '市场营销部经理', marketing_director: '营销总监', office_head: '总经理办公室主任', archivist: '档案管理员', admin: '系统管理员' };
const stateZh: Record<string, string> = { pending: '待审批', approved: '已批准', rejected: '已驳回', withdrawn: '已撤回', expired: '已过期', active: '借阅中', ended: '已到期', returned: '已归还' };
const changeZh: Record<string, string> = { delete: '删除', restore: '恢复', lower_secrecy: '降低密级', transfer_owner: '变更责任人' };

/** The reasons of the borrowing and protected-change rules (borrowing.rules.ts, lifecycle.rules.ts, approvals.rules.ts). */
const reasonsZh: DetailRule[] = [
  { pattern: /^top-secret archives are never lent; only the general manager opens them$/, zh: () => '绝密级档案禁止借阅，只有总经理可以查看' },
  { pattern: /^confidential archives are never lent; they are read only by those whose role allows it$/, zh: () => '机密级档案不外借，只有按角色有权查看的人员可以查看' },
  { pattern: /^you can already read everything you asked for$/, zh: () => '您已经可以查看所申请的全部内容' },
  { pattern: /^a grant on a (secret|ordinary) archive lasts at most (\d+) minutes$/, zh: (m) => `${m[1] === 'secret' ? '秘密级' : '普通'}档案的借阅最长 ${m[2]} 分钟` },
  { pattern: /^nobody approves their own request$/, zh: () => '任何人都不能审批自己的申请' },
  { pattern: /^only (\w+) \(or a deputy\) decides this request$/, zh: (m) => `只有${roleZh[m[1]!] ?? m[1]}（或其代批人）可以审批` },
  { pattern: /^the request is (\w+)$/, zh: (m) => `该申请${stateZh[m[1]!] ?? m[1]}` },
  { pattern: /^the archive was (already )?destroyed$/, zh: () => '档案已销毁' },
  { pattern: /^the archive is already in the recycle bin$/, zh: () => '档案已在回收站中' },
  { pattern: /^only an archive in the recycle bin can be restored$/, zh: () => '只有回收站中的档案可以恢复' },
  { pattern: /^raising a level \(or keeping it\) needs no approval: change it directly$/, zh: () => '提高（或保持）密级不需要审批，请直接编辑档案' },
  { pattern: /^that user already owns the archive$/, zh: () => '该用户已经是此档案的责任人' },
  { pattern: /^only a key customer's transfer needs approval: change the owner directly$/, zh: () => '只有重点客户、大客户变更责任人需要审批，其他档案请直接修改' },
  { pattern: /^an active archive is not destroyed: delete it \(recycle bin\) or let it go dormant first$/, zh: () => '正常状态的档案不能销毁：请先删除（移入回收站），或待其成为休眠档案' },
  { pattern: /^the destruction has not been approved by the general manager$/, zh: () => '该销毁申请尚未经总经理批准' },
  { pattern: /^the destruction was already executed$/, zh: () => '该销毁已经执行' },
  { pattern: /^an archivist executes a destruction$/, zh: () => '销毁由档案管理员执行' },
];

const reason = (text: string): string => {
  for (const r of reasonsZh) {
    const m = text.match(r.pattern);
    if (m) return r.zh(m);
  }
  return text;
};

export const securityDetailRulesZh: DetailRule[] = [
  { pattern: /^This request can never be granted: (.+)\.$/, zh: (m) => `该申请无法批准：${reason(m[1]!)}。` },
  { pattern: /^This request can no longer be granted: (.+)\.$/, zh: (m) => `该申请已无法批准：${reason(m[1]!)}。` },
  { pattern: /^You may not decide this request: (.+)\.$/, zh: (m) => `您不能审批此申请：${reason(m[1]!)}。` },
  { pattern: /^This request can no longer be decided: (.+)\.$/, zh: (m) => `此申请已无法审批：${reason(m[1]!)}。` },
  { pattern: /^This request was decided meanwhile\.$/, zh: () => '此申请刚刚已被他人审批。' },
  { pattern: /^Only the requester withdraws a request\.$/, zh: () => '只有申请人可以撤回申请。' },
  { pattern: /^This request is (\w+) and can no longer be withdrawn\.$/, zh: (m) => `该申请${stateZh[m[1]!] ?? m[1]}，不能再撤回。` },
  { pattern: /^Only the borrower returns a grant\.$/, zh: () => '只有借阅人可以归还。' },
  { pattern: /^Only an active grant can be returned; this one is (\w+)\.$/, zh: (m) => `只有借阅中的授权可以归还，此授权${stateZh[m[1]!] ?? m[1]}。` },
  { pattern: /^The grant was returned meanwhile\.$/, zh: () => '该授权刚刚已归还。' },
  { pattern: /^The archive is no longer available\.$/, zh: () => '该档案已不可用。' },
  { pattern: /^The archive's secrecy level changed; (\w+) must approve a new request\.$/, zh: (m) => `档案密级已变更，需重新提交申请，由${roleZh[m[1]!] ?? m[1]}审批。` },
  { pattern: /^(delete|restore|lower_secrecy|transfer_owner): (.+)\.$/, zh: (m) => `${changeZh[m[1]!]}：${reason(m[2]!)}。` },
  { pattern: /^A (delete|restore|lower_secrecy|transfer_owner) request for this archive is already waiting \(approval (\d+)\)\.$/, zh: (m) => `此档案已有待审批的${changeZh[m[1]!]}申请（审批 ${m[2]}）。` },
  { pattern: /^The archive changed since the request: (.+)\.$/, zh: (m) => `档案在申请后已变化：${reason(m[1]!)}。` },
  { pattern: /^The archive no longer exists\.$/, zh: () => '档案已不存在。' },
  { pattern: /^The new owner is no longer an active user\.$/, zh: () => '新责任人已不是有效用户。' },
  { pattern: /^destruction: (.+)\.$/, zh: (m) => `销毁：${reason(m[1]!)}。` },
  { pattern: /^A destruction of this archive is already requested\.$/, zh: () => '此档案已有销毁申请。' },
  { pattern: /^The request is (\w+): the export opens once the general manager approves it\.$/, zh: (m) => `该申请${stateZh[m[1]!] ?? m[1]}：总经理批准后才能下载导出文件。` },
  { pattern: /^The export was available for 7 days after approval; ask again\.$/, zh: () => '导出文件仅在批准后 7 天内可下载，请重新申请。' },
  { pattern: /^The contact no longer exists\.$/, zh: () => '该联系人已不存在。' },
  { pattern: /^The (\w+) part of this archive is withheld from you; request access to read it\.$/, zh: () => '这部分档案未向您开放，如需查看请申请查阅。' },
  { pattern: /^This archive is view-only at its secrecy level: no (\w+)\.$/, zh: () => '该档案的密级为只读，不能导出、打印或下载。' },
  { pattern: /^secrecyLevel: lowering a secrecy level needs the general manager's approval; .+$/, zh: () => '降低密级需要总经理审批，请在档案页“更多操作 → 降低密级”中申请。' },
  { pattern: /^ownerId: transferring a key customer needs the marketing manager's approval; .+$/, zh: () => '重点客户变更责任人需要市场营销部经理审批，请在档案页“更多操作 → 变更责任人”中申请。' },
  { pattern: /^deputyId: a deputy is someone else$/, zh: () => '代批人不能是您自己。' },
  { pattern: /^deputyId: no such active user$/, zh: () => '代批人不是有效用户。' },
];

export const securityFieldMessagesZh: Record<string, string> = {
  'lowering needs approval': '降低密级需要审批',
  'transfer needs approval': '变更责任人需要审批',
  'is withheld from you': '未向您开放',
  'must be someone else': '不能是您自己',
  'no such active user': '不是有效用户',
};
