import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { CanonicalJsonError, canonicalJson, sha256Hex } from './canonical';
import { keyIdOf, verify, type KeyAlg } from './keys';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, formatBytes, parseSafeJson } from './safe-json';

/**
 * Bundle format v1 (docs/bundle-format.md): one JSON file, written in RFC 8785 canonical
 * form, `{ header, payload, signature }`. header.payloadSha256 is the SHA-256 of the
 * canonical payload; the signature covers the canonical header. Because the whole file is
 * canonical, the verifier reads both canonical texts straight out of the file, and any
 * changed byte either breaks the canonical spelling or changes signed content.
 */

export const BUNDLE_FORMAT = 'ducha-bundle';
export const BUNDLE_VERSION = 1;
export const BUNDLE_FILE_SUFFIX = '.ducha.json';
export const BUNDLE_ALGS = ['ed25519', 'sm2-sm3'] as const;
export type BundleAlg = (typeof BUNDLE_ALGS)[number];

export function bundleAlgOf(alg: KeyAlg): BundleAlg {
  return alg === 'sm2' ? 'sm2-sm3' : 'ed25519';
}
export function keyAlgOf(alg: BundleAlg): KeyAlg {
  return alg === 'sm2-sm3' ? 'sm2' : 'ed25519';
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, { error: '应为 64 位小写十六进制 SHA-256' });

export const bundleInspectorSchema = z.strictObject({
  name: z.string().min(1).max(50),
  badgeNo: z.string().min(1).max(40),
  unit: z.string().min(1).max(100),
});

export const bundleHeaderSchema = z
  .strictObject({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_VERSION),
    bundleId: z.uuid(),
    createdAt: z.iso.datetime(),
    appVersion: z.string().min(1).max(40),
    alg: z.enum(BUNDLE_ALGS),
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
    publicKey: z.string().max(200),
    inspector: bundleInspectorSchema,
    payloadSha256: hex64,
  })
  .refine((h) => keyIdOf(keyAlgOf(h.alg), h.publicKey) !== null, {
    error: '公钥不是该算法的有效公钥',
    path: ['publicKey'],
  });
export type BundleHeader = z.infer<typeof bundleHeaderSchema>;

/**
 * Records travel as the app stores them. The lead tightens these schemas when the
 * import rules land; for now each record needs an id and keeps every other field.
 */
export const bundleRecordSchema = z.looseObject({ id: z.string().min(1).max(100) });
export type BundleRecord = z.infer<typeof bundleRecordSchema>;

export const bundleEvidenceSchema = z.looseObject({
  sha256: hex64,
  mediaType: z.string().regex(/^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/i, { error: '应为 MIME 类型，如 image/jpeg' }),
  base64: z.string(),
});
export type BundleEvidence = z.infer<typeof bundleEvidenceSchema>;

export const bundlePayloadSchema = z.looseObject({
  agencies: z.array(bundleRecordSchema),
  inspections: z.array(bundleRecordSchema),
  evidence: z.array(bundleEvidenceSchema),
});
export type BundlePayload = z.infer<typeof bundlePayloadSchema>;

export const bundleSchema = z.strictObject({
  header: bundleHeaderSchema,
  payload: bundlePayloadSchema,
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, { error: '应为 64 字节签名的 base64' }),
});
export type Bundle = z.infer<typeof bundleSchema>;

/** Whatever signs a bundle: a DeviceKey, or later a key held by the OS. */
export interface BundleSigner {
  readonly alg: KeyAlg;
  readonly keyId: string;
  readonly publicKey: string;
  sign(bytes: Uint8Array): Uint8Array;
}

/** Header fields the caller supplies; format, version, alg, key and hash are filled in. */
export interface BundleHeaderInput {
  /** Default: a new UUID v7. */
  bundleId?: string;
  /** Default: now, as a UTC ISO string. */
  createdAt?: string;
  appVersion: string;
  inspector: { name: string; badgeNo: string; unit: string };
}

/** Thrown by buildBundle for data that cannot become a valid bundle. */
export class BundleBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleBuildError';
  }
}

/**
 * Signs a payload and returns the bundle file text (canonical JSON, UTF-8). Refuses to
 * produce anything verifyBundleText would refuse.
 */
export function buildBundle(input: { header: BundleHeaderInput; payload: BundlePayload }, signer: BundleSigner): string {
  const payloadCheck = bundlePayloadSchema.safeParse(input.payload);
  if (!payloadCheck.success) throw new BundleBuildError(`无法生成数据包：${describeIssue(payloadCheck.error, 'payload')}`);
  let payloadText: string;
  try {
    payloadText = canonicalJson(input.payload);
  } catch (error) {
    if (error instanceof CanonicalJsonError) throw new BundleBuildError(`无法生成数据包：${error.message}`);
    throw error;
  }
  const header = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    bundleId: input.header.bundleId ?? uuidv7(),
    createdAt: input.header.createdAt ?? new Date().toISOString(),
    appVersion: input.header.appVersion,
    alg: bundleAlgOf(signer.alg),
    keyId: signer.keyId,
    publicKey: signer.publicKey,
    inspector: input.header.inspector,
    payloadSha256: sha256Hex(payloadText),
  };
  const headerCheck = bundleHeaderSchema.safeParse(header);
  if (!headerCheck.success) throw new BundleBuildError(`无法生成数据包：${describeIssue(headerCheck.error, 'header')}`);
  const headerText = canonicalJson(header);
  const signature = Buffer.from(signer.sign(Buffer.from(headerText, 'utf8'))).toString('base64');
  const text = assemble(headerText, payloadText, signature);
  // Never hand out a file that the receiving side would refuse (too deep, key mismatch…).
  const self = verifyBundleText(text);
  if (!self.ok) throw new BundleBuildError(`无法生成数据包：生成的文件未通过自检（${self.reason}）`);
  return text;
}

/** The canonical text of `{ header, payload, signature }` from its canonical parts. */
function assemble(headerText: string, payloadText: string, signature: string): string {
  return `{"header":${headerText},"payload":${payloadText},"signature":${JSON.stringify(signature)}}`;
}

export type BundleVerifyCode =
  | 'TOO_LARGE'
  | 'INVALID_JSON'
  | 'DUPLICATE_KEY'
  | 'TOO_DEEP'
  | 'SCHEMA'
  | 'UNKNOWN_VERSION'
  | 'PAYLOAD_HASH'
  | 'SIGNATURE'
  | 'EVIDENCE_HASH'
  | 'NOT_CANONICAL';

export type BundleVerifyResult =
  | { ok: true; bundle: Bundle; keyId: string; publicKey: string; alg: BundleAlg }
  | { ok: false; code: BundleVerifyCode; reason: string };

export interface BundleVerifyOptions {
  /** Largest accepted file, in bytes (default 256 MB). */
  maxBytes?: number;
  /** Deepest accepted nesting (default 64). */
  maxDepth?: number;
}

const RETRY = '请向发送方索取原始导出文件后重新导入。';

function fail(code: BundleVerifyCode, reason: string): BundleVerifyResult {
  return { ok: false, code, reason };
}

const ISSUE_TEXT: Record<string, string> = {
  invalid_type: '类型不对或缺失',
  unrecognized_keys: '含有格式 v1 之外的字段',
  invalid_format: '格式不正确',
  invalid_value: '取值不在允许范围内',
  too_small: '为空或过短',
  too_big: '过长',
  custom: '不正确',
};

function describeIssue(error: z.ZodError, root: string): string {
  const issue = error.issues[0];
  if (!issue) return '内容不符合格式 v1';
  const where = [root, ...issue.path.map(String)].filter((p) => p !== '').join('.');
  const keys = issue.code === 'unrecognized_keys' ? `（${issue.keys.join('、')}）` : '';
  const custom = issue.code === 'custom' || /[\u4e00-\u9fff]/.test(issue.message) ? `：${issue.message}` : '';
  return `字段 ${where || '(根)'} ${ISSUE_TEXT[issue.code] ?? '不正确'}${keys}${custom}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a bundle file, in this order: size → strict JSON parse → format and version →
 * schema → payload hash → signature by the header's key → evidence hashes → canonical
 * spelling. Never throws; the first failed check comes back with a Chinese reason.
 * Whether the key is TRUSTED is not decided here: the caller gets keyId and publicKey.
 */
export function verifyBundleText(input: string | Uint8Array, options: BundleVerifyOptions = {}): BundleVerifyResult {
  try {
    return verifyUnsafe(input, options);
  } catch {
    // Defence in depth: every known failure returns above; an unexpected one must
    // still come back as a refusal, not crash an import of many files.
    return fail('SCHEMA', `数据包无法校验（内部错误）。${RETRY}`);
  }
}

function verifyUnsafe(input: string | Uint8Array, options: BundleVerifyOptions): BundleVerifyResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;

  // 1. size, before reading anything.
  const size = typeof input === 'string' ? (input.length * 3 <= maxBytes ? 0 : Buffer.byteLength(input, 'utf8')) : input.byteLength;
  if (size > maxBytes) {
    return fail('TOO_LARGE', `数据包文件大小为 ${formatBytes(size)}，超过导入上限 ${formatBytes(maxBytes)}。请让发送方把证据拆分到多个数据包后重新导出。`);
  }

  // 2. strict parse. Bundles are written canonically; a non-canonical file is parsed
  // leniently only to find the most telling reason, and refused at the end.
  let parsed = parseSafeJson(input, { maxBytes, maxDepth, canonical: true });
  let canonical = true;
  let notCanonicalReason = '';
  if (!parsed.ok && parsed.code === 'NOT_CANONICAL') {
    notCanonicalReason = parsed.reason;
    canonical = false;
    parsed = parseSafeJson(input, { maxBytes, maxDepth });
  }
  if (!parsed.ok) {
    // The lenient parse never reports NOT_CANONICAL; the mapping only narrows the type.
    const code = parsed.code === 'NOT_CANONICAL' ? 'INVALID_JSON' : parsed.code;
    return fail(code, `数据包文件无法读取：${parsed.reason}${RETRY}`);
  }
  const value = parsed.value;

  // 3. format and version.
  if (!isObject(value) || !isObject(value.header) || value.header.format !== BUNDLE_FORMAT) {
    return fail('SCHEMA', `这不是督查台数据包（缺少 header.format = "${BUNDLE_FORMAT}"）。请选择以 ${BUNDLE_FILE_SUFFIX} 结尾的导出文件。`);
  }
  const version = value.header.version;
  if (version !== BUNDLE_VERSION) {
    if (typeof version === 'number') {
      return fail('UNKNOWN_VERSION', `数据包格式版本为 ${version}，本程序只支持版本 ${BUNDLE_VERSION}。请升级督查台后再导入，或请发送方用兼容的版本导出。`);
    }
    return fail('SCHEMA', `数据包缺少有效的格式版本号（header.version）。${RETRY}`);
  }

  // 4. schema. The bundle handed on is the parsed value itself, not zod's copy of it:
  // the schema neither transforms nor fills in anything (format.test.ts holds that), so
  // the two are equal, and whoever parses the same verified text again gets this value.
  const checked = bundleSchema.safeParse(value);
  if (!checked.success) return fail('SCHEMA', `数据包格式不符：${describeIssue(checked.error, '')}。${RETRY}`);
  const bundle = value as Bundle;

  // The canonical texts: cut straight from the file when it is canonical (the scan has
  // proved each member is spelled canonically), else recomputed from the parsed value —
  // the raw value, not zod's copy, so nothing unsigned can slip through.
  let headerText: string;
  let payloadText: string;
  const headerSpan = parsed.members.get('header');
  const payloadSpan = parsed.members.get('payload');
  if (canonical && headerSpan && payloadSpan) {
    headerText = parsed.text.slice(headerSpan.start, headerSpan.end);
    payloadText = parsed.text.slice(payloadSpan.start, payloadSpan.end);
  } else {
    const raw = value as { header: unknown; payload: unknown };
    headerText = canonicalJson(raw.header);
    payloadText = canonicalJson(raw.payload);
  }

  // 5. payload hash.
  const actual = sha256Hex(payloadText);
  if (actual !== bundle.header.payloadSha256) {
    return fail(
      'PAYLOAD_HASH',
      `数据内容的 SHA-256（${actual.slice(0, 16)}…）与头部记录的（${bundle.header.payloadSha256.slice(0, 16)}…）不一致：数据在签名后被改动过或文件已损坏。${RETRY}`,
    );
  }

  // 6. signature by the key named in the header (whether to trust it is the caller's call).
  const alg = keyAlgOf(bundle.header.alg);
  const expectedId = keyIdOf(alg, bundle.header.publicKey);
  if (expectedId !== bundle.header.keyId) {
    return fail('SIGNATURE', `头部的设备密钥编号 ${bundle.header.keyId} 与其中的公钥不对应（应为 ${expectedId ?? '无'}）：头部被改动过。${RETRY}`);
  }
  const signature = Buffer.from(bundle.signature, 'base64');
  if (signature.toString('base64') !== bundle.signature || !verify(alg, bundle.header.publicKey, Buffer.from(headerText, 'utf8'), signature)) {
    return fail('SIGNATURE', `签名验证失败：头部或签名在签署后被改动过，或签名不是密钥 ${bundle.header.keyId} 所签。${RETRY}`);
  }

  // 7. evidence: each item decodes and matches its recorded hash.
  for (const [i, item] of bundle.payload.evidence.entries()) {
    const bytes = Buffer.from(item.base64, 'base64');
    if (bytes.toString('base64') !== item.base64) {
      return fail('EVIDENCE_HASH', `第 ${i + 1} 份证据（${item.mediaType}）的 base64 编码无效，无法还原文件。请发送方重新导出。`);
    }
    const hash = sha256Hex(bytes);
    if (hash !== item.sha256) {
      return fail('EVIDENCE_HASH', `第 ${i + 1} 份证据（${item.mediaType}）的 SHA-256（${hash.slice(0, 16)}…）与记录的（${item.sha256.slice(0, 16)}…）不一致：证据文件与登记的不是同一份。请发送方核对后重新导出。`);
    }
  }

  // 8. spelling: the signed content is intact, but the file is not the bytes exported.
  if (!canonical) {
    return fail('NOT_CANONICAL', `签名内容完好，但文件不是导出时的原样（${notCanonicalReason.replace(/。$/, '')}）。按规定只接受原始导出文件，请勿用编辑器打开保存；${RETRY}`);
  }
  return { ok: true, bundle, keyId: bundle.header.keyId, publicKey: bundle.header.publicKey, alg: bundle.header.alg };
}
