/** Routes of relationship maintenance (spec 04): cadence (REL-2), communications (REL-3), the contact overview (REL-4). */
import { z } from 'zod';
import { idParams, page } from './common.js';
import { def } from './route-def.js';
import {
  cadenceClassParams,
  cadencePolicyList,
  cadencePolicySchema,
  communicationListQuery,
  communicationSchema,
  contactOverviewExportQuery,
  contactOverviewItem,
  contactOverviewQuery,
  createCommunicationBody,
  updateCadencePolicyBody,
  assignByHandBody,
  assignByRuleBody,
  assignmentPreviewSchema,
  assignmentResultSchema,
  claimBody,
  ownerTransferSchema,
  poolCustomerSchema,
  poolQuery,
  portfolioItem,
  portfolioQuery,
} from './relations.js';

export const relationRoutes = {
  listCadencePolicies: def({
    method: 'GET', path: '/api/v1/cadence-policies', tag: 'relations', auth: 'signedIn',
    summary: 'The contact cadence per ABC class (分类管理措施): call and visit at least every … days',
    response: { status: 200, schema: cadencePolicyList },
  }),
  updateCadencePolicy: def({
    method: 'PUT', path: '/api/v1/cadence-policies/:abcClass', tag: 'relations', auth: 'users.manage',
    summary: 'Change a class’s cadence (administrator); every customer of the class is recomputed at once',
    params: cadenceClassParams, body: updateCadencePolicyBody, response: { status: 200, schema: cadencePolicySchema.extend({ recomputed: z.number().int().describe('Customers whose due dates were recomputed') }) },
  }),
  createCommunication: def({
    method: 'POST', path: '/api/v1/communications', tag: 'relations', auth: 'signedIn',
    summary: 'Log a contact with a customer (沟通记录)',
    description: 'Only someone who may change the archive logs on it: 404 when the caller may not see the customer, 403 when they may see but not change it. `occurredAt` in the future → 400. A call or visit moves the customer’s last contact and next due date in the same transaction and completes its open cadence task; `nextStep` becomes a `next_step` task for the logger; a `checkIn` is stamped with the server’s time.',
    body: createCommunicationBody, response: { status: 201, schema: communicationSchema },
  }),
  listCommunications: def({
    method: 'GET', path: '/api/v1/communications', tag: 'relations', auth: 'signedIn',
    summary: 'Communications, newest first, of the customers the caller may see',
    query: communicationListQuery, response: { status: 200, schema: page(communicationSchema) },
  }),
  getCommunication: def({
    method: 'GET', path: '/api/v1/communications/:id', tag: 'relations', auth: 'signedIn',
    summary: 'One communication (seen like its customer)', params: idParams, response: { status: 200, schema: communicationSchema },
  }),
  contactOverview: def({
    method: 'GET', path: '/api/v1/contact-overview', tag: 'relations', auth: 'signedIn',
    summary: 'The contact overview (客户联络一览表): last contacts, next dues and their state, overdue first',
    description: 'Visibility exactly as the customer list. `state` keeps rows where either kind (call or visit) is in that state; due soon = due within 2 days, inclusive.',
    query: contactOverviewQuery, response: { status: 200, schema: page(contactOverviewItem) },
  }),
  exportContactOverview: def({
    method: 'GET', path: '/api/v1/contact-overview/export', tag: 'relations', auth: 'signedIn',
    summary: 'Export the filtered contact overview as xlsx or csv (view-only archives left out)',
    query: contactOverviewExportQuery.extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') }), response: { status: 200, schema: 'file' },
  }),
  printContactOverview: def({
    method: 'GET', path: '/api/v1/contact-overview/print', tag: 'relations', auth: 'signedIn',
    summary: 'The 客户联络一览表 as a print-ready A4 page (at most 500 rows; view-only archives left out)',
    query: contactOverviewExportQuery, response: { status: 200, schema: 'html' },
  }),
  contactOverviewRegions: def({
    method: 'GET', path: '/api/v1/contact-overview/regions', tag: 'relations', auth: 'signedIn',
    summary: 'Due visits (overdue or due soon) grouped by province or city, to plan visits in one area together',
    query: contactOverviewExportQuery.omit({ state: true }).extend({ level: z.enum(['province', 'city']).default('province') }),
    response: { status: 200, schema: z.object({ items: z.array(z.object({ region: z.string().nullable().describe('GB/T 2260 code of the province or city; null: no region'), due: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int() })) }) },
  }),
} as const;

export const ownerRoutes = {
  listOpenPool: def({
    method: 'GET', path: '/api/v1/customer-pool', tag: 'relations', auth: 'signedIn',
    summary: 'The open pool (公海): customers without an owner, for managers (within what they may see)',
    query: poolQuery, response: { status: 200, schema: page(poolCustomerSchema) },
  }),
  claimCustomer: def({
    method: 'POST', path: '/api/v1/customer-pool/:id/claim', tag: 'relations', auth: 'signedIn',
    summary: 'A manager takes an open-pool customer as its owner', params: idParams, body: claimBody, response: { status: 200, schema: assignmentResultSchema },
  }),
  assignOwners: def({
    method: 'POST', path: '/api/v1/owner-assignments', tag: 'relations', auth: 'signedIn',
    summary: 'Assign selected customers to one owner (or release them into the open pool); records who, when and why and moves open tasks',
    description: 'Managers only. A-class and key customers are not changed directly: a protected change (SEC-8) is filed for each and listed in `approvalsRequested`.',
    body: assignByHandBody, response: { status: 200, schema: assignmentResultSchema },
  }),
  previewRuleAssignment: def({
    method: 'POST', path: '/api/v1/owner-assignments/preview', tag: 'relations', auth: 'signedIn',
    summary: 'How many open-pool archives each owner would get by this rule (nothing changes)', body: assignByRuleBody, response: { status: 200, schema: assignmentPreviewSchema },
  }),
  assignByRule: def({
    method: 'POST', path: '/api/v1/owner-assignments/by-rule', tag: 'relations', auth: 'signedIn',
    summary: 'Share the open-pool customers matching a rule (industry, region, size, class) among owners in turn', body: assignByRuleBody, response: { status: 200, schema: assignmentResultSchema },
  }),
  listOwnerTransfers: def({
    method: 'GET', path: '/api/v1/customers/:id/owner-transfers', tag: 'relations', auth: 'signedIn',
    summary: 'A customer’s owner changes: who, when, why, tasks moved', params: idParams, response: { status: 200, schema: z.object({ items: z.array(ownerTransferSchema) }) },
  }),
  ownerPortfolio: def({
    method: 'GET', path: '/api/v1/portfolio', tag: 'relations', auth: 'signedIn',
    summary: 'An owner’s portfolio: grade, class, tier, last contact and next due contact, most urgent first', query: portfolioQuery, response: { status: 200, schema: page(portfolioItem) },
  }),
} as const;
