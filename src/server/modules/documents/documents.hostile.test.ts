/**
 * SEC-11 ARC-6: every upload route of the route table (those with `multipart`), fed hostile
 * multipart bodies, answers a 4xx problem and leaves no row and no file behind.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteDef } from '../../../contract/routes.js';
import { createTestApp, snapshotTables, type TestApp } from '../../testing/test-app.js';
import { multipart, pdf } from './documents.fixtures.js';

let t: TestApp;
let cs: { token: string };
let before: Record<string, string>;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp({ uploadLimitBytes: 64 * 1024 });
  cs = await t.createUser('hostile.cs', ['cs_staff']);
  ids.customer = (await t.request('POST', '/api/v1/customers', { token: cs.token, body: { name: '恶意上传测试有限公司', customerType: 'direct' } })).json().id;
  const body = multipart({ kind: 'original' }, { name: 'a.pdf', content: pdf() });
  ids.document = (await t.app.inject({ method: 'POST', url: `/api/v1/customers/${ids.customer}/documents`, headers: { authorization: `Bearer ${cs.token}`, ...body.headers }, payload: body.payload })).json().id;
  before = await snapshotTables(t.database);
});
afterAll(async () => t?.close());

const files = () => {
  const walk = (d: string): string[] => (existsSync(d) ? readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)])) : []);
  return walk(t.config.storage).sort();
};

const hostileName = fc.constantFrom('../../../../etc/passwd', '..\\..\\boot.ini', '\u0000.pdf', 'a"b\r\nX-Injected: 1.pdf', '😀'.repeat(300), '', '.', 'con.pdf');
const badBody = fc.oneof(
  fc.record({ kind: fc.constant('exe' as const), name: hostileName }),
  fc.record({ kind: fc.constant('empty' as const), name: hostileName }),
  fc.record({ kind: fc.constant('huge' as const), name: hostileName }),
  fc.record({ kind: fc.constant('twoFiles' as const), name: hostileName }),
  fc.record({ kind: fc.constant('unknownField' as const), name: hostileName, key: fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'x'.repeat(100)) }),
  fc.record({ kind: fc.constant('truncated' as const), name: hostileName }),
  fc.record({ kind: fc.constant('longValue' as const), name: hostileName }),
  fc.record({ kind: fc.constant('noBoundary' as const), name: hostileName }),
);

function build(m: { kind: string; name: string; key?: string }) {
  const fields: Record<string, string> = m.kind === 'unknownField' ? { kind: 'original', [m.key!]: 'x' } : m.kind === 'longValue' ? { kind: 'original', title: '长'.repeat(5000) } : { kind: 'original' };
  const content = m.kind === 'exe' ? Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300)]) : m.kind === 'empty' ? Buffer.alloc(0) : m.kind === 'huge' ? Buffer.concat([pdf(), Buffer.alloc(100 * 1024, 0x20)]) : pdf();
  const b = multipart(fields, { name: m.name, content });
  if (m.kind === 'twoFiles') {
    const second = multipart({}, { name: 'b.pdf', content: pdf() });
    const boundary = b.headers['content-type'].split('boundary=')[1]!;
    const extra = second.payload.toString('latin1').replaceAll(second.headers['content-type'].split('boundary=')[1]!, boundary);
    return { payload: Buffer.concat([b.payload.subarray(0, b.payload.length - (boundary.length + 6)), Buffer.from(extra, 'latin1')]), headers: b.headers };
  }
  if (m.kind === 'truncated') return { payload: b.payload.subarray(0, b.payload.length - 30), headers: b.headers };
  if (m.kind === 'noBoundary') return { payload: b.payload, headers: { 'content-type': 'multipart/form-data' } };
  return b;
}

describe('SEC-11 ARC-6 hostile uploads', () => {
  const uploads = (Object.entries(routes) as [string, RouteDef][]).filter(([, r]) => r.multipart);
  it('ARC-6 the route table has upload routes and the hostile test walks them', () => {
    expect(uploads.map(([n]) => n)).toEqual(expect.arrayContaining(['replaceDocument', 'uploadDocument']));
  });
  it.each(uploads)('SEC-11 ARC-6 %s: hostile multipart → 4xx problem, no row, no file', async (_name, route) => {
    const filesBefore = files();
    await fc.assert(
      fc.asyncProperty(badBody, async (m) => {
        const url = route.path.replace(':id', route.path.includes('/customers/') ? ids.customer! : ids.document!);
        const b = build(m);
        const r = await t.app.inject({ method: route.method, url, headers: { authorization: `Bearer ${cs.token}`, ...b.headers }, payload: b.payload });
        const problem = String(r.headers['content-type']).startsWith('application/problem+json') ? r.json() : null;
        if (!(r.statusCode >= 400 && r.statusCode < 500 && problem?.status === r.statusCode)) throw new Error(`${m.kind} ${JSON.stringify(m.name).slice(0, 40)} → ${r.statusCode} ${r.body.slice(0, 200)}`);
      }),
      { numRuns: 30 },
    );
    expect(await snapshotTables(t.database)).toEqual(before);
    expect(files()).toEqual(filesBefore);
  });
});
