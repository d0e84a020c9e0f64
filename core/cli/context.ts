import type { Command } from 'commander';
import type { App } from '../app';
import type { InputOf, MethodName, OutputOf } from '../contract';
import { AppError } from '../../lib/errors';

/** What each command module gets: the program to add to and ways to reach the app. */
export interface CliContext {
  program: Command;
  /**
   * Opens the data folder, runs fn, closes it again. Opening takes the folder's lock
   * (core/instance-lock.ts): while another program holds it, this is an AppError naming
   * that program, or — opened with access 'read-if-busy' — a read-only app whose writes
   * are refused with such a message.
   */
  withApp<T>(fn: (app: App) => Promise<T> | T): Promise<T>;
  /** Opens the data folder and keeps it open, holding its lock until closed (for serve). */
  openApp(): App;
  /** Tells main() not to exit: a server is running. */
  keepRunning(): void;
}

export async function call<M extends MethodName>(app: App, method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const result = await app.dispatch(method, input);
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.path);
  return result.value as OutputOf<M>;
}

/** `--json`: one JSON document on stdout and nothing else. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
