import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractClauseKeys } from '../../../contract/sales.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let rep: { id: string; token: string };
let mm: { id: string; token: string };
let gm: { id: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  rep = await t.createUser('tpl.rep', ['sales']);
  mm = await t.createUser('tpl.mm', ['marketing_manager']);
  gm = await t.createUser('tpl.gm', ['gm']);
});
afterAll(async () => t?.close());

const clauses = {
  product: '品名见本合同明细表',
  specification: '规格见本合同明细表',
  quantity: '数量以明细表为准，允许 ±3% 溢短装',
  quality: '符合国家标准 GB/T 19001 及双方确认的样品',
  price: '含税价，合同期内不变',
  settlement: '银行转账，按付款计划分期支付',
  rightsObligations: '甲方按期付款，乙方按期交货并提供质保',
  disputeResolution: '协商不成的，提交甲方所在地人民法院诉讼解决',
};
const approvalOf = async (versionApprovalId: string, token: string, decision: 'approve' | 'reject') => t.request('POST', `/api/v1/approvals/${versionApprovalId}/${decision}`, { token, body: {} });
const draft = (customerId: string, templateId?: string) =>
  t.request('POST', '/api/v1/contracts', { token: rep.token, body: { customerId, title: '年度供货合同', amount: '10000', signatory: '张三', ...(templateId ? { templateId } : {}), instalments: [{ dueOn: '2027-06-30', amount: '10000' }] } });

describe('SAL-3 contract templates approved by legal (seed 003 9.2)', () => {
  it('SAL-3 SEC-7 a template is usable only once the gm approved it; the contract copies the approved version’s clauses, and a later version changes nothing in it', async () => {
    expect((await t.request('POST', '/api/v1/contract-templates', { token: rep.token, body: { name: '销售合同范本', clauses } })).statusCode).toBe(403);
    const missing = await t.request('POST', '/api/v1/contract-templates', { token: mm.token, body: { name: '销售合同范本', clauses: { ...clauses, disputeResolution: undefined } } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([expect.objectContaining({ path: 'clauses.disputeResolution' })]);

    const created = await t.request('POST', '/api/v1/contract-templates', { token: mm.token, body: { name: '销售合同范本', clauses } });
    expect(created.statusCode, created.body).toBe(201);
    const tpl = created.json();
    expect(tpl).toMatchObject({ usable: false, approvedVersion: null, pendingVersion: { number: 1, state: 'pending' } });
    const approvalId = tpl.pendingVersion.approvalId as string;
    const approval = (await t.request('GET', `/api/v1/approvals/${approvalId}`, { token: gm.token })).json();
    expect(approval).toMatchObject({ type: 'contract_template', approverRole: 'gm', canDecide: true });
    // the author cannot decide it; nothing is usable before the decision
    expect((await approvalOf(approvalId, mm.token, 'approve')).statusCode).toBe(403);
    const c = (await t.request('POST', '/api/v1/customers', { token: rep.token, body: { name: '合同范本客户有限公司', customerType: 'direct' } })).json();
    const refused = await draft(c.id, tpl.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([expect.objectContaining({ path: 'templateId' })]);
    expect((await t.request('GET', '/api/v1/contract-templates?usable=true', { token: rep.token })).json().items).toEqual([]);

    expect((await approvalOf(approvalId, gm.token, 'approve')).statusCode).toBe(200);
    const approved = (await t.request('GET', `/api/v1/contract-templates/${tpl.id}`, { token: rep.token })).json();
    expect(approved).toMatchObject({ usable: true, approvedVersion: { number: 1, state: 'approved', decidedByName: expect.any(String) }, pendingVersion: null });
    const k = await draft(c.id, tpl.id);
    expect(k.statusCode, k.body).toBe(201);
    expect(k.json()).toMatchObject({ template: { id: tpl.id, name: '销售合同范本', versionNumber: 1 }, clauses });
    expect(Object.keys(k.json().clauses)).toEqual([...contractClauseKeys]);

    // a new version waits for review; the approved one stays in use, and the drafted contract keeps its clauses
    const same = await t.request('POST', `/api/v1/contract-templates/${tpl.id}/versions`, { token: mm.token, body: { version: approved.version, clauses } });
    expect(same.statusCode).toBe(422);
    const v2 = await t.request('POST', `/api/v1/contract-templates/${tpl.id}/versions`, { token: mm.token, body: { version: approved.version, clauses: { ...clauses, disputeResolution: '提交上海仲裁委员会仲裁' } } });
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json()).toMatchObject({ approvedVersion: { number: 1 }, pendingVersion: { number: 2 }, usable: true });
    expect((await t.request('POST', `/api/v1/contract-templates/${tpl.id}/versions`, { token: mm.token, body: { version: v2.json().version, clauses: { ...clauses, price: '不含税价' } } })).statusCode).toBe(409);
    expect((await approvalOf(v2.json().pendingVersion.approvalId, gm.token, 'approve')).statusCode).toBe(200);
    expect((await draft(c.id, tpl.id)).json()).toMatchObject({ template: { versionNumber: 2 }, clauses: { disputeResolution: '提交上海仲裁委员会仲裁' } });
    expect((await t.request('GET', `/api/v1/contracts/${k.json().id}`, { token: rep.token })).json().clauses).toEqual(clauses);

    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_type', '=', 'contract_template').where('entity_id', '=', tpl.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['contract_template.created', 'contract_template.approved', 'contract_template.version_created', 'contract_template.approved']);
  });

  it('SAL-3 SEC-7 a template the only gm writes is refused (nobody else could review it), and a rejected version leaves the template unusable', async () => {
    const own = await t.request('POST', '/api/v1/contract-templates', { token: gm.token, body: { name: '总经理范本', clauses } });
    expect(own.statusCode).toBe(422);
    expect(own.json().rule).toBe('SEC-7');
    expect((await t.request('GET', '/api/v1/contract-templates?q=总经理', { token: gm.token })).json().items).toEqual([]);

    const tpl = (await t.request('POST', '/api/v1/contract-templates', { token: mm.token, body: { name: '采购合同范本', clauses } })).json();
    expect((await approvalOf(tpl.pendingVersion.approvalId, gm.token, 'reject')).statusCode).toBe(200);
    const after = (await t.request('GET', `/api/v1/contract-templates/${tpl.id}`, { token: mm.token })).json();
    expect(after).toMatchObject({ usable: false, approvedVersion: null, pendingVersion: null, versions: [{ number: 1, state: 'rejected' }] });
    const disabled = await t.request('PATCH', `/api/v1/contract-templates/${tpl.id}`, { token: mm.token, body: { version: after.version, disabled: true } });
    expect(disabled.json()).toMatchObject({ disabled: true, usable: false });
  });
});
