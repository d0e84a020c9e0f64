import { randomBytes } from 'node:crypto';
// Named imports: a test fails one system call (fsyncSync with EIO, as a pulled USB stick
// does) by mocking 'node:fs', and a default import would keep the real functions.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that a crash, a full disk or a USB stick pulled out mid-write never
 * leaves a file under the final name that looks complete: the data goes to a temporary
 * file in the same folder (same file system, so rename is atomic), is flushed with fsync,
 * renamed over the target, and the folder is fsynced so the rename itself is durable.
 * The temporary name starts with "." and ends in ".partial", so it is neither the target
 * name nor something an importer picks up as a bundle.
 */

export interface AtomicWriteOptions {
  /** File permissions for a new file (e.g. 0o600 for a key file). Default 0o644. */
  mode?: number;
}

/**
 * Thrown when the write failed and no temporary file is left. Up to the rename the target
 * is untouched; only a failure to flush the folder afterwards (a device going away at
 * that moment) can leave the new content under the name without knowing it is durable.
 */
export class AtomicWriteError extends Error {
  readonly filePath: string;
  /** The system error code (ENOENT, ENOSPC …), for callers that word their own message. */
  readonly code: string | undefined;
  constructor(filePath: string, cause: unknown) {
    const code = (cause as { code?: string } | null)?.code;
    super(`写入文件“${filePath}”失败${code ? `（${code}）` : ''}：${advice(code)}`, { cause });
    this.name = 'AtomicWriteError';
    this.filePath = filePath;
    this.code = code;
  }
}

function advice(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return '目标文件夹不存在，请重新选择保存位置。';
    case 'ENOTDIR':
      return '路径中有一段不是文件夹，请重新选择保存位置。';
    case 'ENOSPC':
      return '磁盘或U盘空间不足，请清理空间或换一个位置后重试。';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return '没有写入权限（U盘可能被设为只读），请换一个位置后重试。';
    case 'EIO':
      return '设备读写出错（U盘可能已被拔出），请重新插入后重试。';
    case 'EISDIR':
      return '该名称是一个文件夹，请换一个文件名。';
    default:
      return '请检查保存位置是否可用后重试。';
  }
}

export function temporaryPathFor(filePath: string): string {
  const dir = path.dirname(filePath);
  return path.join(dir, `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.partial`);
}

/**
 * Cleanup after a failure must not replace the error being reported: when the folder
 * itself is unusable (a path through a file gives ENOTDIR, a read-only stick EACCES),
 * removing the temporary file fails too, and no temporary file can be there anyway.
 */
function removeQuietlySync(temp: string): void {
  try {
    rmSync(temp, { force: true });
  } catch {
    // See above: nothing to remove, and the original error is the one to report.
  }
}

async function removeQuietly(temp: string): Promise<void> {
  await rm(temp, { force: true }).catch(() => undefined);
}

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/** Windows cannot open or fsync a directory; everywhere else the rename must be flushed. */
function fsyncDirSync(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeFileAtomicSync(filePath: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const target = path.resolve(filePath);
  const temp = temporaryPathFor(target);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx', options.mode ?? 0o644);
    const bytes = toBytes(data);
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, target);
    fsyncDirSync(path.dirname(target));
  } catch (error) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // Already failing; the original error is the one to report.
      }
    }
    removeQuietlySync(temp);
    throw new AtomicWriteError(target, error);
  }
}

export async function writeFileAtomic(filePath: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const target = path.resolve(filePath);
  const temp = temporaryPathFor(target);
  let handle: FileHandle | null = null;
  try {
    handle = await open(temp, 'wx', options.mode ?? 0o644);
    await handle.writeFile(toBytes(data));
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(temp, target);
    if (process.platform !== 'win32') {
      const dir = await open(path.dirname(target), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    }
  } catch (error) {
    if (handle !== null) await handle.close().catch(() => undefined);
    await removeQuietly(temp);
    throw new AtomicWriteError(target, error);
  }
}
