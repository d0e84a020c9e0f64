import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomicSync } from '../lib/atomic-write';
import { DeviceKey, KEY_ALGS, exportPrivateKeyBytes, generateDeviceKey, importPrivateKeyBytes, type KeyAlg } from './keys';
import { parseSafeJson } from './safe-json';

/**
 * The device key on disk. In the browser host it is a JSON file with mode 0600 in the
 * data folder; inside Electron the same file holds the private key wrapped by a
 * KeyProtector backed by safeStorage (the OS keychain), so copying the file to another
 * machine or user does not copy a usable key.
 */

export const KEY_FILE_NAME = 'device-key.json';

/** Wraps the private key bytes, e.g. with Electron's safeStorage. */
export interface KeyProtector {
  protect(bytes: Buffer): Buffer;
  unprotect(bytes: Buffer): Buffer;
}

/** Thrown for a key file that cannot be used; never contains key material. */
export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

const keyFileSchema = z.strictObject({
  format: z.literal('ducha-device-key'),
  version: z.literal(1),
  alg: z.enum(KEY_ALGS),
  keyId: z.string(),
  publicKey: z.string(),
  /** "none": the bytes are the key; "protector": they were wrapped by a KeyProtector. */
  protection: z.enum(['none', 'protector']),
  privateKey: z.base64(),
  createdAt: z.string(),
});
type KeyFile = z.infer<typeof keyFileSchema>;

export function keyFilePath(dir: string): string {
  return path.join(dir, KEY_FILE_NAME);
}

/** Writes the key file atomically with mode 0600 (folder 0700 if it has to be made). */
export function saveKeyFile(dir: string, key: DeviceKey, protector?: KeyProtector): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const bytes = exportPrivateKeyBytes(key.privateKey);
  const stored = protector ? protector.protect(bytes) : bytes;
  const file: KeyFile = {
    format: 'ducha-device-key',
    version: 1,
    alg: key.alg,
    keyId: key.keyId,
    publicKey: key.publicKey,
    protection: protector ? 'protector' : 'none',
    privateKey: stored.toString('base64'),
    createdAt: new Date().toISOString(),
  };
  const target = keyFilePath(dir);
  writeFileAtomicSync(target, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  bytes.fill(0);
  return target;
}

/** The stored device key, or null when the folder has none yet. */
export function loadKeyFile(dir: string, protector?: KeyProtector): DeviceKey | null {
  const file = keyFilePath(dir);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw new KeyFileError(`无法读取设备密钥文件“${file}”：请检查该文件的访问权限。`);
  }
  // Someone loosened the permissions (or copied it with a wide umask): close them again.
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);

  const damaged = `设备密钥文件“${file}”已损坏`;
  const parsed = parseSafeJson(bytes, { maxBytes: 64 * 1024 });
  if (!parsed.ok) throw new KeyFileError(`${damaged}，无法读取。请从备份恢复该文件，或在设置中重新生成设备密钥（之后需重新向局里登记）。`);
  const checked = keyFileSchema.safeParse(parsed.value);
  if (!checked.success) throw new KeyFileError(`${damaged}（字段 ${checked.error.issues[0]?.path.join('.') || '?'} 不正确）。请从备份恢复，或重新生成设备密钥。`);
  const stored = checked.data;

  let raw: Buffer = Buffer.from(stored.privateKey, 'base64');
  if (stored.protection === 'protector') {
    if (!protector) throw new KeyFileError('设备私钥由系统钥匙串加密保存，当前环境无法解密。请在桌面版督查台中使用，或在设置中重新生成设备密钥。');
    try {
      raw = protector.unprotect(raw);
    } catch {
      throw new KeyFileError('系统钥匙串无法解密设备私钥（可能换了电脑或操作系统账户）。请在设置中重新生成设备密钥，并重新向局里登记。');
    }
  }
  const key = importPrivateKeyBytes(stored.alg as KeyAlg, raw);
  raw.fill(0);
  if (key === null) throw new KeyFileError(`${damaged}：私钥不是有效的 ${stored.alg} 密钥。请从备份恢复，或重新生成设备密钥。`);
  if (key.publicKey !== stored.publicKey || key.keyId !== stored.keyId) {
    throw new KeyFileError(`${damaged}：私钥与记录的公钥（编号 ${stored.keyId}）不匹配。请从备份恢复，或重新生成设备密钥。`);
  }
  return key;
}

/** Loads the device key, creating and saving one on first start. */
export function ensureDeviceKey(dir: string, options: { alg?: KeyAlg; protector?: KeyProtector } = {}): { key: DeviceKey; created: boolean } {
  const existing = loadKeyFile(dir, options.protector);
  if (existing) return { key: existing, created: false };
  const key = generateDeviceKey(options.alg ?? 'ed25519');
  saveKeyFile(dir, key, options.protector);
  return { key, created: true };
}
