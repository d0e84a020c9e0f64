import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from './data-dir';

describe('data folder', () => {
  it('prefers --data-dir, then DUCHA_DATA_DIR, then the OS app-data folder', () => {
    expect(resolveDataDir('/x/flag', { DUCHA_DATA_DIR: '/x/env' })).toBe(path.resolve('/x/flag'));
    expect(resolveDataDir(undefined, { DUCHA_DATA_DIR: '/x/env' })).toBe(path.resolve('/x/env'));
    expect(resolveDataDir('  ', { DUCHA_DATA_DIR: '/x/env' })).toBe(path.resolve('/x/env'));
  });
  it('uses each OS’s conventional app-data place', () => {
    expect(defaultDataDir('linux', { HOME: '/home/u' })).toBe(path.join('/home/u', '.config', 'Ducha'));
    expect(defaultDataDir('linux', { HOME: '/home/u', XDG_CONFIG_HOME: '/cfg' })).toBe(path.join('/cfg', 'Ducha'));
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming', HOME: 'C:\\Users\\u' })).toBe(
      path.join('C:\\Users\\u\\AppData\\Roaming', 'Ducha'),
    );
    expect(defaultDataDir('darwin', { HOME: '/Users/u' })).toBe(path.join('/Users/u', 'Library', 'Application Support', 'Ducha'));
  });
});
