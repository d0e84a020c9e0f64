/**
 * The inspection lifecycle: findings and their follow-up, photo evidence,
 * signatures, signing into revisions, amendments, submission and the audit trail.
 */
import { z } from 'zod';
import { dateSchema, idSchema, optionalText, requiredText } from './common';
import { method } from './define';

export const SEVERITIES = ['一般问题', '违法违规行为', '严重事故隐患'] as const;
export type Severity = (typeof SEVERITIES)[number];

const optionalDate = z.union([dateSchema, z.literal(''), z.null()]).transform((v) => (v ? v : null));

export const findingInputSchema = z.object({
  id: idSchema.optional(),
  inspectionId: idSchema,
  itemNo: z.number().int().min(1).max(42).nullable().default(null),
  description: requiredText('问题描述', 2000),
  severity: z.enum(SEVERITIES, { error: `问题性质应为：${SEVERITIES.join('、')}` }),
  notifiedOn: optionalDate.default(null),
  reportedOn: optionalDate.default(null),
  directiveNo: optionalText('安全监察指令书编号', 60),
  directiveOn: optionalDate.default(null),
  caseNo: optionalText('立案编号', 60),
  dueOn: optionalDate.default(null),
  rectification: optionalText('整改情况', 2000),
  closedOn: optionalDate.default(null),
});
export type FindingInput = z.input<typeof findingInputSchema>;

export const findingSchema = z.object({
  id: idSchema,
  inspectionId: idSchema,
  itemNo: z.number().int().nullable(),
  description: z.string(),
  severity: z.enum(SEVERITIES),
  notifiedOn: z.string().nullable(),
  reportedOn: z.string().nullable(),
  directiveNo: z.string(),
  directiveOn: z.string().nullable(),
  caseNo: z.string(),
  dueOn: z.string().nullable(),
  rectification: z.string(),
  closedOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

export const openFindingSchema = findingSchema.extend({
  agencyName: z.string(),
  inspectedOn: z.string(),
  overdue: z.boolean(),
});

/** Base64 of at most ~12 MB of bytes: photos arrive already downscaled to ≤ 2 MP. */
const base64Schema = (label: string, maxBytes: number) =>
  z
    .string({ error: `缺少${label}` })
    .max(Math.ceil((maxBytes * 4) / 3) + 4, { error: `${label}过大（上限 ${Math.round(maxBytes / 1024 / 1024)} MB）` })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: `${label}不是有效的 base64 数据` });

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

export const revisionSummarySchema = z.object({
  number: z.number().int(),
  sha256: z.string(),
  parentSha256: z.string().nullable(),
  reason: z.string(),
  signedAt: z.string(),
  signedBy: z.object({ name: z.string(), badgeNo: z.string(), unit: z.string() }),
});

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  actor: z.object({ name: z.string(), badgeNo: z.string(), unit: z.string() }),
  at: z.string(),
  action: z.string(),
  path: z.string(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  hash: z.string(),
});

export const chainCheckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), entries: z.number().int(), head: z.string() }),
  z.object({ ok: z.literal(false), entries: z.number().int(), brokenSeq: z.number().int(), reason: z.string() }),
]);

const byInspection = z.object({ inspectionId: idSchema });

export const lifecycleContract = {
  'findings/list': method({
    summary: '一次检查的问题清单',
    input: byInspection,
    output: z.array(findingSchema),
  }),
  'findings/open': method({
    summary: '所有检查中尚未关闭的问题（按整改期限排序）',
    input: z.object({}).default({}),
    output: z.array(openFindingSchema),
  }),
  'findings/save': method({
    summary: '新建或修改问题及其后续处理',
    input: findingInputSchema,
    output: findingSchema,
  }),
  'findings/delete': method({
    summary: '删除问题（仅限未签署的检查）',
    input: z.object({ id: idSchema }),
    output: z.object({ deleted: z.literal(true) }),
  }),
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
  'inspections/sign': method({
    summary: '签署并锁定：生成新的不可更改版本',
    input: z.object({ id: idSchema }),
    output: revisionSummarySchema,
  }),
  'inspections/amend': method({
    summary: '对已签署的检查发起更改（须说明理由）',
    input: z.object({ id: idSchema, reason: requiredText('更改理由', 500) }),
    output: z.object({ revision: z.number().int(), reason: z.string() }),
  }),
  'inspections/submit': method({
    summary: '标记为已提交（已交市局/区局）',
    input: z.object({ id: idSchema }),
    output: z.object({ submittedAt: z.string() }),
  }),
  'inspections/revisions': method({
    summary: '已签署的各版本',
    input: z.object({ id: idSchema }),
    output: z.array(revisionSummarySchema),
  }),
  'inspections/revision': method({
    summary: '读取某一版本的完整内容（规范 JSON）',
    input: z.object({ id: idSchema, number: z.number().int().min(1) }),
    output: z.object({ summary: revisionSummarySchema, canonical: z.string() }),
  }),
  'inspections/audit': method({
    summary: '检查记录的操作日志及其哈希链核验结果',
    input: z.object({ id: idSchema }),
    output: z.object({ entries: z.array(auditEntrySchema), check: chainCheckSchema }),
  }),
} as const;
