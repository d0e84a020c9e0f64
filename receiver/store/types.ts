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
}

export type NewDevice = Omit<DeviceRow, 'state' | 'decidedAt'>;

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

export type NewBundle = Omit<BundleRow, 'state' | 'seq' | 'receipt'>;

/** Signs the receipt of a bundle given the sequence number it is being stored under. */
export type ReceiptMaker = (bundle: NewBundle, seq: number) => string;

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
  approveDevice(keyId: string, at: string, makeReceipt: ReceiptMaker): Promise<{ device: DeviceRow; stored: BundleRow[] } | null>;
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
  /** The SHA-256 of every bundle with a row, for the start-up sweep of orphan files. */
  bundleHashes(): Promise<Set<string>>;
  status(): Promise<ReceiverStatus>;
  close(): Promise<void>;
}
