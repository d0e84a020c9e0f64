import fs, { renameSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AtomicWriteError, temporaryPathFor, writeFileAtomic, writeFileAtomicSync } from './atomic-write';

// The writer imports these calls by name, so faults are injected by mocking the modules;
// each mock runs the real call until a test gives it another implementation.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, writeSync: vi.fn(real.writeSync), renameSync: vi.fn(real.renameSync) };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return { ...real, open: vi.fn(real.open) };
});
const realFs = await vi.importActual<typeof import('node:fs')>('node:fs');
const realFsp = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ducha-atomic-'));
});
afterEach(() => {
  vi.mocked(writeSync).mockImplementation(realFs.writeSync);
  vi.mocked(renameSync).mockImplementation(realFs.renameSync);
  vi.mocked(open).mockImplementation(realFsp.open);
  fs.rmSync(dir, { recursive: true, force: true });
});

function eioError(): NodeJS.ErrnoException {
  return Object.assign(new Error('i/o error'), { code: 'EIO' });
}

describe.each([
  ['writeFileAtomicSync', async (f: string, d: string | Uint8Array, o?: { mode?: number }) => writeFileAtomicSync(f, d, o)],
  ['writeFileAtomic', writeFileAtomic],
] as const)('%s', (_name, write) => {
  it('writes the content, replaces an existing file, and leaves nothing else behind', async () => {
    const target = path.join(dir, '检查数据.ducha.json');
    await write(target, '{"v":1}');
    await write(target, new Uint8Array(Buffer.from('{"v":2}')));
    expect(fs.readFileSync(target, 'utf8')).toBe('{"v":2}');
    expect(fs.readdirSync(dir)).toEqual(['检查数据.ducha.json']);
  });

  it('creates the file with the requested mode (POSIX permissions)', async () => {
    const target = path.join(dir, 'device-key.json');
    await write(target, 'secret', { mode: 0o600 });
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
  });

  it('fails in a missing folder with a Chinese reason and leaves no file', async () => {
    const target = path.join(dir, 'no-such-folder', 'a.ducha.json');
    const error = await write(target, 'x').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AtomicWriteError);
    expect((error as Error).message).toContain('目标文件夹不存在');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('fails for a path through a file with its own error and code, not the cleanup\'s', async () => {
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    const error = await write(path.join(dir, 'file', 'a.ducha.json'), 'x').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AtomicWriteError);
    expect((error as AtomicWriteError).code).toBe('ENOTDIR');
    expect((error as Error).message).toContain('路径中有一段不是文件夹');
    expect(fs.readdirSync(dir)).toEqual(['file']);
  });

  it('fails when the name is taken by a folder and removes its temporary file', async () => {
    const target = path.join(dir, 'taken');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside.txt'), 'keep');
    await expect(write(target, 'x')).rejects.toBeInstanceOf(AtomicWriteError);
    expect(fs.readdirSync(dir)).toEqual(['taken']);
    expect(fs.readFileSync(path.join(target, 'inside.txt'), 'utf8')).toBe('keep');
  });
});

describe('a USB stick pulled out during the write', () => {
  it('sync: an I/O error mid-write leaves the old file intact and no partial file', () => {
    const target = path.join(dir, 'a.ducha.json');
    fs.writeFileSync(target, 'old complete content');
    let calls = 0;
    vi.mocked(writeSync).mockImplementation(((fd: number, buffer: Uint8Array, offset?: number) => {
      calls++;
      if (calls > 1) throw eioError();
      // Write only a few bytes, as a device going away would.
      return realFs.writeSync(fd, buffer, offset ?? 0, 3);
    }) as typeof writeSync);
    const error = (() => {
      try {
        writeFileAtomicSync(target, 'new content that never fully arrives');
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AtomicWriteError);
    expect((error as Error).message).toContain('U盘可能已被拔出');
    expect(fs.readFileSync(target, 'utf8')).toBe('old complete content');
    expect(fs.readdirSync(dir)).toEqual(['a.ducha.json']);
  });

  it('sync: a failing rename leaves no file under the final name', () => {
    const target = path.join(dir, 'b.ducha.json');
    vi.mocked(renameSync).mockImplementation(() => {
      throw eioError();
    });
    expect(() => writeFileAtomicSync(target, 'content')).toThrow(AtomicWriteError);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('async: a failing fsync leaves no file under the final name', async () => {
    const target = path.join(dir, 'c.ducha.json');
    vi.mocked(open).mockImplementation(async (...args: Parameters<typeof open>) => {
      const handle = await realFsp.open(...args);
      vi.spyOn(handle, 'sync').mockRejectedValue(eioError());
      return handle;
    });
    await expect(writeFileAtomic(target, 'content')).rejects.toBeInstanceOf(AtomicWriteError);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('temporaryPathFor', () => {
  it('stays in the same folder, is hidden, and never looks like a bundle', () => {
    const target = path.join(dir, 'x.ducha.json');
    const temp = temporaryPathFor(target);
    expect(path.dirname(temp)).toBe(dir);
    expect(path.basename(temp).startsWith('.')).toBe(true);
    expect(temp.endsWith('.partial')).toBe(true);
    expect(temp.endsWith('.ducha.json')).toBe(false);
    expect(temporaryPathFor(target)).not.toBe(temp);
  });
});
