/**
 * The receiver's store in one SQLite file (WAL, synchronous=FULL): what a district bureau
 * runs on one machine. The serving process and the administrator's CLI (approve, revoke)
 * open the same file at once; SQLite's write lock and busy timeout keep them in turn, and
 * sequence numbers come from a counter row updated in the same write transaction, so they
 * increase and are never reused, even across a crash.
 */
import Database from 'better-sqlite3';
import { RECEIVER_MIGRATIONS } from './migrations';
import type { AddBundleResult, BundleRow, DeskScope, DeviceRow, NewBundle, NewDevice, NewReview, ReceiptMaker, ReceiverStatus, ReceiverStore, RecordWithSender, ReviewRow, ReviewWithDesk } from './types';


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
  role: DeviceRow['role'];
  district: string | null;
}

interface ReviewSql {
  review_id: string;
  seq: number;
  desk_key_id: string;
  inspection_id: string;
  revision: number;
  revision_sha256: string;
  state: ReviewRow['state'];
  sha256: string;
  document: string;
  received_at: string;
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
    role: r.role,
    district: r.district,
  };
}

function review(r: ReviewSql): ReviewRow {
  return {
    reviewId: r.review_id,
    seq: r.seq,
    deskKeyId: r.desk_key_id,
    inspectionId: r.inspection_id,
    revision: r.revision,
    revisionSha256: r.revision_sha256,
    state: r.state,
    sha256: r.sha256,
    document: r.document,
    receivedAt: r.received_at,
  };
}

/** Scope parameters of the statements below: @city 1 for the whole city, else @district. */
function scopeParams(scope: DeskScope): { city: number; district: string } {
  return scope.role === 'city' ? { city: 1, district: '' } : { city: 0, district: scope.district };
}

/** A bundle (alias b) concerns the district: one of its inspections, or of the records bundle it is evidence for. */
const IN_SCOPE = `(@city = 1 OR EXISTS (
  SELECT 1 FROM bundle_records r WHERE r.bundle_id = coalesce(b.part_of, b.bundle_id) AND (r.agency_district = @district OR r.inspecting_unit = @district)
))`;

interface DeskSql {
  d_key_id: string;
  d_alg: DeviceRow['alg'];
  d_public_key: string;
  d_fingerprint: string;
  d_inspector_name: string;
  d_unit: string;
  d_role: DeviceRow['role'];
  d_district: string | null;
}
const DESK_COLUMNS = `d.key_id AS d_key_id, d.alg AS d_alg, d.public_key AS d_public_key, d.fingerprint AS d_fingerprint,
  d.inspector_name AS d_inspector_name, d.unit AS d_unit, d.role AS d_role, d.district AS d_district`;

function reviewWithDesk(r: ReviewSql & DeskSql): ReviewWithDesk {
  return {
    ...review(r),
    desk: {
      keyId: r.d_key_id,
      alg: r.d_alg,
      publicKey: r.d_public_key,
      fingerprint: r.d_fingerprint,
      inspectorName: r.d_inspector_name,
      unit: r.d_unit,
      role: r.d_role,
      district: r.d_district,
    },
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
    setRole: db.prepare<[string, string | null, string]>('UPDATE devices SET role = ?, district = ? WHERE key_id = ?'),
    insertRecord: db.prepare(
      `INSERT INTO bundle_records (bundle_id, inspection_id, revision, revision_sha256, agency_district, inspecting_unit)
       VALUES (@bundleId, @inspectionId, @revision, @revisionSha256, @agencyDistrict, @inspectingUnit) ON CONFLICT DO NOTHING`,
    ),
    feed: db.prepare<[{ city: number; district: string; after: number; limit: number }], BundleSql>(
      `SELECT b.* FROM bundles b WHERE b.state = 'stored' AND b.seq > @after AND ${IN_SCOPE} ORDER BY b.seq LIMIT @limit`,
    ),
    inScope: db.prepare<[{ city: number; district: string; bundleId: string }], { n: number }>(
      `SELECT count(*) AS n FROM bundles b WHERE b.bundle_id = @bundleId AND b.state = 'stored' AND ${IN_SCOPE}`,
    ),
    revisionRecords: db.prepare<[string, number, string], { bundle_id: string; device_key_id: string; inspection_id: string; revision: number; revision_sha256: string; agency_district: string; inspecting_unit: string | null }>(
      `SELECT r.*, b.device_key_id FROM bundle_records r JOIN bundles b ON b.bundle_id = r.bundle_id
        WHERE r.inspection_id = ? AND r.revision = ? AND r.revision_sha256 = ? AND b.state = 'stored' ORDER BY b.seq`,
    ),
    review: db.prepare<[string], ReviewSql>('SELECT * FROM reviews WHERE review_id = ?'),
    insertReview: db.prepare(
      `INSERT INTO reviews (review_id, seq, desk_key_id, inspection_id, revision, revision_sha256, state, sha256, document, received_at)
       VALUES (@reviewId, @seq, @deskKeyId, @inspectionId, @revision, @revisionSha256, @state, @sha256, @document, @receivedAt)`,
    ),
    nextReviewSeq: db.prepare<[], { value: number }>("UPDATE counters SET value = value + 1 WHERE name = 'review_seq' RETURNING value"),
    reviewsToDevice: db.prepare<[{ device: string; after: number; limit: number }], ReviewSql & DeskSql>(
      `SELECT rv.*, ${DESK_COLUMNS} FROM reviews rv JOIN devices d ON d.key_id = rv.desk_key_id
        WHERE rv.seq > @after AND EXISTS (
          SELECT 1 FROM bundle_records r JOIN bundles b ON b.bundle_id = r.bundle_id
           WHERE r.inspection_id = rv.inspection_id AND b.device_key_id = @device AND b.state = 'stored')
        ORDER BY rv.seq LIMIT @limit`,
    ),
    reviewsInScope: db.prepare<[{ city: number; district: string; after: number; limit: number }], ReviewSql & DeskSql>(
      `SELECT rv.*, ${DESK_COLUMNS} FROM reviews rv JOIN devices d ON d.key_id = rv.desk_key_id
        WHERE rv.seq > @after AND (@city = 1 OR EXISTS (
          SELECT 1 FROM bundle_records r WHERE r.inspection_id = rv.inspection_id AND (r.agency_district = @district OR r.inspecting_unit = @district)))
        ORDER BY rv.seq LIMIT @limit`,
    ),
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

  const approve = db.transaction((keyId: string, at: string, makeReceipt: ReceiptMaker, role?: { role: DeviceRow['role']; district: string | null }) => {
    const found = q.device.get(keyId);
    if (!found) return null;
    q.setState.run('approved', at, keyId);
    if (role) q.setRole.run(role.role, role.role === 'district' ? role.district : null, keyId);
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
    const { records, ...fields } = b;
    let row: BundleRow;
    if (owner?.state === 'approved') {
      const seq = nextSeq();
      row = { ...fields, state: 'stored', seq, receipt: makeReceipt(b, seq) };
    } else {
      row = { ...fields, state: 'held', seq: null, receipt: null };
    }
    q.insertBundle.run(row);
    for (const r of records) q.insertRecord.run({ bundleId: b.bundleId, ...r });
    return { kind: 'added', row };
  });

  const addReview = db.transaction((r: NewReview): { kind: 'added' | 'exists'; row: ReviewRow } => {
    const existing = q.review.get(r.reviewId);
    if (existing) return { kind: 'exists', row: review(existing) };
    const seqRow = q.nextReviewSeq.get();
    if (!seqRow) throw new ReceiverStoreError('接收端数据库缺少审核结论序号计数器，数据库已损坏。');
    const row: ReviewRow = { ...r, seq: seqRow.value };
    q.insertReview.run(row);
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
    approveDevice: async (keyId, at, makeReceipt, role) => approve.immediate(keyId, at, makeReceipt, role),
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
    feed: async (scope: DeskScope, after: number, limit: number) => q.feed.all({ ...scopeParams(scope), after, limit }).map(bundle),
    inScope: async (bundleId: string, scope: DeskScope) => (q.inScope.get({ ...scopeParams(scope), bundleId })?.n ?? 0) > 0,
    revisionRecords: async (inspectionId: string, revision: number, revisionSha256: string): Promise<RecordWithSender[]> =>
      q.revisionRecords.all(inspectionId, revision, revisionSha256).map((r) => ({
        bundleId: r.bundle_id,
        deviceKeyId: r.device_key_id,
        inspectionId: r.inspection_id,
        revision: r.revision,
        revisionSha256: r.revision_sha256,
        agencyDistrict: r.agency_district,
        inspectingUnit: r.inspecting_unit,
      })),
    addReview: async (r: NewReview) => addReview.immediate(r),
    reviewsFor: async (reader, after, limit) =>
      ('deviceKeyId' in reader
        ? q.reviewsToDevice.all({ device: reader.deviceKeyId, after, limit })
        : q.reviewsInScope.all({ ...scopeParams(reader.scope), after, limit })
      ).map(reviewWithDesk),
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
