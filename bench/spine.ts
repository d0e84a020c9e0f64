/**
 * Spine benchmarks: the host's cold start (open + integrity check + migrate +
 * listening + first API answer), beside bare better-sqlite3 + node:http doing
 * the same schema work; and the size of the renderer bundle.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { openApp } from '../core/app';
import { startHost } from '../core/host/server';
import { PROJECT_ROOT, rendererDir } from '../core/paths';
import { defaultMigrationsFolder, readJournal } from '../db/open';
import { tempDir } from '../test/support/temp-app';
import { summarize, timeRuns, type BenchTable } from './table';

const RUNS = 10;

async function coldStartOnce(): Promise<void> {
  const dir = tempDir('ducha-bench-');
  const app = openApp({ dataDir: dir, host: 'browser' });
  const host = await startHost({ dispatch: app.dispatch, staticDir: dir });
  const res = await fetch(`${host.origin}/api/system/info`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}` },
    body: '{}',
  });
  if (res.status !== 200) throw new Error(`cold start: HTTP ${res.status}`);
  await host.close();
  app.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function bareOnce(sql: string[]): Promise<void> {
  const dir = tempDir('ducha-bench-bare-');
  const db = new Database(path.join(dir, 'db.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.transaction(() => {
    for (const s of sql) db.exec(s);
  })();
  const server = http.createServer((_req, res) => res.end('{}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await (await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' })).text();
  await new Promise<void>((r) => server.close(() => r()));
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

function gzipSize(dir: string): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|css|html)$/.test(e.name)) {
        const buf = fs.readFileSync(p);
        raw += buf.length;
        gzip += zlib.gzipSync(buf, { level: 9 }).length;
      }
    }
  };
  walk(dir);
  return { raw, gzip };
}

/** Whole process: `ducha serve` from exec until it prints its URL (includes tsx compiling the sources). */
function processStartOnce(args: string[], ready: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        child.kill('SIGTERM');
        resolve();
      }
    });
    child.on('exit', (code) => (ready.test(out) ? undefined : reject(new Error(`exited ${code}: ${out}`))));
  });
}

export async function benchSpine(): Promise<BenchTable> {
  const folder = defaultMigrationsFolder();
  const sql = readJournal(folder).flatMap((e) =>
    fs.readFileSync(path.join(folder, `${e.tag}.sql`), 'utf8').split('--> statement-breakpoint'),
  );
  await coldStartOnce(); // warm the module cache so both sides start equal
  await bareOnce(sql);
  const ours = summarize(await timeRuns(RUNS, coldStartOnce));
  const bare = summarize(await timeRuns(RUNS, () => bareOnce(sql)));
  const rows: BenchTable['rows'] = [
    {
      name: `host cold start (open + check + migrate + listen + first call), median of ${RUNS}`,
      ...ours,
      unit: 'ms',
      baseline: { name: 'better-sqlite3 + node:http, same SQL', ...bare },
      target: '≤ 300 ms',
    },
  ];
  const dataDir = tempDir('ducha-bench-proc-');
  const bin = path.join(PROJECT_ROOT, 'bin', 'ducha.mjs');
  const proc = summarize(
    await timeRuns(5, () => processStartOnce([bin, '--data-dir', dataDir, 'serve', '--port', '0'], /#token=/)),
  );
  const bareProc = summarize(
    await timeRuns(5, () =>
      processStartOnce(['-e', "require('http').createServer().listen(0,()=>console.log('#token=x'))"], /#token=/),
    ),
  );
  fs.rmSync(dataDir, { recursive: true, force: true });
  rows.push({
    name: 'ducha serve process: exec → URL printed (tsx compiles sources), median of 5',
    ...proc,
    unit: 'ms',
    baseline: { name: 'bare node http server process', ...bareProc },
  });
  const dir = rendererDir();
  if (fs.existsSync(path.join(dir, 'index.html'))) {
    const size = gzipSize(dir);
    rows.push({ name: `renderer bundle (${(size.raw / 1024).toFixed(0)} KiB raw)`, median: size.gzip / 1024, p95: size.gzip / 1024, unit: 'KiB gzip' });
  } else {
    rows.push({ name: 'renderer bundle: not built (run npm run build)', median: NaN, p95: NaN, unit: 'KiB gzip' });
  }
  return { title: 'Platform spine', rows };
}
