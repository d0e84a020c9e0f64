import { z } from 'zod';
import { canonicalJson } from './canonical';
import { bundleAlgOf, bundleInspectorSchema, keyAlgOf, BUNDLE_ALGS, type BundleSigner } from './format';
import { fingerprintOf, keyIdOf, verify } from './keys';
import { parseSafeJson } from './safe-json';

/**
 * Enrollment request (`ducha keys export-enrollment`): tells the bureau "this inspector
 * uses this device key". It is signed by that key, which proves the sender holds the
 * private key (a copied public key alone cannot enroll). The bureau still confirms the
 * fingerprint with the inspector by another channel before trusting it.
 */

export const ENROLLMENT_FORMAT = 'ducha-enrollment';

const enrollmentBodySchema = z.strictObject({
  format: z.literal(ENROLLMENT_FORMAT),
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  appVersion: z.string().min(1).max(40),
  inspector: bundleInspectorSchema,
  alg: z.enum(BUNDLE_ALGS),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  publicKey: z.string().max(200),
  fingerprint: z.string(),
});
export const enrollmentSchema = enrollmentBodySchema.extend({ signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/) });
export type EnrollmentRequest = z.infer<typeof enrollmentSchema>;

/** The request file text (canonical JSON). */
export function buildEnrollmentRequest(
  input: { inspector: { name: string; badgeNo: string; unit: string }; appVersion: string; createdAt?: string },
  signer: BundleSigner,
): string {
  const body = enrollmentBodySchema.parse({
    format: ENROLLMENT_FORMAT,
    version: 1,
    createdAt: input.createdAt ?? new Date().toISOString(),
    appVersion: input.appVersion,
    inspector: input.inspector,
    alg: bundleAlgOf(signer.alg),
    keyId: signer.keyId,
    publicKey: signer.publicKey,
    fingerprint: fingerprintOf(signer.alg, signer.publicKey),
  });
  const signature = Buffer.from(signer.sign(Buffer.from(canonicalJson(body), 'utf8'))).toString('base64');
  return canonicalJson({ ...body, signature });
}

export type EnrollmentVerifyResult = { ok: true; request: EnrollmentRequest } | { ok: false; reason: string };

/** Checks a request as the bureau would; never throws. */
export function verifyEnrollmentRequest(input: string | Uint8Array): EnrollmentVerifyResult {
  const parsed = parseSafeJson(input, { maxBytes: 64 * 1024 });
  if (!parsed.ok) return { ok: false, reason: `登记申请文件无法读取：${parsed.reason}请让检查人员重新导出。` };
  const checked = enrollmentSchema.safeParse(parsed.value);
  if (!checked.success) {
    const where = checked.error.issues[0]?.path.join('.') || '(根)';
    return { ok: false, reason: `登记申请文件格式不符（字段 ${where} 不正确）。请让检查人员用督查台重新导出。` };
  }
  const request = checked.data;
  const alg = keyAlgOf(request.alg);
  if (keyIdOf(alg, request.publicKey) !== request.keyId || fingerprintOf(alg, request.publicKey) !== request.fingerprint) {
    return { ok: false, reason: '登记申请中的密钥编号或指纹与公钥不对应，文件被改动过。请让检查人员重新导出。' };
  }
  const { signature, ...body } = request;
  if (!verify(alg, request.publicKey, Buffer.from(canonicalJson(body), 'utf8'), Buffer.from(signature, 'base64'))) {
    return { ok: false, reason: '登记申请的签名验证失败：内容在签署后被改动过，或不是由该密钥签署。请让检查人员重新导出。' };
  }
  return { ok: true, request };
}
