import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { PRIMARY_FONT } from './fonts';
import { renderPdf, writePdfAtomic } from './render';
import { pdfRawText } from './testing/poppler';
import { thrownAppError as caught } from '../test/support/app-error';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ducha-pdf-write-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('renderPdf', () => {
  it('renders in Node with the cached fonts and reports progress', async () => {
    const seen: number[] = [];
    const bytes = await renderPdf(
      { content: [{ text: '督查台 喆堃龑' }], defaultStyle: { font: PRIMARY_FONT.family } },
      { onProgress: (p) => seen.push(p) },
    );
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfRawText(bytes)).toContain('督查台 喆堃龑');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(1);
  });

  it('never fetches URLs or reads local files named in a document', async () => {
    await expect(
      renderPdf({ content: [{ image: '/etc/passwd' }], defaultStyle: { font: PRIMARY_FONT.family } }),
    ).rejects.toBeInstanceOf(AppError);
    await expect(
      renderPdf({ content: [{ image: 'https://example.invalid/x.png' }], defaultStyle: { font: PRIMARY_FONT.family } }),
    ).rejects.toBeInstanceOf(AppError);
  });
});

describe('writePdfAtomic', () => {
  it('writes the file, replacing an older one, and leaves no temporary file', () => {
    const out = join(dir, '附件3.pdf');
    writeFileSync(out, 'old');
    writePdfAtomic(out, Buffer.from('%PDF-new'));
    expect(readFileSync(out, 'latin1')).toBe('%PDF-new');
    expect(readdirSync(dir)).toEqual(['附件3.pdf']);
  });

  it('a missing folder: Chinese error naming the path, nothing written', () => {
    const out = join(dir, 'no-such-folder', 'x.pdf');
    const e = caught(() => writePdfAtomic(out, Buffer.from('%PDF')));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('所在文件夹不存在');
    expect(e.message).toContain(out);
    expect(e.path).toBe('out');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a folder at the output path: error, the folder untouched, no temporary file left', () => {
    const out = join(dir, 'taken');
    mkdirSync(out);
    const e = caught(() => writePdfAtomic(out, Buffer.from('%PDF')));
    expect(e.message).toMatch(/无法保存 PDF.*请换一个可写入的位置/);
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a path under a file (not a folder): error, nothing left behind', () => {
    writeFileSync(join(dir, 'file'), 'x');
    const e = caught(() => writePdfAtomic(join(dir, 'file', 'x.pdf'), Buffer.from('%PDF')));
    expect(e.code).toBe('VALIDATION');
    expect(readdirSync(dir)).toEqual(['file']);
  });
});
