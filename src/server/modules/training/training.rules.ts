/**
 * Staff training (REL-12, seed 001 九、员工培训): who must take which plan, when a plan is completed,
 * a session's trainer, and the periods compared for its effect. Pure.
 */
import type { RoleKey } from '../../../contract/roles.js';
import { parsePeriod, previousPeriod, type Period } from '../targets/targets.rules.js';

/** A plan is completed by an assessment at or above its pass score; unassessed attendance does not count. */
export const isCompleted = (scores: readonly (number | null)[], passScore: number): boolean => scores.some((s) => s !== null && s >= passScore);

/** The best assessed score, null when never assessed. */
export const bestScore = (scores: readonly (number | null)[]): number | null => scores.reduce<number | null>((best, s) => (s === null ? best : best === null || s > best ? s : best), null);

/** Exactly one trainer: an internal user or an external name. */
export function trainerProblem(t: { trainerId?: string | undefined; trainerName?: string | undefined }): { field: string; message: string } | null {
  if (t.trainerId !== undefined && t.trainerName !== undefined) return { field: 'trainerName', message: 'give an internal trainer or an external name, not both' };
  if (t.trainerId === undefined && t.trainerName === undefined) return { field: 'trainerId', message: 'give an internal trainer (trainerId) or an external one (trainerName)' };
  return null;
}

export type Plan = { id: string; role: RoleKey; required: boolean; passScore: number };
export type Trainee = { id: string; roles: readonly RoleKey[] };

/**
 * The required plans a user has not completed: every required plan for any role they hold, less those
 * with a passing score. `scores` maps `${userId}:${planId}` to the scores of their sessions of that plan.
 */
export function missingTrainings(users: readonly Trainee[], plans: readonly Plan[], scores: ReadonlyMap<string, readonly (number | null)[]>): { userId: string; planId: string; role: RoleKey; best: number | null }[] {
  const out: { userId: string; planId: string; role: RoleKey; best: number | null }[] = [];
  for (const u of users) {
    for (const p of plans) {
      if (!p.required || !u.roles.includes(p.role)) continue;
      const s = scores.get(`${u.id}:${p.id}`) ?? [];
      if (!isCompleted(s, p.passScore)) out.push({ userId: u.id, planId: p.id, role: p.role, best: bestScore(s) });
    }
  }
  return out;
}

const keyOf = (kind: 'month' | 'quarter', date: string): string => (kind === 'month' ? date.slice(0, 7) : `${date.slice(0, 4)}-Q${Math.ceil(Number(date.slice(5, 7)) / 3)}`);

/**
 * The effect of a session held on `heldOn` (a China date): the indicators of the period before the
 * one holding it against those of the period after it (the session's own period is left out, being
 * half before and half after).
 */
export function effectPeriods(heldOn: string, kind: 'month' | 'quarter'): { before: Period; after: Period } {
  const holding = parsePeriod(keyOf(kind, heldOn));
  if (!holding) throw new Error(`no period holds ${heldOn}`);
  const nextStart = new Date(holding.end.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const after = parsePeriod(keyOf(kind, nextStart));
  if (!after) throw new Error(`no period after ${heldOn}`);
  return { before: previousPeriod(holding), after };
}
