/** Routes of sales (spec 06): receivables and aging, opportunities, contracts. */
import { z } from 'zod';
import { idParams, page } from './common.js';
import { def } from './route-def.js';
import {
  agingQuery,
  agingSchema,
  contractListQuery,
  contractSchema,
  contractTemplateListQuery,
  contractTemplateSchema,
  createContractBody, createDeliveryBody,
  createContractTemplateBody,
  createTemplateVersionBody,
  updateContractTemplateBody,
  createOpportunityBody,
  createWaiverBody,
  opportunityListQuery,
  opportunitySchema,
  receivableListQuery,
  receivableSchema,
  signContractBody,
  stageProbabilitiesSchema,
  updateChecklistBody,
  updateOpportunityBody,
} from './sales.js';

export const salesRoutes = {
  listReceivables: def({
    method: 'GET', path: '/api/v1/receivables', tag: 'sales', auth: 'signedIn',
    summary: 'Receivables: instalments due and paid, by due date (SAL-1)',
    description: 'Only customers whose financial group the caller may read (SEC-3, SEC-4). `state=overdue`: unpaid, not written off, due before today; oldest first.',
    query: receivableListQuery, response: { status: 200, schema: page(receivableSchema) },
  }),
  receivablesAging: def({
    method: 'GET', path: '/api/v1/receivables/aging', tag: 'sales', auth: 'signedIn',
    summary: 'Aging of unpaid receivables in buckets of days past due (SAL-4)',
    query: agingQuery, response: { status: 200, schema: agingSchema },
  }),
  getStageProbabilities: def({
    method: 'GET', path: '/api/v1/opportunity-stages', tag: 'sales', auth: 'signedIn',
    summary: 'Probability of each opportunity stage, in percent (SAL-2)', response: { status: 200, schema: stageProbabilitiesSchema },
  }),
  updateStageProbabilities: def({
    method: 'PUT', path: '/api/v1/opportunity-stages', tag: 'sales', auth: 'users.manage',
    summary: 'Set the probability of each stage (administrator); applies to stages set from now on',
    body: stageProbabilitiesSchema, response: { status: 200, schema: stageProbabilitiesSchema },
  }),
  listOpportunities: def({
    method: 'GET', path: '/api/v1/opportunities', tag: 'sales', auth: 'signedIn',
    summary: 'Opportunities of the customers the caller may see (SAL-2)', query: opportunityListQuery, response: { status: 200, schema: page(opportunitySchema) },
  }),
  createOpportunity: def({
    method: 'POST', path: '/api/v1/opportunities', tag: 'sales', auth: 'signedIn',
    summary: 'Open an opportunity (销售机会) on a customer the caller may write',
    body: createOpportunityBody, response: { status: 201, schema: opportunitySchema },
  }),
  getOpportunity: def({
    method: 'GET', path: '/api/v1/opportunities/:id', tag: 'sales', auth: 'signedIn',
    summary: 'One opportunity', params: idParams, response: { status: 200, schema: opportunitySchema },
  }),
  updateOpportunity: def({
    method: 'PATCH', path: '/api/v1/opportunities/:id', tag: 'sales', auth: 'signedIn',
    summary: 'Move an opportunity to a stage or change its amount and close date',
    description: '`lost` needs `lostReason` (400 naming it); a stale `version` answers 409.',
    params: idParams, body: updateOpportunityBody, response: { status: 200, schema: opportunitySchema },
  }),
  listContracts: def({
    method: 'GET', path: '/api/v1/contracts', tag: 'sales', auth: 'signedIn',
    summary: 'Contracts of the customers the caller may see (SAL-3)', query: contractListQuery, response: { status: 200, schema: page(contractSchema) },
  }),
  createContract: def({
    method: 'POST', path: '/api/v1/contracts', tag: 'sales', auth: 'signedIn',
    summary: 'Draft a contract (合同) with its lines and instalments; the counterparty checklist starts unchecked',
    body: createContractBody, response: { status: 201, schema: contractSchema },
  }),
  getContract: def({
    method: 'GET', path: '/api/v1/contracts/:id', tag: 'sales', auth: 'signedIn',
    summary: 'One contract with its checklist, waivers, lines and instalments', params: idParams, response: { status: 200, schema: contractSchema },
  }),
  updateContractChecklist: def({
    method: 'PATCH', path: '/api/v1/contracts/:id/checklist', tag: 'sales', auth: 'signedIn',
    summary: 'Tick or untick items of the pre-signing review (签约前审查, seed 003 9.1)',
    params: idParams, body: updateChecklistBody, response: { status: 200, schema: contractSchema },
  }),
  createContractWaiver: def({
    method: 'POST', path: '/api/v1/contracts/:id/waivers', tag: 'sales', auth: 'signedIn',
    summary: 'A manager waives one unchecked item with a reason (audited)',
    description: 'The owner’s department manager, the marketing manager or director, or the general manager.',
    params: idParams, body: createWaiverBody, response: { status: 201, schema: contractSchema },
  }),
  signContract: def({
    method: 'POST', path: '/api/v1/contracts/:id/sign', tag: 'sales', auth: 'signedIn',
    summary: 'Mark the contract signed: it becomes a transaction and its instalments receivables',
    description: '409 naming the unchecked, unwaived items (`details.unchecked`) while any remain.',
    params: idParams, body: signContractBody, response: { status: 200, schema: contractSchema },
  }),
  createContractDelivery: def({
    method: 'POST', path: '/api/v1/contracts/:id/deliveries', tag: 'sales', auth: 'signedIn',
    summary: 'Record a delivery (发货) against a line of a signed contract (SAL-3 履约跟踪); audited',
    description: 'Only for a signed contract, by whoever may update its customer’s financial group. A total beyond the line’s quantity is 422.',
    params: idParams, body: createDeliveryBody, response: { status: 201, schema: contractSchema },
  }),
  listContractTemplates: def({
    method: 'GET', path: '/api/v1/contract-templates', tag: 'sales', auth: 'signedIn',
    summary: 'Contract templates (合同范本, seed 003 9.2) with their versions and legal review state (SAL-3)',
    query: contractTemplateListQuery, response: { status: 200, schema: z.object({ items: z.array(contractTemplateSchema) }) },
  }),
  createContractTemplate: def({
    method: 'POST', path: '/api/v1/contract-templates', tag: 'sales', auth: 'signedIn',
    summary: 'Write a contract template; its first version goes to legal review (an approval of type `contract_template`, decided by the general manager)',
    description: 'Marketing manager or director, office head or general manager (403 otherwise). Every clause SAL-3 names is required. The template is usable once the version is approved; nobody approves their own template (SEC-7: 422 when nobody else could).',
    body: createContractTemplateBody, response: { status: 201, schema: contractTemplateSchema },
  }),
  getContractTemplate: def({
    method: 'GET', path: '/api/v1/contract-templates/:id', tag: 'sales', auth: 'signedIn',
    summary: 'One contract template with every version', params: idParams, response: { status: 200, schema: contractTemplateSchema },
  }),
  createContractTemplateVersion: def({
    method: 'POST', path: '/api/v1/contract-templates/:id/versions', tag: 'sales', auth: 'signedIn',
    summary: 'A new version of the clauses, to legal review; the approved version stays in use until it is approved',
    description: '409 while another version waits for review or on a stale `version`.',
    params: idParams, body: createTemplateVersionBody, response: { status: 201, schema: contractTemplateSchema },
  }),
  updateContractTemplate: def({
    method: 'PATCH', path: '/api/v1/contract-templates/:id', tag: 'sales', auth: 'signedIn',
    summary: 'Disable a template (no new contracts from it) or enable it again',
    params: idParams, body: updateContractTemplateBody, response: { status: 200, schema: contractTemplateSchema },
  }),
} as const;

export type SalesRouteName = keyof typeof salesRoutes;
