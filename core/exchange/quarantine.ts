/**
 * Quarantine: a valid bundle signed by a key nobody here has trusted is kept, byte
 * for byte, as quarantine/<bundleId>.ducha.json in the data folder (bundle ids are
 * UUIDs, checked by the schema, so the name is safe), listed with its reason, and
 * imports nothing until a person trusts the key and releases it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../../lib/atomic-write';
import { getQuarantined, insertQuarantine, listHeld, rehold, type QuarantineRow } from '../../db/repositories/bundles';
import { getTrustedKey } from '../../db/repositories/bundles';
import type { OutputOf } from '../contract';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';
import { actorText } from './payload';
import type { ReadBundle } from './verify-1-read';

export const QUARANTINE_DIR = 'quarantine';

export function quarantineFile(dataDir: string, bundleId: string): string {
  return path.join(dataDir, QUARANTINE_DIR, `${bundleId}.ducha.json`);
}

function summaryOf(b: ReadBundle): { agencyName: string; inspectedOn: string }[] {
  const names = new Map(b.payload.agencies.map((a) => [a.id, a.name]));
  return b.payload.inspections.map((i) => ({ agencyName: names.get(i.agencyId) ?? '', inspectedOn: i.inspectedOn }));
}

export function untrustedReason(b: ReadBundle): string {
  const h = b.header;
  return `发送方设备密钥 ${h.keyId}（指纹 ${b.fingerprint}；${h.inspector.unit} ${h.inspector.name}，执法证号 ${h.inspector.badgeNo}）尚未受信任。数据包已放入隔离区，未导入任何内容。请与该检查人员核对指纹后点击「信任此密钥」，再释放导入。`;
}

/**
 * Keeps the file and records it as held. Called inside the import transaction; the
 * file is written first (atomically), so a row never points at a missing file.
 */
export function holdBundle(ctx: ServiceContext, b: ReadBundle, fileName: string, text: string): { alreadyHeld: boolean } {
  const { db } = ctx.store;
  const h = b.header;
  const existing = getQuarantined(db, h.bundleId);
  if (existing?.status === 'held') return { alreadyHeld: true };
  const file = quarantineFile(ctx.dataDir, h.bundleId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, text);
  const row: QuarantineRow = {
    bundleId: h.bundleId,
    keyId: h.keyId,
    alg: h.alg,
    publicKey: h.publicKey,
    fingerprint: b.fingerprint,
    inspector: actorText(h.inspector),
    fileName,
    storedFile: path.posix.join(QUARANTINE_DIR, `${h.bundleId}.ducha.json`),
    bytes: Buffer.byteLength(text, 'utf8'),
    summary: JSON.stringify(summaryOf(b)),
    reason: untrustedReason(b),
    receivedAt: nowIso(),
    status: 'held',
    closedAt: null,
    closedBy: null,
  };
  // Discarded earlier and offered again: hold it again under the same id.
  if (existing) rehold(db, row);
  else insertQuarantine(db, row);
  return { alreadyHeld: false };
}

export function listQuarantine(ctx: ServiceContext): OutputOf<'bundles/quarantine'> {
  const { db } = ctx.store;
  return listHeld(db).map((r) => ({
    bundleId: r.bundleId,
    keyId: r.keyId,
    alg: r.alg as OutputOf<'bundles/quarantine'>[number]['alg'],
    fingerprint: r.fingerprint,
    inspector: JSON.parse(r.inspector) as OutputOf<'bundles/quarantine'>[number]['inspector'],
    fileName: r.fileName,
    bytes: r.bytes,
    inspections: JSON.parse(r.summary) as { agencyName: string; inspectedOn: string }[],
    reason: r.reason,
    receivedAt: r.receivedAt,
    keyTrusted: getTrustedKey(db, r.keyId)?.publicKey === r.publicKey,
  }));
}
