/** The target progress list as xlsx or csv (REL-11): the dashboard's owners, one row per metric. */
import type { Kysely } from 'kysely';
import type { TargetMetric } from '../../../contract/targets.js';
import type { DB } from '../../db/schema.js';
import { streamTable, type Column } from '../../exports/tabular.js';
import { recordReadAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { targetBoard } from './targets.service.js';

const metricZh: Record<TargetMetric, string> = { sales: '销售额（元）', satisfaction: '客户满意度', retention: '客户维系率', calls: '电话联系（次）', visits: '拜访（次）' };
type Row = { ownerName: string; departmentName: string; metric: TargetMetric; target: number | null; actual: number | null; ratio: number | null };

export async function exportTargetProgress(db: Kysely<DB>, p: Principal, q: { period: string; departmentId?: string | undefined; format: 'csv' | 'xlsx' }, actor: Actor, now = new Date()) {
  const board = await targetBoard(db, p, q);
  await recordReadAudit(db, actor, { action: 'target.exported', entityType: 'target', data: { period: board.period, departmentId: q.departmentId ?? null, format: q.format } }, now);
  const cols: Column<Row>[] = [
    { header: '期间', value: () => board.period }, { header: '部门', value: (r) => r.departmentName }, { header: '客户经理', value: (r) => r.ownerName },
    { header: '指标', value: (r) => metricZh[r.metric] }, { header: '目标', value: (r) => r.target }, { header: '实际', value: (r) => r.actual },
    { header: '完成率', value: (r) => (r.ratio === null ? null : `${(r.ratio * 100).toFixed(1)}%`) },
  ];
  const rows: Row[] = board.owners.flatMap((o) => o.metrics.map((m) => ({ ownerName: o.ownerName, departmentName: o.departmentName, ...m })));
  async function* batches(): AsyncIterable<Row[]> {
    yield rows;
  }
  const { stream } = streamTable(q.format, '绩效目标', cols, batches());
  return { file: stream, filename: `targets-${board.period}.${q.format}`, contentType: q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
