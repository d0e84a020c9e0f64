import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseFile, defaultDataDir, lockFile, resolveDataDir } from './data-dir';

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
  it('keeps the database and the lock file in the folder itself', () => {
    expect(databaseFile('/x/data')).toBe(path.join('/x/data', 'ducha.sqlite'));
    expect(lockFile('/x/data')).toBe(path.join('/x/data', 'ducha.lock'));
  });
});
