/**
 * Content-addressed files in the data folder: evidence/ab/<sha256>.<ext>. The
 * same photo added twice is stored once; a file is written atomically (temp,
 * fsync, rename) so a crash never leaves a half-written image under its hash.
 *
 * The name is the proof of the content: every read hashes the bytes again, so a
 * file swapped or edited on disk is reported as such instead of being printed,
 * shown or exported under a hash it does not have.
 */
import fs from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../../bundle/canonical';
import { writeFileAtomicSync } from '../../lib/atomic-write';
import { AppError } from '../../lib/errors';

const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png' };

export const EVIDENCE_DIR = 'evidence';

export function blobPath(dataDir: string, sha256: string, mediaType: string): string {
  return path.join(dataDir, EVIDENCE_DIR, sha256.slice(0, 2), `${sha256}.${EXT[mediaType] ?? 'bin'}`);
}

export function storeBlob(dataDir: string, bytes: Uint8Array, mediaType: string): string {
  const sha256 = sha256Hex(bytes);
  const file = blobPath(dataDir, sha256, mediaType);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomicSync(file, bytes);
  }
  return sha256;
}

/** The message for a stored file whose bytes no longer hash to its name; `file` as the user finds it in the data folder. */
export function changedOnDiskMessage(file: string): string {
  return `数据目录中的文件“${file}”与其文件名（SHA-256）不符：该文件在磁盘上被改动或替换过，不能使用。请从备份恢复数据目录中的 evidence 文件夹。`;
}

/**
 * Finds a stored blob by hash whatever its type; null when missing. Throws
 * AppError('INTEGRITY') naming the file when its bytes do not hash to its name.
 */
export function readBlob(dataDir: string, sha256: string): { mediaType: string; bytes: Buffer } | null {
  for (const [mediaType] of Object.entries(EXT)) {
    const file = blobPath(dataDir, sha256, mediaType);
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    if (sha256Hex(bytes) !== sha256) {
      throw new AppError('INTEGRITY', changedOnDiskMessage(path.relative(dataDir, file).split(path.sep).join('/')));
    }
    return { mediaType, bytes };
  }
  return null;
}

/**
 * The temporary names lib/atomic-write.ts gives a file of this store while writing it:
 * ".<sha256>.<ext>.<12 hex>.partial" beside the target. Nothing else in the store starts
 * with a dot, so only these are ever removed.
 */
const TEMPORARY_NAME = /^\.[0-9a-f]{64}\.[a-z]+\.[0-9a-f]{12}\.partial$/;

/**
 * A temporary file younger than this may belong to a write still under way: the CLI
 * and the app can work on one data folder at the same time, and removing another
 * process's temporary file would fail its rename. A write of the largest photo takes
 * well under a second, so anything older was left by a process that died mid-write.
 */
export const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/**
 * Removes the temporary files a killed write left in the evidence store (a write
 * interrupted after the import's commit, or while adding a photo). They hold no data
 * anyone needs: the blob is either complete under its name or written again when the
 * same bundle is imported once more. Asynchronous and quiet, so the app can start it
 * when it opens the data folder without waiting for it; resolves to the number removed.
 */
export async function removeStaleTemporaryFiles(dataDir: string, now: number = Date.now()): Promise<number> {
  const root = path.join(dataDir, EVIDENCE_DIR);
  let removed = 0;
  let folders: string[];
  try {
    folders = await readdir(root);
  } catch {
    return 0; // No evidence yet.
  }
  for (const folder of folders) {
    let names: string[];
    try {
      names = await readdir(path.join(root, folder));
    } catch {
      continue; // Not a folder, or gone meanwhile.
    }
    for (const name of names) {
      if (!TEMPORARY_NAME.test(name)) continue;
      const file = path.join(root, folder, name);
      try {
        if (now - (await stat(file)).mtimeMs < STALE_TEMPORARY_MS) continue;
        await rm(file, { force: true });
        removed++;
      } catch {
        // Removed by another process meanwhile, or not removable now: tried again at the next start.
      }
    }
  }
  return removed;
}
