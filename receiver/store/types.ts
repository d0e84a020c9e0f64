/**
 * What the receiver keeps about devices, bundles and request nonces. Asynchronous on
 * purpose: the SQLite store answers at once, a PostgreSQL store over the network will
 * not, and the server must not care which it has.
 *
 * A bundle's file is written (and flushed) before its row is added; a row therefore always
 * names a complete file, and a file without a row is debris of a crash, removed at start.
 */

export const RECEIVER_DEVICE_STATES = ['pending', 'approved', 'revoked'] as const;
export type ReceiverDeviceState = (typeof RECEIVER_DEVICE_STATES)[number];

/**
 * What an approved device may read. An inspector's laptop sends bundles and reads answers
 * about its own; a 区局 desk reads the bundles of its district (agencies registered there,
 * or inspections its unit made); the 市局 desk reads every bundle.
 */
export const DEVICE_ROLES = ['inspector', 'district', 'city'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

/** A desk's reach: the whole city, or one unit of forms/districts.ts (a district or 临港新片区). */
export type DeskScope = { role: 'city' } | { role: 'district'; district: string };

export interface DeviceRow {
  keyId: string;
  alg: 'ed25519' | 'sm2-sm3';
  publicKey: string;
  fingerprint: string;
  inspectorName: string;
  badgeNo: string;
  unit: string;
  appVersion: string;
  /** The signed enrollment request as received, kept as the record of who asked. */
  enrollment: string;
  state: ReceiverDeviceState;
  enrolledAt: string;
  decidedAt: string | null;
  /** Set by the administrator at approval; 'inspector' until then. */
  role: DeviceRole;
  /** The desk's unit, for role 'district' only. */
  district: string | null;
}

export type NewDevice = Omit<DeviceRow, 'state' | 'decidedAt' | 'role' | 'district'>;

/** The scope of a device that may read bundles, or null for an inspector's laptop. */
export function deskScopeOf(d: Pick<DeviceRow, 'role' | 'district'>): DeskScope | null {
  if (d.role === 'city') return { role: 'city' };
  if (d.role === 'district' && d.district) return { role: 'district', district: d.district };
  return null;
}

/** The unit a desk signs its decisions as: its district, or 市局. */
export function deskUnitOf(scope: DeskScope): string {
  return scope.role === 'city' ? '市局' : scope.district;
}

/** One inspection of a stored bundle, as the upload check read it (core/exchange/verify-upload.ts). */
export interface BundleRecord {
  inspectionId: string;
  revision: number;
  revisionSha256: string;
  agencyDistrict: string;
  inspectingUnit: string | null;
}

export interface BundleRow {
  bundleId: string;
  deviceKeyId: string;
  sha256: string;
  bytes: number;
  receivedAt: string;
  /** Stored: has its sequence number and receipt. Held: waits for the device's approval. */
  state: 'held' | 'stored';
  seq: number | null;
  /** The signed receipt text, once stored. */
  receipt: string | null;
  inspections: number;
  evidence: number;
  /** For an evidence part: the records bundle it belongs to. */
  partOf: string | null;
}

export type NewBundle = Omit<BundleRow, 'state' | 'seq' | 'receipt'> & { records: readonly BundleRecord[] };

/** A review decision (bundle/review.ts) a desk posted, as stored. */
export interface ReviewRow {
  reviewId: string;
  /** The receiver's arrival number for decisions: strictly increasing, never reused. */
  seq: number;
  deskKeyId: string;
  inspectionId: string;
  revision: number;
  revisionSha256: string;
  state: 'accepted' | 'returned';
  /** SHA-256 of `document`. */
  sha256: string;
  /** The signed decision as posted (canonical JSON). */
  document: string;
  receivedAt: string;
}

export type NewReview = Omit<ReviewRow, 'seq'>;

/** A stored decision with the desk that signed it, as a laptop is sent it. */
export interface ReviewWithDesk extends ReviewRow {
  desk: Pick<DeviceRow, 'keyId' | 'alg' | 'publicKey' | 'fingerprint' | 'inspectorName' | 'unit' | 'role' | 'district'>;
}

/** A stored bundle's inspection together with the device that sent the bundle. */
export interface RecordWithSender extends BundleRecord {
  bundleId: string;
  deviceKeyId: string;
}

/** Signs the receipt of a bundle given the sequence number it is being stored under. */
export type ReceiptMaker = (bundle: Pick<BundleRow, 'bundleId' | 'deviceKeyId' | 'sha256' | 'bytes' | 'receivedAt'>, seq: number) => string;

export type AddBundleResult =
  /** This call stored (or held) it. */
  | { kind: 'added'; row: BundleRow }
  /** A row was already there under that id (a resend, or a race with one): the caller compares. */
  | { kind: 'exists'; row: BundleRow };

export interface ReceiverStatus {
  devices: Record<ReceiverDeviceState, number>;
  stored: number;
  held: number;
  storedBytes: number;
  lastSeq: number;
  lastReceivedAt: string | null;
}

export interface ReceiverStore {
  getDevice(keyId: string): Promise<DeviceRow | null>;
  /** Adds a pending device, or returns the one already enrolled under that key id. */
  enrollDevice(device: NewDevice): Promise<DeviceRow>;
  listDevices(): Promise<DeviceRow[]>;
  /**
   * Approves a device and stores its held bundles in arrival order, each with the next
   * sequence number and its receipt, in one transaction. Returns the bundles it stored.
   */
  approveDevice(
    keyId: string,
    at: string,
    makeReceipt: ReceiptMaker,
    role?: { role: DeviceRole; district: string | null },
  ): Promise<{ device: DeviceRow; stored: BundleRow[] } | null>;
  revokeDevice(keyId: string, at: string): Promise<DeviceRow | null>;
  /**
   * Records a request nonce; false when that key used it already within the window.
   * Nonces older than `forgetBefore` (unix seconds) are forgotten: the clock-skew check
   * refuses any request that old anyway.
   */
  useNonce(keyId: string, nonce: string, created: number, forgetBefore: number): Promise<boolean>;
  getBundle(bundleId: string): Promise<BundleRow | null>;
  /**
   * Adds the row for a bundle whose file is already written: stored with the next sequence
   * number and a receipt when the device is approved at that moment, else held.
   */
  addBundle(bundle: NewBundle, makeReceipt: ReceiptMaker): Promise<AddBundleResult>;
  /** Stored bundles in the scope after arrival number `after`, in arrival order, at most `limit`. */
  feed(scope: DeskScope, after: number, limit: number): Promise<BundleRow[]>;
  /** Whether a stored bundle (or the records bundle an evidence part belongs to) is in the scope. */
  inScope(bundleId: string, scope: DeskScope): Promise<boolean>;
  /** The stored bundles' records of this exact signed revision, with who sent each bundle. */
  revisionRecords(inspectionId: string, revision: number, revisionSha256: string): Promise<RecordWithSender[]>;
  /** Stores a decision with the next decision number, or returns the one already under its id. */
  addReview(review: NewReview): Promise<{ kind: 'added' | 'exists'; row: ReviewRow }>;
  /**
   * Decisions after number `after`, at most `limit`: for a laptop (a key id) those about
   * inspections it sent; for a desk those about inspections in its scope.
   */
  reviewsFor(reader: { deviceKeyId: string } | { scope: DeskScope }, after: number, limit: number): Promise<ReviewWithDesk[]>;
  /** The SHA-256 of every bundle with a row, for the start-up sweep of orphan files. */
  bundleHashes(): Promise<Set<string>>;
  status(): Promise<ReceiverStatus>;
  close(): Promise<void>;
}
