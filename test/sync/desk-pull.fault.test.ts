/**
 * A 宝山区 desk pulling 500 bundles of its scope from a real receiver is killed with SIGKILL
 * at random points of its passes, twenty times, and started again each time; then one
 * `ducha sync now` runs to the end. The pull imports a batch of bundles per transaction and
 * moves its feed cursor past them only after that commit (core/sync/pull.ts), so a kill
 * loses nothing: a batch cut short is rolled back and fetched again, one committed just
 * before the kill is offered again and logged as duplicates, never applied twice. At the
 * end the desk holds exactly the receiver's in-scope records, each imported once, its
 * import log has no refusal or quarantine, nothing outside its scope reached it, and its
 * cursor is the receiver's last in-scope arrival number.
 *
 * The desk is its own process (test/support/desk-pass-process.ts: one pass of the folder's
 * sender, as `sync now`; the final pass is the real CLI). Where each kill lands is chosen by
 * a seeded generator (DUCHA_FAULT_SEED):
 * - 'timed': a random time after the desk opened its store, within the time one batch
 *   takes to download and import (measured in earlier rounds): mid-download or
 *   mid-transaction, so the batch is rolled back;
 * - 'commit': once a batch's import is committed — at once ('between' the import's commit
 *   and the cursor's, if the poll catches it), or a few milliseconds after the cursor moved
 *   ('after', into the next batch);
 * - 'startup': a random time after the process started (lock, store open, device check).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_PAGE_DEFAULT } from '../../bundle/sync-api';
import { PROJECT_ROOT } from '../../core/paths';
import { deviceKey } from '../../core/domain/device-key';
import { runPass } from '../../core/sync/pass';
import { listLatestRevisionRows } from '../../db/repositories/sync';
import { makeCreditCode } from '../../forms/credit-code';
import { approveDevice } from '../../receiver/admin';
import { runCli, startReceiver, type ReceiverProcess } from '../support/receiver-process';
import { seeded } from '../support/seeded';
import { makeSignedBatch, signInspections } from '../support/signed-batch';
import { LAPTOP_PROFILE } from '../support/signed-inspection';
import { openTempApp, tempDir, type TempApp } from '../support/temp-app';

const SEED = Number(process.env.DUCHA_FAULT_SEED ?? 20261207);
const DISTRICT = '宝山区';
const IN_SCOPE_LAPTOPS = 4;
const PER_LAPTOP = 125;
const IN_SCOPE = IN_SCOPE_LAPTOPS * PER_LAPTOP;
/** 浦东新区 agencies inspected by 市局: outside 宝山区's scope, interleaved in the feed. */
const OUT_OF_SCOPE = 24;
const ROUNDS = 20;
/** A round whose desk neither reaches its kill point nor ends by then is a failure. */
const ROUND_LIMIT_MS = 60_000;
const DESK_PASS = path.join(PROJECT_ROOT, 'test', 'support', 'desk-pass-process.ts');
const DESK_PROFILE = { name: '周敏', badgeNo: '31011300021', unit: '上海市宝山区市场监督管理局' };

/** The laptops' folders on tmpfs where there is one: their 47 commits per inspection are the slow part of the setup. */
function laptopDir(): string {
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  return fs.mkdtempSync(path.join(base, 'ducha-laptop-'));
}

let receiver: ReceiverProcess;
const inScopeLaptops: TempApp[] = [];
let outOfScopeLaptop: TempApp;
/** On disk, like a real desk's: its commits are flushed, which widens the windows a kill can hit. */
let deskDir: string;

interface ReceiverRecord {
  bundleId: string;
  seq: number;
  inspectionId: string;
  revision: number;
  revisionSha256: string;
}

/** What the receiver holds for 宝山区's desk (its feed's selection), read from its store. */
function receiverInScope(): { records: ReceiverRecord[]; stored: number; partsOrHeld: number } {
  const db = new Database(path.join(receiver.dataDir, 'receiver.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const records = db
      .prepare<[string, string], ReceiverRecord>(
        `SELECT b.bundle_id AS bundleId, b.seq AS seq, r.inspection_id AS inspectionId, r.revision AS revision, r.revision_sha256 AS revisionSha256
         FROM bundles b JOIN bundle_records r ON r.bundle_id = b.bundle_id
         WHERE b.state = 'stored' AND (r.agency_district = ? OR r.inspecting_unit = ?) ORDER BY b.seq`,
      )
      .all(DISTRICT, DISTRICT);
    const stored = db.prepare("SELECT count(*) FROM bundles WHERE state = 'stored'").pluck().get() as number;
    const partsOrHeld = db.prepare("SELECT count(*) FROM bundles WHERE part_of IS NOT NULL OR state <> 'stored'").pluck().get() as number;
    return { records, stored, partsOrHeld };
  } finally {
    db.close();
  }
}

/** Signed inspections of several 宝山区 agencies, made as makeSignedBatch makes its 浦东新区 ones. */
async function makeBaoshanBatch(app: TempApp, laptop: number, count: number): Promise<void> {
  await app.ok('profile/save', { ...LAPTOP_PROFILE, badgeNo: String(31000120200 + laptop) });
  const agencies: string[] = [];
  for (let a = 0; a < 5; a++) {
    const agency = await app.ok('agencies/save', {
      name: `上海宝山第${laptop * 5 + a + 1}特种设备检测有限公司`,
      address: '上海市宝山区友谊路 1 号',
      // 310113: 宝山区.
      creditCode: makeCreditCode(`9131011${String(3_000_000_000 + laptop * 10 + a)}`),
      legalRep: '王强',
      district: DISTRICT,
      kind: '检测机构',
    });
    agencies.push(agency.id);
  }
  await signInspections(app, agencies, count);
}

async function connectAndApprove(app: TempApp): Promise<void> {
  const preview = await app.ok('sync/preview', { text: receiver.connectionText });
  // Connecting enrolls the device with the receiver right away.
  await app.ok('sync/connect', { text: receiver.connectionText, fingerprint: preview.fingerprint });
  await approveDevice(receiver.dataDir, deviceKey(app.ctx).keyId);
}

beforeAll(async () => {
  // The receiver starts (two CLI runs) while this process makes the inspections.
  const starting = startReceiver({});
  try {
    for (let i = 0; i < IN_SCOPE_LAPTOPS; i++) {
      const app = openTempApp({ today: '2026-11-29', dataDir: laptopDir() });
      inScopeLaptops.push(app);
      await makeBaoshanBatch(app, i, PER_LAPTOP);
    }
    outOfScopeLaptop = openTempApp({ today: '2026-11-29', dataDir: laptopDir() });
    await makeSignedBatch(outOfScopeLaptop, 9, OUT_OF_SCOPE);
  } finally {
    receiver = await starting;
  }
  const laptops = [...inScopeLaptops, outOfScopeLaptop];
  for (const app of laptops) await connectAndApprove(app);
  // All at once, so the out-of-scope bundles fall between the desk's in the arrival order.
  for (let round = 0; round < 10 && laptops.some((a) => listLatestRevisionRows(a.ctx.store.db).some((r) => r.state !== 'delivered')); round++) {
    await Promise.all(laptops.map((a) => runPass(a.ctx, { force: true })));
  }
  for (const app of laptops) expect(listLatestRevisionRows(app.ctx.store.db).filter((r) => r.state !== 'delivered')).toEqual([]);

  // The desk: a 宝山区 installation that trusts every laptop's key (as over USB, so what it
  // pulls is imported rather than held in quarantine — and anything out of scope that
  // reached it would show), connected, and approved by the administrator for 宝山区.
  deskDir = tempDir('ducha-desk-');
  const desk = openTempApp({ today: '2026-11-29', dataDir: deskDir });
  try {
    await desk.ok('profile/save', DESK_PROFILE);
    await desk.ok('role/set', { role: 'district', district: DISTRICT });
    for (const app of laptops) await desk.ok('bundles/trustEnrollment', { text: (await app.ok('keys/exportEnrollment', {})).text });
    const preview = await desk.ok('sync/preview', { text: receiver.connectionText });
    await desk.ok('sync/connect', { text: receiver.connectionText, fingerprint: preview.fingerprint });
    // What `ducha receiver devices approve KEY --role district --district 宝山区` does, without its seconds of start-up.
    const approved = await approveDevice(receiver.dataDir, deviceKey(desk.ctx).keyId, { role: 'district', district: DISTRICT });
    expect(approved.device).toMatchObject({ state: 'approved', role: 'district', district: DISTRICT });
  } finally {
    // Closed, not disposed: the folder is the desk's from now on, and its lock is free.
    desk.close();
  }
}, 400_000);

afterAll(async () => {
  for (const app of [...inScopeLaptops, outOfScopeLaptop]) app?.dispose();
  await receiver?.stop();
  if (deskDir) fs.rmSync(deskDir, { recursive: true, force: true });
});

type Mode = 'startup' | 'timed' | 'between' | 'after';

interface RoundLog {
  mode: Mode;
  /** In-scope bundles behind the desk's cursor when its store was open, and when it was killed (as last seen). */
  from: number;
  at: number;
  /** Import log rows when the store was open and at the kill (as last seen): rows of a batch committed without its cursor show here. */
  logFrom: number;
  logAt: number;
  /** Killed while running (else it finished its pass by itself). */
  killed: boolean;
  /** From the store's opening to the first batch's commit, when seen. */
  batchMs: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const deskDb = () => path.join(deskDir, 'ducha.sqlite');

/**
 * One pass of the desk in its own process, killed as `mode` says; resolves once the
 * process is gone. The desk's store is looked at (beside it: WAL readers never block its
 * writes) only once the desk itself has opened it, and let go of before the kill, so each
 * restart finds the store exactly as the killed process left it and recovers it itself.
 */
async function deskRound(mode: Mode, random: () => number, seqs: number[], last: { at: number; logAt: number }, batchMs: number): Promise<RoundLog> {
  const behind = (cursor: number) => seqs.filter((s) => s <= cursor).length;
  const delayMs = mode === 'startup' ? Math.floor(random() * 3_000) : Math.floor(random() * batchMs * 0.9);
  const jitterMs = Math.floor(random() * 25);
  const started = Date.now();

  const child = spawn(process.execPath, ['--import', 'tsx', DESK_PASS, deskDir], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  void exited.then(() => (gone = true));

  let poller: Database.Database | null = null;
  let look: (() => { at: number; log: number }) | null = null;
  let opened = 0;
  const log: RoundLog = { mode, from: last.at, at: last.at, logFrom: last.logAt, logAt: last.logAt, killed: false, batchMs: null };
  let killAt = mode === 'startup' ? started + delayMs : null;
  try {
    while (!gone) {
      const now = Date.now();
      if (now - started > ROUND_LIMIT_MS) {
        child.kill('SIGKILL');
        throw new Error(`round (${mode}) did not reach its kill point in ${ROUND_LIMIT_MS} ms; output: ${output}`);
      }
      if (!look && mode !== 'startup' && output.startsWith('opened\n')) {
        opened = now;
        poller = new Database(deskDb(), { fileMustExist: true, readonly: true, timeout: 5_000 });
        const query = poller.prepare<[], { cursor: number; log: number }>('SELECT (SELECT feed_cursor FROM sync_connection) AS cursor, (SELECT count(*) FROM bundle_imports) AS log');
        look = () => {
          const row = query.get()!;
          return { at: behind(row.cursor), log: row.log };
        };
        const first = look();
        [log.from, log.at, log.logFrom, log.logAt] = [first.at, first.at, first.log, first.log];
        if (mode === 'timed') killAt = opened + delayMs;
      }
      if (look) {
        const seen = look();
        [log.at, log.logAt] = [seen.at, seen.log];
        const committed = seen.log > log.logFrom;
        if (committed && log.batchMs === null) log.batchMs = now - opened;
        if (killAt === null && mode === 'between' && committed) killAt = now;
        if (killAt === null && mode === 'after' && seen.at > log.from) killAt = now + jitterMs;
      }
      if (killAt !== null && now >= killAt) {
        poller?.close();
        poller = null;
        child.kill('SIGKILL');
        break;
      }
      // Polled fast while waiting for a commit, so the gap between the import's and the cursor's is hit now and then.
      await sleep(mode === 'between' || mode === 'after' ? 1 : 5);
    }
  } finally {
    poller?.close();
  }
  const { code, signal } = await exited;
  log.killed = signal === 'SIGKILL';
  // A pass that ended by itself must have ended well.
  if (!log.killed && code !== 0) throw new Error(`desk pass exited ${code ?? signal}: ${output}`);
  if (!log.killed) {
    const result = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { pulled?: { errors: string[] } | null };
    expect(result.pulled?.errors ?? ['no pull'], output).toEqual([]);
  }
  return log;
}

/** After the desk's last process is gone. */
function readDeskCursor(): number {
  const db = new Database(deskDb(), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT feed_cursor FROM sync_connection').pluck().get() as number;
  } finally {
    db.close();
  }
}

/**
 * The rounds' kinds: the first lets a batch commit (and measures how long one takes); then
 * mostly kills within a batch. A batch is allowed to commit only while three or more are
 * left (~one round in five), so most kills find the pull unfinished and the final pass
 * still has batches to do.
 */
function nextMode(random: () => number, round: number, at: number): Mode {
  if (round === 0) return 'after';
  const r = random();
  if (r < 0.1) return 'startup';
  if (r < 0.3 && at + 3 * FEED_PAGE_DEFAULT <= IN_SCOPE) return random() < 0.5 ? 'between' : 'after';
  return 'timed';
}

describe('a bureau desk killed during its pull', () => {
  it(`imports all ${IN_SCOPE} bundles of its scope exactly once across ${ROUNDS} SIGKILLs and restarts`, async () => {
    const t0 = Date.now();
    const before = receiverInScope();
    expect(before.partsOrHeld).toBe(0);
    expect(before.stored).toBe(IN_SCOPE + OUT_OF_SCOPE);
    expect(before.records).toHaveLength(IN_SCOPE);
    // The receiver's selection is what the laptops of 宝山区 agencies sent, and nothing else.
    const sentInScope = inScopeLaptops.flatMap((a) => listLatestRevisionRows(a.ctx.store.db).map((r) => r.bundleId!));
    const sentOutside = listLatestRevisionRows(outOfScopeLaptop.ctx.store.db).map((r) => ({ bundleId: r.bundleId!, inspectionId: r.inspectionId }));
    expect(new Set(before.records.map((r) => r.bundleId))).toEqual(new Set(sentInScope));
    const seqs = before.records.map((r) => r.seq);
    const lastSeq = seqs.at(-1)!;

    const random = seeded(SEED);
    const rounds: RoundLog[] = [];
    // How long a batch takes from the store's opening to its commit; the first round measures it.
    let batchMs = 3_000;
    for (let r = 0; r < ROUNDS; r++) {
      const last = rounds.at(-1) ?? { at: 0, logAt: 0 };
      const round = await deskRound(nextMode(random, r, last.at), random, seqs, last, batchMs);
      if (round.batchMs !== null) batchMs = round.batchMs;
      rounds.push(round);
    }
    const roundsMs = Date.now() - t0;

    // The real command, to the end.
    let final = await runCli(['--data-dir', deskDir, 'sync', 'now', '--json'], 180_000);
    expect(final.code, final.stderr).toBe(0);
    // Bounded: a pull that stopped early (it says why) gets two more passes, then the test fails.
    for (let extra = 0; extra < 2 && readDeskCursor() !== lastSeq; extra++) final = await runCli(['--data-dir', deskDir, 'sync', 'now', '--json'], 180_000);
    expect(readDeskCursor(), `the desk's pull did not converge; last output: ${final.stdout}${final.stderr}`).toBe(lastSeq);

    const killed = rounds.filter((r) => r.killed);
    const count = (mode: Mode) => rounds.filter((r) => r.killed && r.mode === mode).length;
    console.info(
      `desk-pull fault (seed ${SEED}): ${killed.length} kills (timed ${count('timed')}, between ${count('between')}, after ${count('after')}, startup ${count('startup')}); ` +
        `bundles behind the cursor at each kill ${rounds.map((r) => r.at).join(',')}; import log rows ${rounds.map((r) => r.logAt).join(',')}; ` +
        `batch ≈ ${batchMs} ms; rounds ${Math.round(roundsMs / 1000)} s, final pass ${Math.round((Date.now() - t0 - roundsMs) / 1000)} s`,
    );
    // The faults really happened, and mostly with the pull under way and unfinished.
    expect(killed.length).toBeGreaterThanOrEqual(ROUNDS - 2);
    expect(killed.filter((r) => r.mode !== 'startup' && r.at < IN_SCOPE).length).toBeGreaterThanOrEqual(ROUNDS / 2);
    expect(rounds.some((r) => r.at > 0)).toBe(true);
    expect(readDeskCursor()).toBe(lastSeq);

    const after = receiverInScope();
    expect(after.records).toEqual(before.records);
    const db = new Database(path.join(deskDir, 'ducha.sqlite'), { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const log = db.prepare<[], { bundleId: string | null; outcome: string; reason: string }>('SELECT bundle_id AS bundleId, outcome, reason FROM bundle_imports').all();
      // No refusal, no quarantine: every entry is an import or the same bytes again after a kill.
      expect(log.filter((e) => e.outcome !== 'imported' && e.outcome !== 'duplicate')).toEqual([]);
      const imported = log.filter((e) => e.outcome === 'imported').map((e) => e.bundleId!);
      expect(imported).toHaveLength(IN_SCOPE);
      expect(new Set(imported)).toEqual(new Set(before.records.map((r) => r.bundleId)));
      // A duplicate is a bundle imported before: one of a batch committed just before a kill, its cursor not.
      const duplicates = log.filter((e) => e.outcome === 'duplicate');
      for (const d of duplicates) expect(imported).toContain(d.bundleId);
      console.info(`desk-pull fault: ${duplicates.length} bundles offered again after a kill (duplicate)`);

      // The records themselves: each in-scope revision once, with the receiver's hash.
      const revisions = db.prepare<[], { inspectionId: string; revision: number; revisionSha256: string }>('SELECT inspection_id AS inspectionId, number AS revision, sha256 AS revisionSha256 FROM revisions ORDER BY inspection_id').all();
      const expected = before.records.map(({ inspectionId, revision, revisionSha256 }) => ({ inspectionId, revision, revisionSha256 })).sort((a, b) => (a.inspectionId < b.inspectionId ? -1 : a.inspectionId > b.inspectionId ? 1 : 0));
      expect(revisions).toEqual(expected);
      const inspections = db.prepare('SELECT id FROM inspections').pluck().all() as string[];
      expect(inspections.sort()).toEqual(expected.map((r) => r.inspectionId));
      // Nothing outside the scope: no 浦东新区 inspection, agency or import.
      const outside = new Set(sentOutside.map((s) => s.inspectionId));
      expect(inspections.filter((id) => outside.has(id))).toEqual([]);
      expect(db.prepare('SELECT DISTINCT district FROM agencies').pluck().all()).toEqual([DISTRICT]);
      const outsideBundles = new Set(sentOutside.map((s) => s.bundleId));
      expect(log.filter((e) => e.bundleId !== null && outsideBundles.has(e.bundleId))).toEqual([]);
      expect(db.prepare('SELECT count(*) FROM quarantine').pluck().get()).toBe(0);
      expect(db.prepare('SELECT feed_cursor FROM sync_connection').pluck().get()).toBe(lastSeq);
    } finally {
      db.close();
    }
  }, 600_000);
});
