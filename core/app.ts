/**
 * Opens a data folder and wires the store, services and dispatcher together.
 * Used by the browser host, the Electron main process and the CLI alike.
 *
 * Opening takes the data folder's lock first (core/instance-lock.ts), so the store is
 * migrated, the device key made and every record written by one program at a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import pkg from '../package.json' with { type: 'json' };
import type { KeyProtector } from '../bundle/key-file';
import { storeWriteError } from '../db/busy';
import { openStore, type OpenOptions, type Store } from '../db/open';
import { AppError } from '../lib/errors';
import { shanghaiToday, type HostKind, type ServiceContext } from './context';
import type { MethodName } from './contract';
import { databaseFile } from './data-dir';
import { Verifier } from './exchange/verify-on-worker';
import { createDispatcher, type Dispatch, type DispatcherOptions } from './dispatch';
import { handlers, type Handler, type Handlers } from './handlers';
import { removeStaleTemporaryFiles } from './evidence/store';
import { sealLegacyRevisions } from './records/seal-legacy';
import { describeHolder, lockedMessage, readOnlyMessage, tryAcquireInstanceLock, type InstanceLock } from './instance-lock';

export const APP_VERSION: string = pkg.version;

export interface App {
  readonly ctx: ServiceContext;
  readonly dispatch: Dispatch;
  /** True when another program holds the folder and this one only reads (access 'read-if-busy'). */
  readonly readOnly: boolean;
  close(): void;
}

/**
 * - 'exclusive': this program takes the folder; another program holding it is an
 *   AppError CONFLICT naming that program. Hosts (Electron, the browser host) open so.
 * - 'read-if-busy': take the folder when it is free; when another program holds it,
 *   open the database read-only beside it, and refuse every write with a message
 *   naming that program. For short commands that mostly read.
 */
export type DataDirAccess = 'exclusive' | 'read-if-busy';

export interface OpenAppOptions extends Omit<OpenOptions, 'readOnly'>, DispatcherOptions {
  dataDir: string;
  host: HostKind;
  today?: () => string;
  /** Electron passes one backed by safeStorage; the browser host and CLI keep a 0600 file. */
  keyProtector?: KeyProtector;
  /** Default 'exclusive'. */
  access?: DataDirAccess;
  /** What the lock file says holds the folder; by default told by the host (the CLI: its command line). */
  lockLabel?: string;
}

/** The CLI's own command line ("ducha --data-dir … serve --port 0"), else what the host is. */
export function defaultLockLabel(host: HostKind, argv: readonly string[] = process.argv): string {
  if (host === 'electron') return '督查台桌面程序';
  if (host === 'browser') return '督查台本机浏览器服务';
  const script = path.basename(argv[1] ?? '');
  if (!/^ducha(\.[cm]?[jt]s)?$/.test(script)) return '督查台命令行（ducha）';
  const line = ['ducha', ...argv.slice(2)].join(' ');
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/**
 * Every handler, with a database that is busy or read-only turned into a CONFLICT the
 * user can act on — also for writes outside Store.transaction, which the transaction
 * wrapper does not see.
 */
function withStoreErrors(all: Handlers, store: Store): Handlers {
  const wrapped: Partial<Record<MethodName, Handler<MethodName>>> = {};
  for (const method of Object.keys(all) as MethodName[]) {
    const handler = all[method] as Handler<MethodName>;
    wrapped[method] = async (input, ctx) => {
      try {
        return await handler(input, ctx);
      } catch (error) {
        throw storeWriteError(error, store.writeRefusal) ?? error;
      }
    };
  }
  return wrapped as Handlers;
}

export function openApp(options: OpenAppOptions): App {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const attempt = tryAcquireInstanceLock(options.dataDir, options.lockLabel ?? defaultLockLabel(options.host));
  let lock: InstanceLock | null = null;
  let readOnly: OpenOptions['readOnly'];
  if (attempt.ok) {
    lock = attempt.lock;
  } else if (options.access === 'read-if-busy') {
    readOnly = { heldBy: describeHolder(attempt.holder), refusal: readOnlyMessage(options.dataDir, attempt.holder) };
  } else {
    throw new AppError('CONFLICT', lockedMessage(options.dataDir, attempt.holder));
  }
  let store: Store;
  try {
    store = openStore(databaseFile(options.dataDir), { ...options, readOnly });
  } catch (error) {
    lock?.release();
    throw error;
  }
  // Temp files of evidence writes a crash interrupted; only the holder of the folder cleans.
  if (lock) void removeStaleTemporaryFiles(options.dataDir);
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
  if (lock) {
    try {
      sealLegacyRevisions(ctx);
    } catch (error) {
      // Never a reason not to open: the revisions stay unsealed and verification says so.
      (options.logError ?? ((_m: string, e: unknown) => console.error(e)))('open/sealLegacyRevisions', error);
    }
  }
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    ctx.verifier?.close();
    try {
      store.close();
    } finally {
      lock?.release();
    }
  };
  return { ctx, dispatch: createDispatcher(withStoreErrors(handlers, store), ctx, options), readOnly: lock === null, close };
}
