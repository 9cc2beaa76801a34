/**
 * Completes the generated OpenAPI document with what the server does beyond each route's own
 * schemas (issue 11 item 18, PLT-3): the problem responses each operation can give (with the
 * problem schema), a `servers` entry, and the text rules enforced on every request string
 * (http/text-rules.ts) written into the request schemas as patterns, so generated clients and
 * fuzzers see the real contract.
 */
import { z } from 'zod';
import { problemSchema } from '../../contract/errors.js';
import type { RouteDef, RouteName } from '../../contract/routes.js';

/** The server-wide rule of http/text-rules.ts as a JSON-schema pattern: no control characters. */
export const plainTextPattern = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$';
/** A name: no control or text-direction characters, at least one visible character. */
export const namePattern =
  '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f\\u061c]*[^\\s\\u0000-\\u001f\\u007f-\\u00a0\\u00ad\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f\\u061c]*$';

const descriptions: Record<number, string> = {
  400: 'Invalid or unreadable request: `errors` names each bad field (problem+json)',
  401: 'Not signed in, or the session or token has ended',
  403: 'Signed in but not allowed (permission, token scope, same-origin check, password change due)',
  404: 'No such record, or one the caller may not see',
  409: 'Conflict with the stored state: a stale `version`, a duplicate, a record still referred to',
  413: 'The request body or file is larger than allowed',
  415: 'Unsupported content type (JSON, or multipart/form-data for uploads)',
  422: 'A business rule refused the request (`rule` names it)',
  429: 'Too many requests; try again later',
};

/** The problem statuses one operation can answer, from what the route table says of it. */
export function problemStatusesOf(name: RouteName, route: RouteDef): number[] {
  const write = route.method !== 'GET';
  const out = new Set<number>([400]); // every route validates its query (unknown parameters are refused) and path
  if (route.auth !== 'public' || name === 'login') out.add(401);
  if (route.auth !== 'public') out.add(403);
  if (route.params || write || route.auth !== 'public') out.add(404);
  if (write) out.add(409).add(422);
  if (route.body || route.multipart || write) out.add(413).add(415);
  if (route.rateLimit || name === 'login') out.add(429);
  if (route.auth !== 'public') out.add(422); // a rule can refuse a read too (e.g. a lookup that is never allowed)
  return [...out].sort();
}

type Schema = Record<string, unknown>;
/** Adds the server-wide text rules as patterns to every request string that has none. */
function documentTextRules(schema: unknown, key = '', depth = 0): void {
  if (!schema || typeof schema !== 'object' || depth > 40) return;
  const s = schema as Schema;
  if (s['type'] === 'string' && s['pattern'] === undefined && s['enum'] === undefined && s['const'] === undefined && s['format'] === undefined) {
    if (/name$/i.test(key)) s['pattern'] = namePattern;
    else if (!s['allOf']) s['pattern'] = plainTextPattern;
  }
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' && v && typeof v === 'object') for (const [prop, sub] of Object.entries(v as Schema)) documentTextRules(sub, prop, depth + 1);
    else if (Array.isArray(v)) v.forEach((x) => documentTextRules(x, key, depth + 1));
    else if (v && typeof v === 'object') documentTextRules(v, key, depth + 1);
  }
}

const problemJsonSchema = (() => {
  const { $schema: _s, ...rest } = z.toJSONSchema(problemSchema, { io: 'output', unrepresentable: 'any' }) as Schema;
  return { ...rest, description: 'RFC 9457 problem document; `code` is stable (one of the listed codes), `errors` names each bad field, `rule` the business rule' };
})();

type Operation = { operationId?: string; responses?: Record<string, unknown>; parameters?: { in: string; name: string; schema?: unknown }[]; requestBody?: { content?: Record<string, { schema?: unknown }> } };
type Doc = { servers?: unknown[]; components?: { schemas?: Record<string, unknown> }; paths?: Record<string, Record<string, Operation>> };

export function completeOpenApi<D>(doc: D, routes: Record<RouteName, RouteDef>): D {
  const d = doc as Doc;
  d.servers = [{ url: '/', description: 'This Kedang server (paths are absolute: /api/v1/…)' }];
  d.components = { ...d.components, schemas: { ...d.components?.schemas, Problem: problemJsonSchema } };
  for (const ops of Object.values(d.paths ?? {})) {
    for (const op of Object.values(ops)) {
      const name = op.operationId as RouteName | undefined;
      const route = name ? routes[name] : undefined;
      if (!name || !route) continue;
      op.responses ??= {};
      for (const status of problemStatusesOf(name, route)) {
        op.responses[String(status)] ??= { description: descriptions[status], content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
      }
      for (const p of op.parameters ?? []) if (p.in === 'query') documentTextRules(p.schema, p.name);
      for (const media of Object.values(op.requestBody?.content ?? {})) documentTextRules(media.schema);
    }
  }
  return doc;
}
