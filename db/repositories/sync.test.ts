import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-app';
import { openStore, type Store } from '../open';
import {
  deleteConnection,
  getConnection,
  insertOutboxRow,
  listDue,
  listLatestRevisionRows,
  markDelivered,
  markFailed,
  markHeld,
  outboxCounts,
  putConnection,
  requeueAllHeld,
  updateConnection,
} from './sync';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = tempDir('ducha-sync-repo-');
  store = openStore(path.join(dir, 'db.sqlite'));
  store.sqlite.prepare("INSERT INTO agencies (id,name,credit_code,district,kind,created_at,updated_at) VALUES ('a','A','C','黄浦区','检验机构','t','t')").run();
  for (const id of ['i1', 'i2']) {
    store.sqlite.prepare("INSERT INTO inspections (id,agency_id,kind,type,inspected_on,status,revision,created_at,updated_at) VALUES (?,'a','agency','x','2026-11-27','signed',2,'t','t')").run(id);
  }
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const add = (inspectionId: string, revision: number, part: number, bundleId: string | null = null) =>
  insertOutboxRow(store.db, { inspectionId, revision, part, bundleId, enqueuedAt: 't' });

describe('sync repository', () => {
  it('keeps one connection row, replaced and cleared', () => {
    const row = { name: '局', urls: '["http://x"]', alg: 'ed25519', keyId: 'k', publicKey: 'p', fingerprint: 'F', tlsCertificate: null, connectedAt: 't', deviceState: 'unknown' as const, deviceMessage: null, deviceKeyId: null, lastContactAt: null, lastError: null };
    putConnection(store.db, row);
    putConnection(store.db, { ...row, name: '局2' });
    updateConnection(store.db, { deviceState: 'pending' });
    expect(getConnection(store.db)).toMatchObject({ id: 1, name: '局2', deviceState: 'pending' });
    deleteConnection(store.db);
    expect(getConnection(store.db)).toBeUndefined();
  });

  it('counts, dues, fails with back-off and holds rows by their state', () => {
    add('i1', 1, 0, 'b1');
    add('i1', 2, 0, 'b2');
    add('i1', 2, 1, 'b3');
    add('i2', 2, 0, 'b4');
    const [b1, b2, b3, b4] = listDue(store.db, null);
    markDelivered(store.db, b1!.seq, { receipt: '{}', receivedAt: 'r1', deliveredAt: 'd1' });
    markFailed(store.db, b2!.seq, { lastError: '无法连接', nextAttemptAt: '2999-01-01T00:00:00.000Z' });
    markFailed(store.db, b2!.seq, { lastError: '无法连接', nextAttemptAt: '2999-01-01T00:00:00.000Z' });
    markHeld(store.db, b3!.seq);
    expect(outboxCounts(store.db)).toEqual({ queued: 1, failed: 1, held: 1, delivered: 1, nextAttemptAt: '2999-01-01T00:00:00.000Z' });
    expect(listDue(store.db, '2026-12-01T00:00:00.000Z').map((r) => r.bundleId)).toEqual(['b4']);
    expect(listDue(store.db, null).find((r) => r.bundleId === 'b2')?.attempts).toBe(2);
    // A held row is not failed by a late answer, and goes back to the queue when the receiver changes.
    markFailed(store.db, b3!.seq, { lastError: 'x', nextAttemptAt: 'y' });
    requeueAllHeld(store.db);
    expect(listDue(store.db, null).find((r) => r.bundleId === 'b3')).toMatchObject({ state: 'queued', attempts: 0, lastError: null });
    expect(listLatestRevisionRows(store.db).map((r) => r.bundleId)).toEqual(['b2', 'b3', 'b4']);
    expect(listLatestRevisionRows(store.db, ['i2']).map((r) => r.bundleId)).toEqual(['b4']);
    expect(b4).toBeDefined();
  });
});
