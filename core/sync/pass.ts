/**
 * One pass of the sender: without a connection nothing (no network, ever); else make sure
 * the receiver knows this device, collect receipts of bundles it was holding, then send
 * every due bundle oldest first, a few at a time, building those not built yet.
 */
import { getInspection } from '../../db/repositories/inspections';
import { getConnection, listDue, listHeldRows, type OutboxEntry } from '../../db/repositories/sync';
import type { ServiceContext } from '../context';
import { deviceKey } from '../domain/device-key';
import type { ClientOptions } from './client';
import { fail, pollHeld, sendEntry, type DeliverEnv, type DeliveryOutcome } from './deliver';
import { readDeviceRole, isDesk } from '../domain/role';
import { checkDevice } from './device';
import { buildEntry, buildFailure } from './enqueue';
import { pullFeed, type ExchangeEnv, type PullResult } from './pull';
import { fetchReviews, postOwnReviews, type ReviewsResult } from './reviews-exchange';

export interface PassOutcome {
  bundleId: string | null;
  inspectionId: string;
  agencyName: string;
  inspectedOn: string;
  revision: number;
  part: number;
  outcome: 'delivered' | 'held' | 'failed';
  message: string;
}

export interface PassOptions {
  /** Send every unsent bundle now, whatever its back-off says (立即同步). */
  force?: boolean;
  /** Bundles sent at the same time. */
  concurrency?: number;
  client?: ClientOptions;
  now?: () => Date;
  random?: () => number;
  /** Told when a bundle of an inspection starts and stops travelling. */
  onSending?: (inspectionId: string, sending: boolean) => void;
}

export interface PassResult {
  /** False when there is no connection: nothing was attempted. */
  connected: boolean;
  outcomes: PassOutcome[];
  /** A desk's pull from the feed; absent when none was made (a laptop, or not approved). */
  pulled?: PullResult;
  /** Decisions posted and received; absent when the device was not approved or out of reach. */
  reviews?: ReviewsResult;
}

const DEFAULT_CONCURRENCY = 3;

/**
 * After the outbox, for an approved device: a desk first pulls the bundles of its scope (so
 * decisions it reads next can find their revisions), then everyone posts its own decisions
 * and reads those about its records.
 */
async function exchange(env: ExchangeEnv): Promise<Pick<PassResult, 'pulled' | 'reviews'>> {
  const pulled = isDesk(readDeviceRole(env.ctx)) ? await pullFeed(env) : undefined;
  const own = await postOwnReviews(env);
  const got = await fetchReviews(env);
  return { ...(pulled ? { pulled } : {}), reviews: { posted: own.posted, received: got.received, refused: got.refused, errors: [...own.errors, ...got.errors] } };
}


export async function runPass(ctx: ServiceContext, options: PassOptions = {}): Promise<PassResult> {
  const row = getConnection(ctx.store.db);
  if (!row) return { connected: false, outcomes: [] };
  const env: DeliverEnv = {
    ctx,
    row,
    key: deviceKey(ctx),
    client: options.client ?? {},
    now: options.now ?? (() => new Date()),
    random: options.random ?? Math.random,
  };
  const force = options.force === true;
  const names = new Map<string, { agencyName: string; inspectedOn: string }>();
  const outcomeOf = (entry: OutboxEntry, o: DeliveryOutcome): (PassOutcome & { seq: number }) | null => {
    if (o.kind === 'waiting') return null;
    let name = names.get(entry.inspectionId);
    if (!name) {
      const i = getInspection(ctx.store.db, entry.inspectionId);
      name = { agencyName: i?.agencyName ?? '', inspectedOn: i?.inspectedOn ?? '' };
      names.set(entry.inspectionId, name);
    }
    return { seq: entry.seq, bundleId: entry.bundleId, inspectionId: entry.inspectionId, ...name, revision: entry.revision, part: entry.part, outcome: o.kind, message: o.message };
  };
  const due = () => listDue(ctx.store.db, force ? null : env.now().toISOString());
  // Each with its row's seq, so the answer lists them oldest first, however they finished.
  const outcomes: (PassOutcome & { seq: number })[] = [];
  const done = (extra: Pick<PassResult, 'pulled' | 'reviews'> = {}): PassResult => ({ connected: true, outcomes: outcomes.sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...o }) => o), ...extra });
  const held = listHeldRows(ctx.store.db);
  let queue = due();
  if (queue.length === 0 && held.length === 0 && row.deviceState === 'approved' && row.deviceKeyId === env.key.keyId && !force) {
    // Nothing to send and approved as far as is known: no device check, but a desk's feed
    // and the decisions still move on every pass.
    return done(await exchange(env));
  }

  const device = await checkDevice(ctx, row, env.key, env.client);
  if (!device.ok && (device.unreachable || row.deviceState === 'unknown')) {
    // Nothing can be sent before the receiver is reached (or the device enrolled): every
    // due bundle waits its back-off with that reason, without a request of its own.
    for (const entry of queue) outcomes.push(outcomeOf(entry, fail(env, entry, device.message, device.unreachable))!);
    return done();
  }
  const approved = device.ok && device.state === 'approved';
  if (approved) {
    for (const entry of held) {
      const o = outcomeOf(entry, await pollHeld(env, entry));
      if (o) outcomes.push(o);
    }
    // Held bundles the receiver had lost are queued again now: send them in this pass.
    queue = due();
  }

  let unreachable: string | null = null;
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      if (unreachable !== null) {
        // The receiver just proved unreachable: the rest wait without trying.
        outcomes.push(outcomeOf(entry, fail(env, entry, unreachable, true))!);
        continue;
      }
      if (entry.bundleId === null) {
        let built;
        try {
          built = buildEntry(ctx, entry);
        } catch (error) {
          outcomes.push(outcomeOf(entry, fail(env, entry, buildFailure(error)))!);
          continue;
        }
        // Built now with its evidence parts: they join this pass, in order.
        if (built.kind === 'built') queue.unshift(...listDue(ctx.store.db, null).filter((e) => e.inspectionId === entry?.inspectionId && e.revision === entry.revision));
        continue;
      }
      options.onSending?.(entry.inspectionId, true);
      try {
        const o = await sendEntry(env, entry);
        if (o.kind === 'failed' && o.unreachable) unreachable = o.message;
        const out = outcomeOf(entry, o);
        if (out) outcomes.push(out);
      } finally {
        options.onSending?.(entry.inspectionId, false);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY) }, worker));
  // The receiver just proved unreachable: the feed and the decisions wait for the next pass.
  if (!approved || unreachable !== null) return done();
  return done(await exchange(env));
}
