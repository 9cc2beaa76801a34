/** Complaint routes: parse → call → shape. Access decisions live in the services' policy calls. */
import type { complaintRoutes } from '../../../contract/complaints.routes.js';
import type { HandlersOf } from '../../http/handler.js';
import * as printing from './complaints.print.js';
import * as query from './complaints.query.js';
import * as rota from './complaints.rota.js';
import * as complaints from './complaints.service.js';

export const complaintHandlers: HandlersOf<keyof typeof complaintRoutes> = {
  listComplaints: ({ db, principal, query: q }) => query.listComplaints(db, principal, q),
  exportComplaints: ({ db, principal, query: q, actor }) => query.exportComplaints(db, principal, q, actor),
  complaintStatistics: ({ db, principal, query: q }) => query.complaintStatistics(db, principal, q),
  printComplaintStatistics: ({ db, principal, query: q, actor }) => printing.printStatistics(db, principal, q, actor),
  getDeadlineTable: ({ db }) => complaints.getDeadlineTable(db),
  updateDeadlineTable: ({ db, body, actor }) => complaints.setDeadlineTable(db, body, actor),
  getComplaintRota: ({ db }) => rota.getRota(db),
  updateComplaintRota: ({ db, principal, body, actor }) => rota.updateRota(db, principal, body.entries, actor),
  createComplaint: ({ db, principal, body, actor }) => complaints.createComplaint(db, principal, body, actor),
  getComplaint: ({ db, principal, params }) => complaints.getComplaint(db, principal, params.id),
  transitionComplaint: ({ db, principal, params, body, actor }) => complaints.transitionComplaint(db, principal, params.id, body, actor),
  linkComplaintCustomer: ({ db, principal, params, body, actor }) => complaints.linkCustomer(db, principal, params.id, body.customerId, actor),
  printComplaint: ({ db, principal, params, actor }) => printing.printComplaint(db, principal, params.id, actor),
  customerComplaints: ({ db, principal, params }) => query.customerComplaints(db, principal, params.id),
};
