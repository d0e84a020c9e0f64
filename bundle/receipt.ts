import { z } from 'zod';
import { canonicalJson } from './canonical';
import { BUNDLE_ALGS, bundleAlgOf, keyAlgOf, type BundleSigner } from './format';
import { verify } from './keys';
import { parseSafeJson } from './safe-json';

/**
 * The receiver's receipt for one bundle: "I hold these exact bytes, durably, as number
 * `seq`". Signed by the receiver's key over the canonical JSON of the body, so the laptop
 * (and anyone it shows the receipt to) can prove delivery without trusting the transport.
 * A laptop stops resending a bundle only on a receipt that verifies and names its bytes.
 */

export const RECEIPT_FORMAT = 'ducha-receipt';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const keyId = z.string().regex(/^[0-9a-f]{16}$/);

export const receiptBodySchema = z.strictObject({
  format: z.literal(RECEIPT_FORMAT),
  version: z.literal(1),
  receiverKeyId: keyId,
  alg: z.enum(BUNDLE_ALGS),
  deviceKeyId: keyId,
  bundleId: z.string().min(1).max(100),
  sha256: hex64,
  bytes: z.number().int().nonnegative(),
  /** When the receiver had the file and its row durable (UTC ISO). */
  receivedAt: z.iso.datetime(),
  /** The receiver's arrival number: strictly increasing, never reused. */
  seq: z.number().int().positive(),
});
export const receiptSchema = receiptBodySchema.extend({ signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/) });
export type ReceiptBody = z.infer<typeof receiptBodySchema>;
export type Receipt = z.infer<typeof receiptSchema>;

export function signReceipt(body: Omit<ReceiptBody, 'format' | 'version' | 'receiverKeyId' | 'alg'>, signer: BundleSigner): Receipt {
  const full = receiptBodySchema.parse({ format: RECEIPT_FORMAT, version: 1, receiverKeyId: signer.keyId, alg: bundleAlgOf(signer.alg), ...body });
  const signature = Buffer.from(signer.sign(Buffer.from(canonicalJson(full), 'utf8'))).toString('base64');
  return { ...full, signature };
}

export type ReceiptCheck = { ok: true; receipt: Receipt } | { ok: false; message: string };

/**
 * Checks a receipt against the pinned receiver key and the bundle the laptop sent.
 * Never throws.
 */
export function verifyReceipt(
  value: unknown,
  receiver: { keyId: string; publicKey: string; alg: (typeof BUNDLE_ALGS)[number] },
  expected: { bundleId: string; sha256: string; bytes: number; deviceKeyId: string },
): ReceiptCheck {
  const checked = receiptSchema.safeParse(value);
  if (!checked.success) return { ok: false, message: '接收端回执格式不符合同步协议 v1，不予采信。' };
  const receipt = checked.data;
  const { signature, ...body } = receipt;
  if (receipt.receiverKeyId !== receiver.keyId || receipt.alg !== receiver.alg) {
    return { ok: false, message: '回执不是由连接文件中登记的接收端密钥签发，不予采信。' };
  }
  let text: string;
  try {
    text = canonicalJson(body);
  } catch {
    return { ok: false, message: '接收端回执无法读取，不予采信。' };
  }
  if (!verify(keyAlgOf(receiver.alg), receiver.publicKey, Buffer.from(text, 'utf8'), Buffer.from(signature, 'base64'))) {
    return { ok: false, message: '回执签名验证失败，不予采信。' };
  }
  if (receipt.bundleId !== expected.bundleId || receipt.sha256 !== expected.sha256 || receipt.bytes !== expected.bytes || receipt.deviceKeyId !== expected.deviceKeyId) {
    return { ok: false, message: '回执所载的数据包编号、大小或 SHA-256 与本机发送的不一致，不予采信，将重新发送。' };
  }
  return { ok: true, receipt };
}

/** A receipt from stored JSON text (the laptop keeps each one it accepted). */
export function parseReceiptText(text: string): Receipt | null {
  const parsed = parseSafeJson(text, { maxBytes: 64 * 1024 });
  if (!parsed.ok) return null;
  const checked = receiptSchema.safeParse(parsed.value);
  return checked.success ? checked.data : null;
}
