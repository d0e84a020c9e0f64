import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RARE_NAMES } from '../test/support/pdf-fixtures';
import { defaultFontSet, FALLBACK_FONTS, loadFontSet, PRIMARY_FONT } from './fonts';
import { getFontkit } from './pdfmake';

const cp = (ch: string): number => ch.codePointAt(0) as number;

/** The Extension B fallback of this machine; CI installs it (.ci/run). */
function requireNotoCjk(): void {
  const noto = FALLBACK_FONTS.find((f) => f.family === 'NotoSerifCJK');
  if (noto === undefined || !existsSync(noto.regular.path)) {
    throw new Error('缺少后备字体 Noto Serif CJK：请安装 Debian 软件包 fonts-noto-cjk（apt-get install fonts-noto-cjk）');
  }
}

describe('font coverage', () => {
  it('Noto Serif SC has 喆 堃 龑 (outside GB2312) but not 𠮷 𡈼 (CJK Extension B)', () => {
    const primary = loadFontSet([PRIMARY_FONT]).primary;
    for (const ch of ['喆', '堃', '龑', '镕', '䶮', '〓', '—', '“']) expect(primary.covers(cp(ch)), ch).toBe(true);
    for (const ch of ['𠮷', '𡈼']) expect(primary.covers(cp(ch)), ch).toBe(false);
  });

  it('the default chain covers every rare name character from npm fonts: 𡈼 from Noto Serif TC, 𠮷 from JP', () => {
    const set = defaultFontSet();
    expect(set.chain[0]?.family).toBe(PRIMARY_FONT.family);
    for (const name of RARE_NAMES) {
      for (const ch of name) expect(set.fontFor(cp(ch)), `${name} ${ch}`).not.toBeNull();
    }
    expect(set.fontFor(cp('𠮷'))?.family).toBe('NotoSerifJP');
    expect(set.fontFor(cp('𡈼'))?.family).toBe('NotoSerifTC');
    expect(set.fontFor(cp('喆'))?.family).toBe(PRIMARY_FONT.family);
  });

  it('Extension B characters no installed font has (𪚥 U+2A6A5) have no font, so they print as 〓', () => {
    requireNotoCjk();
    expect(defaultFontSet().fontFor(cp('𪚥'))).toBeNull();
  });
});

describe('fonts are parsed once per process', () => {
  it('the same chain is the same set, and faces are shared between chains', () => {
    const a = defaultFontSet();
    expect(defaultFontSet()).toBe(a);
    const primaryOnly = loadFontSet([PRIMARY_FONT]);
    expect(primaryOnly.primary.regular()).toBe(a.primary.regular());
    expect(a.primary.regular()).toBe(a.primary.regular());
  });

  it('pdfkit receives a marker, and fontkit turns it into the already parsed font', () => {
    const set = defaultFontSet();
    const marker = (set.dictionary[PRIMARY_FONT.family] as { normal: string }).normal;
    expect(marker).toMatch(/^DUCHA-PARSED-FONT:\d+$/);
    // This is exactly what pdfkit does with the bytes pdfmake hands it.
    const parsed = getFontkit().create(Buffer.from(marker, 'latin1'));
    expect(parsed).toBe(set.primary.regular());
    // A real font file is still parsed by fontkit's own formats.
    expect(() => getFontkit().create(Buffer.from('DUCHA-PARSED-FONT:999999', 'latin1'))).toThrow();
  });

  it('a missing primary font is a clear error, not a crash in pdfkit', () => {
    expect(() =>
      loadFontSet([{ family: 'Nope', label: 'nope', regular: { path: '/nonexistent/font.ttf' } }]),
    ).toThrow(/找不到打印字体/);
  });
});
