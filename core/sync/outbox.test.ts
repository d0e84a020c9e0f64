/**
 * The outbox beyond the plain path: rows the migration queued without a bundle, records
 * being amended, newer revisions, bundles the receiver lost, receipts for other bytes, and
 * builds that fail at signing.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteOutboxRow, insertOutboxRow, listRevisionRows } from '../../db/repositories/sync';
import { startFakeReceiver, type FakeReceiver } from '../../test/support/fake-receiver';
import { BUREAU_PROFILE, makeSignedInspection, signAll } from '../../test/support/signed-inspection';
import { jpegHeaderOnly } from '../../test/support/images';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import { deviceKey } from '../domain/device-key';
import { blobPath } from '../evidence/store';
import { requireInspection } from '../records/guard';
import { enqueueLatest } from './enqueue';

let app: TempApp;
let receiver: FakeReceiver;
let inspectionId: string;
let photoSha256: string;

beforeEach(async () => {
  app = openTempApp({ today: '2026-11-27' });
  receiver = await startFakeReceiver();
  ({ inspectionId, photoSha256 } = await makeSignedInspection(app));
  const info = await app.ok('sync/preview', { text: receiver.connectionText });
  await app.ok('sync/connect', { text: receiver.connectionText, fingerprint: info.fingerprint });
  receiver.approve(deviceKey(app.ctx).keyId);
});
afterEach(async () => {
  app.dispose();
  await receiver.close();
});

const rowsOf = (revision: number) => listRevisionRows(app.ctx.store.db, inspectionId, revision);

/** Replaces the revision's rows by one unbuilt row, as the migration leaves an inspection signed before sync. */
function asMigrated(revision: number): void {
  app.ctx.store.transaction(() => {
    for (const r of rowsOf(revision)) deleteOutboxRow(app.ctx.store.db, r.seq);
    insertOutboxRow(app.ctx.store.db, { inspectionId, revision, part: 0, enqueuedAt: new Date().toISOString() });
  });
}

describe('unbuilt rows', () => {
  it('are built by the sender and delivered in the same pass', async () => {
    asMigrated(1);
    expect(rowsOf(1)).toMatchObject([{ bundleId: null, bytes: null }]);
    const out = await app.ok('sync/now', {});
    expect(out.outcomes).toMatchObject([{ inspectionId, outcome: 'delivered' }]);
    expect(rowsOf(1)).toMatchObject([{ state: 'delivered', bundleId: expect.any(String) }]);
    expect((await app.ok('inspections/get', { id: inspectionId })).inspection.status).toBe('submitted');
  });

  it('wait while the record is being amended, and give way to the newer revision once it is signed', async () => {
    asMigrated(1);
    await app.ok('inspections/amend', { id: inspectionId, reason: '补充问题记录' });
    expect((await app.ok('sync/now', {})).outcomes).toEqual([]);
    expect(rowsOf(1)).toMatchObject([{ bundleId: null, state: 'queued' }]);
    await signAll(app, inspectionId);
    await app.ok('inspections/sign', { id: inspectionId });
    expect(rowsOf(2)).toHaveLength(1);
    const out = await app.ok('sync/now', {});
    expect(out.outcomes).toMatchObject([{ outcome: 'delivered' }]);
    // Revision 1 was never sent: revision 2's bundle carries its history.
    expect(rowsOf(1)).toEqual([]);
    expect((await app.ok('sync/deliveries', {})).deliveries).toMatchObject([{ revision: 2, state: 'delivered' }]);
  });

  it('a bundle that cannot be built never costs the signature: the row waits with the reason', async () => {
    await app.ok('inspections/amend', { id: inspectionId, reason: '补充' });
    await signAll(app, inspectionId);
    fs.rmSync(blobPath(app.dataDir, photoSha256, 'image/jpeg'));
    await app.ok('inspections/sign', { id: inspectionId });
    expect(rowsOf(2)).toMatchObject([{ part: 0, bundleId: null, lastError: expect.stringMatching(/^无法生成数据包：.*不在数据目录中/) }]);
    const out = await app.ok('sync/now', {});
    // Revision 1's bundle was built when it was signed, photo and all: it still goes.
    expect([...out.outcomes].sort((a, b) => a.revision - b.revision)).toMatchObject([
      { revision: 1, outcome: 'delivered' },
      { revision: 2, outcome: 'failed', message: expect.stringMatching(/不在数据目录中/) },
    ]);
    expect((await app.ok('sync/deliveries', {})).deliveries).toMatchObject([{ revision: 2, state: 'failed' }]);
    expect((await app.ok('inspections/get', { id: inspectionId })).inspection.status).toBe('signed');
  });

  it('a build that fails at signing leaves an unbuilt row with the reason, and never twice', () => {
    asMigrated(1);
    app.ctx.store.transaction(() => deleteOutboxRow(app.ctx.store.db, rowsOf(1)[0]!.seq));
    app.ctx.store.sqlite.prepare("DELETE FROM settings WHERE key = 'profile'").run();
    const row = requireInspection(app.ctx, inspectionId);
    app.ctx.store.transaction(() => enqueueLatest(app.ctx, row));
    app.ctx.store.transaction(() => enqueueLatest(app.ctx, row));
    expect(rowsOf(1)).toMatchObject([{ part: 0, bundleId: null, lastError: expect.stringMatching(/^无法生成数据包：请先在「设置」中填写本机检查人员信息/) }]);
  });
});

describe('what the receiver says', () => {
  it('an earlier revision still unsent goes too, oldest first; delivered rows are never resent', async () => {
    await app.ok('sync/now', {});
    await app.ok('inspections/amend', { id: inspectionId, reason: '补充' });
    await signAll(app, inspectionId);
    await app.ok('inspections/sign', { id: inspectionId });
    await app.ok('inspections/amend', { id: inspectionId, reason: '再补充' });
    await signAll(app, inspectionId);
    await app.ok('inspections/sign', { id: inspectionId });
    const puts = () => receiver.requests.filter((r) => r.startsWith('PUT'));
    const before = puts().length;
    const out = await app.ok('sync/now', {});
    expect(out.outcomes.map((o) => o.outcome)).toEqual(['delivered', 'delivered']);
    expect(puts().slice(before)).toEqual([`PUT /v1/bundles/${rowsOf(2)[0]!.bundleId}`, `PUT /v1/bundles/${rowsOf(3)[0]!.bundleId}`]);
  });

  it('a held bundle the receiver no longer has is sent again', async () => {
    receiver.revoke(deviceKey(app.ctx).keyId);
    receiver.devices.get(deviceKey(app.ctx).keyId)!.state = 'pending';
    expect((await app.ok('sync/now', {})).outcomes).toMatchObject([{ outcome: 'held' }]);
    receiver.bundles.clear();
    receiver.approve(deviceKey(app.ctx).keyId);
    const out = await app.ok('sync/now', {});
    expect(out.outcomes).toMatchObject([{ outcome: 'delivered' }]);
    expect(receiver.requests.filter((r) => r.startsWith('PUT'))).toHaveLength(2);
  });

  it('a receipt for other bytes is not believed: the bundle stays queued', async () => {
    receiver.mode = 'bad-receipt';
    const out = await app.ok('sync/now', {});
    expect(out.outcomes).toMatchObject([{ outcome: 'failed', message: expect.stringMatching(/回执所载的数据包编号、大小或 SHA-256 与本机发送的不一致/) }]);
    expect(rowsOf(1)).toMatchObject([{ state: 'queued', receipt: null }]);
    expect((await app.ok('inspections/get', { id: inspectionId })).inspection.status).toBe('signed');
    receiver.mode = 'signed';
    expect((await app.ok('sync/now', {})).outcomes).toMatchObject([{ outcome: 'delivered' }]);
  });

  it('a receiver that forgot the device: enrolled again, and the bundle held for approval', async () => {
    receiver.devices.clear();
    const out = await app.ok('sync/now', {});
    expect(receiver.requests.slice(-3)).toEqual(['GET /v1/device', 'POST /v1/enroll', `PUT /v1/bundles/${rowsOf(1)[0]!.bundleId}`]);
    expect(out.outcomes).toMatchObject([{ outcome: 'held' }]);
    expect(out.status.device.state).toBe('pending');
  });
});

describe('evidence over 20 MB', () => {
  it('travels as a records bundle and evidence parts; 已提交 only once every part is receipted', async () => {
    await app.ok('sync/now', {});
    await app.ok('inspections/amend', { id: inspectionId, reason: '补充现场照片' });
    for (const seed of [1, 2, 3]) {
      const bytes = Buffer.concat([jpegHeaderOnly(1600, 1200), Buffer.alloc(8 * 1024 * 1024, seed)]);
      await app.ok('evidence/add', { inspectionId, imageBase64: bytes.toString('base64'), thumbBase64: jpegHeaderOnly(160, 120).toString('base64'), takenAt: `2026-11-27T03:0${seed}:00.000Z` });
    }
    await signAll(app, inspectionId);
    await app.ok('inspections/sign', { id: inspectionId });
    const parts = rowsOf(2);
    expect(parts.map((r) => r.part)).toEqual([0, 1, 2, 3]);
    for (const r of parts) expect(r.bytes).toBeLessThanOrEqual(20 * 1024 * 1024);

    receiver.failing.add(parts[3]!.bundleId!);
    const first = await app.ok('sync/now', {});
    expect(first.outcomes.map((o) => o.outcome).sort()).toEqual(['delivered', 'delivered', 'delivered', 'failed']);
    expect((await app.ok('inspections/get', { id: inspectionId })).inspection.status).toBe('signed');
    expect((await app.ok('sync/deliveries', {})).deliveries).toMatchObject([{ revision: 2, state: 'failed', parts: 4, delivered: 3, receivedAt: null }]);

    receiver.failing.clear();
    expect((await app.ok('sync/now', {})).outcomes).toMatchObject([{ bundleId: parts[3]!.bundleId, outcome: 'delivered' }]);
    expect((await app.ok('inspections/get', { id: inspectionId })).inspection.status).toBe('submitted');
    expect((await app.ok('sync/deliveries', {})).deliveries).toMatchObject([{ state: 'delivered', parts: 4, delivered: 4 }]);
  }, 60_000);
});

describe('records signed elsewhere', () => {
  it('are never sent from here: an imported inspection queued by the migration is dropped', async () => {
    const bureau = openTempApp({ today: '2026-11-28' });
    try {
      await bureau.ok('profile/save', BUREAU_PROFILE);
      await bureau.ok('bundles/trustEnrollment', { text: (await app.ok('keys/exportEnrollment', {})).text });
      const text = (await app.ok('bundles/export', { inspectionIds: [inspectionId] })).files[0]!.text!;
      expect((await bureau.ok('bundles/import', { files: [{ name: 'x.ducha.json', text }] })).results[0]?.outcome).toBe('imported');
      const revision = (await bureau.ok('inspections/get', { id: inspectionId })).inspection.revision;
      bureau.ctx.store.transaction(() => insertOutboxRow(bureau.ctx.store.db, { inspectionId, revision, part: 0, enqueuedAt: new Date().toISOString() }));
      const info = await bureau.ok('sync/preview', { text: receiver.connectionText });
      await bureau.ok('sync/connect', { text: receiver.connectionText, fingerprint: info.fingerprint });
      expect((await bureau.ok('sync/now', {})).outcomes).toEqual([]);
      expect(listRevisionRows(bureau.ctx.store.db, inspectionId, revision)).toEqual([]);
      expect(receiver.requests.filter((r) => r.startsWith('PUT'))).toEqual([]);
    } finally {
      bureau.dispose();
    }
  });
});
