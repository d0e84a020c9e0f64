import type { KeyProtector } from '../bundle/key-file';
import type { Store } from '../db/open';
import type { Verifier } from './exchange/verify-on-worker';

export type HostKind = 'electron' | 'browser' | 'cli';

/** What every service receives: the open store and facts about this run. */
export interface ServiceContext {
  readonly store: Store;
  readonly dataDir: string;
  readonly appVersion: string;
  readonly host: HostKind;
  /** Today's date in Asia/Shanghai as YYYY-MM-DD (injectable for tests). */
  today(): string;
  /** Wraps the device's private key at rest (Electron: safeStorage); absent elsewhere. */
  readonly keyProtector?: KeyProtector;
  /** A worker thread checking bundle files during a large import; absent, this thread checks them. */
  readonly verifier?: Verifier;
}

/** The calendar date in Shanghai, whatever the machine's own time zone. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
