import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { tempDir } from '../test/support/temp-app';
import { BUSY_MESSAGE } from './busy';
import { defaultMigrationsFolder, openStore, readJournal } from './open';

const dirs: string[] = [];
function freshFile(): string {
  const dir = tempDir();
  dirs.push(dir);
  return path.join(dir, 'ducha.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('openStore', () => {
  it('gives the query planner statistics of the tables as they stand at each open', () => {
    const file = freshFile();
    const first = openStore(file);
    const add = first.sqlite.prepare("INSERT INTO agencies (id,name,credit_code,district,kind,created_at,updated_at) VALUES (?,?,?,'黄浦区','检验机构','t','t')");
    first.transaction(() => {
      for (let i = 0; i < 500; i++) add.run(`a${i}`, `机构${i}`, `C${i}`);
    });
    first.close();
    const again = openStore(file);
    try {
      const stat = again.sqlite.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'agencies' AND idx IS NOT NULL").pluck().all() as string[];
      expect(stat.length).toBeGreaterThan(0);
      expect(stat.every((s) => s.startsWith('500 '))).toBe(true);
    } finally {
      again.close();
    }
  });

  it('creates the database with WAL, foreign keys, synchronous=FULL and all migrations', () => {
    const store = openStore(freshFile());
    try {
      expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
      const journal = readJournal(defaultMigrationsFolder());
      expect(store.sqlite.pragma('user_version', { simple: true })).toBe(journal.length);
      const applied = store.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
      expect(applied.n).toBe(journal.length);
    } finally {
      store.close();
    }
  });

  it('is idempotent: reopening applies nothing twice and keeps data', () => {
    const file = freshFile();
    const a = openStore(file);
    a.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'now')").run();
    a.close();
    const b = openStore(file);
    try {
      expect(b.sqlite.prepare("SELECT value FROM settings WHERE key='k'").get()).toEqual({ value: 'v' });
    } finally {
      b.close();
    }
  });

  it('refuses a database written by a newer app and leaves the file byte-for-byte untouched', () => {
    const file = freshFile();
    const s = openStore(file);
    s.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', Date.now() + 10 ** 9);
    s.sqlite.pragma('user_version = 999');
    s.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    s.close();
    const before = fs.readFileSync(file);
    const walBefore = fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : null;
    let err: unknown;
    try {
      openStore(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/更新版本的督查台/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : null).toEqual(walBefore);
  });

  it('refuses a file that is not a database, naming it, without overwriting it', () => {
    const file = freshFile();
    fs.writeFileSync(file, 'this is not sqlite at all, just text that is long enough to look like a header');
    const before = fs.readFileSync(file);
    expect(() => openStore(file)).toThrow(/无法读取数据库文件/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database whose pages are corrupt (integrity check at open)', () => {
    const file = freshFile();
    const s = openStore(file);
    const insert = s.sqlite.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
    s.sqlite.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`key-${i}`, 'x'.repeat(200), 'now');
    })();
    s.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    s.close();
    // Scribble over a page in the middle of the file (page 1 holds the header and schema).
    const fd = fs.openSync(file, 'r+');
    const garbage = Buffer.alloc(4096, 0xa5);
    fs.writeSync(fd, garbage, 0, garbage.length, 4096 * 5);
    fs.closeSync(fd);
    expect(() => openStore(file)).toThrow(AppError);
  });
});

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('write transactions beside another connection', () => {
  const insert = "INSERT INTO settings (key, value, updated_at) VALUES (?, 'v', 'now')";
  const count = (db: Database.Database, like: string) =>
    (db.prepare('SELECT count(*) AS n FROM settings WHERE key LIKE ?').get(like) as { n: number }).n;

  it('takes the write lock first: a transaction that read before writing still commits', () => {
    const file = freshFile();
    const store = openStore(file);
    const other = new Database(file);
    other.pragma('busy_timeout = 50');
    try {
      let otherWrite: unknown = 'not tried';
      store.transaction(() => {
        count(store.sqlite, 'k%');
        // Begun deferred, this transaction would only hold a read snapshot here: the other
        // write would commit, and the write below would fail with SQLITE_BUSY_SNAPSHOT.
        otherWrite = caught(() => other.prepare(insert).run('other'));
        store.sqlite.prepare(insert).run('mine');
      });
      expect((otherWrite as { code?: string } | undefined)?.code).toBe('SQLITE_BUSY');
      expect(count(store.sqlite, 'mine')).toBe(1);
      expect(count(store.sqlite, 'other')).toBe(0);
    } finally {
      other.close();
      store.close();
    }
  });

  it('a database kept busy past the timeout is a CONFLICT, and the transaction never ran', () => {
    const file = freshFile();
    const store = openStore(file);
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      store.sqlite.pragma('busy_timeout = 100');
      let ran = false;
      const err = caught(() =>
        store.transaction(() => {
          ran = true;
          store.sqlite.prepare(insert).run('mine');
        }),
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('CONFLICT');
      expect((err as AppError).message).toBe(BUSY_MESSAGE);
      expect(ran).toBe(false);
      other.exec('ROLLBACK');
      store.transaction(() => store.sqlite.prepare(insert).run('later'));
      expect(count(store.sqlite, 'later')).toBe(1);
    } finally {
      other.close();
      store.close();
    }
  });

  it('waits (busy_timeout) while another process holds the write lock, then writes', async () => {
    const file = freshFile();
    const store = openStore(file);
    // The other process writes a row, says so while still holding the lock, and
    // commits a little later.
    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1]);
      db.exec('BEGIN IMMEDIATE');
      db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('theirs', 'v', 'now')").run();
      process.stdout.write('locked\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
      db.exec('COMMIT');
      db.close();
    `;
    const child = spawn(process.execPath, ['-e', script, file], { cwd: fileURLToPath(new URL('..', import.meta.url)) });
    try {
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
        child.once('close', (code) => reject(new Error(`child ended (${code}) without the lock: ${stderr}`)));
      });
      let seen = -1;
      let outcome: unknown = 'committed';
      try {
        store.transaction(() => {
          // Only after the other process committed does this transaction begin.
          seen = count(store.sqlite, 'theirs');
          store.sqlite.prepare(insert).run('mine');
        });
      } catch (error) {
        outcome = error;
      }
      if (outcome !== 'committed') {
        // A machine too slow for the timeout: still a CONFLICT, never a raw SQLite error.
        expect(outcome).toBeInstanceOf(AppError);
        expect((outcome as AppError).code).toBe('CONFLICT');
      } else {
        expect(seen).toBe(1);
        expect(count(store.sqlite, 'mine')).toBe(1);
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      store.close();
    }
  }, 30_000);
});

describe('openStore read-only (another program holds the folder)', () => {
  const readOnly = { heldBy: '督查台桌面程序（进程号 1）', refusal: '只能读取：测试' };

  it('reads what the holder wrote, migrates and writes nothing, and refuses a write transaction before it runs', () => {
    const file = freshFile();
    const holder = openStore(file);
    holder.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'now')").run();
    const reader = openStore(file, { readOnly });
    try {
      expect(reader.writeRefusal).toBe(readOnly.refusal);
      expect(reader.sqlite.prepare("SELECT value FROM settings WHERE key='k'").get()).toEqual({ value: 'v' });
      let ran = false;
      const err = caught(() =>
        reader.transaction(() => {
          ran = true;
        }),
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).message).toBe(readOnly.refusal);
      expect(ran).toBe(false);
      expect((caught(() => reader.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', 'v', 'now')").run()) as { code?: string }).code).toBe(
        'SQLITE_READONLY',
      );
    } finally {
      reader.close();
      holder.close();
    }
  });

  it('refuses a folder whose holder has not made the database yet', () => {
    const file = freshFile();
    expect(() => openStore(file, { readOnly })).toThrow(/督查台桌面程序（进程号 1）/);
    expect(fs.existsSync(file)).toBe(false);
  });
});

/**
 * One test per migration: apply the migrations up to N on a fresh file, check
 * what migration N is responsible for, and that data written before it survives.
 */
describe('migrations', () => {
  function openUpTo(count: number): Database.Database {
    const src = defaultMigrationsFolder();
    const dir = tempDir('ducha-mig-');
    dirs.push(dir);
    const folder = path.join(dir, 'migrations');
    fs.mkdirSync(path.join(folder, 'meta'), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(src, 'meta', '_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    };
    journal.entries = journal.entries.slice(0, count);
    fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
    for (const e of journal.entries) fs.copyFileSync(path.join(src, `${e.tag}.sql`), path.join(folder, `${e.tag}.sql`));
    const file = path.join(dir, 'db.sqlite');
    openStore(file, { migrationsFolder: folder }).close();
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    return db;
  }
  const tables = (db: Database.Database) =>
    (db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

  it('0000_initial creates agencies, certificates, inspections, settings with their constraints', () => {
    const db = openUpTo(1);
    expect(tables(db)).toEqual(expect.arrayContaining(['agencies', 'certificates', 'inspections', 'settings']));
    db.prepare("INSERT INTO agencies (id,name,credit_code,district,kind,created_at,updated_at) VALUES ('a','A','C','黄浦区','检验机构','t','t')").run();
    expect(() =>
      db.prepare("INSERT INTO agencies (id,name,credit_code,district,kind,created_at,updated_at) VALUES ('b','B','C','黄浦区','检验机构','t','t')").run(),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare("INSERT INTO inspections (id,agency_id,kind,type,inspected_on,status,created_at,updated_at) VALUES ('i','a','agency','x','2024-01-01','bogus','t','t')").run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('0001_scoring adds templates and item scores and keeps existing inspections with the default template', () => {
    const before = openUpTo(1);
    before.close();
    const db = openUpTo(2);
    expect(tables(db)).toEqual(expect.arrayContaining(['scoring_templates', 'inspection_items']));
    db.prepare("INSERT INTO agencies (id,name,credit_code,district,kind,created_at,updated_at) VALUES ('a','A','C','黄浦区','检验机构','t','t')").run();
    db.prepare("INSERT INTO inspections (id,agency_id,kind,type,inspected_on,created_at,updated_at) VALUES ('i','a','agency','x','2024-01-01','t','t')").run();
    const row = db.prepare("SELECT template_id, template_version FROM inspections WHERE id='i'").get();
    expect(row).toEqual({ template_id: 'sh-2024-317-default', template_version: '2024.1' });
    expect(() => db.prepare("INSERT INTO inspection_items (inspection_id,item_no,updated_at) VALUES ('i',43,'t')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO inspection_items (inspection_id,item_no,score,updated_at) VALUES ('i',1,3.5,'t')").run();
    db.prepare("DELETE FROM inspections WHERE id='i'").run();
    expect(db.prepare('SELECT count(*) AS n FROM inspection_items').get()).toEqual({ n: 0 });
    db.close();
  });

  it('0002_personnel_selfcheck adds the roster, its summary and self-check items with 是/否/— checks', () => {
    const db = openUpTo(3);
    expect(tables(db)).toEqual(expect.arrayContaining(['personnel', 'personnel_checklists', 'self_check_items']));
    db.prepare("INSERT INTO agencies (id,name,credit_code,district,kind,created_at,updated_at) VALUES ('a','A','C','黄浦区','检验机构','t','t')").run();
    db.prepare("INSERT INTO personnel (id,agency_id,seq,name,practising,education,title,created_at,updated_at) VALUES ('p','a',1,'𠮷田','是','—','否','t','t')").run();
    expect(db.prepare("SELECT name FROM personnel WHERE id='p'").get()).toEqual({ name: '𠮷田' });
    expect(() =>
      db.prepare("INSERT INTO personnel (id,agency_id,seq,name,practising,education,title,created_at,updated_at) VALUES ('q','a',2,'X','对','是','是','t','t')").run(),
    ).toThrow(/CHECK/);
    db.close();
  });

  it('0003_lifecycle adds findings, evidence, signatures, revisions and an append-only audit log', () => {
    const db = openUpTo(4);
    expect(tables(db)).toEqual(expect.arrayContaining(['findings', 'evidence', 'signatures', 'revisions', 'audit_log']));
    db.prepare("INSERT INTO agencies (id,name,credit_code,district,kind,created_at,updated_at) VALUES ('a','A','C','黄浦区','检验机构','t','t')").run();
    db.prepare("INSERT INTO inspections (id,agency_id,kind,type,inspected_on,created_at,updated_at) VALUES ('i','a','agency','x','2024-01-01','t','t')").run();
    expect(db.prepare("SELECT revision, amendment_reason FROM inspections WHERE id='i'").get()).toEqual({ revision: 0, amendment_reason: '' });
    expect(() =>
      db.prepare("INSERT INTO findings (id,inspection_id,description,severity,created_at,updated_at) VALUES ('f','i','d','小问题','t','t')").run(),
    ).toThrow(/CHECK/);
    db.prepare("INSERT INTO revisions (inspection_id,number,sha256,canonical,signed_at,signed_by) VALUES ('i',1,'h','{}','t','{}')").run();
    expect(() => db.prepare("UPDATE revisions SET canonical='{\"x\":1}'").run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM revisions').run()).toThrow(/immutable/);
    db.prepare("INSERT INTO audit_log (inspection_id,seq,actor,at,action,prev_hash,hash) VALUES ('i',1,'{}','t','create','0','h')").run();
    expect(() => db.prepare("UPDATE audit_log SET action='x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.close();
  });

  it('0004_bundles adds trusted keys, the import log, quarantine and revision conflicts with their checks', () => {
    const db = openUpTo(5);
    expect(tables(db)).toEqual(expect.arrayContaining(['trusted_keys', 'bundle_imports', 'quarantine', 'revision_conflicts']));
    db.prepare("INSERT INTO agencies (id,name,credit_code,district,kind,created_at,updated_at) VALUES ('a','A','C','黄浦区','检验机构','t','t')").run();
    db.prepare("INSERT INTO inspections (id,agency_id,kind,type,inspected_on,created_at,updated_at) VALUES ('i','a','agency','x','2024-01-01','t','t')").run();
    db.prepare(
      "INSERT INTO trusted_keys (key_id,alg,public_key,fingerprint,inspector_name,inspector_badge_no,inspector_unit,source,trusted_at,trusted_by) VALUES ('k','ed25519','p','F','王','1','U','enrollment','t','{}')",
    ).run();
    expect(() =>
      db.prepare(
        "INSERT INTO trusted_keys (key_id,alg,public_key,fingerprint,inspector_name,inspector_badge_no,inspector_unit,source,trusted_at,trusted_by) VALUES ('k2','rsa','p','F','王','1','U','enrollment','t','{}')",
      ).run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO bundle_imports (id,file_name,received_at,outcome) VALUES ('b','x.ducha.json','t','maybe')").run(),
    ).toThrow(/CHECK/);
    db.prepare("INSERT INTO bundle_imports (id,file_name,received_at,outcome,reason) VALUES ('b','x.ducha.json','t','refused','签名验证失败')").run();
    expect(db.prepare("SELECT counts FROM bundle_imports WHERE id='b'").get()).toEqual({ counts: '{}' });
    db.prepare(
      "INSERT INTO quarantine (bundle_id,key_id,alg,public_key,fingerprint,inspector,file_name,stored_file,bytes,reason,received_at) VALUES ('q','k','ed25519','p','F','{}','x','quarantine/q.ducha.json',10,'未受信任','t')",
    ).run();
    expect(db.prepare("SELECT status FROM quarantine WHERE bundle_id='q'").get()).toEqual({ status: 'held' });
    const conflict = db.prepare(
      "INSERT INTO revision_conflicts (id,inspection_id,number,sha256,canonical,signed_at,signed_by,cause,from_bundle_id,detected_at) VALUES (?,?,2,'h','{}','t','{}','同一上一版',?,'t')",
    );
    conflict.run('c1', 'i', 'q');
    expect(() => conflict.run('c2', 'i', 'q')).toThrow(/UNIQUE/);
    expect(() => conflict.run('c3', 'missing', 'q')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE revision_conflicts SET resolution='both' WHERE id='c1'").run()).toThrow(/CHECK/);
    db.close();
  });

  it('0005_revision_seals adds a nullable seal to revisions and revision conflicts, keeping earlier revisions, which may be sealed once', () => {
    const before = openUpTo(5);
    before.prepare("INSERT INTO agencies (id,name,credit_code,district,kind,created_at,updated_at) VALUES ('a','A','C','黄浦区','检验机构','t','t')").run();
    before.prepare("INSERT INTO inspections (id,agency_id,kind,type,inspected_on,created_at,updated_at) VALUES ('i','a','agency','x','2024-01-01','t','t')").run();
    before.prepare("INSERT INTO revisions (inspection_id,number,sha256,canonical,signed_at,signed_by) VALUES ('i',1,'h','{}','t','{}')").run();
    const file = before.name;
    before.close();
    openStore(file).close();
    const db = new Database(file);
    expect(db.prepare("SELECT number, seal FROM revisions WHERE inspection_id='i'").all()).toEqual([{ number: 1, seal: null }]);
    const columns = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; notnull: number }[]).find((c) => c.name === 'seal');
    expect(columns('revisions')).toMatchObject({ notnull: 0 });
    expect(columns('revision_conflicts')).toMatchObject({ notnull: 0 });
    // An unsealed revision may be sealed once; nothing else of it changes, and a seal never does.
    expect(() => db.prepare("UPDATE revisions SET seal='{}', canonical='{\"x\":1}'").run()).toThrow(/immutable/);
    db.prepare("UPDATE revisions SET seal='{}'").run();
    expect(() => db.prepare("UPDATE revisions SET seal='{\"other\":1}'").run()).toThrow(/immutable/);
    expect(() => db.prepare("UPDATE revisions SET canonical='{\"x\":1}'").run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM revisions').run()).toThrow(/immutable/);
    db.close();
  });

  it('0006_sync_outbox adds the sync outbox and connection, and queues inspections already signed', () => {
    const before = openUpTo(6);
    before.prepare("INSERT INTO agencies (id,name,credit_code,district,kind,created_at,updated_at) VALUES ('a','A','C','黄浦区','检验机构','t','t')").run();
    const inspection = before.prepare("INSERT INTO inspections (id,agency_id,kind,type,inspected_on,status,revision,created_at,updated_at) VALUES (?,'a','agency','x','2024-01-01',?,?,'t',?)");
    inspection.run('signed', 'signed', 1, 't1');
    inspection.run('submitted', 'submitted', 2, 't2');
    inspection.run('amending', 'completed', 1, 't3');
    inspection.run('draft', 'draft', 0, 't4');
    const file = before.name;
    before.close();
    openStore(file).close();
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    expect(tables(db)).toEqual(expect.arrayContaining(['sync_outbox', 'sync_connection']));
    const rows = db.prepare('SELECT inspection_id, revision, part, bundle_id, body, state, attempts FROM sync_outbox ORDER BY seq').all();
    expect(rows).toEqual([
      { inspection_id: 'signed', revision: 1, part: 0, bundle_id: null, body: null, state: 'queued', attempts: 0 },
      { inspection_id: 'submitted', revision: 2, part: 0, bundle_id: null, body: null, state: 'queued', attempts: 0 },
    ]);
    expect(db.prepare('SELECT enqueued_at FROM sync_outbox').pluck().get()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const add = db.prepare("INSERT INTO sync_outbox (inspection_id,revision,part,bundle_id,state,enqueued_at) VALUES (?,?,?,?,?,'t')");
    expect(() => add.run('signed', 1, 0, 'b0', 'queued')).toThrow(/UNIQUE/);
    add.run('signed', 1, 1, 'b1', 'held');
    expect(() => add.run('submitted', 2, 1, 'b1', 'queued')).toThrow(/UNIQUE/);
    expect(() => add.run('signed', 1, 2, 'b2', 'sent')).toThrow(/CHECK/);
    expect(() => add.run('missing', 1, 0, 'b3', 'queued')).toThrow(/FOREIGN KEY/);
    const connect = db.prepare("INSERT INTO sync_connection (id,name,urls,alg,key_id,public_key,fingerprint,connected_at) VALUES (?,'局','[]',?,'k','p','F','t')");
    expect(() => connect.run(2, 'ed25519')).toThrow(/CHECK/);
    expect(() => connect.run(1, 'rsa')).toThrow(/CHECK/);
    connect.run(1, 'sm2-sm3');
    expect(db.prepare('SELECT device_state FROM sync_connection').pluck().get()).toBe('unknown');
    db.close();
  });

  it('0007_report_attachment4 fills the report facts from each latest revision, keeps replaced checklists, and follows new revisions', () => {
    const before = openUpTo(7);
    before.prepare("INSERT INTO agencies (id,name,credit_code,district,kind,created_at,updated_at) VALUES ('a','A','C','黄浦区','检验机构','t','t')").run();
    before.prepare("INSERT INTO inspections (id,agency_id,kind,type,inspected_on,status,revision,created_at,updated_at) VALUES ('i','a','agency','x','2024-03-01','signed',2,'t','t')").run();
    const snap = (inspectedOn: string, findings: unknown[], unit?: string) =>
      JSON.stringify({
        format: 'ducha-inspection',
        version: unit ? 2 : 1,
        inspection: { kind: 'agency', inspectedOn, spotCheck: true, ...(unit ? { inspectingUnit: unit } : {}) },
        items: [
          { no: 1, max: 4, score: 3, notApplicable: false },
          { no: 2, max: 3, score: null, notApplicable: true },
          { no: 4, max: 2, score: 1.5, notApplicable: false },
        ],
        totals: { total: 88.5 },
        findings,
      });
    const rev = before.prepare("INSERT INTO revisions (inspection_id,number,sha256,canonical,signed_at,signed_by) VALUES ('i',?,?,?,'t','{}')");
    rev.run(1, 'h1', snap('2024-02-01', [{ id: 'f0', severity: '一般问题', description: 'old', directiveNo: '', caseNo: '' }]));
    rev.run(2, 'h2', snap('2024-03-01', [{ id: 'f1', severity: '违法违规行为', description: 'd', directiveNo: 'Z-1', caseNo: '', rectification: '', closedOn: null }]));
    before.prepare("INSERT INTO personnel_checklists (agency_id,meets_requirements,filled_on,updated_at) VALUES ('a','否','2024-01-10','t')").run();
    before.prepare("INSERT INTO personnel (id,agency_id,seq,name,practising,education,title,created_at,updated_at) VALUES ('p','a',1,'张三','否','是','—','t','t')").run();
    const file = before.name;
    before.close();
    openStore(file).close();
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    // Backfill: revision 2 only, with what it signed.
    expect(db.prepare('SELECT inspection_id, revision, sha256, agency_id, kind, inspected_on, inspecting_unit, spot_check, total FROM report_inspections').all()).toEqual([
      { inspection_id: 'i', revision: 2, sha256: 'h2', agency_id: 'a', kind: 'agency', inspected_on: '2024-03-01', inspecting_unit: null, spot_check: 1, total: 88.5 },
    ]);
    expect(db.prepare('SELECT finding_id, severity, directive_no FROM report_findings').all()).toEqual([{ finding_id: 'f1', severity: '违法违规行为', directive_no: 'Z-1' }]);
    // Not-applicable items count neither score nor maximum.
    expect(db.prepare('SELECT indicator, score, max FROM report_indicator_scores ORDER BY indicator').all()).toEqual([
      { indicator: 0, score: 3, max: 4 },
      { indicator: 1, score: 1.5, max: 2 },
    ]);
    expect(db.prepare('SELECT count(*) FROM report_item_indicators').pluck().get()).toBe(42);
    // A new latest revision replaces the facts; an inserted older one (never the app's) does not.
    db.prepare("INSERT INTO revisions (inspection_id,number,sha256,canonical,signed_at,signed_by) VALUES ('i',3,'h3',?,'t','{}')").run(snap('2024-08-01', [], '黄浦区'));
    expect(db.prepare('SELECT revision, inspected_on, inspecting_unit FROM report_inspections').get()).toEqual({ revision: 3, inspected_on: '2024-08-01', inspecting_unit: '黄浦区' });
    expect(db.prepare('SELECT count(*) FROM report_findings').pluck().get()).toBe(0);
    // A checklist given another 填报日期 keeps the replaced one with its roster, through an upsert too.
    db.prepare(
      "INSERT INTO personnel_checklists (agency_id,meets_requirements,filled_on,updated_at) VALUES ('a','是','2024-06-30','t2') ON CONFLICT(agency_id) DO UPDATE SET filled_on = excluded.filled_on, meets_requirements = excluded.meets_requirements",
    ).run();
    expect(db.prepare('SELECT agency_id, filled_on, meets_requirements FROM checklist_editions').all()).toEqual([{ agency_id: 'a', filled_on: '2024-01-10', meets_requirements: '否' }]);
    expect(db.prepare('SELECT person_id, filled_on, practising FROM checklist_edition_persons').all()).toEqual([{ person_id: 'p', filled_on: '2024-01-10', practising: '否' }]);
    // Same date again, or a first date: nothing to keep.
    db.prepare("UPDATE personnel_checklists SET filled_on = '2024-06-30', meets_requirements = '否'").run();
    expect(db.prepare('SELECT count(*) FROM checklist_editions').pluck().get()).toBe(1);
    db.close();
  });

  it('0008_report_speed counts each roster for 附件4, backfilled and kept by triggers, and indexes what the 清单 reads', () => {
    const before = openUpTo(8);
    before.prepare("INSERT INTO agencies (id,name,credit_code,district,kind,created_at,updated_at) VALUES ('a','A','C','黄浦区','检验机构','t','t')").run();
    before.prepare("INSERT INTO personnel_checklists (agency_id,meets_requirements,filled_on,updated_at) VALUES ('a','是','2024-01-10','t')").run();
    const person = before.prepare("INSERT INTO personnel (id,agency_id,seq,name,practising,education,title,disclosure_cancelled,qualification_revoked,created_at,updated_at) VALUES (?,'a',?,?,?,?,?,?,?,'t','t')");
    person.run('p1', 1, '张三', '否', '是', '是', 1, 0);
    person.run('p2', 2, '李四', '是', '否', '否', 0, 1);
    person.run('p3', 3, '王五', '是', '是', '—', 0, 0);
    // Give the checklist another date before 0008: the roster of 2024-01-10 is kept as an edition.
    before.prepare("UPDATE personnel_checklists SET filled_on = '2024-06-30'").run();
    const file = before.name;
    before.close();
    openStore(file).close();
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    const counts = () =>
      db
        .prepare(
          'SELECT edition, persons, practising_problems AS pr, education_problems AS ed, title_problems AS ti, disclosure_cancelled AS dc, education_revoked AS er, title_revoked AS tr, problem_persons AS pp FROM report_roster_counts ORDER BY edition',
        )
        .all();
    const whole = { persons: 3, pr: 1, ed: 1, ti: 1, dc: 1, er: 1, tr: 1, pp: 2 };
    // Backfill: the current roster ('') and the kept edition alike.
    expect(counts()).toEqual([
      { edition: '', ...whole },
      { edition: '2024-01-10', ...whole },
    ]);
    // Insert, update (a problem fixed, a person moved to another agency) and delete follow.
    db.prepare("INSERT INTO agencies (id,name,credit_code,district,kind,created_at,updated_at) VALUES ('b','B','D','黄浦区','检验机构','t','t')").run();
    db.prepare("INSERT INTO personnel (id,agency_id,seq,name,practising,education,title,created_at,updated_at) VALUES ('p4','a',4,'赵六','否','是','是','t','t')").run();
    db.prepare("UPDATE personnel SET education = '是', title = '是' WHERE id = 'p2'").run();
    db.prepare("UPDATE personnel SET agency_id = 'b' WHERE id = 'p3'").run();
    db.prepare("DELETE FROM personnel WHERE id = 'p1'").run();
    const current = db.prepare("SELECT agency_id, persons, practising_problems AS pr, education_problems AS ed, problem_persons AS pp FROM report_roster_counts WHERE edition = '' ORDER BY agency_id").all();
    expect(current).toEqual([
      { agency_id: 'a', persons: 2, pr: 1, ed: 0, pp: 1 },
      { agency_id: 'b', persons: 1, pr: 0, ed: 0, pp: 0 },
    ]);
    // A new date keeps the roster as it stands as another edition, counted through its trigger.
    db.prepare("UPDATE personnel_checklists SET filled_on = '2024-09-01' WHERE agency_id = 'a'").run();
    expect(db.prepare("SELECT persons, practising_problems AS pr FROM report_roster_counts WHERE agency_id = 'a' AND edition = '2024-06-30'").get()).toEqual({ persons: 2, pr: 1 });
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('personnel_problem_idx','checklist_edition_persons_problem_idx','report_inspections_agency_idx') ORDER BY name").pluck().all();
    expect(indexes).toEqual(['checklist_edition_persons_problem_idx', 'personnel_problem_idx', 'report_inspections_agency_idx']);
    db.close();
  });

  it('0009_desk_reviews adds review decisions and the desk feed and decision cursors, keeping the connection', () => {
    const before = openUpTo(9);
    before
      .prepare(
        "INSERT INTO sync_connection (id,name,urls,alg,key_id,public_key,fingerprint,connected_at) VALUES (1,'市局接收端','[\"http://127.0.0.1:1\"]','ed25519','aaaaaaaaaaaaaaaa','pk','FP','t')",
      )
      .run();
    const file = before.name;
    before.close();
    openStore(file).close();
    const db = new Database(file);
    expect(db.prepare('SELECT name, feed_cursor, reviews_cursor, last_pull_at FROM sync_connection').get()).toEqual({ name: '市局接收端', feed_cursor: 0, reviews_cursor: 0, last_pull_at: null });
    const add = db.prepare(
      `INSERT INTO reviews (review_id,inspection_id,revision,revision_sha256,state,reason,decided_at,reviewer_name,reviewer_badge_no,review_unit,desk_key_id,document,origin,stored_at)
       VALUES ('r1','i1',1,'h','returned','补充照片','t','周敏','31011300021','宝山区','k','{}',?,'t')`,
    );
    expect(() => add.run('elsewhere')).toThrow(/CHECK/);
    add.run('own');
    expect(db.prepare('SELECT state, origin, posted_at FROM reviews').get()).toEqual({ state: 'returned', origin: 'own', posted_at: null });
    db.close();
  });

  it('has a test above for every migration in the journal', () => {
    const tags = readJournal(defaultMigrationsFolder()).map((e) => e.tag);
    const source = fs.readFileSync(new URL(import.meta.url), 'utf8');
    for (const tag of tags) expect(source).toContain(`it('${tag} `);
  });
});
