import { z } from 'zod';
import { receiptSchema } from './receipt';

/**
 * The sync protocol v1 between a laptop and a bureau's receiver (docs/sync-protocol.md):
 * its paths, the JSON bodies of its answers, and its refusal codes. Every request is
 * signed by the device key and every answer by the receiver key (http-signature.ts).
 *
 *   POST /v1/enroll          body: the device's enrollment request (bundle/enrollment.ts)
 *                            → 200 { device }   (a repeat answers the same)
 *   GET  /v1/device          → 200 { device }   (401 for a key the receiver has never seen)
 *   PUT  /v1/bundles/{id}    body: the bundle file's exact bytes
 *                            → 201 { receipt } new, 200 { receipt } the same bytes again,
 *                              202 { held } stored but waiting for the device's approval,
 *                              409 other bytes under that id, 413 too large (before reading),
 *                              400 the bundle fails verification, 403 revoked or not this
 *                              device's bundle
 *   GET  /v1/receipts/{id}   → 200 { receipt }, 202 { held }, 404 none
 *
 * A bureau desk (a device the administrator approved as a 区局 or 市局 desk) also reads:
 *   GET  /v1/feed?after=N&limit=M   → 200 { items, last, more }: stored bundles in its scope
 *                                     after arrival number N, in arrival order
 *   GET  /v1/bundles/{id}           → 200 the bundle file's exact bytes (in its scope), 403, 404
 *   POST /v1/reviews                body: a signed review decision (bundle/review.ts)
 *                                   → 201 { review } new, 200 the same again, 409 other bytes
 *                                     under that id, 403 outside its scope or its own record
 * and every approved device:
 *   GET  /v1/reviews?after=N&limit=M → 200 { items, last, more }: decisions about the bundles it
 *                                     sent (a laptop), or in its scope (a desk)
 *
 * Any refusal: { error: { code, message } }, the message in Chinese for the inspector.
 */

export const SYNC_PROTOCOL_VERSION = 1;
export const SYNC_PATHS = {
  enroll: '/v1/enroll',
  device: '/v1/device',
  bundle: (bundleId: string) => `/v1/bundles/${encodeURIComponent(bundleId)}`,
  receipt: (bundleId: string) => `/v1/receipts/${encodeURIComponent(bundleId)}`,
  feed: (after: number, limit: number) => `/v1/feed?after=${after}&limit=${limit}`,
  reviews: '/v1/reviews',
  reviewsAfter: (after: number, limit: number) => `/v1/reviews?after=${after}&limit=${limit}`,
} as const;

/** Items per page of the feed and of the decisions: the default, and the most one request may ask. */
export const FEED_PAGE_DEFAULT = 100;
export const FEED_PAGE_MAX = 500;

/** What may name a bundle in a path: the UUIDs the app makes, and nothing a path could trip on. */
export const BUNDLE_ID_PATTERN = /^[0-9A-Za-z-]{1,100}$/;

/** Default largest bundle the receiver reads (bytes); `serve --max-bundle-mb` changes it. */
export const DEFAULT_MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

export const DEVICE_STATES = ['pending', 'approved', 'revoked'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export const deviceAnswerSchema = z.strictObject({
  keyId: z.string(),
  state: z.enum(DEVICE_STATES),
  /** Chinese, for the status line: what this state means for the inspector. */
  message: z.string(),
});
export type DeviceAnswer = z.infer<typeof deviceAnswerSchema>;

export const heldAnswerSchema = z.strictObject({
  bundleId: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  message: z.string(),
});

export const SYNC_ERROR_CODES = [
  'UNSIGNED',
  'MALFORMED_SIGNATURE',
  'DIGEST_MISMATCH',
  'CLOCK_SKEW',
  'BAD_SIGNATURE',
  'REPLAYED',
  'UNKNOWN_DEVICE',
  'REVOKED',
  'NOT_YOUR_BUNDLE',
  'BUNDLE_INVALID',
  'BUNDLE_CONFLICT',
  'TOO_LARGE',
  'NOT_FOUND',
  'BAD_REQUEST',
  'RATE_LIMITED',
  'FORBIDDEN',
  'REVIEW_INVALID',
  'REVIEW_CONFLICT',
  'INTERNAL',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export const errorAnswerSchema = z.strictObject({
  error: z.strictObject({ code: z.enum(SYNC_ERROR_CODES), message: z.string() }),
});
export type ErrorAnswer = z.infer<typeof errorAnswerSchema>;

export const enrollAnswerSchema = z.strictObject({ device: deviceAnswerSchema });
export const receiptAnswerSchema = z.strictObject({ receipt: receiptSchema });
export const heldBundleAnswerSchema = z.strictObject({ held: heldAnswerSchema });

/** The Chinese line the laptop shows for each device state. */
export const DEVICE_STATE_MESSAGES: Record<DeviceState, string> = {
  pending: '设备尚未获批准，请联系市局管理员核准指纹。数据已送到接收端保管，获批后自动入库。',
  approved: '设备已获批准，可以同步。',
  revoked: '本设备已被接收端停用，不能再同步。已送达的数据仍有效；如有疑问请联系市局管理员。',
};

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const keyIdSchema = z.string().regex(/^[0-9a-f]{16}$/);
const page = { last: z.number().int().nonnegative(), more: z.boolean() };

/** One stored bundle in a desk's feed; the desk fetches its bytes with GET /v1/bundles/{id}. */
export const feedItemSchema = z.strictObject({
  seq: z.number().int().positive(),
  bundleId: z.string().regex(BUNDLE_ID_PATTERN),
  sha256: hex64,
  bytes: z.number().int().nonnegative(),
  receivedAt: z.iso.datetime(),
  /** The device that sent it. */
  deviceKeyId: keyIdSchema,
  /** For an evidence part: the records bundle it belongs to. */
  partOf: z.string().regex(BUNDLE_ID_PATTERN).nullable(),
});
export type FeedItem = z.infer<typeof feedItemSchema>;
export const feedAnswerSchema = z.strictObject({ items: z.array(feedItemSchema).max(FEED_PAGE_MAX), ...page });
export type FeedAnswer = z.infer<typeof feedAnswerSchema>;

export const reviewPostedAnswerSchema = z.strictObject({
  review: z.strictObject({ reviewId: z.string(), seq: z.number().int().positive(), receivedAt: z.iso.datetime() }),
});

/**
 * A decision as delivered: the desk's signed document (checked by the reader against the
 * desk key given here) and the desk as the receiver approved it. The receiver's signature on
 * the whole answer vouches for the desk key; the desk's signature on the document for its content.
 */
export const deliveredReviewSchema = z.strictObject({
  seq: z.number().int().positive(),
  receivedAt: z.iso.datetime(),
  review: z.unknown(),
  desk: z.strictObject({
    keyId: keyIdSchema,
    alg: z.enum(['ed25519', 'sm2-sm3']),
    publicKey: z.string().max(200),
    fingerprint: z.string(),
    name: z.string(),
    unit: z.string(),
    role: z.enum(['district', 'city']),
    district: z.string().nullable(),
  }),
});
export type DeliveredReview = z.infer<typeof deliveredReviewSchema>;
export const reviewsAnswerSchema = z.strictObject({ items: z.array(deliveredReviewSchema).max(FEED_PAGE_MAX), ...page });
export type ReviewsAnswer = z.infer<typeof reviewsAnswerSchema>;
