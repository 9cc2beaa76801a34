/**
 * Satisfaction survey rules (REL-9), pure: template questions, answers checked against the version
 * a survey was sent with, the average rating and when it calls for a follow-up, the period of a
 * date for a class's frequency and when a periodic survey is due, and who may send or read.
 */
import type { FieldError } from '../../../contract/errors.js';
import type { RoleKey } from '../../../contract/roles.js';
import type { AnswerInput, QuestionInput, SurveyFrequency, SurveyQuestion, SurveyState } from '../../../contract/surveys.js';

export type Answer = { questionId: string; rating?: number; choice?: string; text?: string };

/** Gives every question an id (kept when supplied), unique within the template; choice questions need options, others none. */
export function normaliseQuestions(inputs: readonly QuestionInput[]): { ok: true; questions: SurveyQuestion[] } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const taken = new Set(inputs.map((q) => q.id).filter((id): id is string => id !== undefined));
  const seen = new Set<string>();
  let n = 0;
  const questions = inputs.map((q, i): SurveyQuestion => {
    let id = q.id;
    if (id === undefined) {
      do id = `q_${++n}`;
      while (taken.has(id));
      taken.add(id);
    } else if (seen.has(id)) {
      errors.push({ path: `questions.${i}.id`, message: 'is used by another question', code: 'duplicate' });
    }
    seen.add(id);
    if (q.kind === 'choice') {
      if (!q.options) errors.push({ path: `questions.${i}.options`, message: 'a choice question needs at least 2 options', code: 'required' });
      else if (new Set(q.options.map((o) => o.trim())).size !== q.options.length) errors.push({ path: `questions.${i}.options`, message: 'options must differ', code: 'duplicate' });
    } else if (q.options !== undefined) {
      errors.push({ path: `questions.${i}.options`, message: 'only choice questions have options', code: 'invalid' });
    }
    return { id, kind: q.kind, text: q.text.trim(), ...(q.kind === 'choice' && q.options ? { options: q.options.map((o) => o.trim()) } : {}) };
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, questions };
}

/** Whether two question lists differ in anything an answer depends on (so a template in use needs a new version). */
export function questionsDiffer(a: readonly SurveyQuestion[], b: readonly SurveyQuestion[]): boolean {
  const key = (qs: readonly SurveyQuestion[]) => JSON.stringify(qs.map((q) => [q.id, q.kind, q.text, q.options ?? null]));
  return key(a) !== key(b);
}

/**
 * Answers checked against the questions of the survey's version: each names a question once, gives
 * the value of that question's kind (rating 1–5 integer, one of the options, text) and nothing else.
 * Questions may be left unanswered, but at least one must be answered.
 */
export function validateAnswers(questions: readonly SurveyQuestion[], answers: readonly AnswerInput[]): { ok: true; answers: Answer[] } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  const out: Answer[] = [];
  answers.forEach((a, i) => {
    const at = `answers.${i}`;
    const q = byId.get(a.questionId);
    if (!q) return errors.push({ path: `${at}.questionId`, message: 'is not a question of this survey', code: 'invalid_value', params: { values: questions.map((x) => x.id) } });
    if (seen.has(q.id)) return errors.push({ path: `${at}.questionId`, message: 'is answered twice', code: 'duplicate' });
    seen.add(q.id);
    const others = (['rating', 'choice', 'text'] as const).filter((k) => k !== q.kind && a[k] !== undefined);
    for (const k of others) errors.push({ path: `${at}.${k}`, message: `does not belong to a ${q.kind} question`, code: 'invalid' });
    if (q.kind === 'rating') {
      if (a.rating === undefined) return errors.push({ path: `${at}.rating`, message: 'a rating question needs a rating from 1 to 5', code: 'required' });
      if (!Number.isInteger(a.rating) || a.rating < 1 || a.rating > 5) return errors.push({ path: `${at}.rating`, message: 'must be a whole number from 1 to 5', code: a.rating < 1 ? 'too_small' : a.rating > 5 ? 'too_big' : 'invalid_type', params: a.rating < 1 ? { minimum: 1 } : { maximum: 5 } });
      if (others.length === 0) out.push({ questionId: q.id, rating: a.rating });
    } else if (q.kind === 'choice') {
      const choice = a.choice?.trim();
      if (choice === undefined || choice === '') return errors.push({ path: `${at}.choice`, message: 'a choice question needs one of its options', code: 'required' });
      if (!(q.options ?? []).includes(choice)) return errors.push({ path: `${at}.choice`, message: 'is not one of the options', code: 'invalid_value', params: { values: q.options ?? [] } });
      if (others.length === 0) out.push({ questionId: q.id, choice });
    } else {
      const text = a.text?.trim() ?? '';
      if (others.length === 0 && text !== '') out.push({ questionId: q.id, text });
    }
    return undefined;
  });
  if (errors.length === 0 && out.length === 0) errors.push({ path: 'answers', message: 'answer at least one question', code: 'too_small', params: { minimum: 1 } });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers: out };
}

/** The mean of the rating answers, rounded to 2 decimals; null when there is none. */
export function averageRating(answers: readonly Answer[]): number | null {
  const ratings = answers.flatMap((a) => (a.rating === undefined ? [] : [a.rating]));
  if (ratings.length === 0) return null;
  return Math.round((ratings.reduce((s, r) => s + r, 0) / ratings.length) * 100) / 100;
}

/** The threshold of REL-9: an average of 2 or lower raises a follow-up task for the owner. */
export const FOLLOW_UP_AT_OR_BELOW = 2;
export const needsFollowUp = (avg: number | null) => avg !== null && avg <= FOLLOW_UP_AT_OR_BELOW;

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The period a moment falls in for a frequency, in China time: '2026-Q4', '2026-H2', '2026'; null when off. */
export function periodOf(at: Date, frequency: SurveyFrequency): string | null {
  const d = new Date(at.getTime() + CHINA_OFFSET_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth(); // 0–11
  switch (frequency) {
    case 'quarter':
      return `${y}-Q${Math.floor(m / 3) + 1}`;
    case 'half':
      return `${y}-H${m < 6 ? 1 : 2}`;
    case 'year':
      return String(y);
    case 'off':
      return null;
  }
}

/** The first day (China date) of a period key. */
export function periodStart(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  const h = /^(\d{4})-H([12])$/.exec(period);
  if (h) return `${h[1]}-${h[2] === '1' ? '01' : '07'}-01`;
  if (/^\d{4}$/.test(period)) return `${period}-01-01`;
  throw new Error(`not a survey period: ${period}`);
}

/**
 * When a periodic survey is due (REL-9): the class is scheduled and the customer has no periodic
 * survey for the period `now` falls in. Returns that period, or null.
 */
export function periodicSurveyDue(q: { frequency: SurveyFrequency; periodsSurveyed: readonly string[]; now: Date }): string | null {
  const period = periodOf(q.now, q.frequency);
  if (period === null || q.periodsSurveyed.includes(period)) return null;
  return period;
}

/** A sent link survey whose link passed its expiry reads as expired. */
export function effectiveState(s: { state: string; linkExpiresAt: Date | null }, now: Date): SurveyState {
  if (s.state === 'sent' && s.linkExpiresAt !== null && s.linkExpiresAt.getTime() <= now.getTime()) return 'expired';
  return s.state as SurveyState;
}

/** Roles that send and record surveys for any customer they may see: customer service and the managers. */
export const surveyStaffRoles: readonly RoleKey[] = ['cs_staff', 'cs_manager', 'marketing_manager', 'marketing_director', 'gm'];
/** Roles that read every visible customer's results. */
export const resultReaderRoles: readonly RoleKey[] = ['cs_manager', 'marketing_manager', 'marketing_director', 'gm'];

type Who = { userId: string; roles: readonly RoleKey[]; managedDepartmentIds: readonly string[] };
type Whose = { ownerId: string | null; departmentId: string | null };

/** Who may send a survey to (or record an answer of) a customer they can see. */
export function maySendSurvey(who: Who, customer: Whose): boolean {
  if (who.roles.some((r) => surveyStaffRoles.includes(r))) return true;
  if (customer.ownerId !== null && customer.ownerId === who.userId) return true;
  return customer.departmentId !== null && who.managedDepartmentIds.includes(customer.departmentId);
}

/** Whose results a reader sees (within the customers they may see at all). */
export function resultsScope(who: Who): 'all' | 'departments' | 'own' {
  if (who.roles.some((r) => resultReaderRoles.includes(r))) return 'all';
  return who.managedDepartmentIds.length > 0 ? 'departments' : 'own';
}

/** The distribution of ratings 1..5 (index 0 = rating 1) from counts per rating; anything else is ignored. */
export function ratingDistribution(counts: readonly { rating: number; count: number }[]): number[] {
  const d = [0, 0, 0, 0, 0];
  for (const c of counts) if (Number.isInteger(c.rating) && c.rating >= 1 && c.rating <= 5) d[c.rating - 1]! += c.count;
  return d;
}
