import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyFileError, createKeyFile, ensureDeviceKey, keyFilePath, loadKeyFile, saveKeyFile, type KeyProtector } from './key-file';
import { exportPrivateKeyBytes, generateDeviceKey, verify } from './keys';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ducha-keys-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Stands in for Electron's safeStorage: reversible, and visibly not the plain bytes. */
const xorProtector: KeyProtector = {
  protect: (bytes) => Buffer.concat([Buffer.from('WRAP'), Buffer.from(bytes.map((b) => b ^ 0x5a))]),
  unprotect: (bytes) => {
    if (!bytes.subarray(0, 4).equals(Buffer.from('WRAP'))) throw new Error('not ours');
    return Buffer.from(bytes.subarray(4).map((b) => b ^ 0x5a));
  },
};

function readStored(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(keyFilePath(dir), 'utf8')) as Record<string, unknown>;
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('key file', () => {
  it.each(['ed25519', 'sm2'] as const)('%s: saves with mode 0600 and loads the same working key', (alg) => {
    const key = generateDeviceKey(alg);
    const file = saveKeyFile(path.join(dir, 'keys'), key);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const loaded = loadKeyFile(path.join(dir, 'keys'));
    expect(loaded?.keyId).toBe(key.keyId);
    expect(loaded?.publicKey).toBe(key.publicKey);
    const data = Buffer.from('签名测试');
    expect(verify(alg, key.publicKey, data, loaded!.sign(data))).toBe(true);
  });

  it('returns null when the folder has no key yet', () => {
    expect(loadKeyFile(dir)).toBeNull();
    expect(loadKeyFile(path.join(dir, 'missing'))).toBeNull();
  });

  it('ensureDeviceKey creates a key once and then keeps using it', () => {
    const first = ensureDeviceKey(dir);
    expect(first.created).toBe(true);
    expect(first.key.alg).toBe('ed25519');
    const second = ensureDeviceKey(dir);
    expect(second.created).toBe(false);
    expect(second.key.keyId).toBe(first.key.keyId);
    expect(ensureDeviceKey(fs.mkdtempSync(path.join(dir, 'sm-')), { alg: 'sm2' }).key.alg).toBe('sm2');
  });

  it('tightens a key file whose permissions were loosened', () => {
    saveKeyFile(dir, generateDeviceKey('ed25519'));
    fs.chmodSync(keyFilePath(dir), 0o644);
    loadKeyFile(dir);
    expect(fs.statSync(keyFilePath(dir)).mode & 0o777).toBe(0o600);
  });

  it('with a protector, stores only wrapped bytes and needs the protector to load', () => {
    const key = generateDeviceKey('ed25519');
    saveKeyFile(dir, key, xorProtector);
    const stored = readStored();
    expect(stored.protection).toBe('protector');
    const plain = exportPrivateKeyBytes(key.privateKey).toString('base64');
    expect(fs.readFileSync(keyFilePath(dir), 'utf8')).not.toContain(plain);
    expect(loadKeyFile(dir, xorProtector)?.keyId).toBe(key.keyId);

    const noProtector = thrown(() => loadKeyFile(dir));
    expect(noProtector).toBeInstanceOf(KeyFileError);
    expect(noProtector.message).toContain('系统钥匙串');
    const wrong = thrown(() => loadKeyFile(dir, { protect: (b) => b, unprotect: () => { throw new Error('keychain locked'); } }));
    expect(wrong.message).toContain('无法解密');
  });

  it('refuses a damaged file with a Chinese reason that never quotes the key', () => {
    const key = generateDeviceKey('ed25519');
    saveKeyFile(dir, key);
    const secret = exportPrivateKeyBytes(key.privateKey).toString('base64');

    fs.writeFileSync(keyFilePath(dir), '{"format":"ducha-device-key",');
    const truncated = thrown(() => loadKeyFile(dir));
    expect(truncated).toBeInstanceOf(KeyFileError);
    expect(truncated.message).toMatch(/已损坏.*请/);

    // Someone pasted another device's public key next to this private key.
    saveKeyFile(dir, key);
    const other = generateDeviceKey('ed25519');
    fs.writeFileSync(keyFilePath(dir), JSON.stringify({ ...readStored(), publicKey: other.publicKey }));
    const mismatch = thrown(() => loadKeyFile(dir));
    expect(mismatch.message).toContain('不匹配');
    expect(mismatch.message).not.toContain(secret);

    fs.writeFileSync(keyFilePath(dir), JSON.stringify({ ...readStored(), publicKey: key.publicKey, privateKey: Buffer.from('garbage').toString('base64') }));
    const garbage = thrown(() => loadKeyFile(dir));
    expect(garbage.message).toContain('不是有效的 ed25519 密钥');

    fs.writeFileSync(keyFilePath(dir), JSON.stringify({ ...readStored(), extra: 1 }));
    expect(thrown(() => loadKeyFile(dir)).message).toContain('字段');
  });
});

describe('making the key when two programs start at once', () => {
  it('createKeyFile keeps the key that was there first and hands it back', () => {
    const first = generateDeviceKey('ed25519');
    const late = generateDeviceKey('ed25519');
    expect(createKeyFile(dir, first)).toMatchObject({ created: true, key: { keyId: first.keyId } });
    const again = createKeyFile(dir, late);
    expect(again.created).toBe(false);
    expect(again.key.keyId).toBe(first.keyId);
    expect(readStored().keyId).toBe(first.keyId);
    expect(fs.statSync(keyFilePath(dir)).mode & 0o777).toBe(0o600);
    // Nothing is left of the late one's temporary file.
    expect(fs.readdirSync(dir)).toEqual(['device-key.json']);
  });

  it('keeps the first key where the file system has no hard links', () => {
    vi.spyOn(fs, 'linkSync').mockImplementation(() => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    });
    const first = generateDeviceKey('ed25519');
    expect(createKeyFile(dir, first).created).toBe(true);
    expect(createKeyFile(dir, generateDeviceKey('ed25519')).key.keyId).toBe(first.keyId);
    expect(loadKeyFile(dir)?.keyId).toBe(first.keyId);
  });

  it('processes creating the key together all end with the one key the folder keeps', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const go = path.join(dir, 'go');
    const keys = path.join(dir, 'keys');
    const script = `
      const { existsSync } = await import('node:fs');
      const { ensureDeviceKey } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'bundle', 'key-file.ts')).href)});
      const [keys, go] = process.argv.slice(1);
      process.stdout.write('ready\\n');
      for (let i = 0; i < 3000 && !existsSync(go); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      const { key, created } = ensureDeviceKey(keys);
      process.stdout.write(JSON.stringify({ keyId: key.keyId, created }) + '\\n');
    `;
    const children = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, keys, go], { cwd: root }),
    );
    try {
      const outputs = children.map((child) => {
        let out = '';
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        const ready = new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.includes('ready')) resolve();
          });
          child.once('close', () => reject(new Error(`child ended before ready: ${err}`)));
        });
        const done = new Promise<string>((resolve) => child.once('close', (code) => resolve(code === 0 ? out : `failed ${code}: ${err}`)));
        return { ready, done };
      });
      await Promise.all(outputs.map((o) => o.ready));
      fs.writeFileSync(go, '');
      const results = (await Promise.all(outputs.map((o) => o.done))).map((out) => {
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (!line) throw new Error(out);
        return JSON.parse(line) as { keyId: string; created: boolean };
      });
      const stored = loadKeyFile(keys)?.keyId;
      expect(new Set(results.map((r) => r.keyId))).toEqual(new Set([stored]));
      expect(results.filter((r) => r.created)).toHaveLength(1);
    } finally {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    }
  }, 60_000);
});
