/**
 * Text runs split by font coverage, so every character prints with a font that has it.
 *
 * pdfkit draws a missing glyph as .notdef — an empty box, or nothing at all — without a
 * word. Instead each string is cut into pdfmake inline pieces `{ text, font }`, each piece
 * in the first font of the chain that covers its characters; a character no font covers
 * is replaced by 〓 (U+3013 GETA MARK, the typesetter's sign for a missing character) and
 * recorded, so the caller can say which characters could not be printed.
 */
import type { FontSet } from './fonts';

export const PLACEHOLDER = '〓';

/** A pdfmake `text` value: a plain string, or inline pieces with their own font. */
export type TextValue = string | { text: string; font?: string }[];

export interface MissingGlyph {
  /** The character itself. */
  char: string;
  /** "U+20BB7" */
  codePoint: string;
  /** How many times it was replaced by 〓. */
  count: number;
}

/**
 * Code points that are invisible by definition (zero-width spaces and joiners, direction
 * marks, variation selectors, BOM, tags). Fonts rarely map them, and drawing them would
 * show a box; they carry no visible content, so they are dropped.
 */
function isDefaultIgnorable(cp: number): boolean {
  return (
    cp === 0x00ad ||
    (cp >= 0x180b && cp <= 0x180f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    (cp >= 0xe0000 && cp <= 0xe0fff)
  );
}

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

export class TextSetter {
  readonly fonts: FontSet;
  private readonly missing = new Map<number, number>();

  constructor(fonts: FontSet) {
    this.fonts = fonts;
  }

  /**
   * The pdfmake text value for `input`. Pure primary-font text stays a plain string (the
   * common case, and the cheapest for pdfmake); otherwise inline pieces.
   */
  set(input: string): TextValue {
    const { fonts } = this;
    const primary = fonts.primary;
    // Fast path: every character in the primary font (what almost every string is).
    let simple = true;
    for (const ch of input) {
      const cp = ch.codePointAt(0) as number;
      if (cp === 0x0d || (cp >= 0x20 && cp !== 0x7f && !isDefaultIgnorable(cp) && primary.covers(cp))) continue;
      if (cp === 0x0a || cp === 0x09) continue;
      simple = false;
      break;
    }
    if (simple) return input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;

    const pieces: { text: string; font: string | null }[] = [];
    const push = (text: string, font: string | null): void => {
      const last = pieces[pieces.length - 1];
      if (last !== undefined && last.font === font) last.text += text;
      else pieces.push({ text, font });
    };
    for (const ch of input.replace(/\r\n?/g, '\n')) {
      const cp = ch.codePointAt(0) as number;
      if (isDefaultIgnorable(cp)) continue;
      if (cp === 0x0a || cp === 0x09) {
        // Line breaks and tabs belong to no font; keep them in the current piece.
        const last = pieces[pieces.length - 1];
        push(ch, last === undefined ? null : last.font);
        continue;
      }
      const font = cp < 0x20 || cp === 0x7f ? null : fonts.fontFor(cp);
      if (font === null) {
        this.missing.set(cp, (this.missing.get(cp) ?? 0) + 1);
        push(PLACEHOLDER, null);
      } else {
        push(ch, font === primary ? null : font.family);
      }
    }
    if (pieces.length === 1 && pieces[0]?.font === null) return pieces[0].text;
    return pieces.map((p) => (p.font === null ? { text: p.text } : { text: p.text, font: p.font }));
  }

  /** Characters replaced by 〓 so far, in code point order. */
  missingGlyphs(): MissingGlyph[] {
    return [...this.missing.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([cp, count]) => ({ char: String.fromCodePoint(cp), codePoint: hex(cp), count }));
  }
}

/** A text value as inline pieces, to combine with labels in one pdfmake `text` array. */
export function inlinePieces(v: TextValue): { text: string; font?: string }[] {
  return typeof v === 'string' ? [{ text: v }] : v;
}

/** The note printed at the end of a document that had characters replaced by 〓. */
export function missingGlyphNote(missing: readonly MissingGlyph[]): string | null {
  if (missing.length === 0) return null;
  const list = missing.map((m) => m.codePoint).join('、');
  return `注：本文件中有 ${missing.length} 个字符没有可用字体，已以“${PLACEHOLDER}”代替，原字符编码为 ${list}。`;
}
