/**
 * Builds the Fastify app without listening (tests use it): security plugins, the routes of
 * the contract with their auth checks, problem+json errors, OpenAPI, metrics, the web client.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { routes, type RouteDef, type RouteName } from '../contract/routes.js';
import type { Config } from './config.js';
import type { Database } from './db/connect.js';
import { pendingMigrations } from './db/migrate.js';
import { AppError, dbProblemOf, problemOf } from './http/errors.js';
import type { Handlers } from './http/handler.js';
import { fastSerializerCompiler } from './http/fast-serializer.js';
import { createMetrics, metricsAllowed } from './http/metrics.js';
import { completeOpenApi } from './http/openapi.js';
import { postgresRateLimitStore } from './http/rate-limit-store.js';
import { sameOriginWrite } from './http/security.js';
import { replacementPaths } from './http/text-rules.js';
import { RequestValidationError } from './http/validation.js';
import { zodValidatorCompiler } from './http/validation.js';
import { hasPermission, scopeAllows } from './modules/access/access.rules.js';
import { approvalHandlers } from './modules/approvals/approvals.routes.js';
import { borrowingHandlers } from './modules/borrowing/borrowing.routes.js';
import { formHandlers } from './modules/forms/forms.routes.js';
import { bulkActionHandlers } from './modules/bulk-actions/bulk-actions.routes.js';
import { evaluationHandlers } from './modules/evaluation/evaluation.routes.js';
import { complaintHandlers } from './modules/complaints/complaints.routes.js';
import './modules/complaints/complaints.purge.js'; // SEC-9: what destruction purges of complaints
import './modules/sales/sales.purge.js'; // SEC-9: … of opportunities and contracts
import { rewardHandlers } from './modules/rewards/rewards.routes.js';
import { surveyHandlers } from './modules/surveys/surveys.routes.js';
import { serviceRequestHandlers } from './modules/service-requests/service-requests.routes.js';
import { exportHandlers } from './modules/exports/exports.routes.js';
import { importHandlers } from './modules/imports/imports.routes.js';
import { archiveReviewHandlers, lifecycleHandlers } from './modules/lifecycle/lifecycle.routes.js';
import { privacyHandlers } from './modules/privacy/privacy.routes.js';
import { auditHandlers } from './modules/audit/audit.routes.js';
import { createRefusalRecorder, type RefusalRecorder } from './modules/audit/audit.refusals.js';
import { refusalOutcome } from './modules/audit/audit.refusals.rules.js';
import { customerDataRoutes } from './modules/access/customer-data-routes.js';
import { authHandlers, SESSION_COOKIE } from './modules/auth/auth.routes.js';
import { authenticate } from './modules/auth/auth.service.js';
import { hasKeyring, loadKeyring, useKeyring } from './modules/privacy/keyring.js';
import type { Principal } from './modules/auth/principal.js';
import { startPrincipalCache } from './modules/auth/principal-cache.js';
import { customerHandlers } from './modules/customers/customers.routes.js';
import { documentHandlers } from './modules/documents/documents.routes.js';
import { selfServiceHandlers } from './modules/self-service/self-service.routes.js';
import { taskHandlers } from './modules/tasks/tasks.routes.js';
import { salesHandlers } from './modules/sales/sales.routes.js';
import { boardHandlers } from './modules/boards/boards.routes.js';
import { careHandlers } from './modules/care/care.routes.js';
import { targetHandlers } from './modules/targets/targets.routes.js';
import { trainingHandlers } from './modules/training/training.routes.js';
import { analyticsHandlers, archiveRegisterHandlers } from './modules/analytics/analytics.routes.js';
import { searchHandlers } from './modules/search/search.routes.js';
import { previewHandlers } from './modules/documents/documents.preview.js';
import { digestHandlers, ownerHandlers, relationHandlers, revisitHandlers } from './modules/relations/relations.routes.js';
import { userHandlers } from './modules/users/users.routes.js';

const noQuery = z.strictObject({});
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export const handlers: Handlers = {
  ...authHandlers,
  ...userHandlers,
  ...auditHandlers,
  ...customerHandlers,
  ...documentHandlers,
  ...taskHandlers,
  ...selfServiceHandlers,
  ...approvalHandlers,
  ...borrowingHandlers,
  ...formHandlers,
  ...bulkActionHandlers,
  ...importHandlers,
  ...exportHandlers,
  ...lifecycleHandlers,
  ...archiveReviewHandlers,
  ...privacyHandlers,
  ...evaluationHandlers,
  ...salesHandlers,
  ...boardHandlers,
  ...careHandlers,
  ...targetHandlers,
  ...trainingHandlers,
  ...analyticsHandlers,
  ...archiveRegisterHandlers,
  ...searchHandlers,
  ...previewHandlers,
  ...relationHandlers,
  ...ownerHandlers,
  ...revisitHandlers,
  ...digestHandlers,
  ...complaintHandlers,
  ...rewardHandlers,
  ...surveyHandlers,
  ...serviceRequestHandlers,
};

/** The hottest routes (PLT-7): answered through fast-json-stringify instead of zod's serializer (http/fast-serializer.ts). */
const fastSerialized = new Set<RouteName>(['listCustomers', 'getCustomer', 'createCustomer', 'updateCustomer']);

/** Routes a user who must change the password may still call. */
const allowedBeforePasswordChange = new Set<RouteName>(['me', 'logout', 'changePassword', 'getPasswordPolicy']);

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The problem code this request was answered with (for the audit of refusals, SEC-10). */
    problemCode: string | null;
  }
}

/** The User-Agent header as the audit trail keeps it (SEC-10). */
const userAgentOf = (req: FastifyRequest): string | null => {
  const ua = req.headers['user-agent'];
  return typeof ua === 'string' && ua.length > 0 ? ua.slice(0, 300) : null;
};

export type AppOptions = { config: Config; database: Database; webDir?: string };

function tokenOf(req: FastifyRequest): { token: string; cookie: boolean } | null {
  const h = req.headers.authorization;
  if (typeof h === 'string' && /^Bearer /i.test(h)) return { token: h.slice(7).trim(), cookie: false };
  const c = req.cookies?.[SESSION_COOKIE];
  return c ? { token: c, cookie: true } : null;
}

function toProblemError(err: FastifyError | Error): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof RequestValidationError) return new AppError('validation_failed', err.message, { errors: err.errors });
  const e = err as FastifyError & { code?: string };
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is larger than allowed.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send JSON (Content-Type: application/json).');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('malformed_request', 'The request body is not valid JSON.');
  }
  const fromDb = dbProblemOf(err);
  if (fromDb) return fromDb;
  if (e.statusCode === 429) return new AppError('rate_limited', 'Too many requests; try again later.');
  if (e.statusCode === 413) return new AppError('payload_too_large', 'The request is larger than allowed.');
  if (e.statusCode === 415) return new AppError('unsupported_media_type', 'Unsupported content type.');
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) return new AppError('malformed_request', 'The request could not be read.');
  return new AppError('internal', 'Something went wrong on our side; the error was logged.');
}

export async function buildApp({ config, database, webDir }: AppOptions): Promise<FastifyInstance> {
  // personal data is sealed and opened with the keyring of this process (SEC-12)
  if (!hasKeyring()) useKeyring(loadKeyring(config));
  const { db } = database;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: (err, _req, reply) => {
      const problem = problemOf(new AppError('malformed_request', `The request URL could not be read (${err.code}).`));
      void (reply as unknown as FastifyReply).status(400).type('application/problem+json').send(JSON.stringify(problem));
    },
  });
  app.decorateRequest('principal', null);
  app.decorateRequest('problemCode', null);
  // SEC-10: refused operations are audited after their answer went out, flood-bounded
  const refusals = createRefusalRecorder(db, (m) => app.log.warn(m));
  app.addHook('onClose', async () => refusals.close());
  // JSON bodies must be valid UTF-8 (SEC-11): a lossy decoding would store U+FFFD in place of what
  // was sent, so a broken byte sequence is refused, naming the fields it sits in.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, raw, done) => {
    const bytes = raw as Buffer;
    let text: string | null = null;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      text = null;
    }
    if (text !== null) parseJson(req, text, done);
    else {
      let paths: string[] = [];
      try {
        paths = replacementPaths(JSON.parse(bytes.toString('utf8')));
      } catch {
        // not JSON either: the body as a whole is named
      }
      const errors = (paths.length ? paths : ['body']).map((path) => ({ path, message: 'is not valid UTF-8 text', code: 'invalid_utf8' as const }));
      done(new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors }), undefined);
    }
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const metrics = createMetrics(database.pool);
  startPrincipalCache(database.db); // PLT-7: the signed-in caller is not re-read on every request

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: config.production,
  });
  await app.register(cookie);
  // counters in PostgreSQL: every instance on the database shares one allowance (issue 12)
  await app.register(rateLimit, { global: false, store: postgresRateLimitStore(database.pool) as never });
  // Uploads are streamed part by part (routes with `multipart`); these limits stop a hostile form early.
  await app.register(multipart, {
    limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 20, fieldSize: 4096, fieldNameSize: 64, parts: 22, headerPairs: 50 },
    throwFileSizeLimit: true,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Kedang (客档) API', version: '1', description: 'Customer archive management. Errors are application/problem+json (RFC 9457); lists are `{ items, nextCursor }` with `limit` ≤ 200.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    // the problem responses, servers and server-wide text rules the generated document lacks (issue 11 item 18)
    transformObject: (documentObject) => completeOpenApi((documentObject as { openapiObject: object }).openapiObject, routes),
    transform: (input) => {
      // a multipart route documents its text fields and the file part as the request body
      const upload = (input.schema as { 'x-multipart'?: z.ZodObject } | undefined)?.['x-multipart'];
      if (!upload) return jsonSchemaTransform(input);
      const { 'x-multipart': _u, ...schema } = input.schema as Record<string, unknown>;
      const out = jsonSchemaTransform({ ...input, schema: schema as typeof input.schema });
      const fields = z.toJSONSchema(upload, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
      (out.schema as Record<string, unknown>).body = {
        type: 'object',
        required: ['file', ...(fields.required ?? [])],
        properties: { file: { type: 'string', format: 'binary', description: 'The file (one part)' }, ...fields.properties },
      };
      return out;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.observe(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const appErr = toProblemError(err);
    const problem = problemOf(appErr);
    req.problemCode = appErr.code;
    if (problem.status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: appErr.code, detail: appErr.message }, 'request refused');
    return reply.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  });

  const html = webDir && existsSync(path.join(webDir, 'index.html')) ? webDir : null;
  // wildcard: files are looked up per request, so a rebuilt client is served without a restart
  if (html) {
    await app.register(fastifyStatic, {
      root: html,
      wildcard: true,
      index: ['index.html'],
      cacheControl: false, // set below
      // hashed bundles never change; index.html must be revalidated so a new build is picked up
      setHeaders: (res, file) => res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (html && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.type('text/html').sendFile('index.html');
    const problem = problemOf(new AppError('not_found', `No route ${req.method} ${req.url.split('?')[0]}.`));
    return reply.status(404).type('application/problem+json').send(JSON.stringify(problem));
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      const pending = await pendingMigrations({ query: async (q) => (await sql.raw(q).execute(db)) as { rows: { version: number }[] } });
      if (pending > 0) return reply.status(503).send({ status: 'migrations pending', pending });
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'database unreachable' });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!metricsAllowed(config.metricsToken, req.headers.authorization)) return reply.status(401).header('www-authenticate', 'Bearer').type('text/plain').send('metrics need the token (KEDANG_METRICS_TOKEN)\n');
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const [name, route] of Object.entries(routes) as [RouteName, RouteDef][]) registerRoute(app, name, route, { config, database, refusals });
  return app;
}

function registerRoute(app: FastifyInstance, name: RouteName, route: RouteDef, { config, database, refusals }: Omit<AppOptions, 'webDir'> & { refusals: RefusalRecorder }) {
  const handler = handlers[name] as (ctx: unknown) => Promise<unknown>;
  const kind = customerDataRoutes[name].kind;
  const customerRecord = kind === 'archive' || kind === 'record';
  const entityType = route.path.startsWith('/api/v1/customers/:id') ? 'customer' : route.tag;
  const responseSchema = route.response.schema === 'file' || route.response.schema === 'html' ? undefined : { [route.response.status]: route.response.schema };
  app.route({
    method: route.method,
    url: route.path,
    config: name === 'login' ? { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } } : route.rateLimit ? { rateLimit: route.rateLimit } : {},
    ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
    ...(fastSerialized.has(name) ? { serializerCompiler: fastSerializerCompiler } : {}),
    schema: {
      operationId: name,
      summary: route.summary,
      description: route.description,
      tags: [route.tag],
      ...(route.auth === 'public' ? { security: [] } : { security: [{ bearer: [] }, { cookie: [] }] }),
      ...(route.params ? { params: route.params } : {}),
      // No query declared means none accepted: unknown parameters are refused like unknown fields.
      querystring: route.query ?? noQuery,
      ...(route.body ? { body: route.body } : {}),
      ...(route.multipart ? { consumes: ['multipart/form-data'], 'x-multipart': route.multipart } : {}),
      ...(responseSchema ? { response: responseSchema } : {}),
    },
    preValidation: async (req) => {
      if (route.multipart ? !req.isMultipart() : req.isMultipart()) {
        throw new AppError('unsupported_media_type', route.multipart ? 'Send multipart/form-data with one file part.' : 'Send JSON (Content-Type: application/json).');
      }
      const emptyObject = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) && Object.keys(req.body).length === 0;
      if (!route.body && req.body !== undefined && !emptyObject) {
        throw new AppError('validation_failed', 'body: this endpoint takes no body', { errors: [{ path: 'body', message: 'this endpoint takes no body' }] });
      }
    },
    // Authentication runs first, on the request line and headers alone (SEC-11): an unauthenticated
    // request is 401 whatever its body, never a 400 that describes the schema to a stranger.
    onRequest: async (req) => {
      if (route.auth === 'public') return;
      const t = tokenOf(req);
      const principal = t ? await authenticate(database.db, t.token, t.cookie) : null;
      if (!principal) throw new AppError('not_authenticated', 'Sign in first, or the session has ended.');
      // known from here on, so that a refusal below is audited under the caller's name (SEC-10)
      req.principal = principal;
      if (principal.via.kind === 'pat' && !scopeAllows(principal.via.scopes, req.method)) {
        throw new AppError('forbidden', 'This access token has the read scope only.', { rule: 'SEC-1.token-scope' });
      }
      if (principal.via.kind === 'session' && principal.via.cookie && !sameOriginWrite(req)) {
        throw new AppError('forbidden', 'Cross-origin write refused (send Origin of this site, or use a bearer token).', { rule: 'SEC-11.same-origin' });
      }
      if (principal.mustChangePassword && !allowedBeforePasswordChange.has(name)) {
        throw new AppError('forbidden', 'Change your password before doing anything else.', { rule: 'SEC-1.password-change-required' });
      }
      if (route.auth !== 'signedIn' && !hasPermission(principal.roles, route.auth)) {
        throw new AppError('forbidden', `This needs the permission ${route.auth}.`, { rule: 'SEC-2.permission' });
      }
    },
    // SEC-10: a refused operation is audited with its outcome, after the answer (audit.refusals.rules.ts)
    onResponse: async (req, reply) => {
      if (reply.statusCode < 400) return;
      const outcome = refusalOutcome({ method: req.method, status: reply.statusCode, signedIn: req.principal !== null, customerRecord });
      if (!outcome) return;
      const id = (req.params as { id?: unknown } | undefined)?.id;
      refusals.record({
        actor: { userId: req.principal?.userId ?? null, ip: req.ip, requestId: req.id, userAgent: userAgentOf(req) },
        outcome, operation: name, method: req.method, status: reply.statusCode, code: req.problemCode,
        entityType, entityId: typeof id === 'string' && id.length <= 64 ? id : null,
      });
    },
    handler: async (req, reply) => {
      const result = await handler({
        params: req.params,
        query: req.query,
        body: req.body,
        principal: req.principal,
        actor: { userId: req.principal?.userId ?? null, ip: req.ip, requestId: req.id, userAgent: userAgentOf(req) },
        db: database.db,
        config,
        req,
        reply,
      });
      if (route.response.schema === 'file') {
        const f = result as { file: NodeJS.ReadableStream; filename: string; contentType: string; size?: number; disposition?: 'attachment' | 'inline' };
        // the plain filename is an ASCII fallback (a header cannot carry other characters); filename* has the real one
        const ascii = f.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
        reply.header('content-disposition', `${f.disposition ?? 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
        if (f.size !== undefined) reply.header('content-length', f.size);
        reply.type(f.contentType);
        return reply.send(f.file);
      }
      if (route.response.schema === 'html') {
        reply.header('cache-control', 'no-store');
        reply.type('text/html; charset=utf-8');
        return reply.send((result as { html: string }).html);
      }
      reply.status(route.response.status);
      return result;
    },
  });
}
