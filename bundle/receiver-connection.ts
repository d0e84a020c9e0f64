import { z } from 'zod';
import { canonicalJson } from './canonical';
import { BUNDLE_ALGS, bundleAlgOf, keyAlgOf, type BundleSigner } from './format';
import { fingerprintOf, keyIdOf, verify } from './keys';
import { parseSafeJson } from './safe-json';

/**
 * The receiver connection file (`*.ducha-receiver.json`): what a laptop needs to sync
 * with a bureau's receiver — its name, its addresses, and the public key every answer
 * and receipt must be signed with. The laptop pins that key when the inspector confirms
 * the fingerprint (read out by the bureau by phone or on paper); from then on an answer
 * not signed by it is not an answer. The file is signed by that same key, which shows it
 * is whole, not who made it: the fingerprint check does that.
 */

export const RECEIVER_CONNECTION_FORMAT = 'ducha-receiver';
export const RECEIVER_CONNECTION_SUFFIX = '.ducha-receiver.json';

const urlSchema = z
  .string()
  .max(500)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.search === '' && url.hash === '';
    } catch {
      return false;
    }
  }, '接收端地址应为 http:// 或 https:// 开头的网址，不含用户名、查询参数');

export const receiverConnectionBodySchema = z.strictObject({
  format: z.literal(RECEIVER_CONNECTION_FORMAT),
  version: z.literal(1),
  name: z.string().min(1).max(100),
  urls: z.array(urlSchema).min(1).max(8),
  alg: z.enum(BUNDLE_ALGS),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  publicKey: z.string().max(200),
  fingerprint: z.string(),
  createdAt: z.iso.datetime(),
  /** PEM of a self-signed TLS certificate the laptop should trust for https:// addresses. */
  tlsCertificate: z.string().max(20_000).optional(),
});
export const receiverConnectionSchema = receiverConnectionBodySchema.extend({ signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/) });
export type ReceiverConnection = z.infer<typeof receiverConnectionSchema>;

export function buildReceiverConnection(
  input: { name: string; urls: string[]; tlsCertificate?: string; createdAt?: string },
  signer: BundleSigner,
): string {
  const body = receiverConnectionBodySchema.parse({
    format: RECEIVER_CONNECTION_FORMAT,
    version: 1,
    name: input.name,
    urls: input.urls.map((u) => u.replace(/\/+$/, '')),
    alg: bundleAlgOf(signer.alg),
    keyId: signer.keyId,
    publicKey: signer.publicKey,
    fingerprint: fingerprintOf(signer.alg, signer.publicKey),
    createdAt: input.createdAt ?? new Date().toISOString(),
    ...(input.tlsCertificate ? { tlsCertificate: input.tlsCertificate } : {}),
  });
  const signature = Buffer.from(signer.sign(Buffer.from(canonicalJson(body), 'utf8'))).toString('base64');
  return JSON.stringify({ ...body, signature }, null, 2) + '\n';
}

export type ReceiverConnectionResult = { ok: true; connection: ReceiverConnection } | { ok: false; reason: string };

/** Reads a connection file as the laptop does; never throws. */
export function readReceiverConnection(input: string | Uint8Array): ReceiverConnectionResult {
  const parsed = parseSafeJson(input, { maxBytes: 64 * 1024 });
  if (!parsed.ok) return { ok: false, reason: `接收端连接文件无法读取：${parsed.reason}请向市局索取原始的 ${RECEIVER_CONNECTION_SUFFIX} 文件。` };
  const checked = receiverConnectionSchema.safeParse(parsed.value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue?.path.join('.') || '(根)';
    return { ok: false, reason: `这不是有效的接收端连接文件（字段 ${where} 不正确${issue && /[\u4e00-\u9fff]/.test(issue.message) ? `：${issue.message}` : ''}）。请向市局索取原始的 ${RECEIVER_CONNECTION_SUFFIX} 文件。` };
  }
  const connection = checked.data;
  const alg = keyAlgOf(connection.alg);
  if (keyIdOf(alg, connection.publicKey) !== connection.keyId || fingerprintOf(alg, connection.publicKey) !== connection.fingerprint) {
    return { ok: false, reason: '接收端连接文件中的密钥编号或指纹与公钥不对应：文件被改动过。请向市局索取原始文件。' };
  }
  const { signature, ...body } = connection;
  if (!verify(alg, connection.publicKey, Buffer.from(canonicalJson(body), 'utf8'), Buffer.from(signature, 'base64'))) {
    return { ok: false, reason: '接收端连接文件的签名验证失败：文件在生成后被改动过。请向市局索取原始文件。' };
  }
  return { ok: true, connection };
}
