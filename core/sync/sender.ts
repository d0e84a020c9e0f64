/**
 * The background sender of a host (the desktop app, the browser host): a pass every half
 * minute, sooner after something was signed (kick) or when a back-off runs out, never two
 * passes at once. It knows which inspections are travelling right now, for the 发送中 state.
 * The CLI's `sync now` uses one too, without starting it: one pass, then the command ends.
 */
import { outboxCounts } from '../../db/repositories/sync';
import type { ServiceContext } from '../context';
import { registerSender, registeredSender } from './registry';
import { runPass, type PassOptions, type PassResult } from './pass';

export interface SenderOptions extends Omit<PassOptions, 'force' | 'onSending'> {
  /** Between passes when nothing is due sooner (ms). */
  intervalMs?: number;
  /** From a kick to its pass (ms): lets a burst of signings go out together. */
  kickDelayMs?: number;
  logError?: (where: string, error: unknown) => void;
}

const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_KICK_DELAY_MS = 1_000;

export class Sender {
  private readonly ctx: ServiceContext;
  private options: SenderOptions;
  private running: Promise<unknown> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private kickedWhileRunning = false;
  private readonly travelling = new Map<string, number>();

  constructor(ctx: ServiceContext, options: SenderOptions = {}) {
    this.ctx = ctx;
    this.options = options;
  }

  /** True while a pass runs. */
  get sending(): boolean {
    return this.running !== null;
  }

  /** Inspections with a bundle on the wire right now. */
  inFlight(): Set<string> {
    return new Set(this.travelling.keys());
  }

  /** Changes the timing or client options (a host starting the sender a service already made). */
  configure(options: SenderOptions): this {
    this.options = { ...this.options, ...options };
    return this;
  }

  start(): this {
    if (this.started) return this;
    this.started = true;
    this.schedule(this.options.kickDelayMs ?? DEFAULT_KICK_DELAY_MS);
    return this;
  }

  /** Stops the timer and waits for a pass still running. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Something new waits: run a pass soon. */
  kick(): void {
    if (!this.started) return;
    if (this.running) {
      this.kickedWhileRunning = true;
      return;
    }
    this.schedule(this.options.kickDelayMs ?? DEFAULT_KICK_DELAY_MS);
  }

  /**
   * Runs one pass now (after the one running, if any) and returns what it did. `force`:
   * every unsent bundle, whatever its back-off (the inspector asked: 立即同步).
   */
  async runNow(force = true): Promise<PassResult> {
    return this.exclusive(() =>
      runPass(this.ctx, {
        ...this.options,
        force,
        onSending: (id, on) => {
          const n = (this.travelling.get(id) ?? 0) + (on ? 1 : -1);
          if (n > 0) this.travelling.set(id, n);
          else this.travelling.delete(id);
        },
      }),
    );
  }

  /** Runs `fn` as the one thing this sender does right now (connect's enrollment, a pass). */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.running) await this.running.catch(() => undefined);
    const run = fn();
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = null;
    }
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), Math.max(0, delayMs));
    // A host that is closing is never kept alive by the sender.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    // The host closed the store without stopping the sender: nothing more to do.
    if (!this.ctx.store.sqlite.open) {
      this.started = false;
      return;
    }
    this.kickedWhileRunning = false;
    try {
      await this.runNow(false);
    } catch (error) {
      // A pass cut short by the host closing the store is no error worth a log line.
      if (this.ctx.store.sqlite.open) (this.options.logError ?? ((w: string, e: unknown) => console.error(`[ducha] ${w}`, e)))('sync/pass', error);
    }
    if (!this.ctx.store.sqlite.open) return;
    this.schedule(this.kickedWhileRunning ? (this.options.kickDelayMs ?? DEFAULT_KICK_DELAY_MS) : this.nextDelay());
  }

  /** Until the earliest back-off runs out, within the interval. */
  private nextDelay(): number {
    const interval = this.options.intervalMs ?? DEFAULT_INTERVAL_MS;
    const next = outboxCounts(this.ctx.store.db).nextAttemptAt;
    if (!next) return interval;
    const wait = Date.parse(next) - Date.now();
    // One already due that the last pass left (its record is being amended) waits for the interval.
    return wait <= 0 ? interval : Math.min(interval, Math.max(wait, 500));
  }
}

/** This store's sender: the one a host started, or one made now that runs only when asked. */
export function senderFor(ctx: ServiceContext, options: SenderOptions = {}): Sender {
  const existing = registeredSender(ctx);
  if (existing instanceof Sender) return existing.configure(options);
  const sender = new Sender(ctx, options);
  registerSender(ctx, sender);
  return sender;
}

/**
 * Starts the background sender of a host's store. It stops by itself once the store is
 * closed; `stop()` ends it sooner (waiting for a pass in progress).
 */
export function startSender(ctx: ServiceContext, options: SenderOptions = {}): Sender {
  if (ctx.store.writeRefusal !== null) return senderFor(ctx, options);
  return senderFor(ctx, options).start();
}
