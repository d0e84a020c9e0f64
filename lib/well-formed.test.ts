import { describe, expect, it } from 'vitest';
import { findIllFormed, isWellFormedText, MAX_INPUT_DEPTH } from './well-formed';

describe('isWellFormedText', () => {
  it.each([
    ['a lone high surrogate inside', '王a\ud800b', false],
    ['a lone high surrogate at the end', '王\ud83d', false],
    ['a lone low surrogate', '\udc00x', false],
    ['a low before a high', '\udc00\ud800', false],
    ['an astral character (a pair)', '𠮷田', true],
    ['an emoji', '检查✅😀', true],
    ['the empty string', '', true],
  ])('%s', (_name, text, expected) => {
    expect(isWellFormedText(text)).toBe(expected);
  });
});

describe('findIllFormed', () => {
  it('finds nothing in well-formed JSON values, astral characters included', () => {
    expect(findIllFormed({ name: '𠮷田明', list: [1, true, null, { note: '😀' }], n: 3 })).toBeNull();
    expect(findIllFormed('plain')).toBeNull();
    expect(findIllFormed(undefined)).toBeNull();
  });

  it('names the path of the first ill-formed value, in arrays and objects', () => {
    expect(findIllFormed('a\ud800')).toEqual({ kind: 'value', path: [] });
    expect(findIllFormed({ a: 'ok', b: [{ c: 'ok' }, { c: 'x\udfff' }], d: '\ud800' })).toEqual({ kind: 'value', path: ['b', 1, 'c'] });
  });

  it('refuses an ill-formed key, naming the object that holds it', () => {
    expect(findIllFormed({ person: { ['n\ud800']: 'x' } })).toEqual({ kind: 'key', path: ['person'] });
    // JSON.parse makes "__proto__" an own key, so it is walked like any other.
    expect(findIllFormed(JSON.parse('{"__proto__":{"x":"\\ud800"}}'))).toEqual({ kind: 'value', path: ['__proto__', 'x'] });
  });

  it('stops at the depth limit instead of walking on (a cycle ends there too)', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH + 1; i++) deep = [deep];
    expect(findIllFormed(deep)?.kind).toBe('depth');
    let fits: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) fits = [fits];
    expect(findIllFormed(fits)).toBeNull();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(findIllFormed(cyclic)?.kind).toBe('depth');
  });

  it('does not walk objects that are not plain (typed arrays, dates)', () => {
    expect(findIllFormed({ bytes: new Uint8Array(1_000_000), at: new Date(0) })).toBeNull();
  });
});
