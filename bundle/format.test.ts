import { describe, expect, it, vi } from 'vitest';
import { canonicalJson, sha256Hex } from './canonical';
import { z } from 'zod';
import { schemaChanges } from '../test/support/zod-output';
import { BundleBuildError, buildBundle, bundleSchema, verifyBundleText, type BundleVerifyResult } from './format';
import { generateDeviceKey, verify } from './keys';
import { sampleInspector, samplePayload } from '../test/support/bundle-sample';
import { forgeBundle } from '../test/support/forge-bundle';

const ed = generateDeviceKey('ed25519');
const sm = generateDeviceKey('sm2');
const header = { appVersion: '0.1.0', inspector: sampleInspector() };
const photo = new Uint8Array(Buffer.from('\xff\xd8\xff\xe0 pretend this is a JPEG', 'latin1'));
const text = buildBundle({ header, payload: samplePayload(0, { evidence: [photo] }) }, ed);

function refused(result: BundleVerifyResult): { code: string; reason: string } {
  if (result.ok) throw new Error('expected the bundle to be refused');
  return result;
}

describe('buildBundle + verifyBundleText', () => {
  it.each([
    ['ed25519', ed],
    ['sm2-sm3', sm],
  ] as const)('%s: a fresh bundle verifies and tells who signed it', (alg, key) => {
    const bundleText = buildBundle({ header, payload: samplePayload(3) }, key);
    const result = verifyBundleText(bundleText);
    if (!result.ok) throw new Error(result.reason);
    expect(result.alg).toBe(alg);
    expect(result.keyId).toBe(key.keyId);
    expect(result.publicKey).toBe(key.publicKey);
    expect(result.bundle.payload).toEqual(samplePayload(3));
    expect(result.bundle.header.inspector).toEqual(sampleInspector());
  });

  it('hands on the parsed value itself, which its schema only checks', () => {
    const result = verifyBundleText(text);
    if (!result.ok) throw new Error(result.reason);
    expect(result.bundle).toStrictEqual(JSON.parse(text));
    expect(schemaChanges(bundleSchema)).toEqual([]);
    // The check that holds this can fail:
    expect(schemaChanges(z.strictObject({ a: z.string().default(''), b: z.array(z.object({ c: z.string().transform((v) => v.trim()) })) }))).toEqual([
      '$.a: default',
      '$.b[]: object that strips unknown members',
      '$.b[].c: pipe',
    ]);
  });

  it('writes the file as the RFC 8785 canonical form of the whole bundle', () => {
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  it('hashes the canonical payload and signs the canonical header', () => {
    const parsed = JSON.parse(text) as { header: { payloadSha256: string }; payload: unknown; signature: string };
    expect(parsed.header.payloadSha256).toBe(sha256Hex(canonicalJson(parsed.payload)));
    expect(verify('ed25519', ed.publicKey, Buffer.from(canonicalJson(parsed.header)), Buffer.from(parsed.signature, 'base64'))).toBe(true);
  });

  it('accepts the file as UTF-8 bytes, as read from a USB stick', () => {
    expect(verifyBundleText(Buffer.from(text, 'utf8')).ok).toBe(true);
  });

  it('uses the given bundle id and time, or makes a UUID v7 and the current time', () => {
    const fixed = buildBundle({ header: { ...header, bundleId: '01900000-0000-7000-8000-0000000000aa', createdAt: '2024-06-01T08:00:00.000Z' }, payload: samplePayload() }, ed);
    const h = (JSON.parse(fixed) as { header: { bundleId: string; createdAt: string } }).header;
    expect(h).toMatchObject({ bundleId: '01900000-0000-7000-8000-0000000000aa', createdAt: '2024-06-01T08:00:00.000Z' });
    // The clock is fixed, so "the current time" is an exact value rather than a bound.
    const now = Date.parse('2026-03-04T05:06:07.089Z');
    vi.useFakeTimers({ now, toFake: ['Date'] });
    let fresh: { bundleId: string; createdAt: string };
    try {
      fresh = (JSON.parse(buildBundle({ header, payload: samplePayload() }, ed)) as { header: typeof fresh }).header;
    } finally {
      vi.useRealTimers();
    }
    expect(fresh.bundleId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fresh.createdAt).toBe('2026-03-04T05:06:07.089Z');
  });
});

describe('buildBundle refuses data it could not send', () => {
  it('a payload without the required sections', () => {
    expect(() => buildBundle({ header, payload: { agencies: [], inspections: [] } as never }, ed)).toThrow(/payload\.evidence/);
  });
  it('a value with no JSON form, naming the field', () => {
    const payload = samplePayload();
    (payload.inspections[0] as Record<string, unknown>).score = undefined;
    expect(() => buildBundle({ header, payload }, ed)).toThrow(BundleBuildError);
    expect(() => buildBundle({ header, payload }, ed)).toThrow(/inspections\.0\.score/);
  });
  it('an empty inspector name', () => {
    expect(() => buildBundle({ header: { ...header, inspector: { ...sampleInspector(), name: '' } }, payload: samplePayload() }, ed)).toThrow(/header\.inspector\.name/);
  });
  it('nesting the receiver would refuse', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    const payload = { ...samplePayload(), extra: deep };
    expect(() => buildBundle({ header, payload }, ed)).toThrow(/自检.*64/);
  });
});

describe('verifyBundleText refuses, in order, with a precise reason', () => {
  it('TOO_LARGE before reading, stating the limit', () => {
    const r = refused(verifyBundleText(text, { maxBytes: 1024 }));
    expect(r.code).toBe('TOO_LARGE');
    expect(r.reason).toContain('上限 1 KB');
    expect(refused(verifyBundleText(Buffer.from(text), { maxBytes: 1024 })).code).toBe('TOO_LARGE');
  });

  it('INVALID_JSON for a truncated file, saying where it ends', () => {
    const r = refused(verifyBundleText(text.slice(0, 500)));
    expect(r.code).toBe('INVALID_JSON');
    expect(r.reason).toMatch(/意外结束.*截断/);
    expect(r.reason).toContain('第 500 个字符');
  });

  it('INVALID_JSON for something that is not JSON at all', () => {
    expect(refused(verifyBundleText('PK\u0003\u0004 zip file')).code).toBe('INVALID_JSON');
  });

  it('DUPLICATE_KEY for a second "signature" hidden in the file', () => {
    const r = refused(verifyBundleText(text.replace(/}$/, ',"signature":"AAAA"}')));
    expect(r.code).toBe('DUPLICATE_KEY');
    expect(r.reason).toContain('"signature"');
  });

  it('TOO_DEEP for absurd nesting', () => {
    const deep = '{"header":' + '['.repeat(100) + ']'.repeat(100) + '}';
    expect(refused(verifyBundleText(deep)).code).toBe('TOO_DEEP');
  });

  it('SCHEMA for a file that is not a ducha bundle', () => {
    const r = refused(verifyBundleText('{"hello":"world"}'));
    expect(r.code).toBe('SCHEMA');
    expect(r.reason).toContain('不是督查台数据包');
  });

  it('UNKNOWN_VERSION with the version number', () => {
    const r = refused(verifyBundleText(forgeBundle({ header: { version: 2 }, payload: samplePayload() }, ed)));
    expect(r.code).toBe('UNKNOWN_VERSION');
    expect(r.reason).toContain('版本为 2');
    expect(r.reason).toContain('升级');
  });

  it('SCHEMA for a missing field, naming it', () => {
    const payload = { agencies: [], inspections: [] };
    const r = refused(verifyBundleText(forgeBundle({ header: {}, payload }, ed)));
    expect(r.code).toBe('SCHEMA');
    expect(r.reason).toContain('payload.evidence');
  });

  it('SCHEMA for an unsigned extra field at the top or in the header', () => {
    const top = JSON.parse(text) as Record<string, unknown>;
    top.note = 'unsigned';
    const r = refused(verifyBundleText(canonicalJson(top)));
    expect(r.code).toBe('SCHEMA');
    expect(r.reason).toContain('note');
    expect(refused(verifyBundleText(forgeBundle({ header: { comment: 'x' }, payload: samplePayload() }, ed))).reason).toContain('comment');
  });

  it('SCHEMA for a public key that is not a key', () => {
    const r = refused(verifyBundleText(forgeBundle({ header: { publicKey: 'AAAA' }, payload: samplePayload() }, ed)));
    expect(r.code).toBe('SCHEMA');
    expect(r.reason).toContain('header.publicKey');
  });

  it('PAYLOAD_HASH for a changed record, showing both hashes', () => {
    const changed = text.replace('质量手册未按新版规则修订', '质量手册已按新版规则修订');
    const r = refused(verifyBundleText(changed));
    expect(r.code).toBe('PAYLOAD_HASH');
    expect(r.reason).toMatch(/SHA-256（[0-9a-f]{16}…）与头部记录的（[0-9a-f]{16}…）不一致/);
  });

  it('SIGNATURE for a changed header', () => {
    const changed = text.replace('王立新', '王立心');
    const r = refused(verifyBundleText(changed));
    expect(r.code).toBe('SIGNATURE');
    expect(r.reason).toContain(ed.keyId);
  });

  it('SIGNATURE for a bundle signed by another key than the one in its header', () => {
    const other = generateDeviceKey('ed25519');
    const imposter = { alg: ed.alg, keyId: ed.keyId, publicKey: ed.publicKey, sign: (b: Uint8Array) => other.sign(b) };
    expect(refused(verifyBundleText(forgeBundle({ header: {}, payload: samplePayload() }, imposter))).code).toBe('SIGNATURE');
  });

  it('SIGNATURE for a key id that does not belong to the public key', () => {
    const r = refused(verifyBundleText(forgeBundle({ header: { keyId: '0123456789abcdef' }, payload: samplePayload() }, ed)));
    expect(r.code).toBe('SIGNATURE');
    expect(r.reason).toContain('不对应');
  });

  it('EVIDENCE_HASH for signed evidence whose bytes do not match its hash', () => {
    const payload = samplePayload(0, { evidence: [photo] });
    const item = payload.evidence[0];
    if (!item) throw new Error('no evidence');
    item.sha256 = sha256Hex('another photo');
    const r = refused(verifyBundleText(forgeBundle({ header: {}, payload }, ed)));
    expect(r.code).toBe('EVIDENCE_HASH');
    expect(r.reason).toContain('第 1 份证据（image/jpeg）');
  });

  it('EVIDENCE_HASH for evidence that is not valid base64', () => {
    const payload = samplePayload(0, { evidence: [photo] });
    const item = payload.evidence[0];
    if (!item) throw new Error('no evidence');
    item.base64 = item.base64.slice(0, 8) + '!!' + item.base64.slice(10);
    const r = refused(verifyBundleText(forgeBundle({ header: {}, payload }, ed)));
    expect(r.code).toBe('EVIDENCE_HASH');
    expect(r.reason).toContain('base64');
  });

  it('NOT_CANONICAL for an intact but re-formatted file, saying the content is intact', () => {
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    const r = refused(verifyBundleText(pretty));
    expect(r.code).toBe('NOT_CANONICAL');
    expect(r.reason).toContain('签名内容完好');
    expect(refused(verifyBundleText(text + '\n')).code).toBe('NOT_CANONICAL');
  });

  it('reports the real problem of a re-formatted AND altered file', () => {
    const pretty = JSON.stringify(JSON.parse(text.replace('质量手册未按', '质量手册已按')), null, 2);
    expect(refused(verifyBundleText(pretty)).code).toBe('PAYLOAD_HASH');
  });
});
