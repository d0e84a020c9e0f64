import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInside } from './safe-path';

const root = path.resolve('/srv/app');

describe('resolveInside', () => {
  it('maps ordinary paths inside the root', () => {
    expect(resolveInside(root, '/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveInside(root, '/assets/a.js?v=1')).toBe(path.join(root, 'assets', 'a.js'));
    expect(resolveInside(root, '/')).toBe(root);
    expect(resolveInside(root, '/%E6%9C%BA%E6%9E%84.png')).toBe(path.join(root, '机构.png'));
  });

  it.each([
    '/../etc/passwd',
    '/assets/../../etc/passwd',
    '/%2e%2e/etc/passwd',
    '/%2E%2E%2Fetc%2Fpasswd',
    '/..%5c..%5cwindows',
    '/a\\..\\..\\b',
    '/C:/Windows/win.ini',
    '/file%00.html',
    '/%E0%A4%A', // malformed escape
  ])('refuses %s', (p) => {
    expect(resolveInside(root, p)).toBeNull();
  });
});
