import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { tempDir } from '../test/support/temp-app';
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

  it('has a test above for every migration in the journal', () => {
    const tags = readJournal(defaultMigrationsFolder()).map((e) => e.tag);
    const source = fs.readFileSync(new URL(import.meta.url), 'utf8');
    for (const tag of tags) expect(source).toContain(`it('${tag} `);
  });
});
