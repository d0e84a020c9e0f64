import { inspect, format } from 'node:util';
import fc from 'fast-check';
import { sm2, sm3 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import {
  DeviceKey,
  SM2_DEFAULT_USER_ID,
  decodePublicKey,
  exportPrivateKeyBytes,
  fingerprintOf,
  generateDeviceKey,
  importPrivateKeyBytes,
  keyIdOf,
  sign,
  verify,
} from './keys';
import { sha256Hex } from './canonical';

const hex = (s: string) => s.replace(/\s+/g, '').toLowerCase();
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('SM3 (GB/T 32905-2016 Annex A examples)', () => {
  it('A.1: SM3("abc")', () => {
    expect(sm3('abc')).toBe(hex('66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0'));
  });
  it('A.2: SM3("abcd" × 16), the 512-bit message', () => {
    expect(sm3('abcd'.repeat(16))).toBe(hex('debe9ff9 2275b8a1 38604889 c18e5a4d 6fdb70e5 387e5765 293dcba3 9c0c5732'));
  });
});

// --- SM2 over sm2p256v1, parameters as printed in GB/T 32918.5-2017 ----------------
const P = BigInt('0x' + hex('FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 00000000 FFFFFFFF FFFFFFFF'));
const A = BigInt('0x' + hex('FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 00000000 FFFFFFFF FFFFFFFC'));
const B = BigInt('0x' + hex('28E9FA9E 9D9F5E34 4D5A9E4B CF6509A7 F39789F5 15AB8F92 DDBCBD41 4D940E93'));
const N = BigInt('0x' + hex('FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF 7203DF6B 21C6052B 53BBF409 39D54123'));
const G = {
  x: BigInt('0x' + hex('32C4AE2C 1F198119 5F990446 6A39C994 8FE30BBF F2660BE1 715A4589 334C74C7')),
  y: BigInt('0x' + hex('BC3736A2 F4F6779C 59BDCEE3 6B692153 D0A9877C C62A4740 02DF32E5 2139F0A0')),
};

// GB/T 32918.5-2017 (= GM/T 0003.5-2012) Annex A signature example on sm2p256v1.
const VECTOR = {
  message: 'message digest',
  userId: '1234567812345678',
  d: hex('3945208F 7B2144B1 3F36E38A C6D39F95 88939369 2860B51A 42FB81EF 4DF7C5B8'),
  x: hex('09F9DF31 1E5421A1 50DD7D16 1E4BC5C6 72179FAD 1833FC07 6BB08FF3 56F35020'),
  y: hex('CCEA490C E26775A5 2DC6EA71 8CC1AA60 0AED05FB F35E084A 6632F607 2DA9AD13'),
  za: hex('B2E14C5C 79C6DF5B 85F4FE7E D8DB7A26 2B9DA7E0 7CCB0EA9 F4747B8C CDA8A4F3'),
  e: hex('F0B43E94 BA45ACCA ACE692ED 534382EB 17E6AB5A 19CE7B31 F4486FDF C0D28640'),
  k: hex('59276E27 D506861A 16680F3A D9C02DCC EF3CC1FA 3CDBE4CE 6D54B80D EAC1BC21'),
  r: hex('F5A03B06 48D2C463 0EEAC513 E1BB81A1 5944DA38 27D5B741 43AC7EAC EEE720B3'),
  s: hex('B1B6AA29 DF212FD8 763182BC 0D421CA1 BB9038FD 1F7F42D4 840B69C4 85BBC1AA'),
};
const vectorPublicKey = '04' + VECTOR.x + VECTOR.y;

/**
 * An independent, textbook SM2 verifier (affine BigInt arithmetic, GB/T 32918.2 §7.1),
 * sharing nothing with sm-crypto-v2 but SM3, which the vectors above pin down. Slow and
 * not constant-time — for cross-checking only.
 */
type Pt = { x: bigint; y: bigint } | null;
const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function inv(a: bigint, m: bigint): bigint {
  let [r0, r1, t0, t1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, t0, t1] = [r1, r0 - q * r1, t1, t0 - q * t1];
  }
  return mod(t0, m);
}
function add(p1: Pt, p2: Pt): Pt {
  if (p1 === null) return p2;
  if (p2 === null) return p1;
  if (p1.x === p2.x && mod(p1.y + p2.y, P) === 0n) return null;
  const l = p1.x === p2.x ? mod((3n * p1.x * p1.x + A) * inv(2n * p1.y, P), P) : mod((p2.y - p1.y) * inv(p2.x - p1.x, P), P);
  const x = mod(l * l - p1.x - p2.x, P);
  return { x, y: mod(l * (p1.x - x) - p1.y, P) };
}
function mul(k: bigint, p: Pt): Pt {
  let result: Pt = null;
  let addend = p;
  for (let n = k; n > 0n; n >>= 1n) {
    if (n & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
}
const be32 = (n: bigint) => n.toString(16).padStart(64, '0');
function textbookZ(userId: string, x: string, y: string): string {
  const id = Buffer.from(userId, 'utf8');
  const entl = (id.length * 8).toString(16).padStart(4, '0');
  return sm3(Buffer.from(entl + id.toString('hex') + be32(A) + be32(B) + be32(G.x) + be32(G.y) + x + y, 'hex'));
}
function textbookVerify(message: Uint8Array, rs: string, publicKey: string): boolean {
  const r = BigInt('0x' + rs.slice(0, 64));
  const s = BigInt('0x' + rs.slice(64));
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  const x = publicKey.slice(2, 66);
  const y = publicKey.slice(66);
  const e = BigInt('0x' + sm3(Buffer.concat([Buffer.from(textbookZ(SM2_DEFAULT_USER_ID, x, y), 'hex'), message])));
  const t = mod(r + s, N);
  if (t === 0n) return false;
  const point = add(mul(s, G), mul(t, { x: BigInt('0x' + x), y: BigInt('0x' + y) }));
  return point !== null && mod(e + point.x, N) === r;
}

describe('SM2 (GB/T 32918.5-2017 Annex A, sm2p256v1, ID 1234567812345678)', () => {
  it('derives the published public key from the published private key', () => {
    expect(sm2.getPublicKeyFromPrivateKey(VECTOR.d)).toBe(vectorPublicKey);
    const point = mul(BigInt('0x' + VECTOR.d), G);
    expect(point && be32(point.x) + be32(point.y)).toBe(VECTOR.x + VECTOR.y);
  });

  it('computes the published Z_A, both by sm-crypto-v2 and from the formula', () => {
    expect(textbookZ(VECTOR.userId, VECTOR.x, VECTOR.y)).toBe(VECTOR.za);
    expect(Buffer.from(sm2.getZ(vectorPublicKey, VECTOR.userId)).toString('hex')).toBe(VECTOR.za);
  });

  it('computes the published e = SM3(Z_A ‖ M)', () => {
    expect(sm2.getHash(Buffer.from(VECTOR.message).toString('hex'), vectorPublicKey, VECTOR.userId)).toBe(VECTOR.e);
  });

  it('accepts the published signature (r, s), with our verify and the textbook one', () => {
    const sig = Buffer.from(VECTOR.r + VECTOR.s, 'hex');
    expect(verify('sm2', vectorPublicKey, utf8(VECTOR.message), sig)).toBe(true);
    expect(textbookVerify(utf8(VECTOR.message), VECTOR.r + VECTOR.s, vectorPublicKey)).toBe(true);
    expect(verify('sm2', vectorPublicKey, utf8('message digesT'), sig)).toBe(false);
  });

  it('reproduces the published signature from the published nonce k', () => {
    const kPoint = mul(BigInt('0x' + VECTOR.k), G);
    if (kPoint === null) throw new Error('k·G is the point at infinity');
    const signature = sm2.doSignature(utf8(VECTOR.message), VECTOR.d, {
      hash: true,
      userId: VECTOR.userId,
      pointPool: [{ k: BigInt('0x' + VECTOR.k), x1: kPoint.x }],
    });
    expect(signature).toBe(VECTOR.r + VECTOR.s);
  });

  it('refuses r or s outside [1, n-1] (no second spelling of a signature)', () => {
    const msg = utf8(VECTOR.message);
    expect(verify('sm2', vectorPublicKey, msg, Buffer.from('00'.repeat(32) + VECTOR.s, 'hex'))).toBe(false);
    expect(verify('sm2', vectorPublicKey, msg, Buffer.from(VECTOR.r + '00'.repeat(32), 'hex'))).toBe(false);
    expect(verify('sm2', vectorPublicKey, msg, Buffer.from(be32(N) + VECTOR.s, 'hex'))).toBe(false);
  });

  it('signatures made by a device key verify with the independent textbook verifier', () => {
    const key = generateDeviceKey('sm2');
    for (const message of ['', '督查台', '{"a":1}'.repeat(50)]) {
      const sig = key.sign(utf8(message));
      expect(sig.length).toBe(64);
      expect(textbookVerify(utf8(message), Buffer.from(sig).toString('hex'), key.publicKey)).toBe(true);
      expect(verify('sm2', key.publicKey, utf8(message), sig)).toBe(true);
    }
  });
});

describe('Ed25519 (RFC 8032 §7.1 test vectors)', () => {
  const PKCS8_PREFIX = '302e020100300506032b657004220420';
  it.each([
    {
      name: 'TEST 1 (empty message)',
      secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      message: '',
      signature:
        'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    },
    {
      name: 'TEST 2 (one byte 0x72)',
      secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      message: '72',
      signature:
        '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    },
  ])('$name: same public key, same signature, verifies', (v) => {
    const key = importPrivateKeyBytes('ed25519', Buffer.from(PKCS8_PREFIX + v.secret, 'hex'));
    if (key === null) throw new Error('vector key not imported');
    const publicKey = Buffer.from(v.publicKey, 'hex').toString('base64');
    expect(key.publicKey).toBe(publicKey);
    const message = Buffer.from(v.message, 'hex');
    expect(Buffer.from(key.sign(message)).toString('hex')).toBe(v.signature);
    expect(verify('ed25519', publicKey, message, Buffer.from(v.signature, 'hex'))).toBe(true);
  });
});

describe('device keys', () => {
  it.each(['ed25519', 'sm2'] as const)('%s: key id, fingerprint and serialised public key', (alg) => {
    const key = generateDeviceKey(alg);
    const raw = decodePublicKey(alg, key.publicKey);
    if (raw === null) throw new Error('own public key not decodable');
    expect(raw.length).toBe(alg === 'ed25519' ? 32 : 65);
    if (alg === 'sm2') expect(key.publicKey).toMatch(/^04[0-9a-f]{128}$/);
    else expect(Buffer.from(key.publicKey, 'base64').length).toBe(32);
    expect(key.keyId).toBe(sha256Hex(raw).slice(0, 16));
    expect(keyIdOf(alg, key.publicKey)).toBe(key.keyId);
    expect(key.fingerprint).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){7}$/);
    expect(key.fingerprint.replace(/ /g, '').toLowerCase().startsWith(key.keyId)).toBe(true);
    expect(fingerprintOf(alg, key.publicKey)).toBe(key.fingerprint);
  });

  it.each(['ed25519', 'sm2'] as const)('%s: signs, verifies, and refuses changed data, a changed signature or another key', (alg) => {
    const key = generateDeviceKey(alg);
    const other = generateDeviceKey(alg);
    const data = utf8('{"header":"督查"}');
    const sig = sign(alg, key.privateKey, data);
    expect(verify(alg, key.publicKey, data, sig)).toBe(true);
    expect(verify(alg, key.publicKey, utf8('{"header":"督察"}'), sig)).toBe(false);
    const flipped = new Uint8Array(sig);
    flipped[10] = (flipped[10] as number) ^ 1;
    expect(verify(alg, key.publicKey, data, flipped)).toBe(false);
    expect(verify(alg, other.publicKey, data, sig)).toBe(false);
    expect(verify(alg, key.publicKey, data, sig.subarray(0, 63))).toBe(false);
  });

  it.each(['ed25519', 'sm2'] as const)('%s: stored private key bytes rebuild the same key', (alg) => {
    const key = generateDeviceKey(alg);
    const again = importPrivateKeyBytes(alg, exportPrivateKeyBytes(key.privateKey));
    expect(again?.publicKey).toBe(key.publicKey);
    expect(importPrivateKeyBytes(alg, Buffer.from('not a key'))).toBeNull();
  });

  it('refuses to sign with a key of another algorithm', () => {
    const key = generateDeviceKey('ed25519');
    expect(() => sign('sm2', key.privateKey, utf8('x'))).toThrow(/算法/);
  });

  it('accepts only the one canonical spelling of a public key', () => {
    const ed = generateDeviceKey('ed25519').publicKey;
    // The last base64 character before "=" carries 2 unused bits: flipping them keeps the bytes.
    const last = ed.charAt(42);
    const sameBytes = ed.slice(0, 42) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charAt(('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(last) ^ 1)) + '=';
    expect(Buffer.from(sameBytes, 'base64').equals(Buffer.from(ed, 'base64'))).toBe(true);
    expect(decodePublicKey('ed25519', sameBytes)).toBeNull();
    expect(decodePublicKey('ed25519', ed.slice(0, -2) + '==')).toBeNull();
    const sm = generateDeviceKey('sm2').publicKey;
    expect(decodePublicKey('sm2', sm.toUpperCase())).toBeNull();
    expect(decodePublicKey('sm2', sm.slice(0, -2) + (sm.endsWith('00') ? '01' : '00'))).toBeNull(); // off the curve
    expect(decodePublicKey('sm2', '02' + sm.slice(2, 66))).toBeNull(); // compressed form
  });

  it('verify never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.constantFrom('ed25519', 'sm2') as fc.Arbitrary<'ed25519' | 'sm2'>, fc.string(), fc.uint8Array(), fc.uint8Array({ minLength: 64, maxLength: 64 }), (alg, pk, data, sig) => {
        expect(verify(alg, pk, data, sig)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('private keys never leak', () => {
  it.each(['ed25519', 'sm2'] as const)('%s: JSON, inspect, string forms and errors are redacted', (alg) => {
    const key = generateDeviceKey(alg);
    const secret = exportPrivateKeyBytes(key.privateKey);
    const secretForms = [secret.toString('hex'), secret.toString('base64'), secret.subarray(-32).toString('hex'), secret.subarray(-32).toString('base64')];
    const outputs = [
      JSON.stringify(key),
      JSON.stringify({ nested: { key } }),
      JSON.stringify(key.privateKey),
      inspect(key, { depth: 10, showHidden: true }),
      inspect(key.privateKey, { depth: 10, showHidden: true }),
      format('%o %O %s', key, key.privateKey, key.privateKey),
      String(key.privateKey),
      `${key.privateKey}`,
      JSON.stringify(structuredClone({ ...key })),
    ];
    for (const out of outputs) {
      for (const s of secretForms) expect(out.toLowerCase()).not.toContain(s.toLowerCase());
    }
    expect(JSON.stringify(key)).toContain('"privateKey":"[redacted]"');
    expect(inspect(key)).toContain('[redacted]');
    expect(key).toBeInstanceOf(DeviceKey);
  });
});
