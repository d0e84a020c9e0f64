import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { sha256Hex } from './canonical';

/**
 * Device identity: one signing key pair per laptop. Ed25519 (node:crypto, also in
 * Electron's BoringSSL) by default; SM2 with SM3 (GB/T 32918, 国密) in pure JS through
 * sm-crypto-v2, because BoringSSL has neither.
 *
 * The private key lives only inside a PrivateKey object that prints, logs and serialises
 * as "[redacted]". The raw material leaves it in exactly one place: exportPrivateKeyBytes,
 * used by the key file (key-file.ts) to store it.
 */

export const KEY_ALGS = ['ed25519', 'sm2'] as const;
export type KeyAlg = (typeof KEY_ALGS)[number];

/** GB/T 32918.2 / GM/T 0009 default signer id, used for Z_A when none is agreed. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';
/** Order n of the sm2p256v1 base point (GB/T 32918.5): r and s must lie in [1, n-1]. */
const SM2_N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

// Verifying many bundles from one device should not re-import its key every time.
const ed25519Keys = new Map<string, KeyObject>();
const sm2Points = new Map<string, ReturnType<typeof sm2.precomputePublicKey>>();
const sm2OnCurve = new Map<string, boolean>();
const CACHE_LIMIT = 64;

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, value);
  }
  return value;
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
export const REDACTED = '[redacted]';

/** Opaque private key: never shows its material in JSON, logs, inspect or string form. */
export class PrivateKey {
  readonly alg: KeyAlg;
  // ES private field: not enumerable, not cloned, not shown by util.inspect.
  readonly #material: KeyObject | string;
  constructor(alg: KeyAlg, material: KeyObject | string) {
    this.alg = alg;
    this.#material = material;
  }
  /** @internal the signing material; only keys.ts uses it. */
  static material(key: PrivateKey): KeyObject | string {
    return key.#material;
  }
  toJSON(): string {
    return REDACTED;
  }
  toString(): string {
    return REDACTED;
  }
  [INSPECT](): string {
    return `PrivateKey { alg: '${this.alg}', ${REDACTED} }`;
  }
}

/** A device key pair, usable as the signer of a bundle. */
export class DeviceKey {
  readonly alg: KeyAlg;
  /** First 16 hex digits of SHA-256 over the raw public key. */
  readonly keyId: string;
  /** Ed25519: base64 of the raw 32 bytes; SM2: hex of the uncompressed point "04…". */
  readonly publicKey: string;
  /** For people comparing keys by eye: 32 upper-case hex digits in groups of 4. */
  readonly fingerprint: string;
  readonly privateKey: PrivateKey;
  constructor(privateKey: PrivateKey, publicKey: string) {
    this.alg = privateKey.alg;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    const raw = decodePublicKey(this.alg, publicKey);
    if (raw === null) throw new Error('设备公钥格式不正确，无法建立设备身份。');
    this.keyId = keyIdOfRaw(raw);
    this.fingerprint = fingerprintOfRaw(raw);
  }
  sign(bytes: Uint8Array): Uint8Array {
    return sign(this.alg, this.privateKey, bytes);
  }
  toJSON(): { alg: KeyAlg; keyId: string; publicKey: string; fingerprint: string; privateKey: string } {
    return { alg: this.alg, keyId: this.keyId, publicKey: this.publicKey, fingerprint: this.fingerprint, privateKey: REDACTED };
  }
  [INSPECT](): string {
    return `DeviceKey { alg: '${this.alg}', keyId: '${this.keyId}', publicKey: '${this.publicKey}', privateKey: ${REDACTED} }`;
  }
}

export function generateDeviceKey(alg: KeyAlg): DeviceKey {
  if (alg === 'ed25519') {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return new DeviceKey(new PrivateKey('ed25519', privateKey), rawEd25519(publicKey).toString('base64'));
  }
  const pair = sm2.generateKeyPairHex();
  return new DeviceKey(new PrivateKey('sm2', pair.privateKey), pair.publicKey.toLowerCase());
}

function rawEd25519(publicKey: KeyObject): Buffer {
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(ED25519_SPKI_PREFIX.length);
}

/**
 * The raw public key bytes, or null when the text is not a well-formed key of that
 * algorithm. Only the canonical spelling is accepted (base64 that re-encodes to itself,
 * lower-case hex), so one key has exactly one text form.
 */
export function decodePublicKey(alg: KeyAlg, text: string): Uint8Array | null {
  if (alg === 'ed25519') {
    if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) return null;
    const raw = Buffer.from(text, 'base64');
    return raw.length === 32 && raw.toString('base64') === text ? raw : null;
  }
  if (!/^04[0-9a-f]{128}$/.test(text)) return null;
  // The on-curve check is BigInt arithmetic; a device's key is checked once.
  const onCurve = remember(sm2OnCurve, text, () => {
    try {
      return sm2.verifyPublicKey(text);
    } catch {
      return false;
    }
  });
  return onCurve ? Buffer.from(text, 'hex') : null;
}

function keyIdOfRaw(raw: Uint8Array): string {
  return sha256Hex(raw).slice(0, 16);
}

function fingerprintOfRaw(raw: Uint8Array): string {
  return (
    sha256Hex(raw)
      .slice(0, 32)
      .toUpperCase()
      .match(/.{4}/g)
      ?.join(' ') ?? ''
  );
}

/** Key id of a serialised public key, or null if the key is malformed. */
export function keyIdOf(alg: KeyAlg, publicKey: string): string | null {
  const raw = decodePublicKey(alg, publicKey);
  return raw === null ? null : keyIdOfRaw(raw);
}

/** Human fingerprint of a serialised public key, or null if the key is malformed. */
export function fingerprintOf(alg: KeyAlg, publicKey: string): string | null {
  const raw = decodePublicKey(alg, publicKey);
  return raw === null ? null : fingerprintOfRaw(raw);
}

/**
 * Signs bytes: Ed25519 (RFC 8032, pure) or SM2 with e = SM3(Z_A ‖ M), Z_A from the
 * default user id. Returns 64 bytes (SM2: r ‖ s, 32 bytes each, big-endian).
 */
export function sign(alg: KeyAlg, privateKey: PrivateKey, bytes: Uint8Array): Uint8Array {
  if (privateKey.alg !== alg) throw new Error(`签名失败：私钥算法是 ${privateKey.alg}，却要求用 ${alg} 签名。`);
  const material = PrivateKey.material(privateKey);
  try {
    if (alg === 'ed25519') return new Uint8Array(nodeSign(null, bytes, material as KeyObject));
    const hex = sm2.doSignature(bytes, material as string, { hash: true, userId: SM2_DEFAULT_USER_ID });
    return Buffer.from(hex, 'hex');
  } catch {
    // The library's message could quote its input; never let key material reach a log.
    throw new Error('签名失败：设备私钥无法使用。请在设置中重新生成设备密钥。');
  }
}

/**
 * True only for a valid signature by that public key. Never throws: malformed keys or
 * signatures are simply not valid.
 */
export function verify(alg: KeyAlg, publicKey: string, bytes: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  const raw = decodePublicKey(alg, publicKey);
  if (raw === null) return false;
  try {
    if (alg === 'ed25519') {
      const key = remember(ed25519Keys, publicKey, () =>
        createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' }),
      );
      return nodeVerify(null, bytes, key, signature);
    }
    const sig = Buffer.from(signature).toString('hex');
    // GB/T 32918.2 §7.1 B1/B2: the library reduces r and s modulo n, which would accept
    // s + n as a second spelling of one signature; refuse anything outside [1, n-1].
    const r = BigInt('0x' + sig.slice(0, 64));
    const s = BigInt('0x' + sig.slice(64));
    if (r < 1n || r >= SM2_N || s < 1n || s >= SM2_N) return false;
    const point = remember(sm2Points, publicKey, () => sm2.precomputePublicKey(publicKey));
    return sm2.doVerifySignature(bytes, sig, point, { hash: true, userId: SM2_DEFAULT_USER_ID });
  } catch {
    return false;
  }
}

/** @internal Storage form of a private key: Ed25519 PKCS#8 DER, SM2 the 32-byte scalar. */
export function exportPrivateKeyBytes(key: PrivateKey): Buffer {
  const material = PrivateKey.material(key);
  if (key.alg === 'ed25519') return (material as KeyObject).export({ format: 'der', type: 'pkcs8' });
  return Buffer.from(material as string, 'hex');
}

/**
 * @internal Rebuilds a device key from stored private key bytes. Returns null (never
 * the bytes in an error) when they are not a key of that algorithm.
 */
export function importPrivateKeyBytes(alg: KeyAlg, bytes: Uint8Array): DeviceKey | null {
  try {
    if (alg === 'ed25519') {
      const privateKey = createPrivateKey({ key: Buffer.from(bytes), format: 'der', type: 'pkcs8' });
      if (privateKey.asymmetricKeyType !== 'ed25519') return null;
      const publicKey = rawEd25519(createPublicKey(privateKey)).toString('base64');
      return new DeviceKey(new PrivateKey('ed25519', privateKey), publicKey);
    }
    if (bytes.length !== 32) return null;
    const hex = Buffer.from(bytes).toString('hex');
    const d = BigInt('0x' + hex);
    // GB/T 32918.1 §6.1: d in [1, n-2].
    if (d < 1n || d > SM2_N - 2n) return null;
    return new DeviceKey(new PrivateKey('sm2', hex), sm2.getPublicKeyFromPrivateKey(hex).toLowerCase());
  } catch {
    return null;
  }
}
