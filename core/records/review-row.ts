/** A signed review decision as the reviews table keeps it, whichever side made it. */
import { reviewText, type Review } from '../../bundle/review';
import type { ReviewRow } from '../../db/repositories/reviews';

export function reviewRowOf(review: Review, origin: 'own' | 'received', storedAt: string): ReviewRow {
  return {
    reviewId: review.reviewId,
    inspectionId: review.inspectionId,
    revision: review.revision,
    revisionSha256: review.revisionSha256,
    state: review.state,
    reason: review.reason,
    decidedAt: review.decidedAt,
    reviewerName: review.reviewer.name,
    reviewerBadgeNo: review.reviewer.badgeNo,
    reviewUnit: review.reviewUnit,
    deskKeyId: review.keyId,
    document: reviewText(review),
    origin,
    // An own decision waits for the sync pass to post it; a received one was posted by its desk.
    postedAt: null,
    storedAt,
  };
}
