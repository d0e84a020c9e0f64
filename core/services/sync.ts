/**
 * sync/*: online delivery to the bureau's receiver. The connection is pinned here (after the
 * inspector compared the fingerprint); the sending itself is core/sync's, run in the
 * background by the hosts and on request by sync/now.
 */
import { getConnection } from '../../db/repositories/sync';
import { AppError } from '../../lib/errors';
import type { OutputOf, ParsedInputOf } from '../contract';
import type { ServiceContext } from '../context';
import { deviceKey } from '../domain/device-key';
import { clearConnection, infoOf, pinConnection, readConnectionFile } from '../sync/connection';
import { checkDevice } from '../sync/device';
import { senderFor } from '../sync/sender';
import { deliveries as deliveriesOf, syncStatus } from '../sync/status';

function statusOf(ctx: ServiceContext): OutputOf<'sync/status'> {
  const sender = senderFor(ctx);
  return syncStatus(ctx, { sending: sender.sending, inFlight: sender.inFlight() });
}

export function preview(input: ParsedInputOf<'sync/preview'>, _ctx: ServiceContext): OutputOf<'sync/preview'> {
  return infoOf(readConnectionFile(input.text));
}

export async function connect(input: ParsedInputOf<'sync/connect'>, ctx: ServiceContext): Promise<OutputOf<'sync/connect'>> {
  const row = pinConnection(ctx, input.text, input.fingerprint);
  const sender = senderFor(ctx);
  // Enrolled right away, so the bureau sees the device waiting for approval; a receiver
  // out of reach is no reason to refuse the connection: the sender keeps trying.
  await sender.exclusive(() => checkDevice(ctx, row, deviceKey(ctx), {}));
  sender.kick();
  return statusOf(ctx);
}

export function disconnect(_input: ParsedInputOf<'sync/disconnect'>, ctx: ServiceContext): OutputOf<'sync/disconnect'> {
  clearConnection(ctx);
  return statusOf(ctx);
}

export function status(_input: ParsedInputOf<'sync/status'>, ctx: ServiceContext): OutputOf<'sync/status'> {
  return statusOf(ctx);
}

export async function now(_input: ParsedInputOf<'sync/now'>, ctx: ServiceContext): Promise<OutputOf<'sync/now'>> {
  if (!getConnection(ctx.store.db)) {
    throw new AppError('CONFLICT', '尚未连接接收端，无法在线同步。请先导入市局提供的接收端连接文件（.ducha-receiver.json）并核对指纹；也可以用 U 盘导出数据包交接。');
  }
  if (ctx.store.writeRefusal !== null) throw new AppError('CONFLICT', ctx.store.writeRefusal);
  const result = await senderFor(ctx).runNow(true);
  const exchange = result.reviews || result.pulled
    ? {
        pulled: result.pulled ? result.pulled.counts : null,
        posted: result.reviews?.posted ?? 0,
        received: result.reviews?.received ?? 0,
        refused: result.reviews?.refused ?? 0,
        errors: [...(result.pulled?.errors ?? []), ...(result.reviews?.errors ?? [])],
      }
    : null;
  return { outcomes: result.outcomes, exchange, status: statusOf(ctx) };
}

export function deliveries(input: ParsedInputOf<'sync/deliveries'>, ctx: ServiceContext): OutputOf<'sync/deliveries'> {
  const sender = senderFor(ctx);
  return { deliveries: deliveriesOf(ctx, { sending: sender.sending, inFlight: sender.inFlight() }, input.inspectionIds) };
}
