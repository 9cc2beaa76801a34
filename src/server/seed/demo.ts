/**
 * The demo company (PLT-1): departments, users of every role, 2,000 customers with contacts and
 * three years of transactions, five months of communications with check-ins (today's too), next-step,
 * cadence and revisit tasks and revisit reports (relations.ts); then complaints and service requests in
 * every state (demo-service.ts) and every programme and sales module (demo-programmes.ts), through their
 * services. Loads once; a second run changes nothing.
 */
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { RoleKey } from '../../contract/roles.js';
import type { DB } from '../db/schema.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import { systemActor } from '../modules/audit/audit.types.js';
import { createUser } from '../modules/users/users.service.js';
import { bulkLoadArchives, type LoadResult } from './bulk-load.js';
import { loadDemoService } from './demo-service.js';
import { loadDemoProgrammes, type ProgrammesResult } from './demo-programmes.js';
import { topUpPayments } from './payments.js';
import { loadDemoRelations, type RelationsLoadResult } from './relations.js';
import { createCadenceReminders } from '../modules/relations/reminders.service.js';
import { planKeyCustomerRevisits } from '../modules/relations/revisits.service.js';

export const DEMO_PASSWORD = 'Demo-pass-2026';

const departments: [string, string | null][] = [
  ['总经理办公室', null], ['营销中心', null], ['销售一部', '营销中心'], ['销售二部', '营销中心'], ['市场营销部', '营销中心'],
  ['客户服务部', null], ['计划财务部', null], ['档案室', '总经理办公室'], ['生产部', null], ['质量管理部', null], ['技术研发部', null],
];

const users: [string, string, string, RoleKey[], boolean?][] = [
  ['zhang.zong', '张总', '总经理办公室', ['gm']],
  ['liu.zhuren', '刘主任', '总经理办公室', ['office_head']],
  ['chen.zongjian', '陈总监', '营销中心', ['marketing_director'], true],
  ['wang.jingli', '王经理', '市场营销部', ['marketing_manager'], true],
  ['li.xiaoshou', '李销售', '销售一部', ['sales']],
  ['zhao.xiaoshou', '赵销售', '销售一部', ['sales']],
  ['sun.xiaoshou', '孙销售', '销售二部', ['sales']],
  ['zhou.yibu', '周部长', '销售一部', ['sales'], true],
  ['wu.kefu', '吴主管', '客户服务部', ['cs_manager'], true],
  ['zheng.kefu', '郑客服', '客户服务部', ['cs_staff']],
  ['feng.caiwu', '冯会计', '计划财务部', ['finance']],
  ['he.dangan', '何档案', '档案室', ['archivist']],
  ['lv.shengchan', '吕工', '生产部', ['dept_staff']],
  ['qian.zhijian', '钱质检', '质量管理部', ['dept_staff'], true],
];

export type DemoResult = LoadResult & RelationsLoadResult & { tasks: number; complaints: number; serviceRequests: number; programmes: ProgrammesResult };

export async function loadDemo(db: Kysely<DB>, client: pg.PoolClient, onProgress?: (done: number, total: number) => void): Promise<DemoResult | null> {
  const loaded = await db.selectFrom('settings').select('key').where('key', '=', 'demo_loaded').executeTakeFirst();
  if (loaded) {
    // a demo loaded before complaints were part of it gets them once (spec 05)
    await loadDemoService(db);
    return null;
  }
  const root = (await db.selectFrom('departments').select('id').where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow()).id;
  const deptIds = new Map<string, string>();
  for (const [name, parent] of departments) {
    const parentId = parent ? deptIds.get(parent)! : root;
    const row = await db.insertInto('departments').values({ name, parent_id: parentId }).returning('id').executeTakeFirstOrThrow();
    deptIds.set(name, row.id);
  }
  const owners: [string, string][] = [];
  for (const [username, displayName, dept, roles, manages] of users) {
    const u = await createUser(db, { username, displayName, password: DEMO_PASSWORD, departmentId: deptIds.get(dept)!, roles, mustChangePassword: false }, { ...systemActor, requestId: 'demo' });
    if (manages) await db.updateTable('departments').set({ manager_id: u.id }).where('id', '=', deptIds.get(dept)!).execute();
    if (roles.includes('sales') || roles.includes('cs_staff')) owners.push([u.id, u.departmentId]);
  }
  const to = new Date();
  const from = new Date(to.getFullYear() - 3, to.getMonth(), to.getDate());
  await client.query('BEGIN');
  try {
    const result = await bulkLoadArchives(client, { customers: 2000, contactsPerCustomer: [1, 3], transactionsPerCustomer: [3, 25], owners, seed: 2026, from, to, withLines: true, onProgress: (_s, d, t) => onProgress?.(d, t) });
    await topUpPayments(client); // EVA-1 payments against the transactions
    // ARC-1 (issue 17 item 13): two custom fields the demo company keeps, filled in on a third of the archives
    await client.query(`INSERT INTO custom_fields (key, label, type, options) VALUES ('leadChannel', '获客渠道', 'single', ARRAY['展会', '转介绍', '官网', '电话开发']), ('erpSystem', '对接系统', 'text', '{}') ON CONFLICT (key) DO NOTHING`);
    await client.query(`UPDATE customers SET custom = custom || jsonb_build_object('leadChannel', (ARRAY['展会', '转介绍', '官网', '电话开发'])[1 + (id % 4)::int]) || CASE WHEN id % 6 = 0 THEN jsonb_build_object('erpSystem', (ARRAY['用友 U8', '金蝶 K/3', 'SAP Business One'])[1 + (id % 3)::int]) ELSE '{}'::jsonb END WHERE id % 3 = 0`);
    const relations = await loadDemoRelations(client, to, 2026); // spec 04: contacts, check-ins, next steps, revisits
    await client.query(`INSERT INTO settings (key, value) VALUES ('demo_loaded', $1)`, [JSON.stringify({ at: to.toISOString(), ...result, ...relations })]);
    await client.query('COMMIT');
    // REL-5 the day's reminder run, as the scheduled jobs would: cadence tasks for due customers, revisits of key customers
    const reminders = await createCadenceReminders(db, to);
    const revisits = await planKeyCustomerRevisits(db, to);
    // spec 05: the complaints and service requests, through their services (after the archives are committed)
    const service = await loadDemoService(db);
    // PLT-1: the programmes and sales modules, through their services, over the archives just loaded
    const programmes = await loadDemoProgrammes(db);
    const loaded = { ...result, ...relations, tasks: relations.nextSteps + reminders.calls + reminders.visits + revisits, complaints: service?.complaints ?? 0, serviceRequests: service?.serviceRequests ?? 0, programmes };
    await db.transaction().execute((tx) => recordAudit(tx, systemActor, { action: 'system.demo_loaded', data: { ...loaded } }));
    return loaded;
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}
