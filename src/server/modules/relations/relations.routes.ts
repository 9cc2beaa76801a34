/** Relationship maintenance (spec 04): parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import * as cadence from './cadence.service.js';
import * as communications from './communications.service.js';
import * as exports from './contact-overview.export.js';
import * as overview from './contact-overview.service.js';
import * as checkIns from './check-ins.service.js';
import * as digest from './digest.service.js';
import * as owners from './owners.service.js';
import * as revisitPrint from './revisits.print.js';
import * as revisits from './revisits.service.js';

export const relationHandlers: HandlersOf<
  'listCadencePolicies' | 'updateCadencePolicy' | 'createCommunication' | 'listCommunications' | 'getCommunication' | 'contactOverview' | 'exportContactOverview' | 'printContactOverview' | 'contactOverviewRegions'
> = {
  listCadencePolicies: ({ db }) => cadence.listCadencePolicies(db),
  updateCadencePolicy: ({ db, params, body, actor }) => cadence.updateCadencePolicy(db, params.abcClass, body, actor),
  createCommunication: ({ db, principal, body, actor }) => communications.logCommunication(db, principal, body, actor),
  listCommunications: ({ db, principal, query }) => communications.listCommunications(db, principal, query),
  getCommunication: ({ db, principal, params }) => communications.getCommunication(db, principal, params.id),
  contactOverview: ({ db, principal, query }) => overview.contactOverview(db, principal, query),
  exportContactOverview: ({ db, principal, query, actor }) => exports.exportContactOverview(db, principal, query, actor),
  printContactOverview: ({ db, principal, query, actor }) => exports.printContactOverview(db, principal, query, actor),
  contactOverviewRegions: ({ db, principal, query }) => overview.dueVisitsByRegion(db, principal, query),
};

export const ownerHandlers: HandlersOf<'listOpenPool' | 'claimCustomer' | 'assignOwners' | 'previewRuleAssignment' | 'assignByRule' | 'listOwnerTransfers' | 'ownerPortfolio'> = {
  listOpenPool: ({ db, principal, query }) => owners.listOpenPool(db, principal, query),
  claimCustomer: ({ db, principal, params, body, actor }) => owners.claimCustomer(db, principal, params.id, body, actor),
  assignOwners: ({ db, principal, body, actor }) => owners.assignOwners(db, principal, body, actor),
  previewRuleAssignment: ({ db, principal, body }) => owners.previewRuleAssignment(db, principal, body),
  assignByRule: ({ db, principal, body, actor }) => owners.assignByRule(db, principal, body, actor),
  listOwnerTransfers: ({ db, principal, params }) => owners.listOwnerTransfers(db, principal, params.id),
  ownerPortfolio: ({ db, principal, query }) => owners.ownerPortfolio(db, principal, query),
};

export const revisitHandlers: HandlersOf<'createRevisitReport' | 'listRevisitReports' | 'exportRevisitReports' | 'getRevisitReport' | 'printRevisitReport' | 'planRevisits' | 'listCheckIns'> = {
  listCheckIns: ({ db, principal, query }) => checkIns.listCheckIns(db, principal, query),
  createRevisitReport: ({ db, principal, body, actor }) => revisits.createRevisitReport(db, principal, body, actor),
  listRevisitReports: ({ db, principal, query }) => revisits.listRevisitReports(db, principal, query),
  exportRevisitReports: ({ db, principal, query, actor }) => revisitPrint.exportRevisitReports(db, principal, query, actor),
  getRevisitReport: ({ db, principal, params }) => revisits.getRevisitReport(db, principal, params.id),
  printRevisitReport: ({ db, principal, params, actor }) => revisitPrint.printRevisitReport(db, principal, params.id, actor),
  planRevisits: ({ db, principal, body, actor }) => revisits.planRevisits(db, principal, body, actor),
};

export const digestHandlers: HandlersOf<'getMailSettings' | 'updateMailSettings' | 'getMyDigest' | 'updateMyDigest'> = {
  getMailSettings: ({ db, config }) => digest.getMailSettings(db, config.smtpUrl),
  updateMailSettings: ({ db, body, actor, config }) => digest.updateMailSettings(db, body, actor, config.smtpUrl),
  getMyDigest: ({ db, principal }) => digest.getMyDigest(db, principal),
  updateMyDigest: ({ db, principal, body, actor }) => digest.updateMyDigest(db, principal, body, actor),
};
