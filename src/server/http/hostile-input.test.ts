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
