/**
 * What the outbox and the connection say, as the sync/* methods answer it: the status
 * line, the recent entries, and each inspection's delivery.
 */
import { countImportedSince } from '../../db/repositories/bundles';
import { isDesk, readDeviceRole } from '../domain/role';
import { getConnection, listLatestRevisionRows, listRecent, outboxCounts, type OutboxEntry } from '../../db/repositories/sync';
import { DEVICE_STATE_LABELS, type Delivery, type DeliveryState, type SyncStatus } from '../contract/sync';
import type { ServiceContext } from '../context';
import { infoOf } from './connection';

const RECENT = 50;

/** What the sender is doing right now. */
export interface SenderActivity {
  sending: boolean;
  inFlight: Set<string>;
}

function entryState(e: OutboxEntry, inFlight: Set<string>): DeliveryState {
  if (e.state === 'delivered') return 'delivered';
  if (e.state === 'held') return 'held';
  if (inFlight.has(e.inspectionId)) return 'sending';
  return e.lastError === null ? 'queued' : 'failed';
}

export function syncStatus(ctx: ServiceContext, activity: SenderActivity): SyncStatus {
  const { db } = ctx.store;
  const row = getConnection(db);
  const counts = outboxCounts(db);
  return {
    connection: row ? { ...infoOf({ ...row, urls: JSON.parse(row.urls) as string[], alg: row.alg as 'ed25519' | 'sm2-sm3' }), connectedAt: row.connectedAt } : null,
    device: row ? { state: row.deviceState, message: row.deviceMessage ?? (row.deviceState === 'unknown' ? DEVICE_STATE_LABELS.unknown : null) } : { state: 'unknown', message: null },
    lastContactAt: row?.lastContactAt ?? null,
    lastError: row?.lastError ?? null,
    queue: { queued: counts.queued, held: counts.held, failed: counts.failed, delivered: counts.delivered },
    nextAttemptAt: counts.nextAttemptAt,
    sending: activity.sending,
    pull: isDesk(readDeviceRole(ctx))
      ? { lastPullAt: row?.lastPullAt ?? null, importedToday: countImportedSince(db, new Date(`${ctx.today()}T00:00:00+08:00`).toISOString()) }
      : null,
    recent: listRecent(db, RECENT).map((e) => ({
      bundleId: e.bundleId,
      inspectionId: e.inspectionId,
      agencyName: e.agencyName,
      inspectedOn: e.inspectedOn,
      revision: e.revision,
      part: e.part,
      state: entryState(e, activity.inFlight),
      bytes: e.bytes,
      attempts: e.attempts,
      error: e.state === 'queued' ? e.lastError : null,
      nextAttemptAt: e.state === 'queued' ? e.nextAttemptAt : null,
      receivedAt: e.receivedAt,
      seq: e.seq,
    })),
  };
}

/**
 * Per inspection, its latest revision in the outbox: 已送达 when every bundle is receipted
 * (with the last receipt's time); else 发送中 while one travels, 发送失败 when one failed
 * (its reason and next try), 待批准 when the receiver holds one, else 待发送.
 */
export function deliveries(ctx: ServiceContext, activity: SenderActivity, inspectionIds?: string[]): Delivery[] {
  const byInspection = new Map<string, OutboxEntry[]>();
  for (const e of listLatestRevisionRows(ctx.store.db, inspectionIds)) {
    const list = byInspection.get(e.inspectionId) ?? [];
    list.push(e);
    byInspection.set(e.inspectionId, list);
  }
  return [...byInspection.values()].map((rows): Delivery => {
    const first = rows[0]!;
    const delivered = rows.filter((r) => r.state === 'delivered');
    const failed = rows.find((r) => r.state === 'queued' && r.lastError !== null);
    const all = delivered.length === rows.length;
    const state: DeliveryState = all
      ? 'delivered'
      : activity.inFlight.has(first.inspectionId)
        ? 'sending'
        : failed
          ? 'failed'
          : rows.some((r) => r.state === 'held')
            ? 'held'
            : 'queued';
    return {
      inspectionId: first.inspectionId,
      revision: first.revision,
      state,
      parts: rows.length,
      delivered: delivered.length,
      receivedAt: all ? delivered.map((r) => r.receivedAt ?? '').sort().at(-1) || null : null,
      error: state === 'failed' ? (failed?.lastError ?? null) : null,
      nextAttemptAt: state === 'failed' ? (failed?.nextAttemptAt ?? null) : null,
    };
  });
}
