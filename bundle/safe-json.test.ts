import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';
import { lineColumn, parseSafeJson, type SafeJsonResult } from './safe-json';

function failure(result: SafeJsonResult): { code: string; reason: string; position?: number } {
  if (result.ok) throw new Error('expected a refusal, got ' + JSON.stringify(result.value));
  return result;
}

const SAMPLE = '{"机构":"上海某特检院","分数":[98.5,-3,1e+21],"ok":true,"空":null,"表情":"😀","嵌套":{"a":[{"b":"c\\n"}]}}';

describe('parseSafeJson: valid input', () => {
  it('reads what JSON.parse reads, with any spacing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, 2, '\t'), (value, space) => {
        const text = JSON.stringify(value, null, space);
        const result = parseSafeJson(text);
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.value).toEqual(JSON.parse(text));
      }),
    );
  });

  it('reads UTF-8 bytes and ignores a leading BOM (RFC 8259 §8.1)', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, 'utf8')]);
    const result = parseSafeJson(bytes);
    expect(result.ok && result.value).toEqual(JSON.parse(SAMPLE));
  });

  it('keeps "__proto__" as plain data, not a prototype', () => {
    const result = parseSafeJson('{"__proto__":{"polluted":true}}');
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseSafeJson: hostile input', () => {
  it('refuses duplicate keys, also when spelled with escapes, and says which key where', () => {
    const plain = failure(parseSafeJson('{"a":1,\n"b":{"id":1,"id":2}}'));
    expect(plain.code).toBe('DUPLICATE_KEY');
    expect(plain.reason).toContain('"id"');
    expect(plain.reason).toContain('第 2 行第 13 列');
    const escaped = failure(parseSafeJson('{"a":1,"\\u0061":2}'));
    expect(escaped.code).toBe('DUPLICATE_KEY');
    const far = failure(parseSafeJson('{"x":1,"y":2,"z":3,"x":4}'));
    expect(far.code).toBe('DUPLICATE_KEY');
  });

  it('allows 64 levels of nesting and refuses 65, without touching the stack for deeper input', () => {
    expect(parseSafeJson('['.repeat(64) + ']'.repeat(64)).ok).toBe(true);
    expect(failure(parseSafeJson('['.repeat(65) + ']'.repeat(65))).code).toBe('TOO_DEEP');
    const huge = failure(parseSafeJson('{"a":'.repeat(1_000_000) + '1' + '}'.repeat(1_000_000)));
    expect(huge.code).toBe('TOO_DEEP');
    expect(huge.reason).toContain('64');
    expect(parseSafeJson('[[[1]]]', { maxDepth: 2 }).ok).toBe(false);
  });

  it('refuses oversized input before reading it and states the limit', () => {
    const r = failure(parseSafeJson(Buffer.alloc(2048, 0x20), { maxBytes: 1024 }));
    expect(r.code).toBe('TOO_LARGE');
    expect(r.reason).toContain('上限 1 KB');
    expect(r.reason).toContain('2 KB');
    // Chinese text counts in UTF-8 bytes (3 each), not characters.
    expect(failure(parseSafeJson(`"${'检'.repeat(400)}"`, { maxBytes: 1024 })).code).toBe('TOO_LARGE');
    expect(parseSafeJson(`"${'检'.repeat(300)}"`, { maxBytes: 1024 }).ok).toBe(true);
  });

  it('reports every truncation of a file as a cut-off file, never as a crash', () => {
    const bytes = Buffer.from(SAMPLE, 'utf8');
    for (let n = 1; n < bytes.length; n++) {
      const r = failure(parseSafeJson(bytes.subarray(0, n)));
      expect(r.code).toBe('INVALID_JSON');
      expect(r.reason, `cut at byte ${n}`).toMatch(/截断/);
    }
    for (let n = 1; n < SAMPLE.length; n++) {
      expect(failure(parseSafeJson(SAMPLE.slice(0, n))).reason, `cut at char ${n}`).toMatch(/截断/);
    }
    expect(failure(parseSafeJson('')).reason).toContain('空');
  });

  it('refuses invalid UTF-8 with the byte offset', () => {
    const bytes = Buffer.from('{"a":"检查"}', 'utf8');
    bytes[7] = 0xff;
    const r = failure(parseSafeJson(bytes));
    expect(r.code).toBe('INVALID_JSON');
    expect(r.reason).toContain('UTF-8');
    expect(r.reason).toContain('第 7 个字节'); // the character starting there is broken
    expect(failure(parseSafeJson(Buffer.from([0x22, 0xc0, 0xaf, 0x22]))).reason).toContain('UTF-8'); // overlong "/"
    expect(failure(parseSafeJson(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]))).reason).toContain('UTF-8'); // encoded surrogate
  });

  it.each([
    ['an escaped lone high surrogate', '["\\ud800"]'],
    ['an escaped lone low surrogate', '["\\udc00x"]'],
    ['a raw lone surrogate in a JS string', '["a\ud800b"]'],
  ])('refuses %s', (_name, text) => {
    const r = failure(parseSafeJson(text));
    expect(r.code).toBe('INVALID_JSON');
    expect(r.reason).toContain('代理字符');
  });

  it.each([
    ['{"a":1,}', '多了一个逗号'],
    ['[1,2,]', '多了一个逗号'],
    ["{'a':1}", '键名'],
    ['{"a" 1}', '冒号'],
    ['[01]', '数字写法无效'],
    ['[1.]', '数字写法无效'],
    ['[NaN]', '应为一个值'],
    ['[1e400]', '超出了可表示的范围'],
    ['"a\tb"', '控制字符'],
    ['"\\x41"', '无效的转义'],
    ['"\\u12G4"', '十六进制'],
    ['{"a":1} x', '多余内容'],
    ['[tru]', '“true”'],
  ])('refuses %s with a precise reason', (text, words) => {
    const r = failure(parseSafeJson(text));
    expect(r.code).toBe('INVALID_JSON');
    expect(r.reason).toContain(words);
    expect(r.reason).toMatch(/第 \d+ 行/);
  });
});

describe('parseSafeJson: canonical mode', () => {
  it('accepts exactly the canonical text of any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        const result = parseSafeJson(text, { canonical: true });
        expect(result.ok).toBe(true);
      }),
    );
  });

  it('accepts a text only if it is what canonicalJson would write', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1), (value, space) => {
        const text = JSON.stringify(value, null, space);
        const result = parseSafeJson(text, { canonical: true });
        if (result.ok) expect(text).toBe(canonicalJson(JSON.parse(text)));
        else expect(text).not.toBe(canonicalJson(JSON.parse(text)));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['whitespace', '{"a": 1}'],
    ['unsorted keys', '{"b":1,"a":2}'],
    ['an escaped slash', '["a\\/b"]'],
    ['an unneeded \\u escape', '["\\u0041"]'],
    ['upper-case hex', '["\\u001F"]'],
    ['\\u000a instead of \\n', '["\\u000a"]'],
    ['a trailing zero', '[1.50]'],
    ['an exponent form', '[1E3]'],
    ['-0', '[-0]'],
    ['a BOM', '\ufeff[1]'],
  ])('refuses %s', (_name, text) => {
    expect(parseSafeJson(text).ok).toBe(true);
    const r = failure(parseSafeJson(text, { canonical: true }));
    expect(r.code).toBe('NOT_CANONICAL');
  });

  it('still tells a duplicate key from a mere ordering problem', () => {
    expect(failure(parseSafeJson('{"a":1,"b":2,"a":3}', { canonical: true })).code).toBe('DUPLICATE_KEY');
    expect(failure(parseSafeJson('{"a":1,"a":3}', { canonical: true })).code).toBe('DUPLICATE_KEY');
  });
});

describe('parseSafeJson: the native fast path gives the scanner\'s verdicts', () => {
  const scanOnly = { canonical: true, nativeFastPath: false } as const;
  const same = (text: string) => {
    const fast = parseSafeJson(text, { canonical: true });
    const scanned = parseSafeJson(text, scanOnly);
    expect(fast.ok).toBe(scanned.ok);
    if (fast.ok && scanned.ok) {
      expect(fast.value).toEqual(scanned.value);
      expect([...fast.members]).toEqual([...scanned.members]);
    } else if (!fast.ok && !scanned.ok) {
      expect(fast.code).toBe(scanned.code);
      expect(fast.reason).toBe(scanned.reason);
    }
  };

  it('on canonical texts, and on the same texts changed by one edit', () => {
    // Edits a canonical writer never makes: they must all fail on both paths alike.
    const edits: ((t: string, at: number) => string)[] = [
      (t, at) => t.slice(0, at) + ' ' + t.slice(at),
      (t, at) => t.slice(0, at) + t.slice(at + 1),
      (t, at) => t.slice(0, at) + t.slice(at, at + 1).toUpperCase() + t.slice(at + 1),
      (t, at) => t.slice(0, at) + '\\u0041' + t.slice(at),
      (t, at) => t.slice(0, at) + '\\ud800' + t.slice(at),
      (t) => t.replace(/"([^"]+)":/, '"$1":0,"$1":'),
      (t) => t.replace(/(\d)(?=[,\]}])/, '$1.0'),
    ];
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.nat(edits.length - 1), (value, where, e) => {
        const text = canonicalJson(value);
        same(text);
        const edit = edits[e] as (t: string, at: number) => string;
        same(edit(text, where % (text.length + 1)));
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['duplicate keys', '{"a":1,"a":1}'],
    ['keys as the engine orders them, not as RFC 8785 does', '{"9":2,"10":1}'],
    ['integer-like keys in canonical order', '{"10":1,"9":2}'],
    ['a lone surrogate escape', '["\\udc00"]'],
    ['a paired surrogate written as escapes', '["\\ud83d\\ude00"]'],
    ['nesting one level too deep', '['.repeat(65) + ']'.repeat(65)],
    ['nesting at the limit', '['.repeat(64) + ']'.repeat(64)],
    ['a number too large', '[1e400]'],
    ['a __proto__ key', '{"__proto__":{"a":1}}'],
  ])('%s', (_name, text) => same(text));
});

describe('lineColumn', () => {
  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
