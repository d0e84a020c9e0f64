/**
 * Reading a bundle file for import: the engine's checks (bundle/format.ts: size,
 * strict JSON, version, schema, hash, signature, evidence hashes), then the app's own
 * record schemas (payload.ts). Never throws.
 */
import type { z } from 'zod';
import { keyAlgOf, verifyBundleText, type BundleHeader } from '../../bundle/format';
import { fingerprintOf } from '../../bundle/keys';
import { appPayloadSchema, type AppPayload } from './payload';

export interface ReadBundle {
  header: BundleHeader;
  payload: AppPayload;
  fingerprint: string;
  bytes: number;
}

export type ReadResult = { ok: true; bundle: ReadBundle } | { ok: false; code: string; reason: string };

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue ? ['payload', ...issue.path.map(String)].join('.') : 'payload';
  const what = issue?.code === 'unrecognized_keys' ? `含有格式 v1 之外的字段（${issue.keys.join('、')}）` : '缺失或不正确';
  return `字段 ${where} ${what}`;
}

export function readBundle(text: string): ReadResult {
  const verified = verifyBundleText(text);
  if (!verified.ok) return { ok: false, code: verified.code, reason: verified.reason };
  const checked = appPayloadSchema.safeParse(verified.bundle.payload);
  if (!checked.success) {
    return {
      ok: false,
      code: 'SCHEMA',
      reason: `数据包签名有效，但内容不符合督查台数据包格式 v1（${describe(checked.error)}），未导入。请让发送方用督查台重新导出。`,
    };
  }
  const header = verified.bundle.header;
  return {
    ok: true,
    bundle: {
      header,
      payload: checked.data,
      fingerprint: fingerprintOf(keyAlgOf(header.alg), header.publicKey) ?? '',
      bytes: Buffer.byteLength(text, 'utf8'),
    },
  };
}
