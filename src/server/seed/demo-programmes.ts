/**
 * PLT-1 the demo company's programmes and sales, written through the modules' services (so every
 * derived row — numbers, transactions, instalments, balances, audit — is what real use makes):
 * opportunities at every stage, contract templates approved by the gm, contracts drafted from them,
 * signed with instalments (some collected, some overdue) and deliveries, targets, satisfaction
 * surveys with answers, a reward plan and points ledgers, service-board cards, training sessions.
 * Deterministic (seeded), small, and run once with the demo.
 */
import type { Kysely } from 'kysely';
import type { RoleKey } from '../../contract/roles.js';
import { createContractBody, createContractTemplateBody, createOpportunityBody } from '../../contract/sales.js';
import { createRewardPlanBody } from '../../contract/rewards.js';
import type { DB } from '../db/schema.js';
import type { Principal } from '../shared/principal.js';
import type { Actor } from '../modules/audit/audit.types.js';
import { decideApproval } from '../modules/approvals/approvals.service.js';
import { createCard, moveCard, openBoard } from '../modules/boards/boards.service.js';
import { updatePayment } from '../modules/evaluation/credit.service.js';
import { createPlan as createRewardPlan } from '../modules/rewards/plans.service.js';
import { writePoints } from '../modules/rewards/points.service.js';
import { createContractTemplate } from '../modules/sales/contract-templates.service.js';
import { createContract, createDelivery, createOpportunity, signContract, updateChecklist, updateOpportunity } from '../modules/sales/sales.service.js';
import { createSurvey, listTemplates as listSurveyTemplates, recordResponse } from '../modules/surveys/surveys.service.js';
import { setTargets } from '../modules/targets/targets.service.js';
import { assessSession, createPlan as createTrainingPlan, createSession } from '../modules/training/training.service.js';
import { chinaDate } from '../modules/tasks/working-days.rules.js';
import { int, pick, seededRng, type Rng } from './generate.js';

export type ProgrammesResult = { opportunities: number; contractTemplates: number; contracts: number; overdueInstalments: number; surveys: number; pointsEntries: number; boardCards: number; targets: number; trainingSessions: number };

async function principalOf(db: Kysely<DB>, username: string): Promise<Principal> {
  const u = await db.selectFrom('users').select(['id', 'username', 'display_name', 'department_id', 'roles']).where('username', '=', username).executeTakeFirstOrThrow();
  return { userId: u.id, username: u.username, displayName: u.display_name, departmentId: u.department_id, roles: u.roles as RoleKey[], mustChangePassword: false, via: { kind: 'session', sessionId: 'demo', cookie: false } };
}
const actorOf = (p: Principal): Actor => ({ userId: p.userId, ip: null, requestId: 'demo' });
const dayOffset = (today: string, days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A rep's own customers, largest buyers first (they carry the pipeline and the contracts). */
async function customersOf(db: Kysely<DB>, ownerId: string, n: number) {
  return db.selectFrom('customers').select(['id', 'name']).where('owner_id', '=', ownerId).where('deleted_at', 'is', null).orderBy('id').limit(n).execute();
}

const clauses = {
  product: '品名以本合同所附《产品明细表》为准。',
  specification: '规格型号以《产品明细表》及双方确认的技术协议为准。',
  quantity: '数量以《产品明细表》为准；乙方可在交货前 15 日书面调整，增减不超过 5%。',
  quality: '产品符合国家标准及行业标准；甲方提供产品合格证，质保期自验收合格之日起 12 个月。',
  price: '价格为含税到厂价（增值税税率 13%），合同有效期内不变。',
  settlement: '银行转账。按合同所附付款计划分期支付，甲方于每期款项到账后 5 个工作日内开具增值税专用发票。',
  rightsObligations: '甲方按约定时间、地点交货并提供技术支持；乙方按期验收、付款。任何一方违约，应赔偿对方因此遭受的直接损失。',
  disputeResolution: '双方协商解决；协商不成的，任何一方可向甲方所在地有管辖权的人民法院提起诉讼。',
};

const products = [['工业交换机', 'S5735-L48T4X', '台', 6800], ['机架服务器', 'R740 2U', '台', 42000], ['热轧钢板', 'Q235B 10mm', '吨', 4300], ['阻燃电缆', 'ZR-YJV 3×95', '米', 185], ['深沟球轴承', '6205-2RS', '套', 36]] as const;

export async function loadDemoProgrammes(db: Kysely<DB>, now = new Date()): Promise<ProgrammesResult> {
  const rng: Rng = seededRng(915);
  const today = chinaDate(now);
  const [gm, mm, director, csManager, csStaff, finance] = await Promise.all(['zhang.zong', 'wang.jingli', 'chen.zongjian', 'wu.kefu', 'zheng.kefu', 'feng.caiwu'].map((u) => principalOf(db, u)));
  const reps = await Promise.all(['li.xiaoshou', 'zhao.xiaoshou', 'sun.xiaoshou'].map((u) => principalOf(db, u)));
  const result: ProgrammesResult = { opportunities: 0, contractTemplates: 0, contracts: 0, overdueInstalments: 0, surveys: 0, pointsEntries: 0, boardCards: 0, targets: 0, trainingSessions: 0 };

  // SAL-3 合同范本: written by the marketing manager, approved by the gm for legal
  const template = await createContractTemplate(db, mm!, createContractTemplateBody.parse({ name: '产品购销合同（标准版）', clauses }), actorOf(mm!), now);
  await decideApproval(db, gm!, template.pendingVersion!.approvalId!, 'approve', '条款符合公司法务要求', actorOf(gm!), now);
  await createContractTemplate(db, director!, createContractTemplateBody.parse({ name: '年度框架采购合同', clauses: { ...clauses, price: '按季度双方确认的价格表执行。' } }), actorOf(director!), now);
  result.contractTemplates = 2;

  const stages = ['initial', 'needs', 'proposal', 'negotiation', 'signing', 'won', 'lost'] as const;
  for (const rep of reps) {
    const mine = await customersOf(db, rep.userId, 14);
    const actor = actorOf(rep);
    // SAL-2 the pipeline: two opportunities per stage band, amounts and close dates spread
    for (const [i, c] of mine.slice(0, 8).entries()) {
      const stage = stages[i % stages.length]!;
      const o = await createOpportunity(db, rep, createOpportunityBody.parse({ customerId: c.id, title: `${pick(rng, ['年度采购', '产线升级', '备件补充', '新项目配套', '机房扩容'])}（${c.name.slice(0, 4)}）`, expectedAmount: String(int(rng, 5, 80) * 10_000), expectedCloseOn: dayOffset(today, int(rng, 10, 120)) }), actor, now);
      if (stage !== 'initial') await updateOpportunity(db, rep, o.id, { version: o.version, stage, ...(stage === 'lost' ? { lostReason: '价格高于竞品 8%，客户选择了本地供应商' } : {}) }, actor, now);
      result.opportunities++;
    }
    // SAL-3 contracts: drafted from the approved template, reviewed, signed in the past; instalments become receivables
    for (const [i, c] of mine.slice(8, 14).entries()) {
      const [product, spec, unit, price] = pick(rng, products);
      const quantity = int(rng, 2, 40);
      const amount = quantity * price;
      const signedOn = dayOffset(today, -int(rng, 20, 200));
      const parts = [0.3, 0.4, 0.3].map((f) => Math.round(amount * f * 100) / 100);
      parts[2] = Math.round((amount - parts[0]! - parts[1]!) * 100) / 100;
      const draft = await createContract(db, rep, createContractBody.parse({
        customerId: c.id, title: `${product}购销合同`, amount: amount.toFixed(2), signatory: `${c.name.slice(0, 2)}公司法定代表人`, templateId: template.id,
        lines: [{ product, spec, quantity, unit, price }],
        instalments: parts.map((a, n) => ({ dueOn: dayOffset(signedOn, 30 + n * 60), amount: a.toFixed(2) })),
      }), actor, now);
      result.contracts++;
      if (i === 5) continue; // one stays a draft with its review open
      const reviewed = await updateChecklist(db, rep, draft.id, { version: draft.version, legalStatus: true, businessScope: true, capacity: true, credit: true, signatoryAuthority: true }, actor, now);
      const signed = await signContract(db, rep, reviewed.id, { signedOn }, actor, now);
      await createDelivery(db, rep, signed.id, { lineNo: 1, quantity: String(Math.ceil(quantity / 2)), deliveredOn: dayOffset(signedOn, 10) < today ? dayOffset(signedOn, 10) : today }, actor, now);
      // finance collects the first instalment (on time or late); later ones stay open, some overdue
      const first = signed.instalments[0]!;
      if (first.dueOn < today && i % 3 !== 2) {
        const version = (await db.selectFrom('payments').select('version').where('id', '=', first.paymentId!).executeTakeFirstOrThrow()).version;
        await updatePayment(db, finance!, c.id, signed.transactionId!, first.paymentId!, { version, paidOn: dayOffset(first.dueOn, i % 2 === 0 ? 0 : 12) < today ? dayOffset(first.dueOn, i % 2 === 0 ? 0 : 12) : today }, actorOf(finance!), now);
      }
    }
  }
  result.overdueInstalments = Number((await db.selectFrom('payments as p').innerJoin('transactions as t', 't.id', 'p.transaction_id').select((eb) => eb.fn.countAll<string>().as('n')).where('t.contract_id', 'is not', null).where('p.paid_on', 'is', null).where('p.due_on', '<', today).executeTakeFirstOrThrow()).n);

  // REL-11 targets: this month and quarter for each rep, set by the gm (department managers set only their own departments')
  const month = today.slice(0, 7);
  const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
  for (const period of [month, quarter]) {
    const scale = period === month ? 1 : 3;
    const items = reps.flatMap((r, i) => [
      { ownerId: r.userId, metric: 'sales' as const, target: (300_000 + i * 100_000) * scale },
      { ownerId: r.userId, metric: 'satisfaction' as const, target: 4.2 },
    ]);
    await setTargets(db, gm!, { period, items }, actorOf(gm!), now);
    result.targets += items.length;
  }

  // REL-9 satisfaction surveys asked on the phone by customer service, with answers
  const surveyTemplate = (await listSurveyTemplates(db)).items.find((x) => x.isDefault) ?? (await listSurveyTemplates(db)).items[0];
  if (surveyTemplate) {
    const asked = await db.selectFrom('customers').select('id').where('deleted_at', 'is', null).where('owner_id', 'is not', null).orderBy('id', 'desc').limit(24).execute();
    for (const [i, c] of asked.entries()) {
      const s = await createSurvey(db, csStaff!, { customerId: c.id, templateId: surveyTemplate.id, channel: 'phone', expiresInDays: 14 }, actorOf(csStaff!), now);
      result.surveys++;
      if (i % 4 === 3) continue; // some not answered yet
      const base = i % 7 === 0 ? 2 : int(rng, 3, 5);
      const answers = surveyTemplate.questions.map((q) =>
        q.kind === 'rating' ? { questionId: q.id, rating: Math.max(1, Math.min(5, base + int(rng, -1, 0))) } : q.kind === 'choice' && q.options?.length ? { questionId: q.id, choice: q.options[0]! } : { questionId: q.id, text: base <= 2 ? '交货期多次延误，希望改进。' : '服务及时，满意。' },
      );
      await recordResponse(db, csStaff!, s.id, { answers }, actorOf(csStaff!), now);
    }
  }

  // REL-10 a reward plan and points ledgers (earned, redeemed, adjusted)
  await createRewardPlan(db, mm!, createRewardPlanBody.parse({
    name: '老客户积分回馈计划', validFrom: `${today.slice(0, 4)}-01-01`, pointsValidMonths: 24,
    tiers: [{ from: '0', pointsPer100: '1' }, { from: '500000', pointsPer100: '1.5' }],
    rewards: [{ kind: 'coupon', name: '千元采购抵用券', points: 1000 }, { kind: 'gift', name: '定制礼品套装', points: 300 }],
    description: '按年度采购额累计积分，可兑换抵用券或礼品。',
  }), actorOf(mm!), now);
  for (const rep of reps) {
    for (const [i, c] of (await customersOf(db, rep.userId, 4)).entries()) {
      await writePoints(db, rep, c.id, { kind: 'earn', points: int(rng, 8, 40) * 50, reason: '年度采购积分' }, actorOf(rep), now);
      result.pointsEntries++;
      if (i % 2 === 0) {
        await writePoints(db, rep, c.id, { kind: 'redeem', points: 300, reason: '兑换定制礼品套装' }, actorOf(rep), now);
        result.pointsEntries++;
      }
    }
  }

  // REL-6 the customer-service board of this week, cards in every column
  const board = await openBoard(db, csManager!, { kind: 'week' }, actorOf(csManager!), now);
  const boardCustomers = await db.selectFrom('customers').select(['id', 'name']).where('deleted_at', 'is', null).orderBy('id').limit(6).execute();
  for (const [i, c] of boardCustomers.entries()) {
    const column = (['todo', 'todo', 'doing', 'doing', 'done', 'done'] as const)[i]!;
    const card = await createCard(db, csManager!, board.id, { title: `${pick(rng, ['回访', '寄送资料', '处理报价疑问', '安排上门服务'])}：${c.name.slice(0, 8)}`, customerId: c.id, assigneeId: i % 2 === 0 ? csStaff!.userId : csManager!.userId, dueOn: dayOffset(today, i - 2), column: 'todo' }, actorOf(csManager!), now);
    if (column !== 'todo') await moveCard(db, csManager!, card.id, { version: card.version, column, index: 0 }, actorOf(csManager!), now);
    result.boardCards++;
  }

  // REL-12 training: a plan for sales and one for customer service, sessions held and assessed
  const salesPlan = await createTrainingPlan(db, mm!, { title: '大客户销售技巧', role: 'sales', topic: 'theory', description: '客户分级、需求分析与商务谈判。', required: true, passScore: 60 }, actorOf(mm!), now);
  const servicePlan = await createTrainingPlan(db, csManager!, { title: '投诉处理规范', role: 'cs_staff', topic: 'service', description: '投诉受理、处理时限与回访。', required: true, passScore: 70 }, actorOf(csManager!), now);
  const s1 = await createSession(db, gm!, { planId: salesPlan.id, heldOn: dayOffset(today, -45), trainerName: '外聘讲师 许老师', attendeeIds: reps.map((r) => r.userId), caseStudies: '某装备制造企业年度框架合同谈判复盘。' }, actorOf(gm!), now);
  await assessSession(db, gm!, s1.id, { items: reps.map((r, i) => ({ userId: r.userId, score: [88, 74, 55][i]! })) }, actorOf(gm!), now);
  const s2 = await createSession(db, csManager!, { planId: servicePlan.id, heldOn: dayOffset(today, -20), trainerId: csManager!.userId, attendeeIds: [csStaff!.userId] }, actorOf(csManager!), now);
  await assessSession(db, csManager!, s2.id, { items: [{ userId: csStaff!.userId, score: 91 }] }, actorOf(csManager!), now);
  result.trainingSessions = 2;
  return result;
}
