/**
 * Content-addressed files in the data folder: evidence/ab/<sha256>.<ext>. The
 * same photo added twice is stored once; a file is written atomically (temp,
 * fsync, rename) so a crash never leaves a half-written image under its hash.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../../bundle/canonical';
import { writeFileAtomicSync } from '../../lib/atomic-write';

const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png' };

export function blobPath(dataDir: string, sha256: string, mediaType: string): string {
  return path.join(dataDir, 'evidence', sha256.slice(0, 2), `${sha256}.${EXT[mediaType] ?? 'bin'}`);
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

/** Finds a stored blob by hash whatever its type; null when missing. */
export function readBlob(dataDir: string, sha256: string): { mediaType: string; bytes: Buffer } | null {
  for (const [mediaType] of Object.entries(EXT)) {
    const file = blobPath(dataDir, sha256, mediaType);
    if (fs.existsSync(file)) return { mediaType, bytes: fs.readFileSync(file) };
  }
  return null;
}
