/**
 * The device identity: one key pair per algorithm in the data folder's keys/<alg>/,
 * made on first use (bundle/key-file.ts: mode 0600, or wrapped by the Electron
 * safeStorage protector the app was opened with) — exactly one, even when two
 * programs make it at the same moment. Which algorithm signs new bundles
 * is a setting; Ed25519 unless the inspector chose SM2/SM3 (国密).
 *
 * Only public parts leave this module. Key file errors are KeyFileError messages,
 * which never contain key material.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KeyFileError, ensureDeviceKey, keyFilePath, loadKeyFile } from '../../bundle/key-file';
import { KEY_ALGS, type DeviceKey, type KeyAlg } from '../../bundle/keys';
import { parseSafeJson } from '../../bundle/safe-json';
import type { Store } from '../../db/open';
import { AppError } from '../../lib/errors';
import type { ServiceContext } from '../context';
import { SETTING_KEYS, getSetting } from '../../db/repositories/settings';

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
  return getSetting(ctx.store.db, SETTING_KEYS.signatureAlg) === 'sm2' ? 'sm2' : 'ed25519';
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
    const dir = keyDir(ctx, alg);
    // A program only reading beside the folder's holder must not make a key of its own:
    // the holder would never see it, and bundles signed with it would not match the enrolment.
    const refusal = ctx.store.writeRefusal;
    const existing = refusal === null ? null : loadKeyFile(dir, ctx.keyProtector);
    if (refusal !== null && existing === null) throw new AppError('CONFLICT', refusal);
    // Made by link-if-absent (bundle/key-file.ts createKeyFile): when another program made
    // one at the same moment, this returns that one, so the folder keeps a single key.
    const key = existing ?? ensureDeviceKey(dir, { alg, ...(ctx.keyProtector ? { protector: ctx.keyProtector } : {}) }).key;
    cache.set(alg, key);
    return key;
  } catch (error) {
    return asAppError(error);
  }
}

/** The stored key of an algorithm, or null when none was made yet (never creates one). */
export function existingKey(ctx: ServiceContext, alg: KeyAlg): DeviceKey | null {
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
