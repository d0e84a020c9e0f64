/**
 * Someone who can write the data folder but has no device key edits the SQLite file
 * behind the app's back. Each way found to forge a signed record is shown to be caught:
 * by `audit verify` (inspections/audit), and by signing, exporting and printing, which
 * refuse such a record and change nothing.
 */
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../bundle/canonical';
import { forgeBundle } from '../../test/support/forge-bundle';
import { rehashAudit } from '../../test/support/exchange';
import { BUREAU_PROFILE, makeSignedInspection, signAll } from '../../test/support/signed-inspection';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import type { AuditRow } from '../../db/repositories/audit';
import { entryHash } from '../audit/chain';
import { deviceKey } from '../domain/device-key';
import type { AuditRecord } from '../exchange/payload';

let laptop: TempApp;
let id: string;

beforeEach(async () => {
  laptop = openTempApp({ today: '2026-11-27' });
  ({ inspectionId: id } = await makeSignedInspection(laptop));
});
afterEach(() => laptop.dispose());

/** The SQLite file as an attacker opens it: the app's append-only triggers dropped first. */
function raw(app: TempApp): Database.Database {
  const db = app.ctx.store.db.$client;
  for (const t of ['revisions_immutable_update', 'revisions_immutable_delete', 'audit_log_append_only_update', 'audit_log_append_only_delete']) {
    db.exec(`DROP TRIGGER IF EXISTS ${t}`);
  }
  return db;
}

/** Re-hashes the stored chain from the start, as anyone with the app's code can. */
function rehashStoredChain(db: Database.Database, inspectionId: string): void {
  const rows = db.prepare('SELECT * FROM audit_log WHERE inspection_id = ? ORDER BY seq').all(inspectionId) as AuditRow[];
  let prev = '0'.repeat(64);
  for (const r of rows) {
    const hash = entryHash({
      inspectionId,
      seq: r.seq,
      actor: JSON.parse(r.actor) as { name: string; badgeNo: string; unit: string },
      at: r.at,
      action: r.action,
      path: r.path,
      oldValue: JSON.parse(r.old_value ?? 'null') as unknown,
      newValue: JSON.parse(r.new_value ?? 'null') as unknown,
      prevHash: prev,
    });
    db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE inspection_id = ? AND seq = ?').run(prev, hash, inspectionId, r.seq);
    prev = hash;
  }
}

function signSeq(db: Database.Database): number {
  return (db.prepare("SELECT seq FROM audit_log WHERE inspection_id = ? AND action = 'sign'").get(id) as { seq: number }).seq;
}

/** The record is reported as changed, and export refuses it without marking it 已提交. */
async function expectCaught(problem: RegExp): Promise<void> {
  const { check, record } = await laptop.ok('inspections/audit', { id });
  expect(check.ok).toBe(true);
  expect(record.ok).toBe(false);
  expect(record.problems.join('；')).toMatch(problem);
  const exported = await laptop.fail('bundles/export', { inspectionIds: [id] });
  expect(exported.code).toBe('INTEGRITY');
  expect(exported.message).toMatch(problem);
  expect((await laptop.ok('inspections/list', {})).find((i) => i.id === id)?.status).toBe('signed');
}

describe('a signed record changed behind the app', () => {
  it('holds as the app wrote it, through an amendment and a second signing', async () => {
    expect((await laptop.ok('inspections/audit', { id })).record).toEqual({ ok: true, problems: [] });
    await laptop.ok('inspections/amend', { id, reason: '补充检查人员签名' });
    await signAll(laptop, id);
    await laptop.ok('inspections/sign', { id });
    expect((await laptop.ok('inspections/audit', { id })).record).toEqual({ ok: true, problems: [] });
  });

  it('the tail of the audit chain cut off, the sign entry with it', async () => {
    const db = raw(laptop);
    db.prepare('DELETE FROM audit_log WHERE inspection_id = ? AND seq >= ?').run(id, signSeq(db));
    await expectCaught(/操作日志缺少签署记录|截断/);
  });

  it('one entry before the signature edited and the rest of the chain re-hashed', async () => {
    const db = raw(laptop);
    db.prepare("UPDATE audit_log SET new_value = ? WHERE inspection_id = ? AND seq = 2").run(JSON.stringify({ score: 0 }), id);
    rehashStoredChain(db, id);
    await expectCaught(/签署之前的日志被改写/);
  });

  it('a revision rewritten consistently: canonical text, SHA-256 and totals', async () => {
    const db = raw(laptop);
    const rev = db.prepare('SELECT canonical, sha256 FROM revisions WHERE inspection_id = ? AND number = 1').get(id) as { canonical: string; sha256: string };
    const snap = JSON.parse(rev.canonical) as { totals: { total: number } };
    snap.totals.total = 100;
    const canonical = canonicalJson(snap);
    const sha256 = sha256Hex(canonical);
    db.prepare('UPDATE revisions SET canonical = ?, sha256 = ? WHERE inspection_id = ? AND number = 1').run(canonical, sha256, id);
    // The sign entry is made to name the new hash as well, and the chain re-hashed.
    const sign = signSeq(db);
    db.prepare('UPDATE audit_log SET new_value = ? WHERE inspection_id = ? AND seq = ?').run(JSON.stringify({ number: 1, sha256 }), id, sign);
    rehashStoredChain(db, id);
    await expectCaught(/设备签章无效/);
    const printed = await laptop.fail('pdf/render', { inspectionId: id, form: 'attachment3' });
    expect(printed.code).toBe('INTEGRITY');
  });

  it('the status flipped back from 已签署 to 已完成 so it can be signed again without an amendment', async () => {
    raw(laptop).prepare("UPDATE inspections SET status = 'completed' WHERE id = ?").run(id);
    const signed = await laptop.fail('inspections/sign', { id });
    expect(signed.code).toBe('INTEGRITY');
    expect(signed.message).toMatch(/状态被改回可编辑/);
    expect((await laptop.ok('inspections/revisions', { id })).map((r) => r.number)).toEqual([1]);
    expect((await laptop.ok('inspections/audit', { id })).record.ok).toBe(false);
  });

  it('a revision whose text no longer makes its SHA-256', async () => {
    raw(laptop).prepare("UPDATE revisions SET canonical = replace(canonical, '部分检验报告', '全部检验报告') WHERE inspection_id = ?").run(id);
    await expectCaught(/内容与其 SHA-256 不符/);
  });

  it('the seal removed from a revision', async () => {
    raw(laptop).prepare('UPDATE revisions SET seal = NULL WHERE inspection_id = ?').run(id);
    await expectCaught(/没有设备签章/);
  });
});

describe('a revision signed before seals existed', () => {
  function reopen(): void {
    laptop.close();
    laptop = openTempApp({ dataDir: laptop.dataDir, today: '2026-11-28' });
  }

  it('is sealed by this installation when the folder is next opened, and then holds', async () => {
    raw(laptop).prepare('UPDATE revisions SET seal = NULL WHERE inspection_id = ?').run(id);
    expect((await laptop.ok('inspections/audit', { id })).record.ok).toBe(false);
    reopen();
    expect((await laptop.ok('inspections/audit', { id })).record).toEqual({ ok: true, problems: [] });
    expect((await laptop.ok('bundles/export', { inspectionIds: [id] })).files).toHaveLength(1);
  });

  it('stays unsealed, and reported, when it no longer holds', async () => {
    raw(laptop).prepare("UPDATE revisions SET seal = NULL, canonical = replace(canonical, '部分检验报告', '全部检验报告') WHERE inspection_id = ?").run(id);
    reopen();
    const { record } = await laptop.ok('inspections/audit', { id });
    expect(record.ok).toBe(false);
    expect(record.problems.join('；')).toMatch(/SHA-256 不符/);
    expect(laptop.ctx.store.db.$client.prepare('SELECT seal FROM revisions WHERE inspection_id = ?').get(id)).toEqual({ seal: null });
  });
});

describe('a bundle from a trusted key whose audit log was changed before it was signed', () => {
  let bureau: TempApp;
  let text: string;
  beforeEach(async () => {
    bureau = openTempApp({ today: '2026-11-28' });
    await bureau.ok('profile/save', BUREAU_PROFILE);
    const enrollment = await laptop.ok('keys/exportEnrollment', {});
    await bureau.ok('bundles/trustEnrollment', { text: enrollment.text });
    text = (await laptop.ok('bundles/export', { inspectionIds: [id] })).files[0]?.text ?? '';
  });
  afterEach(() => bureau.dispose());

  function resigned(change: (inspection: { id: string; audit: AuditRecord[] }) => void): string {
    const parsed = JSON.parse(text) as { header: Record<string, unknown>; payload: { inspections: { id: string; audit: AuditRecord[] }[] } };
    const inspection = parsed.payload.inspections[0];
    if (!inspection) throw new Error('no inspection');
    change(inspection);
    const { payloadSha256: _hash, bundleId: _id, ...header } = parsed.header;
    return forgeBundle({ header, payload: parsed.payload }, deviceKey(laptop.ctx));
  }

  async function expectRefused(bad: string, reason: RegExp): Promise<void> {
    const { results } = await bureau.ok('bundles/import', { files: [{ name: 'bad.ducha.json', text: bad }] });
    expect(results[0]?.outcome).toBe('refused');
    expect(results[0]?.reason).toMatch(reason);
    expect(await bureau.ok('inspections/list', {})).toEqual([]);
  }

  it('is refused when the log was emptied', async () => {
    await expectRefused(
      resigned((i) => i.audit.splice(0)),
      /截断|缺少签署记录/,
    );
  });

  it('is refused when an entry was edited and the chain re-hashed', async () => {
    await expectRefused(
      resigned((i) => rehashAudit(i.id, i.audit, (e) => (e.seq === 2 ? { ...e, newValue: { score: 0 } } : e))),
      /签署之前的日志被改写/,
    );
  });

  it('imports the genuine file', async () => {
    const { results } = await bureau.ok('bundles/import', { files: [{ name: 'good.ducha.json', text }] });
    expect(results[0]?.outcome).toBe('imported');
    expect((await bureau.ok('inspections/audit', { id })).record).toEqual({ ok: true, problems: [] });
  });
});
