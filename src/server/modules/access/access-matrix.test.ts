/**
 * PLT-8 the generated access matrix: every role × secrecy level × A-class or not × owner or not ×
 * grant or not × customer-data endpoint. Nothing the policy denies is readable or writable, and
 * nothing it allows is refused — through detail, contacts, transactions, history, versions,
 * timeline, documents, grade history, printed forms, list, search, count, export and update.
 * Then every operation of the API must be classified in customer-data-routes.ts (one list), and
 * every `list` operation there is probed as each subject: no name, archive number, contact or
 * amount of an archive the policy denies appears anywhere in the answer (issue 11).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldGroup } from '../../../contract/access.js';
import { routes } from '../../../contract/routes.js';
import { roleKeys, type RoleKey } from '../../../contract/roles.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { decideCustomerAccess, keepsRegisterOf, type AccessSubject, type CustomerFacts, type SecrecyLevel } from './customer-access.rules.js';
import { decideEvaluationAccess, decidePaymentAccess } from './evaluation-access.rules.js';
import { hasPermission } from './access.rules.js';
import { customerDataRoutes, type Sees } from './customer-data-routes.js';
import { systemActor } from '../audit/audit.types.js';
import { runAbc } from '../evaluation/abc.service.js';
import { openRound } from '../evaluation/rounds.service.js';

const levels: SecrecyLevel[] = ['none', 'secret', 'confidential', 'top_secret'];
const classes = ['A', null] as const;
const grantGroups: FieldGroup[] = ['basic', 'contacts', 'financial'];

type Subject = { label: string; id: string; token: string; roles: RoleKey[]; granted: boolean };
type Archive = { id: string; name: string; archiveNo: string; contact: string; amount: string; level: SecrecyLevel; abc: 'A' | null; ownerId: string; version: number };

let t: TestApp;
const subjects: Subject[] = [];
const archives: Archive[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const owners: Subject[] = [];
  for (const roles of [['sales'], ['cs_staff']] as RoleKey[][]) {
    const u = await t.createUser(`mx.owner.${roles[0]}`, roles);
    owners.push({ label: `owner(${roles[0]})`, ...u, roles, granted: false });
  }
  for (const owner of owners) {
    for (const level of levels) {
      for (const abc of classes) {
        const name = `矩阵${owner.roles[0]}${level}${abc ?? 'N'}有限公司`;
        const r = await t.request('POST', '/api/v1/customers', { token: owner.token, body: { name, customerType: 'direct', confirmDuplicate: true, phone: '021-66668888' } });
        expect(r.statusCode, r.body).toBe(201);
        const { id, archiveNo } = r.json<{ id: string; archiveNo: string }>();
        // a contact name and an amount found nowhere else, so that any leak of them can be seen
        const contact = `矩阵联系人${archives.length + 1}号`;
        const amount = `${98_700 + archives.length}.37`;
        await t.request('POST', `/api/v1/customers/${id}/contacts`, { token: owner.token, body: { role: 'primary', name: contact, mobile: '13700001111' } });
        await t.request('POST', `/api/v1/customers/${id}/transactions`, { token: owner.token, body: { txNo: `MX-${id}`, date: '2026-02-02', amount } });
        // levels and classes set afterwards, as the owner, so that every archive has the same content
        await t.database.ownerPool.query('UPDATE customers SET secrecy_level = $2, abc_class = $3 WHERE id = $1', [id, level, abc]);
        const version = (await t.database.ownerPool.query<{ version: number }>('SELECT version FROM customers WHERE id = $1', [id])).rows[0]!.version;
        archives.push({ id, name, archiveNo, contact, amount, level, abc, ownerId: owner.id, version });
      }
    }
  }
  subjects.push(...owners);
  // evaluation records, grade changes and ABC entries for every archive (what the list probes read)
  await openRound(t.database.db, '2026Q1', systemActor, {}, new Date('2026-04-01T02:00:00+08:00'));
  await runAbc(t.database.db, systemActor);
  await t.database.ownerPool.query(`UPDATE customers c SET abc_class = a.abc FROM (SELECT unnest($1::bigint[]) AS id, unnest($2::text[]) AS abc) a WHERE a.id = c.id`, [archives.map((a) => a.id), archives.map((a) => a.abc)]);
  // the runs above changed versions: updates below carry the current one
  for (const a of archives) a.version = (await t.database.ownerPool.query<{ version: number }>('SELECT version FROM customers WHERE id = $1', [a.id])).rows[0]!.version;
  await t.database.ownerPool.query(`INSERT INTO grade_changes (customer_id, kind, from_value, to_value, cause, reason) SELECT unnest($1::bigint[]), 'grade', 'B', 'A', 'evaluation', 'matrix'`, [archives.map((a) => a.id)]);
  for (const role of roleKeys) {
    for (const granted of [false, true]) {
      const u = await t.createUser(`mx.${role}.${granted ? 'g' : 'n'}`, [role]);
      subjects.push({ label: `${role}${granted ? '+grant' : ''}`, ...u, roles: [role], granted });
      if (granted) {
        for (const a of archives) {
          const approval = await t.database.ownerPool.query<{ id: string }>(
            `INSERT INTO approvals (type, state, subject_type, subject_id, customer_id, summary, requester_id, approver_role, approver_rule, expires_at)
             VALUES ('access_request', 'approved', 'customer', $1::text, $1::bigint, 'matrix', $2, 'cs_manager', 'SEC-6', now() + interval '1 day') RETURNING id`,
            [a.id, u.id],
          );
          await t.database.ownerPool.query(
            `INSERT INTO access_requests (approval_id, customer_id, requester_id, groups, purpose, duration_minutes, secrecy_level, starts_at, ends_at)
             VALUES ($1, $2, $3, $4, 'matrix', 120, $5, now() - interval '1 hour', now() + interval '1 hour')`,
            [approval.rows[0]!.id, a.id, u.id, grantGroups, a.level],
          );
        }
      }
    }
  }
}, 120_000);
afterAll(async () => t?.close());

const factsFor = (s: Subject, a: Archive): CustomerFacts => ({
  id: a.id,
  ownerId: a.ownerId,
  departmentId: t.rootDepartmentId,
  sharedWith: [],
  secrecyLevel: a.level,
  abcClass: a.abc,
  grants: s.granted && (a.level === 'none' || a.level === 'secret') ? [{ groups: grantGroups }] : [],
});
const subjectFor = (s: Subject): AccessSubject => ({ userId: s.id, roles: s.roles, managedDepartmentIds: [] });
const hasExport = 'exportCustomers' in routes;

describe('PLT-8 the access matrix', () => {
  it('PLT-8 SEC-2…SEC-6 every role × level × class × owner × grant × endpoint answers as the policy decides', async () => {
    let cases = 0;
    const failures: string[] = [];
    const check = (what: string, actual: unknown, expected: unknown) => {
      cases++;
      if (JSON.stringify(actual) !== JSON.stringify(expected)) failures.push(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    };
    for (const s of subjects) {
      const listed = new Set(((await t.request('GET', '/api/v1/customers?limit=200', { token: s.token })).json().items as { id: string }[]).map((c) => c.id));
      const exported = hasExport ? (await t.request('GET', '/api/v1/exports/customers?format=csv', { token: s.token })).body : '';
      for (const a of archives) {
        const d = decideCustomerAccess(subjectFor(s), 'read', factsFor(s, a));
        const update = decideCustomerAccess(subjectFor(s), 'update', factsFor(s, a));
        const exportable = decideCustomerAccess(subjectFor(s), 'export', factsFor(s, a));
        const groups = d.effect === 'allow' ? d.groups : [];
        const label = `${s.label} × ${a.level}/${a.abc ?? '-'}/${a.ownerId === s.id ? 'own' : 'other'}`;
        const status = async (path: string) => (await t.request('GET', `/api/v1/customers/${a.id}${path}`, { token: s.token })).statusCode;
        const partStatus = (g: FieldGroup) => (d.effect === 'deny' ? 404 : groups.includes(g) ? 200 : 403);
        const detail = await t.request('GET', `/api/v1/customers/${a.id}`, { token: s.token });
        check(`${label} detail`, detail.statusCode, d.effect === 'allow' ? 200 : 404);
        if (detail.statusCode === 200) {
          const body = detail.json<{ withheld: string[] }>();
          check(`${label} withheld`, body.withheld, ['basic', 'contacts', 'personal', 'financial', 'documents', 'evaluation'].filter((g) => !groups.includes(g as FieldGroup)));
        }
        check(`${label} contacts`, await status('/contacts'), partStatus('contacts'));
        const books = decidePaymentAccess(subjectFor(s), { secrecyLevel: a.level, abcClass: a.abc }, d);
        check(`${label} transactions`, await status('/transactions'), books.read ? 200 : d.effect === 'deny' ? 404 : 403);
        check(`${label} history`, await status('/history'), d.effect === 'allow' ? 200 : 404);
        check(`${label} version 0`, await status('/versions/0'), d.effect === 'allow' ? 200 : 404);
        check(`${label} timeline`, await status('/timeline'), d.effect === 'allow' ? 200 : 404);
        check(`${label} documents`, await status('/documents'), partStatus('documents'));
        // evaluation records follow their own rule (finance reads them by duty, EVA-4), inside the same policy module
        const evaluation = decideEvaluationAccess(subjectFor(s), { secrecyLevel: a.level, abcClass: a.abc }, d);
        check(`${label} grade history`, await status('/grade-history'), evaluation.read ? 200 : d.effect === 'allow' ? 403 : 404);
        check(`${label} print 客户档案表`, await status('/forms/archive'), d.effect === 'deny' ? 404 : decideCustomerAccess(subjectFor(s), 'print', factsFor(s, a)).effect === 'allow' ? 200 : 403);
        check(`${label} list`, listed.has(a.id), d.effect === 'allow');
        const search = await t.request('GET', `/api/v1/customers?q=${encodeURIComponent(a.name)}`, { token: s.token });
        check(`${label} search`, (search.json().items as { id: string }[]).some((c) => c.id === a.id), d.effect === 'allow');
        const count = await t.request('GET', `/api/v1/customers/count?q=${encodeURIComponent(a.name)}`, { token: s.token });
        check(`${label} count`, count.json().count, d.effect === 'allow' ? 1 : 0);
        if (hasExport) check(`${label} export`, exported.includes(a.name), exportable.effect === 'allow');
        // a write the policy denies is refused (404 when not even visible), one it allows goes through
        const patch = await t.request('PATCH', `/api/v1/customers/${a.id}`, { token: s.token, body: { version: a.version, remarks: `矩阵${cases}` } });
        check(`${label} update`, patch.statusCode, d.effect === 'deny' ? 404 : update.effect === 'allow' ? 200 : 403);
        if (patch.statusCode === 200) a.version = patch.json<{ version: number }>().version;
      }
    }
    console.log(`PLT-8 access matrix: ${cases} cases over ${subjects.length} users × ${archives.length} archives`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(cases).toBeGreaterThan(3000);
  }, 300_000);

  it('PLT-8 every operation of the API is classified by whether its answer can name a customer (customer-data-routes.ts)', () => {
    const unclassified = Object.keys(routes).filter((n) => !(n in customerDataRoutes));
    const stale = Object.keys(customerDataRoutes).filter((n) => !(n in routes));
    expect(unclassified, 'add these routes to customer-data-routes.ts').toEqual([]);
    expect(stale).toEqual([]);
    // an operation under /customers/:id is one archive's; a list that names customers has probes
    for (const [n, c] of Object.entries(customerDataRoutes)) {
      const r = routes[n as keyof typeof routes];
      if (r.method === 'GET' && r.path.startsWith('/api/v1/customers/:id')) expect(c.kind, n).toBe('archive');
      if (c.kind === 'list') expect(c.probes.length, n).toBeGreaterThan(0);
    }
  });

  it('PLT-8 SEC-2…SEC-6 issue 11: no list, count, export, approval, notification, task, evaluation, round, ABC or personal-data answer shows a denied name, archive number, contact or amount', async () => {
    let cases = 0;
    const failures: string[] = [];
    const lists = Object.entries(customerDataRoutes).flatMap(([n, c]) => (c.kind === 'list' ? c.probes.map((url) => ({ n, url, sees: c.sees })) : []));
    for (const s of subjects) {
      const subject = subjectFor(s);
      const decisions = archives.map((a) => {
        const d = decideCustomerAccess(subject, 'read', factsFor(s, a));
        const groups = d.effect === 'allow' ? d.groups : [];
        return {
          a,
          read: d.effect === 'allow',
          groups,
          exportable: decideCustomerAccess(subject, 'export', factsFor(s, a)).effect === 'allow',
          evaluation: decideEvaluationAccess(subject, { secrecyLevel: a.level, abcClass: a.abc }, d).read,
          books: decidePaymentAccess(subject, { secrecyLevel: a.level, abcClass: a.abc }, d).read,
        };
      });
      // what may appear, by the rule the operation follows
      const may = (sees: Sees, x: (typeof decisions)[number]) => {
        const name = sees === 'export' ? x.exportable : sees === 'evaluation' ? x.read || x.evaluation : sees === 'personal_duty' ? x.read || (s.roles.includes('admin') && x.a.level === 'none') : sees === 'register' ? x.read || hasPermission(s.roles, 'borrowing.register') : sees === 'archive_register' ? (x.read || keepsRegisterOf(subject, x.a.level)) && x.a.level !== 'top_secret' : x.read;
        const contact = sees === 'personal_duty' ? name : x.read && x.groups.includes('contacts') && (sees !== 'export' || x.exportable);
        const amount = sees === 'evaluation' ? x.evaluation || x.groups.includes('financial') : (x.read && x.groups.includes('financial')) || x.books;
        return { name, contact, amount };
      };
      for (const { n, url, sees } of lists) {
        const r = await t.request('GET', url, { token: s.token });
        const body = r.body;
        if (r.statusCode >= 500) failures.push(`${s.label} ${n} ${url}: ${r.statusCode}`);
        for (const x of decisions) {
          const ok = may(sees, x);
          const label = `${s.label} × ${x.a.level}/${x.a.abc ?? '-'}/${x.a.ownerId === s.id ? 'own' : 'other'} ${url}`;
          for (const [what, value, allowed] of [['name', x.a.name, ok.name], ['archive number', x.a.archiveNo, ok.name], ['contact', x.a.contact, ok.contact], ['amount', x.a.amount, ok.amount]] as const) {
            cases++;
            if (!allowed && body.includes(value)) failures.push(`${label}: shows the ${what} ${value}`);
          }
        }
      }
    }
    console.log(`PLT-8 issue 11 matrix: ${cases} cases (${lists.length} list operations × ${subjects.length} users × ${archives.length} archives × name, number, contact, amount)`);
    const kinds = [...new Set(failures.map((f) => f.replace(/ × [^ ]+ /, ' ').replace(/: shows the .*/, '')))];
    expect(kinds.slice(0, 40)).toEqual([]);
    expect(failures.slice(0, 30)).toEqual([]);
    expect(cases).toBeGreaterThan(10_000);
  }, 300_000);
});
