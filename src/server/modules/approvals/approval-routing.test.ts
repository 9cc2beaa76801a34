import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalTypes, type ApprovalType } from '../../../contract/approvals.js';
import { roleKeys, type RoleKey } from '../../../contract/roles.js';
import { AppError } from '../../http/errors.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { systemActor } from '../audit/audit.types.js';
import { askedApproverRole, nextApproverRole, routeApproval } from './approvals.rules.js';
import { requestApproval } from './approvals.service.js';

describe('SEC-7 routing rules (pure)', () => {
  it('SEC-7 every role but the gm escalates to the gm; the gm to nobody', () => {
    for (const r of roleKeys) expect(nextApproverRole(r)).toBe(r === 'gm' ? null : 'gm');
  });
  it('SEC-7 routeApproval: the asked role when someone else stands for it, else the gm, else null (table)', () => {
    const cases: [RoleKey, Partial<Record<RoleKey, number>>, ReturnType<typeof routeApproval>][] = [
      ['cs_manager', { cs_manager: 1, gm: 1 }, { approverRole: 'cs_manager', escalatedFrom: null }],
      ['cs_manager', { cs_manager: 0, gm: 1 }, { approverRole: 'gm', escalatedFrom: 'cs_manager' }],
      ['marketing_manager', { gm: 2 }, { approverRole: 'gm', escalatedFrom: 'marketing_manager' }],
      ['marketing_manager', {}, null],
      ['gm', { gm: 1 }, { approverRole: 'gm', escalatedFrom: null }],
      ['gm', { gm: 0 }, null],
    ];
    for (const [asked, counts, want] of cases) expect(routeApproval(asked, (r) => counts[r] ?? 0), `${asked} ${JSON.stringify(counts)}`).toEqual(want);
  });
  it('SEC-7 askedApproverRole reads the role asked before escalation', () => {
    expect(askedApproverRole({ approverRole: 'gm', approverRule: 'SEC-7 escalated from cs_manager (SEC-6)' })).toBe('cs_manager');
    expect(askedApproverRole({ approverRole: 'gm', approverRule: 'SEC-5' })).toBe('gm');
  });
});

let t: TestApp;
const sole: Partial<Record<RoleKey, { id: string; token: string }>> = {};
let gm: { id: string; token: string };
let sales: { id: string; token: string };
let deputy: { id: string; token: string };

beforeAll(async () => {
  t = await createTestApp();
  for (const r of ['cs_manager', 'marketing_manager', 'marketing_director', 'office_head'] as const) sole[r] = await t.createUser(`sole.${r}`, [r]);
  gm = await t.createUser('zong.jingli', ['gm']);
  sales = await t.createUser('xiao.shou', ['sales']);
  deputy = await t.createUser('fu.zong', ['finance']);
  // a disabled second marketing manager decides nothing
  const off = await t.createUser('off.mm', ['marketing_manager']);
  await t.database.db.updateTable('users').set({ disabled: true }).where('id', '=', off.id).execute();
});
afterAll(async () => t?.close());

const ask = (type: ApprovalType, approverRole: RoleKey, requesterId: string) =>
  t.database.db.transaction().execute((tx) =>
    requestApproval(tx, systemActor, { type, subjectType: 'test', subjectId: '1', summary: `routing ${type}`, payload: {}, requesterId, approverRole, approverRule: 'TEST-1' }),
  );

describe('SEC-7 no approval waits for nobody', () => {
  const askedRoles = ['cs_manager', 'marketing_manager', 'marketing_director', 'office_head'] as const;
  it('SEC-7 every approval type asked of a role only the requester holds goes to the gm, who is notified and may decide it', async () => {
    for (const type of approvalTypes) {
      for (const role of askedRoles) {
        const a = await ask(type, role, sole[role]!.id);
        expect(a.approverRole, `${type} ${role}`).toBe('gm');
        expect(a.approverRule).toBe(`SEC-7 escalated from ${role} (TEST-1)`);
        const seen = await t.request('GET', `/api/v1/approvals/${a.id}`, { token: gm.token });
        expect(seen.statusCode).toBe(200);
        expect(seen.json().canDecide, `${type} ${role}`).toBe(true);
        const note = await t.database.db.selectFrom('notifications').select('user_id').where('kind', '=', 'approval.waiting').where(sql<boolean>`data->>'approvalId' = ${a.id}`).execute();
        expect(note.map((n) => n.user_id)).toEqual([gm.id]);
        // asked by someone else, it stays with the role
        const b = await ask(type, role, sales.id);
        expect(b.approverRole, `${type} ${role} by sales`).toBe(role);
      }
    }
  });

  it('SEC-7 the only gm asking the gm: refused (422) with nothing filed — unless a deputy stands for the gm for that type', async () => {
    for (const type of approvalTypes) {
      const before = await t.database.db.selectFrom('approvals').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const e = await ask(type, 'gm', gm.id).then(() => null, (x: unknown) => x);
      expect(e, type).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('rule_violation');
      expect((e as AppError).details.rule).toBe('SEC-7');
      const after = await t.database.db.selectFrom('approvals').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(after.n).toBe(before.n);
    }
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await t.database.db.insertInto('approval_delegations').values({ from_role: 'gm', deputy_id: deputy.id, types: ['access_request'], starts_on: today, ends_on: today, created_by: gm.id }).execute();
    // only access requests may be delegated (issue 11 item 7)
    const a = await ask('access_request', 'gm', gm.id);
    expect(a.approverRole).toBe('gm');
    expect((await t.request('GET', `/api/v1/approvals/${a.id}`, { token: deputy.token })).json().canDecide).toBe(true);
  });

  it('SEC-7 SEC-8 the only cs_manager asks to delete an archive: the request goes to the gm (201, approverRole gm), whose approval applies it', async () => {
    const c = await t.request('POST', '/api/v1/customers', { token: sole.cs_manager!.token, body: { name: '路由测试有限公司', customerType: 'direct' } });
    expect(c.statusCode, c.body).toBe(201);
    const r = await t.request('POST', `/api/v1/customers/${c.json().id}/protected-changes`, { token: sole.cs_manager!.token, body: { change: 'delete', reason: '重复建档' } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().approverRole).toBe('gm');
    expect((await t.request('POST', `/api/v1/approvals/${r.json().approvalId}/approve`, { token: sole.cs_manager!.token, body: {} })).statusCode).toBe(403);
    const ok = await t.request('POST', `/api/v1/approvals/${r.json().approvalId}/approve`, { token: gm.token, body: { comment: '同意' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await t.request('GET', `/api/v1/customers/${c.json().id}`, { token: gm.token })).statusCode).toBe(404);
  });
});

describe('SEC-7 notifications carry the outcome', () => {
  it('SEC-7 a rejected request reads as rejected with the approver’s reason; an approved one as approved', async () => {
    const a = await ask('customer_delete', 'cs_manager', sales.id);
    const r = await t.request('POST', `/api/v1/approvals/${a.id}/reject`, { token: sole.cs_manager!.token, body: { comment: '资料不全，请补充后再提' } });
    expect(r.statusCode, r.body).toBe(200);
    const c = await t.request('POST', '/api/v1/customers', { token: sales.token, body: { name: '通知测试有限公司', customerType: 'direct' } });
    const del = await t.request('POST', `/api/v1/customers/${c.json().id}/protected-changes`, { token: sales.token, body: { change: 'delete', reason: '重复' } });
    expect(del.statusCode, del.body).toBe(201);
    expect((await t.request('POST', `/api/v1/approvals/${del.json().approvalId}/approve`, { token: sole.cs_manager!.token, body: {} })).statusCode).toBe(200);
    const items = (await t.request('GET', '/api/v1/notifications?limit=20', { token: sales.token })).json().items as { kind: string; outcome: string | null; reason: string | null; title: string }[];
    expect(items.find((n) => n.kind === 'approval.rejected')).toMatchObject({ outcome: 'rejected', reason: '资料不全，请补充后再提' });
    expect(items.find((n) => n.kind === 'approval.approved')).toMatchObject({ outcome: 'approved', reason: null });
    const waiting = (await t.request('GET', '/api/v1/notifications?limit=50', { token: sole.cs_manager!.token })).json().items as { kind: string; outcome: string | null }[];
    expect(waiting.filter((n) => n.kind === 'approval.waiting').every((n) => n.outcome === null)).toBe(true);
  });
});
