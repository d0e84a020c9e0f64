import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';
import { buildEnrollmentRequest, verifyEnrollmentRequest } from './enrollment';
import { exportPrivateKeyBytes, generateDeviceKey } from './keys';
import { sampleInspector } from '../test/support/bundle-sample';

describe('enrollment request', () => {
  it.each(['ed25519', 'sm2'] as const)('%s: carries inspector, key and fingerprint, and verifies', (alg) => {
    const key = generateDeviceKey(alg);
    const text = buildEnrollmentRequest({ inspector: sampleInspector(), appVersion: '0.1.0' }, key);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
    const result = verifyEnrollmentRequest(text);
    if (!result.ok) throw new Error(result.reason);
    expect(result.request).toMatchObject({ inspector: sampleInspector(), keyId: key.keyId, publicKey: key.publicKey, fingerprint: key.fingerprint });
    const secret = exportPrivateKeyBytes(key.privateKey);
    expect(text).not.toContain(secret.toString('base64'));
    expect(text).not.toContain(secret.subarray(-32).toString('hex'));
  });

  it('refuses a changed name, a swapped key, or a broken file, with a Chinese reason', () => {
    const key = generateDeviceKey('ed25519');
    const text = buildEnrollmentRequest({ inspector: sampleInspector(), appVersion: '0.1.0' }, key);
    const renamed = verifyEnrollmentRequest(text.replace('王立新', '王立心'));
    expect(renamed.ok === false && renamed.reason).toContain('签名验证失败');

    // Someone puts their own public key into another inspector's request.
    const other = generateDeviceKey('ed25519');
    const swapped = JSON.parse(text) as Record<string, string>;
    Object.assign(swapped, { publicKey: other.publicKey, keyId: other.keyId, fingerprint: other.fingerprint });
    const r = verifyEnrollmentRequest(canonicalJson(swapped));
    expect(r.ok === false && r.reason).toContain('签名验证失败');

    const mismatched = verifyEnrollmentRequest(canonicalJson({ ...swapped, keyId: key.keyId }));
    expect(mismatched.ok === false && mismatched.reason).toContain('不对应');

    const truncated = verifyEnrollmentRequest(text.slice(0, 40));
    expect(truncated.ok === false && truncated.reason).toMatch(/截断.*重新导出/);
    const extra = verifyEnrollmentRequest(canonicalJson({ ...(JSON.parse(text) as object), trusted: true }));
    expect(extra.ok).toBe(false);
  });
});
