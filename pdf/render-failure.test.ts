/**
 * writePdfAtomic when the disk fails mid-way (fsync reports EIO, the classic sign of a
 * pulled USB stick): the temporary file is removed and the old file at the path survives.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    fsyncSync: (fd: number) => {
      // Fail only for files (the temp PDF), as a dying disk would.
      if (real.fstatSync(fd).isFile()) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      real.fsyncSync(fd);
    },
  };
});

const { writePdfAtomic } = await import('./render');

const dir = mkdtempSync(join(tmpdir(), 'ducha-pdf-eio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writePdfAtomic on a failing disk', () => {
  it('removes its temporary file and leaves the previous PDF intact', () => {
    const out = join(dir, 'record.pdf');
    writeFileSync(out, '%PDF-previous');
    expect(() => writePdfAtomic(out, Buffer.alloc(200_000, 0x41))).toThrow(/无法保存 PDF.*系统错误 EIO/);
    expect(readdirSync(dir)).toEqual(['record.pdf']);
    expect(readFileSync(out, 'latin1')).toBe('%PDF-previous');
  });
});
