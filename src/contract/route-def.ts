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
  /** `file` for streamed downloads. */
  response: { status: 200 | 201 | 204; schema: z.ZodType | 'file' };
};

export const def = <T extends RouteDef>(r: T) => r;
