/**
 * The source of truth for every form's text: the notice 沪市监特种〔2024〕317号
 * (a public document, "此件公开发布"), kept in the repo so a fresh clone can
 * check the transcriptions without anything beside it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NOTICE_PATH =
  process.env.DUCHA_REFERENCE ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'reference', 'notice-2024-317.txt');

export function readNotice(): string {
  try {
    return readFileSync(NOTICE_PATH, 'utf8');
  } catch (e) {
    throw new Error(
      `参考文件缺失或不可读：${NOTICE_PATH}（沪市监特种〔2024〕317号 通知全文，表单文本据此核对；可用 DUCHA_REFERENCE 指定路径）`,
      { cause: e },
    );
  }
}
