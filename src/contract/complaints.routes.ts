/** Complaint routes (spec 05): intake, the state machine, lists, statistics, the deadline table and the on-duty rota. */
import { idParams, page } from './common.js';
import {
  complaintExportQuery, complaintListItemSchema, complaintListQuery, complaintSchema, complaintStatisticsSchema, createComplaintBody, customerComplaintSummarySchema,
  deadlineTableSchema, linkCustomerBody, rotaSchema, statisticsPrintQuery, statisticsQuery, transitionBody, updateRotaBody,
} from './complaints.js';
import { def } from './route-def.js';

const visibility = 'Seen by customer service (cs_staff, cs_manager), the gm, the customer\'s owner and — once assigned — the responsible department\'s staff; anyone else gets 404. A customer at a secrecy level the reader may not read shows no name (`customerName` null, `customerHidden` true).';

export const complaintRoutes = {
  listComplaints: def({
    method: 'GET', path: '/api/v1/complaints', tag: 'complaints', auth: 'signedIn',
    summary: 'Complaints, overdue first (then the nearest deadline, then the newest)',
    description: visibility, query: complaintListQuery, response: { status: 200, schema: page(complaintListItemSchema) },
  }),
  exportComplaints: def({
    method: 'GET', path: '/api/v1/complaints/export', tag: 'complaints', auth: 'signedIn',
    summary: 'Export the filtered complaints as xlsx or csv (customer names withheld as on screen)', query: complaintExportQuery, response: { status: 200, schema: 'file' },
  }),
  complaintStatistics: def({
    method: 'GET', path: '/api/v1/complaints/statistics', tag: 'complaints', auth: 'signedIn',
    summary: '客户投诉统计表: counts by channel, department, category, product; handling methods with loss amounts; time to resolve, on-time rate, satisfaction (SVC-9)',
    description: 'Complaints received between `from` and `to` (China dates, inclusive) that the caller may see.', query: statisticsQuery, response: { status: 200, schema: complaintStatisticsSchema },
  }),
  printComplaintStatistics: def({
    method: 'GET', path: '/api/v1/complaints/statistics/print', tag: 'complaints', auth: 'signedIn',
    summary: 'The 客户投诉（月、季、年）分析统计表 as a printable A4 page', query: statisticsPrintQuery, response: { status: 200, schema: 'html' },
  }),
  getDeadlineTable: def({
    method: 'GET', path: '/api/v1/complaints/deadline-table', tag: 'complaints', auth: 'signedIn',
    summary: 'Promised resolution time per severity, in hours (SVC-3; default urgent 24, high 72, normal 168)', response: { status: 200, schema: deadlineTableSchema },
  }),
  updateDeadlineTable: def({
    method: 'PUT', path: '/api/v1/complaints/deadline-table', tag: 'complaints', auth: 'users.manage',
    summary: 'Change the deadline table (administrator); applies to complaints assigned from then on', body: deadlineTableSchema, response: { status: 200, schema: deadlineTableSchema },
  }),
  getComplaintRota: def({
    method: 'GET', path: '/api/v1/complaints/rota', tag: 'complaints', auth: 'signedIn',
    summary: 'The on-duty rota (轮班): who receives complaints at each hour of the week, the gaps, and who is on duty now', response: { status: 200, schema: rotaSchema },
  }),
  updateComplaintRota: def({
    method: 'PUT', path: '/api/v1/complaints/rota', tag: 'complaints', auth: 'signedIn',
    summary: 'Replace the rota (customer-service manager); entries name customer-service staff', body: updateRotaBody, response: { status: 200, schema: rotaSchema },
  }),
  createComplaint: def({
    method: 'POST', path: '/api/v1/complaints', tag: 'complaints', auth: 'signedIn',
    summary: 'Record a complaint (客户投诉记录单)',
    description: 'Assigns the next gap-free number `TS-YYYY-NNNNNN` and routes it to the person on duty. Customer service, or the customer\'s owner, record complaints; `customerId` must be an archive the caller can see.',
    body: createComplaintBody, response: { status: 201, schema: complaintSchema },
  }),
  getComplaint: def({
    method: 'GET', path: '/api/v1/complaints/:id', tag: 'complaints', auth: 'signedIn',
    summary: 'One complaint with its history of transitions', description: visibility, params: idParams, response: { status: 200, schema: complaintSchema },
  }),
  transitionComplaint: def({
    method: 'POST', path: '/api/v1/complaints/:id/transitions', tag: 'complaints', auth: 'signedIn',
    summary: 'Move a complaint one step (SVC-2)',
    description: 'received → analysing; analysing → explained {explanation} → closed; analysing → assigned {responsibleDepartmentId, severity}; assigned → investigating {cause} (the responsible department); investigating → plan_proposed {plan} (files an approval for cs_manager; approving → plan_approved, rejecting → investigating); plan_approved → implementing; implementing → resolved {resolution, customerSignOff}; resolved → followed_up {satisfaction 1–5, comments}; followed_up → closed; closed → reopened {comment} within 30 days (lands in investigating). Not allowed by the machine → 409; the caller\'s role may not → 403; a missing field → 400 naming it. Of two simultaneous steps from one state one applies, the other answers 409.',
    params: idParams, body: transitionBody, response: { status: 200, schema: complaintSchema },
  }),
  linkComplaintCustomer: def({
    method: 'POST', path: '/api/v1/complaints/:id/link-customer', tag: 'complaints', auth: 'signedIn',
    summary: 'Link a complaint from someone not yet filed to their archive (customer service)', params: idParams, body: linkCustomerBody, response: { status: 200, schema: complaintSchema },
  }),
  printComplaint: def({
    method: 'GET', path: '/api/v1/complaints/:id/print', tag: 'complaints', auth: 'signedIn',
    summary: '客户投诉记录单 and 客户投诉处理单 as a printable A4 page', params: idParams, response: { status: 200, schema: 'html' },
  }),
  customerComplaints: def({
    method: 'GET', path: '/api/v1/customers/:id/complaints', tag: 'complaints', auth: 'signedIn',
    summary: 'On the archive (SVC-7): complaints of the last 12 months and the unresolved ones', params: idParams, response: { status: 200, schema: customerComplaintSummarySchema },
  }),
} as const;
