import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const post = (url: string, body: unknown) => t.request('POST', url, { token: t.adminToken, body });
const patch = (url: string, body: unknown) => t.request('PATCH', url, { token: t.adminToken, body });

describe('SEC-1 departments and users', () => {
  it('SEC-1 departments form a tree: create, rename, move, disable; no cycles; stale version 409', async () => {
    const sales = (await post('/api/v1/departments', { name: '营销中心', parentId: t.rootDepartmentId })).json();
    const east = (await post('/api/v1/departments', { name: '华东销售部', parentId: sales.id })).json();
    const team = (await post('/api/v1/departments', { name: '上海组', parentId: east.id })).json();
    expect(team.parentId).toBe(east.id);
    const cycle = await patch(`/api/v1/departments/${sales.id}`, { version: sales.version, parentId: team.id });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().errors[0].path).toBe('parentId');
    const renamed = (await patch(`/api/v1/departments/${east.id}`, { version: east.version, name: '华东大区' })).json();
    expect(renamed.name).toBe('华东大区');
    const stale = await patch(`/api/v1/departments/${east.id}`, { version: east.version, name: '旧版本' });
    expect(stale.statusCode).toBe(409);
    const moved = (await patch(`/api/v1/departments/${team.id}`, { version: team.version, parentId: sales.id })).json();
    expect(moved.parentId).toBe(sales.id);
    const disabled = (await patch(`/api/v1/departments/${moved.id}`, { version: moved.version, disabled: true })).json();
    expect(disabled.disabled).toBe(true);
    const user = await post('/api/v1/users', { username: 'in.disabled', displayName: '甲', password: 'Long-enough-pw-1', departmentId: team.id, roles: ['sales'] });
    expect(user.statusCode).toBe(400);
    expect(user.json().errors[0].path).toBe('departmentId');
    const visible = (await t.request('GET', '/api/v1/departments?limit=200', { token: t.adminToken })).json().items.map((d: { name: string }) => d.name);
    expect(visible).not.toContain('上海组');
    const all = (await t.request('GET', '/api/v1/departments?limit=200&includeDisabled=true', { token: t.adminToken })).json().items.map((d: { name: string }) => d.name);
    expect(all).toContain('上海组');
    expect((await post('/api/v1/departments', { name: '华东大区', parentId: sales.id })).statusCode).toBe(409);
  });

  it('SEC-1 create a user with department and several roles; usernames are unique ignoring case', async () => {
    const r = await post('/api/v1/users', { username: 'Chen.Yu', displayName: '陈宇', password: 'Chen-yu-pass-01', departmentId: t.rootDepartmentId, roles: ['cs_staff', 'archivist'] });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ username: 'Chen.Yu', roles: ['cs_staff', 'archivist'], status: 'active', mustChangePassword: true, version: 0 });
    const dup = await post('/api/v1/users', { username: 'chen.yu', displayName: '重复', password: 'Chen-yu-pass-01', departmentId: t.rootDepartmentId, roles: ['sales'] });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].path).toBe('username');
    const token = await t.login('chen.yu', 'Chen-yu-pass-01');
    expect((await t.request('GET', '/api/v1/auth/me', { token })).json().mustChangePassword).toBe(true);
  });

  it('SEC-1 only admin manages users; an administrator cannot disable themselves', async () => {
    const sales = await t.createUser('xiao.ma', ['sales']);
    expect((await t.request('GET', '/api/v1/users', { token: sales.token })).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/departments', { token: sales.token, body: { name: '越权' } })).statusCode).toBe(403);
    const me = (await t.request('GET', '/api/v1/auth/me', { token: t.adminToken })).json();
    expect((await post(`/api/v1/users/${me.id}/disable`, {})).statusCode).toBe(422);
  });

  it('SEC-1 reset password ends the sessions and requires a change at next sign-in', async () => {
    const u = await t.createUser('he.jun', ['finance']);
    const r = await post(`/api/v1/users/${u.id}/reset-password`, { password: 'Temporary-pass-9' });
    expect(r.json().mustChangePassword).toBe(true);
    expect((await t.request('GET', '/api/v1/auth/me', { token: u.token })).statusCode).toBe(401);
    const login = await t.request('POST', '/api/v1/auth/login', { body: { username: 'he.jun', password: 'Temporary-pass-9' } });
    expect(login.json().mustChangePassword).toBe(true);
  });

  it('SEC-1 user list: filters and a cursor that walks every row once', async () => {
    for (let i = 0; i < 7; i++) await t.createUser(`page.user${i}`, [i % 2 ? 'sales' : 'cs_staff']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { username: string }[]; nextCursor: string | null } = (await t.request('GET', `/api/v1/users?limit=3&sort=username:desc&q=page.${cursor ? `&cursor=${cursor}` : ''}`, { token: t.adminToken })).json();
      seen.push(...page.items.map((u) => u.username));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort().reverse());
    expect(new Set(seen).size).toBe(7);
    const sales = (await t.request('GET', '/api/v1/users?role=sales&q=page.', { token: t.adminToken })).json().items;
    expect(sales).toHaveLength(3);
    const updated = await patch(`/api/v1/users/${(await t.request('GET', '/api/v1/users?q=page.user0', { token: t.adminToken })).json().items[0].id}`, { version: 0, roles: ['sales', 'gm'] });
    expect(updated.json().roles).toEqual(['sales', 'gm']);
  });
});
