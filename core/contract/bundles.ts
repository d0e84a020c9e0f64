/**
 * 数据交换: signed bundles out (USB folder, download, e-mail) and in (verify,
 * key trust and quarantine, all-or-nothing import, revision conflicts).
 */
import { z } from 'zod';
import { emptyInput, idSchema } from './common';
import { method } from './define';
import { SIGNATURE_ALGS } from './keys';

/** Bundles above this are hard to e-mail; the exporter warns and offers to split the evidence. */
export const BUNDLE_WARN_BYTES = 20 * 1024 * 1024;

export const IMPORT_OUTCOMES = ['imported', 'duplicate', 'quarantined', 'refused'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];
export const OUTCOME_LABELS: Record<ImportOutcome, string> = {
  imported: '已导入',
  duplicate: '重复',
  quarantined: '隔离',
  refused: '拒绝',
};

const inspectorSchema = z.object({ name: z.string(), badgeNo: z.string(), unit: z.string() });

/** A bundle file offered for import or verification: its name and its text. */
const bundleFileSchema = z.object({
  name: z.string().trim().max(255, { error: '文件名过长（不超过 255 个字符）' }).default(''),
  // The verifier states the real limit (256 MB) in its reason; this only bounds memory.
  text: z.string({ error: '请选择数据包文件' }).max(300 * 1024 * 1024, { error: '文件过大（上限 256 MB），请让发送方拆分证据后重新导出。' }),
});

export const importCountsSchema = z.object({
  agenciesAdded: z.number().int(),
  agenciesUpdated: z.number().int(),
  inspectionsAdded: z.number().int(),
  inspectionsUpdated: z.number().int(),
  revisionsAdded: z.number().int(),
  conflicts: z.number().int(),
  auditEntries: z.number().int(),
  /** Evidence and signature image files newly written to the data folder. */
  files: z.number().int(),
  /** Evidence files announced as travelling in separate evidence bundles and not here yet. */
  filesPending: z.number().int(),
});
export type ImportCounts = z.infer<typeof importCountsSchema>;

export const INSPECTION_IMPORT_ACTIONS = ['added', 'updated', 'unchanged', 'conflict'] as const;
export const INSPECTION_IMPORT_LABELS: Record<(typeof INSPECTION_IMPORT_ACTIONS)[number], string> = {
  added: '新增',
  updated: '已更新到新版本',
  unchanged: '无变化',
  conflict: '版本冲突，待处理',
};

export const importResultSchema = z.object({
  fileName: z.string(),
  outcome: z.enum(IMPORT_OUTCOMES),
  /** Why (refused, quarantined, duplicate) or what to mind (imported with notes); '' when nothing to say. */
  reason: z.string(),
  bundleId: z.string().nullable(),
  keyId: z.string().nullable(),
  fingerprint: z.string().nullable(),
  inspector: inspectorSchema.nullable(),
  counts: importCountsSchema,
  inspections: z.array(
    z.object({
      id: z.string(),
      agencyName: z.string(),
      inspectedOn: z.string(),
      action: z.enum(INSPECTION_IMPORT_ACTIONS),
    }),
  ),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const EXPORT_FILE_KINDS = ['complete', 'records', 'evidence'] as const;

export const exportedFileSchema = z.object({
  fileName: z.string(),
  bundleId: z.string(),
  bytes: z.number().int(),
  /** complete: records with their evidence; records / evidence: the parts of a split export. */
  kind: z.enum(EXPORT_FILE_KINDS),
  /** Where it was written (export to a folder); null when handed back for download. */
  path: z.string().nullable(),
  /** The file text for download; null when written to a folder. */
  text: z.string().nullable(),
});

const exportOutputSchema = z.object({
  files: z.array(exportedFileSchema),
  inspections: z.array(
    z.object({
      id: z.string(),
      agencyName: z.string(),
      inspectedOn: z.string(),
      /** True when this export changed it from 已签署 to 已提交. */
      markedSubmitted: z.boolean(),
    }),
  ),
  totalBytes: z.number().int(),
  /** Set when a file is larger than 20 MB: what that means and what to do. */
  warning: z.string().nullable(),
});
export type ExportOutput = z.infer<typeof exportOutputSchema>;

const exportInputSchema = z.object({
  inspectionIds: z
    .array(idSchema)
    .min(1, { error: '请至少选择一项已签署的检查' })
    .max(500, { error: '一次最多导出 500 项检查，请分批导出' })
    .refine((ids) => new Set(ids).size === ids.length, { error: '同一项检查选了两次，请检查选择' }),
  /** Write into this folder (a USB stick); without it the files come back for download. */
  folder: z.string().trim().min(1, { error: '请填写文件夹路径' }).max(1000).optional(),
  /** File name for the (records) bundle; default `<机构>_<日期>_<编号>.ducha.json`. */
  fileName: z.string().trim().min(1).max(200).optional(),
  /** One bundle with the records plus evidence-only bundles of at most 20 MB each. */
  splitEvidence: z.boolean().default(false),
});

export const bundleSummarySchema = z.object({
  bundleId: z.string(),
  createdAt: z.string(),
  alg: z.enum(SIGNATURE_ALGS),
  keyId: z.string(),
  fingerprint: z.string(),
  inspector: inspectorSchema,
  /** own: signed by this device; trusted: a trusted key; unknown: would be quarantined. */
  trust: z.enum(['own', 'trusted', 'unknown']),
  alreadyImported: z.boolean(),
  agencies: z.number().int(),
  inspections: z.array(z.object({ id: z.string(), agencyName: z.string(), inspectedOn: z.string(), revisions: z.number().int() })),
  evidenceFiles: z.number().int(),
  /** For an evidence-only part of a split export: which part of how many. */
  part: z.object({ index: z.number().int(), parts: z.number().int() }).nullable(),
  bytes: z.number().int(),
});

export const trustedKeySchema = z.object({
  keyId: z.string(),
  alg: z.enum(SIGNATURE_ALGS),
  publicKey: z.string(),
  fingerprint: z.string(),
  inspector: inspectorSchema,
  source: z.enum(['enrollment', 'bundle']),
  trustedAt: z.string(),
  trustedBy: inspectorSchema,
});
export type TrustedKey = z.infer<typeof trustedKeySchema>;

export const quarantinedSchema = z.object({
  bundleId: z.string(),
  keyId: z.string(),
  alg: z.enum(SIGNATURE_ALGS),
  fingerprint: z.string(),
  inspector: inspectorSchema,
  fileName: z.string(),
  bytes: z.number().int(),
  inspections: z.array(z.object({ agencyName: z.string(), inspectedOn: z.string() })),
  reason: z.string(),
  receivedAt: z.string(),
  /** Whether the key has been trusted since (then it can be released). */
  keyTrusted: z.boolean(),
});

const revisionRefSchema = z.object({
  number: z.number().int(),
  sha256: z.string(),
  parentSha256: z.string().nullable(),
  signedAt: z.string(),
  signedBy: inspectorSchema,
  reason: z.string(),
});

export const conflictSchema = z.object({
  id: z.string(),
  inspectionId: z.string(),
  agencyName: z.string(),
  inspectedOn: z.string(),
  /** The incoming revision (its own number as signed). */
  incoming: revisionRefSchema,
  /** This installation's latest revision when the conflict was listed. */
  local: revisionRefSchema.nullable(),
  cause: z.string(),
  fromBundleId: z.string(),
  detectedAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: inspectorSchema.nullable(),
  resolution: z.enum(['local', 'incoming']).nullable(),
});
export type Conflict = z.infer<typeof conflictSchema>;

export const importLogEntrySchema = z.object({
  id: z.string(),
  bundleId: z.string().nullable(),
  keyId: z.string().nullable(),
  fileName: z.string(),
  receivedAt: z.string(),
  outcome: z.enum(IMPORT_OUTCOMES),
  reason: z.string(),
  counts: importCountsSchema.partial(),
});

const keyIdSchema = z.string().regex(/^[0-9a-f]{16}$/, { error: '密钥编号应为 16 位十六进制数字' });

export const bundlesContract = {
  'bundles/exportPreview': method({
    summary: '导出前检查：哪些检查可以导出、预计文件大小、是否超过 20 MB',
    input: z.object({ inspectionIds: exportInputSchema.shape.inspectionIds }),
    output: z.object({
      inspections: z.array(
        z.object({ id: z.string(), agencyName: z.string(), inspectedOn: z.string(), status: z.string(), exportable: z.boolean(), reason: z.string() }),
      ),
      estimatedBytes: z.number().int(),
      evidenceFiles: z.number().int(),
      evidenceBytes: z.number().int(),
      limitBytes: z.number().int(),
      overLimit: z.boolean(),
    }),
  }),
  'bundles/export': method({
    summary: '把已签署的检查导出为签名数据包（写入文件夹，或返回文件内容供下载）；已签署的标记为已提交',
    input: exportInputSchema,
    output: exportOutputSchema,
  }),
  'bundles/exportEml': method({
    summary: '导出为电子邮件草稿（.eml，数据包作为附件）',
    input: exportInputSchema.extend({
      to: z.email({ error: '收件人邮箱格式不正确' }).optional(),
    }),
    output: exportOutputSchema,
  }),
  'bundles/verify': method({
    summary: '只核验数据包（格式、哈希、签名、密钥是否受信任），不导入',
    input: z.object({ text: bundleFileSchema.shape.text }),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), bundle: bundleSummarySchema }),
      z.object({ ok: z.literal(false), code: z.string(), reason: z.string() }),
    ]),
  }),
  'bundles/import': method({
    summary: '导入一个或多个数据包：逐个核验，每个文件要么完整导入，要么完全不写入',
    input: z.object({
      files: z.array(bundleFileSchema).min(1, { error: '请选择要导入的数据包文件' }).max(1000, { error: '一次最多导入 1000 个文件，请分批导入' }),
    }),
    output: z.object({ results: z.array(importResultSchema) }),
  }),
  'bundles/imports': method({
    summary: '导入记录（最近 200 条）',
    input: emptyInput,
    output: z.array(importLogEntrySchema),
  }),
  'bundles/quarantine': method({
    summary: '隔离区：来自未受信任密钥的数据包',
    input: emptyInput,
    output: z.array(quarantinedSchema),
  }),
  'bundles/releaseQuarantine': method({
    summary: '密钥受信任后，导入隔离区中的数据包',
    input: z.object({ bundleId: idSchema }),
    output: importResultSchema,
  }),
  'bundles/discardQuarantine': method({
    summary: '删除隔离区中的数据包（不导入）',
    input: z.object({ bundleId: idSchema }),
    output: z.object({ discarded: z.literal(true) }),
  }),
  'bundles/trustKey': method({
    summary: '信任隔离数据包的发送方密钥（核对指纹后）',
    input: z.object({ keyId: keyIdSchema }),
    output: trustedKeySchema,
  }),
  'bundles/trustEnrollment': method({
    summary: '按检查人员的登记申请信任其设备密钥',
    input: z.object({ text: z.string({ error: '请选择登记申请文件' }).min(1, { error: '请选择登记申请文件' }).max(64 * 1024, { error: '登记申请文件过大（上限 64 KB），请确认选对了文件。' }) }),
    output: trustedKeySchema,
  }),
  'bundles/untrustKey': method({
    summary: '撤销对某密钥的信任：之后来自它的数据包进入隔离区',
    input: z.object({ keyId: keyIdSchema }),
    output: z.object({ removed: z.literal(true) }),
  }),
  'bundles/trustedKeys': method({
    summary: '受信任的设备密钥',
    input: emptyInput,
    output: z.array(trustedKeySchema),
  }),
  'bundles/conflicts': method({
    summary: '版本冲突：同一上一版的两个不同版本，等待人工处理',
    input: z.object({ includeResolved: z.boolean().default(false) }).default({ includeResolved: false }),
    output: z.array(conflictSchema),
  }),
  'bundles/resolveConflict': method({
    summary: '处理版本冲突：保留本机版本，或采用导入的版本（作为最新版本，历史全部保留）',
    input: z.object({ id: idSchema, keep: z.enum(['local', 'incoming'], { error: '请选择保留本机版本或采用导入版本' }) }),
    output: conflictSchema,
  }),
} as const;
