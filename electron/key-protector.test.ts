import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDeviceKey, loadKeyFile, keyFilePath } from '../bundle/key-file';
import { tempDir } from '../test/support/temp-app';
import { safeStorageProtector, type SafeStorageLike } from './key-protector';

/** A stand-in for safeStorage: reversible, and visibly not the plain text. */
function fakeStorage(available: boolean): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(`enc:${Buffer.from(s).toString('hex')}`),
    decryptString: (b) => {
      const text = b.toString();
      if (!text.startsWith('enc:')) throw new Error('not ours');
      return Buffer.from(text.slice(4), 'hex').toString();
    },
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('safeStorage key protector', () => {
  it('is absent when the OS offers no encryption', () => {
    expect(safeStorageProtector(fakeStorage(false))).toBeUndefined();
  });

  it('wraps the stored private key so the file alone does not yield it', () => {
    const dir = tempDir();
    dirs.push(dir);
    const protector = safeStorageProtector(fakeStorage(true));
    const { key } = ensureDeviceKey(dir, { protector });
    const stored = JSON.parse(fs.readFileSync(keyFilePath(dir), 'utf8')) as { protection: string; privateKey: string };
    expect(stored.protection).toBe('protector');
    expect(Buffer.from(stored.privateKey, 'base64').toString().startsWith('enc:')).toBe(true);
    expect(loadKeyFile(dir, protector)?.keyId).toBe(key.keyId);
    expect(() => loadKeyFile(dir)).toThrow(/系统钥匙串/);
  });
});
