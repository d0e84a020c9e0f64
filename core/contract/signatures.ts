/**
 * Handwritten signatures (PNG) of the inspectors and the agency's representative on
 * the working copy; signing the inspection freezes them into its revision.
 */
import { z } from 'zod';
import { byInspection, idSchema, optionalText, requiredText } from './common';
import { method } from './define';
import { base64Schema } from './files';

export const SIGNER_ROLES = ['inspector', 'agency'] as const;
export const SIGNER_ROLE_LABELS = { inspector: '检查人员', agency: '受检单位代表' } as const;

export const signatureSchema = z.object({
  id: idSchema,
  inspectionId: idSchema,
  role: z.enum(SIGNER_ROLES),
  signerName: z.string(),
  signerDetail: z.string(),
  imageSha256: z.string(),
  signedAt: z.string(),
});
export type Signature = z.infer<typeof signatureSchema>;

export const signaturesContract = {
  'signatures/list': method({
    summary: '当前工作副本的签名',
    input: byInspection,
    output: z.array(signatureSchema),
  }),
  'signatures/add': method({
    summary: '添加手写签名（PNG）',
    input: z.object({
      inspectionId: idSchema,
      role: z.enum(SIGNER_ROLES, { error: '签名人身份应为检查人员或受检单位代表' }),
      signerName: requiredText('签名人姓名', 50),
      signerDetail: optionalText('执法证号或职务', 60),
      pngBase64: base64Schema('签名图片', 2 * 1024 * 1024),
    }),
    output: signatureSchema,
  }),
  'signatures/remove': method({
    summary: '删除签名（仅限未签署的检查）',
    input: z.object({ id: idSchema }),
    output: z.object({ removed: z.literal(true) }),
  }),
} as const;
