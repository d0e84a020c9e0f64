/**
 * Rendering (pdfmake in Node, never in the renderer) and the atomic write of the result.
 */
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { AtomicWriteError, writeFileAtomicSync } from '../lib/atomic-write';
import { AppError } from '../lib/errors';
import { defaultFontSet, type FontSet } from './fonts';
import { getPdfmake } from './pdfmake';

export interface RenderOptions {
  /** Font set the definition was built with; the default chain otherwise. */
  fonts?: FontSet;
  /** Called with 0…1 while pages are drawn (for a progress bar). */
  onProgress?: (fraction: number) => void;
}

/**
 * Renders a definition to PDF bytes. pdfmake keeps its fonts on the process-wide instance,
 * so they are set on every call (a pointer assignment) and the Printer captures them
 * synchronously inside createPdf.
 */
export async function renderPdf(doc: TDocumentDefinitions, options: RenderOptions = {}): Promise<Buffer> {
  const pdfmake = getPdfmake();
  const fonts = options.fonts ?? defaultFontSet();
  pdfmake.setFonts(fonts.dictionary);
  const onProgress = options.onProgress;
  pdfmake.setProgressCallback(onProgress === undefined ? () => undefined : (p: number) => onProgress(p));
  try {
    return await pdfmake.createPdf(doc).getBuffer();
  } catch (e) {
    throw renderError(e);
  } finally {
    pdfmake.setProgressCallback(() => undefined);
  }
}

function renderError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (message.startsWith('Invalid image')) {
    return new AppError('VALIDATION', '签名图片无法读取（图像数据已损坏），请重新签名后再打印');
  }
  return new AppError('INTERNAL', `生成 PDF 失败：${message}。请重试；如仍失败，请把此信息告知技术支持`);
}

/**
 * Writes `bytes` to `file` so that the path holds either the old content or the complete
 * new file, never a partial one (temporary file in the same folder, fsync, rename, folder
 * fsync). A failure comes back as a VALIDATION error on `out`: the user picked the path
 * and can pick another.
 */
export function writePdfAtomic(file: string, bytes: Uint8Array): void {
  try {
    writeFileAtomicSync(file, bytes);
  } catch (e) {
    if (!(e instanceof AtomicWriteError)) throw e;
    throw writeError(file, e.code, e.cause);
  }
}

const WRITE_FAILURES: Record<string, string> = {
  ENOENT: '所在文件夹不存在',
  ENOTDIR: '路径中有一段不是文件夹',
  EACCES: '没有写入权限',
  EPERM: '没有写入权限',
  EISDIR: '该路径是一个文件夹',
  ENOSPC: '磁盘空间不足',
  EROFS: '磁盘是只读的',
};

function writeError(file: string, code: string | undefined, cause: unknown): AppError {
  const reason = (code !== undefined ? WRITE_FAILURES[code] : undefined) ?? `系统错误 ${code ?? String(cause)}`;
  return new AppError('VALIDATION', `无法保存 PDF 到“${file}”：${reason}。请换一个可写入的位置后重试`, 'out');
}
