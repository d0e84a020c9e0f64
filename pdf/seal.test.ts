import { describe, expect, it } from 'vitest';
import { defaultFontSet } from './fonts';
import { MAX_SEAL_NAME, SEAL_RED, sealSvg } from './seal';

describe('seal', () => {
  const fonts = defaultFontSet();

  it('is pure vector: a red ring, a ten-point star and one outline path per character', () => {
    const svg = sealSvg(fonts, '上海市市场监督管理局', '监督检查专用章', 104);
    expect(svg).toMatch(/^<svg [^>]*width="104" height="104" viewBox="0 0 200 200"/);
    expect(svg).toContain(`<circle cx="100" cy="100" r="94" fill="none" stroke="${SEAL_RED}"`);
    const star = /<polygon points="([^"]+)"/.exec(svg)?.[1] ?? '';
    expect(star.trim().split(' ')).toHaveLength(10);
    expect(svg.match(/<path /g)).toHaveLength(10 + 7);
    // No text: extracting or copying the page must not pick up the seal's letters.
    expect(svg).not.toContain('<text');
  });

  it('turns the name along the upper arc: first and last characters mirror each other', () => {
    const svg = sealSvg(fonts, '上海市质量技术监督局', '检验专用章', 100);
    const angles = [...svg.matchAll(/rotate\((-?[\d.]+)\)/g)].map((m) => Number(m[1]));
    expect(angles[0]).toBeLessThan(-90);
    expect(angles[9]).toBeCloseTo(-(angles[0] as number), 5);
    expect(angles.slice(10).every((a) => a === 0)).toBe(true); // the label is upright
  });

  it('draws characters outside the BMP from the fallback font', () => {
    const plain = sealSvg(fonts, '王吉检测站', '专用章', 100);
    const rare = sealSvg(fonts, '王𠮷检测站', '专用章', 100);
    expect(rare).not.toBe(plain);
    expect(rare.match(/<path /g)).toHaveLength(5 + 3);
  });

  it('refuses an empty or over-long unit name with a message saying what to do', () => {
    expect(() => sealSvg(fonts, '  ')).toThrow(/检查单位名称为空/);
    expect(() => sealSvg(fonts, '字'.repeat(MAX_SEAL_NAME + 1))).toThrow(/请在设置中使用简称/);
  });
});
