import { z } from 'zod';
import { dateSchema, idSchema, requiredText } from './common';
import { method } from './define';

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
} as const;
