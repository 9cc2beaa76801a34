import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleKey } from '../../../contract/roles.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { subjectOf } from '../access/access.service.js';
import { responsesSeen, responsesSeenByDefinition, resultsOver, type ResponseFilters } from './surveys.query.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => t?.close());

const roles: RoleKey[] = ['sales', 'dept_staff', 'office_head', 'cs_staff', 'cs_manager', 'marketing_director', 'finance', 'gm'];
const start = new Date('2026-11-01T00:00:00+08:00');
const end = new Date('2026-12-01T00:00:00+08:00');

describe('REL-9 survey results read the responses the reader sees, index-driven, exactly as the definition', () => {
  it('REL-9 REL-11 SEC-2 for generated departments, managers, customers (in and out of their owner’s department, moved after their responses), levels, shares, grants and responses, every reader’s responses and results are those of the definition', async () => {
    const db = t.database.db;
    const tv = await db.selectFrom('survey_template_versions as v').innerJoin('survey_templates as t', 't.id', 'v.template_id').select(['v.id', 'v.template_id', 'v.questions']).where('t.is_default', '=', true).orderBy('v.id', 'desc').executeTakeFirstOrThrow();
    let compared = 0;
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          parents: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
          users: fc.array(fc.record({ roles: fc.subarray(roles, { minLength: 1, maxLength: 2 }), dept: fc.nat(), manages: fc.option(fc.nat(), { nil: undefined }) }), { minLength: 2, maxLength: 5 }),
          customers: fc.array(
            fc.record({
              owner: fc.option(fc.nat(), { nil: null, freq: 6 }),
              // mostly the owner's department; sometimes another one (moved, or filed elsewhere)
              dept: fc.option(fc.nat(), { nil: undefined, freq: 2 }),
              level: fc.constantFrom('none', 'none', 'secret', 'confidential', 'top_secret'),
              abc: fc.constantFrom(null, 'A', 'B', 'C'),
              shares: fc.array(fc.nat(), { maxLength: 2 }),
              grant: fc.option(fc.record({ user: fc.nat(), active: fc.boolean() }), { nil: undefined }),
              // each response: its owner then (the customer's, another user or none) and whether it is in the range
              responses: fc.array(fc.record({ owner: fc.constantFrom('customer', 'other', 'none'), other: fc.nat(), inRange: fc.boolean(), rating: fc.integer({ min: 1, max: 5 }) }), { maxLength: 3 }),
              // after its responses, the customer moves to another department (0205: its responses follow)
              moveTo: fc.option(fc.nat(), { nil: undefined, freq: 3 }),
            }),
            { minLength: 1, maxLength: 8 },
          ),
        }),
        async (world) => {
          await db.transaction().execute(async (tx) => {
            const depts: string[] = [t.rootDepartmentId];
            for (const p of world.parents) depts.push((await tx.insertInto('departments').values({ name: `rs${Math.random()}`, parent_id: depts[p % depts.length]! }).returning('id').executeTakeFirstOrThrow()).id);
            const users: { id: string; roles: RoleKey[]; dept: string }[] = [];
            for (const [i, u] of world.users.entries()) {
              const dept = depts[u.dept % depts.length]!;
              const id = (await tx.insertInto('users').values({ username: `rs${i}_${Math.random()}`, display_name: `答卷人${i}`, department_id: dept, roles: u.roles, password_hash: 'x' }).returning('id').executeTakeFirstOrThrow()).id;
              users.push({ id, roles: u.roles, dept });
              if (u.manages !== undefined) await tx.updateTable('departments').set({ manager_id: id }).where('id', '=', depts[u.manages % depts.length]!).execute();
            }
            for (const [i, c] of world.customers.entries()) {
              const owner = c.owner === null ? null : users[c.owner % users.length]!;
              const dept = c.dept !== undefined ? depts[c.dept % depts.length]! : owner?.dept ?? depts[0]!;
              const id = (await tx.insertInto('customers').values({ archive_no: `RS-${i}-${Math.random()}`, filed_on: '2026-01-01', name: `答卷客户${i}`, customer_type: 'direct', owner_id: owner?.id ?? null, department_id: dept, name_norm: `c${i}`, secrecy_level: c.level, abc_class: c.abc }).returning('id').executeTakeFirstOrThrow()).id;
              for (const u of new Set(c.shares.map((s) => users[s % users.length]!.id))) await tx.insertInto('customer_shares').values({ customer_id: id, user_id: u }).execute();
              if (c.grant) {
                const user = users[c.grant.user % users.length]!.id;
                const now = Date.now();
                const [starts, ends] = c.grant.active ? [now - 3_600_000, now + 3_600_000] : [now - 7_200_000, now - 3_600_000];
                const approval = await tx.insertInto('approvals').values({ type: 'access_request', subject_type: 'customer', subject_id: id, customer_id: id, summary: 'rs', requester_id: user, approver_role: 'cs_manager', approver_rule: 'SEC-6', expires_at: new Date(now + 86_400_000) }).returning('id').executeTakeFirstOrThrow();
                await tx.insertInto('access_requests').values({ approval_id: approval.id, customer_id: id, requester_id: user, groups: ['basic'], purpose: 'rs', duration_minutes: 120, secrecy_level: c.level, starts_at: new Date(starts), ends_at: new Date(ends) }).execute();
              }
              for (const r of c.responses) {
                const rOwner = r.owner === 'customer' ? owner?.id ?? null : r.owner === 'other' ? users[r.other % users.length]!.id : null;
                const sv = await tx.insertInto('surveys').values({ customer_id: id, template_id: tv.template_id, template_version_id: tv.id, channel: 'phone', owner_id: rOwner, state: 'answered' }).returning('id').executeTakeFirstOrThrow();
                await tx.insertInto('survey_responses').values({
                  survey_id: sv.id, customer_id: id, owner_id: rOwner, avg_rating: String(r.rating), answers: JSON.stringify([{ questionId: 'service', rating: r.rating }]),
                  responded_at: r.inRange ? '2026-11-15T12:00:00+08:00' : '2026-10-15T12:00:00+08:00',
                }).execute();
              }
              if (c.moveTo !== undefined) await tx.updateTable('customers').set({ department_id: depts[c.moveTo % depts.length]! }).where('id', '=', id).execute();
            }
            for (const u of users) {
              const s = await subjectOf(tx, { userId: u.id, roles: u.roles });
              const filters: ResponseFilters[] = [
                { start, end },
                { start, end, abcClass: 'B' },
                { start, end, ownerId: users[0]!.id },
                { start, end, templateId: tv.template_id },
              ];
              for (const f of filters) {
                const ids = async (w: ReturnType<typeof responsesSeen>) => (await sql<{ id: string }>`SELECT w.id FROM (${w}) w ORDER BY w.id`.execute(tx)).rows.map((r) => r.id);
                const expected = await ids(responsesSeenByDefinition(s, f));
                expect(await ids(responsesSeen(s, f)), `${u.roles.join(',')} managing ${s.managedDepartmentIds.join(',')} ${JSON.stringify({ ...f, start: undefined, end: undefined })}`).toEqual(expected);
                if (expected.length > 0) nonEmpty++;
                compared++;
              }
              // the answer itself (the JSON the route returns) is the same
              expect(await resultsOver(tx, responsesSeen(s, { start, end }))).toEqual(await resultsOver(tx, responsesSeenByDefinition(s, { start, end })));
            }
            throw new Error('rollback');
          }).catch((e: Error) => {
            if (e.message !== 'rollback') throw e;
          });
        },
      ),
      { numRuns: 40 },
    );
    expect(compared).toBeGreaterThan(200);
    expect(nonEmpty).toBeGreaterThan(20);
  });
});
