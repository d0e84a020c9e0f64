/**
 * Inspections: the list, a new one, its 附件3 scoring sheet (one item saved at a time),
 * and its lifecycle — signing into revisions, amendments, submission, the audit trail.
 * Item and totals shapes mirror forms/scoring (Totals, ItemScore) so the renderer can
 * recompute totals locally with the same pure engine.
 */
import { z } from 'zod';
import { dateSchema, idSchema, requiredText } from './common';
import { method } from './define';
import { templateSchema } from './templates';

export const INSPECTION_STATUSES = ['draft', 'completed', 'signed', 'submitted'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const STATUS_LABELS: Record<InspectionStatus, string> = {
  draft: '草稿',
  completed: '已完成',
  signed: '已签署',
  submitted: '已提交',
};

/**
 * Signing locks a record: a signed or submitted inspection is read from its frozen
 * revision and changes only through an amendment. The one test of that rule, for the
 * services and the renderer alike.
 */
export function isLocked(status: InspectionStatus): boolean {
  return status === 'signed' || status === 'submitted';
}

/** The working copy may be edited (draft or completed). */
export function isEditable(status: InspectionStatus): boolean {
  return !isLocked(status);
}

export const INSPECTION_KINDS = ['agency', 'exam'] as const;
export const KIND_LABELS: Record<(typeof INSPECTION_KINDS)[number], string> = {
  agency: '检验检测机构（附件3评分）',
  exam: '考试机构',
};

export const INSPECTION_TYPES = ['证后监督检查', '专项监督检查', '日常监督检查', '投诉举报核查'] as const;

export const inspectorSchema = z.object({
  name: requiredText('检查人员姓名', 50),
  badgeNo: requiredText('执法证号', 40),
});

export const inspectionSummarySchema = z.object({
  id: idSchema,
  agencyId: idSchema,
  agencyName: z.string(),
  kind: z.enum(INSPECTION_KINDS),
  type: z.string(),
  inspectedOn: z.string(),
  status: z.enum(INSPECTION_STATUSES),
  inspectors: z.array(z.object({ name: z.string(), badgeNo: z.string() })),
  spotCheck: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The scoring template (id + version) this inspection is scored with; kept when the default changes. */
  templateId: z.string(),
  templateVersion: z.string(),
  /** Last signed revision number (0 = never signed); ≥ 2 means the record was amended (已更改). */
  revision: z.number().int(),
  /** Reason of an amendment in progress; '' when none. */
  amendmentReason: z.string(),
  /**
   * inspections/list only, for a signed record: the bureau's standing decision about its
   * latest signed revision (pending while there is none), and the reason of a 退回补正.
   */
  reviewState: z.enum(['pending', 'accepted', 'returned']).optional(),
  reviewReason: z.string().optional(),
  /**
   * 附件3 totals from forms/scoring computeTotals. null for 考试机构 inspections, which are
   * not scored on 附件3: a report must not average in a 0 that was never a score.
   */
  total: z.number().nullable(),
  rescaled: z.number().nullable(),
  raw: z.number().nullable(),
  applicableMax: z.number().nullable(),
  bonus: z.number().nullable(),
  /** Items done (scored or 不适用) out of 42. */
  scoredCount: z.number().int().nullable(),
});
export type InspectionSummary = z.infer<typeof inspectionSummarySchema>;

export const inspectionCreateSchema = z.object({
  agencyId: idSchema,
  kind: z.enum(INSPECTION_KINDS, { error: '请选择检查对象类别' }).default('agency'),
  type: z.enum(INSPECTION_TYPES, { error: `检查类型应为：${INSPECTION_TYPES.join('、')}` }),
  inspectedOn: dateSchema,
  inspectors: z.array(inspectorSchema).max(10).default([]),
  spotCheck: z.boolean().default(false),
});

export const CLAUSE_RESULTS = ['符合', '不符合', '不适用'] as const;
export const clauseResultSchema = z.enum(CLAUSE_RESULTS, { error: '条款判定应为：符合、不符合或不适用' });

/** Free text of a patch: absent means "unchanged", so no default here (unlike optionalText). */
function patchText(label: string, max: number) {
  return z
    .string({ error: `${label}应为文字` })
    .trim()
    .refine((s) => [...s].length <= max, { error: `${label}不能超过 ${max} 个字` })
    .optional();
}

/** Item numbers are checked against 附件3 in the service, so the message can give the range. */
const itemNoSchema = z
  .number({ error: '项目序号应为数字' })
  .int({ error: '项目序号应为整数' });

/** One item of an inspection's working copy, with what the screen needs beside it. */
export const itemStateSchema = z.object({
  no: z.number().int(),
  /** One entry per requirement clause; null = not yet assessed. */
  clauses: z.array(clauseResultSchema.nullable()),
  score: z.number().nullable(),
  notApplicable: z.boolean(),
  problem: z.string(),
  remark: z.string(),
  /** The item's maximum in the inspection's template. */
  max: z.number(),
  /** forms/scoring suggestScore from the clauses; null when nothing to base it on. */
  suggested: z.number().nullable(),
  /** null until the item is first touched. */
  updatedAt: z.string().nullable(),
});
export type ItemState = z.infer<typeof itemStateSchema>;

export const totalsSchema = z.object({
  raw: z.number(),
  applicableMax: z.number(),
  rescaled: z.number(),
  bonus: z.number(),
  total: z.number(),
  perIndicator: z.array(
    z.object({
      name: z.string(),
      points: z.number(),
      bonus: z.boolean(),
      raw: z.number(),
      applicableMax: z.number(),
      scoredCount: z.number().int(),
      itemCount: z.number().int(),
      notApplicableCount: z.number().int(),
    }),
  ),
  unscored: z.array(z.number().int()),
  notApplicable: z.array(z.number().int()),
  complete: z.boolean(),
});

export const inspectionDetailSchema = z.object({
  inspection: inspectionSummarySchema,
  template: templateSchema,
  /** All 42 items in 序号 order, untouched ones with their defaults. */
  items: z.array(itemStateSchema),
  totals: totalsSchema,
  /** On a bureau desk, a record another installation signed: read-only here (no 发起更改). */
  signedElsewhere: z.boolean(),
});
export type InspectionDetail = z.infer<typeof inspectionDetailSchema>;

/**
 * Input of `inspections/saveItem`: a patch. Omitted fields keep their stored value, so a
 * debounced 问题记录 save and an immediate score save never overwrite each other.
 */
export const saveItemInputSchema = z.object({
  inspectionId: idSchema,
  no: itemNoSchema,
  clauses: z.array(clauseResultSchema.nullable()).max(20).optional(),
  /** null clears the score. */
  score: z.number({ error: '评分应为数字' }).nullable().optional(),
  notApplicable: z.boolean({ error: '不适用应为 true 或 false' }).optional(),
  problem: patchText('问题记录', 2000),
  remark: patchText('备注', 1000),
});
export type SaveItemInput = z.input<typeof saveItemInputSchema>;

export const saveItemOutputSchema = z.object({
  item: itemStateSchema,
  totals: totalsSchema,
  /** draft ↔ completed follows whether every item is scored or 不适用. */
  status: z.enum(INSPECTION_STATUSES),
  updatedAt: z.string(),
});

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

export const inspectionsContract = {
  'inspections/list': method({
    summary: '检查任务列表',
    input: z.object({ agencyId: idSchema.optional() }).default({}),
    output: z.array(inspectionSummarySchema),
  }),
  'inspections/create': method({
    summary: '为一个机构新建检查任务（草稿）',
    input: inspectionCreateSchema,
    output: inspectionSummarySchema,
  }),
  'inspections/get': method({
    summary: '读取一个检查任务的附件3评分表（含评分模板、42 项状态与合计）',
    input: z.object({ id: idSchema }),
    output: inspectionDetailSchema,
  }),
  'inspections/saveItem': method({
    summary: '保存附件3中一项的条款判定、评分、不适用、问题记录或备注（只改提交的字段）',
    input: saveItemInputSchema,
    output: saveItemOutputSchema,
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
    summary: '检查记录的操作日志，及其哈希链、各签署版本与设备签章的核验结果',
    input: z.object({ id: idSchema }),
    output: z.object({
      entries: z.array(auditEntrySchema),
      check: chainCheckSchema,
      /** The whole record: chain, revision hashes and seals, and their agreement (core/records/verify-record). */
      record: z.object({ ok: z.boolean(), problems: z.array(z.string()) }),
    }),
  }),
} as const;
