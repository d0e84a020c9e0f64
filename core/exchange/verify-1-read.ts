/**
 * Reading a bundle file for import: the engine's checks (bundle/format.ts: size,
 * strict JSON, version, schema, hash, signature, evidence hashes), then the app's own
 * record schemas (payload.ts). Never throws.
 */
import type { z } from 'zod';
import { keyAlgOf, verifyBundleText, type BundleHeader } from '../../bundle/format';
import { fingerprintOf } from '../../bundle/keys';
import { appPayloadSchema, describePayloadIssue, type AppPayload } from './payload';

export interface ReadBundle {
  header: BundleHeader;
  payload: AppPayload;
  fingerprint: string;
}

export type ReadResult = { ok: true; bundle: ReadBundle } | { ok: false; code: string; reason: string };

/** The first problem, naming the record and the field (payload.ts describePayloadIssue). */
function describeIssue(payload: unknown, error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? describePayloadIssue(payload, issue) : '字段 payload 缺失或不正确';
}

export function readBundle(text: string, options: { maxBytes?: number } = {}): ReadResult {
  const verified = verifyBundleText(text, options);
  if (!verified.ok) return { ok: false, code: verified.code, reason: verified.reason };
  const checked = appPayloadSchema.safeParse(verified.bundle.payload);
  if (!checked.success) {
    return {
      ok: false,
      code: 'SCHEMA',
      reason: `数据包签名有效，但内容不符合督查台数据包格式 v1（${describeIssue(verified.bundle.payload, checked.error)}），未导入。请让发送方用督查台重新导出。`,
    };
  }
  // As in verifyBundleText: the parsed value, which the schema only checks (payload.test.ts).
  return { ok: true, bundle: bundleOf(verified.bundle.header, verified.bundle.payload as AppPayload) };
}

function bundleOf(header: BundleHeader, payload: AppPayload): ReadBundle {
  return { header, payload, fingerprint: fingerprintOf(keyAlgOf(header.alg), header.publicKey) ?? '' };
}

/**
 * What readBundle returns for a text it has already accepted, in this thread or on the
 * verifier's worker (verify-all.ts), rebuilt by JSON.parse alone: readBundle's values are
 * the parsed ones, so this is the same bundle. Far cheaper than checking again, and than
 * copying the worker's objects across threads. Only for texts readBundle accepted.
 */
export function rereadBundle(text: string): ReadBundle {
  const value = JSON.parse(text) as { header: BundleHeader; payload: AppPayload };
  return bundleOf(value.header, value.payload);
}
