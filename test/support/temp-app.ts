/**
 * Integration tests run on real SQLite files in fresh temp folders — no DB mocks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp, type App } from '../../core/app';
import type { InputOf, MethodName, OutputOf } from '../../core/contract';
import type { ApiError } from '../../lib/errors';

export function tempDir(prefix = 'ducha-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TempApp extends App {
  dataDir: string;
  /** Calls a method and returns its value, failing the test on an error result. */
  ok<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
  /** Calls a method that must fail and returns its error. */
  fail(method: string, input: unknown): Promise<ApiError>;
  /** Closes the store and removes the folder. */
  dispose(): void;
}

export function openTempApp(options: { today?: string; dataDir?: string } = {}): TempApp {
  const dataDir = options.dataDir ?? tempDir();
  const today = options.today;
  const app = openApp({
    dataDir,
    host: 'cli',
    ...(today ? { today: () => today } : {}),
    logError: () => {},
  });
  return {
    ...app,
    dataDir,
    async ok(method, input) {
      const r = await app.dispatch(method, input);
      if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message} (${r.error.path ?? ''})`);
      return r.value as never;
    },
    async fail(method, input) {
      const r = await app.dispatch(method, input);
      if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
      return r.error;
    },
    dispose() {
      app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
