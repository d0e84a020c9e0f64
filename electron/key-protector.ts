/**
 * The device key at rest inside Electron: its private bytes are wrapped by
 * safeStorage (DPAPI on Windows, the Keychain on macOS, libsecret/kwallet on Linux),
 * so a copied data folder does not carry a usable key. Kept apart from main.ts so it
 * can be tested without Electron.
 */
import type { KeyProtector } from '../bundle/key-file';

/** The part of Electron's safeStorage this needs. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * A protector backed by safeStorage, or undefined when the OS offers no encryption
 * (e.g. Linux without a keyring): the key then stays in a 0600 file, as in the
 * browser host, rather than being "protected" by a hard-coded fallback password.
 */
export function safeStorageProtector(storage: SafeStorageLike): KeyProtector | undefined {
  if (!storage.isEncryptionAvailable()) return undefined;
  return {
    // safeStorage takes strings; base64 carries the bytes through unchanged.
    protect: (bytes) => storage.encryptString(bytes.toString('base64')),
    unprotect: (bytes) => Buffer.from(storage.decryptString(bytes), 'base64'),
  };
}
