/**
 * A worker thread that preverifies bundle files (verify-all.ts) while the main thread
 * writes the ones already checked. Importing many files is two kinds of work: checks
 * that need no database (parsing, hashes, signatures, schemas, the audit chains: most of
 * it) and the writes, which stay on the thread that holds the SQLite connection. With two
 * cores the two overlap (bench/bundle-import.ts measures it).
 *
 * An accelerator and nothing more: a file's result is used only when it passed; until
 * the worker has loaded, and if it cannot start or dies, the main thread runs the same
 * checks itself (import.ts). One worker: the main thread's writes are the other half.
 */
import { Worker } from 'node:worker_threads';
import type { VerifyReply, VerifyRequest } from './verify-worker';

/** Per file: it passed every check of verify-all.ts. */
type Results = boolean[];

/** A chunk of files handed to the verifier. */
export interface VerifyJob {
  /** Takes the chunk for the main thread if the worker has not been sent it (not loaded yet, gone, or busy with earlier ones). */
  claim(): boolean;
  /** Per file, whether it passed on the worker; null for the whole chunk if the worker could not run it. */
  readonly result: Promise<Results | null>;
  /** The result has arrived. */
  readonly settled: boolean;
}

interface Job {
  texts: string[];
  state: 'queued' | 'sent' | 'claimed' | 'done';
  settle(r: Results | null): void;
}

/** Where the worker's code is: beside the bundle in the packaged app, else the TypeScript sources through tsx. */
export function workerUrl(here: string = import.meta.url): URL {
  if (/\.[cm]?ts$/.test(here)) return new URL('./verify-worker-tsx.mjs', here);
  // electron-builder unpacks it from app.asar (build/electron-builder.yml): a worker does not start from inside an archive.
  return new URL('./verify-worker.mjs', here.replace('/app.asar/', '/app.asar.unpacked/'));
}

/**
 * Chunks with the worker at a time. Enough that it has work while the main thread is
 * in a transaction (replies, and so new chunks, are handled only between them); few
 * enough that the chunks behind them can still be taken by the main thread when it
 * would otherwise wait (import.ts), which is what balances the two threads.
 */
const IN_FLIGHT = 4;

export class Verifier {
  private worker: Worker | null = null;
  private state: 'idle' | 'loading' | 'ready' | 'gone' = 'idle';
  private readonly settledStart: Promise<boolean>;
  private startSettled!: (ready: boolean) => void;
  private nextId = 1;
  private readonly sent = new Map<number, Job>();
  private waiting: Job[] = [];

  constructor(private readonly url: URL = workerUrl()) {
    this.settledStart = new Promise((resolve) => (this.startSettled = resolve));
  }

  /** Starts the worker now rather than at the first large import; true once it is loaded, false if it cannot run. */
  warm(): Promise<boolean> {
    this.start();
    return this.settledStart;
  }

  /** Queues the chunks in order: the worker works through them, IN_FLIGHT at a time, while the main thread writes. */
  schedule(chunks: string[][]): VerifyJob[] {
    const claim = (job: Job) => {
      if (job.state !== 'queued') return false;
      job.state = 'claimed';
      return true;
    };
    const jobs = chunks.map((texts) => {
      let resolve!: (r: Results | null) => void;
      const result = new Promise<Results | null>((r) => (resolve = r));
      const job: Job = {
        texts,
        state: 'queued',
        settle: (r) => {
          job.state = 'done';
          resolve(r);
        },
      };
      const handle: VerifyJob = {
        claim: () => claim(job),
        result,
        get settled() {
          return job.state === 'done';
        },
      };
      return { job, handle };
    });
    // Gone: the chunks stay queued, and the main thread claims each as it comes to it.
    if (this.state !== 'gone') {
      this.waiting.push(...jobs.map((j) => j.job));
      this.start();
      this.flush();
    }
    return jobs.map((j) => j.handle);
  }

  /** Ends the worker; whatever it held comes back as null (the main thread does it). */
  close(): void {
    const w = this.worker;
    this.lost();
    void w?.terminate();
  }

  private start(): void {
    if (this.state !== 'idle') return;
    try {
      this.worker = new Worker(this.url);
    } catch {
      this.lost();
      return;
    }
    this.state = 'loading';
    const w = this.worker;
    w.unref();
    w.on('message', (reply: VerifyReply) => {
      if ('ready' in reply) {
        this.state = 'ready';
        this.startSettled(true);
        this.flush();
        return;
      }
      const job = this.sent.get(reply.id);
      this.sent.delete(reply.id);
      job?.settle(reply.results);
      this.flush();
      // Idle, it must not keep a CLI process alive; busy, it must (the import awaits it).
      if (this.sent.size === 0) w.unref();
    });
    const gone = () => this.lost();
    w.on('error', gone);
    w.on('messageerror', gone);
    w.on('exit', gone);
  }

  /** Sends queued chunks, in order, until IN_FLIGHT are with the worker. */
  private flush(): void {
    if (this.state !== 'ready' || !this.worker) return;
    while (this.sent.size < IN_FLIGHT && this.waiting.length > 0) {
      const job = this.waiting.shift() as Job;
      if (job.state !== 'queued') continue;
      const id = this.nextId++;
      job.state = 'sent';
      this.sent.set(id, job);
      const request: VerifyRequest = { id, texts: job.texts };
      this.worker.postMessage(request);
    }
    if (this.sent.size > 0) this.worker.ref();
  }

  /** No worker any more: every chunk it was sent comes back to the main thread, and so will later ones. */
  private lost(): void {
    this.state = 'gone';
    this.startSettled(false);
    this.worker = null;
    for (const job of this.sent.values()) job.settle(null);
    this.sent.clear();
    for (const job of this.waiting.splice(0)) if (job.state === 'queued') job.settle(null);
  }
}
