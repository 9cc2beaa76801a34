/** Service-request routes: parse → call → shape. Access decisions live in the services' policy calls. */
import type { serviceRequestRoutes } from '../../../contract/service-requests.routes.js';
import type { HandlersOf } from '../../http/handler.js';
import * as query from './service-requests.query.js';
import * as service from './service-requests.service.js';

export const serviceRequestHandlers: HandlersOf<keyof typeof serviceRequestRoutes> = {
  listServiceRequests: ({ db, principal, query: q }) => query.listServiceRequests(db, principal, q),
  exportServiceRequests: ({ db, principal, query: q, actor }) => query.exportServiceRequests(db, principal, q, actor),
  serviceRequestStatistics: ({ db, principal, query: q }) => query.serviceRequestStatistics(db, principal, q),
  getServiceSla: ({ db }) => service.getSlaTable(db),
  updateServiceSla: ({ db, body, actor }) => service.setSlaTable(db, body, actor),
  getServiceRouting: ({ db }) => service.getRouting(db),
  updateServiceRouting: ({ db, principal, body, actor }) => service.setRouting(db, principal, body.rules, actor),
  createServiceRequest: ({ db, principal, body, actor }) => service.createServiceRequest(db, principal, body, actor),
  getServiceRequest: ({ db, principal, params }) => service.getServiceRequest(db, principal, params.id),
  transitionServiceRequest: ({ db, principal, params, body, actor }) => service.transitionServiceRequest(db, principal, params.id, body, actor),
  addServiceNote: ({ db, principal, params, body, actor }) => service.addNote(db, principal, params.id, body, actor),
  escalateServiceRequest: ({ db, principal, params, body, actor }) => service.escalateServiceRequest(db, principal, params.id, body, actor),
};
