/**
 * Autosave for the scoring screen. Every change becomes a patch of one item; patches are
 * merged per item and sent one call at a time, in order, so an older save can never land
 * after a newer one. Text fields wait ~400 ms for the typist to pause; everything else,
 * and any flush (blur, item change, page hide), goes at once.
 *
 * "Nothing lost on reload or crash": until the host has acknowledged a patch it is also
 * kept in a journal in localStorage, written synchronously on every edit. Opening the
 * inspection again replays whatever the journal still holds.
 */
import type { ClauseResult } from '../../../../forms/scoring';

export interface ItemPatch {
  no: number;
  clauses?: (ClauseResult | null)[];
  score?: number | null;
  notApplicable?: boolean;
  problem?: string;
  remark?: string;
}

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'error'; message: string };

/** What a failed send tells the saver: retry later (host unreachable) or give up on that patch. */
export interface SendFailure {
  message: string;
  retry: boolean;
}

export type JournalStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SaverOptions<R> {
  send(patch: ItemPatch): Promise<R>;
  /** Classifies a thrown error; the message is shown as 「保存失败：…」. */
  failure(err: unknown): SendFailure;
  onState(state: SaveState): void;
  onSaved?(result: R, patch: ItemPatch): void;
  /** A patch the host refused for good (e.g. the inspection was signed meanwhile). */
  onRejected?(patch: ItemPatch, message: string): void;
  storage: JournalStorage | null;
  journalKey: string;
  debounceMs?: number;
  retryMs?: number;
}

const merge = (a: ItemPatch | undefined, b: ItemPatch): ItemPatch => ({ ...a, ...b });

export function readJournal(storage: JournalStorage | null, key: string): ItemPatch[] {
  if (!storage) return [];
  try {
    const raw = storage.getItem(key);
    if (!raw) return [];
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (p): p is ItemPatch => typeof p === 'object' && p !== null && typeof (p as { no?: unknown }).no === 'number',
    );
  } catch {
    // A journal we cannot read is no use to anyone; the stored data is still there.
    return [];
  }
}

export class ItemSaver<R> {
  private readonly pending = new Map<number, ItemPatch>();
  private inFlight: ItemPatch | null = null;
  private running: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private lastError: string | null = null;
  private disposed = false;
  private readonly opts: Required<Pick<SaverOptions<R>, 'debounceMs' | 'retryMs'>> & SaverOptions<R>;

  constructor(options: SaverOptions<R>) {
    this.opts = { debounceMs: 400, retryMs: 3000, ...options };
  }

  /** Records a change. `debounce` is for text being typed; anything else is sent at once. */
  edit(patch: ItemPatch, { debounce = false }: { debounce?: boolean } = {}): void {
    this.pending.set(patch.no, merge(this.pending.get(patch.no), patch));
    this.writeJournal();
    this.opts.onState({ kind: 'saving' });
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (debounce) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, this.opts.debounceMs);
    } else {
      void this.flush();
    }
  }

  /** Sends everything pending now; resolves when the queue is empty (or stopped by an error). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  hasUnsaved(): boolean {
    return this.pending.size > 0 || this.inFlight !== null;
  }

  /** Stops timers; pending patches stay in the journal for the next opening. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private async drain(): Promise<void> {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.lastError = null;
    for (;;) {
      const next = this.pending.entries().next();
      if (next.done) break;
      const [no, patch] = next.value;
      this.pending.delete(no);
      this.inFlight = patch;
      try {
        const result = await this.opts.send(patch);
        this.inFlight = null;
        this.writeJournal();
        this.opts.onSaved?.(result, patch);
      } catch (err) {
        this.inFlight = null;
        const f = this.opts.failure(err);
        this.lastError = f.message;
        if (f.retry) {
          // Newer edits of the same item win over the failed patch's fields.
          this.pending.set(no, merge(patch, this.pending.get(no) ?? { no }));
          this.writeJournal();
          this.opts.onState({ kind: 'error', message: f.message });
          if (!this.disposed) {
            this.retryTimer = setTimeout(() => {
              this.retryTimer = null;
              void this.flush();
            }, this.opts.retryMs);
          }
          return;
        }
        this.writeJournal();
        this.opts.onRejected?.(patch, f.message);
      }
    }
    this.opts.onState(this.lastError === null ? { kind: 'saved' } : { kind: 'error', message: this.lastError });
  }

  private writeJournal(): void {
    const { storage, journalKey } = this.opts;
    if (!storage) return;
    const unsaved = new Map(this.pending);
    if (this.inFlight) unsaved.set(this.inFlight.no, merge(this.inFlight, unsaved.get(this.inFlight.no) ?? { no: this.inFlight.no }));
    try {
      if (unsaved.size === 0) storage.removeItem(journalKey);
      else storage.setItem(journalKey, JSON.stringify([...unsaved.values()]));
    } catch {
      // Storage full or disabled: the host save still happens, only crash recovery is lost.
    }
  }
}
