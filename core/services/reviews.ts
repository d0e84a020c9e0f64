/**
 * reviews/*: a bureau desk's 审核 of the inspections it imported. A decision is a document
 * the desk signs with its device key (bundle/review.ts), about the latest signed revision
 * by number and SHA-256, so it can never be read as a verdict on a later amendment. It is
 * stored as an own decision waiting to be posted; the sync pass carries it to the receiver.
 */
import type { OutputOf, ParsedInputOf } from '../contract';
import type { ReviewItem } from '../contract/reviews';
import type { ServiceContext } from '../context';
import { actorOf, readProfile } from '../domain/actor';
import { deviceKey, ownKeyIds } from '../domain/device-key';
import { deskUnit, isDesk, readDeviceRole } from '../domain/role';
import { newId, nowIso } from '../ids';
import { signReview } from '../../bundle/review';
import { reviewRowOf } from '../records/review-row';
import { latestSignedRevision, reviewableInspections, type ReviewableRow } from '../../db/repositories/review-list';
import { insertReview, reviewsOfInspection, standingReviews, type ReviewRow, type ReviewState } from '../../db/repositories/reviews';
import { AppError } from '../../lib/errors';

/** The names on the record; a column that does not read as the list it should be shows as none. */
function inspectorNames(json: string): string {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? list.map((p) => (typeof p === 'object' && p !== null && typeof (p as { name?: unknown }).name === 'string' ? (p as { name: string }).name : '')).filter(Boolean).join('、') : '';
  } catch {
    return '';
  }
}

function itemOf(row: ReviewableRow, standing: ReviewRow | undefined): ReviewItem {
  return {
    inspectionId: row.inspectionId,
    agencyName: row.agencyName,
    district: row.district,
    inspectedOn: row.inspectedOn,
    inspectors: inspectorNames(row.inspectors),
    revision: row.revision,
    state: standing ? (standing.state as ReviewState) : 'pending',
    reason: standing ? standing.reason : null,
    decidedAt: standing ? standing.decidedAt : null,
    reviewUnit: standing ? standing.reviewUnit : null,
    signedAt: row.signedAt,
  };
}

function standingOf(ctx: ServiceContext, rows: readonly ReviewableRow[]): Map<string, ReviewRow> {
  return standingReviews(
    ctx.store.db,
    rows.map((r) => ({ inspectionId: r.inspectionId, revision: r.revision })),
  );
}

export function list(input: ParsedInputOf<'reviews/list'>, ctx: ServiceContext): OutputOf<'reviews/list'> {
  // A desk reviews what other installations signed; a laptop follows what became of its own.
  const role = readDeviceRole(ctx);
  const signedBy = isDesk(role) ? 'others' : 'these';
  const rows = reviewableInspections(ctx.store.db, { keyIds: [...ownKeyIds(ctx)], signedBy, ...(role.role === 'district' ? { district: role.district } : {}) });
  const standing = standingOf(ctx, rows);
  const items = rows.map((r) => itemOf(r, standing.get(r.inspectionId)));
  return { items: input.state === undefined ? items : items.filter((i) => i.state === input.state) };
}

function decide(ctx: ServiceContext, inspectionId: string, state: ReviewState, reason: string): ReviewItem {
  const role = readDeviceRole(ctx);
  const unit = deskUnit(role);
  if (!isDesk(role) || unit === null) {
    throw new AppError('FORBIDDEN', '只有区局或市局审核端可以审核检查记录。请在「设置 → 本机角色」中设置。');
  }
  const profile = readProfile(ctx);
  if (!profile) {
    throw new AppError('FORBIDDEN', '请先在「设置」中填写本机人员信息（姓名、执法证号、单位），审核结论要写明审核人。', 'profile');
  }
  const latest = latestSignedRevision(ctx.store.db, inspectionId);
  if (!latest) throw new AppError('NOT_FOUND', '没有找到这份已签署的检查记录。请先导入检查人员的数据包，再审核。');
  // An unsealed revision was signed here before seals existed (an import refuses them).
  if (latest.sealKeyId === null || ownKeyIds(ctx).has(latest.sealKeyId)) {
    throw new AppError('FORBIDDEN', '不能审核本机签署的检查记录。');
  }
  // The receiver approved this desk for one district; a decision outside it would be refused there.
  if (role.role === 'district' && latest.district !== role.district) {
    throw new AppError('FORBIDDEN', `这份检查记录属于${latest.district}，本机是${role.district}审核端，不能审核。`);
  }
  const signer = deviceKey(ctx);
  const reviewer = actorOf(profile);
  const decidedAt = nowIso();
  const review = signReview(
    {
      reviewId: newId(),
      inspectionId,
      revision: latest.revision,
      revisionSha256: latest.revisionSha256,
      state,
      reason,
      decidedAt,
      reviewer,
      reviewUnit: unit,
    },
    signer,
  );
  // Only the reviews table holds it: the inspection's audit chain is the inspector's signed
  // record, and a desk's entry in it would no longer match the laptop's next revision.
  ctx.store.transaction(() => {
    insertReview(ctx.store.db, reviewRowOf(review, 'own', decidedAt));
  });
  return itemOf(latest, standingOf(ctx, [latest]).get(inspectionId));
}

export function accept(input: ParsedInputOf<'reviews/accept'>, ctx: ServiceContext): OutputOf<'reviews/accept'> {
  return decide(ctx, input.inspectionId, 'accepted', '');
}

// `return` is a reserved word, so the handler is declared under another name and exported as `return`.
function returnForCorrection(input: ParsedInputOf<'reviews/return'>, ctx: ServiceContext): OutputOf<'reviews/return'> {
  return decide(ctx, input.inspectionId, 'returned', input.reason);
}
export { returnForCorrection as return };

export function history(input: ParsedInputOf<'reviews/history'>, ctx: ServiceContext): OutputOf<'reviews/history'> {
  const latest = latestSignedRevision(ctx.store.db, input.inspectionId);
  const items = reviewsOfInspection(ctx.store.db, input.inspectionId).map((r) => ({
    reviewId: r.reviewId,
    revision: r.revision,
    state: r.state as ReviewState,
    reason: r.reason,
    reviewerName: r.reviewerName,
    reviewUnit: r.reviewUnit,
    decidedAt: r.decidedAt,
    origin: r.origin as 'own' | 'received',
    posted: r.postedAt !== null,
    current: latest !== undefined && r.revision === latest.revision,
  }));
  return { items };
}
