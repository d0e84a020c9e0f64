/**
 * The sender against a receiver speaking protocol v1 with real signatures (an in-process
 * stand-in; test/sync/receiver.process.test.ts runs the real one): enrollment, held bundles, receipts,
 * failures and their back-off, and what is never believed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getBody, listDue, listRevisionRows } from '../../db/repositories/sync';
import { startFakeReceiver, type FakeReceiver } from '../../test/support/fake-receiver';
import { makeSignedInspection } from '../../test/support/signed-inspection';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import { deviceKey } from '../domain/device-key';
import { BACKOFF_CAP_MS, backoffMs } from './backoff';
import { runPass } from './pass';
import { startSender } from './sender';

let app: TempApp;
let receiver: FakeReceiver;
let inspectionId: string;

beforeEach(async () => {
  app = openTempApp({ today: '2026-11-27' });
  receiver = await startFakeReceiver();
  ({ inspectionId } = await makeSignedInspection(app));
});
afterEach(async () => {
  app.dispose();
  await receiver.close();
});

async function connect(): Promise<void> {
  const info = await app.ok('sync/preview', { text: receiver.connectionText });
  await app.ok('sync/connect', { text: receiver.connectionText, fingerprint: info.fingerprint });
}

const keyId = () => deviceKey(app.ctx).keyId;
const rows = () => listRevisionRows(app.ctx.store.db, inspectionId, 1);

describe('the outbox', () => {
  it('queues the signed revision as one built bundle in the signing transaction, once', async () => {
    const [row, ...more] = rows();
    expect(more).toEqual([]);
    expect(row).toMatchObject({ part: 0, state: 'queued', attempts: 0, lastError: null });
    expect(row?.bytes).toBe(getBody(app.ctx.store.db, row!.seq)?.length);
    // Submitting by hand queues nothing new for a revision already queued.
    await app.ok('inspections/submit', { id: inspectionId });
    expect(rows()).toHaveLength(1);
  });

  it('makes no request at all without a connection', async () => {
    expect(await runPass(app.ctx, { force: true })).toEqual({ connected: false, outcomes: [] });
    expect(receiver.requests).toEqual([]);
    expect((await app.fail('sync/now', {})).message).toMatch(/尚未连接接收端/);
  });
});

describe('connecting', () => {
  it('shows the file, refuses another fingerprint, and enrolls on connect', async () => {
    const info = await app.ok('sync/preview', { text: receiver.connectionText });
    expect(info).toEqual({ name: expect.any(String), alg: 'ed25519', urls: [receiver.url], keyId: receiver.key.keyId, fingerprint: receiver.key.fingerprint, hasTlsCertificate: false });
    const wrong = await app.fail('sync/connect', { text: receiver.connectionText, fingerprint: '0000 0000 0000 0000 0000 0000 0000 0000' });
    expect(wrong).toMatchObject({ code: 'VALIDATION', path: 'fingerprint' });
    expect(wrong.message).toMatch(/不一致，未连接/);
    expect(receiver.requests).toEqual([]);
    const status = await app.ok('sync/connect', { text: receiver.connectionText, fingerprint: info.fingerprint.toLowerCase().replace(/ /g, '') });
    expect(status.connection).toMatchObject({ name: info.name, fingerprint: info.fingerprint });
    expect(status.device.state).toBe('pending');
    expect(receiver.devices.get(keyId())?.state).toBe('pending');
    expect((await app.fail('sync/preview', { text: '{"format":"ducha-receiver"}' })).message).toMatch(/不是有效的接收端连接文件/);
  });
});

describe('delivering', () => {
  it('held while the device waits for approval, then receipted, and the inspection becomes 已提交', async () => {
    await connect();
    const first = await app.ok('sync/now', {});
    expect(first.outcomes).toMatchObject([{ inspectionId, outcome: 'held' }]);
    expect((await app.ok('sync/deliveries', {})).deliveries).toMatchObject([{ inspectionId, state: 'held', parts: 1, delivered: 0 }]);
    expect((await app.ok('inspections/get', { id: inspectionId })).inspection.status).toBe('signed');

    receiver.approve(keyId());
    const second = await app.ok('sync/now', {});
    expect(second.outcomes).toMatchObject([{ inspectionId, outcome: 'delivered', message: expect.stringMatching(/^已送达/) }]);
    expect(second.status.device.state).toBe('approved');
    expect(second.status.queue).toEqual({ queued: 0, held: 0, failed: 0, delivered: 1 });
    const [row] = rows();
    expect(row?.state).toBe('delivered');
    expect(getBody(app.ctx.store.db, row!.seq)).toBeNull();
    expect(JSON.parse(row!.receipt!)).toMatchObject({ bundleId: row!.bundleId, sha256: row!.sha256, deviceKeyId: keyId() });
    expect((await app.ok('inspections/get', { id: inspectionId })).inspection.status).toBe('submitted');
    const [delivery] = (await app.ok('sync/deliveries', { inspectionIds: [inspectionId] })).deliveries;
    expect(delivery).toMatchObject({ state: 'delivered', revision: 1, receivedAt: row!.receivedAt, error: null });

    // Never sent again after a verified receipt.
    const puts = receiver.requests.filter((r) => r.startsWith('PUT')).length;
    expect((await app.ok('sync/now', {})).outcomes).toEqual([]);
    expect(receiver.requests.filter((r) => r.startsWith('PUT')).length).toBe(puts);
  });

  it('a receiver out of reach: failed with the Chinese reason and a next attempt, tried again later', async () => {
    await connect();
    receiver.approve(keyId());
    await receiver.close();
    const out = await app.ok('sync/now', {});
    expect(out.outcomes).toMatchObject([{ outcome: 'failed', message: expect.stringMatching(/无法连接接收端.*对方拒绝连接/) }]);
    const [d] = (await app.ok('sync/deliveries', {})).deliveries;
    expect(d).toMatchObject({ state: 'failed', error: expect.stringMatching(/无法连接接收端/) });
    expect(Date.parse(d!.nextAttemptAt!)).toBeGreaterThan(Date.now());
    expect(out.status.lastError).toMatch(/无法连接接收端/);
    expect(rows()[0]?.attempts).toBe(1);
    // Not due yet: a background pass leaves it alone.
    expect(listDue(app.ctx.store.db, new Date().toISOString())).toEqual([]);
    expect((await runPass(app.ctx)).outcomes).toEqual([]);
  });

  it('believes no answer that the pinned key did not sign', async () => {
    await connect();
    receiver.approve(keyId());
    for (const mode of ['unsigned', 'other-key'] as const) {
      receiver.mode = mode;
      const out = await app.ok('sync/now', {});
      expect(out.outcomes).toMatchObject([{ outcome: 'failed', message: expect.stringMatching(/不予采信/) }]);
      expect(rows()[0]?.state).toBe('queued');
    }
    expect((await app.ok('inspections/get', { id: inspectionId })).inspection.status).toBe('signed');
    expect((await app.ok('sync/status', {})).device.state).toBe('pending');
    receiver.mode = 'signed';
    expect((await app.ok('sync/now', {})).outcomes).toMatchObject([{ outcome: 'delivered' }]);
  });

  it('a revoked device: 403 with the receiver reason, kept queued, device state revoked', async () => {
    await connect();
    receiver.revoke(keyId());
    const out = await app.ok('sync/now', {});
    expect(out.outcomes).toMatchObject([{ outcome: 'failed', message: expect.stringMatching(/停用/) }]);
    expect(out.status.device.state).toBe('revoked');
    expect(rows()[0]).toMatchObject({ state: 'queued', attempts: 1 });
  });

  it('a 500 is a failure with the receiver message, retried', async () => {
    await connect();
    receiver.mode = 'error';
    const out = await app.ok('sync/now', {});
    expect(out.outcomes).toMatchObject([{ outcome: 'failed', message: expect.stringMatching(/接收端出错（HTTP 500）/) }]);
  });
});

describe('the background sender', () => {
  it('sends what is signed after a kick', async () => {
    await connect();
    receiver.approve(keyId());
    const sender = startSender(app.ctx, { intervalMs: 60_000, kickDelayMs: 10 });
    try {
      const second = await makeSignedInspection(app, { agencyName: '上海第二检测有限公司', code17: '91310115MA1H9K7L3' });
      await expect.poll(async () => (await app.ok('sync/deliveries', {})).deliveries.map((d) => d.state).sort(), { timeout: 10_000 }).toEqual(['delivered', 'delivered']);
      expect((await app.ok('inspections/get', { id: second.inspectionId })).inspection.status).toBe('submitted');
    } finally {
      await sender.stop();
    }
  });
});

describe('back-off', () => {
  it('grows from a few seconds to a 15-minute cap, with full jitter', () => {
    expect(backoffMs(1, () => 0.999)).toBeLessThanOrEqual(5_000);
    expect(backoffMs(3, () => 0.999)).toBeGreaterThan(15_000);
    expect(backoffMs(50, () => 0.999)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    expect(backoffMs(50, () => 0.999)).toBeGreaterThan(BACKOFF_CAP_MS - 1_000);
    expect(backoffMs(5, () => 0)).toBe(1_000);
  });
});
