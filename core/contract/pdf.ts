/**
 * Printing: the PDF of a form (附件3, 附件2, 附件1, 整改通知书) for an inspection's
 * signed revision or working copy, and checking a printed PDF against the records.
 */
import { z } from 'zod';
import { idSchema } from './common';
import { method } from './define';

export const PDF_FORM_NAMES = ['attachment3', 'attachment2', 'attachment1', 'notice'] as const;
export type PdfForm = (typeof PDF_FORM_NAMES)[number];

export const PDF_FORM_LABELS: Record<PdfForm, string> = {
  attachment3: '附件3 监督检查表',
  attachment2: '附件2 人员条件自查情况统计表',
  attachment1: '附件1 自查自纠对照表',
  notice: '整改通知书',
};

export const pdfVerifySchema = z.union([
  z.object({ ok: z.literal(true), recordId: z.string(), revision: z.number().int(), record: z.string() }),
  z.object({ ok: z.literal(false), recordId: z.string().optional(), revision: z.number().int().optional(), reason: z.string() }),
]);

export const pdfContract = {
  'pdf/render': method({
    summary: '生成 PDF（附件3、附件2、附件1 或整改通知书）',
    input: z.object({
      inspectionId: idSchema,
      form: z.enum(PDF_FORM_NAMES, { error: '表格应为 attachment3、attachment2、attachment1 或 notice' }),
      /** A signed revision to print; default: the latest revision if signed, else the working copy. */
      revision: z.number().int().min(0).nullable().optional(),
    }),
    output: z.object({ fileName: z.string(), base64: z.string(), missingGlyphs: z.array(z.string()) }),
  }),
  'pdf/verify': method({
    summary: '核验一份督查台 PDF 与本机记录是否一致',
    input: z.object({ base64: z.string().max(90 * 1024 * 1024, { error: 'PDF 文件过大（上限 64 MB）' }) }),
    output: pdfVerifySchema,
  }),
} as const;
