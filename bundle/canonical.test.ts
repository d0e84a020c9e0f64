import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson, canonicalSha256, sha256Hex } from './canonical';

describe('canonicalJson (RFC 8785)', () => {
  it('reproduces the RFC 8785 §3.2.2 example: numbers, escapes, literals, sorted keys', () => {
    const input = String.raw`{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}`;
    expect(canonicalJson(JSON.parse(input))).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts keys by UTF-16 code units as in RFC 8785 §3.2.3', () => {
    const input = String.raw`{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}`;
    const text = canonicalJson(JSON.parse(input));
    // Read the key order from the text: JS objects list "1" first, the text must not.
    const order = [...text.matchAll(/"([^"]*)":"[^"]*"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    expect(order).toEqual(['\r', '1', '\u0080', 'ö', '€', '😀', '\ufb33']);
  });

  it('writes -0 as 0 and keeps Chinese text unescaped', () => {
    expect(canonicalJson({ b: -0, a: '检验机构' })).toBe('{"a":"检验机构","b":0}');
  });

  it('gives the same text whatever the key order of the input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        const reversed = JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
          v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        ) as unknown;
        expect(canonicalJson(reversed)).toBe(text);
      }),
    );
  });

  it('gives exactly the bytes of the canonicalize package, on the native path and off it', () => {
    // Keys that sort differently as numbers, as UTF-16 and as the engine enumerates them.
    const key = fc.oneof(fc.string(), fc.constantFrom('0', '1', '9', '10', '01', '-1', '4294967295', '\u20ac', '\ud83d\ude00', '\ufb33', 'a', 'B'));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    }));
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(canonicalize(v));
        // The same value with every object's keys put in canonical order takes the native path.
        const sorted = JSON.parse(canonicalize(v) as string) as unknown;
        expect(canonicalJson(sorted)).toBe(canonicalize(v));
      }),
      { numRuns: 500 },
    );
  });

  it('numbers take ECMAScript form on the native path (RFC 8785 §3.2.2.3)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(canonicalJson({ a: n, b: [n] })).toBe(canonicalize({ a: n, b: [n] }));
      }),
    );
  });

  it.each([
    ['undefined member', { a: { b: undefined } }, 'a.b', 'undefined'],
    ['undefined in an array', { list: [1, undefined] }, 'list.1', 'undefined'],
    ['NaN', { n: NaN }, 'n', 'NaN'],
    ['Infinity', { n: [Infinity] }, 'n.0', 'Infinity'],
    ['a function', { f: () => 1 }, 'f', '函数'],
    ['a symbol', { s: Symbol('x') }, 's', 'Symbol'],
    ['a BigInt', { n: 10n }, 'n', 'BigInt'],
    ['a Date', { at: new Date(0) }, 'at', 'Date'],
    ['a Map', { m: new Map() }, 'm', 'Map'],
    ['a lone surrogate', { s: 'a\ud800b' }, 's', '代理'],
  ])('refuses %s and names the field', (_name, value, path, word) => {
    let error: unknown;
    try {
      canonicalJson(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CanonicalJsonError);
    expect((error as CanonicalJsonError).path).toBe(path);
    expect((error as Error).message).toContain(word);
    expect((error as Error).message).toMatch(/请/);
  });

  it('refuses a circular structure instead of overflowing the stack', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    expect(() => canonicalJson(a)).toThrow(/循环引用/);
  });

  it('accepts objects without a prototype (as made by some parsers)', () => {
    const o = Object.create(null) as Record<string, unknown>;
    o.b = 1;
    o.a = [true, null];
    expect(canonicalJson(o)).toBe('{"a":[true,null],"b":1}');
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 "abc" vector for text and bytes', () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256Hex('abc')).toBe(abc);
    expect(sha256Hex(new Uint8Array([0x61, 0x62, 0x63]))).toBe(abc);
  });

  it('hashes text as UTF-8', () => {
    expect(sha256Hex('督查')).toBe(sha256Hex(Buffer.from('督查', 'utf8')));
  });

  it('canonicalSha256 is the hash of the canonical text', () => {
    expect(canonicalSha256({ b: 1, a: 2 })).toBe(sha256Hex('{"a":2,"b":1}'));
  });
});
