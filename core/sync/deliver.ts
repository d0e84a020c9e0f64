/**
 * One bundle to the receiver and what its answer does to the outbox row. Each outcome is
 * one committed transaction: after a verified receipt the row is delivered and its bytes
 * dropped, so a crash at any moment never resends a receipted bundle (and a resend whose
 * receipt was lost is harmless: the receiver answers the same receipt again).
 */
import type { DeviceKey } from '../../bundle/keys';
import { verifyReceipt } from '../../bundle/receipt';
import { DEVICE_STATE_MESSAGES, SYNC_PATHS, heldBundleAnswerSchema, receiptAnswerSchema } from '../../bundle/sync-api';
import { getInspection } from '../../db/repositories/inspections';
import { getBody, listRevisionRows, markDelivered, markFailed, markHeld, requeue, type ConnectionRow, type OutboxEntry } from '../../db/repositories/sync';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';
import { submitInspection } from '../records/submit';
import { backoffMs } from './backoff';
import { callReceiver, ReceiverUnreachable, type ClientOptions, type ReceiverAnswer } from './client';
import { pinOf } from './connection';
import { contacted, recordError, refusalText } from './device';

export type DeliveryOutcome =
  | { kind: 'delivered'; message: string }
  | { kind: 'held'; message: string }
  | { kind: 'failed'; message: string; unreachable: boolean }
  /** A held bundle the receiver still holds: nothing changed. */
  | { kind: 'waiting'; message: string };

export interface DeliverEnv {
  ctx: ServiceContext;
  row: ConnectionRow;
  key: DeviceKey;
  client: ClientOptions;
  now: () => Date;
  random: () => number;
}

/** The receiver's UTC time as a Shanghai wall clock, for the inspector's message. */
function shanghaiTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** attempts+1 and the next try after the back-off; the row stays queued, never given up. */
export function fail(env: DeliverEnv, entry: OutboxEntry, message: string, unreachable = false): DeliveryOutcome {
  const at = new Date(env.now().getTime() + backoffMs(entry.attempts + 1, env.random)).toISOString();
  env.ctx.store.transaction(() => markFailed(env.ctx.store.db, entry.seq, { lastError: message, nextAttemptAt: at }));
  return { kind: 'failed', message, unreachable };
}

/**
 * Stores a verified receipt, and once every bundle of the inspection's latest revision is
 * receipted, marks the inspection 已提交 (it was still 已签署): the bureau has it.
 */
function delivered(env: DeliverEnv, entry: OutboxEntry, value: unknown): DeliveryOutcome {
  const { ctx } = env;
  const check = verifyReceipt(value, pinOf(env.row), { bundleId: entry.bundleId ?? '', sha256: entry.sha256 ?? '', bytes: entry.bytes ?? -1, deviceKeyId: env.key.keyId });
  if (!check.ok) {
    recordError(ctx, check.message);
    return fail(env, entry, check.message);
  }
  const { receipt } = check;
  ctx.store.transaction(() => {
    const { db } = ctx.store;
    markDelivered(db, entry.seq, { receipt: JSON.stringify(receipt), receivedAt: receipt.receivedAt, deliveredAt: nowIso() });
    const all = listRevisionRows(db, entry.inspectionId, entry.revision);
    const inspection = getInspection(db, entry.inspectionId);
    if (inspection?.status === 'signed' && inspection.revision === entry.revision && all.every((r) => r.state === 'delivered')) {
      try {
        ctx.store.transaction(() => submitInspection(ctx, inspection));
      } catch {
        // A record changed behind the app's back stays 已签署: its delivery is on record all the same.
      }
    }
  });
  return { kind: 'delivered', message: `已送达（接收端第 ${receipt.seq} 号，${shanghaiTime(receipt.receivedAt)} 收到）` };
}

function held(env: DeliverEnv, entry: OutboxEntry, answer: ReceiverAnswer): DeliveryOutcome {
  const parsed = heldBundleAnswerSchema.safeParse(answer.json);
  if (!parsed.success || parsed.data.held.bundleId !== entry.bundleId) return fail(env, entry, '接收端答复不符合同步协议 v1（待批准答复与所发数据包不符）');
  env.ctx.store.transaction(() => markHeld(env.ctx.store.db, entry.seq));
  contacted(env.ctx, { deviceState: 'pending', deviceMessage: DEVICE_STATE_MESSAGES.pending, deviceKeyId: env.key.keyId });
  return { kind: 'held', message: parsed.data.held.message || DEVICE_STATE_MESSAGES.pending };
}

function refused(env: DeliverEnv, entry: OutboxEntry, answer: ReceiverAnswer): DeliveryOutcome {
  const { code, message } = refusalText(answer);
  const text = answer.status >= 500 ? `接收端出错（HTTP ${answer.status}）：${message}` : message;
  contacted(env.ctx, {
    lastError: text,
    ...(code === 'REVOKED' ? { deviceState: 'revoked' as const, deviceMessage: message } : {}),
    // The receiver lost (or never had) this device: enroll again on the next pass.
    ...(code === 'UNKNOWN_DEVICE' ? { deviceState: 'unknown' as const } : {}),
  });
  return fail(env, entry, text);
}

async function ask(env: DeliverEnv, entry: OutboxEntry, request: Parameters<typeof callReceiver>[2]): Promise<ReceiverAnswer | DeliveryOutcome> {
  try {
    return await callReceiver(pinOf(env.row), env.key, request, env.client);
  } catch (error) {
    if (!(error instanceof ReceiverUnreachable)) throw error;
    recordError(env.ctx, error.message);
    return fail(env, entry, error.message, true);
  }
}

/** PUTs a built, queued row's exact bytes. */
export async function sendEntry(env: DeliverEnv, entry: OutboxEntry): Promise<DeliveryOutcome> {
  const body = getBody(env.ctx.store.db, entry.seq);
  if (!body || !entry.bundleId) return fail(env, entry, '数据包内容不在本机数据库中，无法发送。');
  const answer = await ask(env, entry, { method: 'PUT', path: SYNC_PATHS.bundle(entry.bundleId), body, contentType: 'application/json' });
  if (!('json' in answer)) return answer;
  if ((answer.status === 200 || answer.status === 201) && receiptAnswerSchema.safeParse(answer.json).success) {
    contacted(env.ctx);
    return delivered(env, entry, (answer.json as { receipt: unknown }).receipt);
  }
  if (answer.status === 202) return held(env, entry, answer);
  return refused(env, entry, answer);
}

/** Asks for the receipt of a bundle the receiver was holding. */
export async function pollHeld(env: DeliverEnv, entry: OutboxEntry): Promise<DeliveryOutcome> {
  if (!entry.bundleId) return { kind: 'waiting', message: '' };
  let answer: ReceiverAnswer;
  try {
    answer = await callReceiver(pinOf(env.row), env.key, { method: 'GET', path: SYNC_PATHS.receipt(entry.bundleId) }, env.client);
  } catch (error) {
    if (!(error instanceof ReceiverUnreachable)) throw error;
    recordError(env.ctx, error.message);
    return { kind: 'waiting', message: error.message };
  }
  if (answer.status === 200 && receiptAnswerSchema.safeParse(answer.json).success) {
    contacted(env.ctx);
    // Queued first: a receipt that does not verify leaves the row to be sent again.
    env.ctx.store.transaction(() => requeue(env.ctx.store.db, entry.seq));
    return delivered(env, { ...entry, state: 'queued' }, (answer.json as { receipt: unknown }).receipt);
  }
  if (answer.status === 202) {
    contacted(env.ctx);
    return { kind: 'waiting', message: DEVICE_STATE_MESSAGES.pending };
  }
  if (answer.status === 404) {
    // The receiver no longer holds it (discarded, or another receiver): send it again.
    contacted(env.ctx);
    env.ctx.store.transaction(() => requeue(env.ctx.store.db, entry.seq));
    return { kind: 'waiting', message: '接收端没有该数据包，将重新发送。' };
  }
  const { message } = refusalText(answer);
  contacted(env.ctx, { lastError: message });
  return { kind: 'waiting', message };
}
