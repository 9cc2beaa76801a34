import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serviceCategories, serviceStatuses, serviceUrgencies, type ServiceStatus, type SlaTable } from '../../../contract/service-requests.js';
import { roleKeys } from '../../../contract/roles.js';
import {
  checkEscalation, checkRoutingRules, checkServiceTransition, checkSlaTable, DEFAULT_SLA_TABLE, firstResponseBreached, formatRequestNo, isServiceOverdue, mayWork, nextStatuses,
  resolutionBreached, routeTeam, serviceEscalationLevel, slaDeadlines, type SlaFacts,
} from './service-requests.rules.js';

const H = 3_600_000;
const cs = { roles: ['cs_staff'] as const, userId: '1', inTeam: false };
const full = { resolution: '已远程指导客户重置设备', comment: '客户反馈仍未解决' };

/** The machine as the spec draws it (escalated only through /escalate). */
const allowed: Record<ServiceStatus, ServiceStatus[]> = {
  open: ['in_progress', 'resolved'],
  in_progress: ['waiting_customer', 'resolved'],
  waiting_customer: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
  escalated: [],
};

describe('SVC-10 status machine: every (status, to) pair', () => {
  const pairs = serviceStatuses.flatMap((from) => serviceStatuses.map((to) => [from, to] as const));
  it.each(pairs)('SVC-10 %s → %s', (from, to) => {
    const v = checkServiceTransition({ status: from, assigneeId: null }, { to, ...full }, { ...cs, roles: [...cs.roles] });
    if (allowed[from].includes(to)) expect(v).toMatchObject({ ok: true, step: { from, to } });
    else expect(v).toMatchObject({ ok: false, status: 409 });
  });
  it('SVC-10 nextStatuses lists exactly the allowed edges', () => {
    for (const s of serviceStatuses) expect(nextStatuses(s).sort()).toEqual([...allowed[s]].sort());
  });
  it('SVC-10 → escalated by a transition is 409 naming /escalate', () => {
    const v = checkServiceTransition({ status: 'open', assigneeId: null }, { to: 'escalated' }, { ...cs, roles: ['cs_staff'] });
    expect(v).toMatchObject({ ok: false, status: 409 });
    if (!v.ok) expect(v.reason).toContain('/escalate');
  });
});

describe('SVC-10 who may change a status (403) and the fields of a step (400)', () => {
  it.each(roleKeys.map((r) => [r] as const))('SVC-10 role %s, neither team nor assignee', (role) => {
    const v = checkServiceTransition({ status: 'open', assigneeId: null }, { to: 'in_progress' }, { roles: [role], userId: '9', inTeam: false });
    if (['cs_staff', 'cs_manager'].includes(role)) expect(v.ok).toBe(true);
    else expect(v).toMatchObject({ ok: false, status: 403 });
  });
  it('SVC-10 the team\'s staff and the assignee may work it; someone else may not', () => {
    expect(mayWork({ roles: ['dept_staff'], userId: '9', inTeam: true }, null)).toBe(true);
    expect(mayWork({ roles: ['sales'], userId: '9', inTeam: false }, '9')).toBe(true);
    expect(mayWork({ roles: ['sales'], userId: '9', inTeam: false }, '8')).toBe(false);
    expect(mayWork({ roles: ['gm'], userId: '9', inTeam: false }, null)).toBe(false);
  });
  it('SVC-10 the machine is checked before the role (409 before 403)', () => {
    expect(checkServiceTransition({ status: 'closed', assigneeId: null }, { to: 'in_progress' }, { roles: ['sales'], userId: '9', inTeam: false })).toMatchObject({ status: 409 });
  });
  it.each([
    ['open', 'resolved', 'resolution'],
    ['in_progress', 'resolved', 'resolution'],
    ['waiting_customer', 'resolved', 'resolution'],
    ['resolved', 'in_progress', 'comment'],
  ] as const)('SVC-10 %s → %s needs %s (missing or blank → 400 naming it)', (from, to, field) => {
    for (const v of [undefined, '', '   ']) {
      const input = { to, ...full, [field]: v };
      expect(checkServiceTransition({ status: from, assigneeId: null }, input, { ...cs, roles: ['cs_staff'] })).toEqual({ ok: false, status: 400, reason: `${field}: is required for this step`, field });
    }
  });
  it('SVC-10 open → in_progress and resolved → closed need nothing', () => {
    expect(checkServiceTransition({ status: 'open', assigneeId: null }, { to: 'in_progress' }, { ...cs, roles: ['cs_staff'] }).ok).toBe(true);
    expect(checkServiceTransition({ status: 'resolved', assigneeId: null }, { to: 'closed' }, { ...cs, roles: ['cs_staff'] }).ok).toBe(true);
  });
});

describe('SVC-10 escalation into a complaint', () => {
  it.each(serviceStatuses.map((s) => [s] as const))('SVC-10 from %s', (status) => {
    const v = checkEscalation(status, ['cs_staff']);
    expect(v.ok).toBe(['open', 'in_progress', 'waiting_customer', 'resolved'].includes(status));
    if (!v.ok) expect(v.status).toBe(409);
  });
  it.each(roleKeys.map((r) => [r] as const))('SVC-10 role %s may escalate only if customer service or gm', (role) => {
    const v = checkEscalation('open', [role]);
    expect(v.ok).toBe(['cs_staff', 'cs_manager', 'gm'].includes(role));
    if (!v.ok) expect(v.status).toBe(403);
  });
});

describe('SVC-10 SLA deadlines and breaches', () => {
  const t0 = new Date('2026-03-01T16:30:00Z'); // 00:30 China time, a Sunday: calendar hours, the service runs all day
  it.each(serviceUrgencies.map((u) => [u] as const))('SVC-10 %s: deadlines are receivedAt + the table\'s hours', (u) => {
    const d = slaDeadlines(t0, u, DEFAULT_SLA_TABLE);
    expect(d.firstResponseDueAt.getTime() - t0.getTime()).toBe(DEFAULT_SLA_TABLE[u].firstResponseHours * H);
    expect(d.resolutionDueAt.getTime() - t0.getTime()).toBe(DEFAULT_SLA_TABLE[u].resolutionHours * H);
  });
  it('SVC-10 default table: urgent 1 h / 8 h, high 4 h / 24 h, normal 8 h / 72 h', () => {
    expect(DEFAULT_SLA_TABLE).toEqual({ urgent: { firstResponseHours: 1, resolutionHours: 8 }, high: { firstResponseHours: 4, resolutionHours: 24 }, normal: { firstResponseHours: 8, resolutionHours: 72 } });
    expect(checkSlaTable(DEFAULT_SLA_TABLE)).toEqual([]);
  });

  const facts = (over: Partial<SlaFacts> = {}): SlaFacts => ({ status: 'open', firstResponseDueAt: new Date(t0.getTime() + H), firstRespondedAt: null, resolutionDueAt: new Date(t0.getTime() + 8 * H), resolvedAt: null, ...over });
  it.each([
    // [ms after t0, first response breached, resolution breached, overdue, level]
    [0, false, false, false, 0],
    [H, false, false, false, 0], // the deadline's own millisecond is in time
    [H + 1, true, false, true, 1],
    [8 * H, true, false, true, 1],
    [8 * H + 1, true, true, true, 2],
  ] as const)('SVC-10 unanswered open request at t0+%i ms: first %s, resolution %s, overdue %s, level %i', (dt, fr, res, od, level) => {
    const now = new Date(t0.getTime() + dt);
    expect(firstResponseBreached(facts(), now)).toBe(fr);
    expect(resolutionBreached(facts(), now)).toBe(res);
    expect(isServiceOverdue(facts(), now)).toBe(od);
    expect(serviceEscalationLevel(facts(), now)).toBe(level);
  });
  it('SVC-10 a response in time stops the first timer; a late one stays breached', () => {
    const later = new Date(t0.getTime() + 5 * H);
    expect(firstResponseBreached(facts({ status: 'in_progress', firstRespondedAt: new Date(t0.getTime() + H) }), later)).toBe(false);
    expect(firstResponseBreached(facts({ status: 'in_progress', firstRespondedAt: new Date(t0.getTime() + H + 1) }), later)).toBe(true);
    expect(isServiceOverdue(facts({ status: 'in_progress', firstRespondedAt: new Date(t0.getTime() + H) }), later)).toBe(false);
    expect(serviceEscalationLevel(facts({ status: 'in_progress', firstRespondedAt: new Date(t0.getTime() + H) }), later)).toBe(0);
  });
  it.each(['resolved', 'closed', 'escalated'] as const)('SVC-10 a %s request is never overdue nor escalated, whatever the time', (status) => {
    const far = new Date(t0.getTime() + 1000 * H);
    expect(isServiceOverdue(facts({ status, firstRespondedAt: t0, resolvedAt: status === 'escalated' ? null : t0 }), far)).toBe(false);
    expect(serviceEscalationLevel(facts({ status }), far)).toBe(0);
  });
  it('SVC-10 resolved late is a resolution breach; resolved at the deadline is in time', () => {
    expect(resolutionBreached(facts({ status: 'resolved', resolvedAt: new Date(t0.getTime() + 8 * H) }), new Date(t0.getTime() + 100 * H))).toBe(false);
    expect(resolutionBreached(facts({ status: 'resolved', resolvedAt: new Date(t0.getTime() + 8 * H + 1) }), new Date(t0.getTime() + 100 * H))).toBe(true);
  });
  it('SVC-10 property: overdue ⇔ level > 0, and level never falls as time passes (running requests)', () => {
    fc.assert(fc.property(
      fc.constantFrom<ServiceStatus>('open', 'in_progress', 'waiting_customer'), fc.integer({ min: 1, max: 720 }), fc.integer({ min: 0, max: 2000 }), fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
      fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 4000 }),
      (status, frH, extraH, respondedMin, aMin, bMin) => {
        const f = facts({ status, firstResponseDueAt: new Date(t0.getTime() + frH * H), resolutionDueAt: new Date(t0.getTime() + (frH + extraH) * H), firstRespondedAt: respondedMin === null ? null : new Date(t0.getTime() + respondedMin * 60_000) });
        const a = new Date(t0.getTime() + Math.min(aMin, bMin) * 60_000 * 10);
        const b = new Date(t0.getTime() + Math.max(aMin, bMin) * 60_000 * 10);
        // a response recorded in the future of `now` does not exist yet at `now`
        if (f.firstRespondedAt && f.firstRespondedAt > a) return;
        expect(isServiceOverdue(f, a)).toBe(serviceEscalationLevel(f, a) > 0);
        expect(serviceEscalationLevel(f, b)).toBeGreaterThanOrEqual(serviceEscalationLevel(f, a));
      },
    ));
  });
});

describe('SVC-10 the SLA table an administrator saves', () => {
  const ok: SlaTable = { urgent: { firstResponseHours: 1, resolutionHours: 4 }, high: { firstResponseHours: 2, resolutionHours: 4 }, normal: { firstResponseHours: 4, resolutionHours: 4 } };
  it('SVC-10 equal neighbours are allowed (boundary)', () => expect(checkSlaTable(ok)).toEqual([]));
  it('SVC-10 a first response later than the resolution is refused, naming the field', () => {
    expect(checkSlaTable({ ...ok, normal: { firstResponseHours: 5, resolutionHours: 4 } })).toContainEqual({ path: 'normal.firstResponseHours', message: 'must not exceed resolutionHours' });
  });
  it('SVC-10 urgent slower than high is refused', () => {
    expect(checkSlaTable({ ...ok, urgent: { firstResponseHours: 3, resolutionHours: 4 } }).map((e) => e.path)).toEqual(['high.firstResponseHours']);
    expect(checkSlaTable({ ...ok, high: { firstResponseHours: 2, resolutionHours: 5 } }).map((e) => e.path)).toEqual(['high.resolutionHours']);
  });
});

describe('SVC-10 routing (category → team) and numbers', () => {
  it.each(serviceCategories.map((c) => [c] as const))('SVC-10 category %s goes to its rule\'s team, else customer service (null)', (c) => {
    expect(routeTeam([{ category: 'repair', departmentId: '7' }, { category: 'consultation', departmentId: '8' }], c)).toBe(c === 'repair' ? '7' : c === 'consultation' ? '8' : null);
    expect(routeTeam([], c)).toBeNull();
  });
  it('SVC-10 a category routed twice is refused, naming the second rule', () => {
    expect(checkRoutingRules([{ category: 'repair', departmentId: '7' }, { category: 'repair', departmentId: '8' }])).toEqual([{ path: 'rules.1.category', message: 'is routed twice' }]);
    expect(checkRoutingRules([{ category: 'repair', departmentId: '7' }, { category: 'question', departmentId: '7' }])).toEqual([]);
  });
  it('SVC-10 FW-YYYY-NNNNNN, six digits at least', () => {
    expect(formatRequestNo(2026, 1)).toBe('FW-2026-000001');
    expect(formatRequestNo(2026, 999_999)).toBe('FW-2026-999999');
    expect(formatRequestNo(2026, 1_000_000)).toBe('FW-2026-1000000');
  });
});
