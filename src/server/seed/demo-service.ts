/**
 * The demo company's complaints and service requests (PLT-1, spec 05): an on-duty rota with gaps,
 * a dozen complaints of the last months in every state (closed with a follow-up, explained, waiting
 * for the plan's approval, overdue, resolved with the follow-up due, reopened, from someone not yet
 * filed) and service requests routed to a team, answered, resolved, escalated into a complaint.
 * Everything goes through the modules' services with the time of each step, so numbers, history,
 * tasks, approvals, revisit reports and audit are what real use leaves. Runs once (its own flag).
 */
import type { Kysely } from 'kysely';
import type { complaintCategories, TransitionBody } from '../../contract/complaints.js';
import type { DB } from '../db/schema.js';
import { decideApproval } from '../modules/approvals/approvals.service.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import { systemActor, type Actor } from '../modules/audit/audit.types.js';
import { updateRota } from '../modules/complaints/complaints.rota.js';
import { createComplaint, transitionComplaint } from '../modules/complaints/complaints.service.js';
import { addNote, createServiceRequest, escalateServiceRequest, setRouting, transitionServiceRequest } from '../modules/service-requests/service-requests.service.js';
import type { Principal } from '../shared/principal.js';

const HOUR = 3_600_000;
const FLAG = 'demo_service_loaded';

type Step = [hoursAfterReceipt: number, who: 'cs' | 'manager' | 'dept', body: TransitionBody | { approve: boolean; comment: string }];
type Scenario = {
  daysAgo: number;
  channel: 'phone' | 'email' | 'onsite' | 'online';
  category: (typeof complaintCategories)[number];
  reason: string;
  demand: string;
  products?: { product: string; quantity: string; unit: string }[];
  unfiled?: { name: string; contactName: string; phone: string };
  steps: Step[];
};

const signed = (name: string, daysAgo: number, hoursAfter: number) => ({ name, date: new Date(Date.now() - daysAgo * 24 * HOUR + hoursAfter * HOUR + 8 * HOUR).toISOString().slice(0, 10), kind: 'typed' as const });

/** The whole path to `resolved` (assignment, cause, plan, approval, implementing, sign-off). */
function toResolved(daysAgo: number, severity: 'urgent' | 'high' | 'normal', cause: string, plan: string, kind: 'compensation' | 'return' | 'discount' | 'repair' | 'apology', loss: string, signer: string, resolvedAfter: number): Step[] {
  return [
    [1, 'cs', { to: 'analysing', comment: '已电话核实情况' }],
    [3, 'cs', { to: 'assigned', severity, responsibleDepartmentId: 'quality', comment: '属我方责任，转质量管理部' } as TransitionBody],
    [8, 'dept', { to: 'investigating', cause }],
    [12, 'dept', { to: 'plan_proposed', plan }],
    [14, 'manager', { approve: true, comment: '同意，按方案执行' }],
    [16, 'cs', { to: 'implementing' }],
    [resolvedAfter, 'cs', { to: 'resolved', resolution: { kind, lossAmount: loss }, customerSignOff: signed(signer, daysAgo, resolvedAfter), receiverOpinion: '已按批准的方案处理完毕', managerOpinion: '同意结案前回访', customerOpinion: '处理及时，认可' }],
  ];
}

const scenarios: Scenario[] = [
  {
    daysAgo: 110, channel: 'phone', category: 'quality', reason: '上月到货的 20 箱包装材料有 6 箱受潮发霉，无法使用。', demand: '更换受潮的 6 箱并说明原因',
    products: [{ product: '包装材料', quantity: '6', unit: '箱' }],
    steps: [...toResolved(110, 'high', '仓库返潮期间未加防潮垫，出库前未抽检', '补发 6 箱，运费由我方承担；仓库增加防潮检查', 'return', '1260.00', '王经理', 40),
      [120, 'cs', { to: 'followed_up', satisfaction: 4, comments: '对补发速度满意，建议以后发货前拍照' }], [121, 'cs', { to: 'closed' }]],
  },
  {
    daysAgo: 80, channel: 'email', category: 'delivery', reason: '合同约定 15 日交货，实际 22 日才到，影响客户生产线排期。', demand: '赔偿延误损失',
    products: [{ product: '轴承', quantity: '300', unit: '套' }],
    steps: [...toResolved(80, 'urgent', '物流商中转延误，未及时通知客户', '按合同违约条款赔偿 2% 货款，并更换物流商', 'compensation', '3480.00', '陈采购', 20),
      [60, 'cs', { to: 'followed_up', satisfaction: 5, comments: '赔偿到位，态度诚恳' }], [61, 'cs', { to: 'closed' }]],
  },
  {
    daysAgo: 62, channel: 'phone', category: 'billing', reason: '发票抬头与合同主体不一致，财务无法入账。', demand: '重开发票',
    steps: [[1, 'cs', { to: 'analysing' }], [4, 'cs', { to: 'explained', explanation: '客户下单时提供的开票信息即为该抬头，已说明并协助其提交变更申请', customerAcknowledged: true }], [5, 'cs', { to: 'closed' }]],
  },
  {
    daysAgo: 41, channel: 'onsite', category: 'quality', reason: '交换机批次中 3 台上电后端口指示灯异常。', demand: '折价或维修',
    products: [{ product: '交换机', quantity: '3', unit: '台' }],
    steps: [...toResolved(41, 'high', '固件版本与硬件批次不匹配', '现场升级固件，另给予 5% 折价', 'discount', '900.00', '刘工', 50),
      [150, 'cs', { to: 'followed_up', satisfaction: 3, comments: '问题解决，但上门时间比约定晚了半天' }]],
  },
  {
    daysAgo: 12, channel: 'phone', category: 'quality', reason: '电缆外皮有划伤，长度约 200 米。', demand: '退货',
    products: [{ product: '电缆', quantity: '200', unit: '米' }],
    // resolved 10 days ago and not yet followed up: the follow-up task is overdue (SVC-8)
    steps: toResolved(12, 'normal', '装车时与金属件摩擦', '退回划伤部分并补发', 'return', '560.00', '张主任', 48),
  },
  {
    daysAgo: 6, channel: 'online', category: 'service', reason: '售后热线连续两天无人接听。', demand: '说明原因并道歉',
    steps: [[1, 'cs', { to: 'analysing' }], [2, 'cs', { to: 'assigned', severity: 'normal', responsibleDepartmentId: 'quality' } as TransitionBody], [20, 'dept', { to: 'investigating', cause: '热线转接设置错误，节假日未排班' }],
      [26, 'dept', { to: 'plan_proposed', plan: '书面致歉，热线恢复 24 小时转接并纳入轮班表' }], [30, 'manager', { approve: true, comment: '同意' }], [32, 'cs', { to: 'implementing' }]],
  },
  {
    daysAgo: 2, channel: 'phone', category: 'price', reason: '同型号服务器本季度报价比上季度高 8%，未提前告知。', demand: '按原价供货',
    products: [{ product: '服务器', quantity: '4', unit: '台' }],
    steps: [[1, 'cs', { to: 'analysing' }], [2, 'cs', { to: 'assigned', severity: 'high', responsibleDepartmentId: 'quality' } as TransitionBody],
      [6, 'dept', { to: 'investigating', cause: '调价通知未发送到该客户的采购联系人' }], [9, 'dept', { to: 'plan_proposed', plan: '本批按原价供货，下批起执行新价并提前一个月书面通知' }]],
  },
  {
    // urgent (24 h) and still investigating after ten days: overdue, past twice its promised time (SVC-6)
    daysAgo: 10, channel: 'phone', category: 'quality', reason: '化工原料检测纯度低于合同标准。', demand: '退货并赔偿检测费用',
    products: [{ product: '化工原料', quantity: '2', unit: '吨' }],
    steps: [[1, 'cs', { to: 'analysing' }], [2, 'cs', { to: 'assigned', severity: 'urgent', responsibleDepartmentId: 'quality' } as TransitionBody], [10, 'dept', { to: 'investigating', cause: '待第三方复检' }]],
  },
  {
    daysAgo: 1, channel: 'email', category: 'delivery', reason: '到货数量比送货单少 2 套。', demand: '尽快补齐',
    products: [{ product: '办公家具', quantity: '2', unit: '套' }],
    steps: [[1, 'cs', { to: 'analysing' }], [3, 'cs', { to: 'assigned', severity: 'normal', responsibleDepartmentId: 'quality' } as TransitionBody]],
  },
  { daysAgo: 0.3, channel: 'phone', category: 'service', reason: '业务员承诺的培训一直没有安排。', demand: '本月内安排培训', steps: [[1, 'cs', { to: 'analysing', comment: '联系销售核实' }]] },
  {
    daysAgo: 0.05, channel: 'phone', category: 'quality', reason: '在门店买的电子元件一盒中有 20 个引脚弯折。', demand: '更换',
    products: [{ product: '电子元件', quantity: '20', unit: '个' }], unfiled: { name: '赵女士', contactName: '赵女士', phone: '13812345678' }, steps: [],
  },
  {
    // closed, then the customer called again: reopened within 30 days, back in investigating (SVC-2)
    daysAgo: 30, channel: 'phone', category: 'quality', reason: '钢材表面锈蚀。', demand: '折价',
    products: [{ product: '钢材', quantity: '5', unit: '吨' }],
    steps: [...toResolved(30, 'high', '露天堆放时间过长', '折价 3%', 'discount', '1200.00', '孙经理', 30),
      [72, 'cs', { to: 'followed_up', satisfaction: 2, comments: '折价幅度偏低' }], [73, 'cs', { to: 'closed' }],
      [26 * 24, 'cs', { to: 'reopened', comment: '客户复检发现锈蚀面积更大，要求重新处理' }]],
  },
];

const principalOf = (u: { id: string; username: string; display_name: string; department_id: string; roles: string[] }): Principal => ({
  userId: u.id, username: u.username, displayName: u.display_name, departmentId: u.department_id, roles: u.roles as Principal['roles'], mustChangePassword: false,
  via: { kind: 'session', sessionId: 'demo', cookie: false },
});

/** Loads the demo's complaints and service requests once; null when already there or the demo users are missing. */
export async function loadDemoService(db: Kysely<DB>): Promise<{ complaints: number; serviceRequests: number } | null> {
  if (await db.selectFrom('settings').select('key').where('key', '=', FLAG).executeTakeFirst()) return null;
  const users = await db.selectFrom('users').select(['id', 'username', 'display_name', 'department_id', 'roles']).where('username', 'in', ['zheng.kefu', 'wu.kefu', 'qian.zhijian', 'lv.shengchan']).execute();
  const byName = (n: string) => users.find((u) => u.username === n);
  const [csU, mgrU, deptU, prodU] = [byName('zheng.kefu'), byName('wu.kefu'), byName('qian.zhijian'), byName('lv.shengchan')];
  if (!csU || !mgrU || !deptU || !prodU) return null;
  const who = { cs: principalOf(csU), manager: principalOf(mgrU), dept: principalOf(deptU) };
  const actorOf = (p: Principal): Actor => ({ userId: p.userId, ip: null, requestId: 'demo' });
  const quality = deptU.department_id;
  const customers = await db.selectFrom('customers').select(['id', 'name', 'address']).where('secrecy_level', '=', 'none').where('lifecycle', '=', 'active').orderBy('id').limit(40).execute();
  const now = Date.now();

  // SVC-6 the rota: 郑客服 on weekdays 8–20, 吴主管 weekday evenings and Saturday; nights and Sunday are gaps
  const weekdays = [1, 2, 3, 4, 5];
  await updateRota(db, who.manager, [
    ...weekdays.map((weekday) => ({ userId: csU.id, weekday, startHour: 8, endHour: 20 })),
    ...weekdays.map((weekday) => ({ userId: mgrU.id, weekday, startHour: 20, endHour: 23 })),
    { userId: mgrU.id, weekday: 6, startHour: 9, endHour: 17 },
  ], actorOf(who.manager), new Date(now - 120 * 24 * HOUR));

  let complaints = 0;
  for (const [i, s] of scenarios.entries()) {
    const receivedAt = new Date(now - s.daysAgo * 24 * HOUR);
    const customer = customers[(i * 3) % customers.length]!;
    const c = await createComplaint(db, who.cs, {
      ...(s.unfiled ? { customerName: s.unfiled.name, contactName: s.unfiled.contactName, contactPhone: s.unfiled.phone } : { customerId: customer.id, contactPhone: `0571-8${String(6000000 + i * 1379).slice(0, 7)}`, ...(customer.address ? { businessAddress: customer.address } : {}) }),
      channel: s.channel, category: s.category, receivedAt: receivedAt.toISOString(), reason: s.reason, demand: s.demand, ...(s.products ? { products: s.products } : {}),
    }, actorOf(who.cs), new Date(receivedAt.getTime() + 5 * 60_000));
    complaints++;
    let approvalId = c.approvalId;
    for (const [after, by, body] of s.steps) {
      const at = new Date(Math.min(receivedAt.getTime() + after * HOUR, now - 60_000));
      const p = who[by];
      if ('approve' in body) {
        await decideApproval(db, p, approvalId!, body.approve ? 'approve' : 'reject', body.comment, actorOf(p), at);
        continue;
      }
      const b = body.to === 'assigned' ? { ...body, responsibleDepartmentId: quality } : body;
      approvalId = (await transitionComplaint(db, p, c.id, b, actorOf(p), at)).approvalId;
    }
  }

  // SVC-10 service requests: repairs go to the production department's queue, the rest stay with customer service
  await setRouting(db, who.manager, [{ category: 'repair', departmentId: prodU.department_id }], actorOf(who.manager), new Date(now - 120 * 24 * HOUR));
  const requests: { hoursAgo: number; category: 'question' | 'consultation' | 'repair' | 'other'; urgency: 'urgent' | 'high' | 'normal'; subject: string; description: string; reply?: string; end?: 'resolved' | 'closed' | 'waiting_customer' | 'escalated' }[] = [
    { hoursAgo: 2, category: 'question', urgency: 'normal', subject: '如何查询订单物流', description: '客户想自行查询本月两张订单的物流进度。' },
    { hoursAgo: 30, category: 'consultation', urgency: 'high', subject: '年度框架协议价格咨询', description: '客户计划签订年度框架协议，咨询阶梯价格与账期。', reply: '已发送阶梯价格表，账期需财务确认后答复。', end: 'waiting_customer' },
    { hoursAgo: 80, category: 'repair', urgency: 'urgent', subject: '设备异响需上门检修', description: '去年采购的设备运行时有异响。', reply: '已安排工程师明天上午上门。', end: 'resolved' },
    { hoursAgo: 400, category: 'question', urgency: 'normal', subject: '发票邮寄地址变更', description: '客户财务部搬迁，发票改寄新地址。', reply: '已更新开票资料中的邮寄地址。', end: 'closed' },
    { hoursAgo: 200, category: 'other', urgency: 'high', subject: '样品迟迟未寄出', description: '客户两周前申请的样品至今未收到，情绪较大。', reply: '正在核实寄样记录。', end: 'escalated' },
  ];
  let serviceRequests = 0;
  for (const [i, r] of requests.entries()) {
    const receivedAt = new Date(now - r.hoursAgo * HOUR);
    const customer = customers[(i * 5 + 2) % customers.length]!;
    const at = (h: number) => new Date(Math.min(receivedAt.getTime() + h * HOUR, now - 60_000));
    const sr = await createServiceRequest(db, who.cs, { customerId: customer.id, channel: 'phone', receivedAt: receivedAt.toISOString(), category: r.category, urgency: r.urgency, subject: r.subject, description: r.description }, actorOf(who.cs), at(0.05));
    serviceRequests++;
    // a repair sits in the production department's queue: its staff answer it
    const worker = r.category === 'repair' ? principalOf(prodU) : who.cs;
    // the first reply is the first response (it starts the work)
    const status = r.reply ? (await addNote(db, worker, sr.id, { kind: 'reply', body: r.reply }, actorOf(worker), at(1))).status : sr.status;
    if (r.end === 'escalated') {
      await escalateServiceRequest(db, who.cs, sr.id, { comment: '客户要求按投诉处理', category: 'service' }, actorOf(who.cs), at(3));
      complaints++;
    } else if (r.end) {
      if (status === 'open') await transitionServiceRequest(db, worker, sr.id, { to: 'in_progress' }, actorOf(worker), at(1.5));
      if (r.end === 'waiting_customer') await transitionServiceRequest(db, worker, sr.id, { to: 'waiting_customer', comment: '等待客户确认账期' }, actorOf(worker), at(2));
      else {
        await transitionServiceRequest(db, worker, sr.id, { to: 'resolved', resolution: r.reply! }, actorOf(worker), at(20));
        if (r.end === 'closed') await transitionServiceRequest(db, who.cs, sr.id, { to: 'closed' }, actorOf(who.cs), at(30));
      }
    }
  }
  await db.insertInto('settings').values({ key: FLAG, value: JSON.stringify({ complaints, serviceRequests }) }).execute();
  await db.transaction().execute((tx) => recordAudit(tx, systemActor, { action: 'system.demo_loaded', data: { complaints, serviceRequests } }));
  return { complaints, serviceRequests };
}
