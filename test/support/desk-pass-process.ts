/**
 * Child process entry: one sync pass of a desk's data folder, what `ducha sync now` runs
 * (the folder's sender, `runNow(true)`), in a process of its own so a test can SIGKILL it
 * mid-pull. The folder is opened as openApp opens it — the instance lock first (a lock
 * left by a killed run is stale and taken over), then the store with its integrity check —
 * but without the dispatcher: the handlers' imports alone (PDF, spreadsheets) take seconds
 * per start, and a fault test starts this twenty times. Prints `opened` once the store is
 * open (so a test can wait for it before looking at the store itself), then the pass's pull
 * as one JSON line, and exits 0; anything thrown exits 1 with the error on stderr.
 *
 *   node --import tsx test/support/desk-pass-process.ts DATA_DIR
 */
import pkg from '../../package.json' with { type: 'json' };
import { shanghaiToday, type ServiceContext } from '../../core/context';
import { databaseFile } from '../../core/data-dir';
import { acquireInstanceLock } from '../../core/instance-lock';
import { senderFor } from '../../core/sync/sender';
import { openStore } from '../../db/open';

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: desk-pass-process.ts DATA_DIR\n');
  process.exit(2);
}
try {
  const lock = acquireInstanceLock(dataDir, `desk pass (test) ${process.pid}`);
  const store = openStore(databaseFile(dataDir));
  process.stdout.write('opened\n');
  const ctx: ServiceContext = { store, dataDir, appVersion: pkg.version, host: 'cli', today: () => shanghaiToday() };
  try {
    const result = await senderFor(ctx).runNow(true);
    process.stdout.write(`${JSON.stringify({ connected: result.connected, pulled: result.pulled ?? null, reviewErrors: result.reviews?.errors ?? null })}\n`);
  } finally {
    store.close();
    lock.release();
  }
  process.exit(0);
} catch (error) {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
