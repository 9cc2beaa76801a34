/** Customer archives: parse → call → shape. Access decisions live in the services' policy calls. */
import type { HandlersOf } from '../../http/handler.js';
import * as records from './customer-records.service.js';
import * as customFields from './custom-fields.service.js';
import { mergeCustomers } from './customers.merge.js';
import * as customers from './customers.service.js';
import * as shares from './customer-shares.service.js';
import { listRelationshipCards, relatedCompanyLinks } from './relationship-cards.service.js';
import { getArchivePrefix, setArchivePrefix } from '../settings/settings.service.js';

export const customerHandlers: HandlersOf<
  | 'listCustomFields' | 'createCustomField' | 'updateCustomField'
  | 'listCustomers' | 'countCustomers' | 'createCustomer' | 'getCustomer' | 'updateCustomer' | 'mergeCustomer' | 'customerHistory' | 'customerVersion' | 'customerTimeline' | 'customerViewers'
  | 'listContacts' | 'createContact' | 'updateContact' | 'listTransactions' | 'createTransaction' | 'listFeedback' | 'createFeedback'
  | 'listRelationshipCards' | 'customerRelatedCompanies'
  | 'listCustomerShares' | 'createCustomerShare' | 'deleteCustomerShare' | 'createShareInquiry' | 'getArchiveNumbering' | 'updateArchiveNumbering'
> = {
  listCustomFields: async ({ db }) => ({ items: await customFields.listCustomFields(db) }),
  createCustomField: ({ db, body, actor }) => customFields.createCustomField(db, body, actor),
  updateCustomField: ({ db, params, body, actor }) => customFields.updateCustomField(db, params.id, body, actor),
  listCustomers: ({ db, principal, query }) => customers.listCustomers(db, principal, query),
  countCustomers: ({ db, principal, query }) => customers.countCustomers(db, principal, query),
  createCustomer: ({ db, principal, body, actor }) => customers.createCustomer(db, principal, body, actor),
  getCustomer: ({ db, principal, params, actor }) => customers.getCustomer(db, principal, params.id, actor),
  updateCustomer: ({ db, principal, params, body, actor }) => customers.updateCustomer(db, principal, params.id, body, actor),
  mergeCustomer: ({ db, principal, params, body, actor }) => mergeCustomers(db, principal, params.id, body, actor),
  customerHistory: ({ db, principal, params, query }) => records.listHistory(db, principal, params.id, query),
  customerVersion: ({ db, principal, params }) => records.getCustomerVersion(db, principal, params.id, params.version),
  customerViewers: ({ db, principal, params, query }) => records.customerViewers(db, principal, params.id, query),
  customerTimeline: ({ db, principal, params, query }) => records.customerTimeline(db, principal, params.id, query),
  listContacts: ({ db, principal, params, query, actor }) => records.listContacts(db, principal, params.id, actor, query.reveal === 'true'),
  createContact: ({ db, principal, params, body, actor }) => records.createContact(db, principal, params.id, body, actor),
  updateContact: ({ db, principal, params, body, actor }) => records.updateContact(db, principal, params.id, params.contactId, body, actor),
  listTransactions: ({ db, principal, params, query }) => records.listTransactions(db, principal, params.id, query),
  createTransaction: ({ db, principal, params, body, actor }) => records.createTransaction(db, principal, params.id, body, actor),
  listFeedback: ({ db, principal, params }) => records.listFeedback(db, principal, params.id),
  createFeedback: ({ db, principal, params, body, actor }) => records.createFeedback(db, principal, params.id, body, actor),
  listRelationshipCards: ({ db, principal, query }) => listRelationshipCards(db, principal, query),
  customerRelatedCompanies: ({ db, principal, params }) => relatedCompanyLinks(db, principal, params.id),
  listCustomerShares: ({ db, principal, params }) => shares.listShares(db, principal, params.id),
  createCustomerShare: ({ db, principal, params, body, actor }) => shares.createShare(db, principal, params.id, body.userId, actor),
  deleteCustomerShare: ({ db, principal, params, actor }) => shares.deleteShare(db, principal, params.id, params.userId, actor),
  createShareInquiry: ({ db, principal, body, actor }) => shares.inquireShare(db, principal, body, actor),
  getArchiveNumbering: async ({ db }) => ({ prefix: await getArchivePrefix(db) }),
  updateArchiveNumbering: ({ db, body, actor }) => setArchivePrefix(db, body.prefix, actor),
};
