/**
 * What targets (REL-11) read of relationship maintenance, per owner over a period: calls and visits
 * required by each customer's cadence and those done that count toward it (cadence compliance,
 * targets.rules: requiredContacts, windowDays, countedContacts), and customer activity for
 * retention (targets.rules isActive: a transaction or a communication in the period).
 * Customers: currently owned by the owner, neither merged nor deleted, never top-secret, and
 * visible to the caller (visibleCustomers).
 */
import { sql, type Kysely } from 'kysely';
import { channels } from '../../../contract/relations.js';
import type { DB } from '../../db/schema.js';
import { visibleCustomersByRow } from '../access/customer-access.sql.js';
import type { AccessSubject } from '../access/customer-access.rules.js';
import { contactKindOf } from './cadence.rules.js';

export type Window = { from: string; to: string; days: number; start: Date; end: Date };
export type CadenceCompliance = { callsRequired: number; callsCounted: number; visitsRequired: number; visitsCounted: number };
export type OwnerActivity = { activeBefore: number; retained: number };

const callChannels = channels.filter((c) => contactKindOf(c) === 'call');
const visitChannels = channels.filter((c) => contactKindOf(c) === 'visit');

function ownedCustomers(s: AccessSubject, ownerIds: readonly string[]) {
  return sql`SELECT c.id, c.owner_id, coalesce(c.abc_class, 'C') AS cls, c.filed_on FROM customers c
    WHERE c.owner_id = ANY(${ownerIds.map(Number)}::bigint[]) AND c.merged_into IS NULL AND c.lifecycle IN ('active', 'dormant')
      AND c.secrecy_level <> 'top_secret' AND ${visibleCustomersByRow(s)}`;
}

/** Calls and visits logged per customer of the `cust` CTE in the window (one fragment for both statements). */
const contactsDone = (p: Window) => sql`
      SELECT m.customer_id,
        count(*) FILTER (WHERE m.channel = ANY(${callChannels}::text[])) AS calls,
        count(*) FILTER (WHERE m.channel = ANY(${visitChannels}::text[])) AS visits
      FROM communications m
      WHERE m.customer_id IN (SELECT id FROM cust) AND m.occurred_at >= ${p.start} AND m.occurred_at < ${p.end}
      GROUP BY m.customer_id`;

/**
 * Per owner: contacts of each kind the cadence requires in the period and those that count. The
 * required ones are the same for every customer of one owner, class and window length, so the
 * owners' customers are counted per (owner, class, days) and each group's requirement computed
 * once; only the customers with a contact in the period are taken one by one (what counts is capped
 * by each one's own requirement). The definition, customer by customer, is
 * cadenceComplianceByCustomer, tested equal (REL-11, issue 16: half the time at 1M customers).
 */
export async function cadenceComplianceByOwner(db: Kysely<DB>, s: AccessSubject, q: { ownerIds: readonly string[]; period: Window }): Promise<Map<string, CadenceCompliance>> {
  const out = new Map<string, CadenceCompliance>();
  if (q.ownerIds.length === 0) return out;
  const p = q.period;
  const rows = await sql<{ owner_id: string; calls_req: string; calls_done: string; visits_req: string; visits_done: string }>`
    WITH cust AS MATERIALIZED (
      SELECT c.id, c.owner_id, c.cls, CASE WHEN c.filed_on <= ${p.from}::date THEN ${p.days}::int ELSE (${p.to}::date - c.filed_on) + 1 END AS days
        FROM (${ownedCustomers(s, q.ownerIds)} AND c.filed_on <= ${p.to}::date) c),
    req AS (SELECT owner_id, cls, days, count(*) AS n FROM cust GROUP BY owner_id, cls, days),
    done AS (${contactsDone(p)}),
    required AS (
      SELECT req.owner_id, sum(req.n * floor(req.days / pol.call_days)::int) AS calls_req, sum(req.n * floor(req.days / pol.visit_days)::int) AS visits_req
        FROM req JOIN cadence_policies pol ON pol.abc_class = req.cls
       GROUP BY req.owner_id),
    counted AS (
      SELECT cust.owner_id, sum(least(d.calls, floor(cust.days / pol.call_days)::int)) AS calls_done, sum(least(d.visits, floor(cust.days / pol.visit_days)::int)) AS visits_done
        FROM done d JOIN cust ON cust.id = d.customer_id JOIN cadence_policies pol ON pol.abc_class = cust.cls
       GROUP BY cust.owner_id)
    SELECT required.owner_id, required.calls_req, coalesce(counted.calls_done, 0) AS calls_done, required.visits_req, coalesce(counted.visits_done, 0) AS visits_done
      FROM required LEFT JOIN counted ON counted.owner_id = required.owner_id`.execute(db);
  for (const r of rows.rows) {
    out.set(String(r.owner_id), { callsRequired: Number(r.calls_req), callsCounted: Number(r.calls_done), visitsRequired: Number(r.visits_req), visitsCounted: Number(r.visits_done) });
  }
  return out;
}

/** cadenceComplianceByOwner customer by customer (the definition it is tested equal to). */
export async function cadenceComplianceByCustomer(db: Kysely<DB>, s: AccessSubject, q: { ownerIds: readonly string[]; period: Window }): Promise<Map<string, CadenceCompliance>> {
  const out = new Map<string, CadenceCompliance>();
  if (q.ownerIds.length === 0) return out;
  const p = q.period;
  // windowDays and requiredContacts of targets.rules, set-based: days from the later of the first day and the filing day
  const rows = await sql<{ owner_id: string; calls_req: string; calls_done: string; visits_req: string; visits_done: string }>`
    WITH cust AS (${ownedCustomers(s, q.ownerIds)} AND c.filed_on <= ${p.to}::date),
    req AS (
      SELECT cust.id, cust.owner_id,
        floor(w.days / pol.call_days)::int AS calls_req, floor(w.days / pol.visit_days)::int AS visits_req
      FROM cust JOIN cadence_policies pol ON pol.abc_class = cust.cls
      CROSS JOIN LATERAL (SELECT CASE WHEN cust.filed_on <= ${p.from}::date THEN ${p.days}::int ELSE (${p.to}::date - cust.filed_on) + 1 END AS days) w
    ),
    done AS (${contactsDone(p)})
    SELECT req.owner_id,
      sum(req.calls_req) AS calls_req, sum(least(coalesce(d.calls, 0), req.calls_req)) AS calls_done,
      sum(req.visits_req) AS visits_req, sum(least(coalesce(d.visits, 0), req.visits_req)) AS visits_done
    FROM req LEFT JOIN done d ON d.customer_id = req.id
    GROUP BY req.owner_id`.execute(db);
  for (const r of rows.rows) {
    out.set(String(r.owner_id), { callsRequired: Number(r.calls_req), callsCounted: Number(r.calls_done), visitsRequired: Number(r.visits_req), visitsCounted: Number(r.visits_done) });
  }
  return out;
}

/** Whether a window is whole months (China): its first day is a month's first, the day after its last a month's first. */
const wholeMonths = (w: Window) => w.from.endsWith('-01') && new Date(Date.parse(`${w.to}T00:00:00Z`) + 86_400_000).toISOString().slice(8, 10) === '01';

/**
 * Per owner: customers active in the previous period, and how many of them are active in this one.
 * Periods of whole months (every REL-11 period) read customer_activity_months (migration 0180: one
 * marker per customer and China month with a transaction or a communication, carrying the
 * customer's current owner), the owners' markers of the two periods from one index (issue 16);
 * other windows read the transactions and communications themselves (activityByOwnerScan).
 */
export async function activityByOwner(db: Kysely<DB>, s: AccessSubject, q: { ownerIds: readonly string[]; previous: Window; current: Window }): Promise<Map<string, OwnerActivity>> {
  if (!wholeMonths(q.previous) || !wholeMonths(q.current)) return activityByOwnerScan(db, s, q);
  const out = new Map<string, OwnerActivity>();
  if (q.ownerIds.length === 0) return out;
  const { previous: b, current: n } = q;
  const lo = b.from <= n.from ? b.from : n.from;
  const hi = b.to >= n.to ? b.to : n.to;
  // a marker's month is its first day, so "a month of the window" is "a first day in [from, to]"
  const rows = await sql<{ owner_id: string; before: string; retained: string }>`
    WITH act AS (
      SELECT a.customer_id, bool_or(a.month BETWEEN ${b.from}::date AND ${b.to}::date) AS before, bool_or(a.month BETWEEN ${n.from}::date AND ${n.to}::date) AS now
        FROM customer_activity_months a
       WHERE a.owner_id = ANY(${q.ownerIds.map(Number)}::bigint[]) AND a.month BETWEEN ${lo}::date AND ${hi}::date
       GROUP BY a.customer_id)
    SELECT cust.owner_id, count(*) FILTER (WHERE act.before) AS before, count(*) FILTER (WHERE act.before AND act.now) AS retained
      FROM (${ownedCustomers(s, q.ownerIds)}) cust JOIN act ON act.customer_id = cust.id
     GROUP BY cust.owner_id`.execute(db);
  for (const r of rows.rows) out.set(String(r.owner_id), { activeBefore: Number(r.before), retained: Number(r.retained) });
  return out;
}

/**
 * activityByOwner from the transactions and communications themselves (the definition, any windows):
 * those dated in either window are read once each, reduced to one pair of flags per customer, and
 * joined to the owners' customers.
 */
export async function activityByOwnerScan(db: Kysely<DB>, s: AccessSubject, q: { ownerIds: readonly string[]; previous: Window; current: Window }): Promise<Map<string, OwnerActivity>> {
  const out = new Map<string, OwnerActivity>();
  if (q.ownerIds.length === 0) return out;
  const { previous: b, current: n } = q;
  const [lo, hi] = b.from <= n.from ? [b, n] : [n, b];
  const inDays = (w: Window) => sql`t.date BETWEEN ${w.from}::date AND ${w.to}::date`;
  const inTime = (w: Window) => sql`(m.occurred_at >= ${w.start} AND m.occurred_at < ${w.end})`;
  const rows = await sql<{ owner_id: string; before: string; retained: string }>`
    WITH cust AS MATERIALIZED (${ownedCustomers(s, q.ownerIds)}),
    acts AS (
      SELECT t.customer_id, bool_or(${inDays(b)}) AS before, bool_or(${inDays(n)}) AS now
        FROM transactions t
       WHERE t.date BETWEEN ${lo.from}::date AND ${(lo.to > hi.to ? lo : hi).to}::date AND (${inDays(b)} OR ${inDays(n)})
         AND t.customer_id IN (SELECT id FROM cust)
       GROUP BY t.customer_id
      UNION ALL
      SELECT m.customer_id, bool_or(${inTime(b)}), bool_or(${inTime(n)})
        FROM communications m
       WHERE m.occurred_at >= ${lo.start} AND m.occurred_at < ${(lo.end > hi.end ? lo : hi).end} AND (${inTime(b)} OR ${inTime(n)})
         AND m.customer_id IN (SELECT id FROM cust)
       GROUP BY m.customer_id),
    act AS (SELECT customer_id, bool_or(before) AS before, bool_or(now) AS now FROM acts GROUP BY customer_id)
    SELECT cust.owner_id, count(*) FILTER (WHERE act.before) AS before, count(*) FILTER (WHERE act.before AND act.now) AS retained
      FROM cust JOIN act ON act.customer_id = cust.id
     GROUP BY cust.owner_id`.execute(db);
  for (const r of rows.rows) out.set(String(r.owner_id), { activeBefore: Number(r.before), retained: Number(r.retained) });
  return out;
}
