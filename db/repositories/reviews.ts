/**
 * Storage of review decisions (bundle/review.ts): the ones this desk made, waiting to be
 * posted to the receiver until `posted_at`, and the ones received from it. Callers own the
 * transaction. A decision is stored once under its id; the signed document is the proof,
 * the other columns are what lists and the review state read.
 */
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../open';
import { reviews } from '../schema';

export type ReviewRow = typeof reviews.$inferSelect;
export type ReviewState = 'accepted' | 'returned';

/** Stores a decision; false when one with that id is already there (it is kept as it was). */
export function insertReview(db: Db, row: ReviewRow): boolean {
  return db.insert(reviews).values(row).onConflictDoNothing({ target: reviews.reviewId }).run().changes === 1;
}

export function getReview(db: Db, reviewId: string): ReviewRow | undefined {
  return db.select().from(reviews).where(eq(reviews.reviewId, reviewId)).get();
}

/** Every decision about the inspection, newest first: its review history. */
export function reviewsOfInspection(db: Db, inspectionId: string): ReviewRow[] {
  return db.select().from(reviews).where(eq(reviews.inspectionId, inspectionId)).orderBy(desc(reviews.decidedAt), desc(reviews.storedAt)).all();
}

/**
 * The decision that stands for each inspection's given revision: the latest one made about
 * exactly that revision. A decision about an earlier revision never stands for a later one.
 */
export function standingReviews(db: Db, revisions: readonly { inspectionId: string; revision: number }[]): Map<string, ReviewRow> {
  const out = new Map<string, ReviewRow>();
  const wanted = new Map(revisions.map((r) => [r.inspectionId, r.revision]));
  const ids = [...wanted.keys()];
  // SQLite's bound-parameter limit is far above a page of inspections, but not unbounded.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = db
      .select()
      .from(reviews)
      .where(inArray(reviews.inspectionId, ids.slice(i, i + 500)))
      .orderBy(asc(reviews.decidedAt), asc(reviews.storedAt))
      .all();
    for (const r of rows) if (wanted.get(r.inspectionId) === r.revision) out.set(r.inspectionId, r);
  }
  return out;
}

/** Own decisions the receiver has not acknowledged yet, oldest first. */
export function unpostedReviews(db: Db): ReviewRow[] {
  return db
    .select()
    .from(reviews)
    .where(and(eq(reviews.origin, 'own'), isNull(reviews.postedAt)))
    .orderBy(asc(reviews.storedAt))
    .all();
}

export function markReviewPosted(db: Db, reviewId: string, at: string): void {
  db.update(reviews).set({ postedAt: at }).where(eq(reviews.reviewId, reviewId)).run();
}
