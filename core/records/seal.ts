/**
 * The seal of a signed revision: the signing device's key signs the revision's SHA-256
 * together with the head of the inspection's audit chain at the moment of signing (the
 * entry just before the `sign` entry). The revision's hash already covers its content;
 * the seal adds who signed it and which audit history it closed. So without the device
 * key nobody can rewrite a revision consistently (canonical text, hash and totals), nor
 * rewrite, cut or re-hash the audit chain up to a signature: the entry the seal names
 * must be there, with that hash, followed by the `sign` entry of that revision.
 *
 * Pure: the import checks seals on the verifier's worker too.
 */
import { z } from 'zod';
import { canonicalJson } from '../../bundle/canonical';
import type { BundleSigner } from '../../bundle/format';
import { KEY_ALGS, keyIdOf, verify } from '../../bundle/keys';
import { GENESIS_HASH } from '../audit/chain';

export const SEAL_FORMAT = 'ducha-revision-seal';
export const SEAL_VERSION = 1;

export const sealSchema = z.strictObject({
  alg: z.enum(KEY_ALGS),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  publicKey: z.string().min(1).max(200),
  /** seq of the audit entry just before the revision's `sign` entry; 0 when there was none. */
  auditSeq: z.number().int().min(0),
  /** That entry's hash (GENESIS_HASH when auditSeq is 0). */
  auditHead: z.string().regex(/^[0-9a-f]{64}$/),
  /** Base64 of the key's signature over sealedText. */
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
});
export type RevisionSeal = z.infer<typeof sealSchema>;

/** What a seal is about: the inspection, the revision's hash and the chain head it follows. */
export interface SealedFacts {
  inspectionId: string;
  sha256: string;
  auditSeq: number;
  auditHead: string;
}

/** The exact text the device signs: RFC 8785 JSON of the facts, with the format named. */
export function sealedText(f: SealedFacts): string {
  return canonicalJson({ format: SEAL_FORMAT, version: SEAL_VERSION, inspectionId: f.inspectionId, sha256: f.sha256, auditSeq: f.auditSeq, auditHead: f.auditHead });
}

export function makeSeal(key: BundleSigner, f: SealedFacts): RevisionSeal {
  const signature = Buffer.from(key.sign(Buffer.from(sealedText(f), 'utf8'))).toString('base64');
  return { alg: key.alg, keyId: key.keyId, publicKey: key.publicKey, auditSeq: f.auditSeq, auditHead: f.auditHead, signature };
}

/** A stored seal (JSON text) read back; null when absent or not a seal. */
export function parseSeal(text: string | null): RevisionSeal | null {
  if (text === null) return null;
  try {
    const parsed = sealSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Why a seal does not hold for this revision, or null when its signature is the named
 * key's over these facts. Whether that key is one to believe is the caller's question
 * (own or trusted keys here; the bundle's signer on import).
 */
export function sealProblem(seal: RevisionSeal | null, inspectionId: string, sha256: string): string | null {
  if (seal === null) return '没有设备签章';
  if (keyIdOf(seal.alg, seal.publicKey) !== seal.keyId) return '设备签章的密钥编号与公钥不符';
  const facts = { inspectionId, sha256, auditSeq: seal.auditSeq, auditHead: seal.auditHead };
  if (seal.auditSeq === 0 && seal.auditHead !== GENESIS_HASH) return '设备签章所记的操作日志起点不正确';
  const ok = verify(seal.alg, seal.publicKey, Buffer.from(sealedText(facts), 'utf8'), Buffer.from(seal.signature, 'base64'));
  return ok ? null : '设备签章无效（版本内容或操作日志与签章不符）';
}

/** The part of an audit entry the anchor check reads. */
export interface ChainLink {
  seq: number;
  hash: string;
  action: string;
  newValue: unknown;
}

/** The revision's hash a `sign` entry names, or null for any other entry. */
export function signedSha(e: ChainLink): string | null {
  if (e.action !== 'sign' || typeof e.newValue !== 'object' || e.newValue === null) return null;
  const sha = (e.newValue as { sha256?: unknown }).sha256;
  return typeof sha === 'string' ? sha : null;
}

/**
 * Why the chain does not hold this revision's seal, or null: the entry the seal names
 * is there with that hash, and the next entry is this revision's `sign` entry. `chain`
 * is in seq order, from seq 1, already checked as a hash chain.
 */
export function anchorProblem(seal: RevisionSeal, sha256: string, chain: readonly ChainLink[]): string | null {
  if (seal.auditSeq > 0 && chain[seal.auditSeq - 1]?.hash !== seal.auditHead) {
    return chain.length < seal.auditSeq
      ? `操作日志在第 ${chain.length} 条之后被截断（签署时已有 ${seal.auditSeq} 条）`
      : `操作日志第 ${seal.auditSeq} 条与签署时不同（签署之前的日志被改写）`;
  }
  const next = chain[seal.auditSeq];
  if (next === undefined) return `操作日志缺少签署记录（第 ${seal.auditSeq + 1} 条），日志被截断`;
  if (signedSha(next) !== sha256) return `操作日志第 ${seal.auditSeq + 1} 条不是该版本的签署记录`;
  return null;
}
