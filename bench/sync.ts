/**
 * Online sync throughput: a real receiver process (`ducha receiver serve`, SQLite WAL with
 * synchronous=FULL, every bundle verified, written, flushed and receipted) taking 1,000
 * real signed bundles from 8 concurrent clients that sign each request and check each
 * signed answer, as laptops do. Baseline, same bundles, same run: bare Node doing the
 * essential work of storing them, one after the other — the import's checks
 * (checkBundleUpload) and an atomic write with fsync of each file.
 *
 * Then a laptop's outbox of the same 1,000 bundles drained into a fresh receiver by the
 * sender itself (runPass), against the target of ten seconds.
 *
 * Then a bureau desk (浦东新区, the agency's district, approved as such on the receiver and
 * trusting the laptop's key) pulling those 1,000 bundles from that receiver's feed and
 * importing each (runPass → pullFeed: feed pages, a signed GET per bundle, its SHA-256
 * checked, importFiles per bundle, the cursor committed after each). Baseline, same run:
 * the same 1,000 files imported through the file import (importFiles, 100 files a call,
 * as the 数据交换 page sends them, all on this thread) into another fresh desk. Target:
 * the pull at ≥ 80% of the file import's rate (shown, never asserted).
 *
 * Run alone with `npm run bench -- sync`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkBundleUpload } from '../core/exchange/verify-upload';
import { deviceKey } from '../core/domain/device-key';
import { callReceiver } from '../core/sync/client';
import { importFiles } from '../core/exchange/import';
import { runPass } from '../core/sync/pass';
import { getBody, listLatestRevisionRows } from '../db/repositories/sync';
import { writeFileAtomic } from '../lib/atomic-write';
import { sha256Hex } from '../bundle/canonical';
import { readReceiverConnection } from '../bundle/receiver-connection';
import { SYNC_PATHS } from '../bundle/sync-api';
import { startReceiver } from '../test/support/receiver-process';
import { makeSignedBatch } from '../test/support/signed-batch';
import { openTempApp, tempDir, type TempApp } from '../test/support/temp-app';
import { summarize, type BenchTable } from './table';

const BUNDLES = Number(process.env.BENCH_BUNDLES ?? 1_000);
const CLIENTS = 8;
/** Files per importFiles call in the file-import baseline, as the 数据交换 page sends them. */
const FILE_BATCH = 100;
const DESK_TARGET = 0.8;
const DESK_DISTRICT = '浦东新区';

/** A fresh 浦东新区 desk that trusts the laptop's key, so its bundles import as 'imported'. */
async function openDesk(enrollment: string): Promise<TempApp> {
  const desk = openTempApp({ today: '2026-11-29' });
  try {
    await desk.ok('profile/save', { name: '陆佳', badgeNo: '31011500002', unit: '上海市浦东新区市场监督管理局' });
    await desk.ok('role/set', { role: 'district', district: DESK_DISTRICT });
    await desk.ok('bundles/trustEnrollment', { text: enrollment });
    return desk;
  } catch (error) {
    desk.dispose();
    throw error;
  }
}

/** Bundles per second of the file import of these files into a fresh desk. */
async function fileImportRate(files: { name: string; text: string }[], enrollment: string): Promise<number> {
  const desk = await openDesk(enrollment);
  try {
    let imported = 0;
    const start = performance.now();
    for (let i = 0; i < files.length; i += FILE_BATCH) {
      imported += importFiles(desk.ctx, files.slice(i, i + FILE_BATCH)).filter((r) => r.outcome === 'imported').length;
    }
    const ms = performance.now() - start;
    if (imported !== files.length) throw new Error(`file import: ${imported} of ${files.length} bundles imported`);
    return (files.length / ms) * 1000;
  } finally {
    desk.dispose();
  }
}

export async function benchSync(): Promise<BenchTable> {
  const laptop = openTempApp({ today: '2026-11-29' });
  try {
    await makeSignedBatch(laptop, 0, BUNDLES);
    const rows = listLatestRevisionRows(laptop.ctx.store.db);
    const bodies = rows.map((r) => ({ bundleId: r.bundleId!, body: getBody(laptop.ctx.store.db, r.seq)! }));
    const meanKb = bodies.reduce((n, b) => n + b.body.length, 0) / bodies.length / 1024;
    const key = deviceKey(laptop.ctx);

    // Baseline: verify and store durably, one bundle after the other, nothing else.
    const bare = tempDir('ducha-bench-bare-');
    const bareTimes: number[] = [];
    const bareStart = performance.now();
    for (const { body } of bodies) {
      const t0 = performance.now();
      const check = checkBundleUpload(body.toString('utf8'));
      if (!check.ok) throw new Error(check.reason);
      const sha = sha256Hex(body);
      const file = path.join(bare, sha.slice(0, 2), `${sha}.ducha.json`);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, body);
      bareTimes.push(performance.now() - t0);
    }
    const bareRate = (bodies.length / (performance.now() - bareStart)) * 1000;
    fs.rmSync(bare, { recursive: true, force: true });

    // The receiver process, 8 clients at once.
    const receiver = await startReceiver();
    let rate = 0;
    let latencies: number[] = [];
    try {
      const parsed = readReceiverConnection(receiver.connectionText);
      if (!parsed.ok) throw new Error(parsed.reason);
      const pin = { ...parsed.connection, tlsCertificate: null };
      const info = await laptop.ok('sync/preview', { text: receiver.connectionText });
      await laptop.ok('sync/connect', { text: receiver.connectionText, fingerprint: info.fingerprint });
      const approved = await receiver.cli(['receiver', 'devices', 'approve', key.keyId]);
      if (approved.code !== 0) throw new Error(approved.stderr);
      await laptop.ok('sync/disconnect', {});
      let next = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < bodies.length) {
            const { bundleId, body } = bodies[next++]!;
            const t0 = performance.now();
            const answer = await callReceiver(pin, key, { method: 'PUT', path: SYNC_PATHS.bundle(bundleId), body, contentType: 'application/json' });
            if (answer.status !== 201) throw new Error(`PUT ${bundleId}: ${answer.status} ${JSON.stringify(answer.json)}`);
            latencies.push(performance.now() - t0);
          }
        }),
      );
      rate = (bodies.length / (performance.now() - start)) * 1000;
    } finally {
      await receiver.stop();
    }

    // A laptop's outbox of the same bundles, drained by the sender into a fresh receiver.
    const fresh = await startReceiver();
    let drainMs = 0;
    let fileRate = 0;
    let pullRate = 0;
    const files = bodies.map(({ bundleId, body }) => ({ name: `${bundleId}.ducha.json`, text: body.toString('utf8') }));
    try {
      const info = await laptop.ok('sync/preview', { text: fresh.connectionText });
      await laptop.ok('sync/connect', { text: fresh.connectionText, fingerprint: info.fingerprint });
      const approved = await fresh.cli(['receiver', 'devices', 'approve', key.keyId]);
      if (approved.code !== 0) throw new Error(approved.stderr);
      const start = performance.now();
      for (let pass = 0; pass < 10 && listLatestRevisionRows(laptop.ctx.store.db).some((r) => r.state !== 'delivered'); pass++) await runPass(laptop.ctx, { force: true });
      drainMs = performance.now() - start;
      const left = listLatestRevisionRows(laptop.ctx.store.db).filter((r) => r.state !== 'delivered').length;
      if (left > 0) throw new Error(`${left} bundles still undelivered after ten passes`);

      // The same bundle files through the file import, then a desk pulling them from this receiver.
      const enrollment = (await laptop.ok('keys/exportEnrollment', {})).text;
      fileRate = await fileImportRate(files, enrollment);
      const desk = await openDesk(enrollment);
      try {
        const deskInfo = await desk.ok('sync/preview', { text: fresh.connectionText });
        await desk.ok('sync/connect', { text: fresh.connectionText, fingerprint: deskInfo.fingerprint });
        const deskKey = deviceKey(desk.ctx);
        const deskApproved = await fresh.cli(['receiver', 'devices', 'approve', deskKey.keyId, '--role', 'district', '--district', DESK_DISTRICT]);
        if (deskApproved.code !== 0) throw new Error(deskApproved.stderr);
        const start = performance.now();
        const pass = await runPass(desk.ctx, { force: true });
        const ms = performance.now() - start;
        const pulled = pass.pulled;
        if (!pulled || pulled.counts.imported !== bodies.length) {
          throw new Error(`desk pull: ${JSON.stringify(pulled?.counts ?? null)} of ${bodies.length}; ${pulled?.errors.join(' ') ?? 'no pull made'}`);
        }
        pullRate = (bodies.length / ms) * 1000;
      } finally {
        desk.dispose();
      }
    } finally {
      await fresh.stop();
    }

    const lat = summarize(latencies);
    const bareLat = summarize(bareTimes);
    latencies = [];
    return {
      title: `Online sync: ${bodies.length} signed bundles (mean ${meanKb.toFixed(1)} KB), ${CLIENTS} concurrent clients`,
      rows: [
        { name: 'receiver throughput', median: rate, p95: rate, unit: 'bundles/s', baseline: { name: 'bare Node: verify + write + fsync', median: bareRate, p95: bareRate }, target: '≥ 200/s and ≥ 50% of baseline' },
        { name: 'PUT latency (signed request → signed receipt)', median: lat.median, p95: lat.p95, unit: 'ms', baseline: { name: 'bare Node per bundle', median: bareLat.median, p95: bareLat.p95 } },
        { name: `outbox of ${bodies.length} drained by the sender`, median: drainMs / 1000, p95: drainMs / 1000, unit: 's', baseline: { name: `${CLIENTS} bare clients, same bundles`, median: bodies.length / rate, p95: bodies.length / rate }, target: '≤ 10 s' },
        {
          name: `desk pull: ${bodies.length} bundles from the feed, imported`,
          median: pullRate,
          p95: pullRate,
          unit: 'bundles/s',
          baseline: { name: `file import (importFiles, ${FILE_BATCH} a call), fresh desk`, median: fileRate, p95: fileRate },
          target: `≥ ${DESK_TARGET * 100}% of file import: ${pullRate >= DESK_TARGET * fileRate ? 'met' : 'NOT met'} (${((pullRate / fileRate) * 100).toFixed(0)}%)`,
        },
      ],
    };
  } finally {
    laptop.dispose();
  }
}
