import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sampleNotice } from '../test/support/pdf-fixtures';
import { defaultFontSet, loadFontSet, PRIMARY_FONT } from './fonts';
import { buildNotice } from './notice';
import { renderPdf } from './render';
import { pdfRawText } from './testing/poppler';
import { missingGlyphNote, PLACEHOLDER, TextSetter, type TextValue } from './text';

const pieces = (v: TextValue): { text: string; font?: string }[] => (typeof v === 'string' ? [{ text: v }] : v);

describe('TextSetter', () => {
  it('keeps primary-font text a plain string', () => {
    const t = new TextSetter(defaultFontSet());
    expect(t.set('上海市特种设备监督检验技术研究院（2024）李喆、陈堃、刘龑')).toBe('上海市特种设备监督检验技术研究院（2024）李喆、陈堃、刘龑');
    expect(t.missingGlyphs()).toEqual([]);
  });

  it('splits runs by coverage: 𠮷 goes to the fallback font, the rest stays primary', () => {
    const t = new TextSetter(defaultFontSet());
    expect(t.set('王𠮷、张𡈼同志')).toEqual([{ text: '王' }, { text: '𠮷', font: 'NotoSerifJP' }, { text: '、张' }, { text: '𡈼', font: 'NotoSerifTC' }, { text: '同志' }]);
    expect(t.missingGlyphs()).toEqual([]);
  });

  it('replaces a character no font has by 〓 and reports it, never an empty box', () => {
    const t = new TextSetter(loadFontSet([PRIMARY_FONT]));
    expect(t.set('王𠮷')).toBe(`王${PLACEHOLDER}`);
    t.set('𠮷𡈼');
    expect(t.missingGlyphs()).toEqual([
      { char: '𠮷', codePoint: 'U+20BB7', count: 2 },
      { char: '𡈼', codePoint: 'U+2123C', count: 1 },
    ]);
    expect(missingGlyphNote(t.missingGlyphs())).toContain('U+20BB7、U+2123C');
  });

  it('drops invisible code points, keeps line breaks, and treats control characters as missing', () => {
    const t = new TextSetter(defaultFontSet());
    expect(t.set('李\u200b喆\ufeff')).toBe('李喆');
    expect(t.set('第一行\r\n第二行')).toBe('第一行\n第二行');
    expect(t.set('响铃\u0007')).toBe(`响铃${PLACEHOLDER}`);
  });

  it('every piece is set in a font that has all of its characters (property)', () => {
    const fonts = defaultFontSet();
    const alphabet = ['王', '喆', '𠮷', '𡈼', '𪚥', 'A', ' ', '\n', '（', '—', '\u200b', '龑', '堃'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }), (chars) => {
        const t = new TextSetter(fonts);
        for (const p of pieces(t.set(chars.join('')))) {
          const font = p.font === undefined ? fonts.primary : fonts.chain.find((f) => f.family === p.font);
          expect(font).toBeDefined();
          for (const ch of p.text) {
            if (ch === '\n') continue;
            expect(font?.covers(ch.codePointAt(0) as number), `${ch} in ${font?.family}`).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('a document with a character no font has', () => {
  it('prints 〓 in its place and a visible note naming the code point', async () => {
    const fonts = loadFontSet([PRIMARY_FONT]); // no fallback: 𠮷 has no font
    const doc = buildNotice(sampleNotice(), fonts);
    expect(doc.missingGlyphs.map((m) => m.codePoint)).toEqual(['U+20BB7']);
    const text = pdfRawText(await renderPdf(doc.definition, { fonts }));
    expect(text).toContain(`王${PLACEHOLDER}`);
    expect(text.replace(/\s+/g, '')).toContain('已以“〓”代替，原字符编码为U+20BB7');
  });
});
