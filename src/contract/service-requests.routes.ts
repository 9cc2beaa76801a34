/** Service-request routes (SVC-10): intake, queue by routing rules, SLA timers, conversation notes, statistics, escalation into a complaint. */
import { idParams, page } from './common.js';
import { complaintSchema } from './complaints.js';
import {
  createServiceRequestBody, escalateBody, routingRulesSchema, serviceNoteBody, serviceRequestExportQuery, serviceRequestListItemSchema, serviceRequestListQuery,
  serviceRequestSchema, serviceStatisticsQuery, serviceStatisticsSchema, serviceTransitionBody, slaTableSchema,
} from './service-requests.js';
import { def } from './route-def.js';

const visibility = 'Seen by customer service (cs_staff, cs_manager), the gm, the customer\'s owner, the staff of the team (department) whose queue holds it, and its assignee; anyone else gets 404. A customer at a secrecy level the reader may not read shows no name (`customerName` null, `customerHidden` true).';

export const serviceRequestRoutes = {
  listServiceRequests: def({
    method: 'GET', path: '/api/v1/service-requests', tag: 'service-requests', auth: 'signedIn',
    summary: 'Service requests, overdue (past an SLA deadline) first, then the newest', description: visibility,
    query: serviceRequestListQuery, response: { status: 200, schema: page(serviceRequestListItemSchema) },
  }),
  exportServiceRequests: def({
    method: 'GET', path: '/api/v1/service-requests/export', tag: 'service-requests', auth: 'signedIn',
    summary: 'Export the filtered service requests as xlsx or csv (customer names withheld as on screen)', query: serviceRequestExportQuery, response: { status: 200, schema: 'file' },
  }),
  serviceRequestStatistics: def({
    method: 'GET', path: '/api/v1/service-requests/statistics', tag: 'service-requests', auth: 'signedIn',
    summary: 'Counts by category, urgency, status, channel and team; time to first response and to resolve; SLA on-time rates', description: 'Requests received between `from` and `to` (China dates, inclusive) that the caller may see.',
    query: serviceStatisticsQuery, response: { status: 200, schema: serviceStatisticsSchema },
  }),
  getServiceSla: def({
    method: 'GET', path: '/api/v1/service-requests/sla', tag: 'service-requests', auth: 'signedIn',
    summary: 'SLA hours per urgency: first response and resolution (default urgent 1/8, high 4/24, normal 8/72)', response: { status: 200, schema: slaTableSchema },
  }),
  updateServiceSla: def({
    method: 'PUT', path: '/api/v1/service-requests/sla', tag: 'service-requests', auth: 'users.manage',
    summary: 'Change the SLA table (administrator); applies to requests received from then on', body: slaTableSchema, response: { status: 200, schema: slaTableSchema },
  }),
  getServiceRouting: def({
    method: 'GET', path: '/api/v1/service-requests/routing', tag: 'service-requests', auth: 'signedIn',
    summary: 'Routing rules: category → team (department)', response: { status: 200, schema: routingRulesSchema },
  }),
  updateServiceRouting: def({
    method: 'PUT', path: '/api/v1/service-requests/routing', tag: 'service-requests', auth: 'signedIn',
    summary: 'Replace the routing rules (customer-service manager or gm); each category at most once, each department active', body: routingRulesSchema, response: { status: 200, schema: routingRulesSchema },
  }),
  createServiceRequest: def({
    method: 'POST', path: '/api/v1/service-requests', tag: 'service-requests', auth: 'signedIn',
    summary: 'Record a service request (客服问题记录)',
    description: 'Assigns the next gap-free number `FW-YYYY-NNNNNN`, routes it to its team\'s queue (category → team), sets the SLA deadlines from its urgency and gives the team a task. Customer service, or the customer\'s owner, record requests; a `customerId` the caller may not see → 404.',
    body: createServiceRequestBody, response: { status: 201, schema: serviceRequestSchema },
  }),
  getServiceRequest: def({
    method: 'GET', path: '/api/v1/service-requests/:id', tag: 'service-requests', auth: 'signedIn',
    summary: 'One service request with its transitions and conversation notes', description: visibility, params: idParams, response: { status: 200, schema: serviceRequestSchema },
  }),
  transitionServiceRequest: def({
    method: 'POST', path: '/api/v1/service-requests/:id/transitions', tag: 'service-requests', auth: 'signedIn',
    summary: 'Change a request\'s status',
    description: 'open → in_progress (the first response; the caller becomes the assignee if none) | resolved {resolution}; in_progress ⇄ waiting_customer; in_progress | waiting_customer → resolved {resolution}; resolved → closed | in_progress {comment}. Not allowed → 409 (escalated only through /escalate); the caller may not → 403 (customer service, the team\'s staff, the assignee); a missing field → 400 naming it; two simultaneous changes from one status: one applies, the other 409.',
    params: idParams, body: serviceTransitionBody, response: { status: 200, schema: serviceRequestSchema },
  }),
  addServiceNote: def({
    method: 'POST', path: '/api/v1/service-requests/:id/notes', tag: 'service-requests', auth: 'signedIn',
    summary: 'Add a conversation note; the first `reply` to the customer is the first response', params: idParams, body: serviceNoteBody, response: { status: 201, schema: serviceRequestSchema },
  }),
  escalateServiceRequest: def({
    method: 'POST', path: '/api/v1/service-requests/:id/escalate', tag: 'service-requests', auth: 'signedIn',
    summary: 'Escalate a request into a complaint (customer service); answers the new complaint',
    description: 'The complaint keeps the request\'s customer, contact, channel, received time and handler, names the request (`serviceRequestId`; its reason defaults to the request\'s subject and description); the request becomes `escalated` (its notes and transitions stay readable) and names the complaint (`complaintId`). A closed or already escalated request → 409.',
    params: idParams, body: escalateBody, response: { status: 201, schema: complaintSchema },
  }),
} as const;
