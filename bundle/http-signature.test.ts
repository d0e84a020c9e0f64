import { describe, expect, it } from 'vitest';
import { generateDeviceKey } from './keys';
import { checkRequestSignature, contentDigest, readRequestSignature, signAnswer, signRequest, verifyAnswer } from './http-signature';

const device = generateDeviceKey('ed25519');
const receiver = generateDeviceKey('sm2');
const body = Buffer.from('{"a":1}');
const now = 1_800_000_000;

function signed(target = '/v1/bundles/abc', extra: { created?: number; nonce?: string } = {}) {
  const headers = signRequest({ method: 'PUT', target, body }, device, { created: now, ...extra });
  return { method: 'PUT', target, body, headers };
}

describe('request signatures', () => {
  it('spells the RFC 9530 digest and the RFC 9421 fields', () => {
    const { headers } = signed();
    expect(contentDigest(Buffer.from(''))).toBe('sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:');
    expect(headers['signature-input']).toMatch(/^ducha=\("@method" "@path" "@query" "content-digest"\);created=1800000000;keyid="[0-9a-f]{16}";nonce="[0-9a-f]{32}";alg="ed25519"$/);
    expect(headers.signature).toMatch(/^ducha=:[A-Za-z0-9+/]{86}==:$/);
  });

  it('accepts a signed request by its key and gives back key, nonce and created', () => {
    const read = readRequestSignature(signed(), now + 10);
    if (!read.ok) throw new Error(read.message);
    expect(read).toMatchObject({ keyId: device.keyId, alg: 'ed25519', created: now });
    expect(checkRequestSignature(read, device).ok).toBe(true);
    expect(checkRequestSignature(read, generateDeviceKey('ed25519')).ok).toBe(false);
  });

  it('refuses unsigned, skewed, moved or altered requests, each with its code', () => {
    const ok = signed();
    expect(readRequestSignature({ ...ok, headers: {} }, now)).toMatchObject({ ok: false, status: 401, code: 'UNSIGNED' });
    expect(readRequestSignature(ok, now + 301)).toMatchObject({ ok: false, status: 401, code: 'CLOCK_SKEW' });
    expect(readRequestSignature(ok, now - 301)).toMatchObject({ ok: false, code: 'CLOCK_SKEW' });
    expect(readRequestSignature({ ...ok, body: Buffer.from('{"a":2}') }, now)).toMatchObject({ ok: false, status: 400, code: 'DIGEST_MISMATCH' });
    const moved = readRequestSignature({ ...ok, target: '/v1/bundles/other' }, now);
    if (!moved.ok) throw new Error('path is not a header check');
    expect(checkRequestSignature(moved, device)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
    const query = readRequestSignature({ ...ok, target: '/v1/bundles/abc?x=1' }, now);
    expect(query.ok && checkRequestSignature(query, device).ok).toBe(false);
    const method = readRequestSignature({ ...ok, method: 'POST' }, now);
    expect(method.ok && checkRequestSignature(method, device).ok).toBe(false);
    const loose = ok.headers['signature-input']!.replace(';alg="ed25519"', '');
    expect(readRequestSignature({ ...ok, headers: { ...ok.headers, 'signature-input': loose } }, now)).toMatchObject({ code: 'MALFORMED_SIGNATURE' });
    const spaced = ok.headers['signature-input']!.replace('" "', '"  "');
    expect(readRequestSignature({ ...ok, headers: { ...ok.headers, 'signature-input': spaced } }, now)).toMatchObject({ code: 'MALFORMED_SIGNATURE' });
  });
});

describe('answer signatures', () => {
  const request = signed();
  const answerBody = Buffer.from('{"ok":true}');
  const receiverPin = { alg: 'sm2-sm3' as const, keyId: receiver.keyId, publicKey: receiver.publicKey };

  it('binds the answer to its status, body, receiver key and request', () => {
    const headers = signAnswer({ status: 201, body: answerBody, requestSignature: request.headers.signature! }, receiver, { created: now });
    const answer = { status: 201, headers, body: answerBody, requestSignature: request.headers.signature! };
    expect(verifyAnswer(answer, receiverPin, now)).toEqual({ ok: true });
    expect(verifyAnswer({ ...answer, status: 200 }, receiverPin, now).ok).toBe(false);
    expect(verifyAnswer({ ...answer, body: Buffer.from('{"ok":false}') }, receiverPin, now).ok).toBe(false);
    expect(verifyAnswer({ ...answer, requestSignature: signed().headers.signature! }, receiverPin, now).ok).toBe(false);
    expect(verifyAnswer(answer, { ...receiverPin, publicKey: generateDeviceKey('sm2').publicKey }, now).ok).toBe(false);
    expect(verifyAnswer({ ...answer, headers: {} }, receiverPin, now).ok).toBe(false);
    expect(verifyAnswer(answer, receiverPin, now + 1000).ok).toBe(false);
  });
});
