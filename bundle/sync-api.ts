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
 * Any refusal: { error: { code, message } }, the message in Chinese for the inspector.
 */

export const SYNC_PROTOCOL_VERSION = 1;
export const SYNC_PATHS = {
  enroll: '/v1/enroll',
  device: '/v1/device',
  bundle: (bundleId: string) => `/v1/bundles/${encodeURIComponent(bundleId)}`,
  receipt: (bundleId: string) => `/v1/receipts/${encodeURIComponent(bundleId)}`,
} as const;

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
