/** Reward routes (REL-10): the points ledger of a customer, reward plans and each plan's effect. */
import { idParams } from './common.js';
import {
  createPointsBody, createRewardPlanBody, pointsExportQuery, pointsLedgerQuery, pointsLedgerSchema, pointsWrittenSchema, rewardPlanEffectSchema, rewardPlanExportQuery,
  rewardPlanListQuery, rewardPlanListSchema, rewardPlanSchema, updateRewardPlanBody,
} from './rewards.js';
import { def } from './route-def.js';

const writers = 'Writers: the customer\'s owner, customer service (cs_staff, cs_manager) and marketing managers (marketing_manager, marketing_director); anyone else who may see the customer gets 403, anyone who may not gets 404.';
const planManagers = 'Plans are managed by administrators and marketing managers (admin, marketing_manager, marketing_director); anyone signed in reads them.';

export const rewardRoutes = {
  getCustomerPoints: def({
    method: 'GET', path: '/api/v1/customers/:id/points', tag: 'rewards', auth: 'signedIn',
    summary: 'A customer\'s points balance and ledger, newest first (REL-10)',
    description: 'Anyone who may read the customer; 404 otherwise. `points` is the positive number written for earn, redeem and expire (the kind gives the sign) and the signed effect for adjust.',
    params: idParams, query: pointsLedgerQuery, response: { status: 200, schema: pointsLedgerSchema },
  }),
  exportCustomerPoints: def({
    method: 'GET', path: '/api/v1/customers/:id/points/export', tag: 'rewards', auth: 'signedIn',
    summary: 'The filtered ledger as xlsx or csv', params: idParams, query: pointsExportQuery, response: { status: 200, schema: 'file' },
  }),
  createPointsEntry: def({
    method: 'POST', path: '/api/v1/customers/:id/points', tag: 'rewards', auth: 'signedIn',
    summary: 'Write a ledger entry: earn, redeem, expire or adjust (REL-10)',
    description: `${writers} An entry that would take the balance below zero (a redemption larger than the balance) is 422 and nothing is written — also when redemptions arrive at once (each customer's writes are serialised). The ledger is append-only: a mistake is corrected by an adjustment. Answers the written entry with the new balance.`,
    params: idParams, body: createPointsBody, response: { status: 201, schema: pointsWrittenSchema },
  }),
  listRewardPlans: def({
    method: 'GET', path: '/api/v1/reward-plans', tag: 'rewards', auth: 'signedIn',
    summary: 'Reward plans (客户奖励计划), newest validity first', description: planManagers, query: rewardPlanListQuery, response: { status: 200, schema: rewardPlanListSchema },
  }),
  exportRewardPlans: def({
    method: 'GET', path: '/api/v1/reward-plans/export', tag: 'rewards', auth: 'signedIn',
    summary: 'The filtered reward plans as xlsx or csv', query: rewardPlanExportQuery, response: { status: 200, schema: 'file' },
  }),
  createRewardPlan: def({
    method: 'POST', path: '/api/v1/reward-plans', tag: 'rewards', auth: 'signedIn',
    summary: 'Create a reward plan',
    description: `${planManagers} One plan per scope (a customer type, or company-wide) is in force on any day: a validity period overlapping another plan of the same scope is 409.`,
    body: createRewardPlanBody, response: { status: 201, schema: rewardPlanSchema },
  }),
  getRewardPlan: def({
    method: 'GET', path: '/api/v1/reward-plans/:id', tag: 'rewards', auth: 'signedIn',
    summary: 'One reward plan', params: idParams, response: { status: 200, schema: rewardPlanSchema },
  }),
  updateRewardPlan: def({
    method: 'PATCH', path: '/api/v1/reward-plans/:id', tag: 'rewards', auth: 'signedIn',
    summary: 'Change or disable a reward plan (optimistic: send the version read)', description: planManagers, params: idParams, body: updateRewardPlanBody, response: { status: 200, schema: rewardPlanSchema },
  }),
  rewardPlanEffect: def({
    method: 'GET', path: '/api/v1/reward-plans/:id/effect', tag: 'rewards', auth: 'signedIn',
    summary: 'The effect of a plan: purchases of rewarded vs. not-rewarded customers over the same period, by month',
    description: 'Counts only customers in the plan\'s scope whose financial group the caller may read (visibility applied), so amounts reach only those who may see them.',
    params: idParams, response: { status: 200, schema: rewardPlanEffectSchema },
  }),
} as const;
