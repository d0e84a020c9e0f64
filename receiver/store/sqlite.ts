/**
 * The receiver's store in one SQLite file (WAL, synchronous=FULL): what a district bureau
 * runs on one machine. The serving process and the administrator's CLI (approve, revoke)
 * open the same file at once; SQLite's write lock and busy timeout keep them in turn, and
 * sequence numbers come from a counter row updated in the same write transaction, so they
 * increase and are never reused, even across a crash.
 */
import Database from 'better-sqlite3';
import type { AddBundleResult, BundleRow, DeviceRow, NewBundle, NewDevice, ReceiptMaker, ReceiverStatus, ReceiverStore } from './types';

/**
 * Schema versions, applied in order by PRAGMA user_version. Each entry is one change;
 * a shipped entry is never edited, only followed by a new one.
 */
export const RECEIVER_MIGRATIONS: readonly string[] = [
  `CREATE TABLE devices (
     key_id TEXT PRIMARY KEY,
     alg TEXT NOT NULL CHECK (alg IN ('ed25519', 'sm2-sm3')),
     public_key TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     inspector_name TEXT NOT NULL,
     badge_no TEXT NOT NULL,
     unit TEXT NOT NULL,
     app_version TEXT NOT NULL,
     enrollment TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'revoked')),
     enrolled_at TEXT NOT NULL,
     decided_at TEXT
   ) STRICT;
   CREATE TABLE bundles (
     bundle_id TEXT PRIMARY KEY,
     device_key_id TEXT NOT NULL REFERENCES devices (key_id),
     sha256 TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     received_at TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('held', 'stored')),
     seq INTEGER UNIQUE,
     receipt TEXT,
     inspections INTEGER NOT NULL,
     evidence INTEGER NOT NULL,
     part_of TEXT,
     CHECK ((state = 'stored') = (seq IS NOT NULL AND receipt IS NOT NULL))
   ) STRICT;
   CREATE INDEX bundles_device_state ON bundles (device_key_id, state, received_at);
   CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
   INSERT INTO counters (name, value) VALUES ('seq', 0);
   CREATE TABLE nonces (
     key_id TEXT NOT NULL,
     nonce TEXT NOT NULL,
     created INTEGER NOT NULL,
     PRIMARY KEY (key_id, nonce)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX nonces_created ON nonces (created);`,
];

interface DeviceSql {
  key_id: string;
  alg: DeviceRow['alg'];
  public_key: string;
  fingerprint: string;
  inspector_name: string;
  badge_no: string;
  unit: string;
  app_version: string;
  enrollment: string;
  state: DeviceRow['state'];
  enrolled_at: string;
  decided_at: string | null;
}

interface BundleSql {
  bundle_id: string;
  device_key_id: string;
  sha256: string;
  bytes: number;
  received_at: string;
  state: BundleRow['state'];
  seq: number | null;
  receipt: string | null;
  inspections: number;
  evidence: number;
  part_of: string | null;
}

function device(r: DeviceSql): DeviceRow {
  return {
    keyId: r.key_id,
    alg: r.alg,
    publicKey: r.public_key,
    fingerprint: r.fingerprint,
    inspectorName: r.inspector_name,
    badgeNo: r.badge_no,
    unit: r.unit,
    appVersion: r.app_version,
    enrollment: r.enrollment,
    state: r.state,
    enrolledAt: r.enrolled_at,
    decidedAt: r.decided_at,
  };
}

function bundle(r: BundleSql): BundleRow {
  return {
    bundleId: r.bundle_id,
    deviceKeyId: r.device_key_id,
    sha256: r.sha256,
    bytes: r.bytes,
    receivedAt: r.received_at,
    state: r.state,
    seq: r.seq,
    receipt: r.receipt,
    inspections: r.inspections,
    evidence: r.evidence,
    partOf: r.part_of,
  };
}

/** Thrown when the file is a newer receiver's store than this program knows. */
export class ReceiverStoreError extends Error {
  override readonly name = 'ReceiverStoreError';
}

export function openSqliteReceiverStore(file: string): ReceiverStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > RECEIVER_MIGRATIONS.length) {
    db.close();
    throw new ReceiverStoreError(`接收端数据库（${file}）由更新版本的督查台创建（结构版本 ${version}），本程序只认识到版本 ${RECEIVER_MIGRATIONS.length}。请升级督查台后再运行。`);
  }
  db.transaction(() => {
    for (let v = version; v < RECEIVER_MIGRATIONS.length; v++) db.exec(RECEIVER_MIGRATIONS[v]!);
    db.pragma(`user_version = ${RECEIVER_MIGRATIONS.length}`);
  }).immediate();

  const q = {
    device: db.prepare<[string], DeviceSql>('SELECT * FROM devices WHERE key_id = ?'),
    devices: db.prepare<[], DeviceSql>('SELECT * FROM devices ORDER BY enrolled_at, key_id'),
    insertDevice: db.prepare(
      `INSERT INTO devices (key_id, alg, public_key, fingerprint, inspector_name, badge_no, unit, app_version, enrollment, state, enrolled_at)
       VALUES (@keyId, @alg, @publicKey, @fingerprint, @inspectorName, @badgeNo, @unit, @appVersion, @enrollment, 'pending', @enrolledAt)
       ON CONFLICT (key_id) DO NOTHING`,
    ),
    setState: db.prepare<[string, string, string]>('UPDATE devices SET state = ?, decided_at = ? WHERE key_id = ?'),
    bundle: db.prepare<[string], BundleSql>('SELECT * FROM bundles WHERE bundle_id = ?'),
    heldOf: db.prepare<[string], BundleSql>("SELECT * FROM bundles WHERE device_key_id = ? AND state = 'held' ORDER BY received_at, bundle_id"),
    insertBundle: db.prepare(
      `INSERT INTO bundles (bundle_id, device_key_id, sha256, bytes, received_at, state, seq, receipt, inspections, evidence, part_of)
       VALUES (@bundleId, @deviceKeyId, @sha256, @bytes, @receivedAt, @state, @seq, @receipt, @inspections, @evidence, @partOf)
       ON CONFLICT (bundle_id) DO NOTHING`,
    ),
    store: db.prepare<[number, string, string]>("UPDATE bundles SET state = 'stored', seq = ?, receipt = ? WHERE bundle_id = ?"),
    nextSeq: db.prepare<[], { value: number }>("UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value"),
    lastSeq: db.prepare<[], { value: number }>("SELECT value FROM counters WHERE name = 'seq'"),
    forget: db.prepare<[number]>('DELETE FROM nonces WHERE created < ?'),
    nonce: db.prepare<[string, string, number]>('INSERT INTO nonces (key_id, nonce, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    hashes: db.prepare<[], { sha256: string }>('SELECT sha256 FROM bundles'),
    deviceCounts: db.prepare<[], { state: DeviceRow['state']; n: number }>('SELECT state, count(*) AS n FROM devices GROUP BY state'),
    bundleCounts: db.prepare<[], { state: BundleRow['state']; n: number; bytes: number; last: string | null }>(
      'SELECT state, count(*) AS n, total(bytes) AS bytes, max(received_at) AS last FROM bundles GROUP BY state',
    ),
  };

  const nextSeq = (): number => {
    const row = q.nextSeq.get();
    if (!row) throw new ReceiverStoreError('接收端数据库缺少序号计数器，数据库已损坏。');
    return row.value;
  };

  const approve = db.transaction((keyId: string, at: string, makeReceipt: ReceiptMaker) => {
    const found = q.device.get(keyId);
    if (!found) return null;
    q.setState.run('approved', at, keyId);
    const stored: BundleRow[] = [];
    for (const held of q.heldOf.all(keyId)) {
      const seq = nextSeq();
      const row = bundle(held);
      const receipt = makeReceipt(row, seq);
      q.store.run(seq, receipt, row.bundleId);
      stored.push({ ...row, state: 'stored', seq, receipt });
    }
    return { device: device(q.device.get(keyId)!), stored };
  });

  const add = db.transaction((b: NewBundle, makeReceipt: ReceiptMaker): AddBundleResult => {
    const existing = q.bundle.get(b.bundleId);
    if (existing) return { kind: 'exists', row: bundle(existing) };
    const owner = q.device.get(b.deviceKeyId);
    let row: BundleRow;
    if (owner?.state === 'approved') {
      const seq = nextSeq();
      row = { ...b, state: 'stored', seq, receipt: makeReceipt(b, seq) };
    } else {
      row = { ...b, state: 'held', seq: null, receipt: null };
    }
    q.insertBundle.run(row);
    return { kind: 'added', row };
  });

  const useNonce = db.transaction((keyId: string, nonce: string, created: number, forgetBefore: number) => {
    q.forget.run(forgetBefore);
    return q.nonce.run(keyId, nonce, created).changes === 1;
  });

  return {
    getDevice: async (keyId) => {
      const r = q.device.get(keyId);
      return r ? device(r) : null;
    },
    enrollDevice: async (d: NewDevice) => {
      q.insertDevice.run(d);
      return device(q.device.get(d.keyId)!);
    },
    listDevices: async () => q.devices.all().map(device),
    approveDevice: async (keyId, at, makeReceipt) => approve.immediate(keyId, at, makeReceipt),
    revokeDevice: async (keyId, at) => {
      if (q.setState.run('revoked', at, keyId).changes === 0) return null;
      return device(q.device.get(keyId)!);
    },
    useNonce: async (keyId, nonce, created, forgetBefore) => useNonce.immediate(keyId, nonce, created, forgetBefore),
    getBundle: async (bundleId) => {
      const r = q.bundle.get(bundleId);
      return r ? bundle(r) : null;
    },
    addBundle: async (b, makeReceipt) => add.immediate(b, makeReceipt),
    bundleHashes: async () => new Set(q.hashes.all().map((r) => r.sha256)),
    status: async (): Promise<ReceiverStatus> => {
      const devices = { pending: 0, approved: 0, revoked: 0 };
      for (const r of q.deviceCounts.all()) devices[r.state] = r.n;
      const byState = new Map(q.bundleCounts.all().map((r) => [r.state, r]));
      const last = [byState.get('stored')?.last, byState.get('held')?.last].filter((x): x is string => Boolean(x)).sort();
      return {
        devices,
        stored: byState.get('stored')?.n ?? 0,
        held: byState.get('held')?.n ?? 0,
        storedBytes: byState.get('stored')?.bytes ?? 0,
        lastSeq: q.lastSeq.get()?.value ?? 0,
        lastReceivedAt: last.at(-1) ?? null,
      };
    },
    close: async () => {
      db.close();
    },
  };
}
