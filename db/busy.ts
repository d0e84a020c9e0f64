/**
 * Writing while another connection writes. Every write transaction starts with
 * BEGIN IMMEDIATE: it takes the write lock before its first read, so SQLite's busy
 * handler (busy_timeout) waits for the other writer instead of failing at once, and a
 * transaction never reads a snapshot that another commit makes stale (a deferred
 * transaction that read first fails its first write with SQLITE_BUSY_SNAPSHOT, which
 * no amount of waiting cures). What still fails — the other writer kept the lock past
 * the timeout — becomes a CONFLICT the user can act on, never an internal error.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../lib/errors';

export const BUSY_MESSAGE = '数据目录正被另一个程序写入，本次操作没有保存任何内容。请稍候片刻后重试；若反复出现，请关闭其他正在使用该数据目录的程序。';

/** SQLITE_BUSY and SQLITE_LOCKED with their extended codes (…_SNAPSHOT, …_RECOVERY, …_TIMEOUT, …_SHAREDCACHE). */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function isReadOnlyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_READONLY');
}

/**
 * The user's error for a failed write, or null when `error` is not about another
 * program holding the database. `refusal` is the store's reason to refuse writes
 * (it was opened read-only because another program holds the data folder).
 */
export function storeWriteError(error: unknown, refusal: string | null): AppError | null {
  if (error instanceof AppError) return null;
  if (isBusyError(error)) return new AppError('CONFLICT', BUSY_MESSAGE);
  if (refusal !== null && isReadOnlyError(error)) return new AppError('CONFLICT', refusal);
  return null;
}

// A BEGIN that failed quickly never waited in the busy handler (SQLite skips it while
// another connection recovers the WAL): worth a couple more tries. One that failed after
// the whole busy_timeout is reported, not retried: the app would freeze for as long again.
const QUICK_FAILURE_MS = 1000;
const MAX_BEGIN_ATTEMPTS = 3;
const RETRY_PAUSE_MS = 50;

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `fn` as one write transaction (BEGIN IMMEDIATE; a savepoint when already inside
 * a transaction). Only a BEGIN that found the database busy is retried: by then `fn` has
 * not run, so nothing it does outside the database (files, caches) happens twice.
 */
export function writeTransaction<T>(sqlite: Database.Database, fn: () => T, refusal: string | null): T {
  if (refusal !== null) throw new AppError('CONFLICT', refusal);
  let started = false;
  const run = sqlite.transaction(() => {
    started = true;
    return fn();
  });
  const nested = sqlite.inTransaction;
  const since = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return run.immediate();
    } catch (error) {
      const retry = !started && !nested && isBusyError(error) && attempt < MAX_BEGIN_ATTEMPTS && Date.now() - since < QUICK_FAILURE_MS;
      if (retry) {
        pause(RETRY_PAUSE_MS);
        continue;
      }
      throw storeWriteError(error, null) ?? error;
    }
  }
}
