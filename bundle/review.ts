import { z } from 'zod';
import { isInspectingUnit } from '../forms/districts';
import { canonicalJson } from './canonical';
import { BUNDLE_ALGS, bundleAlgOf, bundleInspectorSchema, keyAlgOf, type BundleAlg, type BundleSigner } from './format';
import { verify } from './keys';
import { parseSafeJson } from './safe-json';

/**
 * A bureau desk's review decision (区局/市局: 已受理 or 退回补正) about one signed revision
 * of an inspection. The desk signs it with its own key over the canonical JSON of the
 * body, because the laptop shows the decision to the inspector as the desk's word, while
 * the receiver in between only stores and carries it: only the desk key makes it
 * trustworthy, whatever path it travelled. It names the revision by number and SHA-256,
 * so a decision can only ever be about that exact signed revision, never a later edit.
 */

export const REVIEW_FORMAT = 'ducha-review';
export const REVIEW_STATES = ['accepted', 'returned'] as const;

const id = z.string().regex(/^[0-9A-Za-z-]{1,100}$/);

const bodyShape = {
  format: z.literal(REVIEW_FORMAT),
  version: z.literal(1),
  /** The desk's id for this decision (a UUID v7). */
  reviewId: id,
  inspectionId: id,
  /** The signed revision the decision is about, by number and by content. */
  revision: z.number().int().min(1),
  revisionSha256: z.string().regex(/^[0-9a-f]{64}$/),
  state: z.enum(REVIEW_STATES),
  /** Why it was returned; an acceptance may say nothing. */
  reason: z.string().max(2000),
  decidedAt: z.iso.datetime(),
  /** The person at the desk who decided. */
  reviewer: bundleInspectorSchema,
  /**
   * The desk's unit: 市局 or a district's bureau (forms/districts.ts). Checked, but typed as
   * a plain string (`: boolean`, not the type guard) so a unit read back from storage can be
   * passed without narrowing it first.
   */
  reviewUnit: z.string().min(1).max(40).refine((unit): boolean => isInspectingUnit(unit), { error: '审核单位应为市局或区局（含临港新片区）' }),
  alg: z.enum(BUNDLE_ALGS),
  /** The desk key's id. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
};

// An inspector told to 补正 must be told what to correct; a bare "returned" cannot be acted on.
function returnedNeedsReason(value: { state: string; reason: string }, ctx: z.RefinementCtx): void {
  if (value.state === 'returned' && !/\S/.test(value.reason)) {
    ctx.addIssue({ code: 'custom', path: ['reason'], message: '退回补正必须写明理由（哪些项目或问题需要补正）。' });
  }
}

export const reviewBodySchema = z.strictObject(bodyShape).superRefine(returnedNeedsReason);
export const reviewSchema = z.strictObject({ ...bodyShape, signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/) }).superRefine(returnedNeedsReason);
export type ReviewBody = z.infer<typeof reviewBodySchema>;
export type Review = z.infer<typeof reviewSchema>;

/** Signs a decision with the desk key. Throws on a body the schema refuses (our own code calls it). */
export function signReview(body: Omit<ReviewBody, 'format' | 'version' | 'alg' | 'keyId'>, signer: BundleSigner): Review {
  const full = reviewBodySchema.parse({ ...body, format: REVIEW_FORMAT, version: 1, alg: bundleAlgOf(signer.alg), keyId: signer.keyId });
  const signature = Buffer.from(signer.sign(Buffer.from(canonicalJson(full), 'utf8'))).toString('base64');
  return { ...full, signature };
}

export type ReviewCheck = { ok: true; review: Review } | { ok: false; message: string };

/**
 * Checks a decision against the registered desk key and, when given, the inspection and
 * revision the laptop holds. Never throws.
 */
export function verifyReview(
  value: unknown,
  desk: { keyId: string; alg: BundleAlg; publicKey: string },
  expected?: { inspectionId: string; revision?: number; revisionSha256?: string },
): ReviewCheck {
  try {
    return verifyUnsafe(value, desk, expected);
  } catch {
    // Everything known returns above; a value that throws while being read (a getter,
    // a proxy) must still come back as a refusal.
    return { ok: false, message: '审核结论无法读取，不予采信。' };
  }
}

function verifyUnsafe(
  value: unknown,
  desk: { keyId: string; alg: BundleAlg; publicKey: string },
  expected: { inspectionId: string; revision?: number; revisionSha256?: string } | undefined,
): ReviewCheck {
  const checked = reviewSchema.safeParse(value);
  if (!checked.success) return { ok: false, message: '审核结论格式不符合同步协议 v1，不予采信。' };
  const review = checked.data;
  const { signature, ...body } = review;
  if (review.keyId !== desk.keyId || review.alg !== desk.alg) {
    return { ok: false, message: '审核结论不是由登记的审核端密钥签署，不予采信。' };
  }
  const signatureBytes = Buffer.from(signature, 'base64');
  // One signature, one spelling: base64 whose spare bits are set decodes to the same bytes.
  if (signatureBytes.toString('base64') !== signature || !verify(keyAlgOf(desk.alg), desk.publicKey, Buffer.from(canonicalJson(body), 'utf8'), signatureBytes)) {
    return { ok: false, message: '审核结论的签名验证失败，不予采信。' };
  }
  if (
    expected &&
    (review.inspectionId !== expected.inspectionId ||
      (expected.revision !== undefined && review.revision !== expected.revision) ||
      (expected.revisionSha256 !== undefined && review.revisionSha256 !== expected.revisionSha256))
  ) {
    return { ok: false, message: '审核结论所指的检查记录或版本与本机记录不一致，不予采信。' };
  }
  return { ok: true, review };
}

/** A decision from stored or received JSON text; null when it is not one. Signature not checked. */
export function parseReviewText(text: string): Review | null {
  const parsed = parseSafeJson(text, { maxBytes: 64 * 1024 });
  if (!parsed.ok) return null;
  const checked = reviewSchema.safeParse(parsed.value);
  return checked.success ? checked.data : null;
}

/** The decision's bytes as posted and stored: its canonical JSON. */
export function reviewText(review: Review): string {
  return canonicalJson(review);
}
