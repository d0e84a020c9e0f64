import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AtomicWriteError, temporaryPathFor, writeFileAtomic, writeFileAtomicSync } from './atomic-write';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ducha-atomic-'));
});
afterEach(() => {
  vi.restoreAllMocks();
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
    const real = fs.writeSync;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Uint8Array, offset?: number) => {
      calls++;
      if (calls > 1) throw eioError();
      // Write only a few bytes, as a device going away would.
      return real(fd, buffer, offset ?? 0, 3);
    }) as typeof fs.writeSync);
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
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw eioError();
    });
    expect(() => writeFileAtomicSync(target, 'content')).toThrow(AtomicWriteError);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('async: a failing fsync leaves no file under the final name', async () => {
    const target = path.join(dir, 'c.ducha.json');
    const realOpen = fsp.open;
    vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      const handle = await realOpen(...args);
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
