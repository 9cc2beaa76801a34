/** Routes of the customer self-service form (ARC-14): staff send links and review; the public fills in. */
import { z } from 'zod';
import { idParams, page } from './common.js';
import { def } from './route-def.js';
import {
  createdSelfServiceLinkSchema,
  createSelfServiceLinkBody,
  publicFormSchema,
  publicSubmitBody,
  publicSubmitResultSchema,
  publicTokenParams,
  reviewSubmissionBody,
  selfServiceLinkSchema,
  submissionListQuery,
  submissionSchema,
} from './self-service.js';

export const selfServiceRoutes = {
  createSelfServiceLink: def({
    method: 'POST', path: '/api/v1/customers/:id/self-service-links', tag: 'self-service', auth: 'signedIn',
    summary: 'Create a single-use link to the public form for this customer (default 14 days)',
    description: 'The token is shown once; only its SHA-256 is stored. The form shows only the listed basic fields.',
    params: idParams, body: createSelfServiceLinkBody, response: { status: 201, schema: createdSelfServiceLinkSchema },
  }),
  listSelfServiceLinks: def({
    method: 'GET', path: '/api/v1/customers/:id/self-service-links', tag: 'self-service', auth: 'signedIn',
    summary: 'Links sent to this customer and their state', params: idParams,
    response: { status: 200, schema: z.object({ items: z.array(selfServiceLinkSchema) }) },
  }),
  revokeSelfServiceLink: def({
    method: 'POST', path: '/api/v1/self-service-links/:id/revoke', tag: 'self-service', auth: 'signedIn',
    summary: 'Revoke an unused link', params: idParams, response: { status: 200, schema: selfServiceLinkSchema },
  }),
  listSubmissions: def({
    method: 'GET', path: '/api/v1/self-service-submissions', tag: 'self-service', auth: 'signedIn',
    summary: 'What customers submitted, newest first (default: pending review)', query: submissionListQuery,
    response: { status: 200, schema: page(submissionSchema) },
  }),
  getSubmission: def({
    method: 'GET', path: '/api/v1/self-service-submissions/:id', tag: 'self-service', auth: 'signedIn',
    summary: 'One submission with the archive’s current values', params: idParams, response: { status: 200, schema: submissionSchema },
  }),
  reviewSubmission: def({
    method: 'POST', path: '/api/v1/self-service-submissions/:id/review', tag: 'self-service', auth: 'signedIn',
    summary: 'Accept or reject each changed field; accepted ones are applied as one versioned change of the archive (ARC-7)',
    params: idParams, body: reviewSubmissionBody, response: { status: 200, schema: submissionSchema },
  }),
  getPublicForm: def({
    method: 'GET', path: '/api/v1/public/forms/:token', tag: 'self-service', auth: 'public',
    summary: 'The public form of a link: the fields it was issued for and their current values',
    description: 'Rate-limited. An unknown token is 404; a used, expired or revoked one 422 with rule ARC-14.used / ARC-14.expired / ARC-14.revoked.',
    params: publicTokenParams, rateLimit: { max: 30, timeWindow: '1 minute' }, response: { status: 200, schema: publicFormSchema },
  }),
  submitPublicForm: def({
    method: 'POST', path: '/api/v1/public/forms/:token', tag: 'self-service', auth: 'public',
    summary: 'Submit the form once: the values arrive as a pending change for review',
    description: 'Rate-limited, body at most 32 KiB, only the link’s fields; the link is used up.',
    params: publicTokenParams, body: publicSubmitBody, bodyLimit: 32 * 1024, rateLimit: { max: 10, timeWindow: '1 minute' },
    response: { status: 201, schema: publicSubmitResultSchema },
  }),
} as const;
