import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { temporaryPathFor, writeFileAtomicSync } from '../lib/atomic-write';
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

function keyFileText(key: DeviceKey, protector?: KeyProtector): string {
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
  bytes.fill(0);
  return JSON.stringify(file, null, 2) + '\n';
}

/** Writes the key file atomically with mode 0600 (folder 0700 if it has to be made), replacing any there. */
export function saveKeyFile(dir: string, key: DeviceKey, protector?: KeyProtector): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = keyFilePath(dir);
  writeFileAtomicSync(target, keyFileText(key, protector), { mode: 0o600 });
  return target;
}

function fsyncDir(dir: string): void {
  // Windows cannot open a folder to flush it.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Saves `key` as the folder's key file unless it has one, and returns the key the folder
 * holds afterwards: `key` (created) or the one another program saved first. The file is
 * written whole to a temporary name, flushed, then hard-linked to its name — link()
 * fails when the name exists, so of two programs creating a key at once exactly one
 * wins and both go on with the winner's key. (A rename would silently replace the first
 * key after it had already signed or been enrolled.)
 */
export function createKeyFile(dir: string, key: DeviceKey, protector?: KeyProtector): { key: DeviceKey; created: boolean } {
  const text = keyFileText(key, protector);
  const target = keyFilePath(dir);
  const temp = temporaryPathFor(target);
  let created: boolean;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    created = linkOnce(temp, target);
    if (created) fsyncDir(dir);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new KeyFileError(`无法保存设备密钥文件“${target}”${code ? `（${code}）` : ''}：请检查数据目录是否存在且可写。`);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  if (created) return { key, created: true };
  const winner = loadKeyFile(dir, protector);
  if (!winner) throw new KeyFileError(`设备密钥文件“${target}”刚被另一个程序创建后又消失了。请关闭其他督查台程序后重试。`);
  return { key: winner, created: false };
}

/** Gives `temp` the name `target` unless that exists; false when it does. */
function linkOnce(temp: string, target: string): boolean {
  try {
    fs.linkSync(temp, target);
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST') return false;
    // No hard links on this file system (FAT, exFAT, some network shares): keep a key
    // that is there already; only two programs in this same instant can still race.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      if (fs.existsSync(target)) return false;
      fs.renameSync(temp, target);
      return true;
    }
    throw error;
  }
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

/**
 * Loads the device key, creating and saving one on first start. Two programs starting
 * at once on one folder end with one key, both of them using it (createKeyFile).
 */
export function ensureDeviceKey(dir: string, options: { alg?: KeyAlg; protector?: KeyProtector } = {}): { key: DeviceKey; created: boolean } {
  const existing = loadKeyFile(dir, options.protector);
  if (existing) return { key: existing, created: false };
  return createKeyFile(dir, generateDeviceKey(options.alg ?? 'ed25519'), options.protector);
}
