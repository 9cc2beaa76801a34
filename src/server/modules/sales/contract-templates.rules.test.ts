import { describe, expect, it } from 'vitest';
import { roleKeys, type RoleKey } from '../../../contract/roles.js';
import { contractClauseKeys, type ContractClauses } from '../../../contract/sales.js';
import { becomesCurrent, checkNewVersion, checkTemplateUse, clausesDiffer, mayAuthorTemplate, type TemplateFacts } from './contract-templates.rules.js';

const clauses = Object.fromEntries(contractClauseKeys.map((k) => [k, `${k} 条款`])) as ContractClauses;
const facts = (over: Partial<TemplateFacts> = {}): TemplateFacts => ({ disabled: false, approvedNumber: 1, pendingNumber: null, version: 3, ...over });

describe('SAL-3 contract templates (seed 003 9.2)', () => {
  it.each([
    [{ disabled: false, approvedNumber: 1 }, { ok: true }],
    [{ disabled: false, approvedNumber: null }, { ok: false, reason: 'not_approved' }],
    [{ disabled: true, approvedNumber: 2 }, { ok: false, reason: 'disabled' }],
    [{ disabled: true, approvedNumber: null }, { ok: false, reason: 'disabled' }],
  ] as const)('SAL-3 a template %o may be used for a contract: %o', (t, expected) => {
    expect(checkTemplateUse(t)).toEqual(expected);
  });

  it.each(roleKeys.map((r) => [r, ['marketing_manager', 'marketing_director', 'office_head', 'gm'].includes(r)] as const))('SAL-3 %s writes templates: %s', (role, may) => {
    expect(mayAuthorTemplate([role as RoleKey])).toBe(may);
  });

  it('SAL-3 the clauses SAL-3 names are the template’s: product, specification, quantity, quality, price, settlement, rights and obligations, dispute resolution', () => {
    expect(contractClauseKeys).toEqual(['product', 'specification', 'quantity', 'quality', 'price', 'settlement', 'rightsObligations', 'disputeResolution']);
  });

  it.each([
    ['a change of one clause', { ...clauses, quality: '按国家标准 GB/T 1234' }, true],
    ['only whitespace at the ends', { ...clauses, settlement: `  ${clauses.settlement}\n` }, false],
    ['the same clauses', { ...clauses }, false],
  ] as const)('SAL-3 clausesDiffer: %s → %s', (_, next, differ) => {
    expect(clausesDiffer(clauses, next)).toBe(differ);
  });

  const changed = { ...clauses, disputeResolution: '提交上海仲裁委员会仲裁' };
  it.each([
    ['a new version after the newest', facts(), 3, changed, { ok: true, number: 3 }],
    ['a stale template version', facts(), 2, changed, { ok: false, code: 'stale' }],
    ['while another version waits for review', facts({ pendingNumber: 2 }), 3, changed, { ok: false, code: 'pending' }],
    ['on a disabled template', facts({ disabled: true }), 3, changed, { ok: false, code: 'disabled' }],
    ['with unchanged clauses', facts(), 3, clauses, { ok: false, code: 'unchanged' }],
  ] as const)('SAL-3 a new version %s: %o', (_, t, given, next, expected) => {
    expect(checkNewVersion(t, given, { number: 2, clauses }, next)).toEqual(expected);
  });

  it.each([
    [null, 1, true],
    [1, 2, true],
    [3, 2, false],
    [2, 2, false],
  ] as const)('SAL-3 approved %s, version %i approved → becomes the one in use: %s', (current, decided, becomes) => {
    expect(becomesCurrent(current, decided)).toBe(becomes);
  });
});
