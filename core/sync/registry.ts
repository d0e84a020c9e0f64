/**
 * Which sender belongs to which open store, so a service (signing, sync/now) reaches the
 * sender of its own ServiceContext without the context knowing about sync: the hosts
 * start one per store, and the CLI gets one made on demand that never runs by itself.
 */
import type { Store } from '../../db/open';
import type { ServiceContext } from '../context';

export interface RegisteredSender {
  kick(): void;
}

const senders = new WeakMap<Store, RegisteredSender>();

export function registerSender(ctx: ServiceContext, sender: RegisteredSender): void {
  senders.set(ctx.store, sender);
}

export function registeredSender(ctx: ServiceContext): RegisteredSender | undefined {
  return senders.get(ctx.store);
}

/** Tells this store's running sender that something new waits (a revision was signed). */
export function kickSync(ctx: ServiceContext): void {
  senders.get(ctx.store)?.kick();
}
