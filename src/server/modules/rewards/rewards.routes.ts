/** Reward routes (REL-10): parse → call → shape. Access decisions live in the services. */
import type { rewardRoutes } from '../../../contract/rewards.routes.js';
import type { HandlersOf } from '../../http/handler.js';
import { planEffect } from './plan-effect.service.js';
import * as plans from './plans.service.js';
import * as points from './points.service.js';

export const rewardHandlers: HandlersOf<keyof typeof rewardRoutes> = {
  getCustomerPoints: ({ db, principal, params, query }) => points.getCustomerPoints(db, principal, params.id, query),
  exportCustomerPoints: ({ db, principal, params, query, actor }) => points.exportCustomerPoints(db, principal, params.id, query, actor),
  createPointsEntry: ({ db, principal, params, body, actor }) => points.writePoints(db, principal, params.id, body, actor),
  listRewardPlans: ({ db, query }) => plans.listPlans(db, query),
  exportRewardPlans: ({ db, query, actor }) => plans.exportPlans(db, query, actor),
  createRewardPlan: ({ db, principal, body, actor }) => plans.createPlan(db, principal, body, actor),
  getRewardPlan: ({ db, params }) => plans.getPlan(db, params.id),
  updateRewardPlan: ({ db, principal, params, body, actor }) => plans.updatePlan(db, principal, params.id, body, actor),
  rewardPlanEffect: ({ db, principal, params }) => planEffect(db, principal, params.id),
};
