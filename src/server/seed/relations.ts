/**
 * The demo company's relationship maintenance (PLT-1, spec 04): five months of communications by
 * each customer's owner (calls, e-mails, chats, visits and meetings with check-ins near the
 * customer's city), today's field visits for the check-in map (some far from the customer's first
 * check-in), next steps as open tasks, revisit reports, and the contact states they imply.
 * Deterministic (seeded), set-based, inside the demo's loading transaction.
 */
import type pg from 'pg';
import { copyRows } from '../db/copy.js';
import { int, pick, seededRng, type Rng } from './generate.js';

/** City centres (WGS-84) of the regions the generator uses. */
const cityCentres: Record<string, [lat: number, lng: number]> = {
  '110000': [39.904, 116.407], '120000': [39.084, 117.201], '310000': [31.23, 121.474], '500000': [29.563, 106.551], '440100': [23.129, 113.264], '440300': [22.543, 114.058],
  '440600': [23.022, 113.122], '441900': [23.021, 113.752], '330100': [30.274, 120.155], '330200': [29.868, 121.544], '320100': [32.06, 118.797], '320500': [31.299, 120.585],
  '320200': [31.491, 120.312], '370100': [36.651, 117.12], '370200': [36.067, 120.383], '510100': [30.573, 104.066], '420100': [30.593, 114.305], '430100': [28.228, 112.939],
  '610100': [34.341, 108.94], '410100': [34.747, 113.625], '350100': [26.075, 119.306], '350200': [24.48, 118.089], '340100': [31.821, 117.227], '210100': [41.805, 123.431],
  '210200': [38.914, 121.615], '220100': [43.817, 125.324], '230100': [45.803, 126.535], '360100': [28.683, 115.858], '530100': [24.88, 102.833], '450100': [22.817, 108.366],
};

type Channel = 'phone' | 'email' | 'chat' | 'visit' | 'meeting';
const channelWeights: Channel[] = ['phone', 'phone', 'phone', 'phone', 'email', 'email', 'chat', 'chat', 'visit', 'visit', 'meeting'];
const texts: Record<Channel, [subject: string, content: string][]> = {
  phone: [['例行电话联络', '了解客户近期经营情况，客户表示运转正常，本季度采购计划不变。'], ['确认订单交期', '客户询问上批订单的交货时间，已告知预计下周发货。'], ['回款提醒', '提醒客户本月到期款项，财务负责人答应月底前安排付款。'], ['新品推介', '向采购经理介绍新一代产品，客户希望先拿到样品和报价。']],
  email: [['发送报价单', '按客户要求发送年度框架协议报价，请其在两周内反馈。'], ['节日问候', '向客户高层发送节日问候并附上新品资料。'], ['技术资料', '发送产品技术规格书和安装说明。']],
  chat: [['微信沟通发货安排', '与客户仓库主管确认到货时间和卸货要求。'], ['在线答疑', '解答客户关于发票开具和对账的问题。']],
  visit: [['上门拜访', '拜访客户采购部和生产部，了解新产线建设进度，客户有追加采购意向。'], ['高层拜访', '陪同营销总监拜访客户总经理，沟通明年合作规划。'], ['现场服务回访', '到现场查看设备运行情况，收集使用意见。']],
  meeting: [['季度业务会议', '与客户召开季度会议，回顾交付与质量情况，确定下季度重点。'], ['技术交流会', '组织技术人员与客户研发部交流新材料应用方案。']],
};
const results = ['客户满意', '需进一步跟进', '已达成初步意向', '客户要求补充资料', null];
const needs = ['缩短交货周期', '提供更灵活的付款方式', '加强售后技术支持', '定制化包装', null, null];
const attitudes = ['积极', '友好', '一般', '谨慎'];
const levels = ['高层领导', '营销总监', '采购经理', '部门经理'];
const nextSteps = ['寄送样品', '提交正式报价', '安排技术人员上门', '跟进合同签订', '邀请参加新品发布会'];
const evaluations = ['对产品质量满意，交货偶有延迟', '服务响应及时，价格略高于同行', '整体满意，希望加强技术培训', '对售后服务评价很好'];
const demands = ['明年产能扩大，需求预计增长两成', '行业价格竞争加剧，关注性价比', '对环保型产品需求上升', null];
const suggestions = ['建议建立固定的季度回访机制', '希望提供线上对账功能', '建议缩短报修响应时间', null];

const DAY = 86_400_000;
const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
/** A moment `daysAgo` whole days before `now`, at a working hour in China (never after `now`). */
const workingTime = (rng: Rng, now: Date, daysAgo: number): Date => {
  const day = chinaDay(new Date(now.getTime() - daysAgo * DAY));
  const at = new Date(Date.parse(`${day}T${String(int(rng, 9, 17)).padStart(2, '0')}:${String(int(rng, 0, 59)).padStart(2, '0')}:00+08:00`));
  return at.getTime() > now.getTime() ? new Date(now.getTime() - int(rng, 5, 120) * 60_000) : at;
};
const jitter = (rng: Rng, [lat, lng]: [number, number], degrees: number): [number, number] => [lat + (rng() - 0.5) * 2 * degrees, lng + (rng() - 0.5) * 2 * degrees];

export type RelationsLoadResult = { communications: number; checkIns: number; nextSteps: number; revisits: number };

export async function loadDemoRelations(client: pg.PoolClient | pg.Client, now: Date, seed: number): Promise<RelationsLoadResult> {
  const rng = seededRng(seed);
  const customers = (await client.query<{ id: string; owner_id: string; region: string | null; tier: string | null }>(`SELECT id::text, owner_id::text, region, tier FROM customers WHERE owner_id IS NOT NULL ORDER BY id`)).rows;
  const rows: unknown[][] = [];
  const out: RelationsLoadResult = { communications: 0, checkIns: 0, nextSteps: 0, revisits: 0 };
  const today = chinaDay(now);
  const push = (c: (typeof customers)[number], channel: Channel, at: Date, site: [number, number] | null, spread: number, withNextStep: boolean) => {
    const [subject, content] = pick(rng, texts[channel]);
    const onSite = channel === 'visit' || channel === 'meeting';
    const pos = onSite && site ? jitter(rng, site, spread) : null;
    const due = withNextStep ? chinaDay(new Date(now.getTime() + int(rng, 1, 14) * DAY)) : null;
    rows.push([c.id, c.owner_id, channel, at, subject, content, pick(rng, results), pick(rng, needs), pick(rng, attitudes), onSite ? pick(rng, levels) : null, onSite ? rng() < 0.4 : null, due, due ? pick(rng, nextSteps) : null, pos?.[0] ?? null, pos?.[1] ?? null, pos ? int(rng, 8, 60) : null, pos ? at : null, at]);
    out.communications++;
    if (pos) out.checkIns++;
    if (due) out.nextSteps++;
  };
  let todayVisits = 0;
  // today's visits fall between this morning and now (China time), at most 7 hours back
  const sinceMidnight = Math.max(1, Math.min(420, Math.floor((now.getTime() - Date.parse(`${today}T00:00:00+08:00`)) / 60_000) - 1));
  for (const c of customers) {
    const centre = c.region ? cityCentres[c.region] : undefined;
    // where the customer is: somewhere in its city (customers carry no coordinates; check-ins do)
    const site = centre ? jitter(rng, centre, 0.08) : null;
    const count = rng() < 0.25 ? 0 : int(rng, 1, 5);
    const days = Array.from({ length: count }, () => int(rng, 1, 150)).sort((a, b) => b - a); // oldest first: the first check-in is the reference
    for (const d of days) push(c, pick(rng, channelWeights), workingTime(rng, now, d), site, 0.002, d <= 10 && rng() < 0.35);
    // today's field visits (the manager's check-in map): after an earlier visit there, one in five far off
    if (site && todayVisits < 24 && rng() < 0.02) {
      push(c, 'visit', workingTime(rng, now, int(rng, 20, 60)), site, 0.002, false);
      const far = rng() < 0.2;
      push(c, 'visit', new Date(now.getTime() - int(rng, 1, sinceMidnight) * 60_000), far ? [site[0] + 0.05, site[1] + 0.03] : site, 0.002, rng() < 0.5);
      todayVisits++;
    }
  }
  await copyRows(client, 'communications', ['customer_id', 'user_id', 'channel', 'occurred_at', 'subject', 'content', 'result', 'customer_needs', 'attitude', 'person_level', 'visit_opportunity', 'next_step_due', 'next_step_text', 'check_in_lat', 'check_in_lng', 'check_in_accuracy', 'check_in_at', 'created_at'], rows);
  // REL-5 each next step is an open task of its logger, as logging one through the API makes it
  await client.query(
    `WITH t AS (
       INSERT INTO tasks (kind, customer_id, owner_id, title, ref_type, ref_id, received_on, due_on, created_by, created_at)
       SELECT 'next_step', m.customer_id, m.user_id, '下一步：' || m.next_step_text || '（' || c.name || '）', 'communication', m.id::text,
              least((m.occurred_at AT TIME ZONE 'Asia/Shanghai')::date, m.next_step_due), m.next_step_due, m.user_id, m.created_at
         FROM communications m JOIN customers c ON c.id = m.customer_id
        WHERE m.next_step_due IS NOT NULL AND m.next_step_task_id IS NULL
       RETURNING id, ref_id)
     UPDATE communications m SET next_step_task_id = t.id FROM t WHERE m.id = t.ref_id::bigint`,
  );
  // REL-2 the last call and visit and the next dues, as the API keeps them per communication
  await client.query(
    `UPDATE contact_states s SET last_call_at = x.last_call, last_visit_at = x.last_visit,
            next_call_due = cadence_due(x.last_call, c.filed_on, p.call_days), next_visit_due = cadence_due(x.last_visit, c.filed_on, p.visit_days)
       FROM (SELECT customer_id, max(occurred_at) FILTER (WHERE channel IN ('phone', 'email', 'chat')) AS last_call,
                    max(occurred_at) FILTER (WHERE channel IN ('visit', 'meeting')) AS last_visit
               FROM communications GROUP BY customer_id) x,
            customers c JOIN cadence_policies p ON p.abc_class = coalesce(c.abc_class, 'C')
      WHERE s.customer_id = x.customer_id AND c.id = s.customer_id`,
  );
  // REL-7 revisit reports (客户回访报告表), more often for key and big customers
  const reports: unknown[][] = [];
  for (const c of customers) {
    if (rng() > (c.tier === 'key' || c.tier === 'big' ? 0.5 : 0.06)) continue;
    const on = chinaDay(new Date(now.getTime() - int(rng, 3, 200) * DAY));
    reports.push([c.id, on, pick(rng, ['visit', 'visit', 'phone']), c.owner_id, `${pick(rng, levels)}等`, pick(rng, evaluations), pick(rng, demands), pick(rng, suggestions), pick(rng, [3, 4, 4, 5, 5, 2]), rng() < 0.5 ? '整理客户意见并反馈相关部门' : null, c.owner_id, new Date(Date.parse(`${on}T16:00:00+08:00`))]);
    out.revisits++;
  }
  await copyRows(client, 'revisit_reports', ['customer_id', 'visited_on', 'method', 'visitor_id', 'contacts_met', 'evaluation', 'market_demand', 'service_suggestions', 'satisfaction', 'follow_up_actions', 'created_by', 'created_at'], reports);
  return out;
}
