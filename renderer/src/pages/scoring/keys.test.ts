import { describe, expect, it } from 'vitest';
import { isTextField, keyCommand, parseDraft, typeIntoDraft } from './keys';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
  keyCommand({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('keyCommand', () => {
  it('maps navigation, scoring and help keys', () => {
    for (const k of ['j', 'ArrowDown', 'PageDown']) expect(key(k)).toEqual({ kind: 'next' });
    for (const k of ['k', 'ArrowUp', 'PageUp']) expect(key(k)).toEqual({ kind: 'prev' });
    expect(key('7')).toEqual({ kind: 'digit', digit: '7' });
    expect(key('.')).toEqual({ kind: 'half' });
    expect(key('Enter')).toEqual({ kind: 'confirm' });
    expect(key('m')).toEqual({ kind: 'max' });
    expect(key('s')).toEqual({ kind: 'suggested' });
    expect(key('n')).toEqual({ kind: 'toggleNotApplicable' });
    expect(key('?')).toEqual({ kind: 'help' });
    expect(key('x')).toBeNull();
  });

  it('leaves browser shortcuts alone', () => {
    expect(key('r', { ctrlKey: true })).toBeNull();
    expect(key('c', { metaKey: true })).toBeNull();
    expect(key('1', { altKey: true })).toBeNull();
  });
});

describe('isTextField', () => {
  it('is true for text inputs, textareas and editable content, false for radios and buttons', () => {
    expect(isTextField({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextField({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTextField({ tagName: 'INPUT' })).toBe(true);
    expect(isTextField({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTextField({ tagName: 'INPUT', type: 'radio' })).toBe(false);
    expect(isTextField({ tagName: 'BUTTON' })).toBe(false);
    expect(isTextField(null)).toBe(false);
  });
});

describe('score buffer', () => {
  const typed = (keys: string) => [...keys].reduce<string | null>((d, k) => typeIntoDraft(d, k), null);

  it('builds numbers from digits and "." for a half point', () => {
    expect(typed('3')).toBe('3');
    expect(typed('3.')).toBe('3.');
    expect(typed('3.5')).toBe('3.5');
    expect(typed('.')).toBe('0.');
    expect(typed('10')).toBe('10');
    expect(typed('04')).toBe('4');
    expect(typed('3..')).toBe('3.');
    expect(typed('3.55')).toBe('3.5');
  });

  it('parses "3." as 3.5, "3.5" as 3.5, nothing as null', () => {
    expect(parseDraft('3.')).toBe(3.5);
    expect(parseDraft('0.')).toBe(0.5);
    expect(parseDraft('3.5')).toBe(3.5);
    expect(parseDraft('4')).toBe(4);
    expect(parseDraft('1.3')).toBe(1.3);
    expect(parseDraft('')).toBeNull();
    expect(parseDraft('abc')).toBeNull();
    expect(parseDraft('-1')).toBeNull();
  });
});
