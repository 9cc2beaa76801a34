/**
 * What one route declaration holds. Route groups of later modules (`<module>.routes.ts` in this
 * folder) are declared with `def` and spread into the table in routes.ts.
 */
import type { z } from 'zod';
import type { Permission } from './roles.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** `public`: no sign-in; `signedIn`: any signed-in user; otherwise the permission needed. */
export type RouteAuth = 'public' | 'signedIn' | Permission;

export type RouteDef = {
  method: HttpMethod;
  /** Fastify path syntax (`/api/v1/users/:id`). */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  auth: RouteAuth;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /**
   * A multipart/form-data upload instead of a JSON body: one `file` part beside these text fields.
   * The handler streams the file (never buffered whole) and validates the fields with this schema.
   */
  multipart?: z.ZodObject;
  /** Largest request body in bytes, when it must be smaller than the default 1 MiB (public forms). */
  bodyLimit?: number;
  /** Requests per client address, for routes open to the public (SEC-11). */
  rateLimit?: { max: number; timeWindow: string };
  /** `file` for streamed downloads; `html` for print-ready pages rendered on the server. */
  response: { status: 200 | 201 | 204; schema: z.ZodType | 'file' | 'html' };
};

export const def = <T extends RouteDef>(r: T) => r;
