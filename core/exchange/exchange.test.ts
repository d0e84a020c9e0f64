/**
 * The hand-off end to end on real SQLite: an inspector's laptop and the bureau, each
 * its own temp data folder, talking only through bundle files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgeBundle } from '../../test/support/forge-bundle';
import { sha256Hex } from '../../bundle/canonical';
import { verifyBundleText } from '../../bundle/format';
import { makeCreditCode } from '../../forms/credit-code';
import { jpegHeaderOnly } from '../../test/support/images';
import { openTempApp, tempDir, type TempApp } from '../../test/support/temp-app';
import { BUREAU_PROFILE, makeSignedInspection, signAll } from '../../test/support/signed-inspection';
import { snapshotOf, totalledOtherwise, type Snapshot } from '../../test/support/exchange';
import { deviceKey } from '../domain/device-key';
import type { SnapshotRecord } from './payload';
import { loadTemplate, templateBodyText } from '../domain/templates';
import { assertFaithful, replaceWorkingCopy } from './working-copy';

let laptop: TempApp;
let bureau: TempApp;
let inspectionId: string;
let photoSha256: string;
const extra: TempApp[] = [];
const folders: string[] = [];

beforeEach(async () => {
  laptop = openTempApp({ today: '2026-11-27' });
  bureau = openTempApp({ today: '2026-11-28' });
  await bureau.ok('profile/save', BUREAU_PROFILE);
  ({ inspectionId, photoSha256 } = await makeSignedInspection(laptop));
});
afterEach(() => {
  for (const a of [laptop, bureau, ...extra.splice(0)]) a.dispose();
  for (const f of folders.splice(0)) fs.rmSync(f, { recursive: true, force: true });
});

async function exportText(app: TempApp, ids = [inspectionId]): Promise<string> {
  const out = await app.ok('bundles/export', { inspectionIds: ids });
  const text = out.files[0]?.text;
  if (!text) throw new Error('no bundle text');
  return text;
}

async function trustLaptop(app: TempApp = bureau, from: TempApp = laptop): Promise<void> {
  const enrollment = await from.ok('keys/exportEnrollment', {});
  await app.ok('bundles/trustEnrollment', { text: enrollment.text });
}

/**
 * The rows stored for the inspection, read back from SQLite, make exactly its latest
 * signed revision (the import checks the rows before writing them; this is end to end).
 */
async function expectStoredAsSigned(app: TempApp, id: string): Promise<void> {
  const revs = await app.ok('inspections/revisions', { id });
  const last = revs[revs.length - 1];
  const { canonical } = await app.ok('inspections/revision', { id, number: last?.number ?? 0 });
  expect(() => assertFaithful(app.ctx, id, JSON.parse(canonical) as SnapshotRecord, 'latest')).not.toThrow();
}

async function importOne(app: TempApp, text: string, name = 'bundle.ducha.json') {
  const { results } = await app.ok('bundles/import', { files: [{ name, text }] });
  const r = results[0];
  if (!r) throw new Error('no result');
  return r;
}

/** Asserts the import changed nothing but one refused row in the import log. */
function expectUnchanged(before: Snapshot, after: Snapshot): void {
  expect(after.rows).toBe(before.rows);
  expect(after.files).toEqual(before.files);
  expect({ ...after.counts, bundle_imports: 0 }).toEqual({ ...before.counts, bundle_imports: 0 });
  expect(after.counts.bundle_imports).toBe((before.counts.bundle_imports ?? 0) + 1);
}

describe('export', () => {
  it('refuses drafts, naming them, and changes nothing', async () => {
    const agency = (await laptop.ok('agencies/list', {}))[0];
    if (!agency) throw new Error('no agency');
    const draft = await laptop.ok('inspections/create', { agencyId: agency.id, type: '日常监督检查', inspectedOn: '2026-11-20' });
    const err = await laptop.fail('bundles/export', { inspectionIds: [inspectionId, draft.id] });
    expect(err).toMatchObject({ code: 'VALIDATION', path: 'inspectionIds' });
    expect(err.message).toContain('上海申𠮷检测有限公司 2026-11-20');
    expect(err.message).toContain('尚未签署');
    // The signed one was not marked 已提交 either: the whole export was refused.
    expect((await laptop.ok('inspections/list', {})).find((i) => i.id === inspectionId)?.status).toBe('signed');
  });

  it('marks 已签署 as 已提交, carries the submit entry, and names the file <机构>_<日期>_<编号>.ducha.json', async () => {
    const out = await laptop.ok('bundles/export', { inspectionIds: [inspectionId] });
    expect(out.inspections).toEqual([expect.objectContaining({ id: inspectionId, markedSubmitted: true })]);
    const file = out.files[0];
    expect(file?.fileName).toMatch(/^上海申𠮷检测有限公司_2026-11-27_[0-9a-f]{8}\.ducha\.json$/);
    expect(file?.kind).toBe('complete');
    expect(file?.path).toBeNull();
    expect(out.warning).toBeNull();
    expect((await laptop.ok('inspections/list', {}))[0]?.status).toBe('submitted');
    const verified = verifyBundleText(file?.text ?? '');
    if (!verified.ok) throw new Error(verified.reason);
    const payload = verified.bundle.payload as unknown as { inspections: { audit: { action: string }[]; revisions: unknown[] }[]; evidence: { sha256: string }[] };
    expect(payload.inspections[0]?.audit.at(-1)?.action).toBe('submit');
    expect(payload.inspections[0]?.revisions).toHaveLength(1);
    // Photo, thumbnail and the (shared) signature image.
    expect(payload.evidence.map((e) => e.sha256)).toContain(photoSha256);
    expect(payload.evidence).toHaveLength(3);
    expect(verified.bundle.header.inspector.name).toBe('王春艳');
    // Exporting again is allowed and marks nothing.
    const again = await laptop.ok('bundles/export', { inspectionIds: [inspectionId] });
    expect(again.inspections[0]?.markedSubmitted).toBe(false);
  });

  it('writes into a folder atomically, and refuses a folder that does not exist without marking anything', async () => {
    const missing = await laptop.fail('bundles/export', { inspectionIds: [inspectionId], folder: path.join(laptop.dataDir, 'no-such-usb') });
    expect(missing).toMatchObject({ code: 'VALIDATION', path: 'folder' });
    expect(missing.message).toContain('不存在');
    expect((await laptop.ok('inspections/list', {}))[0]?.status).toBe('signed');

    const usb = tempDir('ducha-usb-');
    folders.push(usb);
    const out = await laptop.ok('bundles/export', { inspectionIds: [inspectionId], folder: usb, fileName: '交局.ducha.json' });
    expect(out.files[0]?.text).toBeNull();
    expect(out.files[0]?.path).toBe(path.join(usb, '交局.ducha.json'));
    expect(fs.readdirSync(usb)).toEqual(['交局.ducha.json']);
    expect(verifyBundleText(fs.readFileSync(path.join(usb, '交局.ducha.json'))).ok).toBe(true);
    const bad = await laptop.fail('bundles/export', { inspectionIds: [inspectionId], folder: usb, fileName: '../x.ducha.json' });
    expect(bad).toMatchObject({ code: 'VALIDATION', path: 'fileName' });
  });

  it('splits the evidence into evidence-only bundles on request; the records bundle imports first and says what is pending', async () => {
    const out = await laptop.ok('bundles/export', { inspectionIds: [inspectionId], splitEvidence: true });
    expect(out.files.map((f) => f.kind)).toEqual(['records', 'evidence']);
    expect(out.files[1]?.fileName).toMatch(/_证据1-1\.ducha\.json$/);
    await trustLaptop();
    const records = await importOne(bureau, out.files[0]?.text ?? '');
    expect(records.outcome).toBe('imported');
    expect(records.counts.filesPending).toBe(3);
    expect(records.reason).toContain('另外 1 个证据数据包');
    expect((await bureau.fail('evidence/image', { sha256: photoSha256 })).code).toBe('NOT_FOUND');
    const evidence = await importOne(bureau, out.files[1]?.text ?? '');
    expect(evidence).toMatchObject({ outcome: 'imported', counts: expect.objectContaining({ files: 3 }) });
    expect((await bureau.ok('evidence/image', { sha256: photoSha256 })).mediaType).toBe('image/jpeg');
  });

  it('warns above 20 MB and, asked to split, keeps every file at or under 20 MB; the parts import in any order', async () => {
    await laptop.ok('inspections/amend', { id: inspectionId, reason: '补充现场照片' });
    const photos: string[] = [];
    for (const seed of [1, 2, 3]) {
      // Photo-sized files: a real JPEG header, then 8 MB of data.
      const bytes = Buffer.concat([jpegHeaderOnly(1600, 1200), Buffer.alloc(8 * 1024 * 1024, seed)]);
      const e = await laptop.ok('evidence/add', {
        inspectionId,
        imageBase64: bytes.toString('base64'),
        thumbBase64: jpegHeaderOnly(160, 120).toString('base64'),
        takenAt: `2026-11-27T03:0${seed}:00.000Z`,
      });
      photos.push(e.sha256);
    }
    await signAll(laptop, inspectionId);
    await laptop.ok('inspections/sign', { id: inspectionId });

    const preview = await laptop.ok('bundles/exportPreview', { inspectionIds: [inspectionId] });
    expect(preview).toMatchObject({ overLimit: true, limitBytes: 20 * 1024 * 1024 });
    expect(preview.estimatedBytes).toBeGreaterThan(32 * 1024 * 1024);
    const whole = await laptop.ok('bundles/export', { inspectionIds: [inspectionId] });
    expect(whole.files).toHaveLength(1);
    expect(whole.warning).toContain('超过 20 MB');
    expect(whole.warning).toContain('拆分证据');

    const split = await laptop.ok('bundles/export', { inspectionIds: [inspectionId], splitEvidence: true });
    // Each photo is 10.7 MB in base64, so two never share a 20 MB part.
    expect(split.files.map((f) => f.kind)).toEqual(['records', 'evidence', 'evidence', 'evidence']);
    for (const f of split.files) expect(f.bytes).toBeLessThanOrEqual(20 * 1024 * 1024);
    expect(split.warning).toBeNull();
    await trustLaptop();
    // Evidence first, records last: the order does not matter.
    const results = await bureau.ok('bundles/import', { files: [...split.files].reverse().map((f) => ({ name: f.fileName, text: f.text ?? '' })) });
    expect(results.results.map((r) => r.outcome)).toEqual(['imported', 'imported', 'imported', 'imported']);
    expect(results.results[3]?.counts.filesPending).toBe(0);
    for (const sha of photos) expect(Buffer.from((await bureau.ok('evidence/image', { sha256: sha })).base64, 'base64').length).toBeGreaterThan(8 * 1024 * 1024);
  }, 60_000);

  it('hands off by e-mail: an .eml draft with the bundle attached', async () => {
    const out = await laptop.ok('bundles/exportEml', { inspectionIds: [inspectionId], to: 'shiju@example.cn' });
    const eml = out.files[0];
    expect(eml?.fileName).toMatch(/\.eml$/);
    expect(eml?.text).toContain('X-Unsent: 1');
    expect(eml?.text).toContain('To: shiju@example.cn');
    // The attachment decodes back to a valid bundle.
    const body = (eml?.text ?? '').split('Content-Disposition: attachment;')[1] ?? '';
    const base64 = body.split('\r\n\r\n')[1]?.split('\r\n--')[0]?.replace(/\r\n/g, '') ?? '';
    expect(verifyBundleText(Buffer.from(base64, 'base64')).ok).toBe(true);
  });
});

describe('import on the bureau', () => {
  it('brings the same revisions, audit chain, signatures and evidence; the chain verifies there too', async () => {
    const text = await exportText(laptop);
    await trustLaptop();
    const r = await importOne(bureau, text);
    expect(r).toMatchObject({
      outcome: 'imported',
      counts: expect.objectContaining({ agenciesAdded: 1, inspectionsAdded: 1, revisionsAdded: 1, files: 3 }),
      inspections: [expect.objectContaining({ id: inspectionId, action: 'added', agencyName: '上海申𠮷检测有限公司' })],
    });
    const here = await laptop.ok('inspections/revision', { id: inspectionId, number: 1 });
    const there = await bureau.ok('inspections/revision', { id: inspectionId, number: 1 });
    expect(there.canonical).toBe(here.canonical);
    expect(there.summary.sha256).toBe(sha256Hex(here.canonical));
    const auditHere = await laptop.ok('inspections/audit', { id: inspectionId });
    const auditThere = await bureau.ok('inspections/audit', { id: inspectionId });
    expect(auditThere.check).toEqual(auditHere.check);
    expect(auditThere.check.ok).toBe(true);
    expect(auditThere.entries).toEqual(auditHere.entries);
    // Stored text for text as the laptop stores it: people's members in the app's own order, not the canonical one.
    const peopleAsStored = (app: TempApp) => {
      const db = app.ctx.store.sqlite;
      return {
        actors: db.prepare('SELECT actor FROM audit_log WHERE inspection_id = ? ORDER BY seq').pluck().all(inspectionId),
        signedBy: db.prepare('SELECT signed_by FROM revisions WHERE inspection_id = ? ORDER BY number').pluck().all(inspectionId),
        inspectors: db.prepare('SELECT inspectors FROM inspections WHERE id = ?').pluck().get(inspectionId),
      };
    };
    expect(peopleAsStored(bureau)).toEqual(peopleAsStored(laptop));
    expect(peopleAsStored(bureau).actors[0]).toMatch(/^\{"name":/);

    const list = await bureau.ok('inspections/list', {});
    expect(list).toEqual([expect.objectContaining({ id: inspectionId, status: 'submitted', revision: 1, total: (await laptop.ok('inspections/list', {}))[0]?.total })]);
    const sigs = await bureau.ok('signatures/list', { inspectionId });
    expect(sigs.map((s) => s.signerName)).toEqual(['王春艳', '林涛', '张喆']);
    const img = await bureau.ok('evidence/image', { sha256: sigs[0]?.imageSha256 ?? '' });
    expect(img.mediaType).toBe('image/png');
    const photos = await bureau.ok('evidence/list', { inspectionId });
    expect(photos).toEqual([expect.objectContaining({ sha256: photoSha256, itemNo: 16, caption: '报告抽查' })]);
    const findings = await bureau.ok('findings/list', { inspectionId });
    expect(findings.map((f) => f.description)).toEqual(['部分检验报告缺少审核人签字']);
    expect(photos[0]?.findingId).toBe(findings[0]?.id);
    // The received record is locked like a signed one.
    expect((await bureau.fail('inspections/saveItem', { inspectionId, no: 1, score: 0 })).code).toBe('CONFLICT');
    await expectStoredAsSigned(bureau, inspectionId);
    // …and that check sees a row changed behind the app's back.
    bureau.ctx.store.sqlite.prepare('UPDATE inspection_items SET remark = ? WHERE inspection_id = ? AND item_no = 1').run('事后改动', inspectionId);
    await expect(expectStoredAsSigned(bureau, inspectionId)).rejects.toThrow();
  });

  it('reports the same bundle again as a duplicate and changes nothing', async () => {
    const text = await exportText(laptop);
    await trustLaptop();
    await importOne(bureau, text);
    const before = snapshotOf(bureau);
    const again = await importOne(bureau, text, 'copy.ducha.json');
    expect(again.outcome).toBe('duplicate');
    expect(again.reason).toContain('已于');
    expectUnchanged(before, snapshotOf(bureau));
  });

  it('appends a newer revision after an amendment, keeping the first as history', async () => {
    await trustLaptop();
    await importOne(bureau, await exportText(laptop));
    await laptop.ok('inspections/amend', { id: inspectionId, reason: '第 16 项扣分依据补充' });
    await laptop.ok('inspections/saveItem', { inspectionId, no: 16, score: 2.5 });
    await signAll(laptop, inspectionId);
    const second = await laptop.ok('inspections/sign', { id: inspectionId });
    const r = await importOne(bureau, await exportText(laptop));
    expect(r).toMatchObject({ outcome: 'imported', inspections: [expect.objectContaining({ action: 'updated' })] });
    expect(r.counts.revisionsAdded).toBe(1);
    const revs = await bureau.ok('inspections/revisions', { id: inspectionId });
    expect(revs.map((x) => [x.number, x.sha256])).toEqual([
      [1, revs[0]?.sha256],
      [2, second.sha256],
    ]);
    expect(revs[1]?.parentSha256).toBe(revs[0]?.sha256);
    const detail = await bureau.ok('inspections/get', { id: inspectionId });
    expect(detail.items.find((i) => i.no === 16)?.score).toBe(2.5);
    expect(detail.inspection.revision).toBe(2);
    await expectStoredAsSigned(bureau, inspectionId);
    const audit = await bureau.ok('inspections/audit', { id: inspectionId });
    expect(audit.check).toEqual((await laptop.ok('inspections/audit', { id: inspectionId })).check);
    // An older bundle arriving late changes nothing.
    expect((await importOne(bureau, await exportText(laptop))).inspections[0]?.action).toBe('unchanged');
  });

  it('keeps two revisions of the same parent as a conflict for a person to resolve', async () => {
    await trustLaptop();
    await importOne(bureau, await exportText(laptop));
    // A copy of the laptop's data folder (a restored backup) amends the record differently.
    laptop.ctx.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const copyDir = tempDir('ducha-copy-');
    fs.cpSync(laptop.dataDir, copyDir, { recursive: true });
    const copy = openTempApp({ dataDir: copyDir });
    extra.push(copy);

    for (const [app, score] of [
      [laptop, 2.5],
      [copy, 1.5],
    ] as const) {
      await app.ok('inspections/amend', { id: inspectionId, reason: `第 16 项改为 ${score} 分` });
      await app.ok('inspections/saveItem', { inspectionId, no: 16, score });
      await signAll(app, inspectionId);
      await app.ok('inspections/sign', { id: inspectionId });
    }
    expect((await importOne(bureau, await exportText(laptop))).inspections[0]?.action).toBe('updated');
    const fromCopy = await exportText(copy);
    const r = await importOne(bureau, fromCopy);
    expect(r).toMatchObject({ outcome: 'imported', counts: expect.objectContaining({ conflicts: 1, revisionsAdded: 0 }) });
    expect(r.inspections[0]?.action).toBe('conflict');
    const [conflict, ...more] = await bureau.ok('bundles/conflicts', {});
    expect(more).toEqual([]);
    expect(conflict).toMatchObject({ inspectionId, incoming: { number: 2 }, local: { number: 2 }, resolution: null });
    expect(conflict?.cause).toContain('都以第 1 版为上一版');
    // Ours stays current until someone decides.
    expect((await bureau.ok('inspections/get', { id: inspectionId })).items.find((i) => i.no === 16)?.score).toBe(2.5);
    // Offering the same bundle again records nothing new.
    expect((await importOne(bureau, fromCopy)).outcome).toBe('duplicate');

    const resolved = await bureau.ok('bundles/resolveConflict', { id: conflict?.id ?? '', keep: 'incoming' });
    expect(resolved).toMatchObject({ resolution: 'incoming', resolvedBy: { name: BUREAU_PROFILE.name } });
    const revs = await bureau.ok('inspections/revisions', { id: inspectionId });
    expect(revs.map((x) => x.number)).toEqual([1, 2, 3]);
    expect(revs[2]?.sha256).toBe(conflict?.incoming.sha256);
    expect(revs[2]?.parentSha256).toBe(revs[0]?.sha256);
    expect((await bureau.ok('inspections/get', { id: inspectionId })).items.find((i) => i.no === 16)?.score).toBe(1.5);
    await expectStoredAsSigned(bureau, inspectionId);
    expect((await bureau.ok('inspections/audit', { id: inspectionId })).check.ok).toBe(true);
    expect(await bureau.ok('bundles/conflicts', {})).toEqual([]);
    expect((await bureau.fail('bundles/resolveConflict', { id: conflict?.id ?? '', keep: 'local' })).code).toBe('CONFLICT');
  });

  it('keeping the local revision closes the conflict and changes nothing else', async () => {
    await trustLaptop();
    await importOne(bureau, await exportText(laptop));
    // The bureau itself amends and signs; the laptop's amendment then collides with it.
    await bureau.ok('inspections/amend', { id: inspectionId, reason: '市局复核' });
    await signAll(bureau, inspectionId);
    await bureau.ok('inspections/sign', { id: inspectionId });
    await laptop.ok('inspections/amend', { id: inspectionId, reason: '补充问题描述' });
    await signAll(laptop, inspectionId);
    await laptop.ok('inspections/sign', { id: inspectionId });
    const r = await importOne(bureau, await exportText(laptop));
    expect(r.inspections[0]?.action).toBe('conflict');
    const [conflict] = await bureau.ok('bundles/conflicts', {});
    const before = snapshotOf(bureau);
    await bureau.ok('bundles/resolveConflict', { id: conflict?.id ?? '', keep: 'local' });
    const after = snapshotOf(bureau);
    expect(after.counts).toEqual(before.counts);
    expect(await bureau.ok('bundles/conflicts', { includeResolved: true })).toEqual([expect.objectContaining({ resolution: 'local' })]);
  });

  it('quarantines a bundle from an unknown key, imports nothing, and releases it once the key is trusted', async () => {
    const text = await exportText(laptop);
    const before = snapshotOf(bureau);
    const r = await importOne(bureau, text, '来自检查员.ducha.json');
    expect(r.outcome).toBe('quarantined');
    expect(r.reason).toContain('尚未受信任');
    expect(r.reason).toContain(r.fingerprint ?? '-');
    const after = snapshotOf(bureau);
    expect(after.counts.inspections).toBe(before.counts.inspections);
    expect(after.counts.agencies).toBe(before.counts.agencies);
    expect(after.counts.quarantine).toBe(1);
    const held = await bureau.ok('bundles/quarantine', {});
    expect(held).toEqual([
      expect.objectContaining({
        bundleId: r.bundleId,
        keyTrusted: false,
        fileName: '来自检查员.ducha.json',
        inspections: [{ agencyName: '上海申𠮷检测有限公司', inspectedOn: '2026-11-27' }],
      }),
    ]);
    const kept = path.join(bureau.dataDir, 'quarantine', `${r.bundleId}.ducha.json`);
    expect(fs.readFileSync(kept, 'utf8')).toBe(text);

    // Releasing before trusting is refused.
    expect((await bureau.fail('bundles/releaseQuarantine', { bundleId: r.bundleId })).message).toContain('请先信任');
    const trusted = await bureau.ok('bundles/trustKey', { keyId: r.keyId ?? '' });
    expect(trusted).toMatchObject({ source: 'bundle', fingerprint: r.fingerprint, inspector: { name: '王春艳' }, trustedBy: { name: BUREAU_PROFILE.name } });
    expect((await bureau.ok('bundles/quarantine', {}))[0]?.keyTrusted).toBe(true);
    const released = await bureau.ok('bundles/releaseQuarantine', { bundleId: r.bundleId ?? '' });
    expect(released).toMatchObject({ outcome: 'imported', counts: expect.objectContaining({ inspectionsAdded: 1 }) });
    expect(await bureau.ok('bundles/quarantine', {})).toEqual([]);
    expect(fs.existsSync(kept)).toBe(false);
    expect((await bureau.ok('inspections/audit', { id: inspectionId })).check.ok).toBe(true);
    // Further bundles from that key import directly.
    expect((await importOne(bureau, text)).outcome).toBe('duplicate');
  });

  it('can discard a quarantined bundle, and revoke trust so later bundles are held again', async () => {
    const text = await exportText(laptop);
    const r = await importOne(bureau, text);
    await bureau.ok('bundles/discardQuarantine', { bundleId: r.bundleId ?? '' });
    expect(await bureau.ok('bundles/quarantine', {})).toEqual([]);
    expect(fs.existsSync(path.join(bureau.dataDir, 'quarantine', `${r.bundleId}.ducha.json`))).toBe(false);
    await trustLaptop();
    expect(await bureau.ok('bundles/trustedKeys', {})).toEqual([expect.objectContaining({ source: 'enrollment', inspector: expect.objectContaining({ badgeNo: '31000120001' }) })]);
    await bureau.ok('bundles/untrustKey', { keyId: r.keyId ?? '' });
    expect((await importOne(bureau, text)).outcome).toBe('quarantined');
  });

  it('refuses an enrollment request that was edited after signing', async () => {
    const enrollment = await laptop.ok('keys/exportEnrollment', {});
    const edited = enrollment.text.replace('王春艳', '王春燕');
    const err = await bureau.fail('bundles/trustEnrollment', { text: edited });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('签名验证失败');
    expect(await bureau.ok('bundles/trustedKeys', {})).toEqual([]);
  });
});

describe('the working-copy proof', () => {
  it("relies on the worker's proof only when it was made with this machine's own template text", async () => {
    const { canonical } = await laptop.ok('inspections/revision', { id: inspectionId, number: 1 });
    const signed = JSON.parse(canonical) as SnapshotRecord;
    // Totals this machine computes differently: the rows written from it would not make it.
    const altered = { ...signed, totals: signed.totals && { ...signed.totals, total: signed.totals.total + 1 } };
    const own = templateBodyText(loadTemplate(laptop.ctx, { id: signed.inspection.templateId, version: signed.inspection.templateVersion }));
    const rollback = new Error('rollback');
    const replace = (provenWith?: string) => () => {
      try {
        laptop.ctx.store.sqlite.transaction(() => {
          replaceWorkingCopy(laptop.ctx, inspectionId, altered, '该检查', { provenWith });
          throw rollback;
        })();
      } catch (error) {
        if (error !== rollback) throw error;
      }
    };
    expect(replace()).toThrow(/该检查的内容无法在本机如实还原/);
    expect(replace(`${own} `)).toThrow(/该检查的内容无法在本机如实还原/);
    // A proof made with this very template text is taken as it is (so the check must stay on the worker).
    expect(replace(own)).not.toThrow();
    await expectStoredAsSigned(laptop, inspectionId);
  });
});

describe('refused bundles change nothing', () => {
  let text: string;
  beforeEach(async () => {
    text = await exportText(laptop);
    await trustLaptop();
  });

  /** The sender's header without the payload hash, so that forgeBundle signs the changed payload. */
  function resign(header: Record<string, unknown>): Record<string, unknown> {
    const { payloadSha256: _hash, bundleId: _id, ...rest } = header;
    return rest;
  }

  async function expectRefused(bad: string, reason: RegExp): Promise<void> {
    const before = snapshotOf(bureau);
    const r = await importOne(bureau, bad, 'bad.ducha.json');
    expect(r.outcome).toBe('refused');
    expect(r.reason).toMatch(reason);
    expectUnchanged(before, snapshotOf(bureau));
    const logged = (await bureau.ok('bundles/imports', {}))[0];
    expect(logged).toMatchObject({ outcome: 'refused', fileName: 'bad.ducha.json', reason: r.reason });
  }

  it('a changed byte in the payload', async () => {
    const i = text.indexOf('部分检验报告');
    await expectRefused(text.slice(0, i) + '全部' + text.slice(i + 2), /SHA-256.*不一致|签名/);
  });

  it('a truncated file', async () => {
    await expectRefused(text.slice(0, Math.floor(text.length * 0.6)), /无法读取/);
  });

  it('an unknown format version, stating the version', async () => {
    const key = deviceKey(laptop.ctx);
    const parsed = JSON.parse(text) as { header: Record<string, unknown>; payload: unknown };
    await expectRefused(forgeBundle({ header: { ...parsed.header, version: 2 }, payload: parsed.payload }, key), /版本为 2/);
  });

  it('duplicate keys in the JSON', async () => {
    await expectRefused(text.replace('{"header":{', '{"header":{"alg":"ed25519",'), /键 "alg" 出现了两次/);
  });

  it('a signed bundle whose audit chain was rewritten before signing', async () => {
    const key = deviceKey(laptop.ctx);
    const parsed = JSON.parse(text) as { header: Record<string, unknown>; payload: { inspections: { audit: { newValue: unknown }[] }[] } };
    const entry = parsed.payload.inspections[0]?.audit[5];
    if (!entry) throw new Error('no audit entry');
    entry.newValue = 0;
    await expectRefused(forgeBundle({ header: resign(parsed.header), payload: parsed.payload }, key), /操作日志第 6 条.*哈希不符/);
  });

  it('a signed bundle whose revision text does not match its hash', async () => {
    const key = deviceKey(laptop.ctx);
    const parsed = JSON.parse(text) as { header: Record<string, unknown>; payload: { inspections: { revisions: { canonical: string }[] }[] } };
    const rev = parsed.payload.inspections[0]?.revisions[0];
    if (!rev) throw new Error('no revision');
    rev.canonical = rev.canonical.replace('"score":3', '"score":4');
    await expectRefused(forgeBundle({ header: resign(parsed.header), payload: parsed.payload }, key), /第 1 版的内容与其 SHA-256 不符/);
  });

  it('a signed revision whose scores this machine does not total the same way', async () => {
    // Hashes and signature all hold; only the rows rebuilt from it would say another total.
    await expectRefused(totalledOtherwise(text, deviceKey(laptop.ctx)), /第 1 版的内容无法在本机如实还原/);
  });

  it('an agency whose credit code is registered here as a different agency', async () => {
    await bureau.ok('agencies/save', {
      name: '另一家检测公司',
      address: '上海市黄浦区中山东一路 1 号',
      legalRep: '李四',
      creditCode: makeCreditCode('91310113MA1G7H8J2'),
      district: '黄浦区',
      kind: '检测机构',
    });
    await expectRefused(text, /已登记为另一机构「另一家检测公司」/);
  });
});

describe('device keys', () => {
  it('creates an Ed25519 key on first use in keys/ with mode 0600, and never shows the private key', async () => {
    const shown = await laptop.ok('keys/show', {});
    expect(shown.current).toMatchObject({ alg: 'ed25519', protection: 'file' });
    expect(shown.current.fingerprint).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    const file = path.join(laptop.dataDir, 'keys', 'ed25519', 'device-key.json');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(shown)).not.toContain('privateKey');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { privateKey: string };
    expect(JSON.stringify(shown)).not.toContain(stored.privateKey);
    expect(JSON.stringify(await laptop.ok('keys/exportEnrollment', {}))).not.toContain(stored.privateKey);
  });

  it('signs with SM2/SM3 once chosen; the bureau verifies and imports such bundles', async () => {
    const before = await laptop.ok('keys/show', {});
    const edEnrollment = await laptop.ok('keys/exportEnrollment', {});
    const after = await laptop.ok('keys/setAlg', { alg: 'sm2-sm3' });
    expect(after.current.alg).toBe('sm2-sm3');
    expect(after.current.keyId).not.toBe(before.current.keyId);
    expect(after.keys.map((k) => k.alg).sort()).toEqual(['ed25519', 'sm2-sm3']);
    const text = await exportText(laptop);
    expect((JSON.parse(text) as { header: { alg: string } }).header.alg).toBe('sm2-sm3');
    await trustLaptop();
    // The revision was sealed with the Ed25519 key, before the switch: that key must be trusted too.
    const untrustedSeal = await importOne(bureau, text);
    expect(untrustedSeal.outcome).toBe('refused');
    expect(untrustedSeal.reason).toContain(`设备签章来自本机不信任的密钥（${before.current.keyId}）`);
    await bureau.ok('bundles/trustEnrollment', { text: edEnrollment.text });
    expect((await importOne(bureau, text)).outcome).toBe('imported');
    // Switching back uses the same Ed25519 key as before.
    expect((await laptop.ok('keys/setAlg', { alg: 'ed25519' })).current.keyId).toBe(before.current.keyId);
  });

  it('refuses to trust its own key', async () => {
    const own = await laptop.ok('keys/exportEnrollment', {});
    const err = await laptop.fail('bundles/trustEnrollment', { text: own.text });
    expect(err.message).toContain('本机自己的设备密钥');
  });

  it('imports its own bundles without any trust entry', async () => {
    const r = await importOne(laptop, await exportText(laptop));
    expect(r).toMatchObject({ outcome: 'imported', inspections: [expect.objectContaining({ action: 'unchanged' })] });
  });
});

describe('考试机构 inspections', () => {
  it('travel too: the 3 抽查 results rebuild exactly, with a finding closed on the laptop', async () => {
    const agency = await laptop.ok('agencies/save', {
      name: '上海市特种设备作业人员考试中心',
      address: '上海市徐汇区漕溪路 1 号',
      legalRep: '周敏',
      creditCode: makeCreditCode('12310000MB2C3D4E5'),
      district: '徐汇区',
      kind: '考试机构',
    });
    const exam = await laptop.ok('inspections/create', {
      agencyId: agency.id,
      kind: 'exam',
      type: '日常监督检查',
      inspectedOn: '2026-11-25',
      inspectors: [{ name: '王春艳', badgeNo: '31000120001' }, { name: '林涛', badgeNo: '31000120017' }],
    });
    await laptop.ok('exam/save', { inspectionId: exam.id, no: 1, result: '符合' });
    await laptop.ok('exam/save', { inspectionId: exam.id, no: 2, result: '不符合', problem: '考场未按规定配备监考人员' });
    await laptop.ok('exam/save', { inspectionId: exam.id, no: 3, result: '不适用' });
    await laptop.ok('findings/save', {
      inspectionId: exam.id,
      description: '考场纪律执行不到位',
      severity: '违法违规行为',
      notifiedOn: '2026-11-25',
      rectification: '已补配监考人员',
      closedOn: '2026-11-26',
    });
    await signAll(laptop, exam.id);
    await laptop.ok('inspections/sign', { id: exam.id });
    await trustLaptop();
    const r = await importOne(bureau, await exportText(laptop, [exam.id]));
    expect(r).toMatchObject({ outcome: 'imported', inspections: [expect.objectContaining({ action: 'added' })] });
    expect(await bureau.ok('exam/get', { id: exam.id })).toEqual(await laptop.ok('exam/get', { id: exam.id }));
    const [finding] = await bureau.ok('findings/list', { inspectionId: exam.id });
    expect(finding).toMatchObject({ severity: '违法违规行为', closedOn: '2026-11-26', rectification: '已补配监考人员' });
    expect((await bureau.ok('inspections/list', {}))[0]).toMatchObject({ kind: 'exam', total: null, status: 'submitted' });
    await expectStoredAsSigned(bureau, exam.id);
  });
});

describe('several agencies and inspections in one bundle', () => {
  it('imports them all in one go', async () => {
    const second = await makeSignedInspection(laptop, { agencyName: '上海浦江特种设备检验有限公司', code17: '91310115MA1H2K3L4', inspectedOn: '2026-11-26', photo: false });
    const out = await laptop.ok('bundles/export', { inspectionIds: [inspectionId, second.inspectionId] });
    expect(out.files[0]?.fileName).toMatch(/等2家_2026-11-27_/);
    await trustLaptop();
    const r = await importOne(bureau, out.files[0]?.text ?? '');
    expect(r.counts).toMatchObject({ agenciesAdded: 2, inspectionsAdded: 2, revisionsAdded: 2 });
    expect((await bureau.ok('inspections/list', {})).map((i) => i.inspectedOn).sort()).toEqual(['2026-11-26', '2026-11-27']);
  });

  it('a later bundle with a newer agency record updates it; an older one does not', async () => {
    await trustLaptop();
    const old = await exportText(laptop);
    const agency = (await laptop.ok('agencies/list', {}))[0];
    if (!agency) throw new Error('no agency');
    await laptop.ok('agencies/save', { ...agency, address: '上海市宝山区友谊路 99 号', certificates: [] });
    const newer = await exportText(laptop);
    await importOne(bureau, newer);
    expect((await bureau.ok('agencies/list', {}))[0]?.address).toBe('上海市宝山区友谊路 99 号');
    await importOne(bureau, old);
    expect((await bureau.ok('agencies/list', {}))[0]?.address).toBe('上海市宝山区友谊路 99 号');
  });
});
