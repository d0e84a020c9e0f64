import os from 'node:os';
import path from 'node:path';

/**
 * The data folder holds the database, keys, evidence files and backups, and the lock
 * file of the one program that has it open.
 * Precedence: --data-dir, then DUCHA_DATA_DIR, then the OS app-data folder
 * (the same place Electron's `userData` points at for the product name "Ducha").
 */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag && flag.trim()) return path.resolve(flag);
  if (env.DUCHA_DATA_DIR && env.DUCHA_DATA_DIR.trim()) return path.resolve(env.DUCHA_DATA_DIR);
  return defaultDataDir(process.platform, env);
}

export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  const home = env.HOME ?? env.USERPROFILE ?? os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Ducha');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Ducha');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Ducha');
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'ducha.sqlite');
}

/** Says which program has the data folder open (core/instance-lock.ts). */
export function lockFile(dataDir: string): string {
  return path.join(dataDir, 'ducha.lock');
}
