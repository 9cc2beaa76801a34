/** ARC-9 periodic review, pure: why an archive is proposed, and how long a decision keeps it off the list. */
import type { ReviewReason } from '../../../contract/archive-review.routes.js';

/** A reviewed archive stays off the list this long (one review period, half a year). */
export const REVIEW_PERIOD_DAYS = 180;

export type ReviewFacts = { lifecycle: string; address: string | null; region: string | null; reachable: boolean };

/** Every reason this archive is proposed for review, in a fixed order; none: not proposed. */
export function reviewReasonsOf(f: ReviewFacts): ReviewReason[] {
  const out: ReviewReason[] = [];
  if (f.lifecycle === 'dormant') out.push('dormant');
  if (!f.address || !f.address.trim()) out.push('missing_address');
  if (!f.region) out.push('missing_region');
  if (!f.reachable) out.push('unreachable');
  return out;
}

/** The instant before which a decision no longer keeps an archive off the list. */
export function reviewedSince(now: Date): Date {
  return new Date(now.getTime() - REVIEW_PERIOD_DAYS * 86_400_000);
}

/** The text recorded with an approval when the reviewer gives none. */
export function defaultReviewReason(decision: 'invalid' | 'destroy', reasons: readonly ReviewReason[], labels: Record<ReviewReason, string>): string {
  const why = reasons.map((r) => labels[r]).join('、') || '定期清理';
  return decision === 'invalid' ? `定期清理：无效档案（${why}）` : `定期清理：无保存价值（${why}）`;
}
