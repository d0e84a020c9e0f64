/**
 * Reading bundle and enrollment files for the CLI: the size is checked before the
 * file is read, and an unreadable file is reported by name with what to do.
 */
import fs from 'node:fs';
import { DEFAULT_MAX_BYTES, formatBytes } from '../../../bundle/safe-json';
import { AppError } from '../../../lib/errors';

export function readTextFile(file: string, maxBytes = DEFAULT_MAX_BYTES): string {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    throw new AppError('NOT_FOUND', `找不到文件“${file}”（${(error as NodeJS.ErrnoException).code ?? '无法访问'}）。请检查路径后重试。`, 'file');
  }
  if (size > maxBytes) {
    throw new AppError('VALIDATION', `文件“${file}”大小为 ${formatBytes(size)}，超过上限 ${formatBytes(maxBytes)}。请让发送方拆分证据后重新导出。`, 'file');
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('NOT_FOUND', `无法读取文件“${file}”（${(error as NodeJS.ErrnoException).code ?? '未知错误'}）。请检查文件权限后重试。`, 'file');
  }
}
