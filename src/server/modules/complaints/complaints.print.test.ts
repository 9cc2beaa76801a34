import { describe, expect, it } from 'vitest';
import type { ComplaintRow } from './complaints.repository.js';
import { renderStatistics, type StatisticsPrint } from './complaints.print.js';

const row = (over: Partial<ComplaintRow>): ComplaintRow => ({
  received_at: new Date('2026-03-02T02:00:00Z'), complaint_no: 'TS-2026-000007', archive_name: '杭州顺达日化有限公司', customer_name: null, responsible_department_name: '质量管理部',
  products: [{ product: '清洁剂A型', quantity: '20', unit: '箱' }, { product: '洗衣液', quantity: '5', unit: '桶' }], resolution_kind: 'return', loss_amount: '1200.50', ...over,
}) as ComplaintRow;
const summary = { from: '2026-03-01', to: '2026-03-31', groupBy: 'month' as const, total: 2, byChannel: { phone: 2 }, byDepartment: [], byCategory: {}, byProduct: [], byResolution: { return: { count: 1, lossAmount: '1200.50' } }, avgHoursToResolve: 30, onTimeRate: 1, avgSatisfaction: 4, periods: [] };
const print = (rows: StatisticsPrint['rows']) => renderStatistics({ from: '2026-03-01', to: '2026-03-31', groupBy: 'month', rows, summary }, { companyName: '示例公司', printedBy: '吴主管', printedAt: '2026-04-01 09:00' });

describe('SVC-9 客户投诉（月、季、年）分析统计表 print', () => {
  it('SVC-9 the seed\'s columns in its order, one line per product, the handling method ticked, the sign-off block', () => {
    const html = print([{ row: row({}), showCustomer: true }]);
    const heads = [...html.matchAll(/<th[^>]*>([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(heads.slice(0, 14)).toEqual(['日期', '编号', '客户投诉内容', '责任', '处理方式', '损失金额', '投诉姓名', '品名', '数量', '单位', '赔偿', '退货', '折价', '其他']);
    expect(html).toContain('<td>清洁剂A型<br>洗衣液</td><td class="num">20<br>5</td><td>箱<br>桶</td>');
    expect(html).toMatch(/<td><\/td><td>✓<\/td><td><\/td><td><\/td><td class="num">1200\.50<\/td>/);
    expect(html).toContain('客户投诉（月）分析统计表');
    expect(html).toContain('审核');
  });
  it('SVC-9 SEC-5 a customer the reader may not read prints withheld; repair and apology count as 其他', () => {
    const html = print([{ row: row({ resolution_kind: 'repair' }), showCustomer: false }]);
    expect(html).not.toContain('杭州顺达日化有限公司');
    expect(html).toContain('（按密级不显示）');
    expect(html).toMatch(/<td><\/td><td><\/td><td><\/td><td>✓<\/td><td class="num">/);
  });
});
