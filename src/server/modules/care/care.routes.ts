/** Care activities (REL-8): parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import type { CareRouteName } from '../../../contract/care.routes.js';
import * as care from './care.service.js';

export const careHandlers: HandlersOf<CareRouteName> = {
  listCareHolidays: async ({ query }) => care.listHolidays(query),
  listCareOccasions: ({ db, principal, query }) => care.listOccasions(db, principal, query),
  listCareCampaigns: ({ db, principal, query }) => care.listCampaigns(db, principal, query),
  createCareCampaign: ({ db, principal, body, actor }) => care.createCampaign(db, principal, body, actor),
  getCareCampaign: ({ db, principal, params }) => care.getCampaign(db, principal, params.id),
  careCampaignStats: ({ db, principal, params }) => care.campaignStats(db, principal, params.id),
  listCareTargets: ({ db, principal, params, query }) => care.listTargets(db, principal, params.id, query),
  recordCareReach: ({ db, principal, params, body, actor }) => care.recordReach(db, principal, params.id, body, actor),
  customerCare: ({ db, principal, params }) => care.customerCare(db, principal, params.id),
};
