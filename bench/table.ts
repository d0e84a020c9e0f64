/** Rows of `npm run bench`: every figure beside a baseline measured in the same run. */
export interface BenchRow {
  name: string;
  median: number;
  p95: number;
  unit: string;
  baseline?: { name: string; median: number; p95: number };
  target?: string;
}

export interface BenchTable {
  title: string;
  rows: BenchRow[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

/** Median and p95 of a list of samples. */
export function summarize(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** Runs fn n times and returns the durations in milliseconds. */
export async function timeRuns(n: number, fn: (i: number) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}
