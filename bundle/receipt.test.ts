import { describe, expect, it } from 'vitest';
import { generateDeviceKey } from './keys';
import { parseReceiptText, signReceipt, verifyReceipt } from './receipt';
import { buildReceiverConnection, readReceiverConnection } from './receiver-connection';

const receiver = generateDeviceKey('ed25519');
const pin = { keyId: receiver.keyId, publicKey: receiver.publicKey, alg: 'ed25519' as const };
const sent = { bundleId: '0190f2a4-0000-7000-8000-000000000001', sha256: 'a'.repeat(64), bytes: 1234, deviceKeyId: '0123456789abcdef' };

describe('receipts', () => {
  const receipt = signReceipt({ ...sent, receivedAt: '2026-12-03T08:00:00.000Z', seq: 7 }, receiver);

  it('verifies against the pinned key and the bytes sent, and survives storage as JSON', () => {
    expect(verifyReceipt(receipt, pin, sent)).toMatchObject({ ok: true });
    expect(parseReceiptText(JSON.stringify(receipt))).toEqual(receipt);
  });

  it('refuses another key, another bundle, other bytes or an altered field', () => {
    expect(verifyReceipt(receipt, { ...pin, publicKey: generateDeviceKey('ed25519').publicKey }, sent).ok).toBe(false);
    expect(verifyReceipt(receipt, pin, { ...sent, sha256: 'b'.repeat(64) }).ok).toBe(false);
    expect(verifyReceipt(receipt, pin, { ...sent, bytes: 1 }).ok).toBe(false);
    expect(verifyReceipt({ ...receipt, seq: 8 }, pin, sent).ok).toBe(false);
    expect(verifyReceipt({ ...receipt, extra: 1 }, pin, sent).ok).toBe(false);
  });
});

describe('receiver connection file', () => {
  it('reads what init writes, and refuses a changed address or key', () => {
    const text = buildReceiverConnection({ name: '市局特种处接收端', urls: ['https://10.0.0.5:8443/'] }, receiver);
    const read = readReceiverConnection(text);
    if (!read.ok) throw new Error(read.reason);
    expect(read.connection).toMatchObject({ name: '市局特种处接收端', urls: ['https://10.0.0.5:8443'], keyId: receiver.keyId, fingerprint: receiver.fingerprint });
    expect(readReceiverConnection(text.replace('10.0.0.5', '10.0.0.6'))).toMatchObject({ ok: false });
    const other = generateDeviceKey('ed25519');
    expect(readReceiverConnection(text.replace(receiver.publicKey, other.publicKey))).toMatchObject({ ok: false });
    expect(readReceiverConnection('{"format":"x"}')).toMatchObject({ ok: false });
    expect(() => buildReceiverConnection({ name: 'x', urls: ['ftp://a'] }, receiver)).toThrow();
  });
});
