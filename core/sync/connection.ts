/**
 * The receiver connection: read from the bureau's connection file, pinned once the
 * inspector confirms its fingerprint, cleared on disconnect. From then on only answers and
 * receipts signed by the pinned key are believed.
 */
import type { BundleAlg } from '../../bundle/format';
import { readReceiverConnection, type ReceiverConnection } from '../../bundle/receiver-connection';
import { deleteConnection, getConnection, putConnection, requeueAllHeld, type ConnectionRow } from '../../db/repositories/sync';
import { AppError } from '../../lib/errors';
import type { ConnectionInfo } from '../contract/sync';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';

/** What the sender needs of a pinned receiver. */
export interface ReceiverPin {
  name: string;
  urls: string[];
  alg: BundleAlg;
  keyId: string;
  publicKey: string;
  tlsCertificate: string | null;
}

export function readConnectionFile(text: string): ReceiverConnection {
  const read = readReceiverConnection(text);
  if (!read.ok) throw new AppError('VALIDATION', read.reason, 'text');
  return read.connection;
}

export function infoOf(c: Pick<ReceiverConnection, 'name' | 'urls' | 'alg' | 'keyId' | 'fingerprint'> & { tlsCertificate?: string | null | undefined }): ConnectionInfo {
  return { name: c.name, urls: c.urls, alg: c.alg, keyId: c.keyId, fingerprint: c.fingerprint, hasTlsCertificate: Boolean(c.tlsCertificate) };
}

/** Fingerprints compare by their hex digits: spaces, dashes and case as the inspector typed them do not matter. */
export function sameFingerprint(a: string, b: string): boolean {
  const digits = (s: string) => s.replace(/[\s-]/g, '').toUpperCase();
  return digits(a) === digits(b) && digits(a).length > 0;
}

/**
 * Pins the receiver of this connection file when `fingerprint` is the file's. Connecting
 * again to the same receiver (new addresses) keeps what it said of this device; another
 * receiver starts over, and bundles the old one was holding are sent to the new one.
 */
export function pinConnection(ctx: ServiceContext, text: string, fingerprint: string): ConnectionRow {
  const c = readConnectionFile(text);
  if (!sameFingerprint(fingerprint, c.fingerprint)) {
    throw new AppError(
      'VALIDATION',
      `您确认的指纹（${fingerprint.trim() || '空'}）与连接文件中接收端的指纹（${c.fingerprint}）不一致，未连接。请与市局逐位核对指纹；如确实不一致，该文件可能被替换过，请勿使用，并向市局索取原始文件。`,
      'fingerprint',
    );
  }
  return ctx.store.transaction(() => {
    const { db } = ctx.store;
    const before = getConnection(db);
    const same = before?.keyId === c.keyId;
    if (before && !same) requeueAllHeld(db);
    putConnection(db, {
      name: c.name,
      urls: JSON.stringify(c.urls),
      alg: c.alg,
      keyId: c.keyId,
      publicKey: c.publicKey,
      fingerprint: c.fingerprint,
      tlsCertificate: c.tlsCertificate ?? null,
      connectedAt: nowIso(),
      deviceState: same ? before.deviceState : 'unknown',
      deviceMessage: same ? before.deviceMessage : null,
      deviceKeyId: same ? before.deviceKeyId : null,
      lastContactAt: same ? before.lastContactAt : null,
      lastError: null,
      // Another receiver numbers its bundles and decisions afresh.
      feedCursor: same ? before.feedCursor : 0,
      reviewsCursor: same ? before.reviewsCursor : 0,
      lastPullAt: same ? before.lastPullAt : null,
    });
    const pinned = getConnection(db);
    if (!pinned) throw new AppError('INTERNAL', '保存接收端连接失败。');
    return pinned;
  });
}

export function clearConnection(ctx: ServiceContext): void {
  ctx.store.transaction(() => deleteConnection(ctx.store.db));
}

export function pinOf(row: ConnectionRow): ReceiverPin {
  return {
    name: row.name,
    urls: JSON.parse(row.urls) as string[],
    alg: row.alg as BundleAlg,
    keyId: row.keyId,
    publicKey: row.publicKey,
    tlsCertificate: row.tlsCertificate,
  };
}
