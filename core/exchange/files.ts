/**
 * Evidence and signature image files arriving in bundles. They are written to the
 * content-addressed store only AFTER the import transaction has committed: a refused
 * file therefore writes no file at all. If writing fails after the commit (a full
 * disk), the rows are in and the files are missing; importing the same bundle again
 * is then a duplicate that changes no row but writes the missing files.
 */
import fs from 'node:fs';
import { imageInfo } from '../evidence/image';
import { blobPath, storeBlob } from '../evidence/store';
import { EVIDENCE_MEDIA_TYPES } from './payload';

export function hasBlob(dataDir: string, sha256: string): boolean {
  return EVIDENCE_MEDIA_TYPES.some((t) => fs.existsSync(blobPath(dataDir, sha256, t)));
}

export class PendingFiles {
  readonly files = new Map<string, { mediaType: string; bytes: Buffer }>();
  /** Quarantined copies of bundles that have now been imported, removed after the commit. */
  readonly released: string[] = [];
  add(sha256: string, mediaType: string, bytes: Buffer): void {
    if (!this.files.has(sha256)) this.files.set(sha256, { mediaType, bytes });
  }
  has(sha256: string): boolean {
    return this.files.has(sha256);
  }
  merge(other: PendingFiles): void {
    for (const [sha, f] of other.files) this.add(sha, f.mediaType, f.bytes);
    this.released.push(...other.released);
  }
  get size(): number {
    return this.files.size;
  }
}

/**
 * True when the bytes are an image of the type they are filed as, by their own bytes
 * (core/evidence/image.ts). The import checks every file before its commit; this is
 * the one place bundle bytes reach the evidence store, so it holds the rule too.
 */
function isImageOfType(f: { mediaType: string; bytes: Buffer }): boolean {
  return imageInfo(f.bytes)?.mediaType === f.mediaType;
}

/** Writes the files (each atomically, by hash); returns a Chinese reason on failure, else null. */
export function writePending(dataDir: string, pending: PendingFiles): string | null {
  for (const file of pending.released) fs.rmSync(file, { force: true });
  try {
    const refused: string[] = [];
    for (const [sha, f] of pending.files) {
      if (!isImageOfType(f)) {
        refused.push(sha);
        continue;
      }
      if (!fs.existsSync(blobPath(dataDir, sha, f.mediaType))) storeBlob(dataDir, f.bytes, f.mediaType);
    }
    if (refused.length > 0) {
      return `记录已导入，但有 ${refused.length} 份证据文件不是有效的 JPEG/PNG 图片，未写入（SHA-256 ${refused.map((s) => `${s.slice(0, 16)}…`).join('、')}）。请让发送方重新导出。`;
    }
    return null;
  } catch (error) {
    const code = (error as { code?: string }).code;
    return `记录已导入，但证据文件写入失败${code ? `（${code}）` : ''}：请腾出磁盘空间后再次导入同一文件，程序会补写缺少的证据文件。`;
  }
}
