/**
 * Two data folders — the inspector's laptop and the bureau — and ways to look at
 * everything a data folder holds, to prove that a refused bundle changed nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TempApp } from './temp-app';

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
