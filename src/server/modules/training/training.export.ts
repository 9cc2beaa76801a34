/** The missing trainings as xlsx or csv (REL-12). */
import type { Kysely } from 'kysely';
import type { RoleKey } from '../../../contract/roles.js';
import type { DB } from '../../db/schema.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { trainingGaps } from './training.service.js';

const topicZh = { theory: '客户管理理论', service: '客户服务技巧', system: 'CRM系统使用' } as const;
type Row = Awaited<ReturnType<typeof trainingGaps>>['items'][number];

export async function exportGaps(db: Kysely<DB>, p: Principal, q: { departmentId?: string | undefined; role?: RoleKey | undefined; format: 'csv' | 'xlsx' }, actor: Actor, now = new Date()) {
  const { items } = await trainingGaps(db, p, q);
  await recordReadAudit(db, actor, { action: 'training.exported', entityType: 'training', data: { departmentId: q.departmentId ?? null, role: q.role ?? null, format: q.format, rows: items.length } }, now);
  const cols: Column<Row>[] = [
    { header: '部门', value: (r) => r.departmentName }, { header: '员工', value: (r) => r.userName }, { header: '岗位角色', value: (r) => r.role },
    { header: '培训计划', value: (r) => r.planTitle }, { header: '培训内容', value: (r) => topicZh[r.topic] }, { header: '最好成绩', value: (r) => r.bestScore },
  ];
  async function* batches(): AsyncIterable<Row[]> {
    yield items;
  }
  const { stream } = streamTable(q.format, '未完成培训', cols, batches());
  return { file: stream, filename: `training-gaps.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
