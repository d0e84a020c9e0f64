import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RECEIVER_MIGRATIONS } from './migrations';
import { openSqliteReceiverStore, ReceiverStoreError } from './sqlite';
import type { NewBundle, NewDevice, ReceiptMaker, ReceiverStore } from './types';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ducha-rstore-'));
  dirs.push(dir);
  return path.join(dir, 'receiver.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const device = (keyId: string): NewDevice => ({
  keyId,
  alg: 'ed25519',
  publicKey: `pk-${keyId}`,
  fingerprint: keyId.toUpperCase(),
  inspectorName: '王春艳',
  badgeNo: '31000120001',
  unit: '上海市市场监督管理局',
  appVersion: '0.1.0',
  enrollment: '{}',
  enrolledAt: '2026-12-01T00:00:00.000Z',
});

const bundle = (bundleId: string, deviceKeyId: string, receivedAt = '2026-12-01T01:00:00.000Z'): NewBundle => ({
  bundleId,
  deviceKeyId,
  sha256: bundleId.padEnd(64, '0').slice(0, 64).replace(/[^0-9a-f]/g, 'a'),
  bytes: 100,
  receivedAt,
  inspections: 1,
  evidence: 0,
  partOf: null,
  records: [],
});

const receipt: ReceiptMaker = (b, seq) => JSON.stringify({ bundleId: b.bundleId, seq });

async function withStore<T>(file: string, fn: (s: ReceiverStore) => Promise<T>): Promise<T> {
  const s = openSqliteReceiverStore(file);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

describe('SQLite receiver store', () => {
  it('holds bundles of a pending device and stores them in arrival order when it is approved', async () => {
    await withStore(tempFile(), async (s) => {
      const pending = await s.enrollDevice(device('aaaaaaaaaaaaaaaa'));
      expect(pending.state).toBe('pending');
      expect((await s.addBundle(bundle('b2', pending.keyId, '2026-12-01T02:00:00.000Z'), receipt)).row.state).toBe('held');
      expect((await s.addBundle(bundle('b1', pending.keyId, '2026-12-01T01:00:00.000Z'), receipt)).row).toMatchObject({ state: 'held', seq: null, receipt: null });
      expect(await s.status()).toMatchObject({ stored: 0, held: 2, lastSeq: 0, devices: { pending: 1, approved: 0, revoked: 0 } });

      const approved = await s.approveDevice(pending.keyId, '2026-12-01T03:00:00.000Z', receipt);
      expect(approved?.device).toMatchObject({ state: 'approved', decidedAt: '2026-12-01T03:00:00.000Z' });
      expect(approved?.stored.map((b) => [b.bundleId, b.seq])).toEqual([
        ['b1', 1],
        ['b2', 2],
      ]);
      expect(await s.getBundle('b2')).toMatchObject({ state: 'stored', seq: 2, receipt: JSON.stringify({ bundleId: 'b2', seq: 2 }) });
      // From now on a new bundle is stored at once with the next number.
      expect((await s.addBundle(bundle('b3', pending.keyId), receipt)).row).toMatchObject({ state: 'stored', seq: 3 });
      expect(await s.status()).toMatchObject({ stored: 3, held: 0, storedBytes: 300, lastSeq: 3, devices: { approved: 1 } });
    });
  });

  it('re-enrolling returns the device as it is; a second row for a bundle id is never added', async () => {
    await withStore(tempFile(), async (s) => {
      await s.enrollDevice(device('aaaaaaaaaaaaaaaa'));
      await s.approveDevice('aaaaaaaaaaaaaaaa', '2026-12-01T03:00:00.000Z', receipt);
      expect(await s.enrollDevice({ ...device('aaaaaaaaaaaaaaaa'), inspectorName: '冒名' })).toMatchObject({ state: 'approved', inspectorName: '王春艳' });
      const first = await s.addBundle(bundle('b1', 'aaaaaaaaaaaaaaaa'), receipt);
      const again = await s.addBundle({ ...bundle('b1', 'aaaaaaaaaaaaaaaa'), sha256: 'f'.repeat(64) }, receipt);
      expect(first.kind).toBe('added');
      expect(again).toEqual({ kind: 'exists', row: first.row });
      expect((await s.status()).lastSeq).toBe(1);
    });
  });

  it('never reuses a sequence number, across reopening and a transaction that failed', async () => {
    const file = tempFile();
    await withStore(file, async (s) => {
      await s.enrollDevice(device('aaaaaaaaaaaaaaaa'));
      await s.approveDevice('aaaaaaaaaaaaaaaa', '2026-12-01T03:00:00.000Z', receipt);
      await s.addBundle(bundle('b1', 'aaaaaaaaaaaaaaaa'), receipt);
      // The receipt cannot be made: nothing of this bundle is kept, not even its number.
      await expect(
        s.addBundle(bundle('b2', 'aaaaaaaaaaaaaaaa'), () => {
          throw new Error('signing failed');
        }),
      ).rejects.toThrow('signing failed');
      expect(await s.getBundle('b2')).toBeNull();
    });
    await withStore(file, async (s) => {
      expect((await s.addBundle(bundle('b2', 'aaaaaaaaaaaaaaaa'), receipt)).row.seq).toBe(2);
    });
  });

  it('refuses a nonce the same key used before; another key may use it', async () => {
    await withStore(tempFile(), async (s) => {
      expect(await s.useNonce('aaaaaaaaaaaaaaaa', 'n1', 1000, 0)).toBe(true);
      expect(await s.useNonce('aaaaaaaaaaaaaaaa', 'n1', 1000, 0)).toBe(false);
      expect(await s.useNonce('bbbbbbbbbbbbbbbb', 'n1', 1000, 0)).toBe(true);
      // Forgotten once older than the window: the clock check refuses such a request anyway.
      expect(await s.useNonce('aaaaaaaaaaaaaaaa', 'n2', 2000, 1500)).toBe(true);
      expect(await s.useNonce('aaaaaaaaaaaaaaaa', 'n1', 2000, 1500)).toBe(true);
    });
  });

  it('revokes; approving or revoking an unknown key answers null', async () => {
    await withStore(tempFile(), async (s) => {
      await s.enrollDevice(device('aaaaaaaaaaaaaaaa'));
      expect(await s.revokeDevice('aaaaaaaaaaaaaaaa', '2026-12-02T00:00:00.000Z')).toMatchObject({ state: 'revoked' });
      expect(await s.approveDevice('cccccccccccccccc', '2026-12-02T00:00:00.000Z', receipt)).toBeNull();
      expect(await s.revokeDevice('cccccccccccccccc', '2026-12-02T00:00:00.000Z')).toBeNull();
      expect((await s.listDevices()).map((d) => d.state)).toEqual(['revoked']);
    });
  });

  it('the schema refuses a stored row without its number and receipt', async () => {
    const file = tempFile();
    await withStore(file, async (s) => {
      await s.enrollDevice(device('aaaaaaaaaaaaaaaa'));
    });
    const db = new Database(file);
    try {
      expect(() =>
        db
          .prepare(
            "INSERT INTO bundles (bundle_id, device_key_id, sha256, bytes, received_at, state, seq, receipt, inspections, evidence) VALUES ('x', 'aaaaaaaaaaaaaaaa', 'h', 1, 't', 'stored', NULL, NULL, 1, 0)",
          )
          .run(),
      ).toThrow(/CHECK constraint/);
    } finally {
      db.close();
    }
  });

  it('migration 2 keeps a version-1 store: devices become inspectors, bundles stay, desks and decisions can be added', async () => {
    const file = tempFile();
    const v1 = new Database(file);
    v1.exec(RECEIVER_MIGRATIONS[0]!);
    v1.pragma('user_version = 1');
    v1.prepare(
      `INSERT INTO devices (key_id, alg, public_key, fingerprint, inspector_name, badge_no, unit, app_version, enrollment, state, enrolled_at, decided_at)
       VALUES ('aaaaaaaaaaaaaaaa', 'ed25519', 'pk', 'FP', '王春艳', '31000120001', '市局', '0.1.0', '{}', 'approved', 't', 't')`,
    ).run();
    v1.prepare(
      `INSERT INTO bundles (bundle_id, device_key_id, sha256, bytes, received_at, state, seq, receipt, inspections, evidence, part_of)
       VALUES ('b1', 'aaaaaaaaaaaaaaaa', '${'a'.repeat(64)}', 10, '2026-12-01T00:00:00.000Z', 'stored', 1, '{}', 1, 0, NULL)`,
    ).run();
    v1.close();
    const store = openSqliteReceiverStore(file);
    try {
      expect(await store.getDevice('aaaaaaaaaaaaaaaa')).toMatchObject({ state: 'approved', role: 'inspector', district: null });
      // A bundle stored before its records were kept reaches the city desk, not a district one.
      expect((await store.feed({ role: 'city' }, 0, 10)).map((b) => b.bundleId)).toEqual(['b1']);
      expect(await store.feed({ role: 'district', district: '宝山区' }, 0, 10)).toEqual([]);
      await store.enrollDevice(device('bbbbbbbbbbbbbbbb'));
      const desk = await store.approveDevice('bbbbbbbbbbbbbbbb', 't2', receipt, { role: 'district', district: '宝山区' });
      expect(desk?.device).toMatchObject({ role: 'district', district: '宝山区' });
      const review = { reviewId: 'r1', deskKeyId: 'bbbbbbbbbbbbbbbb', inspectionId: 'i1', revision: 1, revisionSha256: 'c'.repeat(64), state: 'accepted' as const, sha256: 'd'.repeat(64), document: '{}', receivedAt: 't3' };
      expect((await store.addReview(review)).row.seq).toBe(1);
      expect(await store.addReview({ ...review, sha256: 'e'.repeat(64) })).toMatchObject({ kind: 'exists', row: { seq: 1, sha256: 'd'.repeat(64) } });
      expect((await store.addReview({ ...review, reviewId: 'r2' })).row.seq).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('refuses a store made by a newer program, leaving it untouched', async () => {
    const file = tempFile();
    const db = new Database(file);
    db.pragma(`user_version = ${RECEIVER_MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openSqliteReceiverStore(file)).toThrow(ReceiverStoreError);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(RECEIVER_MIGRATIONS.length + 1);
    again.close();
  });
});
