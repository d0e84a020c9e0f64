/**
 * Opening the store: refuse a database written by a newer app, check integrity,
 * set the pragmas legal records need, and apply pending migrations — in that order,
 * so a refused file is left exactly as it was found.
 *
 * A store opened read-only (another program holds the data folder and writes it) skips
 * the pragmas that write and the migrations, and refuses every write transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { AppError } from '../lib/errors';
import { writeTransaction } from './busy';
import * as schema from './schema';

/** Drizzle over one better-sqlite3 connection (`$client`, for the few statements written as plain SQL). */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface Store {
  readonly sqlite: Database.Database;
  readonly db: Db;
  readonly file: string;
  /**
   * Runs `fn` in one write transaction (a savepoint when already inside one): all of it
   * is written, or — when it throws — none of it. It begins IMMEDIATE, taking the write
   * lock first, so another connection's write waits (busy_timeout) instead of failing
   * mid-way; a database kept busy past that is an AppError CONFLICT (db/busy.ts). On a
   * read-only store it throws `writeRefusal` before `fn` runs.
   */
  transaction<T>(fn: () => T): T;
  /** Why this store refuses writes (it was opened read-only), or null when it may write. */
  readonly writeRefusal: string | null;
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

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Reads the 100-byte SQLite header with plain file I/O — opening the file with
 * SQLite, even read-only, may create -wal/-shm files beside it — and returns
 * its user_version (we set it to the number of applied migrations).
 */
function headerUserVersion(file: string): number {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(100);
    const read = fs.readSync(fd, header, 0, 100, 0);
    if (read < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
      throw new AppError(
        'INTEGRITY',
        `无法读取数据库文件 ${file}：它不是督查台的数据库（文件头不符）。本程序没有修改它；请从备份恢复或换一个数据目录。`,
      );
    }
    return header.readUInt32BE(60);
  } finally {
    fs.closeSync(fd);
  }
}

function newerSchemaError(found: number, known: number): AppError {
  return new AppError(
    'CONFLICT',
    `此数据库由更新版本的督查台写入（数据库结构版本 ${found}，本程序只认识到版本 ${known}）。为防止数据损坏，本程序没有修改它；请安装最新版本的督查台后再打开。`,
  );
}

export interface OpenOptions {
  migrationsFolder?: string;
  /** Skip the integrity check (benchmarks of raw open only). */
  skipIntegrityCheck?: boolean;
  /**
   * Open for reading only, because another program holds the data folder: `heldBy` names
   * it (for the messages), `refusal` is the error every write gets.
   */
  readOnly?: { heldBy: string; refusal: string };
}

function notReadableError(file: string, heldBy: string, detail: string): AppError {
  return new AppError(
    'CONFLICT',
    `数据库 ${file} 正被${heldBy}使用，${detail}，本命令现在无法读取它。请等该程序打开完毕后重试，或先关闭它再运行本命令。`,
  );
}

export function openStore(file: string, options: OpenOptions = {}): Store {
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
  const journal = readJournal(migrationsFolder);
  const known = journal.length;
  const knownLastWhen = journal.at(-1)?.when ?? 0;

  const readOnly = options.readOnly;
  const exists = fs.existsSync(file) && fs.statSync(file).size > 0;
  if (exists) {
    const userVersion = headerUserVersion(file);
    if (userVersion > known) throw newerSchemaError(userVersion, known);
  } else if (readOnly) {
    throw notReadableError(file, readOnly.heldBy, '而它还没有建好数据库');
  }

  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = readOnly ? new Database(file, { readonly: true, fileMustExist: true }) : new Database(file);
  try {
    if (!options.skipIntegrityCheck) {
      // quick_check covers page and index structure in O(N) without the slower
      // cross-checks of integrity_check; enough to refuse a torn file at open.
      const result = sqlite.pragma('quick_check', { simple: true });
      if (result !== 'ok') {
        throw new AppError('INTEGRITY', `数据库完整性检查未通过（${String(result)}）。请从备份恢复数据目录，本程序没有写入任何内容。`);
      }
    }
    // A newer app that crashed before checkpointing has its user_version only in
    // the WAL; the migrations table tells the truth in every case.
    const applied = sqlite
      .prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'")
      .get()
      ? (sqlite.prepare('SELECT count(*) AS n, max(created_at) AS last FROM __drizzle_migrations').get() as {
          n: number;
          last: number | null;
        })
      : { n: 0, last: 0 };
    if (applied.n > known || Number(applied.last ?? 0) > knownLastWhen) throw newerSchemaError(applied.n, known);
    // Migrating is a write; a reader beside another program finds the schema as it is.
    if (readOnly && applied.n < known) {
      throw notReadableError(file, readOnly.heldBy, `而数据库结构还是旧版本（${applied.n}，本程序需要 ${known}）`);
    }
    if (!readOnly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = FULL');
    }
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // 32 MB of page cache instead of SQLite's 2 MB: a bureau importing bundles by the
    // hundred writes into index pages that would otherwise be read back from disk
    // (bench/bundle-import.ts measures the difference). Memory, not durability.
    sqlite.pragma('cache_size = -32768');
    const db = drizzle(sqlite, { schema });
    if (!readOnly) {
      migrate(db, { migrationsFolder });
      sqlite.pragma(`user_version = ${known}`);
      // SQLite's advice for a long-lived connection: refresh the planner's statistics at
      // open (bounded work). Without them it reads a whole-year 附件4 through the date index
      // row by row, several times slower than a plain scan of the report facts.
      sqlite.pragma('optimize = 0x10002');
    }
    const writeRefusal = readOnly?.refusal ?? null;
    return {
      sqlite,
      db,
      file,
      writeRefusal,
      transaction: <T>(fn: () => T): T => writeTransaction(sqlite, fn, writeRefusal),
      close: () => sqlite.close(),
    };
  } catch (err) {
    sqlite.close();
    if (err instanceof AppError) throw err;
    throw new AppError('INTEGRITY', `打开数据库失败：${(err as Error).message}。请检查数据目录是否可写，或从备份恢复。`);
  }
}

/** The number of migrations applied to this database (its user_version, set at open). */
export function schemaVersion(db: Db): number {
  return db.$client.pragma('user_version', { simple: true }) as number;
}
