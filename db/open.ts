/**
 * Opening the store: refuse a database written by a newer app, check integrity,
 * set the pragmas legal records need, and apply pending migrations — in that order,
 * so a refused file is left exactly as it was found.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { AppError } from '../core/contract/errors';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface Store {
  readonly sqlite: Database.Database;
  readonly db: Db;
  readonly file: string;
  close(): void;
}

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/** Where the committed migrations live; packaged builds pass their resources path. */
export function defaultMigrationsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return process.env.DUCHA_MIGRATIONS_DIR ?? path.join(here, 'migrations');
}

export function readJournal(migrationsFolder: string): JournalEntry[] {
  const raw = fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8');
  return (JSON.parse(raw) as { entries: JournalEntry[] }).entries;
}

/**
 * Reads, without writing, which schema version a database file carries.
 * Returns null for a file that has never been migrated.
 */
function appliedSchema(file: string): { count: number; lastWhen: number; userVersion: number } | null {
  const ro = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const userVersion = ro.pragma('user_version', { simple: true }) as number;
    const hasTable = ro
      .prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'")
      .get();
    if (!hasTable) return userVersion > 0 ? { count: 0, lastWhen: 0, userVersion } : null;
    const row = ro.prepare('SELECT count(*) AS n, max(created_at) AS last FROM __drizzle_migrations').get() as {
      n: number;
      last: number | null;
    };
    return { count: row.n, lastWhen: Number(row.last ?? 0), userVersion };
  } finally {
    ro.close();
  }
}

export interface OpenOptions {
  migrationsFolder?: string;
  /** Skip the integrity check (benchmarks of raw open only). */
  skipIntegrityCheck?: boolean;
}

export function openStore(file: string, options: OpenOptions = {}): Store {
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
  const journal = readJournal(migrationsFolder);
  const known = journal.length;
  const knownLastWhen = journal.at(-1)?.when ?? 0;

  if (fs.existsSync(file) && fs.statSync(file).size > 0) {
    let applied: ReturnType<typeof appliedSchema>;
    try {
      applied = appliedSchema(file);
    } catch (err) {
      throw new AppError(
        'INTEGRITY',
        `无法读取数据库文件 ${file}：${(err as Error).message}。文件可能已损坏或不是督查台的数据库，请从备份恢复或换一个数据目录。`,
      );
    }
    if (applied && (applied.userVersion > known || applied.count > known || applied.lastWhen > knownLastWhen)) {
      throw new AppError(
        'CONFLICT',
        `此数据库由更新版本的督查台写入（数据库结构版本 ${Math.max(applied.userVersion, applied.count)}，本程序只认识到版本 ${known}）。为防止数据损坏，本程序没有打开也没有修改它；请安装最新版本的督查台后再打开。`,
      );
    }
  }

  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  try {
    if (!options.skipIntegrityCheck) {
      // quick_check covers page and index structure in O(N) without the slower
      // cross-checks of integrity_check; enough to refuse a torn file at open.
      const result = sqlite.pragma('quick_check', { simple: true });
      if (result !== 'ok') {
        throw new AppError('INTEGRITY', `数据库完整性检查未通过（${String(result)}）。请从备份恢复数据目录，本程序没有写入任何内容。`);
      }
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder });
    sqlite.pragma(`user_version = ${known}`);
    return {
      sqlite,
      db,
      file,
      close: () => sqlite.close(),
    };
  } catch (err) {
    sqlite.close();
    if (err instanceof AppError) throw err;
    throw new AppError('INTEGRITY', `打开数据库失败：${(err as Error).message}。请检查数据目录是否可写，或从备份恢复。`);
  }
}
