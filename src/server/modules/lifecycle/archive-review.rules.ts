/** ARC-9 periodic review, pure: why an archive is proposed, and how long a decision keeps it off the list. */
import type { ReviewReason } from '../../../contract/archive-review.routes.js';

/** A reviewed archive stays off the list this long (one review period, half a year). */
export const REVIEW_PERIOD_DAYS = 180;

/**
 * `reachable`: a phone or e-mail on the archive, or a phone, mobile or e-mail on a contact; null when
 * the archive itself has none and the reviewer may not read its contacts (SEC-3, SEC-4): the
 * reason is then withheld — never judged on what the reviewer may not see (see reachabilityOf).
 */
export type ReviewFacts = { lifecycle: string; address: string | null; region: string | null; reachable: boolean | null };

/**
 * Whether the archive can be reached, as far as the reviewer may know: the archive's own phone and
 * e-mail are basic fields (every reader sees them); its contacts' phones, mobiles (shown masked to
 * a contacts reader, SEC-4) and e-mails count only when the reviewer reads the contacts group.
 * null: not judged (the contacts are withheld and the archive has no number of its own).
 */
export function reachabilityOf(f: { ownReachable: boolean; contactsOpen: boolean; contactReachable: boolean }): boolean | null {
  if (f.ownReachable) return true;
  if (!f.contactsOpen) return null;
  return f.contactReachable;
}

/** Every reason this archive is proposed for review, in a fixed order; none: not proposed. */
export function reviewReasonsOf(f: ReviewFacts): ReviewReason[] {
  const out: ReviewReason[] = [];
  if (f.lifecycle === 'dormant') out.push('dormant');
  if (!f.address || !f.address.trim()) out.push('missing_address');
  if (!f.region) out.push('missing_region');
  if (f.reachable === false) out.push('unreachable');
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
