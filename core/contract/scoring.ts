/**
 * 附件3 scoring: reading an inspection's checklist, saving one item at a time, and
 * the versioned scoring templates. Shapes mirror forms/scoring (Totals, ItemScore)
 * so the renderer can recompute totals locally with the same pure engine.
 */
import { z } from 'zod';
import { idSchema } from './common';
import { method } from './define';
import { INSPECTION_STATUSES, inspectionSummarySchema } from './inspections';

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

export const templateRefSchema = z.object({ id: z.string(), version: z.string() });

export const templateSchema = z.object({
  id: z.string(),
  version: z.string(),
  name: z.string(),
  note: z.string().optional(),
  items: z.array(z.object({ no: z.number().int(), max: z.number() })),
});

export const templateRecordSchema = templateSchema.extend({
  /** The template new inspections get now (settings 'scoring.defaultTemplate'). */
  isDefault: z.boolean(),
  /** Shipped with the app (forms/scoring-template DEFAULT_TEMPLATE). */
  builtIn: z.boolean(),
  createdAt: z.string(),
});
export type TemplateRecord = z.infer<typeof templateRecordSchema>;

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

export const scoringContract = {
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
  'templates/list': method({
    summary: '评分模板列表（标出当前默认模板）',
    input: z.object({}).strict().default({}),
    output: z.array(templateRecordSchema),
  }),
  'templates/import': method({
    summary: '导入评分模板（JSON，各一级指标满分合计须与通知一致；同编号同版本不可改动）',
    input: z.object({
      /** The parsed JSON file; checked by forms/scoring-template parseScoringTemplate. */
      template: z.unknown(),
      /** Also make it the default for new inspections. */
      makeDefault: z.boolean().default(false),
    }),
    output: z.object({ template: templateRecordSchema, created: z.boolean() }),
  }),
  'templates/setDefault': method({
    summary: '设定新建检查任务使用的默认评分模板（已有检查任务不受影响）',
    input: z.object({
      id: z.string({ error: '请填写模板编号' }).trim().min(1, { error: '请填写模板编号' }),
      version: z.string({ error: '请填写模板版本' }).trim().min(1, { error: '请填写模板版本' }),
    }),
    output: templateRecordSchema,
  }),
} as const;
