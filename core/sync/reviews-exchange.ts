/**
 * Review decisions over the receiver: a desk posts the decisions it made (POST /v1/reviews),
 * and every approved device reads those about its records (GET /v1/reviews). The receiver
 * only carries them; a received decision is believed only when the desk's signature
 * verifies with the desk key the receiver vouches for, and it names a revision this
 * installation holds with that very SHA-256.
 */
import { verifyReview } from '../../bundle/review';
import { reviewRowOf } from '../records/review-row';
import { FEED_PAGE_DEFAULT, SYNC_PATHS, reviewPostedAnswerSchema, reviewsAnswerSchema, type DeliveredReview } from '../../bundle/sync-api';
import { getInspection } from '../../db/repositories/inspections';
import { getRevisionSha } from '../../db/repositories/lifecycle';
import { insertReview, markReviewPosted, unpostedReviews, type ReviewRow } from '../../db/repositories/reviews';
import { getConnection, updateConnection } from '../../db/repositories/sync';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';
import { refusalText } from './device';
import { ask, type ExchangeEnv } from './pull';

export interface ReviewsResult {
  /** Own decisions the receiver acknowledged in this pass. */
  posted: number;
  /** Decisions received and stored in this pass. */
  received: number;
  /** Decisions received but not believed. */
  refused: number;
  /** Chinese, for the status line. */
  errors: string[];
}

/** The inspection as the inspector knows it, for a message. */
function inspectionLabel(ctx: ServiceContext, inspectionId: string): string {
  const i = getInspection(ctx.store.db, inspectionId);
  return i ? `“${i.agencyName}” ${i.inspectedOn} 的检查记录` : `检查记录 ${inspectionId}`;
}

/**
 * Posts each decision the receiver has not acknowledged yet, once per pass: a refusal
 * keeps it waiting, with the receiver's reason in `errors`; no connection stops the rest.
 */
export async function postOwnReviews(env: ExchangeEnv): Promise<Pick<ReviewsResult, 'posted' | 'errors'>> {
  const { ctx } = env;
  let posted = 0;
  const errors: string[] = [];
  for (const row of unpostedReviews(ctx.store.db)) {
    const answer = await ask(env, { method: 'POST', path: SYNC_PATHS.reviews, body: Buffer.from(row.document, 'utf8'), contentType: 'application/json' });
    if ('unreachable' in answer) {
      errors.push(`审核结论未能发送（无法连接接收端：${answer.unreachable}），下次同步时重发。`);
      break;
    }
    const ok = answer.status === 200 || answer.status === 201 ? reviewPostedAnswerSchema.safeParse(answer.json) : null;
    if (ok?.success && ok.data.review.reviewId === row.reviewId) {
      const at = nowIso();
      ctx.store.transaction(() => markReviewPosted(ctx.store.db, row.reviewId, at));
      posted++;
      continue;
    }
    const what = `对${inspectionLabel(ctx, row.inspectionId)}（第 ${row.revision} 版）的审核结论`;
    if (ok) {
      errors.push(`${what}：接收端的答复不符合同步协议 v1，下次同步时重发。若反复出现，请联系市局管理员。`);
      continue;
    }
    errors.push(`${what}未被接收端接受：${refusalText(answer).message}`);
    // Told to slow down or failing itself: the rest would only meet the same answer.
    if (answer.status === 429 || answer.status >= 500) break;
  }
  return { posted, errors };
}

export type DeliveredCheck =
  | { kind: 'store'; row: ReviewRow }
  /** About an inspection or revision this installation does not hold: not ours to show. */
  | { kind: 'skip' }
  | { kind: 'refuse'; message: string };

/** What the decision claims to be about, read loosely before anything is checked. */
function claimedTarget(value: unknown): { inspectionId: string; revision: number } | null {
  if (typeof value !== 'object' || value === null) return null;
  const { inspectionId, revision } = value as { inspectionId?: unknown; revision?: unknown };
  return typeof inspectionId === 'string' && typeof revision === 'number' && Number.isInteger(revision) ? { inspectionId, revision } : null;
}

/** The unit a desk of that approved scope reviews as. */
const unitOfDesk = (desk: DeliveredReview['desk']): string | null => (desk.role === 'city' ? '市局' : desk.district);

/**
 * Checks one delivered decision against the desk key it came with and the revision held
 * here. Never throws.
 */
export function checkDelivered(ctx: ServiceContext, item: DeliveredReview, storedAt: string = nowIso()): DeliveredCheck {
  const target = claimedTarget(item.review);
  if (!target) return { kind: 'refuse', message: `接收端转来的第 ${item.seq} 号审核结论无法读取，不予采信。` };
  const localSha = getRevisionSha(ctx.store.db, target.inspectionId, target.revision);
  if (localSha === undefined) return { kind: 'skip' };
  const label = `${inspectionLabel(ctx, target.inspectionId)}（第 ${target.revision} 版）`;
  const checked = verifyReview(item.review, item.desk, { inspectionId: target.inspectionId, revision: target.revision, revisionSha256: localSha });
  if (!checked.ok) return { kind: 'refuse', message: `关于${label}的审核结论：${checked.message}请联系市局管理员核查。` };
  const review = checked.review;
  // The receiver approved the desk for one scope; a decision in another unit's name is not its word.
  if (review.reviewUnit !== unitOfDesk(item.desk)) {
    return { kind: 'refuse', message: `关于${label}的审核结论以“${review.reviewUnit}”名义作出，与其审核端核准的辖区不符，不予采信。请联系市局管理员核查。` };
  }
  return {
    kind: 'store',
    row: reviewRowOf(review, 'received', storedAt),
  };
}

/**
 * Reads the decisions after the stored cursor, page by page; each page's believed decisions
 * and the cursor past it are committed together.
 */
export async function fetchReviews(env: ExchangeEnv, options: { pageSize?: number } = {}): Promise<Omit<ReviewsResult, 'posted'>> {
  const { ctx } = env;
  let received = 0;
  let refused = 0;
  const errors: string[] = [];
  let cursor = getConnection(ctx.store.db)?.reviewsCursor ?? 0;
  for (;;) {
    const answer = await ask(env, { method: 'GET', path: SYNC_PATHS.reviewsAfter(cursor, options.pageSize ?? FEED_PAGE_DEFAULT) });
    if ('unreachable' in answer) {
      errors.push(`读取审核结论时无法连接接收端：${answer.unreachable}。下次同步时继续。`);
      break;
    }
    const page = answer.status === 200 ? reviewsAnswerSchema.safeParse(answer.json) : null;
    if (!page) {
      errors.push(`接收端未提供审核结论：${refusalText(answer).message}`);
      break;
    }
    if (!page.success) {
      errors.push('接收端转来的审核结论不符合同步协议 v1，本次未读取。请联系市局管理员检查接收端版本。');
      break;
    }
    const { items, last, more } = page.data;
    // Decision numbers only grow: a page that does not move on is not the page asked for.
    if (items.some((i) => i.seq <= cursor) || (items.length > 0 && last < Math.max(...items.map((i) => i.seq)))) {
      errors.push('接收端转来的审核结论顺序有误，本次未读取。请联系市局管理员检查接收端。');
      break;
    }
    const storedAt = nowIso();
    const checks = items.map((item) => checkDelivered(ctx, item, storedAt));
    const next = Math.max(cursor, last);
    ctx.store.transaction(() => {
      for (const c of checks) if (c.kind === 'store' && insertReview(ctx.store.db, c.row)) received++;
      updateConnection(ctx.store.db, { reviewsCursor: next });
    });
    for (const c of checks) {
      if (c.kind === 'refuse') {
        refused++;
        errors.push(c.message);
      }
    }
    if (!more || next === cursor) break;
    cursor = next;
  }
  return { received, refused, errors };
}
