/**
 * The online-sync state every screen shows (the status-bar badge, the tags in the
 * inspections list and on the inspection page, 设置 → 同步). One poller for the whole
 * app, started by the shell: both calls are local and cheap, and the sender runs in the
 * host, so the page only reads what it did. Nothing is polled while the page is hidden.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { Delivery, SyncStatus } from '../../../core/contract/sync';
import { api, errorMessage } from '../api/client';

/** Often enough that a delivery is seen soon after the receipt, rare enough to cost nothing. */
export const SYNC_POLL_MS = 3000;

interface SyncState {
  /** null until the first answer, or when this installation has no sync service. */
  status: SyncStatus | null;
  /** The latest signed revision's delivery, by inspection id; empty when not connected. */
  deliveries: Record<string, Delivery>;
  /** The last failure to read the state (not a delivery failure: those are in status). */
  error: string | null;
  refresh(): Promise<void>;
  /** An answer that already carries the status (connect, disconnect, 立即同步) saves a round trip. */
  setStatus(status: SyncStatus): void;
}

let inFlight: Promise<void> | null = null;
/** Bumped by every answer that changes the state, so a read begun before it is dropped. */
let generation = 0;
/** Which read is the current one, so an abandoned read never clears its successor. */
let readToken: object | null = null;

export const useSync = create<SyncState>((set, get) => ({
  status: null,
  deliveries: {},
  error: null,
  refresh() {
    // Overlapping ticks (a slow host, a click on 立即同步) share one read.
    if (inFlight) return inFlight;
    const started = generation;
    const token = {};
    readToken = token;
    const read = (async () => {
      try {
        const status = await api.call('sync/status', {});
        let deliveries: Record<string, Delivery> = {};
        if (status.connection) {
          const r = await api.call('sync/deliveries', {});
          deliveries = Object.fromEntries(r.deliveries.map((d) => [d.inspectionId, d]));
        }
        if (started === generation) set({ status, deliveries, error: null });
      } catch (err) {
        if (started === generation) set({ error: errorMessage(err) });
      } finally {
        if (readToken === token) inFlight = null;
      }
    })();
    inFlight = read;
    return read;
  },
  setStatus(status) {
    generation++;
    inFlight = null;
    readToken = null;
    set({ status, error: null, ...(status.connection ? {} : { deliveries: {} }) });
    // The deliveries follow the status: read them now rather than at the next tick.
    void get().refresh();
  },
}));

/** Mounted once, by the shell. */
export function useSyncPolling(intervalMs = SYNC_POLL_MS): void {
  useEffect(() => {
    const tick = () => {
      if (document.visibilityState !== 'hidden') void useSync.getState().refresh();
    };
    tick();
    const timer = window.setInterval(tick, intervalMs);
    document.addEventListener('visibilitychange', tick);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [intervalMs]);
}

/** The delivery to show for an inspection, or null: not connected, or nothing queued for it. */
export function useDelivery(inspectionId: string): Delivery | null {
  return useSync((s) => (s.status?.connection ? (s.deliveries[inspectionId] ?? null) : null));
}
