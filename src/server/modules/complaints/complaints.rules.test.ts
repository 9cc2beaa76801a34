import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complaintStates, complaintTargets, type ComplaintState, type ComplaintTarget } from '../../../contract/complaints.js';
import { roleKeys, type RoleKey } from '../../../contract/roles.js';
import {
  checkDeadlineTable, checkTransition, chinaWeekHour, DAY, deadlineFor, DEFAULT_DEADLINE_TABLE, escalationLevel, followUpDue, formatComplaintNo, HOUR, isOverdue, mayReopen,
  nextTargets, onDutyAt, rotaGaps, suggestRelationshipScores, type Stepper,
} from './complaints.rules.js';

/** The machine of SVC-2 written out independently of the rules' table: [from, to, lands, who]. */
const edges: [ComplaintState, ComplaintTarget, ComplaintState, 'cs' | 'department' | 'both' | 'approval'][] = [
  ['received', 'analysing', 'analysing', 'cs'],
  ['analysing', 'explained', 'explained', 'cs'],
  ['explained', 'closed', 'closed', 'cs'],
  ['analysing', 'assigned', 'assigned', 'cs'],
  ['assigned', 'investigating', 'investigating', 'department'],
  ['investigating', 'plan_proposed', 'plan_proposed', 'both'],
  ['plan_proposed', 'plan_approved', 'plan_approved', 'approval'],
  ['plan_proposed', 'investigating', 'investigating', 'approval'],
  ['plan_approved', 'implementing', 'implementing', 'cs'],
  ['implementing', 'resolved', 'resolved', 'cs'],
  ['resolved', 'followed_up', 'followed_up', 'cs'],
  ['followed_up', 'closed', 'closed', 'cs'],
  ['closed', 'reopened', 'investigating', 'cs'],
];
const fields: Partial<Record<ComplaintTarget, Record<string, unknown>>> = {
  explained: { explanation: '非我方责任，已向客户解释' },
  assigned: { responsibleDepartmentId: '3', severity: 'high' },
  investigating: { cause: '包装破损' },
  plan_proposed: { plan: '补发并赔偿运费' },
  resolved: { resolution: { kind: 'compensation', lossAmount: '120.00' }, customerSignOff: { name: '王经理', date: '2026-03-02' } },
  followed_up: { satisfaction: 4, comments: '满意' },
  reopened: { comment: '客户再次反映' },
};
const now = new Date('2026-03-10T02:00:00Z');
const recentlyClosed = new Date('2026-03-01T02:00:00Z');
const cs: Stepper = { roles: ['cs_staff'], inResponsibleDepartment: false };
const csManager: Stepper = { roles: ['cs_manager'], inResponsibleDepartment: false };
const dept: Stepper = { roles: ['dept_staff'], inResponsibleDepartment: true };
const outsider: Stepper = { roles: ['sales'], inResponsibleDepartment: false };

describe('SVC-2 the state machine: every (state, to) pair', () => {
  const pairs = complaintStates.flatMap((s) => complaintTargets.map((t) => [s, t] as const));
  it(`SVC-2 covers all ${complaintStates.length} × ${complaintTargets.length} pairs`, () => expect(pairs.length).toBe(11 * 12));
  it.each(pairs)('SVC-2 %s → %s', (from, to) => {
    const edge = edges.find(([f, t]) => f === from && t === to);
    const input = { to, ...(fields[to] ?? {}) };
    const who = edge?.[3] === 'department' ? dept : cs;
    const v = checkTransition({ state: from, closedAt: recentlyClosed }, input, who, now);
    if (!edge) {
      expect(v).toMatchObject({ ok: false, status: 409 });
    } else if (edge[3] === 'approval') {
      expect(v).toMatchObject({ ok: false, status: 409 }); // decided through the approval (SEC-7)
    } else {
      expect(v).toMatchObject({ ok: true, step: { from, to, lands: edge[2] } });
    }
  });
  it('SVC-2 nextTargets lists exactly the edges of each state', () => {
    for (const s of complaintStates) expect(nextTargets(s).sort()).toEqual(edges.filter(([f]) => f === s).map(([, t]) => t).sort());
  });
  it('SVC-2 a reopen lands in investigating', () => {
    expect(checkTransition({ state: 'closed', closedAt: recentlyClosed }, { to: 'reopened', comment: '再次投诉' }, cs, now)).toMatchObject({ ok: true, step: { lands: 'investigating' } });
  });
});

describe('SVC-2 role permissions per transition', () => {
  const doable = edges.filter(([, , , who]) => who !== 'approval');
  it.each(doable.flatMap((e) => [cs, csManager, dept, outsider, { roles: ['gm'], inResponsibleDepartment: false } as Stepper, { roles: ['cs_staff'], inResponsibleDepartment: true } as Stepper].map((w) => [e, w] as const)))(
    'SVC-2 %j by %j', ([from, to, , who], stepper) => {
      const isCs = stepper.roles.some((r) => r === 'cs_staff' || r === 'cs_manager');
      const allowed = who === 'cs' ? isCs : who === 'department' ? stepper.inResponsibleDepartment : isCs || stepper.inResponsibleDepartment;
      const v = checkTransition({ state: from, closedAt: recentlyClosed }, { to, ...(fields[to] ?? {}) }, stepper, now);
      expect(v.ok ? 200 : v.status).toBe(allowed ? 200 : 403);
    },
  );
  it('SVC-2 no role of any kind makes an approval step', () => {
    for (const r of roleKeys) {
      const v = checkTransition({ state: 'plan_proposed', closedAt: null }, { to: 'plan_approved' }, { roles: [r as RoleKey], inResponsibleDepartment: true }, now);
      expect(v).toMatchObject({ ok: false, status: 409 });
    }
  });
  it('SVC-2 the machine is checked before the role: a forbidden role on an impossible step gets 409', () => {
    expect(checkTransition({ state: 'received', closedAt: null }, { to: 'resolved' }, outsider, now)).toMatchObject({ status: 409 });
  });
});

describe('SVC-2 a missing field of the step → 400 naming it', () => {
  it.each([
    ['analysing', 'explained', 'explanation'],
    ['analysing', 'assigned', 'responsibleDepartmentId'],
    ['assigned', 'investigating', 'cause'],
    ['investigating', 'plan_proposed', 'plan'],
    ['implementing', 'resolved', 'resolution'],
    ['resolved', 'followed_up', 'satisfaction'],
    ['closed', 'reopened', 'comment'],
  ] as [ComplaintState, ComplaintTarget, string][])('SVC-2 %s → %s without %s', (from, to, field) => {
    const who = to === 'investigating' ? dept : cs;
    expect(checkTransition({ state: from, closedAt: recentlyClosed }, { to }, who, now)).toMatchObject({ ok: false, status: 400, field });
  });
  it.each([
    [{ responsibleDepartmentId: '3' }, 'severity'],
    [{ resolution: { kind: 'return', lossAmount: '0' } }, 'customerSignOff'],
    [{ satisfaction: 5 }, 'comments'],
    [{ comment: '   ' }, 'comment'],
  ])('SVC-2 partial fields %j → 400 naming %s', (given, field) => {
    const to: ComplaintTarget = 'severity' === field ? 'assigned' : field === 'customerSignOff' ? 'resolved' : field === 'comments' ? 'followed_up' : 'reopened';
    const from: ComplaintState = to === 'assigned' ? 'analysing' : to === 'resolved' ? 'implementing' : to === 'followed_up' ? 'resolved' : 'closed';
    expect(checkTransition({ state: from, closedAt: recentlyClosed }, { to, ...given }, cs, now)).toMatchObject({ status: 400, field });
  });
});

describe('SVC-2 reopening only within 30 days of closing', () => {
  it.each([
    [0, true], [29 * DAY, true], [30 * DAY, true], [30 * DAY + 1, false], [45 * DAY, false],
  ])('SVC-2 closed %d ms ago → reopen %s', (ago, ok) => {
    const closedAt = new Date(now.getTime() - ago);
    expect(mayReopen(closedAt, now)).toBe(ok);
    const v = checkTransition({ state: 'closed', closedAt }, { to: 'reopened', comment: '再次投诉' }, cs, now);
    expect(v.ok ? 200 : v.status).toBe(ok ? 200 : 409);
  });
  it('SVC-2 never closed → no reopen', () => expect(mayReopen(null, now)).toBe(false));
});

describe('SVC-3 the deadline table', () => {
  const at = new Date('2026-03-01T01:00:00Z');
  it.each([
    ['urgent', 24 * HOUR], ['high', 3 * DAY], ['normal', 7 * DAY],
  ] as const)('SVC-3 default: %s → receivedAt + %d ms', (sev, ms) => {
    expect(deadlineFor(at, sev, DEFAULT_DEADLINE_TABLE).getTime() - at.getTime()).toBe(ms);
  });
  it('SVC-3 a configured table is used as given', () => {
    expect(deadlineFor(at, 'high', { urgent: 4, high: 12, normal: 48 }).toISOString()).toBe('2026-03-01T13:00:00.000Z');
  });
  it.each([
    [{ urgent: 24, high: 72, normal: 168 }, null],
    [{ urgent: 1, high: 1, normal: 2160 }, null],
    [{ urgent: 0, high: 72, normal: 168 }, 'urgent'],
    [{ urgent: 24, high: 72, normal: 2161 }, 'normal'],
    [{ urgent: 24, high: 2.5, normal: 168 }, 'high'],
    [{ urgent: 72, high: 24, normal: 168 }, 'high'],
  ])('SVC-3 table %j → first error at %s', (t, path) => {
    const e = checkDeadlineTable(t);
    expect(e[0]?.path ?? null).toBe(path);
  });
});

describe('SVC-6 overdue and escalation', () => {
  const started = new Date('2026-03-01T00:00:00Z');
  const deadline = new Date(started.getTime() + 3 * DAY);
  it.each([
    [0, 0], [3 * DAY, 0], [3 * DAY + 1, 1], [6 * DAY, 1], [6 * DAY + 1, 2], [60 * DAY, 2],
  ])('SVC-6 at +%d ms → level %d', (t, level) => {
    expect(escalationLevel({ state: 'investigating', startedAt: started, deadlineAt: deadline }, new Date(started.getTime() + t))).toBe(level);
  });
  it.each(['resolved', 'followed_up', 'closed', 'explained'] as const)('SVC-6 a %s complaint is never overdue nor escalated', (state) => {
    const late = new Date(started.getTime() + 30 * DAY);
    expect(isOverdue({ state, deadlineAt: deadline }, late)).toBe(false);
    expect(escalationLevel({ state, startedAt: started, deadlineAt: deadline }, late)).toBe(0);
  });
  it('SVC-6 no deadline (not assigned yet) → not overdue', () => {
    expect(isOverdue({ state: 'received', deadlineAt: null }, new Date('2030-01-01'))).toBe(false);
  });
  it('SVC-6 property: level 2 implies overdue, level 0 before the deadline', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 90 * 24 }), fc.integer({ min: 0, max: 400 * 24 }), (hours, atH) => {
      const dl = new Date(started.getTime() + hours * HOUR);
      const t = new Date(started.getTime() + atH * HOUR);
      const lvl = escalationLevel({ state: 'assigned', startedAt: started, deadlineAt: dl }, t);
      if (lvl > 0) expect(isOverdue({ state: 'assigned', deadlineAt: dl }, t)).toBe(true);
      if (t.getTime() <= dl.getTime()) expect(lvl).toBe(0);
      expect(lvl === 2).toBe(t.getTime() > started.getTime() + 2 * hours * HOUR);
    }));
  });
});

describe('SVC-8 follow-up within 7 days', () => {
  it('SVC-8 due 7 days after resolution', () => {
    expect(followUpDue(new Date('2026-03-01T10:00:00Z')).toISOString()).toBe('2026-03-08T10:00:00.000Z');
  });
});

describe('SVC-6 the on-duty rota (轮班)', () => {
  const entries = [
    { userId: '1', weekday: 1, startHour: 0, endHour: 8 },
    { userId: '2', weekday: 1, startHour: 8, endHour: 18 },
    { userId: '3', weekday: 1, startHour: 17, endHour: 24 },
  ];
  it.each([
    ['2026-03-08T16:00:00Z', '1'], // Monday 00:00 China
    ['2026-03-08T23:59:00Z', '1'], // Monday 07:59
    ['2026-03-09T00:00:00Z', '2'], // Monday 08:00
    ['2026-03-09T09:30:00Z', '2'], // Monday 17:30: the first entry covering wins
    ['2026-03-09T10:00:00Z', '3'], // Monday 18:00
    ['2026-03-09T16:00:00Z', null], // Tuesday 00:00: a gap
  ])('SVC-6 at %s the person on duty is %s', (at, who) => {
    expect(onDutyAt(entries, new Date(at))?.userId ?? null).toBe(who);
  });
  it('SVC-6 China weekday and hour', () => {
    expect(chinaWeekHour(new Date('2026-03-08T15:59:00Z'))).toEqual({ weekday: 7, hour: 23 });
    expect(chinaWeekHour(new Date('2026-03-08T16:00:00Z'))).toEqual({ weekday: 1, hour: 0 });
  });
  it('SVC-6 gaps: Monday covered, Tuesday … Sunday whole days', () => {
    expect(rotaGaps(entries)).toEqual([2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startHour: 0, endHour: 24 })));
    expect(rotaGaps([{ weekday: 3, startHour: 9, endHour: 12 }]).filter((g) => g.weekday === 3)).toEqual([{ weekday: 3, startHour: 0, endHour: 9 }, { weekday: 3, startHour: 12, endHour: 24 }]);
  });
  it('SVC-6 property: an hour is a gap exactly when no one is on duty', () => {
    const entry = fc.record({ userId: fc.constant('u'), weekday: fc.integer({ min: 1, max: 7 }), startHour: fc.integer({ min: 0, max: 23 }), len: fc.integer({ min: 1, max: 24 }) })
      .map((e) => ({ userId: e.userId, weekday: e.weekday, startHour: e.startHour, endHour: Math.min(24, e.startHour + e.len) }));
    fc.assert(fc.property(fc.array(entry, { maxLength: 12 }), fc.integer({ min: 0, max: 7 * 24 - 1 }), (es, h) => {
      const at = new Date(Date.parse('2026-03-08T16:00:00Z') + h * HOUR); // from Monday 00:00 China
      const { weekday, hour } = chinaWeekHour(at);
      const inGap = rotaGaps(es).some((g) => g.weekday === weekday && g.startHour <= hour && hour < g.endHour);
      expect(inGap).toBe(onDutyAt(es, at) === null);
    }));
  });
});

describe('SVC-1 complaint numbers', () => {
  it('SVC-1 TS-YYYY-NNNNNN', () => {
    expect(formatComplaintNo(2026, 1)).toBe('TS-2026-000001');
    expect(formatComplaintNo(2026, 123456)).toBe('TS-2026-123456');
  });
});

describe('SVC-7 complaints feed the relationship evaluation (suggested scores)', () => {
  it.each([
    // [last 12 months, unresolved, avg satisfaction, complaints score, satisfaction score]
    [0, 0, null, 100, null],
    [1, 0, 5, 85, 100],
    [1, 1, 1, 75, 0],
    [3, 1, 3, 45, 50],
    [6, 0, 4.5, 10, 87.5],
    [7, 0, 2, 0, 25], // 100 − 105 → never below 0
    [10, 5, 3.4, 0, 60],
  ] as const)('SVC-7 %i complaints, %i unresolved, satisfaction %s → complaints %i, satisfaction %s', (n, open, sat, c, s) => {
    expect(suggestRelationshipScores({ last12Months: n, unresolved: open, followedUp: sat === null ? 0 : 1, avgSatisfaction: sat })).toEqual({ complaints: c, satisfaction: s });
  });
  it('SVC-7 property: scores stay within 0 … 100 and more complaints never raise the score', () => {
    fc.assert(fc.property(fc.nat(50), fc.nat(50), fc.option(fc.double({ min: 1, max: 5, noNaN: true }), { nil: null }), (n, open, sat) => {
      const a = suggestRelationshipScores({ last12Months: n, unresolved: open, followedUp: 1, avgSatisfaction: sat });
      const b = suggestRelationshipScores({ last12Months: n + 1, unresolved: open, followedUp: 1, avgSatisfaction: sat });
      expect(a.complaints).toBeGreaterThanOrEqual(0);
      expect(a.complaints).toBeLessThanOrEqual(100);
      expect(b.complaints).toBeLessThanOrEqual(a.complaints);
      if (a.satisfaction !== null) {
        expect(a.satisfaction).toBeGreaterThanOrEqual(0);
        expect(a.satisfaction).toBeLessThanOrEqual(100);
      }
    }));
  });
});
