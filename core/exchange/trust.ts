/**
 * Which device keys this installation accepts bundles from: its own, and those a
 * person trusted — from an inspector's signed enrollment request (the normal way),
 * or from a quarantined bundle after comparing the fingerprint by another channel.
 */
import { verifyEnrollmentRequest } from '../../bundle/enrollment';
import { keyAlgOf, type BundleAlg } from '../../bundle/format';
import { fingerprintOf } from '../../bundle/keys';
import { deleteTrustedKey, getTrustedKey, insertTrustedKey, listHeldByKey, listTrustedKeys, type TrustedKeyRow } from '../../db/repositories/bundles';
import { AppError } from '../../lib/errors';
import type { TrustedKey } from '../contract/bundles';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';
import { currentActor } from '../domain/actor';
import { ownKeyIds } from '../domain/device-key';
import { statements } from '../../db/repositories/import-statements';

export type Trust = 'own' | 'trusted' | 'unknown';

/** How far a bundle signed by this key (as named in its verified header) is trusted. */
export function trustOf(ctx: ServiceContext, keyId: string, publicKey: string, own: Set<string> = ownKeyIds(ctx)): Trust {
  if (own.has(keyId)) return 'own';
  const row = statements(ctx.store.db).trustedPublicKey.get(keyId) as { publicKey: string } | undefined;
  // The key id is a hash of the public key; the comparison guards against a damaged row.
  return row && row.publicKey === publicKey ? 'trusted' : 'unknown';
}

export function toTrustedKey(row: TrustedKeyRow): TrustedKey {
  return {
    keyId: row.keyId,
    alg: row.alg as BundleAlg,
    publicKey: row.publicKey,
    fingerprint: row.fingerprint,
    inspector: { name: row.inspectorName, badgeNo: row.inspectorBadgeNo, unit: row.inspectorUnit },
    source: row.source as TrustedKey['source'],
    trustedAt: row.trustedAt,
    trustedBy: JSON.parse(row.trustedBy) as TrustedKey['trustedBy'],
  };
}

interface KeyToTrust {
  keyId: string;
  alg: BundleAlg;
  publicKey: string;
  inspector: { name: string; badgeNo: string; unit: string };
  source: 'enrollment' | 'bundle';
}

function trust(ctx: ServiceContext, key: KeyToTrust): TrustedKey {
  const { db } = ctx.store;
  if (ownKeyIds(ctx).has(key.keyId)) {
    throw new AppError('VALIDATION', `密钥 ${key.keyId} 是本机自己的设备密钥，无需信任：本机签名的数据包总是可以导入。`, 'keyId');
  }
  return ctx.store.transaction(() => {
    const existing = getTrustedKey(db, key.keyId);
    // Trusting twice is harmless; the first record (who and when) stays.
    if (existing) return toTrustedKey(existing);
    const row: TrustedKeyRow = {
      keyId: key.keyId,
      alg: key.alg,
      publicKey: key.publicKey,
      fingerprint: fingerprintOf(keyAlgOf(key.alg), key.publicKey) ?? '',
      inspectorName: key.inspector.name,
      inspectorBadgeNo: key.inspector.badgeNo,
      inspectorUnit: key.inspector.unit,
      source: key.source,
      trustedAt: nowIso(),
      trustedBy: JSON.stringify(currentActor(ctx)),
    };
    insertTrustedKey(db, row);
    return toTrustedKey(row);
  });
}

/** Trusts the key that signed bundles now waiting in quarantine. */
export function trustQuarantinedKey(ctx: ServiceContext, keyId: string): TrustedKey {
  const held = listHeldByKey(ctx.store.db, keyId)[0];
  if (!held) {
    const existing = getTrustedKey(ctx.store.db, keyId);
    if (existing) return toTrustedKey(existing);
    throw new AppError('NOT_FOUND', `隔离区中没有来自密钥 ${keyId} 的数据包。要预先信任一台设备，请导入该检查人员的登记申请文件。`, 'keyId');
  }
  return trust(ctx, {
    keyId,
    alg: held.alg as BundleAlg,
    publicKey: held.publicKey,
    inspector: JSON.parse(held.inspector) as KeyToTrust['inspector'],
    source: 'bundle',
  });
}

/** Trusts the key of a signed enrollment request (`ducha keys export-enrollment`). */
export function trustEnrollment(ctx: ServiceContext, text: string): TrustedKey {
  const checked = verifyEnrollmentRequest(text);
  if (!checked.ok) throw new AppError('VALIDATION', checked.reason, 'text');
  const r = checked.request;
  return trust(ctx, { keyId: r.keyId, alg: r.alg, publicKey: r.publicKey, inspector: r.inspector, source: 'enrollment' });
}

export function untrust(ctx: ServiceContext, keyId: string): void {
  if (!deleteTrustedKey(ctx.store.db, keyId)) {
    throw new AppError('NOT_FOUND', `密钥 ${keyId} 不在受信任列表中，可能已被撤销。请刷新后重试。`, 'keyId');
  }
}

export function trustedKeys(ctx: ServiceContext): TrustedKey[] {
  return listTrustedKeys(ctx.store.db).map(toTrustedKey);
}
