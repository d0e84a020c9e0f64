/**
 * Test helpers around Debian's poppler-utils: extract text (pdftotext -layout), count pages
 * (pdfinfo) and rasterise a page (pdftoppm). A missing tool fails the test naming the
 * package to install, never silently skips.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function run(tool: string, args: string[]): Buffer {
  try {
    return execFileSync(tool, args, { maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`找不到 ${tool}：PDF 测试需要 Debian 软件包 poppler-utils，请运行 apt-get install poppler-utils`, { cause: e });
    }
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`${tool} 失败：${stderr || String(e)}`, { cause: e });
  }
}

function withFile<T>(bytes: Uint8Array, fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ducha-pdf-test-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Text of the whole document (or one page) with its layout kept; pages are separated by \f. */
export function pdfText(bytes: Uint8Array, page?: number): string {
  return withFile(bytes, (file) => {
    const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
    return run('pdftotext', ['-layout', '-enc', 'UTF-8', ...range, file, '-']).toString('utf8');
  });
}

/**
 * Text in the order it is drawn (pdftotext -raw): a table cell's lines stay together, which
 * -layout interleaves with the neighbouring cells' lines.
 */
export function pdfRawText(bytes: Uint8Array): string {
  return withFile(bytes, (file) => run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).toString('utf8'));
}

/** pdfRawText split into pages. */
export function pdfRawPages(bytes: Uint8Array): string[] {
  const pages = pdfRawText(bytes).split('\f');
  if (pages[pages.length - 1]?.trim() === '') pages.pop();
  return pages;
}

/** Text of each page, in order. */
export function pdfPages(bytes: Uint8Array): string[] {
  const pages = pdfText(bytes).split('\f');
  if (pages[pages.length - 1]?.trim() === '') pages.pop();
  return pages;
}

export function pdfPageCount(bytes: Uint8Array): number {
  const info = withFile(bytes, (file) => run('pdfinfo', [file]).toString('utf8'));
  const m = /^Pages:\s+(\d+)/m.exec(info);
  if (m === null) throw new Error(`pdfinfo 没有给出页数：${info}`);
  return Number(m[1]);
}

/** Renders one page to PNG at `dpi` and returns the PNG bytes (look at it with an image viewer). */
export function pdfPagePng(bytes: Uint8Array, page: number, dpi = 60): Buffer {
  return withFile(bytes, (file, dir) => {
    run('pdftoppm', ['-r', String(dpi), '-png', '-f', String(page), '-l', String(page), '-singlefile', file, join(dir, 'page')]);
    return readFileSync(join(dir, 'page.png'));
  });
}

export interface Raster {
  width: number;
  height: number;
  /** RGB triples, row by row. */
  rgb: Buffer;
}

/** One page as raw RGB (pdftoppm's PPM output), to count coloured pixels. */
export function pdfPageRaster(bytes: Uint8Array, page: number, dpi = 40): Raster {
  const ppm = withFile(bytes, (file, dir) => {
    run('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, join(dir, 'page')]);
    return readFileSync(join(dir, 'page.ppm'));
  });
  // P6\n<w> <h>\n255\n<data>
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 40));
  if (header === null) throw new Error('pdftoppm 输出不是 PPM 图像');
  return { width: Number(header[1]), height: Number(header[2]), rgb: ppm.subarray(header[0].length) };
}

/** Pixels that are clearly red (the seal), as a count. */
export function redPixels(r: Raster): number {
  let n = 0;
  for (let i = 0; i + 2 < r.rgb.length; i += 3) {
    const red = r.rgb[i] as number;
    const green = r.rgb[i + 1] as number;
    const blue = r.rgb[i + 2] as number;
    if (red > 150 && green < 110 && blue < 110) n++;
  }
  return n;
}
