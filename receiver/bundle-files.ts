/**
 * Where the receiver keeps each bundle's exact bytes: DATA/bundles/<sha[0:2]>/<sha>.ducha.json,
 * named by content so a file is never overwritten with anything else, and a folder never
 * holds more than a 256th of them. Each file is written atomically and flushed before the
 * store adds its row; the start-up sweep removes what a crash left between the two.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BUNDLE_FILE_SUFFIX } from '../bundle/format';
import { writeFileAtomic } from '../lib/atomic-write';

const SHA256 = /^[0-9a-f]{64}$/;

export function bundlesDir(dataDir: string): string {
  return path.join(dataDir, 'bundles');
}

export function bundlePath(dataDir: string, sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return path.join(bundlesDir(dataDir), sha256.slice(0, 2), `${sha256}${BUNDLE_FILE_SUFFIX}`);
}

/** Writes the bytes under their hash; a file already there holds these very bytes. */
export async function writeBundleFile(dataDir: string, sha256: string, bytes: Uint8Array): Promise<string> {
  const file = bundlePath(dataDir, sha256);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, bytes);
  return file;
}

export interface SweepResult {
  /** Temporary files of writes a crash interrupted. */
  partial: number;
  /** Complete files whose row never committed. */
  orphans: number;
}

/**
 * Removes the debris of a crash: temporary files and bundle files no row names. Run only
 * before the server accepts requests, when no write is in flight.
 */
export function sweepBundleFiles(dataDir: string, known: Set<string>): SweepResult {
  const result: SweepResult = { partial: 0, orphans: 0 };
  const root = bundlesDir(dataDir);
  if (!fs.existsSync(root)) return result;
  for (const dir of fs.readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const folder = path.join(root, dir.name);
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const name = entry.name;
      if (name.startsWith('.') && name.endsWith('.partial')) {
        fs.rmSync(path.join(folder, name), { force: true });
        result.partial++;
        continue;
      }
      const sha = name.endsWith(BUNDLE_FILE_SUFFIX) ? name.slice(0, -BUNDLE_FILE_SUFFIX.length) : '';
      if (SHA256.test(sha) && !known.has(sha)) {
        fs.rmSync(path.join(folder, name), { force: true });
        result.orphans++;
      }
    }
  }
  return result;
}
