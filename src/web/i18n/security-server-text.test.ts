import { describe, expect, it } from 'vitest';
import { planAccessRequest } from '../../server/modules/borrowing/borrowing.rules.js';
import { planDestruction, planProtectedChange, type ArchiveState } from '../../server/modules/lifecycle/lifecycle.rules.js';
import { localizeDetail } from './server-text.js';

/** A translated detail keeps ids, numbers and rule names but no English words. */
const english = /[A-Za-z]{3,}/;

describe('Chinese for the archive-security problems (SEC-5, SEC-6, SEC-8, SEC-9)', () => {
  it('SEC-6 every reason the borrowing rules can refuse with reads in Chinese, as the route phrases it', () => {
    const refusals = [
      planAccessRequest('top_secret', ['contacts'], [], 60),
      planAccessRequest('confidential', ['contacts'], [], 60),
      planAccessRequest('secret', ['contacts'], [], 241),
      planAccessRequest('none', ['contacts'], [], 7 * 24 * 60 + 1),
      planAccessRequest('none', ['basic'], ['basic'], 60),
    ];
    for (const plan of refusals) {
      expect(plan.ok).toBe(false);
      if (plan.ok) continue;
      const zh = localizeDetail(`This request can never be granted: ${plan.reason}.`);
      expect(zh, plan.reason).not.toMatch(english);
      expect(zh.startsWith('该申请无法批准')).toBe(true);
    }
    expect(localizeDetail('This request can never be granted: a grant on a secret archive lasts at most 240 minutes.')).toBe('该申请无法批准：秘密级档案的借阅最长 240 分钟。');
  });

  it('SEC-8 SEC-9 every reason a protected change or a destruction can be refused with reads in Chinese', () => {
    const active: ArchiveState = { lifecycle: 'active', secrecyLevel: 'secret', tier: 'normal', ownerId: '1' };
    const cases: [string, ReturnType<typeof planProtectedChange>][] = [
      ['delete', planProtectedChange('delete', { ...active, lifecycle: 'deleted' }, {})],
      ['restore', planProtectedChange('restore', active, {})],
      ['lower_secrecy', planProtectedChange('lower_secrecy', active, { secrecyLevel: 'confidential' })],
      ['transfer_owner', planProtectedChange('transfer_owner', active, { ownerId: '1' })],
      ['transfer_owner', planProtectedChange('transfer_owner', active, { ownerId: '2' })],
      ['delete', planProtectedChange('delete', { ...active, lifecycle: 'destroyed' }, {})],
    ];
    for (const [change, plan] of cases) {
      expect(plan.ok).toBe(false);
      if (!plan.ok) expect(localizeDetail(`${change}: ${plan.reason}.`), plan.reason).not.toMatch(english);
    }
    const destruction = planDestruction(active);
    expect(destruction.ok).toBe(false);
    if (!destruction.ok) expect(localizeDetail(`destruction: ${destruction.reason}.`)).not.toMatch(english);
    expect(localizeDetail('A delete request for this archive is already waiting (approval 42).')).toBe('此档案已有待审批的删除申请（审批 42）。');
  });

  it('SEC-7 approval conflicts read in Chinese', () => {
    expect(localizeDetail('You may not decide this request: nobody approves their own request.')).toBe('您不能审批此申请：任何人都不能审批自己的申请。');
    expect(localizeDetail('This request can no longer be decided: the request is withdrawn.')).toBe('此申请已无法审批：该申请已撤回。');
    expect(localizeDetail('You may not decide this request: only gm (or a deputy) decides this request.')).toBe('您不能审批此申请：只有总经理（或其代批人）可以审批。');
  });
});
