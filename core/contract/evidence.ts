/**
 * Photo evidence of an inspection, tied to an item or a finding; the image files live
 * in the content-addressed evidence store.
 */
import { z } from 'zod';
import { byInspection, idSchema, optionalText } from './common';
import { method } from './define';
import { base64Schema } from './files';

export const evidenceSchema = z.object({
  id: idSchema,
  inspectionId: idSchema,
  itemNo: z.number().int().nullable(),
  findingId: z.string().nullable(),
  sha256: z.string(),
  thumbSha256: z.string(),
  mediaType: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  caption: z.string(),
  takenAt: z.string(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const evidenceContract = {
  'evidence/list': method({
    summary: '一次检查的照片证据',
    input: byInspection,
    output: z.array(evidenceSchema),
  }),
  'evidence/add': method({
    summary: '添加照片证据（JPEG，已缩小到不超过 200 万像素）',
    input: z.object({
      inspectionId: idSchema,
      itemNo: z.number().int().min(1).max(42).nullable().default(null),
      findingId: idSchema.nullable().default(null),
      imageBase64: base64Schema('照片', 12 * 1024 * 1024),
      thumbBase64: base64Schema('缩略图', 1024 * 1024),
      takenAt: z.iso.datetime({ offset: true, error: '拍摄时间格式不正确' }),
      caption: optionalText('照片说明', 200),
    }),
    output: evidenceSchema,
  }),
  'evidence/image': method({
    summary: '读取照片或缩略图（base64）',
    input: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: '照片编号不正确' }) }),
    output: z.object({ mediaType: z.string(), base64: z.string() }),
  }),
  'evidence/remove': method({
    summary: '移除照片证据（仅限未签署的检查）',
    input: z.object({ id: idSchema }),
    output: z.object({ removed: z.literal(true) }),
  }),
} as const;
