/**
 * Nothing acknowledged is lost and nothing is stored twice, whatever the network and the
 * receiver do: ten laptops with thirty signed inspections each sync at once through a TCP
 * proxy that cuts connections before, during and after requests, while the receiver
 * process is killed with SIGKILL mid-stream and started again. At the end every bundle
 * is on the receiver exactly once, byte for byte what its laptop signed, each with one
 * receipt, the sequence numbers are 1…N without a gap or repeat, and the store is sound.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../bundle/canonical';
import { verifyReceipt } from '../../bundle/receipt';
import { readReceiverConnection } from '../../bundle/receiver-connection';
import { deviceKey } from '../../core/domain/device-key';
import { checkDevice } from '../../core/sync/device';
import { runPass } from '../../core/sync/pass';
import { getBody, getConnection, listLatestRevisionRows } from '../../db/repositories/sync';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { freePort, startReceiver, type ReceiverProcess } from '../support/receiver-process';
import { makeSignedBatch } from '../support/signed-batch';
import { openTempApp, type TempApp } from '../support/temp-app';

const LAPTOPS = 10;
const PER_LAPTOP = 30;
const SEED = Number(process.env.DUCHA_FAULT_SEED ?? 20261204);
/** Rounds of passes before giving up: each round every laptop tries everything unsent. */
const MAX_ROUNDS = 40;
const CLIENT = { idleTimeoutMs: 5_000, deadlineMs: 20_000 };

let receiver: ReceiverProcess;
let proxy: FaultProxy;
const laptops: TempApp[] = [];

beforeAll(async () => {
  const port = await freePort();
  proxy = await startFaultProxy({ targetPort: port, seed: SEED, cutProbability: 0.25, maxCuts: 400 });
  receiver = await startReceiver({ port, urls: [proxy.url] });
  for (let i = 0; i < LAPTOPS; i++) {
    const app = openTempApp({ today: '2026-11-29' });
    laptops.push(app);
    await makeSignedBatch(app, i, PER_LAPTOP);
  }
}, 300_000);

afterAll(async () => {
  for (const app of laptops) app.dispose();
  await proxy?.close();
  await receiver?.stop();
});

const unsent = (app: TempApp) => listLatestRevisionRows(app.ctx.store.db).filter((r) => r.state !== 'delivered');

describe('sync under cut connections and a receiver killed mid-stream', () => {
  it(`stores ${LAPTOPS * PER_LAPTOP} inspections exactly once, byte-identical, with gapless receipts`, async () => {
    // The laptop drops a bundle's body once delivered: keep what each one signed, to compare.
    const signed = new Map<string, Buffer>();
    for (const app of laptops) for (const row of listLatestRevisionRows(app.ctx.store.db)) signed.set(row.bundleId!, getBody(app.ctx.store.db, row.seq)!);
    expect(signed.size).toBe(LAPTOPS * PER_LAPTOP);
    for (const app of laptops) {
      const info = await app.ok('sync/preview', { text: receiver.connectionText });
      await app.ok('sync/connect', { text: receiver.connectionText, fingerprint: info.fingerprint });
    }
    // Each laptop enrolls (retrying through the cuts) before sending anything; then the bureau approves them all.
    for (let round = 0; round < MAX_ROUNDS && laptops.some((a) => !isEnrolled(a)); round++) {
      await Promise.all(laptops.filter((a) => !isEnrolled(a)).map((a) => checkDevice(a.ctx, getConnection(a.ctx.store.db)!, deviceKey(a.ctx), CLIENT)));
    }
    const listed = JSON.parse((await receiver.cli(['receiver', 'devices', 'list', '--json'])).stdout) as { keyId: string }[];
    expect(listed).toHaveLength(LAPTOPS);
    for (const device of listed) expect((await receiver.cli(['receiver', 'devices', 'approve', device.keyId])).code).toBe(0);

    // Kill the receiver hard once a third of the bundles have gone out, then bring it back.
    let killed = false;
    const killer = (async () => {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && sentShare() < 1 / 3) await new Promise((r) => setTimeout(r, 50));
      await receiver.kill();
      killed = true;
      await new Promise((r) => setTimeout(r, 500));
      await receiver.restart();
    })();

    let rounds = 0;
    while (rounds < MAX_ROUNDS && laptops.some((a) => unsent(a).length > 0)) {
      rounds++;
      await Promise.all(laptops.map((a) => runPass(a.ctx, { force: true, client: CLIENT })));
      if (rounds > MAX_ROUNDS / 2) proxy.heal();
    }
    await killer;
    expect(killed).toBe(true);
    expect(proxy.cuts).toBeGreaterThan(20);
    expect(laptops.map((a) => unsent(a).length)).toEqual(laptops.map(() => 0));

    // What the receiver holds, read behind its back after it stops.
    const pin = readReceiverConnection(receiver.connectionText);
    if (!pin.ok) throw new Error(pin.reason);
    const sent = laptops.flatMap((app) => listLatestRevisionRows(app.ctx.store.db).map((row) => ({ app, row, key: deviceKey(app.ctx).keyId })));
    expect(sent).toHaveLength(LAPTOPS * PER_LAPTOP);
    await receiver.kill();
    const db = new Database(path.join(receiver.dataDir, 'receiver.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db.prepare<[], { bundle_id: string; sha256: string; state: string; seq: number; device_key_id: string }>('SELECT bundle_id, sha256, state, seq, device_key_id FROM bundles').all();
      expect(rows).toHaveLength(sent.length);
      expect(rows.every((r) => r.state === 'stored')).toBe(true);
      expect(rows.map((r) => r.seq).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i + 1));
      const byId = new Map(rows.map((r) => [r.bundle_id, r]));
      const seqs = new Set<number>();
      for (const { row, key } of sent) {
        const body = signed.get(row.bundleId!)!;
        const stored = byId.get(row.bundleId!);
        expect(stored?.device_key_id).toBe(key);
        expect(stored?.sha256).toBe(sha256Hex(body));
        const file = path.join(receiver.dataDir, 'bundles', stored!.sha256.slice(0, 2), `${stored!.sha256}.ducha.json`);
        expect(fs.readFileSync(file).equals(body)).toBe(true);
        // The laptop's receipt is the receiver's, for these bytes.
        const check = verifyReceipt(JSON.parse(row.receipt!), { ...pin.connection }, { bundleId: row.bundleId!, sha256: sha256Hex(body), bytes: body.length, deviceKeyId: key });
        expect(check.ok && check.receipt.seq).toBe(stored!.seq);
        seqs.add(stored!.seq);
      }
      expect(seqs.size).toBe(sent.length);
      // No file without its row: the restart swept what the kill left.
      const files = fs.readdirSync(path.join(receiver.dataDir, 'bundles'), { recursive: true }).filter((f) => String(f).endsWith('.ducha.json'));
      expect(files).toHaveLength(sent.length);
    } finally {
      db.close();
    }
  }, 600_000);
});

function isEnrolled(app: TempApp): boolean {
  return getConnection(app.ctx.store.db)?.deviceState === 'pending';
}

function sentShare(): number {
  const all = laptops.flatMap((a) => listLatestRevisionRows(a.ctx.store.db));
  return all.filter((r) => r.state !== 'queued').length / Math.max(1, all.length);
}
