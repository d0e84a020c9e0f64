import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { BUSY_MESSAGE, isBusyError, storeWriteError, writeTransaction } from './busy';

const sqliteError = (code: string) => Object.assign(new Error(code), { code });

/**
 * Stands in for a connection whose BEGIN IMMEDIATE fails `beginFailures` times with
 * `code` before it succeeds (what a real one does while another connection recovers
 * the WAL and the busy handler is skipped).
 */
function fakeConnection(beginFailures: number, code = 'SQLITE_BUSY'): { sqlite: Database.Database; begins: () => number } {
  let begins = 0;
  const sqlite = {
    inTransaction: false,
    transaction(fn: () => unknown) {
      const run = () => fn();
      return Object.assign(run, {
        immediate: () => {
          begins++;
          if (begins <= beginFailures) throw sqliteError(code);
          return fn();
        },
      });
    },
  };
  return { sqlite: sqlite as unknown as Database.Database, begins: () => begins };
}

describe('busy database', () => {
  it('knows the busy and locked codes, extended ones included', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED', 'SQLITE_LOCKED_SHAREDCACHE']) {
      expect(isBusyError(sqliteError(code))).toBe(true);
      expect(storeWriteError(sqliteError(code), null)).toEqual(new AppError('CONFLICT', BUSY_MESSAGE));
    }
    expect(isBusyError(sqliteError('SQLITE_CONSTRAINT_UNIQUE'))).toBe(false);
    expect(storeWriteError(sqliteError('SQLITE_CONSTRAINT_UNIQUE'), null)).toBeNull();
    expect(storeWriteError(new Error('plain'), null)).toBeNull();
    expect(storeWriteError(new AppError('NOT_FOUND', '没有'), null)).toBeNull();
  });

  it('turns a write on a read-only store into its refusal, and only there', () => {
    expect(storeWriteError(sqliteError('SQLITE_READONLY'), '只能读取')).toEqual(new AppError('CONFLICT', '只能读取'));
    expect(storeWriteError(sqliteError('SQLITE_READONLY'), null)).toBeNull();
  });

  it('retries a BEGIN that failed at once, running the transaction once', () => {
    const { sqlite, begins } = fakeConnection(2);
    let runs = 0;
    expect(writeTransaction(sqlite, () => ++runs, null)).toBe(1);
    expect(begins()).toBe(3);
    expect(runs).toBe(1);
  });

  it('gives up after a bounded number of tries with a CONFLICT', () => {
    const { sqlite, begins } = fakeConnection(100, 'SQLITE_BUSY_RECOVERY');
    let runs = 0;
    expect(() => writeTransaction(sqlite, () => ++runs, null)).toThrow(BUSY_MESSAGE);
    expect(begins()).toBe(3);
    expect(runs).toBe(0);
  });

  it('does not run again a transaction that failed busy after it began, and reports a CONFLICT', () => {
    const { sqlite, begins } = fakeConnection(0);
    let runs = 0;
    const err = (() => {
      try {
        writeTransaction(
          sqlite,
          () => {
            runs++;
            throw sqliteError('SQLITE_BUSY_SNAPSHOT');
          },
          null,
        );
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONFLICT');
    expect(runs).toBe(1);
    expect(begins()).toBe(1);
  });

  it('refuses before running when the store may not write', () => {
    const { sqlite, begins } = fakeConnection(0);
    let runs = 0;
    expect(() => writeTransaction(sqlite, () => ++runs, '只能读取')).toThrow('只能读取');
    expect(begins()).toBe(0);
    expect(runs).toBe(0);
  });
});
