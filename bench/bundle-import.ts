/**
 * Issue 7, import side: verify + import throughput of 1,000 real app bundles of one
 * signed inspection each (42 scored items, a finding, three signatures, its audit
 * chain; no photos), into a real SQLite file (WAL, synchronous=FULL), beside two
 * baselines on the same data in the same run:
 *
 * - the raw limit: JSON.parse + SHA-256 + Ed25519 verify alone (the baseline);
 * - bare writes: better-sqlite3 inserting exactly the rows an import of these bundles
 *   stores (about 100 per bundle: 42 item rows, ~50 audit entries, the revision, the
 *   inspection, its agency, finding, signatures, the import-log row), through prepared
 *   statements, in a database with the app's schema and pragmas, one transaction per
 *   100 bundles and a savepoint per bundle, as the importer does.
 *
 * Together they make the floor: the essential work of verifying and storing these
 * bundles done one after the other (the two times added up). An importer on two
 * threads may beat it; none can go faster than the bare writes alone, which stay on
 * the one thread that holds the SQLite connection, so "≥ 50% of raw" is out of reach
 * whenever storing alone is slower than that. Every round imports into a fresh data
 * folder that trusts the laptop's key.
 *
 * Two ways of calling: the files of one selection in `bundles/import` calls of 100
 * files, as the 数据交换 page sends them (the checks and the working-copy proof run on
 * the verifier's worker thread while the main thread writes, and checks whatever it
 * would otherwise wait for; a durable commit per group of chunks checked, each file in
 * its own savepoint), and one call per file (all on the main thread, a commit per
 * file), the worst case. Each bureau has imported 50 other bundles before the clock
 * starts, so its verifier is running, as after the first import of a session.
 *
 * Run alone with `npx tsx bench/bundle-import.ts`.
 */
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canonicalJson } from '../bundle/canonical';
import { verifyBundleText } from '../bundle/format';
import { checkInspection } from '../core/exchange/verify-2-chains';
import { IMPORT_CHUNK_FILES } from '../core/exchange/import';
import { readBundle } from '../core/exchange/verify-1-read';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openApp, type App } from '../core/app';
import { openStore } from '../db/open';
import type { OutputOf } from '../core/contract';
import { ATTACHMENT3_ITEMS } from '../forms/attachment3';
import { makeCreditCode } from '../forms/credit-code';
import { DEFAULT_TEMPLATE } from '../forms/scoring-template';
import { TINY_PNG_BASE64 } from '../test/support/images';
import { tempDir } from '../test/support/temp-app';
import { summarize, type BenchTable } from './table';

const BUNDLES = Number(process.env.BENCH_BUNDLES ?? 1_000);
const ROUNDS = 3;
const BATCH = 100;
/** Imported into each bureau before the clock starts, as an earlier import of the day would be. */
const WARM_BUNDLES = 50;

async function ok<T>(app: App, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

/** A laptop with n signed inspections of n agencies, each exported as its own bundle. */
async function makeBundles(n: number): Promise<{ texts: string[]; enrollment: string }> {
  const dataDir = tempDir('ducha-bench-laptop-');
  const app = openApp({ dataDir, host: 'cli', logError: () => {} });
  try {
    await ok(app, 'profile/save', { name: '王春艳', badgeNo: '31000120001', unit: '上海市市场监督管理局特种设备安全监察处' });
    const texts: string[] = [];
    for (let i = 0; i < n; i++) {
      const agency = await ok<{ id: string }>(app, 'agencies/save', {
        name: `上海第${i + 1}特种设备检验检测有限公司`,
        creditCode: makeCreditCode(`91310115${String(1_000_000_000 + i).slice(1)}`),
        address: '上海市浦东新区张杨路 1 号',
        legalRep: '王强',
        district: '浦东新区',
        kind: '检验机构',
      });
      const { id } = await ok<{ id: string }>(app, 'inspections/create', {
        agencyId: agency.id,
        type: '专项监督检查',
        inspectedOn: '2026-11-27',
        inspectors: [{ name: '王春艳', badgeNo: '31000120001' }],
      });
      for (const item of ATTACHMENT3_ITEMS) {
        const max = DEFAULT_TEMPLATE.items.find((t) => t.no === item.no)?.max ?? 0;
        await ok(app, 'inspections/saveItem', { inspectionId: id, no: item.no, score: (item.no + i) % 7 === 0 ? Math.max(0, max - 0.5) : max });
      }
      await ok(app, 'findings/save', { inspectionId: id, itemNo: 3, description: `第 ${i + 1} 号抽查报告缺少复核人签字`, severity: '一般问题' });
      await ok(app, 'signatures/add', { inspectionId: id, role: 'inspector', signerName: '王春艳', signerDetail: '31000120001', pngBase64: TINY_PNG_BASE64 });
      await ok(app, 'signatures/add', { inspectionId: id, role: 'agency', signerName: '李建国', signerDetail: '技术负责人', pngBase64: TINY_PNG_BASE64 });
      await ok(app, 'inspections/sign', { id });
      const out = await ok<OutputOf<'bundles/export'>>(app, 'bundles/export', { inspectionIds: [id] });
      texts.push(out.files[0]?.text ?? '');
    }
    const enrollment = await ok<OutputOf<'keys/exportEnrollment'>>(app, 'keys/exportEnrollment', {});
    return { texts, enrollment: enrollment.text };
  } finally {
    app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Imports all texts into a fresh bureau, `batch` files per call; returns bundles per
 * second, after handing the open bureau to `inspect` (if given).
 */
async function importRound(texts: string[], enrollment: string, batch: number, warm: string[], inspect?: (app: App) => void): Promise<number> {
  const dataDir = tempDir('ducha-bench-bureau-');
  const app = openApp({ dataDir, host: 'cli', logError: () => {} });
  try {
    await ok(app, 'profile/save', { name: '陈立', badgeNo: '31000100003', unit: '上海市市场监督管理局' });
    await ok(app, 'bundles/trustEnrollment', { text: enrollment });
    // As after an earlier import of the session: the verifier's worker (core/exchange/verify-on-worker.ts) is loaded.
    if (warm.length > 0) {
      await ok(app, 'bundles/import', { files: warm.map((text, j) => ({ name: `earlier-${j}.ducha.json`, text })) });
      if (!(await app.ctx.verifier?.warm())) throw new Error('bench: the verifier worker did not start');
    }
    const t0 = performance.now();
    for (let i = 0; i < texts.length; i += batch) {
      const files = texts.slice(i, i + batch).map((text, j) => ({ name: `${i + j}.ducha.json`, text }));
      const { results } = await ok<OutputOf<'bundles/import'>>(app, 'bundles/import', { files });
      const bad = results.find((r) => r.outcome !== 'imported');
      if (bad) throw new Error(`bench bundle not imported: ${bad.outcome} ${bad.reason}`);
    }
    const rate = texts.length / ((performance.now() - t0) / 1000);
    inspect?.(app);
    return rate;
  } finally {
    app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Tables an import writes, parents first. */
const WRITTEN_TABLES = ['agencies', 'certificates', 'personnel', 'inspections', 'revisions', 'inspection_items', 'findings', 'evidence', 'signatures', 'audit_log', 'bundle_imports'] as const;
type Row = Record<string, unknown>;
/** The rows one bundle's import stored, table by table. */
type BundleRows = Map<string, Row[]>;

/** What the import stored, grouped per bundle (each bench bundle is one inspection of its own agency). */
function storedRows(sqlite: Database.Database): BundleRows[] {
  const all = (table: string) => sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Row[];
  const inspections = all('inspections');
  const byKey = (table: string, key: string) => {
    const m = new Map<unknown, Row[]>();
    for (const r of all(table)) m.set(r[key], [...(m.get(r[key]) ?? []), r]);
    return m;
  };
  const agencies = byKey('agencies', 'id');
  const perAgency = { certificates: byKey('certificates', 'agency_id'), personnel: byKey('personnel', 'agency_id') };
  const perInspection = Object.fromEntries(
    (['revisions', 'inspection_items', 'findings', 'evidence', 'signatures', 'audit_log'] as const).map((t) => [t, byKey(t, 'inspection_id')]),
  );
  const logs = all('bundle_imports');
  if (logs.length !== inspections.length) throw new Error('bench: one import-log row per bundle expected');
  return inspections.map((ins, i) => {
    const rows: BundleRows = new Map();
    rows.set('agencies', agencies.get(ins.agency_id) ?? []);
    for (const [t, m] of Object.entries(perAgency)) rows.set(t, m.get(ins.agency_id) ?? []);
    rows.set('inspections', [ins]);
    for (const [t, m] of Object.entries(perInspection)) rows.set(t, m.get(ins.id) ?? []);
    rows.set('bundle_imports', [logs[i] as Row]);
    return rows;
  });
}

/**
 * Bundles per second of bare better-sqlite3 storing the same rows: a fresh database
 * with the app's schema and pragmas (db/open.ts), one prepared INSERT per table, 100
 * bundles per transaction and a savepoint per bundle.
 */
function bareWriteRate(bundles: BundleRows[]): number {
  const dataDir = tempDir('ducha-bench-bare-');
  const store = openStore(path.join(dataDir, 'bare.sqlite'));
  try {
    const { sqlite } = store;
    const insert = new Map<string, Database.Statement>();
    for (const table of WRITTEN_TABLES) {
      const sample = bundles.find((b) => (b.get(table)?.length ?? 0) > 0)?.get(table)?.[0];
      if (!sample) continue;
      const cols = Object.keys(sample);
      insert.set(table, sqlite.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`));
    }
    const writeOne = sqlite.transaction((rows: BundleRows) => {
      for (const table of WRITTEN_TABLES) {
        const stmt = insert.get(table);
        for (const r of rows.get(table) ?? []) stmt?.run(Object.values(r));
      }
    });
    const t0 = performance.now();
    for (let i = 0; i < bundles.length; i += BATCH) {
      sqlite.transaction(() => {
        for (const rows of bundles.slice(i, i + BATCH)) writeOne(rows);
      })();
    }
    return bundles.length / ((performance.now() - t0) / 1000);
  } finally {
    store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function rawRate(texts: string[]): number {
  const prepared = texts.map((text) => {
    const parsed = JSON.parse(text) as { header: { publicKey: string }; signature: string };
    return {
      text,
      // Given to the raw baseline for free: it does not even canonicalise the header.
      headerBytes: Buffer.from(canonicalJson(parsed.header)),
      signature: Buffer.from(parsed.signature, 'base64'),
      key: createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(parsed.header.publicKey, 'base64')]), format: 'der', type: 'spki' }),
    };
  });
  const t0 = performance.now();
  for (const b of prepared) {
    JSON.parse(b.text);
    createHash('sha256').update(b.text).digest('hex');
    if (!nodeVerify(null, b.headerBytes, b.key, b.signature)) throw new Error('raw verify failed');
  }
  return prepared.length / ((performance.now() - t0) / 1000);
}

/** Bundles per second of fn over all texts (pure checks, no database). */
function pureRate(texts: string[], fn: (text: string) => void): number {
  const t0 = performance.now();
  for (const t of texts) fn(t);
  return texts.length / ((performance.now() - t0) / 1000);
}

function verifyOnly(text: string): void {
  if (!verifyBundleText(text).ok) throw new Error('bench bundle refused');
}

/** Everything the importer checks before its first write: verify, record schema, revision and audit chains. */
function checksOnly(text: string): void {
  const read = readBundle(text);
  if (!read.ok) throw new Error(read.reason);
  for (const rec of read.bundle.payload.inspections) checkInspection(rec, 'bench');
}

/** Higher is better for a rate, so the "p95" column holds the slowest round. */
function rateSummary(rates: number[]): { median: number; p95: number } {
  return { median: Math.round(summarize(rates).median), p95: Math.round(Math.min(...rates)) };
}

/** Rate of doing two pieces of work one after the other, from the rate of each. */
function sequentialRate(a: number, b: number): number {
  return 1 / (1 / a + 1 / b);
}

export async function benchBundleImport(): Promise<BenchTable> {
  const made = await makeBundles(BUNDLES + WARM_BUNDLES);
  const { enrollment } = made;
  const texts = made.texts.slice(0, BUNDLES);
  const warm = made.texts.slice(BUNDLES);
  const avgKb = texts.reduce((s, t) => s + Buffer.byteLength(t), 0) / texts.length / 1024;
  rawRate(texts.slice(0, 100)); // warm-up
  let rows: BundleRows[] = [];
  const raw: number[] = [];
  const bare: number[] = [];
  const floor: number[] = [];
  const verified: number[] = [];
  const checked: number[] = [];
  const batched: number[] = [];
  const single: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    raw.push(rawRate(texts));
    verified.push(pureRate(texts, verifyOnly));
    checked.push(pureRate(texts, checksOnly));
    batched.push(await importRound(texts, enrollment, BATCH, warm, r === 0 ? (app) => (rows = storedRows(app.ctx.store.sqlite).slice(warm.length)) : undefined));
    bare.push(bareWriteRate(rows));
    floor.push(sequentialRate(raw[r] as number, bare[r] as number));
    // The worst case once is enough to show what a commit per file costs.
    if (r === 0) single.push(await importRound(texts, enrollment, 1, []));
  }
  const rowsPerBundle = rows.reduce((n, b) => n + [...b.values()].reduce((m, list) => m + list.length, 0), 0) / Math.max(1, rows.length);
  const rawSummary = rateSummary(raw);
  const floorSummary = rateSummary(floor);
  const batchedSummary = rateSummary(batched);
  const bareSummary = rateSummary(bare);
  const rawBaseline = { name: 'raw limit: JSON.parse + SHA-256 + Ed25519 verify', ...rawSummary };
  const floorBaseline = { name: 'floor: raw limit, then bare better-sqlite3 storing the same rows (times added)', ...floorSummary };
  const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;
  return {
    title: `Signed bundles: verify + import into SQLite, ${BUNDLES} one-inspection bundles (~${avgKb.toFixed(1)} KB, ~${Math.round(rowsPerBundle)} stored rows each, no photos), ${ROUNDS} rounds`,
    rows: [
      {
        name: `bundles/import, ${BATCH} files per call (checks and the working-copy proof on the verifier's worker thread, this one writing and checking whatever it would otherwise wait for; chunks of ${IMPORT_CHUNK_FILES} files, a commit per group of chunks checked)`,
        ...batchedSummary,
        unit: 'bundles/s',
        baseline: rawBaseline,
        target: `≥ 500 bundles/s; ≥ 50% of raw (here ${pct(batchedSummary.median, rawSummary.median)}) only where storing alone reaches it (here ${pct(bareSummary.median, rawSummary.median)}), hence the floor below`,
      },
      {
        name: 'the same import against the floor of verifying and storing these bundles',
        ...batchedSummary,
        unit: 'bundles/s',
        baseline: floorBaseline,
        target: `≥ 50% of the floor (here ${pct(batchedSummary.median, floorSummary.median)})`,
      },
      {
        name: `bare better-sqlite3 storing the same ~${Math.round(rowsPerBundle)} rows per bundle, nothing else (app schema and pragmas, ${BATCH} per transaction, savepoint per bundle)`,
        ...bareSummary,
        unit: 'bundles/s',
        baseline: rawBaseline,
        // The writes stay on one thread, so no importer outruns them: 50% of raw needs storing alone to be that fast.
        target: bareSummary.median < rawSummary.median / 2 ? 'below 50% of raw: no importer that stores these rows can reach 50% of raw' : '',
      },
      {
        name: 'of which: verifyBundleText alone (the engine: strict canonical parse, schema, hash, signature)',
        ...rateSummary(verified),
        unit: 'bundles/s',
        baseline: rawBaseline,
      },
      {
        name: 'of which: every check before the first write (verify, record schema, revision hashes, audit chain)',
        ...rateSummary(checked),
        unit: 'bundles/s',
        baseline: rawBaseline,
      },
      {
        name: 'bundles/import, 1 file per call (all on one thread, one durable commit per file; one round)',
        ...rateSummary(single),
        unit: 'bundles/s',
        baseline: rawBaseline,
      },
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchBundleImport(), null, 2));
}
