/**
 * This device as the receiver knows it: enrolled (POST /v1/enroll) when the receiver has
 * never seen its key, and its approval state read back (GET /v1/device). What the receiver
 * says is stored on the connection row, each answer in its own committed transaction.
 */
import { buildEnrollmentRequest } from '../../bundle/enrollment';
import type { DeviceKey } from '../../bundle/keys';
import { DEVICE_STATE_MESSAGES, SYNC_PATHS, enrollAnswerSchema, errorAnswerSchema } from '../../bundle/sync-api';
import { updateConnection, type ConnectionRow, type DeviceStateValue } from '../../db/repositories/sync';
import type { ServiceContext } from '../context';
import { actorOf, readProfile } from '../domain/actor';
import { nowIso } from '../ids';
import { callReceiver, ReceiverUnreachable, type ClientOptions, type ReceiverAnswer } from './client';
import { pinOf } from './connection';

export type DeviceCheck =
  | { ok: true; state: Exclude<DeviceStateValue, 'unknown'> }
  /** `unreachable`: no believed answer (network, or an answer not signed by the pinned key). */
  | { ok: false; unreachable: boolean; message: string };

export const NO_PROFILE_MESSAGE = '请先在「设置」中填写本机检查人员信息（姓名、执法证号、单位）：向接收端登记本机时要写明这些信息。';

/** Records that a believed answer came back. */
export function contacted(ctx: ServiceContext, patch: Partial<ConnectionRow> = {}): void {
  ctx.store.transaction(() => updateConnection(ctx.store.db, { lastContactAt: nowIso(), lastError: null, ...patch }));
}

export function recordError(ctx: ServiceContext, message: string): void {
  ctx.store.transaction(() => updateConnection(ctx.store.db, { lastError: message }));
}

/** The receiver's refusal, as the inspector reads it. */
export function refusalText(answer: ReceiverAnswer): { code: string | null; message: string } {
  const parsed = errorAnswerSchema.safeParse(answer.json);
  if (parsed.success) return { code: parsed.data.error.code, message: parsed.data.error.message };
  return { code: null, message: `接收端答复不符合同步协议 v1（HTTP ${answer.status}）` };
}

function storeDevice(ctx: ServiceContext, key: DeviceKey, device: { state: Exclude<DeviceStateValue, 'unknown'>; message: string }): DeviceCheck {
  contacted(ctx, { deviceState: device.state, deviceMessage: device.message || DEVICE_STATE_MESSAGES[device.state], deviceKeyId: key.keyId });
  return { ok: true, state: device.state };
}

async function ask(ctx: ServiceContext, row: ConnectionRow, key: DeviceKey, request: Parameters<typeof callReceiver>[2], client: ClientOptions): Promise<ReceiverAnswer | DeviceCheck> {
  try {
    return await callReceiver(pinOf(row), key, request, client);
  } catch (error) {
    if (!(error instanceof ReceiverUnreachable)) throw error;
    recordError(ctx, error.message);
    return { ok: false, unreachable: true, message: error.message };
  }
}

function refused(ctx: ServiceContext, answer: ReceiverAnswer): DeviceCheck {
  const { code, message } = refusalText(answer);
  contacted(ctx, { lastError: message, ...(code === 'REVOKED' ? { deviceState: 'revoked' as const, deviceMessage: message } : {}) });
  return { ok: false, unreachable: false, message };
}

export async function enroll(ctx: ServiceContext, row: ConnectionRow, key: DeviceKey, client: ClientOptions): Promise<DeviceCheck> {
  const profile = readProfile(ctx);
  if (!profile) {
    recordError(ctx, NO_PROFILE_MESSAGE);
    return { ok: false, unreachable: false, message: NO_PROFILE_MESSAGE };
  }
  const body = Buffer.from(buildEnrollmentRequest({ inspector: actorOf(profile), appVersion: ctx.appVersion }, key), 'utf8');
  const answer = await ask(ctx, row, key, { method: 'POST', path: SYNC_PATHS.enroll, body, contentType: 'application/json' }, client);
  if (!('json' in answer)) return answer;
  const parsed = enrollAnswerSchema.safeParse(answer.json);
  if ((answer.status === 200 || answer.status === 201) && parsed.success && parsed.data.device.keyId === key.keyId) return storeDevice(ctx, key, parsed.data.device);
  return refused(ctx, answer);
}

/**
 * Makes sure the receiver knows this device and says what it thinks of it: enrolls when it
 * has never been told (or this device now signs with another key), else asks.
 */
export async function checkDevice(ctx: ServiceContext, row: ConnectionRow, key: DeviceKey, client: ClientOptions): Promise<DeviceCheck> {
  if (row.deviceState === 'unknown' || row.deviceKeyId !== key.keyId) return enroll(ctx, row, key, client);
  const answer = await ask(ctx, row, key, { method: 'GET', path: SYNC_PATHS.device }, client);
  if (!('json' in answer)) return answer;
  const parsed = enrollAnswerSchema.safeParse(answer.json);
  if (answer.status === 200 && parsed.success && parsed.data.device.keyId === key.keyId) return storeDevice(ctx, key, parsed.data.device);
  if (refusalText(answer).code === 'UNKNOWN_DEVICE') return enroll(ctx, row, key, client);
  return refused(ctx, answer);
}
