/**
 * Issue 11 item 18 (PLT-3): the served OpenAPI document declares the problem responses of each
 * operation with the problem schema, a `servers` entry and the rules the server enforces, and a
 * third-party linter (Redocly CLI, config in redocly.yaml) finds no error in it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteDef } from '../../contract/routes.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

type Op = { operationId: string; security?: unknown[]; responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } };
type Doc = { servers?: { url: string }[]; components: { schemas: Record<string, { properties?: Record<string, unknown> }> }; paths: Record<string, Record<string, Op>> };

let t: TestApp;
let doc: Doc;
beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.request('GET', '/api/v1/openapi.json')).json<Doc>();
});
afterAll(async () => t?.close());

const operations = () => Object.values(doc.paths).flatMap((ops) => Object.values(ops));
const bodyOf = (operationId: string) => operations().find((o) => o.operationId === operationId)!.requestBody!.content['application/json']!.schema as { properties: Record<string, Record<string, unknown>> };

describe('PLT-3 the OpenAPI document tells the real contract (issue 11 item 18)', () => {
  it('PLT-3 every operation declares its problem responses with the problem schema; signed-in ones 401 and 403, writes 409 and 422', () => {
    expect(doc.components.schemas['Problem']?.properties).toHaveProperty('code');
    for (const op of operations()) {
      const route = (routes as Record<string, RouteDef>)[op.operationId]!;
      const statuses = Object.keys(op.responses);
      const expected = ['400', ...(route.auth !== 'public' ? ['401', '403'] : []), ...(route.method !== 'GET' ? ['409', '413', '415', '422'] : []), ...(route.params ? ['404'] : [])];
      for (const s of expected) {
        expect(statuses, `${op.operationId} declares ${s}`).toContain(s);
        expect(op.responses[s]!.content?.['application/problem+json']?.schema?.$ref, `${op.operationId} ${s}`).toBe('#/components/schemas/Problem');
      }
    }
    expect(operations().find((o) => o.operationId === 'login')!.responses).toHaveProperty('429');
  });

  it('PLT-3 the document has a servers entry and states the enforced rules: no control characters, not blank, names visible, password length, decimal places', () => {
    expect(doc.servers?.[0]?.url).toBe('/');
    const customer = bodyOf('createCustomer').properties;
    const namePattern = new RegExp(String(customer['name']!['pattern']), 'u');
    expect(namePattern.test('深圳市华强贸易有限公司')).toBe(true);
    for (const bad of ['\u200b\u200b', '华为\u202e', 'a\u0000b', '   ']) expect(namePattern.test(bad), JSON.stringify(bad)).toBe(false);
    const feedback = bodyOf('createFeedback').properties;
    const contentRules = JSON.stringify(feedback['content']);
    expect(contentRules).toContain('\\\\u0000-\\\\u0008'); // no control characters
    expect(contentRules).toContain('\\\\S'); // not blank
    expect(bodyOf('changePassword').properties['newPassword']!['minLength']).toBe(8);
    expect(bodyOf('createUser').properties['password']!['minLength']).toBe(8);
    expect(String(bodyOf('createTransaction').properties['amount']!['pattern'])).toMatch(/\\\.\\d\{1,2\}/);
  });

  it('PLT-3 Redocly CLI lints the served document without an error', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kedang-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const cli = path.resolve('node_modules/@redocly/cli/bin/cli.js');
      const run = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--config', path.resolve('redocly.yaml'), '--format', 'stylish'], {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        timeout: 60_000,
      }).catch((e: { code: number; stdout: string; stderr: string }) => e);
      const output = `${run.stdout}\n${run.stderr}`;
      expect(output, output.slice(-3000)).toMatch(/Woohoo! Your API description is valid|validated in/);
      expect('code' in run ? run.code : 0, output.slice(-3000)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
