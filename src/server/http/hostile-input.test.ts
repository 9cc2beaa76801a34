/**
 * SEC-11 / PLT-8: every route of the route table, fed malformed and hostile input, answers a 4xx
 * problem document and changes no row. New routes are picked up from the table by themselves.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteDef } from '../../contract/routes.js';
import { createTestApp, snapshotTables, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let before: Record<string, string>;
/** Requests sent by this file (PLT-8 asks for at least 10,000), printed at the end. */
const counted = { requests: 0, refused: 0, accepted: 0 };
beforeAll(async () => {
  t = await createTestApp();
  // a second user and a department, so ids 1..3 exist and a mistake would show
  await t.createUser('bystander', ['sales']);
  await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '旁观部门' } });
  before = await snapshotTables(t.database);
});
afterAll(async () => t?.close());

const hostileString = fc.oneof(
  fc.constantFrom(
    "' OR 1=1 --",
    "'; DROP TABLE users; --",
    '<script>alert(1)</script>',
    '../../../../etc/passwd',
    '\u0000',
    '\ud800',
    '${jndi:ldap://x/a}',
    '%00%27',
    '{{7*7}}',
    '=cmd|\' /C calc\'!A0',
    '😀'.repeat(2000),
    'x'.repeat(100_000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const hostileValue = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostileString, { maxLength: 3 }), fc.dictionary(hostileString, hostileString, { maxKeys: 3 }));
const badId = fc.oneof(fc.constantFrom('0x1', '-1', '1.5', '1e3', '99999999999999999999999', 'null', '%20', 'abc', "1'--"), hostileString.filter((s) => s.length > 0 && !/^[0-9]{1,18}$/.test(s)));

type Malformation =
  | { kind: 'unknownBodyField'; key: string; value: unknown; base: Record<string, unknown> }
  | { kind: 'bodyNotObject'; value: unknown }
  | { kind: 'badJsonText'; text: string }
  | { kind: 'deepJson'; depth: number }
  | { kind: 'wrongContentType'; text: string }
  | { kind: 'unknownQuery'; key: string; value: string }
  | { kind: 'badQueryValue'; value: string }
  | { kind: 'badId'; id: string };

function malformationsFor(route: RouteDef): fc.Arbitrary<Malformation> {
  const takesBody = route.method !== 'GET' && route.method !== 'DELETE';
  const options: fc.Arbitrary<Malformation>[] = [
    fc.record({ kind: fc.constant('unknownQuery' as const), key: fc.constantFrom('proto_', 'admin', 'sort;drop', 'q[]', 'x'), value: hostileString.map((s) => s.slice(0, 500)) }),
  ];
  if (route.query) options.push(fc.record({ kind: fc.constant('badQueryValue' as const), value: fc.constantFrom('limit=-1', 'limit=abc', 'limit=100000', 'cursor=%27%20OR%201%3D1', 'from=2023-02-30', 'sort=password:asc', 'userId=abc', 'format=exe') }));
  if (route.params) options.push(fc.record({ kind: fc.constant('badId' as const), id: badId }));
  if (takesBody) {
    options.push(
      fc.record({ kind: fc.constant('unknownBodyField' as const), key: fc.constantFrom('isAdmin', '__proto__x', 'roles2', '$where', 'constructor2'), value: hostileValue, base: fc.dictionary(fc.constantFrom('name', 'username', 'password', 'roles', 'version', 'parentId', 'profile', 'displayName'), hostileValue, { maxKeys: 4 }) }),
      fc.record({ kind: fc.constant('bodyNotObject' as const), value: fc.oneof(fc.array(hostileValue, { maxLength: 3 }), fc.integer(), fc.constant('string body')) }),
      fc.record({ kind: fc.constant('badJsonText' as const), text: fc.constantFrom('{', '{"name": }', "{'name': 'x'}", '{"a":1}}', '\u0000', 'nul') }),
      fc.record({ kind: fc.constant('deepJson' as const), depth: fc.integer({ min: 200, max: 5000 }) }),
      fc.record({ kind: fc.constant('wrongContentType' as const), text: hostileString.map((s) => s.slice(0, 1000)) }),
    );
  }
  return fc.oneof(...options);
}

const enc = (s: string) => encodeURIComponent(s.toWellFormed());

function buildRequest(route: RouteDef, m: Malformation) {
  let url = route.path.replace(/:\w+/g, m.kind === 'badId' ? enc(m.id) : '2');
  const qs: string[] = [];
  if (m.kind === 'unknownQuery') qs.push(`${enc(m.key)}=${enc(m.value)}`);
  if (m.kind === 'badQueryValue') qs.push(m.value);
  if (qs.length) url += `?${qs.join('&')}`;
  const headers: Record<string, string> = { authorization: `Bearer ${t.adminToken}` };
  let payload: string | Buffer | undefined;
  const takesBody = route.method !== 'GET' && route.method !== 'DELETE';
  if (takesBody) {
    headers['content-type'] = 'application/json';
    switch (m.kind) {
      case 'unknownBodyField':
        payload = JSON.stringify({ ...m.base, [m.key]: m.value });
        break;
      case 'bodyNotObject':
        payload = JSON.stringify(m.value);
        break;
      case 'badJsonText':
        payload = m.text;
        break;
      case 'deepJson':
        payload = '['.repeat(m.depth) + ']'.repeat(m.depth);
        break;
      case 'wrongContentType':
        headers['content-type'] = 'text/plain';
        payload = m.text;
        break;
      default:
        payload = '{}';
    }
  }
  return { method: route.method, url, headers, ...(payload !== undefined ? { payload } : {}) };
}

describe('SEC-11 hostile input on every route', () => {
  const entries = Object.entries(routes) as [string, RouteDef][];
  it.each(entries)('SEC-11 PLT-8 %s: malformed and hostile input → 4xx problem, nothing changed', async (_name, route) => {
    await fc.assert(
      fc.asyncProperty(malformationsFor(route), async (m) => {
        const r = await t.app.inject(buildRequest(route, m) as never);
        counted.requests++;
        counted.refused++;
        const what = `${route.method} ${route.path} ${JSON.stringify(m).slice(0, 160)} → ${r.statusCode} ${String(r.headers['content-type'])} ${r.body.slice(0, 200)}`;
        const problem = r.headers['content-type']?.toString().startsWith('application/problem+json') ? r.json() : null;
        const fine = r.statusCode >= 400 && r.statusCode < 500 && problem?.status === r.statusCode && typeof problem?.code === 'string' && !/node_modules|\.ts:\d+|syntax error at|relation "/.test(r.body);
        if (!fine) throw new Error(what); // short message: the counterexample itself may be 100 KB
      }),
      { numRuns: 25 },
    );
    expect(await snapshotTables(t.database)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// PLT-8: fuzzing every operation of the served OpenAPI document, unauthenticated and signed in,
// with bodies that are well formed by the document's own schemas but name records that do not
// exist. Nothing may answer ≥ 500, and a refused request changes nothing.
// ---------------------------------------------------------------------------------------------

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
};
type Operation = {
  method: string;
  path: string;
  operationId: string;
  public: boolean;
  multipart: boolean;
  params: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
};

/** Ids far beyond anything a test creates: well formed, dangling. */
const danglingId = fc.constantFrom('999999901', '424242424242', '900000000000000001', '2147483648');
const idPattern = '^[0-9]{1,18}$';
const dates = fc.constantFrom('2026-01-15', '2025-12-31', '2024-02-29', '2026-11-30', '1970-01-01', '2099-12-31');

/** A value the schema accepts (as far as a JSON schema can say), naming no existing record. */
function wellFormed(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => wellFormed(a, depth + 1)));
  if (s.allOf?.length) return wellFormed(s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, wellFormed(v, depth + 1)]));
      return fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    case 'array':
      return fc.array(wellFormed(s.items, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)) });
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : Math.max(min, 0) + 1000);
      return fc.integer({ min: Math.ceil(Math.max(min, -1e9)), max: Math.floor(Math.min(max, 1e9)) });
    }
    case 'boolean':
      return fc.boolean();
    case 'string': {
      if (s.pattern === idPattern) return danglingId;
      if (s.format === 'date') return dates;
      if (s.format === 'date-time') return fc.constantFrom('2026-01-15T08:00:00.000Z', '2025-06-30T23:59:59+08:00');
      if (s.format === 'email') return fc.constantFrom('li.lei@example.com', 'a@b.cn');
      if (s.format === 'binary') return fc.constant('x');
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).map((x) => (s.maxLength ? x.slice(0, s.maxLength) : x));
      const min = s.minLength ?? 0;
      const max = Math.max(min, Math.min(s.maxLength ?? 40, 40));
      return fc.oneof(fc.constantFrom('深圳市华强贸易有限公司', '张伟', '测试备注', 'ok').filter((x) => x.length >= min && x.length <= max), fc.string({ minLength: Math.max(min, 1), maxLength: max }));
    }
    default:
      return fc.constant(null);
  }
}

function operationsOf(doc: { paths: Record<string, Record<string, { operationId: string; security?: unknown[]; parameters?: Operation['params']; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      const form = content['multipart/form-data']?.schema;
      out.push({ method: method.toUpperCase(), path, operationId: op.operationId, public: Array.isArray(op.security) && op.security.length === 0, multipart: !!form, params: op.parameters ?? [], ...(json ?? form ? { body: json ?? form } : {}) });
    }
  }
  return out;
}

type Sample = { path: Record<string, unknown>; query: Record<string, unknown>; body: unknown };
function sampleOf(op: Operation): fc.Arbitrary<Sample> {
  const path = op.params.filter((p) => p.in === 'path');
  const query = op.params.filter((p) => p.in === 'query');
  return fc.record({
    path: fc.record(Object.fromEntries(path.map((p) => [p.name, wellFormed(p.schema)]))),
    query: fc.record(Object.fromEntries(query.map((p) => [p.name, wellFormed(p.schema)])), { requiredKeys: query.filter((p) => p.required).map((p) => p.name) }),
    body: op.body ? wellFormed(op.body) : fc.constant(undefined),
  });
}

function requestOf(op: Operation, s: Sample, token: string | null) {
  const url = op.path.replace(/\{(\w+)\}/g, (_m, k: string) => encodeURIComponent(String(s.path[k] ?? '999999901')));
  const qs = Object.entries(s.query)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v))}`)
    .join('&');
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let payload: string | Buffer | undefined;
  if (op.multipart) {
    const boundary = 'kedangfuzz7MA4YWxkTrZu0gW';
    const fields = (s.body && typeof s.body === 'object' ? Object.entries(s.body as Record<string, unknown>) : []).filter(([k, v]) => k !== 'file' && v !== null && v !== undefined);
    const parts = fields.map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`);
    parts.push(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="说明.txt"\r\ncontent-type: text/plain\r\n\r\n客户资料\r\n--${boundary}--\r\n`);
    payload = Buffer.from(parts.join(''));
    headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
  } else if (s.body !== undefined) {
    payload = JSON.stringify(s.body);
    headers['content-type'] = 'application/json';
  }
  return { method: op.method, url: qs ? `${url}?${qs}` : url, headers, ...(payload !== undefined ? { payload } : {}) };
}

/** Tables that record refused requests on purpose (SEC-10 audit, sign-in failures). */
const recordsOfRefusals = ['audit_events', 'login_failures'];
const withoutRefusalRecords = (snap: Record<string, string>) => Object.fromEntries(Object.entries(snap).filter(([k]) => !recordsOfRefusals.includes(k)));

describe('PLT-8 fuzzing every operation of the served OpenAPI document', () => {
  let operations: Operation[] = [];
  let gmToken = '';
  let adminPat = '';
  beforeAll(async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    operations = operationsOf(doc.json());
    // personal access tokens: a fuzzed logout or password change must not end the fuzzer's own access
    const gm = await t.createUser('fuzz.gm', ['gm']);
    const pat = async (token: string) => (await t.request('POST', '/api/v1/auth/tokens', { token, body: { name: 'fuzz', scopes: ['read', 'write'] } })).json<{ token: string }>().token;
    gmToken = await pat(gm.token);
    adminPat = await pat(t.adminToken);
  });
  afterAll(() => {
    console.log(`PLT-8 fuzzing: ${counted.requests} requests over ${operations.length} operations (${counted.refused} refused, ${counted.accepted} accepted), none answered ≥ 500`);
  });

  it('PLT-8 the served document lists every operation of the route table', () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(routes).sort());
  });

  it('PLT-8 unauthenticated: every operation that needs a sign-in answers 401 to well-formed and hostile requests alike, and nothing changes', async () => {
    const before = await snapshotTables(t.database);
    for (const op of operations.filter((o) => !o.public)) {
      await fc.assert(
        fc.asyncProperty(sampleOf(op), fc.boolean(), async (s, garbage) => {
          const req = requestOf(op, s, null);
          const r = await t.app.inject((garbage && req.payload !== undefined ? { ...req, payload: '{"oops": ' } : req) as never);
          counted.requests++;
          counted.refused++;
          if (r.statusCode !== 401) throw new Error(`${op.method} ${op.path} unauthenticated → ${r.statusCode} ${r.body.slice(0, 200)}`);
        }),
        { numRuns: 15 },
      );
    }
    expect(await snapshotTables(t.database)).toEqual(before);
  });

  const unchangedWhenRefused: string[] = [];
  it.each(Object.keys(routes))('PLT-8 signed in (general manager, administrator) %s: well-formed requests naming records that do not exist never answer ≥ 500; refused ones change nothing', async (operationId) => {
    const op = operations.find((o) => o.operationId === operationId);
    expect(op, `${operationId} is in the served document`).toBeDefined();
    const before = withoutRefusalRecords(await snapshotTables(t.database));
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(sampleOf(op!), fc.boolean(), async (s, asAdmin) => {
        const r = await t.app.inject(requestOf(op!, s, op!.public ? null : asAdmin ? adminPat : gmToken) as never);
        counted.requests++;
        if (r.statusCode < 400) accepted++;
        else counted.refused++;
        const problem = r.statusCode >= 400 && String(r.headers['content-type']).startsWith('application/problem+json') ? r.json<{ status: number; code: string }>() : null;
        if (r.statusCode >= 500 || (r.statusCode >= 400 && (problem?.status !== r.statusCode || typeof problem.code !== 'string'))) {
          throw new Error(`${op!.method} ${op!.path} ${JSON.stringify(s).slice(0, 300)} → ${r.statusCode} ${r.body.slice(0, 300)}`);
        }
      }),
      { numRuns: 30 },
    );
    counted.accepted += accepted;
    // every request refused: then nothing but the records of refusals may have changed
    if (accepted === 0) {
      expect(withoutRefusalRecords(await snapshotTables(t.database)), `${op!.method} ${op!.path}: a refused request changed data`).toEqual(before);
      unchangedWhenRefused.push(operationId);
    }
  });

  it('PLT-8 the no-change check ran for most operations (those that refused every sample), over at least 10,000 requests in all', () => {
    expect(unchangedWhenRefused.length).toBeGreaterThan(operations.length / 3);
    expect(counted.requests).toBeGreaterThanOrEqual(10_000);
  });
});
