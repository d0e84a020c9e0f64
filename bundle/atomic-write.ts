import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
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

/** Thrown when the write failed; the target is untouched and no temporary file is left. */
export class AtomicWriteError extends Error {
  readonly filePath: string;
  constructor(filePath: string, cause: unknown) {
    const code = (cause as { code?: string } | null)?.code;
    super(`写入文件“${filePath}”失败${code ? `（${code}）` : ''}：${advice(code)}`, { cause });
    this.name = 'AtomicWriteError';
    this.filePath = filePath;
  }
}

function advice(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return '目标文件夹不存在，请重新选择保存位置。';
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

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/** Windows cannot open or fsync a directory; everywhere else the rename must be flushed. */
function fsyncDirSync(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function writeFileAtomicSync(filePath: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const target = path.resolve(filePath);
  const temp = temporaryPathFor(target);
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, 'wx', options.mode ?? 0o644);
    const bytes = toBytes(data);
    let offset = 0;
    while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(temp, target);
    fsyncDirSync(path.dirname(target));
  } catch (error) {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already failing; the original error is the one to report.
      }
    }
    fs.rmSync(temp, { force: true });
    throw new AtomicWriteError(target, error);
  }
}

export async function writeFileAtomic(filePath: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const target = path.resolve(filePath);
  const temp = temporaryPathFor(target);
  let handle: fsp.FileHandle | null = null;
  try {
    handle = await fsp.open(temp, 'wx', options.mode ?? 0o644);
    await handle.writeFile(toBytes(data));
    await handle.sync();
    await handle.close();
    handle = null;
    await fsp.rename(temp, target);
    if (process.platform !== 'win32') {
      const dir = await fsp.open(path.dirname(target), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    }
  } catch (error) {
    if (handle !== null) await handle.close().catch(() => undefined);
    await fsp.rm(temp, { force: true });
    throw new AtomicWriteError(target, error);
  }
}
