import { beforeAll, describe, expect, it } from 'vitest';
import { PRIMARY_FONT } from '../fonts';
import { renderPdf } from '../render';
import { pdfPageCount, pdfPagePng, pdfPageRaster, pdfPages, pdfRawPages, pdfText, redPixels, run } from './poppler';

// Every PDF test reads its output through these helpers, so they must be shown to see
// what is on each page: a helper that returned '' or the wrong page would let those pass.
let twoPages: Buffer;
beforeAll(async () => {
  twoPages = await renderPdf({
    content: [
      { text: '第一页 督查台 喆堃龑' },
      { text: '第二页 整改通知', pageBreak: 'before' },
      { canvas: [{ type: 'rect', x: 0, y: 0, w: 200, h: 120, color: '#d00000' }] },
    ],
    defaultStyle: { font: PRIMARY_FONT.family },
  });
});

describe('poppler helpers', () => {
  it('a missing poppler tool fails naming the Debian package to install', () => {
    expect(() => run('pdftotext-not-installed', ['-v'])).toThrow(/Debian 软件包 poppler-utils/);
  });

  it('a tool that fails reports its name and what it printed', () => {
    expect(() => run('pdfinfo', ['/nonexistent/ducha.pdf'])).toThrow(/pdfinfo 失败：.*nonexistent/);
  });

  it('counts pages and extracts each page’s text, rare characters included', () => {
    expect(pdfPageCount(twoPages)).toBe(2);
    for (const pages of [pdfPages(twoPages), pdfRawPages(twoPages)]) {
      expect(pages).toHaveLength(2);
      expect(pages[0]).toContain('第一页 督查台 喆堃龑');
      expect(pages[1]).toContain('第二页 整改通知');
      expect(pages[1]).not.toContain('第一页');
    }
    expect(pdfText(twoPages, 2)).toContain('第二页');
    expect(pdfText(twoPages, 2)).not.toContain('第一页');
  });

  it('rasterises one page: a PNG, and RGB pixels in which only the page with red has red', () => {
    expect(pdfPagePng(twoPages, 1).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const first = pdfPageRaster(twoPages, 1);
    expect(first.width).toBeGreaterThan(0);
    expect(first.rgb.length).toBe(first.width * first.height * 3);
    expect(redPixels(first)).toBe(0);
    // 200×120 pt at 40 dpi is about 111×67 px of red.
    expect(redPixels(pdfPageRaster(twoPages, 2))).toBeGreaterThan(5_000);
  });
});
