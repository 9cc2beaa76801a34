/**
 * The error contract seen from outside (issue 11 items 10–12, 15–17; SEC-1, SEC-11, PLT-3, PLT-8):
 * headers are not trusted, authentication comes before validation, database refusals are 4xx
 * problems naming the field, names and free text are checked server-wide, a failed evaluation
 * opening leaves nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbProblemOf, problemOf } from './errors.js';
import { openRound } from '../modules/evaluation/rounds.service.js';
import { systemActor } from '../modules/audit/audit.types.js';
import { createTestApp, snapshotTables, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let customerId: string;
let gm: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  gm = await t.createUser('zongjingli', ['gm']);
  const r = await t.request('POST', '/api/v1/customers', { token: gm.token, body: { name: '深圳测试科技有限公司', customerType: 'direct', confirmDuplicate: true } });
  expect(r.statusCode, r.body).toBe(201);
  customerId = r.json<{ id: string }>().id;
});
afterAll(async () => t?.close());

const cookieWrite = (headers: Record<string, string>, app = t) =>
  app.app.inject({ method: 'POST', url: '/api/v1/departments', headers: { cookie: `kedang_session=${app.adminToken}`, ...headers }, payload: { name: `部门${Math.random().toString(36).slice(2, 8)}` } });

describe('SEC-11 headers are not trusted (issue 11 item 10)', () => {
  it('SEC-11 X-Forwarded-Host does not make a foreign origin "same" unless KEDANG_TRUST_PROXY is on', async () => {
    const forged = await cookieWrite({ host: 'kedang.local', origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().rule).toBe('SEC-11.same-origin');
    const proxied = await createTestApp({ trustProxy: true });
    try {
      const behindProxy = await cookieWrite({ host: 'internal:3000', origin: 'https://kedang.example.com', 'x-forwarded-host': 'kedang.example.com', 'x-forwarded-proto': 'https' }, proxied);
      expect(behindProxy.statusCode, behindProxy.body).toBe(201);
    } finally {
      await proxied.close();
    }
  });

  it('SEC-11 the same-origin check compares the scheme too', async () => {
    const otherScheme = await cookieWrite({ host: 'kedang.local', origin: 'https://kedang.local' });
    expect(otherScheme.statusCode).toBe(403);
    const same = await cookieWrite({ host: 'kedang.local', origin: 'http://kedang.local' });
    expect(same.statusCode, same.body).toBe(201);
  });

  it('SEC-10 a client-chosen X-Request-Id reaches the audit only when short and plain; otherwise one is generated', async () => {
    const hostile = `x'; DROP TABLE audit_events; --${'a'.repeat(300)}`;
    const r = await t.request('POST', '/api/v1/departments', { token: t.adminToken, body: { name: '请求编号部门' }, headers: { 'x-request-id': hostile } });
    expect(r.statusCode).toBe(201);
    const id = String(r.headers['x-request-id']);
    expect(id).not.toContain('DROP');
    expect(id).toMatch(/^[A-Za-z0-9-]{8,64}$/);
    const rows = await t.database.ownerPool.query<{ request_id: string | null }>(`SELECT request_id FROM audit_events WHERE action = 'department.created' ORDER BY id DESC LIMIT 1`);
    expect(rows.rows[0]!.request_id).toBe(id);
  });

  it('SEC-1 a password change ends the personal access tokens by default, and keeps them when asked', async () => {
    const u = await t.createUser('tokenuser', ['sales'], { password: 'Tok-1-Kd7-long-enough' });
    const mk = async () => (await t.request('POST', '/api/v1/auth/tokens', { token: u.token, body: { name: `t${Math.random()}`, scopes: ['read'] } })).json<{ token: string }>().token;
    const pat = await mk();
    expect((await t.request('GET', '/api/v1/auth/me', { token: pat })).statusCode).toBe(200);
    const change1 = await t.request('POST', '/api/v1/auth/password', { token: u.token, body: { currentPassword: 'Tok-1-Kd7-long-enough', newPassword: 'Tok-2-Kd7-longer-enough' } });
    expect(change1.statusCode, change1.body).toBe(200);
    expect((await t.request('GET', '/api/v1/auth/me', { token: pat })).statusCode).toBe(401);
    const pat2 = await mk();
    const change2 = await t.request('POST', '/api/v1/auth/password', { token: u.token, body: { currentPassword: 'Tok-2-Kd7-longer-enough', newPassword: 'Tok-3-Kd7-longest-enough', keepAccessTokens: true } });
    expect(change2.statusCode, change2.body).toBe(200);
    expect((await t.request('GET', '/api/v1/auth/me', { token: pat2 })).statusCode).toBe(200);
  });
});

describe('SEC-11 authentication before validation (issue 11 item 11)', () => {
  it('SEC-11 an unauthenticated request with a bad body, query or id is 401 and says nothing of the schema', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/api/v1/users', { bogus: 1 }],
      ['POST', '/api/v1/customers', 'not json at all'],
      ['PATCH', '/api/v1/customers/abc', { name: 5 }],
      ['GET', '/api/v1/customers?limit=-4&colour=red', undefined],
      ['POST', '/api/v1/access-requests', { purpose: '\u0000' }],
    ];
    for (const [method, url, body] of cases) {
      const r = await t.app.inject({ method: method as 'POST', url, ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
      expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(401);
      expect(r.json().errors).toBeUndefined();
    }
  });
});

describe('PLT-3 database refusals are 4xx problems naming the field (issue 11 item 12)', () => {
  it('PLT-3 feedback with handledBy naming no user is 400 naming handledBy, and nothing is stored', async () => {
    const before = await snapshotTables(t.database);
    const r = await t.request('POST', `/api/v1/customers/${customerId}/feedback`, { token: gm.token, body: { channel: 'phone', date: '2026-11-01', content: '投诉送货慢', category: 'delivery', sentiment: 'negative', handledBy: '999999' } });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors[0].path).toBe('handledBy');
    expect(await snapshotTables(t.database)).toEqual(before);
  });

  it('PLT-3 each constraint and data error of PostgreSQL maps to its problem and field', async () => {
    const pool = t.database.ownerPool;
    const errorOf = async (q: string) => {
      const c = await pool.connect();
      try {
        await c.query(`CREATE TEMP TABLE IF NOT EXISTS probe_parent (id int PRIMARY KEY)`);
        await c.query(`CREATE TEMP TABLE IF NOT EXISTS probe (id int PRIMARY KEY, credit_limit numeric(6,2) CONSTRAINT probe_credit_limit_check CHECK (credit_limit >= 0), short_name varchar(3), owner_id int REFERENCES probe_parent (id), born date)`);
        await c.query(`INSERT INTO probe (id) VALUES (1) ON CONFLICT DO NOTHING`);
        await c.query(q);
      } catch (e) {
        return e;
      } finally {
        c.release();
      }
      throw new Error(`no error from ${q}`);
    };
    const cases: [string, number, string][] = [
      [`INSERT INTO probe (id, owner_id) VALUES (2, 999999)`, 400, 'ownerId'], // 23503
      [`INSERT INTO probe (id) VALUES (1)`, 409, 'id'], // 23505
      [`INSERT INTO probe (id, credit_limit) VALUES (3, -1)`, 400, 'creditLimit'], // 23514
      [`INSERT INTO probe (id, short_name) VALUES (4, 'abcdef')`, 400, 'body'], // 22001
      [`INSERT INTO probe (id, credit_limit) VALUES (5, 123456789)`, 400, 'body'], // 22003
      [`SELECT 'abc'::bigint`, 400, 'body'], // 22P02
      [`INSERT INTO probe (id, born) VALUES (6, '2023-02-30')`, 400, 'body'], // 22008
      [`INSERT INTO probe (id) VALUES (NULL)`, 400, 'id'], // 23502
    ];
    for (const [q, status, path] of cases) {
      const e = (await errorOf(q)) as { code: string };
      const problem = dbProblemOf(e);
      expect(problem, `${q} (${e.code})`).not.toBeNull();
      expect([problem!.code, problem!.details.errors?.[0]?.path], q).toEqual([status === 409 ? 'conflict' : 'validation_failed', path]);
      expect(problem!.message).not.toMatch(/999999|abcdef/); // a value is never echoed
    }
    expect(dbProblemOf(new Error('boom'))).toBeNull();
  });

  it('PLT-3 PLT-7 a statement cut off by the statement timeout is a 503 problem asking to narrow the query, not a 500', async () => {
    const c = await t.database.ownerPool.connect();
    let error: unknown = null;
    try {
      await c.query(`SET statement_timeout = '50ms'`);
      await c.query(`SELECT pg_sleep(1)`);
    } catch (e) {
      error = e;
    } finally {
      await c.query(`RESET statement_timeout`);
      c.release();
    }
    expect((error as { code: string }).code).toBe('57014');
    const problem = dbProblemOf(error)!;
    expect(problem.code).toBe('timed_out');
    expect(problemOf(problem)).toMatchObject({ status: 503, code: 'timed_out', title: 'The request took too long' });
  });
});

describe('SEC-11 text rules on every route (issue 11 items 15, 16)', () => {
  const bad = {
    zeroWidth: '\u200b\u200c\u200d',
    bom: '\ufeff\u2060',
    rlo: '华为\u202e司公限有',
    nul: 'a\u0000b',
    soh: 'a\u0001b',
  };
  it('SEC-11 names made only of invisible characters or holding a direction override are 400 naming the field', async () => {
    for (const [what, name] of Object.entries({ zeroWidth: bad.zeroWidth, bom: bad.bom, rlo: bad.rlo })) {
      const c = await t.request('POST', '/api/v1/customers', { token: gm.token, body: { name, customerType: 'direct', confirmDuplicate: true } });
      expect(c.statusCode, `${what} ${c.body}`).toBe(400);
      expect(c.json().errors.map((e: { path: string }) => e.path)).toContain('name');
      expect(c.json().errors.find((e: { path: string }) => e.path === 'name').code).toBe(what === 'rlo' ? 'direction_override' : 'blank_name');
      const u = await t.request('POST', '/api/v1/users', { token: t.adminToken, body: { username: `u${what.toLowerCase()}`, displayName: name, password: 'Pw-9-Kd7-long-enough', departmentId: t.rootDepartmentId, roles: ['sales'] } });
      expect(u.statusCode, `${what} ${u.body}`).toBe(400);
      expect(u.json().errors.map((e: { path: string }) => e.path)).toContain('displayName');
    }
    // ordinary names still pass, with spaces and middle dots
    const ok = await t.request('POST', '/api/v1/customers', { token: gm.token, body: { name: 'Müller & Söhne · 北京', customerType: 'direct', confirmDuplicate: true } });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('SEC-11 invalid UTF-8 in a JSON body is 400 naming the field, never stored as U+FFFD', async () => {
    const before = await snapshotTables(t.database);
    const payload = Buffer.concat([Buffer.from('{"name":"华为'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('","customerType":"direct","confirmDuplicate":true}')]);
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { authorization: `Bearer ${gm.token}`, 'content-type': 'application/json' }, payload });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors).toEqual([{ path: 'name', message: 'is not valid UTF-8 text', code: 'invalid_utf8' }]);
    expect(await snapshotTables(t.database)).toEqual(before);
  });

  it('SEC-11 NUL and control characters in an access request purpose and in approval comments are 400, not 500', async () => {
    const rep = await t.createUser('purposerep', ['sales']);
    for (const purpose of [bad.nul, bad.soh]) {
      const r = await t.request('POST', '/api/v1/access-requests', { token: rep.token, body: { customerId, groups: ['contacts'], purpose, durationMinutes: 60 } });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().errors[0]).toMatchObject({ path: 'purpose', code: 'control_characters' });
    }
    for (const [url, body] of [
      ['/api/v1/approvals/1/comments', { body: `评论${bad.nul}` }],
      ['/api/v1/approvals/1/reject', { comment: `驳回${bad.soh}` }],
      ['/api/v1/approvals/1/approve', { comment: `同意${bad.nul}` }],
    ] as const) {
      const r = await t.request('POST', url, { token: gm.token, body });
      expect(r.statusCode, `${url} ${r.body}`).toBe(400);
      expect(r.json().errors[0].path).toMatch(/^(body|comment)$/);
    }
  });
});

describe('EVA-4 evaluation rounds (issue 11 item 17)', () => {
  it('EVA-4 every quarter the schema accepts can be opened: 1900Q1 (whose previous quarter is 1899Q4) opens, no 500', async () => {
    const r = await t.request('POST', '/api/v1/evaluation-rounds', { token: gm.token, body: { quarter: '1900Q1' } });
    expect(r.statusCode, r.body).toBeLessThan(500);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().round.state).toBe('open');
    expect((await t.request('POST', '/api/v1/evaluation-rounds', { token: gm.token, body: { quarter: '1899Q4' } })).statusCode).toBe(400);
  });

  it('EVA-4 an opening that fails leaves no round and no evaluations behind, and a retry opens it', async () => {
    for (const n of ['甲', '乙', '丙']) await t.request('POST', '/api/v1/customers', { token: gm.token, body: { name: `评定客户${n}有限公司`, customerType: 'dealer', confirmDuplicate: true } });
    let calls = 0;
    await expect(
      openRound(t.database.db, '2025Q2', systemActor, {
        batchSize: 1,
        onProgress: () => {
          if (++calls === 3) throw new Error('simulated failure after two committed batches');
        },
      }),
    ).rejects.toThrow('simulated');
    const rounds = await t.database.ownerPool.query(`SELECT id FROM evaluation_rounds WHERE quarter = '2025Q2'`);
    expect(rounds.rowCount).toBe(0);
    const evals = await t.database.ownerPool.query(`SELECT e.id FROM evaluations e LEFT JOIN evaluation_rounds r ON r.id = e.round_id WHERE r.id IS NULL`);
    expect(evals.rowCount).toBe(0);
    const retry = await t.request('POST', '/api/v1/evaluation-rounds', { token: gm.token, body: { quarter: '2025Q2' } });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json().round).toMatchObject({ state: 'open', opened: retry.json().round.expected });
  });
});
