/**
 * When to try a failed bundle again: exponential back-off with full jitter, from a few
 * seconds doubling up to 15 minutes, never giving up. The jitter keeps a bureau's laptops,
 * all failing when its receiver went down, from all coming back at the same second.
 */
export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_CAP_MS = 15 * 60_000;
const BACKOFF_FLOOR_MS = 1_000;

/** The wait after the `attempts`-th failure in a row (1 = the first). */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
  return Math.max(BACKOFF_FLOOR_MS, Math.floor(random() * ceiling));
}
