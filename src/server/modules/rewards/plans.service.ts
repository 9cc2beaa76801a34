/**
 * Reward plans (REL-10): points per amount purchased by tier, coupons and gifts, a validity period
 * and how long earned points last. One plan per scope (a customer type, or company-wide) is in
 * force on any day — checked under a transaction-scoped advisory lock so two concurrent creations
 * cannot both pass. Administrators and marketing managers manage them; anyone signed in reads them.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { createRewardPlanBody, RewardPlan, rewardPlanExportQuery, rewardPlanListQuery, updateRewardPlanBody } from '../../../contract/rewards.js';
import type { RoleKey } from '../../../contract/roles.js';
import type { DB } from '../../db/schema.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { AppError, fieldError, notFound, staleVersion } from '../../http/errors.js';
import { recordAudit, recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { checkTiers, plansOverlap, type PlanWindow } from './rewards.rules.js';

export const planManagerRoles: readonly RoleKey[] = ['admin', 'marketing_manager', 'marketing_director'];

type PlanRow = Awaited<ReturnType<ReturnType<typeof selectPlans>['executeTakeFirstOrThrow']>>;
export type LoadedPlan = PlanWindow & Pick<RewardPlan, 'name' | 'tiers' | 'pointsValidMonths'>;

const selectPlans = (db: Kysely<DB>) => db.selectFrom('reward_plans').selectAll();

function toPlan(r: PlanRow, today: string): RewardPlan {
  return {
    id: r.id,
    name: r.name,
    customerType: r.customer_type as RewardPlan['customerType'],
    validFrom: r.valid_from,
    validTo: r.valid_to,
    tiers: r.tiers as RewardPlan['tiers'],
    pointsValidMonths: r.points_valid_months,
    rewards: r.rewards as RewardPlan['rewards'],
    description: r.description,
    disabled: r.disabled,
    inForce: !r.disabled && r.valid_from <= today && (r.valid_to === null || today <= r.valid_to),
    version: r.version,
    createdAt: r.created_at.toISOString(),
  };
}

/** Every plan as the rules need it (few rows: plans are a handful per year). */
export async function loadPlans(db: Kysely<DB>): Promise<LoadedPlan[]> {
  const rows = await selectPlans(db).execute();
  return rows.map((r) => ({ id: r.id, customerType: r.customer_type, validFrom: r.valid_from, validTo: r.valid_to, disabled: r.disabled, name: r.name, tiers: r.tiers as RewardPlan['tiers'], pointsValidMonths: r.points_valid_months }));
}

function assertManager(p: Principal) {
  if (!p.roles.some((r) => planManagerRoles.includes(r))) throw new AppError('forbidden', 'Reward plans are managed by administrators and marketing managers.', { rule: 'REL-10' });
}

function filtered(db: Kysely<DB>, q: z.infer<typeof rewardPlanListQuery>, today: string) {
  let query = selectPlans(db);
  if (q.customerType) query = query.where('customer_type', '=', q.customerType);
  if (q.q) query = query.where('name', 'ilike', `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (q.state === 'disabled') query = query.where('disabled', '=', true);
  if (q.state === 'in_force') query = query.where('disabled', '=', false).where('valid_from', '<=', today).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]));
  if (q.state === 'upcoming') query = query.where('disabled', '=', false).where('valid_from', '>', today);
  if (q.state === 'ended') query = query.where('disabled', '=', false).where('valid_to', '<', today);
  return query.orderBy('valid_from', 'desc').orderBy('id', 'desc');
}

export async function listPlans(db: Kysely<DB>, q: z.infer<typeof rewardPlanListQuery>, now = new Date()) {
  const today = chinaDate(now);
  return { items: (await filtered(db, q, today).limit(500).execute()).map((r) => toPlan(r, today)) };
}

export async function getPlan(db: Kysely<DB>, id: string, now = new Date()) {
  const r = await selectPlans(db).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('reward plan');
  return toPlan(r, chinaDate(now));
}

const typeZh: Record<string, string> = { distributor: '分销商', direct: '直销客户', manufacturer: '制造商', dealer: '经销商' };

export async function exportPlans(db: Kysely<DB>, q: z.infer<typeof rewardPlanExportQuery>, actor: Actor, now = new Date()) {
  const today = chinaDate(now);
  await recordReadAudit(db, actor, { action: 'reward_plan.exported', entityType: 'reward_plan', data: { format: q.format } }, now);
  const rows = (await filtered(db, q, today).limit(5000).execute()).map((r) => toPlan(r, today));
  const cols: Column<RewardPlan>[] = [
    { header: '计划名称', value: (r) => r.name },
    { header: '适用客户类型', value: (r) => (r.customerType ? (typeZh[r.customerType] ?? r.customerType) : '全公司') },
    { header: '生效日期', value: (r) => r.validFrom },
    { header: '截止日期', value: (r) => r.validTo ?? '长期' },
    { header: '积分规则（每百元）', value: (r) => r.tiers.map((t) => `≥¥${t.from}：${t.pointsPer100}`).join('；') },
    { header: '积分有效期（月）', value: (r) => r.pointsValidMonths ?? '永久' },
    { header: '优惠券与礼品', value: (r) => r.rewards.map((x) => `${x.kind === 'coupon' ? '优惠券' : '礼品'}「${x.name}」${x.points}分`).join('；') },
    { header: '状态', value: (r) => (r.disabled ? '已停用' : r.inForce ? '生效中' : r.validFrom > today ? '未开始' : '已结束') },
  ];
  async function* batches() {
    yield rows;
  }
  const { stream } = streamTable(q.format, '客户奖励计划', cols, batches());
  return { file: stream, filename: `reward-plans.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

type PlanInput = z.infer<typeof createRewardPlanBody>;

function validate(input: PlanInput) {
  const problem = checkTiers(input.tiers);
  if (problem) throw fieldError(`tiers.${problem.index}.${problem.field}`, problem.message);
  if (input.validTo && input.validTo < input.validFrom) throw fieldError('validTo', 'must not be before validFrom');
}

/** 409 when another live plan of the same scope shares a day with this one. */
async function assertNoOverlap(tx: Transaction<DB>, input: { customerType: string | null; validFrom: string; validTo: string | null }, exceptId: string | null) {
  await sql`SELECT pg_advisory_xact_lock(hashtext('kedang.reward_plans'))`.execute(tx);
  const others = await tx.selectFrom('reward_plans').select(['id', 'name', 'customer_type', 'valid_from', 'valid_to']).where('disabled', '=', false).execute();
  const clash = others.find((o) => o.id !== exceptId && plansOverlap({ customerType: o.customer_type, validFrom: o.valid_from, validTo: o.valid_to }, input));
  if (clash) {
    throw new AppError('conflict', `Another plan of the same scope ("${clash.name}") is in force in part of this period: one plan at a time.`, { rule: 'REL-10', extra: { planId: clash.id }, errors: [{ path: 'validFrom', message: 'overlaps another plan of the same scope', code: 'duplicate' }] });
  }
}

export async function createPlan(db: Kysely<DB>, p: Principal, body: PlanInput, actor: Actor, now = new Date()) {
  assertManager(p);
  validate(body);
  const id = await db.transaction().execute(async (tx) => {
    await assertNoOverlap(tx, { customerType: body.customerType ?? null, validFrom: body.validFrom, validTo: body.validTo ?? null }, null);
    const r = await tx
      .insertInto('reward_plans')
      .values({
        name: body.name.trim(),
        customer_type: body.customerType ?? null,
        valid_from: body.validFrom,
        valid_to: body.validTo ?? null,
        tiers: JSON.stringify(body.tiers),
        points_valid_months: body.pointsValidMonths ?? null,
        rewards: JSON.stringify(body.rewards ?? []),
        description: body.description ?? null,
        created_by: p.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'reward_plan.created', entityType: 'reward_plan', entityId: r.id, data: { name: body.name, customerType: body.customerType ?? null, validFrom: body.validFrom, validTo: body.validTo ?? null } }, now);
    return r.id;
  });
  return getPlan(db, id, now);
}

export async function updatePlan(db: Kysely<DB>, p: Principal, id: string, body: z.infer<typeof updateRewardPlanBody>, actor: Actor, now = new Date()) {
  assertManager(p);
  await db.transaction().execute(async (tx) => {
    const cur = await tx.selectFrom('reward_plans').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!cur) throw notFound('reward plan');
    if (cur.version !== body.version) throw staleVersion('reward plan', cur.version);
    const next: PlanInput & { disabled: boolean } = {
      name: body.name ?? cur.name,
      customerType: body.customerType !== undefined ? body.customerType : (cur.customer_type as PlanInput['customerType']),
      validFrom: body.validFrom ?? cur.valid_from,
      validTo: body.validTo !== undefined ? body.validTo : cur.valid_to,
      tiers: body.tiers ?? (cur.tiers as PlanInput['tiers']),
      pointsValidMonths: body.pointsValidMonths !== undefined ? body.pointsValidMonths : cur.points_valid_months,
      rewards: body.rewards ?? (cur.rewards as PlanInput['rewards'] & object),
      description: body.description !== undefined ? body.description : cur.description,
      disabled: body.disabled ?? cur.disabled,
    };
    validate(next);
    if (!next.disabled) await assertNoOverlap(tx, { customerType: next.customerType ?? null, validFrom: next.validFrom, validTo: next.validTo ?? null }, id);
    await tx
      .updateTable('reward_plans')
      .set({
        name: next.name.trim(),
        customer_type: next.customerType ?? null,
        valid_from: next.validFrom,
        valid_to: next.validTo ?? null,
        tiers: JSON.stringify(next.tiers),
        points_valid_months: next.pointsValidMonths ?? null,
        rewards: JSON.stringify(next.rewards ?? []),
        description: next.description ?? null,
        disabled: next.disabled,
        updated_at: now,
        version: cur.version + 1,
      })
      .where('id', '=', id)
      .execute();
    const changed = Object.keys(body).filter((k) => k !== 'version');
    await recordAudit(tx, actor, { action: 'reward_plan.updated', entityType: 'reward_plan', entityId: id, data: { changed, disabled: next.disabled } }, now);
  });
  return getPlan(db, id, now);
}
