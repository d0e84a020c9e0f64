/**
 * Two data folders — the inspector's laptop and the bureau — and ways to look at
 * everything a data folder holds, to prove that a refused bundle changed nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson, sha256Hex } from '../../bundle/canonical';
import type { BundleSigner } from '../../bundle/format';
import { GENESIS_HASH, entryHash } from '../../core/audit/chain';
import type { AuditRecord } from '../../core/exchange/payload';
import { makeSeal, type RevisionSeal } from '../../core/records/seal';
import { forgeBundle } from './forge-bundle';
import type { TempApp } from './temp-app';

/**
 * The bundle re-signed (new id) with its first inspection's latest revision saying a
 * total one point higher: hashes and signature all hold, but the rows rebuilt from it
 * would say another total, so only the importer's working-copy proof can refuse it.
 */
export function totalledOtherwise(text: string, signer: BundleSigner): string {
  const parsed = JSON.parse(text) as {
    header: Record<string, unknown>;
    payload: { inspections: { id: string; revisions: { canonical: string; sha256: string; seal: RevisionSeal }[]; audit: AuditRecord[] }[] };
  };
  const inspection = parsed.payload.inspections[0];
  const rev = inspection?.revisions.at(-1);
  if (!inspection || !rev) throw new Error('no revision');
  const snap = JSON.parse(rev.canonical) as { totals: { total: number } };
  snap.totals.total += 1;
  const oldSha = rev.sha256;
  rev.canonical = canonicalJson(snap);
  rev.sha256 = sha256Hex(rev.canonical);
  // As the signing device would have made it: sealed, and its sign entry naming this hash.
  rev.seal = makeSeal(signer, { inspectionId: inspection.id, sha256: rev.sha256, auditSeq: rev.seal.auditSeq, auditHead: rev.seal.auditHead });
  rehashAudit(inspection.id, inspection.audit, (e) =>
    e.action === 'sign' && (e.newValue as { sha256?: string } | null)?.sha256 === oldSha ? { ...e, newValue: { ...(e.newValue as object), sha256: rev.sha256 } } : e,
  );
  const { payloadSha256: _hash, bundleId: _id, ...header } = parsed.header;
  return forgeBundle({ header, payload: parsed.payload }, signer);
}

/** Rewrites audit entries in place (`edit`) and re-hashes the chain from the first change on. */
export function rehashAudit(inspectionId: string, audit: AuditRecord[], edit: (e: AuditRecord) => AuditRecord): void {
  let prev = GENESIS_HASH;
  audit.forEach((original, i) => {
    const e = { ...edit(original), prevHash: prev };
    const hash = entryHash({ inspectionId, seq: e.seq, actor: e.actor, at: e.at, action: e.action, path: e.path, oldValue: e.oldValue, newValue: e.newValue, prevHash: e.prevHash });
    audit[i] = { ...e, hash };
    prev = hash;
  });
}

/** Row count of every table of the app (migrations bookkeeping excluded). */
export function tableCounts(app: TempApp): Record<string, number> {
  const db = app.ctx.store.sqlite;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name").all() as {
    name: string;
  }[]).map((t) => t.name);
  return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
}

/** Every file in the data folder except the database and its journal files, with its size. */
export function dataFiles(app: TempApp): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (!/\.sqlite(-wal|-shm|-journal)?$/.test(e.name)) out[path.relative(app.dataDir, full)] = fs.statSync(full).size;
    }
  };
  walk(app.dataDir);
  return out;
}

/** A fingerprint of the data rows (not counts): every table's rows, the import log aside. */
export function dataRows(app: TempApp): string {
  const db = app.ctx.store.sqlite;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__drizzle_migrations','bundle_imports') ORDER BY name").all() as {
    name: string;
  }[]).map((t) => t.name);
  return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all()]));
}

/** What a refused import may leave: exactly one more row in the import log, nothing else. */
export interface Snapshot {
  counts: Record<string, number>;
  files: Record<string, number>;
  rows: string;
}

export function snapshotOf(app: TempApp): Snapshot {
  return { counts: tableCounts(app), files: dataFiles(app), rows: dataRows(app) };
}
