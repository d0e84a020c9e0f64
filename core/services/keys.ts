/**
 * The device identity: one key pair per algorithm in the data folder's keys/<alg>/,
 * made on first use (bundle/key-file.ts: mode 0600, or wrapped by the Electron
 * safeStorage protector the app was opened with). Which algorithm signs new bundles
 * is a setting; Ed25519 unless the inspector chose SM2/SM3 (国密).
 *
 * Only public parts leave this module. Key file errors are KeyFileError messages,
 * which never contain key material.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildEnrollmentRequest } from '../../bundle/enrollment';
import { bundleAlgOf, keyAlgOf } from '../../bundle/format';
import { KeyFileError, ensureDeviceKey, keyFilePath, loadKeyFile } from '../../bundle/key-file';
import { KEY_ALGS, type DeviceKey, type KeyAlg } from '../../bundle/keys';
import { parseSafeJson } from '../../bundle/safe-json';
import type { Store } from '../../db/open';
import { AppError } from '../contract/errors';
import type { OutputOf, ParsedInputOf } from '../contract';
import type { PublicKeyInfo } from '../contract/keys';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';
import { readProfile } from './profile';

const ALG_SETTING = 'bundle.signatureAlg';

export function keyDir(ctx: ServiceContext, alg: KeyAlg): string {
  return path.join(ctx.dataDir, 'keys', alg);
}

// A loaded key is kept for the life of the store: signing many bundles should not
// re-read (and, in Electron, re-decrypt) the key file each time.
const loaded = new WeakMap<Store, Map<KeyAlg, DeviceKey>>();

function asAppError(error: unknown): never {
  if (error instanceof KeyFileError) throw new AppError('INTEGRITY', error.message);
  throw error;
}

/** The algorithm new bundles are signed with. */
export function preferredAlg(ctx: ServiceContext): KeyAlg {
  const row = ctx.store.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(ALG_SETTING) as { value: string } | undefined;
  return row?.value === 'sm2' ? 'sm2' : 'ed25519';
}

/** The device key for an algorithm (default: the chosen one), created on first use. */
export function deviceKey(ctx: ServiceContext, alg: KeyAlg = preferredAlg(ctx)): DeviceKey {
  let cache = loaded.get(ctx.store);
  if (!cache) {
    cache = new Map();
    loaded.set(ctx.store, cache);
  }
  const cached = cache.get(alg);
  if (cached) return cached;
  try {
    const { key } = ensureDeviceKey(keyDir(ctx, alg), { alg, ...(ctx.keyProtector ? { protector: ctx.keyProtector } : {}) });
    cache.set(alg, key);
    return key;
  } catch (error) {
    return asAppError(error);
  }
}

/** The stored key of an algorithm, or null when none was made yet (never creates one). */
function existingKey(ctx: ServiceContext, alg: KeyAlg): DeviceKey | null {
  const cached = loaded.get(ctx.store)?.get(alg);
  if (cached) return cached;
  try {
    return loadKeyFile(keyDir(ctx, alg), ctx.keyProtector);
  } catch (error) {
    return asAppError(error);
  }
}

/**
 * Key ids of this device's own keys, read from the public part of the key files (no
 * decryption): bundles this device signed are trusted without an entry.
 */
export function ownKeyIds(ctx: ServiceContext): Set<string> {
  const ids = new Set<string>();
  for (const alg of KEY_ALGS) {
    const cached = loaded.get(ctx.store)?.get(alg);
    if (cached) {
      ids.add(cached.keyId);
      continue;
    }
    try {
      const parsed = parseSafeJson(fs.readFileSync(keyFilePath(keyDir(ctx, alg))), { maxBytes: 64 * 1024 });
      const keyId = parsed.ok ? (parsed.value as { keyId?: unknown }).keyId : undefined;
      if (typeof keyId === 'string') ids.add(keyId);
    } catch {
      // No key of this algorithm yet.
    }
  }
  return ids;
}

function protectionOf(ctx: ServiceContext, alg: KeyAlg): PublicKeyInfo['protection'] {
  try {
    const parsed = parseSafeJson(fs.readFileSync(keyFilePath(keyDir(ctx, alg))), { maxBytes: 64 * 1024 });
    return parsed.ok && (parsed.value as { protection?: unknown }).protection === 'protector' ? 'os' : 'file';
  } catch {
    return 'file';
  }
}

function infoOf(ctx: ServiceContext, key: DeviceKey): PublicKeyInfo {
  return { alg: bundleAlgOf(key.alg), keyId: key.keyId, publicKey: key.publicKey, fingerprint: key.fingerprint, protection: protectionOf(ctx, key.alg) };
}

export function show(_input: ParsedInputOf<'keys/show'>, ctx: ServiceContext): OutputOf<'keys/show'> {
  const current = deviceKey(ctx);
  const keys = KEY_ALGS.map((alg) => (alg === current.alg ? current : existingKey(ctx, alg))).filter((k): k is DeviceKey => k !== null);
  return { current: infoOf(ctx, current), keys: keys.map((k) => infoOf(ctx, k)) };
}

export function setAlg(input: ParsedInputOf<'keys/setAlg'>, ctx: ServiceContext): OutputOf<'keys/setAlg'> {
  const alg = keyAlgOf(input.alg);
  // Make (or load) the key first: a key that cannot be made must not become the choice.
  deviceKey(ctx, alg);
  ctx.store.sqlite
    .prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    )
    .run(ALG_SETTING, alg, nowIso());
  return show({}, ctx);
}

/** Characters Windows, macOS or a FAT-formatted USB stick refuse in a file name. */
export function safeFileNamePart(text: string, max = 40): string {
  const cleaned = Array.from(text.replace(/[\\/:*?"<>|\p{Cc}]/gu, '').replace(/\s+/g, ' ').trim());
  return cleaned.slice(0, max).join('') || '未命名';
}

export function exportEnrollment(_input: ParsedInputOf<'keys/exportEnrollment'>, ctx: ServiceContext): OutputOf<'keys/exportEnrollment'> {
  const profile = readProfile(ctx);
  if (!profile) {
    throw new AppError('FORBIDDEN', '请先在「设置」中填写本机检查人员信息（姓名、执法证号、单位），登记申请要写明这些信息。', 'profile');
  }
  const key = deviceKey(ctx);
  const text = buildEnrollmentRequest({ inspector: profile, appVersion: ctx.appVersion }, key);
  return {
    fileName: `设备密钥登记_${safeFileNamePart(profile.name, 20)}_${key.keyId}.json`,
    text,
    fingerprint: key.fingerprint,
    keyId: key.keyId,
  };
}
