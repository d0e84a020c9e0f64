/**
 * Parsing JSON that arrived from outside (a USB stick, an e-mail attachment).
 *
 * Why not just JSON.parse: it silently keeps the last of two duplicate keys (so two
 * programs can read different data out of one signed file), it accepts any nesting until
 * the stack overflows, and its errors are engine-specific English without a line/column.
 * No strict, maintained parser is among this project's dependencies, so this module scans
 * the text once itself — a small RFC 8259 tokenizer that checks everything and builds
 * nothing — and then lets the native JSON.parse build the value, which is safe once the
 * scan has passed (unique keys, bounded depth, valid strings and numbers).
 *
 * With `canonical: true` the scan also requires the exact RFC 8785 spelling (no
 * whitespace, keys sorted by UTF-16 code units, shortest escapes, ES number form). Signed
 * bundles are written that way, so any changed byte is either refused here or changes
 * the signed content.
 */

/** Default upper bound on the input, in UTF-8 bytes. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
/** Default nesting limit: containers inside containers (the top-level value counts as 1). */
export const DEFAULT_MAX_DEPTH = 64;

export interface SafeJsonOptions {
  /** Refuse inputs larger than this many UTF-8 bytes (default 256 MB). */
  maxBytes?: number;
  /** Refuse deeper nesting (default 64). */
  maxDepth?: number;
  /** Require RFC 8785 canonical spelling (default false). */
  canonical?: boolean;
  /**
   * With `canonical`, try the native check first (default true). Off only in tests that
   * hold the two checks to the same verdicts.
   */
  nativeFastPath?: boolean;
}

export type SafeJsonErrorCode = 'TOO_LARGE' | 'INVALID_JSON' | 'DUPLICATE_KEY' | 'TOO_DEEP' | 'NOT_CANONICAL';

export type SafeJsonResult =
  | {
      ok: true;
      value: unknown;
      /** The decoded text that was parsed. */
      text: string;
      /** For a top-level object: where each member's value is in `text` (end exclusive). */
      members: ReadonlyMap<string, { start: number; end: number }>;
    }
  | { ok: false; code: SafeJsonErrorCode; reason: string; /** 0-based index into the decoded text */ position?: number };

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KB`;
  return `${n} 字节`;
}

class ScanError extends Error {
  constructor(
    readonly code: SafeJsonErrorCode,
    readonly detail: string,
    readonly position: number,
  ) {
    super(detail);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
/** JSON.stringify's short escapes; RFC 8785 spells these control characters this way. */
const SHORT_ESCAPES: Record<string, number> = { '"': 0x22, '\\': 0x5c, '/': 0x2f, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09 };
const CANONICAL_SHORT = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);

function describeChar(code: number): string {
  if (code < 0x20 || code === 0x7f) return `控制字符 U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `“${String.fromCharCode(code)}”`;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Offset of the first byte that breaks UTF-8 (only called once decoding has failed),
 * and whether it is just a character cut off by the end of the file.
 */
function firstInvalidUtf8(bytes: Uint8Array): { at: number; cutOff: boolean } {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Continuation bytes needed and the smallest code point that may use that many.
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return { at: i, cutOff: false };
    if (i + need >= bytes.length) {
      // Every byte present so far continues the character: the file just stops.
      const cutOff = bytes.subarray(i + 1).every((c) => (c & 0xc0) === 0x80);
      return { at: i, cutOff };
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) return { at: i, cutOff: false };
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return { at: i, cutOff: false };
    i += need + 1;
  }
  return { at: bytes.length, cutOff: false };
}

class Scanner {
  private i = 0;
  /** Where each member value of a top-level object sits in the text. */
  readonly members = new Map<string, { start: number; end: number }>();
  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
    private readonly canonical: boolean,
  ) {}

  run(): void {
    this.skipSpace();
    this.value(1);
    this.skipSpace();
    if (this.i < this.s.length) {
      throw new ScanError('INVALID_JSON', `JSON 已经结束，后面却还有多余内容（${describeChar(this.s.charCodeAt(this.i))}）`, this.i);
    }
  }

  private skipSpace(): void {
    const s = this.s;
    const start = this.i;
    let i = start;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    if (i !== start && this.canonical) {
      throw new ScanError('NOT_CANONICAL', '出现了空白字符，而规范格式（RFC 8785）不含任何空白，说明文件被重新排版或编辑过', start);
    }
    this.i = i;
  }

  private truncated(expected: string): never {
    throw new ScanError('INVALID_JSON', `内容意外结束，此处还应有${expected}——文件可能被截断或没有复制完整`, this.s.length);
  }

  private value(depth: number): void {
    const c = this.s.charCodeAt(this.i);
    if (c === 0x7b /* { */) return this.object(depth);
    if (c === 0x5b /* [ */) return this.array(depth);
    if (c === 0x22 /* " */) {
      this.string();
      return;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (c === 0x74) return this.literal('true');
    if (c === 0x66) return this.literal('false');
    if (c === 0x6e) return this.literal('null');
    if (Number.isNaN(c)) this.truncated('一个值');
    throw new ScanError('INVALID_JSON', `此处应为一个值（对象、数组、字符串、数字、true、false 或 null），却是${describeChar(c)}`, this.i);
  }

  private enter(depth: number): void {
    if (depth > this.maxDepth) {
      throw new ScanError('TOO_DEEP', `嵌套超过 ${this.maxDepth} 层；正常文件不会这么深，过深的嵌套可用来拖垮程序，因此拒绝`, this.i);
    }
  }

  private object(depth: number): void {
    this.enter(depth);
    const s = this.s;
    this.i++;
    this.skipSpace();
    if (s.charCodeAt(this.i) === 0x7d) {
      this.i++;
      return;
    }
    let prev: string | null = null;
    // Canonical keys arrive strictly increasing, so comparing with the previous key is
    // enough there (a duplicate further back is found by the lenient re-scan that
    // parseSafeJson runs on any canonical failure); otherwise remember every key.
    const seen: Set<string> | null = this.canonical ? null : new Set();
    for (;;) {
      const keyAt = this.i;
      const c = s.charCodeAt(keyAt);
      if (c !== 0x22) {
        if (Number.isNaN(c)) this.truncated('一个键名');
        if (c === 0x7d && prev !== null) throw new ScanError('INVALID_JSON', '对象的最后一个成员后面多了一个逗号', keyAt);
        throw new ScanError('INVALID_JSON', `此处应为带双引号的键名，却是${describeChar(c)}`, keyAt);
      }
      const key = this.string();
      if (seen !== null) {
        if (seen.has(key)) throw duplicate(key, keyAt);
        seen.add(key);
      } else if (prev !== null && !(prev < key)) {
        if (prev === key) throw duplicate(key, keyAt);
        throw new ScanError('NOT_CANONICAL', `键 ${JSON.stringify(key)} 排在 ${JSON.stringify(prev)} 之后，而规范格式要求键按顺序排列，说明文件被改写过`, keyAt);
      }
      prev = key;
      this.skipSpace();
      const colon = s.charCodeAt(this.i);
      if (colon !== 0x3a) {
        if (Number.isNaN(colon)) this.truncated('冒号“:”');
        throw new ScanError('INVALID_JSON', `键名 ${JSON.stringify(key)} 后应为冒号“:”，却是${describeChar(colon)}`, this.i);
      }
      this.i++;
      this.skipSpace();
      const valueAt = this.i;
      this.value(depth + 1);
      if (depth === 1) this.members.set(key, { start: valueAt, end: this.i });
      this.skipSpace();
      const sep = s.charCodeAt(this.i);
      if (sep === 0x2c) {
        this.i++;
        this.skipSpace();
        continue;
      }
      if (sep === 0x7d) {
        this.i++;
        return;
      }
      if (Number.isNaN(sep)) this.truncated('逗号或右花括号“}”');
      throw new ScanError('INVALID_JSON', `对象成员之间应为逗号，或以右花括号“}”结束，却是${describeChar(sep)}`, this.i);
    }
  }

  private array(depth: number): void {
    this.enter(depth);
    const s = this.s;
    this.i++;
    this.skipSpace();
    if (s.charCodeAt(this.i) === 0x5d) {
      this.i++;
      return;
    }
    for (;;) {
      if (s.charCodeAt(this.i) === 0x5d) throw new ScanError('INVALID_JSON', '数组的最后一项后面多了一个逗号', this.i);
      this.value(depth + 1);
      this.skipSpace();
      const sep = s.charCodeAt(this.i);
      if (sep === 0x2c) {
        this.i++;
        this.skipSpace();
        continue;
      }
      if (sep === 0x5d) {
        this.i++;
        return;
      }
      if (Number.isNaN(sep)) this.truncated('逗号或右方括号“]”');
      throw new ScanError('INVALID_JSON', `数组元素之间应为逗号，或以右方括号“]”结束，却是${describeChar(sep)}`, this.i);
    }
  }

  /** Scans a string starting at its opening quote; returns its decoded value. */
  private string(): string {
    const s = this.s;
    const start = this.i;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      // Skip ordinary characters; a plain loop beats a regex call on short strings.
      let c = s.charCodeAt(i);
      while (c !== 0x22 && c !== 0x5c && c >= 0x20 && (c < 0xd800 || c > 0xdfff)) c = s.charCodeAt(++i);
      if (c === 0x22) break;
      if (Number.isNaN(c)) this.truncated('字符串的结束引号');
      if (c === 0x5c) {
        escaped = true;
        i = this.escape(i);
        continue;
      }
      if (c < 0x20) {
        throw new ScanError('INVALID_JSON', `字符串中有未转义的${describeChar(c)}（JSON 要求写成 \\n、\\t 等转义形式）`, i);
      }
      // A surrogate: only a high one followed by a low one is a real character.
      if (c <= 0xdbff && i + 1 === s.length) this.truncated('字符的后半部分');
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        i += 2;
        continue;
      }
      throw new ScanError('INVALID_JSON', '字符串中有不成对的 UTF-16 代理字符，它不是合法的 Unicode 文本', i);
    }
    this.i = i + 1;
    if (!escaped) return s.slice(start + 1, i);
    return JSON.parse(s.slice(start, i + 1)) as string;
  }

  /** Checks one escape sequence at `at` (the backslash); returns the index after it. */
  private escape(at: number): number {
    const s = this.s;
    const e = s.charAt(at + 1);
    if (e === '') this.truncated('转义字符');
    if (e !== 'u') {
      if (SHORT_ESCAPES[e] === undefined) throw new ScanError('INVALID_JSON', `字符串中有无效的转义“\\${e}”`, at);
      if (this.canonical && e === '/') throw new ScanError('NOT_CANONICAL', '规范格式不转义斜杠“/”，说明文件被改写过', at);
      return at + 2;
    }
    const hex = s.slice(at + 2, at + 6);
    if (!HEX4.test(hex)) {
      if (at + 6 > s.length && /^[0-9a-fA-F]*$/.test(hex)) this.truncated('四位十六进制的 \\u 转义');
      throw new ScanError('INVALID_JSON', `“\\u”后应为四位十六进制数字，却是“${hex}”`, at);
    }
    const code = parseInt(hex, 16);
    if (this.canonical && (code >= 0x20 || CANONICAL_SHORT.has(code) || hex !== hex.toLowerCase())) {
      throw new ScanError('NOT_CANONICAL', `“\\u${hex}”不是规范格式的写法，说明文件被改写过`, at);
    }
    if (code >= 0xdc00 && code <= 0xdfff) {
      throw new ScanError('INVALID_JSON', `转义“\\u${hex}”是不成对的低位代理字符，不是合法的 Unicode 文本`, at);
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = s.slice(at + 6, at + 12);
      const low = next.length === 6 && next.startsWith('\\u') && HEX4.test(next.slice(2)) ? parseInt(next.slice(2), 16) : -1;
      if (low < 0xdc00 || low > 0xdfff) {
        throw new ScanError('INVALID_JSON', `转义“\\u${hex}”是不成对的高位代理字符，不是合法的 Unicode 文本`, at);
      }
      return at + 12;
    }
    return at + 6;
  }

  private number(): void {
    const s = this.s;
    const start = this.i;
    // Fast path, most numbers in a record: a short integer without leading zeros is
    // valid, finite and already in canonical (ES) form.
    let j = s.charCodeAt(start) === 0x2d ? start + 1 : start;
    const first = s.charCodeAt(j);
    if (first >= 0x31 && first <= 0x39) {
      let c = s.charCodeAt(++j);
      while (c >= 0x30 && c <= 0x39) c = s.charCodeAt(++j);
      if (c !== 0x2e && c !== 0x65 && c !== 0x45 && j - start <= 15 && j < s.length) {
        this.i = j;
        return;
      }
    } else if (first === 0x30 && start === j) {
      const c = s.charCodeAt(j + 1);
      if (c !== 0x2e && c !== 0x65 && c !== 0x45 && !(c >= 0x30 && c <= 0x39) && j + 1 < s.length) {
        this.i = j + 1;
        return;
      }
    }
    NUMBER.lastIndex = start;
    const matched = NUMBER.test(s);
    const end = matched ? NUMBER.lastIndex : start;
    // What follows a valid prefix ("1." "1e+" "-") tells truncation from a bad spelling.
    if (s.length - end <= 2 && /^(?:-|\.|[eE][+-]?)$/.test(s.slice(end))) this.truncated('数字的其余部分');
    const next = s.charCodeAt(end);
    if (!matched || next === 0x2e || next === 0x65 || next === 0x45 || (next >= 0x30 && next <= 0x39)) {
      throw new ScanError('INVALID_JSON', '数字写法无效（JSON 数字不能有前导零、不能缺少小数点或指数后的数字）', start);
    }
    const token = s.slice(start, end);
    const shown = token.length > 30 ? token.slice(0, 30) + '…' : token;
    const n = Number(token);
    if (!Number.isFinite(n)) throw new ScanError('INVALID_JSON', `数字 ${shown} 超出了可表示的范围`, start);
    if (this.canonical && JSON.stringify(n) !== token) {
      throw new ScanError('NOT_CANONICAL', `数字“${shown}”不是规范格式的写法（应为 ${JSON.stringify(n)}），说明文件被改写过`, start);
    }
    this.i = end;
  }

  private literal(word: 'true' | 'false' | 'null'): void {
    const s = this.s;
    const got = s.slice(this.i, this.i + word.length);
    if (got === word) {
      this.i += word.length;
      return;
    }
    if (this.i + got.length === s.length && word.startsWith(got)) this.truncated(`“${word}”的其余字母`);
    throw new ScanError('INVALID_JSON', `此处应为“${word}”，却是“${got}”`, this.i);
  }
}

function duplicate(key: string, at: number): ScanError {
  return new ScanError(
    'DUPLICATE_KEY',
    `同一对象中键 ${JSON.stringify(key)} 出现了两次；不同程序会读出不同的值，因此拒绝`,
    at,
  );
}

/** "第 3 行第 15 列" for a 0-based index into the text. */
export function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(index, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function where(text: string, index: number): string {
  if (index >= text.length) return `在第 ${lineColumn(text, index).line} 行末尾（全文第 ${text.length} 个字符之后）`;
  const { line, column } = lineColumn(text, index);
  return `在第 ${line} 行第 ${column} 列（全文第 ${index + 1} 个字符）`;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Parses hostile JSON. Never throws: every problem comes back as a code and a Chinese
 * reason that says where it is.
 */
export function parseSafeJson(input: string | Uint8Array, options: SafeJsonOptions = {}): SafeJsonResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const canonical = options.canonical ?? false;

  let text: string;
  if (typeof input === 'string') {
    // Each UTF-16 unit is at most 3 UTF-8 bytes: count exactly only near the limit.
    const size = input.length * 3 <= maxBytes ? 0 : utf8Length(input);
    if (size > maxBytes) return tooLarge(size, maxBytes);
    text = input;
  } else {
    if (input.byteLength > maxBytes) return tooLarge(input.byteLength, maxBytes);
    try {
      text = decoder.decode(input);
    } catch {
      const { at, cutOff } = firstInvalidUtf8(input);
      if (cutOff) {
        return {
          ok: false,
          code: 'INVALID_JSON',
          reason: `文件在第 ${input.byteLength} 个字节处意外结束，最后一个字符不完整——文件可能被截断或没有复制完整。`,
          position: at,
        };
      }
      return {
        ok: false,
        code: 'INVALID_JSON',
        reason: `文件不是有效的 UTF-8 文本：第 ${at + 1} 个字节（0x${(input[at] ?? 0).toString(16).toUpperCase().padStart(2, '0')}）处编码损坏。文件可能已损坏，或不是本程序导出的 JSON 文件。`,
        position: at,
      };
    }
  }

  // RFC 8259 §8.1 lets a parser ignore a BOM; canonical text never has one.
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = start === 0 ? text : text.slice(start);
  if (body.length === 0) return { ok: false, code: 'INVALID_JSON', reason: '文件是空的，没有任何 JSON 内容；可能复制失败，请重新复制。', position: 0 };

  if (canonical && start === 0 && options.nativeFastPath !== false) {
    const fast = canonicalFastPath(body, maxDepth);
    if (fast !== null) return { ok: true, value: fast.value, text, members: fast.members };
  }

  const scanner = new Scanner(body, maxDepth, canonical);
  const failure =
    canonical && start === 1
      ? { ok: false as const, code: 'NOT_CANONICAL' as const, reason: '文件开头有字节顺序标记（BOM），规范格式不含 BOM，说明文件被编辑器另存过。', position: 0 }
      : scan(scanner, text, start);
  if (failure !== null) {
    // A non-canonical text may also be broken in a more basic way (a duplicate key
    // further back, bad syntax later on): report that, since it matters more.
    if (failure.code === 'NOT_CANONICAL') return scan(new Scanner(body, maxDepth, false), text, start) ?? failure;
    return failure;
  }
  const members =
    start === 0 ? scanner.members : new Map([...scanner.members].map(([k, span]) => [k, { start: span.start + start, end: span.end + start }]));
  return { ok: true, value: JSON.parse(body) as unknown, text, members };
}

/**
 * Texts up to this many UTF-16 units try the native fast path first. Above it the scan
 * comes first, so that a hostile file (say 200 MB of nested brackets) is refused by the
 * scanner at depth 65 instead of being built by JSON.parse; bundles that large are made
 * of base64 evidence, which the scanner's string loop passes quickly anyway.
 */
const FAST_PATH_MAX_LENGTH = 1024 * 1024;

/** A `\u` escape of a surrogate: canonical text writes paired ones as the characters. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Every object's keys in strictly increasing UTF-16 order, in the engine's enumeration
 * order, and no nesting deeper than maxDepth (the top-level value counts as 1).
 */
function sortedWithin(value: unknown, depth: number, maxDepth: number): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (depth > maxDepth) return false;
  if (Array.isArray(value)) {
    for (const v of value) if (!sortedWithin(v, depth + 1, maxDepth)) return false;
    return true;
  }
  let prev: string | null = null;
  for (const key in value) {
    if (prev !== null && !(prev < key)) return false;
    prev = key;
    if (!sortedWithin((value as Record<string, unknown>)[key], depth + 1, maxDepth)) return false;
  }
  return true;
}

/**
 * The canonical check without the JavaScript scanner, for texts that are canonical (every
 * bundle and revision the app writes): let the native JSON.parse build the value, then
 * require that JSON.stringify gives back exactly the text, with every object's keys in
 * order, no surrogate escapes and bounded depth. That proves what the scan proves: RFC
 * 8785 writes strings and numbers exactly as JSON.stringify does, so equal text means
 * canonical spelling, no whitespace and no duplicate key (JSON.parse keeps one of two,
 * and the text would come back shorter). Null when any of it fails: the caller then
 * scans, which finds the precise reason. The top-level members' spans come from the
 * same serialisation.
 */
function canonicalFastPath(body: string, maxDepth: number): { value: unknown; members: Map<string, { start: number; end: number }> } | null {
  // A raw lone surrogate needs no test: JSON.stringify writes it back as an escape, so the
  // text cannot come back equal. An escaped one would, hence the search for escapes.
  if (body.length > FAST_PATH_MAX_LENGTH || SURROGATE_ESCAPE.test(body)) return null;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (!sortedWithin(value, 1, maxDepth)) return null;
  const members = new Map<string, { start: number; end: number }>();
  let again: string;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    again = '{';
    for (const key in value) {
      if (again.length > 1) again += ',';
      again += `${JSON.stringify(key)}:`;
      const start = again.length;
      again += JSON.stringify((value as Record<string, unknown>)[key]);
      members.set(key, { start, end: again.length });
    }
    again += '}';
  } else {
    again = JSON.stringify(value);
  }
  return again === body ? { value, members } : null;
}

function scan(scanner: Scanner, text: string, offset: number): (SafeJsonResult & { ok: false }) | null {
  try {
    scanner.run();
    return null;
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    const position = error.position + offset;
    return { ok: false, code: error.code, reason: `JSON ${where(text, position)}：${error.detail}。`, position };
  }
}

function tooLarge(size: number, maxBytes: number): SafeJsonResult {
  return {
    ok: false,
    code: 'TOO_LARGE',
    reason: `文件大小为 ${formatBytes(size)}，超过上限 ${formatBytes(maxBytes)}，为防止耗尽内存而拒绝读取。请拆分成多个较小的文件。`,
  };
}
