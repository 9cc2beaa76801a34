/** Sales (spec 06): parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import type { SalesRouteName } from '../../../contract/sales.routes.js';
import * as templates from './contract-templates.service.js';
import * as sales from './sales.service.js';

export const salesHandlers: HandlersOf<SalesRouteName> = {
  listReceivables: ({ db, principal, query }) => sales.listReceivables(db, principal, query),
  receivablesAging: ({ db, principal, query }) => sales.receivablesAging(db, principal, query),
  getStageProbabilities: ({ db }) => sales.stageProbabilities(db),
  updateStageProbabilities: ({ db, principal, body, actor }) => sales.updateStageProbabilities(db, principal, body, actor),
  listOpportunities: ({ db, principal, query }) => sales.listOpportunities(db, principal, query),
  createOpportunity: ({ db, principal, body, actor }) => sales.createOpportunity(db, principal, body, actor),
  getOpportunity: ({ db, principal, params }) => sales.getOpportunity(db, principal, params.id),
  updateOpportunity: ({ db, principal, params, body, actor }) => sales.updateOpportunity(db, principal, params.id, body, actor),
  listContracts: ({ db, principal, query }) => sales.listContracts(db, principal, query),
  createContract: ({ db, principal, body, actor }) => sales.createContract(db, principal, body, actor),
  getContract: ({ db, principal, params }) => sales.getContract(db, principal, params.id),
  updateContractChecklist: ({ db, principal, params, body, actor }) => sales.updateChecklist(db, principal, params.id, body, actor),
  createContractWaiver: ({ db, principal, params, body, actor }) => sales.createWaiver(db, principal, params.id, body, actor),
  signContract: ({ db, principal, params, body, actor }) => sales.signContract(db, principal, params.id, body, actor),
  createContractDelivery: ({ db, principal, params, body, actor }) => sales.createDelivery(db, principal, params.id, body, actor),
  listContractTemplates: ({ db, query }) => templates.listContractTemplates(db, query),
  createContractTemplate: ({ db, principal, body, actor }) => templates.createContractTemplate(db, principal, body, actor),
  getContractTemplate: ({ db, params }) => templates.getContractTemplate(db, params.id),
  createContractTemplateVersion: ({ db, principal, params, body, actor }) => templates.createContractTemplateVersion(db, principal, params.id, body, actor),
  updateContractTemplate: ({ db, principal, params, body, actor }) => templates.updateContractTemplate(db, principal, params.id, body, actor),
};
