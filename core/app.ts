/**
 * Opens a data folder and wires the store, services and dispatcher together.
 * Used by the browser host, the Electron main process and the CLI alike.
 */
import fs from 'node:fs';
import pkg from '../package.json' with { type: 'json' };
import type { KeyProtector } from '../bundle/key-file';
import { openStore, type OpenOptions } from '../db/open';
import { shanghaiToday, type HostKind, type ServiceContext } from './context';
import { databaseFile } from './data-dir';
import { Verifier } from './exchange/verify-on-worker';
import { createDispatcher, type Dispatch, type DispatcherOptions } from './dispatch';
import { handlers } from './handlers';

export const APP_VERSION: string = pkg.version;

export interface App {
  readonly ctx: ServiceContext;
  readonly dispatch: Dispatch;
  close(): void;
}

export interface OpenAppOptions extends OpenOptions, DispatcherOptions {
  dataDir: string;
  host: HostKind;
  today?: () => string;
  /** Electron passes one backed by safeStorage; the browser host and CLI keep a 0600 file. */
  keyProtector?: KeyProtector;
}

export function openApp(options: OpenAppOptions): App {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const store = openStore(databaseFile(options.dataDir), options);
  const ctx: ServiceContext = {
    store,
    dataDir: options.dataDir,
    appVersion: APP_VERSION,
    host: options.host,
    today: options.today ?? (() => shanghaiToday()),
    ...(options.keyProtector ? { keyProtector: options.keyProtector } : {}),
    // Its worker starts with the first large import, and lives as long as the app.
    verifier: new Verifier(),
  };
  const close = () => {
    ctx.verifier?.close();
    store.close();
  };
  return { ctx, dispatch: createDispatcher(handlers, ctx, options), close };
}
