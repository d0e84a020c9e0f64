import { z } from 'zod';

/**
 * A file travels inside the JSON body as base64 (the browser host accepts up
 * to 64 MB per request, so the encoded text is capped just under that).
 */
export const MAX_FILE_BASE64_CHARS = 63 * 1024 * 1024;

export const uploadedFileSchema = z.object({
  fileName: z.string().trim().max(255, { error: '文件名过长（不超过 255 个字符）' }).default(''),
  contentBase64: z
    .string({ error: '请选择要导入的文件' })
    .min(1, { error: '请选择要导入的文件' })
    .max(MAX_FILE_BASE64_CHARS, { error: '文件过大（上限约 47 MB），请拆分后分批导入。' }),
});

/** A generated file handed back to the caller for saving. */
export const downloadFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  contentBase64: z.string(),
});
export type DownloadFile = z.infer<typeof downloadFileSchema>;

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Base64 of at most ~12 MB of bytes: photos arrive already downscaled to ≤ 2 MP. */
export const base64Schema = (label: string, maxBytes: number) =>
  z
    .string({ error: `缺少${label}` })
    .max(Math.ceil((maxBytes * 4) / 3) + 4, { error: `${label}过大（上限 ${Math.round(maxBytes / 1024 / 1024)} MB）` })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: `${label}不是有效的 base64 数据` });
