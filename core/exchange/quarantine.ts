/**
 * Quarantine: a valid bundle signed by a key nobody here has trusted is kept, byte
 * for byte, as quarantine/<bundleId>.ducha.json in the data folder (bundle ids are
 * UUIDs, checked by the schema, so the name is safe), listed with its reason, and
 * imports nothing until a person trusts the key and releases it.
 *
 * Anyone can make a key, and each valid file from it would be kept whole: so the
 * quarantine is bounded, per key and in all (QUARANTINE_LIMITS). To make room for a
 * new file the oldest held ones are dropped, each with a line in the import log.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../../lib/atomic-write';
import { AppError } from '../../lib/errors';
import { closeQuarantine, getQuarantined, insertImportLog, insertQuarantine, listHeld, rehold, type QuarantineRow } from '../../db/repositories/bundles';
import { getTrustedKey } from '../../db/repositories/bundles';
import { formatBytes } from '../../bundle/safe-json';
import type { OutputOf } from '../contract';
import { shanghaiToday, type ServiceContext } from '../context';
import { currentActor } from '../domain/actor';
import { newId, nowIso } from '../ids';
import { zeroCounts } from './apply';
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
 * What the quarantine keeps at most. One key's share fits one bundle of the largest size
 * the importer reads (256 MB); the total keeps a few such keys' worth. The 数据交换
 * page states these numbers beside the list (renderer/src/pages/exchange/QuarantinePanel.tsx).
 */
export const QUARANTINE_LIMITS = {
  filesPerKey: 20,
  bytesPerKey: 256 * 1024 * 1024,
  bytesTotal: 1024 * 1024 * 1024,
} as const;

export type QuarantineLimits = { [K in keyof typeof QUARANTINE_LIMITS]: number };

const GB = 1024 * 1024 * 1024;

function sizeText(n: number): string {
  return n >= GB && n % GB === 0 ? `${n / GB} GB` : formatBytes(n);
}

/** The limits in words, as the import log and the 数据交换 page state them. */
export function limitsText(limits: QuarantineLimits = QUARANTINE_LIMITS): string {
  return `每个未受信任的密钥最多保留 ${limits.filesPerKey} 个数据包、共 ${sizeText(limits.bytesPerKey)}，隔离区合计最多 ${sizeText(limits.bytesTotal)}`;
}

type Held = Pick<QuarantineRow, 'bundleId' | 'keyId' | 'bytes'>;

/**
 * Which held bundles (oldest first) must go so that one more of `bytes` from `keyId`
 * fits the limits, oldest first: first the key's own, then anyone's for the total.
 * `fits` is false when the file alone is more than one key may keep.
 */
export function overflowOf<T extends Held>(held: readonly T[], incoming: { keyId: string; bytes: number }, limits: QuarantineLimits = QUARANTINE_LIMITS): { fits: boolean; drop: T[] } {
  if (incoming.bytes > limits.bytesPerKey || incoming.bytes > limits.bytesTotal) return { fits: false, drop: [] };
  const drop = new Set<T>();
  const own = held.filter((r) => r.keyId === incoming.keyId);
  let ownFiles = own.length + 1;
  let ownBytes = own.reduce((n, r) => n + r.bytes, incoming.bytes);
  for (const r of own) {
    if (ownFiles <= limits.filesPerKey && ownBytes <= limits.bytesPerKey) break;
    drop.add(r);
    ownFiles--;
    ownBytes -= r.bytes;
  }
  let total = held.reduce((n, r) => n + (drop.has(r) ? 0 : r.bytes), incoming.bytes);
  for (const r of held) {
    if (total <= limits.bytesTotal) break;
    if (drop.has(r)) continue;
    drop.add(r);
    total -= r.bytes;
  }
  return { fits: true, drop: held.filter((r) => drop.has(r)) };
}

/** Drops a held bundle to make room: closed as discarded, its file removed, and a line in the import log saying so. */
function dropForRoom(ctx: ServiceContext, r: QuarantineRow, incoming: ReadBundle): void {
  const { db } = ctx.store;
  const at = nowIso();
  const inspector = JSON.parse(r.inspector) as { name?: string };
  closeQuarantine(db, r.bundleId, 'discarded', at, JSON.stringify(currentActor(ctx)));
  fs.rmSync(quarantineFile(ctx.dataDir, r.bundleId), { force: true });
  const why = r.keyId === incoming.header.keyId ? `来自同一未受信任密钥 ${r.keyId} 的数据包已达上限` : '隔离区总容量已达上限';
  insertImportLog(db, {
    id: newId(),
    bundleId: r.bundleId,
    payloadSha256: null,
    keyId: r.keyId,
    fileName: r.fileName,
    receivedAt: at,
    outcome: 'refused',
    reason: `${why}（${limitsText()}）：为放入新收到的数据包，已从隔离区删除最早的这个数据包（${shanghaiToday(new Date(r.receivedAt))} 收到，${inspector.name ?? ''}，${sizeText(r.bytes)}），未导入。如仍需要，请先信任发送方的密钥，再让其重新发送。`,
    counts: JSON.stringify(zeroCounts()),
  });
}

/**
 * Keeps the file and records it as held, first making room for it within the limits.
 * Called inside the import transaction; the file is written first (atomically), so a
 * row never points at a missing file.
 */
export function holdBundle(ctx: ServiceContext, b: ReadBundle, fileName: string, text: string): { alreadyHeld: boolean } {
  const { db } = ctx.store;
  const h = b.header;
  const existing = getQuarantined(db, h.bundleId);
  if (existing?.status === 'held') return { alreadyHeld: true };
  const bytes = Buffer.byteLength(text, 'utf8');
  const room = overflowOf(listHeld(db), { keyId: h.keyId, bytes });
  if (!room.fits) {
    throw new AppError('VALIDATION', `数据包有 ${sizeText(bytes)}，超过隔离区为一个未受信任的密钥保留的上限（${limitsText()}）。请先核对指纹并信任发送方的密钥，再重新导入该文件。`);
  }
  // Room first: the dropped files free the disk space the new one needs.
  for (const r of room.drop) dropForRoom(ctx, r, b);
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
    bytes,
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
