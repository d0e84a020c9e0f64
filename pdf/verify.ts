/**
 * Reads the verification code back from a PDF's Info dictionary (/Keywords), without
 * poppler or any PDF library: trailer (or cross-reference stream dictionary) → /Info
 * reference → that object's /Keywords string → DUCHA1:<recordId>:<revision>:<sha256>.
 *
 * The file is treated as hostile: a size cap, bounded searches (no regular expression runs
 * over the file), a small hand-written tokenizer with depth and length limits, and null —
 * never an exception — for anything it does not understand. Files rewritten with
 * compressed object streams or encrypted strings yield null: `pdf verify` then says the
 * file carries no readable code.
 */
import { findVerificationCode, type VerificationCode } from './verification-code';

/** Larger than any document this app prints (a 500-person roster is ~0.3 MB). */
export const MAX_PDF_BYTES = 64 * 1024 * 1024;
/** The trailer of the last revision is near the end; incremental updates append theirs. */
const TRAILER_WINDOW = 1024 * 1024;
/** An Info dictionary is a few hundred bytes; never read more than this for one object. */
const MAX_OBJECT_BYTES = 64 * 1024;
const MAX_STRING_BYTES = 16 * 1024;
const MAX_DEPTH = 16;
const MAX_OBJECT_SEARCHES = 1000;

type PdfValue =
  | { kind: 'dict'; entries: Map<string, PdfValue> }
  | { kind: 'array'; items: PdfValue[] }
  | { kind: 'string'; bytes: Buffer }
  | { kind: 'name'; name: string }
  | { kind: 'ref'; num: number; gen: number }
  | { kind: 'number'; value: number }
  | { kind: 'other' };

class ParseError extends Error {}

function isWhite(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;
}

function isDelimiter(b: number): boolean {
  return b === 0x28 || b === 0x29 || b === 0x3c || b === 0x3e || b === 0x5b || b === 0x5d || b === 0x7b || b === 0x7d || b === 0x2f || b === 0x25;
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** A bounded reader over buf[start, end). */
class Reader {
  pos: number;
  constructor(
    private readonly buf: Buffer,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  private peek(offset = 0): number {
    const p = this.pos + offset;
    if (p >= this.end) throw new ParseError('end of window');
    return this.buf[p] as number;
  }

  skipSpace(): void {
    while (this.pos < this.end) {
      const b = this.buf[this.pos] as number;
      if (isWhite(b)) this.pos++;
      else if (b === 0x25) {
        // Comment to end of line.
        while (this.pos < this.end && this.buf[this.pos] !== 0x0a && this.buf[this.pos] !== 0x0d) this.pos++;
      } else return;
    }
  }

  private keyword(): string {
    const start = this.pos;
    while (this.pos < this.end && !isWhite(this.buf[this.pos] as number) && !isDelimiter(this.buf[this.pos] as number)) {
      this.pos++;
      if (this.pos - start > 64) throw new ParseError('token too long');
    }
    return this.buf.toString('latin1', start, this.pos);
  }

  value(depth: number): PdfValue {
    if (depth > MAX_DEPTH) throw new ParseError('nested too deeply');
    this.skipSpace();
    const b = this.peek();
    if (b === 0x3c && this.peek(1) === 0x3c) return this.dict(depth);
    if (b === 0x3c) return { kind: 'string', bytes: this.hexString() };
    if (b === 0x28) return { kind: 'string', bytes: this.literalString() };
    if (b === 0x2f) {
      this.pos++;
      return { kind: 'name', name: this.keyword() };
    }
    if (b === 0x5b) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (this.peek() === 0x5d) {
          this.pos++;
          return { kind: 'array', items };
        }
        if (items.length > 10_000) throw new ParseError('array too long');
        items.push(this.value(depth + 1));
      }
    }
    const word = this.keyword();
    if (word === '') throw new ParseError('unexpected byte');
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      // "N G R" is a reference: look ahead without consuming on mismatch.
      if (/^\d+$/.test(word)) {
        const save = this.pos;
        this.skipSpace();
        const gen = this.keyword();
        this.skipSpace();
        if (/^\d+$/.test(gen) && this.pos < this.end && this.buf[this.pos] === 0x52 /* R */) {
          this.pos++;
          return { kind: 'ref', num: Number(word), gen: Number(gen) };
        }
        this.pos = save;
      }
      return { kind: 'number', value: Number(word) };
    }
    return { kind: 'other' };
  }

  private dict(depth: number): PdfValue {
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipSpace();
      if (this.peek() === 0x3e && this.peek(1) === 0x3e) {
        this.pos += 2;
        return { kind: 'dict', entries };
      }
      if (this.peek() !== 0x2f) throw new ParseError('dictionary key is not a name');
      this.pos++;
      const key = this.keyword();
      if (entries.size > 1000) throw new ParseError('dictionary too large');
      entries.set(key, this.value(depth + 1));
    }
  }

  private hexString(): Buffer {
    this.pos++;
    const digits: number[] = [];
    for (;;) {
      const b = this.peek();
      this.pos++;
      if (b === 0x3e) break;
      if (isWhite(b)) continue;
      const v = b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x41 && b <= 0x46 ? b - 0x37 : b >= 0x61 && b <= 0x66 ? b - 0x57 : -1;
      if (v < 0) throw new ParseError('bad hex digit');
      digits.push(v);
      if (digits.length > MAX_STRING_BYTES * 2) throw new ParseError('string too long');
    }
    if (digits.length % 2 === 1) digits.push(0); // a missing last digit is 0 (PDF 32000 §7.3.4.3)
    const out = Buffer.alloc(digits.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = ((digits[2 * i] as number) << 4) | (digits[2 * i + 1] as number);
    return out;
  }

  private literalString(): Buffer {
    this.pos++;
    const out: number[] = [];
    let nesting = 0;
    for (;;) {
      if (out.length > MAX_STRING_BYTES) throw new ParseError('string too long');
      const b = this.peek();
      this.pos++;
      if (b === 0x29) {
        if (nesting === 0) break;
        nesting--;
        out.push(b);
      } else if (b === 0x28) {
        nesting++;
        out.push(b);
      } else if (b === 0x5c) {
        const e = this.peek();
        this.pos++;
        const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (simple[e] !== undefined) out.push(simple[e] as number);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let k = 0; k < 2 && this.pos < this.end && (this.buf[this.pos] as number) >= 0x30 && (this.buf[this.pos] as number) <= 0x37; k++) {
            v = v * 8 + ((this.buf[this.pos] as number) - 0x30);
            this.pos++;
          }
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          // Backslash + end of line continues the string on the next line.
          if (this.pos < this.end && this.buf[this.pos] === 0x0a) this.pos++;
        } else if (e !== 0x0a) {
          out.push(e); // unknown escape: the backslash is ignored
        }
      } else if (b === 0x0d) {
        // An unescaped end of line is read as a single \n.
        if (this.pos < this.end && this.buf[this.pos] === 0x0a) this.pos++;
        out.push(0x0a);
      } else {
        out.push(b);
      }
    }
    return Buffer.from(out);
  }
}

/** PDF text string → JS string (UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding ≈ Latin-1 for ASCII). */
function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = bytes.subarray(2, 2 + ((bytes.length - 2) & ~1));
    const swapped = Buffer.from(body);
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return bytes.subarray(3).toString('utf8');
  }
  return bytes.toString('latin1');
}

function parseAt(buf: Buffer, start: number): PdfValue | null {
  try {
    return new Reader(buf, start, Math.min(buf.length, start + MAX_OBJECT_BYTES)).value(0);
  } catch (e) {
    if (e instanceof ParseError) return null;
    throw e;
  }
}

/** Start of the body of the last "num gen obj" in the file (a later one supersedes earlier ones). */
function findObject(buf: Buffer, num: number, gen: number): number | null {
  const needle = Buffer.from(`${num} ${gen} obj`, 'latin1');
  let from = buf.length;
  for (let i = 0; i < MAX_OBJECT_SEARCHES && from > 0; i++) {
    const at = buf.lastIndexOf(needle, from - 1);
    if (at < 0) return null;
    const before = at === 0 ? 0x0a : (buf[at - 1] as number);
    const after = buf[at + needle.length];
    // "12 0 obj" must not match inside "112 0 obj" or "12 0 objx".
    if ((isWhite(before) || isDelimiter(before)) && (after === undefined || isWhite(after) || isDelimiter(after))) {
      return at + needle.length;
    }
    from = at;
  }
  return null;
}

/** The trailer dictionary of the last revision, or the dictionary of its cross-reference stream. */
function trailerDict(buf: Buffer): Map<string, PdfValue> | null {
  const windowStart = Math.max(0, buf.length - TRAILER_WINDOW);
  const trailer = buf.lastIndexOf('trailer', buf.length - 1, 'latin1');
  if (trailer >= windowStart) {
    const v = parseAt(buf, trailer + 'trailer'.length);
    if (v?.kind === 'dict') return v.entries;
  }
  // PDF 1.5+: "startxref N" points at an XRef stream object whose dictionary has /Info.
  const sx = buf.lastIndexOf('startxref', buf.length - 1, 'latin1');
  if (sx < windowStart) return null;
  let p = sx + 'startxref'.length;
  while (p < buf.length && isWhite(buf[p] as number)) p++;
  let offset = 0;
  let digits = 0;
  while (p < buf.length && isDigit(buf[p] as number) && digits < 12) {
    offset = offset * 10 + ((buf[p] as number) - 0x30);
    p++;
    digits++;
  }
  if (digits === 0 || offset >= buf.length) return null;
  // Skip "N G obj" at the offset, then read the dictionary.
  const head = buf.toString('latin1', offset, Math.min(buf.length, offset + 40));
  const m = /^\s*\d{1,10}\s+\d{1,5}\s+obj/.exec(head);
  if (m === null) return null;
  const v = parseAt(buf, offset + m[0].length);
  return v?.kind === 'dict' ? v.entries : null;
}

function resolve(buf: Buffer, v: PdfValue | undefined): PdfValue | null {
  if (v === undefined) return null;
  if (v.kind !== 'ref') return v;
  const at = findObject(buf, v.num, v.gen);
  return at === null ? null : parseAt(buf, at);
}

/**
 * The record id, revision and SHA-256 printed into this PDF, or null when the file is not a
 * PDF made by this app (or was rewritten so that its Info dictionary cannot be read).
 */
export function readVerificationCode(pdfBytes: Buffer): VerificationCode | null {
  if (pdfBytes.length < 8 || pdfBytes.length > MAX_PDF_BYTES) return null;
  if (pdfBytes.toString('latin1', 0, 1024).indexOf('%PDF-') < 0) return null;
  const trailer = trailerDict(pdfBytes);
  if (trailer === null) return null;
  const info = resolve(pdfBytes, trailer.get('Info'));
  if (info?.kind !== 'dict') return null;
  const keywords = resolve(pdfBytes, info.entries.get('Keywords'));
  if (keywords?.kind !== 'string') return null;
  return findVerificationCode(decodeText(keywords.bytes));
}
